# Loaded by every bats file: `load ../lib/common`.
# Tests clean up what they create, killing by recorded PID, never by name.

: "${NSINSPECT:=$BATS_TEST_DIRNAME/../../nsinspect}"

# The command line that runs nsinspect.  NSI_VALGRIND=1 (make check
# VALGRIND=1) runs it under valgrind (tests/lib/valgrind-run): a memory
# error or leak prints the report on stderr and exits 97, a status
# nsinspect never uses, so that it fails the test even where exit 1 is
# expected.
NSI_RUN=("$NSINSPECT")
if [ "${NSI_VALGRIND:-0}" = 1 ]; then
	NSI_RUN=("$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/valgrind-run" "$NSINSPECT")
fi

# Runs nsinspect with the given arguments (use with bats `run`).
nsi() {
	"${NSI_RUN[@]}" "$@"
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root"
}

require_docker() {
	[ "${NSI_DOCKER:-0}" = 1 ] || skip "${NSI_DOCKER_SKIP:-docker is not available (run through tests/run-all)}"
}

# Starts a background command in its own session; records its PID in
# NSI_BG_PIDS for kill_recorded.  Echoes the PID.
start_bg() {
	setsid "$@" </dev/null >/dev/null 2>&1 &
	local pid=$!
	echo "$pid" >>"$BATS_TEST_TMPDIR/pids"
	echo "$pid"
}

# Kills every process recorded by start_bg (their whole session).
kill_recorded() {
	[ -f "$BATS_TEST_TMPDIR/pids" ] || return 0
	local pid
	while read -r pid; do
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
	done <"$BATS_TEST_TMPDIR/pids"
	rm -f "$BATS_TEST_TMPDIR/pids"
}

# Waits until a predicate command succeeds (up to ~5 s).
wait_for() {
	local i
	for i in $(seq 1 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
