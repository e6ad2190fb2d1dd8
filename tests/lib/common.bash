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

# lsns 2.38 stops with status 1 and a partial listing when a process it is
# reading vanishes (other tests, or anything else on the host, spawn and
# reap processes).  The peer's own race is not what a cross-check tests:
# retry it a few times, and hand back only a complete run.
lsns() {
	local out i rc=1
	for i in 1 2 3 4 5; do
		if out=$(command lsns "$@"); then
			printf '%s\n' "$out"
			return 0
		else
			rc=$?
		fi
		sleep 0.2
	done
	return "$rc"
}

# A suffix unique to this bats run, the same in every test of it: names of
# what tests create (containers, netns, cgroups, bind mounts) carry it, so
# that two test runs on one machine never touch each other's objects.
NSI_RUN_ID=${BATS_RUN_TMPDIR##*-}
[ -n "$NSI_RUN_ID" ] && [ "$NSI_RUN_ID" != "$BATS_RUN_TMPDIR" ] || NSI_RUN_ID=$$

# Tests that cross-check with lsns call this first.  lsns 2.38 also fails
# for good on a host where a process's comm holds a newline (it cannot
# parse /proc/PID/stat then): a peer that cannot run is a reason to skip,
# not a failure of nsinspect.
require_lsns() {
	local i
	for i in 1 2 3; do
		command lsns -J >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	skip "lsns itself fails on this host (a vanishing process, or a comm with a newline)"
}

# Docker containers a test starts: record_container NAME, and
# remove_recorded_containers in teardown (docker rm -f, by name).
record_container() {
	echo "$1" >>"$BATS_TEST_TMPDIR/containers"
}

remove_recorded_containers() {
	[ -f "$BATS_TEST_TMPDIR/containers" ] || return 0
	local c
	while read -r c; do
		docker rm -f "$c" >/dev/null 2>&1 || true
	done <"$BATS_TEST_TMPDIR/containers"
	rm -f "$BATS_TEST_TMPDIR/containers"
}

# Starts `seccomp_helper threads`: a process whose second thread kept every
# capability its main thread dropped, and has no_new_privs, a seccomp filter
# and a UTS namespace its main thread has not.  Sets ODD_PID and ODD_TID;
# returns 1 when the helper is not built.  $1: how many such threads (1);
# $2 leader-exit: a plain thread is made first, and the main thread exits.
start_odd_thread() {
	local helper=${NSI_HELPERS:-$BATS_TEST_DIRNAME/../../build/default/helpers}/seccomp_helper
	local out=$BATS_TEST_TMPDIR/odd-thread
	[ -x "$helper" ] || return 1
	setsid "$helper" threads "${1:-1}" ${2:+"$2"} </dev/null >"$out" 2>&1 &
	echo "$!" >>"$BATS_TEST_TMPDIR/pids"
	wait_for grep -q '^[0-9]* [0-9]*$' "$out" || { cat "$out"; return 2; }
	read -r ODD_PID ODD_TID <"$out"
}
