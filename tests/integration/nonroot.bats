#!/usr/bin/env bats
# Every command run as nobody (issue 7), from the invocation table in
# tests/lib/commands.bash: it shows what it can, marks the rest unknown ('?'
# in tables, null in JSON), warns once (at most one warning line, exactly
# one where something shows as unknown) and exits 0; a seccomp filter of
# root's cannot be read: exit 1 with a clear message.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/commands

ASNOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

setup() {
	require_root
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	nsi_check_table
	OUT=$BATS_TEST_TMPDIR/out
	ERR=$BATS_TEST_TMPDIR/err
	# nobody must reach the binary: copy it where it can when the
	# worktree is not traversable
	BIN=$NSINSPECT
	if ! "${ASNOBODY[@]}" test -x "$BIN"; then
		BINDIR=$(mktemp -d /tmp/nsi-host-bin-XXXXXX)
		chmod 755 "$BINDIR"
		install -m 755 "$NSINSPECT" "$BINDIR/nsinspect"
		BIN=$BINDIR/nsinspect
	fi
}

teardown() {
	kill_recorded
	[ -n "${BINDIR:-}" ] && rm -rf "$BINDIR"
	return 0
}

# nsinspect as nobody (under valgrind with NSI_VALGRIND=1).
as_nobody() {
	local n=${#NSI_RUN[@]}
	"${ASNOBODY[@]}" "${NSI_RUN[@]:0:n-1}" "$BIN" "$@"
}

# Runs one invocation as nobody in table and JSON mode: exit 0, output,
# valid JSON without "?", at most one stderr line and that one the
# permission warning; exactly one where a table cell says '?'.
check_as_nobody() {
	local mode rc
	for mode in "" -J; do
		rc=0
		# shellcheck disable=SC2086
		as_nobody $mode "$@" >"$OUT" 2>"$ERR" || rc=$?
		if [ $rc -ne 0 ] || [ "$(wc -l <"$ERR")" -gt 1 ] ||
			{ [ -s "$ERR" ] && ! grep -q '^nsinspect: warning: .*permission denied.*shows as' "$ERR"; }; then
			echo "as nobody: nsinspect $mode $*: exit $rc, stderr:" >&2
			cat "$ERR" >&2
			return 1
		fi
		if [ -z "$mode" ] && grep -qE '(^| )\?( |$)' "$OUT" && [ ! -s "$ERR" ]; then
			echo "as nobody: nsinspect $*: '?' in the table but no warning" >&2
			grep -E '(^| )\?( |$)' "$OUT" | head -5 >&2
			return 1
		fi
		if [ "$mode" = -J ]; then
			jq -e . "$OUT" >/dev/null || { echo "as nobody: nsinspect -J $*: bad JSON" >&2; return 1; }
			if grep -q '"?"' "$OUT"; then
				echo "as nobody: nsinspect -J $*: '?' in JSON (null expected)" >&2
				return 1
			fi
		fi
	done
}

@test "not root: every command over the whole system: exit 0, one warning at most" {
	local c inv n=0
	for c in $(nsi_commands); do
		inv=$(nsi_invocation ALL "$c")
		[ -n "$inv" ] || continue
		# shellcheck disable=SC2086
		check_as_nobody $inv
		n=$((n + 1))
	done
	[ $n -gt 0 ]
	# the process listing cannot read root's namespaces: it says so once
	run -0 --separate-stderr as_nobody ns
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "nsinspect: warning: "*"permission denied"* ]]
}

@test "not root: every command on a process of nobody's: exit 0, one warning at most" {
	local c inv pid
	pid=$(start_bg "${ASNOBODY[@]}" sleep 1000)
	for c in $(nsi_commands); do
		inv=$(nsi_invocation ONE "$c" "$pid" /)
		[ -n "$inv" ] || continue
		# shellcheck disable=SC2086
		check_as_nobody $inv
	done
	# its own process: everything the report needs of it is readable
	run -0 --separate-stderr as_nobody caps "$pid"
	[ -z "$stderr" ]
}

@test "not root: every command on a process of root's: exit 0 and '?', or exit 1 naming it" {
	local c inv pid rc
	pid=$(start_bg sleep 1000)
	for c in $(nsi_commands); do
		inv=$(nsi_invocation ONE "$c" "$pid" /)
		[ -n "$inv" ] || continue
		rc=0
		# shellcheck disable=SC2086
		as_nobody $inv >"$OUT" 2>"$ERR" || rc=$?
		case $rc in
		0)
			# shellcheck disable=SC2086
			check_as_nobody $inv
			;;
		1)
			# one line naming the PID and why
			[ "$(wc -l <"$ERR")" -eq 1 ]
			grep -q "^nsinspect: .*PID $pid.*permission denied" "$ERR" || { cat "$ERR" >&2; return 1; }
			[ ! -s "$OUT" ]
			;;
		*)
			echo "as nobody: nsinspect $inv: exit $rc" >&2
			cat "$ERR" >&2
			return 1
			;;
		esac
	done
	# show: what it could not read is '?' and said once
	run -0 --separate-stderr as_nobody show "$pid"
	[[ "$output" == *"namespace all"*"?"*"permission denied"* ]]
	[ "${#stderr_lines[@]}" -eq 1 ]
}

@test "not root: seccomp of root's filtered process: exit 1, a clear message" {
	local helper=${NSI_HELPERS:-$BATS_TEST_DIRNAME/../../build/default/helpers}/seccomp_helper
	[ -x "$helper" ] || skip "tests/helpers/seccomp_helper is not built (run through make check)"
	local pid
	pid=$(start_bg "$helper" kill-execve)
	has_filter() { grep -q '^Seccomp:[[:space:]]*2' "/proc/$pid/status"; }
	wait_for has_filter
	run -1 --separate-stderr as_nobody seccomp "$pid"
	[ -z "$output" ]
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "nsinspect: cannot read the filters of PID $pid: "*"CAP_SYS_ADMIN"* ]]
	run -1 --separate-stderr as_nobody -J seccomp "$pid"
	[ -z "$output" ]
	# the mode alone is readable by anyone: show says filter, seccomp of
	# an unfiltered root process says disabled
	run -0 --separate-stderr as_nobody show -r -n -o NAME,VALUE "$pid"
	grep -q '^seccomp filter' <<<"$output"
}

# hidepid=invisible: other users' processes are not in /proc at all, so no
# cell can say '?'.  The one warning says why they are missing.

# Runs nsinspect ($@) as nobody on a private /proc with hidepid=invisible
# (a mount namespace of its own: the host's /proc is untouched).
hidepid_nsi() {
	local n=${#NSI_RUN[@]}
	# shellcheck disable=SC2016
	unshare -m sh -c 'mount -t proc -o hidepid=invisible proc /proc && exec "$@"' sh \
		"${ASNOBODY[@]}" "${NSI_RUN[@]:0:n-1}" "$BIN" "$@" >"$OUT" 2>"$ERR"
}

@test "not root, /proc mounted with hidepid=invisible: own processes only, one warning naming hidepid; a hidden PID said so" {
	command -v unshare >/dev/null || skip "unshare is not installed"
	unshare -m sh -c 'mount -t proc -o hidepid=invisible proc /proc' 2>/dev/null ||
		skip "cannot mount a proc with hidepid=invisible here (Linux < 5.8, or a locked /proc)"
	local pid inv warning="nsinspect: warning: /proc hides other users' processes (hidepid); they are left out"
	pid=$(start_bg "${ASNOBODY[@]}" sleep 1000)
	wait_for grep -q '^Uid:[[:space:]]*65534' "/proc/$pid/status"
	for inv in "ns" "caps -a" "tree" "show $pid" "cgroups -p" "-J tree"; do
		# shellcheck disable=SC2086
		hidepid_nsi $inv || {
			echo "hidepid: nsinspect $inv exited $?" >&2
			cat "$ERR" >&2
			return 1
		}
		if [ "$(cat "$ERR")" != "$warning" ]; then
			echo "hidepid: nsinspect $inv: stderr:" >&2
			cat "$ERR" >&2
			return 1
		fi
	done
	# the last one, tree -J: nobody's sleeper, and no PID 1
	jq -e --argjson p "$pid" '[.. | objects | select(has("pid")) | .pid] | (index($p) != null) and (index(1) == null)' "$OUT" >/dev/null
	# a PID of root's is hidden, not gone; a free PID is gone; the host
	# (PID 1) is hidden too, and diff does not take another for it
	local free=$((4194304 - 7)) rc
	[ ! -e "/proc/$free" ] || skip "PID $free is in use"
	for inv in "show 1" "caps 1" "ns -p 1" "tree -p 1" "seccomp 1" "diff $pid host" "show $free"; do
		rc=0
		# shellcheck disable=SC2086
		hidepid_nsi $inv || rc=$?
		if [ "$inv" = "show $free" ]; then
			[ $rc = 1 ] && [ "$(cat "$ERR")" = "nsinspect: no process with PID $free" ]
		elif [ $rc = 0 ] || [ "$(cat "$ERR")" != "nsinspect: PID 1 is hidden: /proc does not show other users' processes (hidepid)" ]; then
			echo "hidepid: nsinspect $inv: exit $rc, stderr:" >&2
			cat "$ERR" >&2
			return 1
		fi
	done
}

@test "not root in a pid namespace of its own: its PID 2, not kthreadd there, does not stand for the host" {
	command -v unshare >/dev/null || skip "unshare is not installed"
	unshare -pf --mount-proc true 2>/dev/null || skip "cannot make a pid namespace here"
	# PID 1 there is root's shell, unreadable to nobody; PID 2 nobody's
	# sleep, once taken for kthreadd: every namespace of it was "shared
	# with the host", its private mount and pid namespaces too
	local n=${#NSI_RUN[@]} rc=0
	local prefix=("${ASNOBODY[@]}" "${NSI_RUN[@]:0:n-1}" "$BIN")
	# shellcheck disable=SC2016
	timeout 60 unshare -pf --kill-child --mount-proc bash -c '
		setpriv --reuid=nobody --regid=nogroup --clear-groups sleep 1000 &
		s=$!
		for _ in $(seq 100); do
			[ "$(cat /proc/$s/comm 2>/dev/null)" = sleep ] && break
			sleep 0.05
		done
		[ "$s" = 2 ] || { echo "the sleeper is PID $s, not 2" >&2; exit 3; }
		"$@" show -J "$s"
		rc=$?
		kill $s
		exit $rc' sh "${prefix[@]}" >"$OUT" 2>"$ERR" || rc=$?
	[ $rc = 0 ] || { echo "exit $rc" >&2; cat "$ERR" >&2; return 1; }
	jq -e '[.show[] | select(.section == "namespace")] | length > 0' "$OUT"
	jq -e '[.show[] | select(.section == "namespace") | .detail | startswith("unknown: ")] | all' "$OUT"
}
