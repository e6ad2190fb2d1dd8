#!/usr/bin/env bats
# Arguments and exit codes: usage errors are one line naming the bad value
# plus the usage hint, exit 2; runtime failures exit 1.

bats_require_minimum_version 1.5.0
load ../lib/common

HINT="Try 'nsinspect --help' for more information."

teardown() {
	kill_recorded
}

# Runs nsinspect with $@ and checks: exit 2, nothing on stdout, exactly the
# message line $MSG (a glob; $EXACT=1: a plain string) and the hint on stderr.
usage_fails() {
	run -2 --separate-stderr nsi "$@"
	if [ -n "$output" ]; then
		echo "stdout not empty: $output" >&2
		return 1
	fi
	local line=${stderr_lines[0]:-}
	if [ "${EXACT:-0}" = 1 ] && [ "$line" = "$MSG" ]; then
		line=matched
		local MSG=matched
	fi
	if [ "${#stderr_lines[@]}" -ne 2 ] || [[ "$line" != $MSG ]] ||
		[ "${stderr_lines[1]}" != "$HINT" ]; then
		printf 'nsinspect %s\nwanted: %s\ngot:\n%s\n' "$*" "$MSG" "$stderr" >&2
		return 1
	fi
}

@test "-p with a value that is no PID: usage error naming it" {
	local v
	for v in 0 -1 abc 99999999 4194304 12x '' ' 1'; do
		MSG="nsinspect: invalid PID: '$v'" usage_fails ns -p "$v"
	done
	MSG="nsinspect: invalid PID: '0'" usage_fails ns --task=0
}

@test "-p with a PID that is gone: exit 1, no process" {
	local pid
	sleep 0 &
	pid=$!
	wait "$pid"
	# PIDs are reused only after wrapping around; make sure it is free
	[ ! -e "/proc/$pid" ] || skip "PID $pid was reused"
	run -1 --separate-stderr nsi ns -p "$pid"
	[ -z "$output" ]
	[[ "$stderr" == *"nsinspect: no process with PID $pid"* ]]
	[[ "$stderr" != *"Try 'nsinspect --help'"* ]]
}

@test "wrong -t, -o, --tree, command, option and missing arguments: exit 2" {
	MSG="nsinspect: unknown namespace type: 'bogus'" usage_fails ns -t bogus
	MSG="nsinspect: unknown namespace type: 'NET'" usage_fails ns -t NET
	MSG="nsinspect: unknown column: 'FOO'" usage_fails ns -o FOO
	MSG="nsinspect: unknown column: 'FOO'" usage_fails ns -o NS,FOO,TYPE
	MSG="nsinspect: unknown column: 'FOO'" usage_fails ns -o +FOO
	MSG="nsinspect: empty column list" usage_fails ns -o ''
	MSG="nsinspect: empty column list" usage_fails ns -o +
	MSG="nsinspect: unknown tree type: 'bad'*" usage_fails ns --tree=bad
	MSG="nsinspect: unknown command 'bogus'" usage_fails bogus
	MSG="nsinspect: unknown option '--bogus'" usage_fails ns --bogus
	MSG="nsinspect: unknown option '--bogus'" usage_fails --bogus
	MSG="nsinspect: unknown option '-Z'" usage_fails ns -Z
	MSG="nsinspect: option '-p' requires an argument" usage_fails ns -p
	MSG="nsinspect: option '-o' requires an argument" usage_fails ns -o
	MSG="nsinspect: option '--task' requires an argument" usage_fails ns --task
	MSG="nsinspect: option '--sysroot' requires an argument" usage_fails --sysroot
	MSG="nsinspect: invalid namespace: 'x12'*" usage_fails ns x12
	MSG="nsinspect: unexpected argument: '2'" usage_fails ns 1 2
	MSG="nsinspect: options --list and --tree are mutually exclusive" usage_fails ns -l --tree
}

@test "bad values with control bytes are named escaped, on one line" {
	EXACT=1
	MSG='nsinspect: unknown column: '"'"'a\x1b[2Jb\x0ac'"'" usage_fails ns -o $'a\e[2Jb\nc'
	MSG='nsinspect: unknown command '"'"'x\x0dy'"'" usage_fails $'x\ry'
	MSG='nsinspect: invalid PID: '"'"'\xff'"'" usage_fails ns -p $'\xff'
}

@test "-h, --help, -V and --list-commands succeed on stdout" {
	run -0 --separate-stderr nsi --help
	[[ "${lines[0]}" == Usage:* ]]
	[ -z "$stderr" ]
	run -0 --separate-stderr nsi ns --help
	[[ "$output" == *"--tree"* ]]
	[[ "$output" == *"HOLDER"* ]]
	run -0 --separate-stderr nsi -V
	[[ "$output" == "nsinspect "* ]]
	run -0 --separate-stderr nsi --list-commands
	[[ "$output" == *ns* ]]
}

@test "nsinspect without a command runs ns; a number is a namespace" {
	local s uts
	s=$(start_bg unshare --uts sleep 1000)
	uts_unshared() { [ "$(readlink "/proc/$s/ns/uts")" != "$(readlink /proc/self/ns/uts)" ]; }
	wait_for uts_unshared
	uts=$(stat -L -c %i "/proc/$s/ns/uts")
	# other processes come and go: compare the rows that stay put
	run -0 --separate-stderr nsi -n -r -o NS,TYPE,NPROCS,PID -t uts -t time
	grep -qx "$uts uts 1 $s" <<<"$output"
	grep -qx "$(stat -L -c %i /proc/self/ns/time) time [0-9]* 2" <<<"$output"
	run -0 --separate-stderr nsi -n -r -o PID "$uts"
	[ "$output" = "$s" ]
	run -0 --separate-stderr nsi -r -n -o PID "$uts"
	[ "$output" = "$s" ]
}

@test "output to a closed pipe is quiet, to a full disk exit 1 with one message" {
	run -0 bash -c "'$NSINSPECT' ns 2>'$BATS_TEST_TMPDIR/err' | head -1"
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == *NS*TYPE* ]]
	! grep -v "^nsinspect: warning: PID 1 " "$BATS_TEST_TMPDIR/err" || false
	# a pipe that closes early on a long listing
	run -0 bash -c "'$NSINSPECT' ns --output-all -u 2>'$BATS_TEST_TMPDIR/err' | true"
	! grep -v "^nsinspect: warning: PID 1 " "$BATS_TEST_TMPDIR/err" || false
	local args
	for args in "ns" "ns -J" "ns -r" "--help" "ns -H"; do
		run --separate-stderr bash -c "'$NSINSPECT' $args >/dev/full"
		[ "$status" -eq 1 ]
		[ "$(grep -c 'write error' <<<"$stderr")" -eq 1 ]
		[[ "$stderr" == *"nsinspect: write error: No space left on device"* ]]
	done
}

@test "--sysroot on a missing or procless directory: exit 1 (diff 2), the directory named escaped" {
	run -1 --separate-stderr nsi --sysroot /nonexistent
	[ -z "$output" ]
	[[ "$stderr" == "nsinspect: cannot open sysroot '/nonexistent': No such file or directory" ]]
	run -1 --separate-stderr nsi --sysroot=/nonexistent ns
	mkdir "$BATS_TEST_TMPDIR/empty"
	run -1 --separate-stderr nsi --sysroot "$BATS_TEST_TMPDIR/empty" ns
	[[ "$stderr" == "nsinspect: no proc directory under "* ]]
	NSINSPECT_SYSROOT=/nonexistent run -1 --separate-stderr nsi ns
	# a message names the sysroot escaped, on one line, without "//"
	local odd=$BATS_TEST_TMPDIR/a$'\e'"[2J"$'\n'b
	mkdir -p "$odd/proc"
	run -2 --separate-stderr nsi --sysroot "$odd/" diff host host
	[ "$stderr" = "nsinspect: no host process: $BATS_TEST_TMPDIR/a\\x1b[2J\\x0ab/proc shows no process" ]
	run -1 --separate-stderr nsi --sysroot "$odd" cgroups
	[ "$stderr" = "nsinspect: cannot read $BATS_TEST_TMPDIR/a\\x1b[2J\\x0ab/proc/self/mountinfo: No such file or directory" ]
}
