#!/usr/bin/env bats
# nsinspect seccomp on real filters: Docker's default profile, filters a
# libseccomp helper loads, strict mode; and the target never left stopped.

bats_require_minimum_version 1.5.0
load ../lib/common

HELPER="${NSI_HELPERS:-$BATS_TEST_DIRNAME/../../build/default/helpers}/seccomp_helper"

setup() {
	require_root
	[ -x "$HELPER" ] || skip "seccomp_helper is not built (make check builds it)"
}

teardown() {
	kill_recorded
	if [ -f "$BATS_TEST_TMPDIR/containers" ]; then
		local c
		while read -r c; do
			docker rm -f "$c" >/dev/null 2>&1 || true
		done <"$BATS_TEST_TMPDIR/containers"
	fi
}

status_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }
status_is() { [ "$(status_field "$1" "$2")" = "$3" ]; }
# traced_by PID P: stopped by a thread of process P (nsinspect traces from
# a thread of its own, whose id TracerPid shows)
traced_by() {
	local tracer
	tracer=$(status_field "$1" TracerPid)
	[ "$tracer" != 0 ] && [ "$(status_field "$tracer" Tgid)" = "$2" ] && [ "$(status_field "$1" State)" = t ]
}

# action PID ARCH SYSCALL: the ACTION cell of one syscall, raw, from --all.
action() {
	"$NSINSPECT" seccomp --all -r -n -o arch,syscall,action "$1" |
		awk -v a="$2" -v s="$3" '$1 == a && $2 == s { $1 = ""; $2 = ""; sub(/^  /, ""); print; exit }'
}

# Target not stopped and not traced any more.
released() {
	[ "$(status_field "$1" State)" != t ] && [ "$(status_field "$1" TracerPid)" = 0 ]
}

@test "seccomp: errors for bad and unknown PIDs" {
	run nsi seccomp abc
	[ "$status" -eq 2 ]
	[[ "$output" == *"invalid PID: 'abc'"* ]]
	run nsi seccomp
	[ "$status" -eq 2 ]
	run nsi seccomp 4194303
	[ "$status" -eq 1 ]
	[[ "$output" == *"no process with PID 4194303"* ]]
}

@test "seccomp: mode 0 is reported without attaching" {
	run nsi seccomp $$
	[ "$status" -eq 0 ]
	[[ "$output" == *"seccomp disabled"* ]]
	run nsi seccomp -J $$
	echo "$output" | jq -e '.syscalls == []'
}

@test "seccomp: strict mode is reported without attaching" {
	local pid
	pid=$(start_bg "$HELPER" strict)
	wait_for status_is "$pid" Seccomp 1
	run nsi seccomp "$pid"
	[ "$status" -eq 0 ]
	[[ "$output" == *"strict mode"* ]]
	[ "$(status_field "$pid" TracerPid)" = 0 ]
}

@test "seccomp: a filter that kills on execve" {
	local pid
	pid=$(start_bg "$HELPER" kill-execve)
	wait_for status_is "$pid" Seccomp_filters 1
	run nsi seccomp "$pid"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1 filter,"* ]]
	[ "$(action "$pid" x86_64 execve)" = KILL_PROCESS ]
	[ "$(action "$pid" x86_64 read)" = ALLOW ]
	[ "$(action "$pid" x86_64 execveat)" = ALLOW ]
	# libseccomp's filter kills other architectures
	[[ "$(action "$pid" i386 read)" == KILL_* ]]
	released "$pid"
	# blocked only by default: execve is there, read is not
	run nsi seccomp -r -n -o arch,syscall "$pid"
	[[ "$output" == *"x86_64 execve"* ]]
	[[ "$output" != *"x86_64 read"$'\n'* ]]
}

@test "seccomp: two stacked filters combine with the kernel's precedence" {
	local pid
	pid=$(start_bg "$HELPER" stacked)
	wait_for status_is "$pid" Seccomp_filters 2
	[ "$(action "$pid" x86_64 mount)" = TRAP ]
	[ "$(action "$pid" x86_64 umount2)" = 'ERRNO(EACCES)' ]
	[ "$(action "$pid" x86_64 uname)" = 'ERRNO(EPERM)' ]
	[ "$(action "$pid" x86_64 getppid)" = LOG ]
	[ "$(action "$pid" x86_64 personality)" = 'conditional\x20{ERRNO(EINVAL),\x20ALLOW}' ]
	[ "$(action "$pid" x86_64 read)" = ALLOW ]
	run nsi seccomp "$pid"
	[[ "$output" == *"2 filters"* ]]
	[[ "$output" == *"x86_64:"*"1 conditional"* ]]
	released "$pid"
}

@test "seccomp: a thread with a filter its main thread lacks: warned of, and read by its ID" {
	start_odd_thread || skip "seccomp_helper is not built"
	local err=$BATS_TEST_TMPDIR/err out
	# the process, as /proc/PID shows it: its main thread, no filter
	out=$("$NSINSPECT" seccomp "$ODD_PID" 2>"$err")
	[[ "$out" == "PID $ODD_PID: seccomp disabled"* ]]
	cat "$err"
	[ "$(cat "$err")" = "nsinspect: warning: thread $ODD_TID of process $ODD_PID has another seccomp state (filter, 1 filter): nsinspect seccomp $ODD_TID reads it" ]
	# the thread: its filter, which refuses acct, and the thread left running
	[ "$(action "$ODD_TID" x86_64 acct)" = "ERRNO(EPERM)" ]
	released "$ODD_TID"
	# a process whose threads all agree: no warning
	[ -z "$("$NSINSPECT" seccomp $$ 2>&1 >/dev/null)" ]
}

@test "seccomp -J is valid JSON" {
	local pid
	pid=$(start_bg "$HELPER" stacked)
	wait_for status_is "$pid" Seccomp_filters 2
	local out
	out=$("$NSINSPECT" seccomp -J --all "$pid")
	echo "$out" | jq -e '[.syscalls[] | select(.arch == "x86_64" and .syscall == "mount")][0].action == "TRAP"'
	echo "$out" | jq -e '[.syscalls[] | select(.syscall == "read")] | length == 3'
	# the default of each arch is a row of its own
	echo "$out" | jq -e '[.syscalls[] | select(.syscall == "*" and .nr == null)] | map(.arch) == ["x86_64", "x32", "i386"]'
	echo "$out" | jq -e '[.syscalls[] | select(.syscall == "*" and .arch == "x86_64")][0].action == "ALLOW"'
}

@test "seccomp: the target is released when nsinspect is interrupted or killed mid-read" {
	local pid sig
	pid=$(start_bg "$HELPER" stacked)
	wait_for status_is "$pid" Seccomp_filters 2
	for sig in TERM INT KILL; do
		NSINSPECT_SECCOMP_HOLD_MS=20000 "$NSINSPECT" seccomp "$pid" >/dev/null 2>&1 &
		local nsi_pid=$!
		wait_for traced_by "$pid" "$nsi_pid"
		kill -"$sig" "$nsi_pid"
		wait "$nsi_pid" || true
		wait_for released "$pid"
		released "$pid"
	done
	# and it still runs: a signal reaches it
	kill -0 "$pid"
}

@test "seccomp: a target that cannot stop (vfork) is given up after 2 s, never left stopped" {
	# The helper's parent waits for a vfork child that never execs: that
	# wait is not interrupted by PTRACE_INTERRUPT, and the read waited for
	# ever.  Now the tracer thread gives up and exits, which detaches.
	local pid child
	start_bg sh -c "exec '$HELPER' vfork >'$BATS_TEST_TMPDIR/vf'" >/dev/null
	wait_for test -s "$BATS_TEST_TMPDIR/vf"
	pid=$(<"$BATS_TEST_TMPDIR/vf")
	vfork_waiting() { [ -n "$(cat "/proc/$pid/task/$pid/children")" ] && [ "$(status_field "$pid" State)" = D ]; }
	wait_for vfork_waiting
	run -1 --separate-stderr timeout 30 "${NSI_RUN[@]}" seccomp "$pid"
	[[ "$stderr" == *"did not stop within 2 s"* ]]
	run -1 --separate-stderr timeout 30 "${NSI_RUN[@]}" diff "$pid" "$$"
	released "$pid"
	# once the child is gone the parent runs on: not stopped, not traced
	child=$(cat "/proc/$pid/task/$pid/children")
	kill -KILL $child
	wait_for status_is "$pid" State S
	released "$pid"
	run -0 nsi seccomp -r -n -o arch,syscall,action --all "$pid"
	grep -qx 'x86_64 acct ERRNO(EPERM)' <<<"$output"
	released "$pid"
}

@test "seccomp: hostile filters cannot make the evaluation run for hours" {
	# branchy: 30 jumps on arguments whose paths meet again (2^30 paths):
	# 35 s of CPU before paths were merged; now exact and quick.
	local pid
	pid=$(start_bg "$HELPER" branchy)
	wait_for status_is "$pid" Seccomp_filters 1
	run -0 --separate-stderr timeout 60 "${NSI_RUN[@]}" seccomp "$pid"
	[ -z "$stderr" ]
	grep -qx 'x86_64: every syscall gets ALLOW (the filter tells none apart)' <<<"$output"
	# diverge: paths whose states never meet; the run stops at its step
	# budget (a few seconds), says so, and marks what it did not finish
	pid=$(start_bg "$HELPER" diverge)
	wait_for status_is "$pid" Seccomp_filters 1
	run -0 --separate-stderr timeout 120 "${NSI_RUN[@]}" seccomp "$pid"
	[[ "$stderr" == *"fork on unknown values more than nsinspect follows"* ]]
	grep -q 'conditional' <<<"$output"
	run -1 --separate-stderr timeout 120 "${NSI_RUN[@]}" diff "$pid" "$$"
	[[ "$stderr" == *"their comparison is partial"* ]]
}

@test "seccomp: a target already traced is a clear error" {
	local pid
	pid=$(start_bg "$HELPER" stacked)
	wait_for status_is "$pid" Seccomp_filters 2
	NSINSPECT_SECCOMP_HOLD_MS=20000 "$NSINSPECT" seccomp "$pid" >/dev/null 2>&1 &
	local holder=$!
	wait_for traced_by "$pid" "$holder"
	run nsi seccomp "$pid"
	kill -TERM "$holder"
	wait "$holder" || true
	[ "$status" -eq 1 ]
	[[ "$output" == *"already traced (by PID $holder)"* ]]
	wait_for released "$pid"
}

@test "seccomp: Docker's default profile" {
	require_docker
	local name="nsi-caps-sc-$$" pid
	echo "$name" >>"$BATS_TEST_TMPDIR/containers"
	docker run -d --name "$name" "$NSI_IMAGE" sleep 1000 >/dev/null
	pid=$(docker inspect -f '{{.State.Pid}}' "$name")
	local out
	out=$("$NSINSPECT" seccomp --all -r -n -o arch,syscall,action "$pid")
	local s
	for s in mount umount2 reboot kexec_load init_module unshare setns; do
		echo "$out" | grep -qx "x86_64 $s ERRNO(EPERM)"
	done
	for s in read write exit_group; do
		echo "$out" | grep -qx "x86_64 $s ALLOW"
	done
	echo "$out" | grep -E "^x86_64 clone conditional"
	released "$pid"
	run nsi seccomp "$pid"
	[[ "$output" == *"1 filter"* ]]
	[[ "$output" == *"x86_64: "*" allowed, "*" blocked, "*" conditional; default "* ]]
}

@test "seccomp: --cap-add SYS_ADMIN opens mount and unshare; seccomp=unconfined has no filter" {
	require_docker
	local name="nsi-caps-sa-$$" pid
	echo "$name" >>"$BATS_TEST_TMPDIR/containers"
	docker run -d --name "$name" --cap-add SYS_ADMIN "$NSI_IMAGE" sleep 1000 >/dev/null
	pid=$(docker inspect -f '{{.State.Pid}}' "$name")
	local out
	out=$("$NSINSPECT" seccomp --all -r -n -o arch,syscall,action "$pid")
	echo "$out" | grep -qx "x86_64 mount ALLOW"
	echo "$out" | grep -qx "x86_64 umount2 ALLOW"
	echo "$out" | grep -qx "x86_64 unshare ALLOW"
	echo "$out" | grep -qx "x86_64 kexec_load ERRNO(EPERM)"

	local name2="nsi-caps-un-$$"
	echo "$name2" >>"$BATS_TEST_TMPDIR/containers"
	docker run -d --name "$name2" --security-opt seccomp=unconfined "$NSI_IMAGE" sleep 1000 >/dev/null
	pid=$(docker inspect -f '{{.State.Pid}}' "$name2")
	run nsi seccomp "$pid"
	[ "$status" -eq 0 ]
	[[ "$output" == *"seccomp disabled"* ]]
}

@test "seccomp: clear errors when nsinspect may not read filters" {
	local pid
	pid=$(start_bg "$HELPER" stacked)
	wait_for status_is "$pid" Seccomp_filters 2
	# an unprivileged nsinspect
	run setpriv --reuid 65534 --regid 65534 --clear-groups "$NSINSPECT" seccomp "$pid"
	[ "$status" -eq 1 ]
	[[ "$output" == *"not permitted: reading filters needs CAP_SYS_ADMIN in the initial user namespace"* ]]
	# an nsinspect that runs under seccomp itself
	run "$HELPER" run "$NSINSPECT" seccomp "$pid"
	[ "$status" -eq 1 ]
	[[ "$output" == *"nsinspect itself runs under seccomp"* ]]
	released "$pid"
}

@test "seccomp: --privileged has no filter" {
	require_docker
	local self_bnd last full
	self_bnd=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)
	last=$(cat /proc/sys/kernel/cap_last_cap)
	full=$(printf '%016x' $(((1 << (last + 1)) - 1)))
	[ "$self_bnd" = "$full" ] ||
		skip "the host's own bounding set ($self_bnd) lacks capabilities: runc cannot start --privileged"
	local name="nsi-caps-pr-$$" pid
	echo "$name" >>"$BATS_TEST_TMPDIR/containers"
	docker run -d --name "$name" --privileged "$NSI_IMAGE" sleep 1000 >/dev/null
	pid=$(docker inspect -f '{{.State.Pid}}' "$name")
	run nsi seccomp "$pid"
	[ "$status" -eq 0 ]
	[[ "$output" == *"seccomp disabled"* ]]
}
