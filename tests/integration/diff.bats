#!/usr/bin/env bats
# nsinspect diff on real processes and real containers: unshare, setpriv and
# capsh children of the test shell, Docker containers with added
# capabilities, limits, no seccomp and a shared network namespace.  Values
# are checked against /proc/PID/status, the ns links, docker inspect and the
# cgroup files.

load ../lib/common

teardown() {
	kill_recorded
	remove_recorded_containers
}

# Starts a container named nsi-diff-$$-SUFFIX with the given docker run
# options; echoes its name.
container() {
	local name="nsi-diff-$$-$1"
	shift
	record_container "$name"
	docker run -d --name "$name" "$@" "$NSI_IMAGE" sleep 1000 >/dev/null || return 1
	echo "$name"
}

# The JSON of a diff (stderr, the host warning, left out); fails only on
# trouble (exit 2), not on a difference (exit 1).
diff_json() {
	"$NSINSPECT" diff -J "$@" 2>/dev/null || [ $? -eq 1 ]
}

# field JSON DIMENSION KEY: one value of one dimension.
field() {
	jq -r --arg d "$2" --arg k "$3" '.diff[] | select(.dimension == $d) | .[$k]' <<<"$1"
}

# The dimensions that differ, space-separated, in output order.
differing() {
	jq -r '[.diff[] | select(.same == false) | .dimension] | join(" ")' <<<"$1"
}

ns_ino() { readlink "/proc/$1/ns/$2" | tr -dc 0-9; }
status_field() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
ns_differs() { [ "$(readlink "/proc/$1/ns/$2")" != "$(readlink "/proc/$$/ns/$2")" ]; }
status_differs() { [ "$(status_field "$1" "$2")" != "$(status_field $$ "$2")" ]; }

@test "diff: a process with itself is identical, exit 0" {
	run nsi diff $$ $$
	[ "$status" -eq 0 ]
	[[ "${lines[-1]}" == "same: mnt net pid uts ipc user "* ]]
	! grep -q differs <<<"$output" || false
	run nsi diff host host
	[ "$status" -eq 0 ]
	run nsi diff 1 host
	[ "$status" -eq 0 ]
}

@test "diff: unshare --net --uts differs from its parent in net and uts only" {
	require_root
	local pid out
	pid=$(start_bg unshare --net --uts sleep 1000)
	wait_for ns_differs "$pid" uts
	run nsi diff $$ "$pid"
	[ "$status" -eq 1 ]
	out=$(diff_json $$ "$pid")
	[ "$(differing "$out")" = "net uts" ]
	[ "$(field "$out" net a)" = "$(ns_ino $$ net)" ]
	[ "$(field "$out" net b)" = "$(ns_ino "$pid" net)" ]
	[ "$(field "$out" uts b)" = "$(ns_ino "$pid" uts)" ]
	[ "$(field "$out" mnt same)" = true ]
	[ "$(field "$out" mnt b)" = "$(ns_ino $$ mnt)" ]
	[ "$(field "$out" process b)" = "$pid" ]
	# the table folds the rest into one line
	run nsi diff $$ "$pid"
	grep -qE '^net +[0-9]+ +[0-9]+ +differs' <<<"$output"
	[[ "${lines[-1]}" == "same: mnt pid ipc user "* ]]
}

@test "diff: a reduced bounding set (setpriv, capsh) shows the names removed" {
	require_root
	local pid out
	pid=$(start_bg setpriv --bounding-set -sys_admin,-net_raw sleep 1000)
	wait_for status_differs "$pid" CapBnd
	out=$(diff_json $$ "$pid")
	[ "$(field "$out" caps:bounding a)" = "$(status_field $$ CapBnd)" ]
	[ "$(field "$out" caps:bounding b)" = "$(status_field "$pid" CapBnd)" ]
	[ "$(field "$out" caps:bounding detail)" = "removed: cap_net_raw,cap_sys_admin" ]
	# root's execve keeps only what the bounding set allows
	[ "$(differing "$out")" = "caps:effective caps:permitted caps:bounding" ]
	run nsi diff $$ "$pid"
	[ "$status" -eq 1 ]

	command -v capsh >/dev/null || skip "capsh is not installed"
	pid=$(start_bg capsh --drop=cap_sys_ptrace -- -c 'exec sleep 1000')
	wait_for status_differs "$pid" CapBnd
	out=$(diff_json "$pid" $$)
	[ "$(field "$out" caps:bounding detail)" = "added: cap_sys_ptrace" ]
	[ "$(field "$out" caps:bounding a)" = "$(status_field "$pid" CapBnd)" ]
}

@test "diff: seccomp filters and strict mode made here (seccomp_helper)" {
	local helper="${NSI_HELPERS:-$BATS_TEST_DIRNAME/../../build/default/helpers}/seccomp_helper"
	[ -x "$helper" ] || skip "seccomp_helper is not built (make check builds it)"
	local pid out
	pid=$(start_bg "$helper" kill-execve)
	wait_for eval '[ "$(status_field "$pid" Seccomp_filters)" = 1 ]'
	out=$(diff_json $$ "$pid")
	[ "$(field "$out" seccomp b)" = filter ]
	[ "$(field "$out" seccomp:filters b)" = 1 ]
	[ "$(field "$out" seccomp:syscalls a)" = "0 blocked, 0 conditional" ]
	[ "$(field "$out" seccomp:syscalls b)" = "1 blocked, 0 conditional" ]
	[[ "$(field "$out" seccomp:syscalls detail)" == "allowed in A, blocked in B: execve;"* ]]
	# the filter was read and let go
	[ "$(status_field "$pid" TracerPid)" = 0 ]
	pid=$(start_bg "$helper" strict)
	wait_for eval '[ "$(status_field "$pid" Seccomp)" = 1 ]'
	out=$(diff_json $$ "$pid")
	[ "$(field "$out" seccomp b)" = strict ]
	[ "$(field "$out" seccomp:syscalls b)" = strict ]
	[ "$(field "$out" seccomp:syscalls same)" = false ]
}

@test "diff: a process and its thread that kept what the main thread dropped" {
	start_odd_thread || skip "seccomp_helper is not built (make check builds it)"
	local out err=$BATS_TEST_TMPDIR/err
	# a thread ID is compared as the thread it is
	out=$("$NSINSPECT" diff -J "$ODD_PID" "$ODD_TID" 2>"$err") || [ $? -eq 1 ]
	[ "$(field "$out" caps:effective a)" = 0000000000000000 ]
	[ "$(field "$out" caps:effective b)" = "$(awk '$1 == "CapEff:" { print $2 }' "/proc/$ODD_PID/task/$ODD_TID/status")" ]
	[ "$(field "$out" seccomp b)" = filter ]
	[ "$(field "$out" uts same)" = false ]
	# and each side is said to have another thread that differs
	cat "$err"
	grep -qx "nsinspect: warning: 1 other thread of process $ODD_PID has other capabilities, ids, seccomp or namespaces than thread $ODD_PID, which is what is compared: nsinspect show $ODD_PID lists it" "$err"
	grep -qx "nsinspect: warning: 1 other thread of process $ODD_PID has other capabilities, ids, seccomp or namespaces than thread $ODD_TID, which is what is compared: nsinspect show $ODD_PID lists it" "$err"
}

@test "diff: host against a container by name, id prefix, label and alone" {
	require_docker
	local name id pid out arg
	name=$(container a)
	id=$(docker inspect -f '{{.Id}}' "$name")
	pid=$(docker inspect -f '{{.State.Pid}}' "$name")
	for arg in "$name" "${id:0:12}" "docker:${id:0:8}" "$id"; do
		run nsi diff host "$arg"
		[ "$status" -eq 1 ] || { echo "$arg: $output"; return 1; }
		out=$(diff_json host "$arg")
		[ "$(field "$out" process b)" = "$pid" ]
	done
	out=$(diff_json "$name")
	[ "$(field "$out" process a)" = 1 ]
	[ "$(field "$out" process b)" = "$pid" ]
	[ "$(field "$out" container b)" = "docker:${id:0:12} ($name)" ]
	[ "$(field "$out" container a)" = none ]
	local t
	for t in mnt net pid uts ipc; do
		[ "$(field "$out" "$t" same)" = false ]
		[ "$(field "$out" "$t" b)" = "$(ns_ino "$pid" "$t")" ]
	done
	[ "$(field "$out" user same)" = true ]
	[ "$(field "$out" caps:bounding b)" = "$(status_field "$pid" CapBnd)" ]
	[ "$(field "$out" caps:bounding b)" = 00000000a80425fb ]
	[ "$(field "$out" seccomp a)" = disabled ]
	[ "$(field "$out" seccomp b)" = filter ]
	[ "$(field "$out" seccomp:filters b)" = "$(status_field "$pid" Seccomp_filters)" ]
	[ "$(field "$out" cgroup:memory b)" = "/docker/$id" ]
	# the host's namespaces come from kthreadd when PID 1's are unreadable
	[ "$(field "$out" net a)" = "$(ns_ino 2 net)" ]
	# the container name alone is `diff host NAME`
	run nsi diff "$name"
	[ "$status" -eq 1 ]
}

@test "diff: --cap-add SYS_ADMIN against Docker's default adds cap_sys_admin" {
	require_docker
	local a b out
	a=$(container plain)
	b=$(container sysadmin --cap-add SYS_ADMIN)
	out=$(diff_json "$a" "$b")
	local set
	for set in effective permitted bounding; do
		[ "$(field "$out" "caps:$set" detail)" = "added: cap_sys_admin" ]
	done
	[ "$(field "$out" caps:inheritable same)" = true ]
	run nsi diff "$a" "$b"
	[ "$status" -eq 1 ]
	grep -qE '^caps:bounding +00000000a80425fb +00000000a82425fb +differs +added: cap_sys_admin$' <<<"$output"
}

@test "diff: memory and pids limits with the values docker inspect reports" {
	require_docker
	local a b id out
	a=$(container limited -m 456m --pids-limit 50)
	b=$(container unlimited)
	id=$(docker inspect -f '{{.Id}}' "$a")
	out=$(diff_json "$a" "$b")
	[ "$(field "$out" limit:memory a)" = "$(docker inspect -f '{{.HostConfig.Memory}}' "$a")" ]
	[ "$(field "$out" limit:memory a)" = 478150656 ]
	[ "$(field "$out" limit:memory b)" = max ]
	[ "$(field "$out" limit:memory detail)" = "456M vs max" ]
	[ "$(field "$out" limit:pids a)" = "$(docker inspect -f '{{.HostConfig.PidsLimit}}' "$a")" ]
	[ "$(field "$out" limit:pids b)" = max ]
	[ "$(field "$out" limit:cpu same)" = true ]
	# the cgroup files say the same
	local f=/sys/fs/cgroup/memory/docker/$id/memory.limit_in_bytes
	[ ! -f "$f" ] || [ "$(cat "$f")" = 478150656 ]
	f=/sys/fs/cgroup/pids/docker/$id/pids.max
	[ ! -f "$f" ] || [ "$(cat "$f")" = 50 ]
}

@test "diff: seccomp=unconfined against the default profile lists the syscalls" {
	require_docker
	local a b out
	a=$(container filtered)
	b=$(container unconfined --security-opt seccomp=unconfined)
	out=$(diff_json "$a" "$b")
	[ "$(field "$out" seccomp a)" = filter ]
	[ "$(field "$out" seccomp b)" = disabled ]
	[ "$(field "$out" seccomp:syscalls same)" = false ]
	[ "$(field "$out" seccomp:syscalls b)" = "0 blocked, 0 conditional" ]
	local detail
	detail=$(field "$out" seccomp:syscalls detail)
	[[ "$detail" == "blocked in A, allowed in B: "* ]]
	for sc in mount umount2 kexec_load init_module bpf; do
		grep -qE "(: |,)$sc(,|;|\$)" <<<"$detail" || { echo "no $sc in: $detail"; return 1; }
	done
	# and what every container may do is not listed
	! grep -qE "(: |,)read(,|;|\$)" <<<"$detail" || false
}

@test "diff: --network container:A shares net, the rest is its own" {
	require_docker
	local a b out
	a=$(container web)
	b=$(container db --network "container:nsi-diff-$$-web")
	out=$(diff_json "$a" "$b")
	[ "$(field "$out" net same)" = true ]
	[ "$(field "$out" net b)" = "$(ns_ino "$(docker inspect -f '{{.State.Pid}}' "$a")" net)" ]
	local t
	for t in mnt pid uts ipc; do
		[ "$(field "$out" "$t" same)" = false ]
	done
	[ "$(field "$out" caps:bounding same)" = true ]
}

@test "diff: -v unfolds the identical dimensions, -r and -n keep them" {
	run nsi diff -v $$ $$
	[ "$status" -eq 0 ]
	grep -qE '^mnt +[0-9]+ +[0-9]+ +same' <<<"$output"
	! grep -q '^same:' <<<"$output" || false
	run nsi diff -r -n -o dimension,verdict $$ $$
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "process " ]
	[[ "${lines[-1]}" == "same: mnt "* ]]
	run nsi diff -r -n -v -o dimension,verdict $$ $$
	grep -qx 'user same' <<<"$output"
}

@test "diff -J is valid JSON with every dimension, both values and same" {
	local out
	out=$(diff_json $$ $$)
	jq -e '.diff | length > 30' <<<"$out"
	jq -e 'all(.diff[]; has("a") and has("b") and has("same") and has("verdict"))' <<<"$out"
	local d
	for d in process command container mnt net pid uts ipc user cgroup limit:memory limit:pids \
		limit:cpu caps:effective caps:permitted caps:inheritable caps:bounding caps:ambient \
		no_new_privs seccomp seccomp:filters seccomp:syscalls lsm uid_map gid_map root ids; do
		jq -e --arg d "$d" 'any(.diff[]; .dimension == $d)' <<<"$out" >/dev/null ||
			{ echo "no dimension $d"; return 1; }
	done
	[ "$(field "$out" process same)" = null ]
	[ "$(field "$out" no_new_privs a)" = "$(status_field $$ NoNewPrivs)" ]
	[ "$(field "$out" uid_map a)" = "$(awk '{ print $1, $2, $3 }' /proc/$$/uid_map)" ]
	[ "$(field "$out" root a)" = "$(readlink /proc/$$/root)" ]
	[ "$(field "$out" ids a)" = "uid=$(id -u)($(id -un)) gid=$(id -g)" ]
}

@test "diff: usage errors and unknown processes exit 2 naming the value" {
	run nsi diff
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == *"no process given"* ]]
	run nsi diff 1 2 3
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == *"unexpected argument: '3'"* ]]
	run nsi diff 99999999999
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == *"invalid PID: '99999999999'"* ]]
	run nsi diff $$ 4194303
	[ "$status" -eq 2 ]
	[ "$output" = "nsinspect: no process with PID 4194303" ]
	run nsi diff "nsi-diff-$$-nonexistent"
	[ "$status" -eq 2 ]
	[ "$output" = "nsinspect: no process or running container 'nsi-diff-$$-nonexistent'" ]
	run nsi diff -o nosuch $$
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == *"unknown column: 'nosuch'"* ]]
	run nsi diff --bogus $$
	[ "$status" -eq 2 ]
}

@test "diff: a vanished PID is trouble, exit 2" {
	local pid
	sleep 1000 &
	pid=$!
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	run nsi diff $$ "$pid"
	[ "$status" -eq 2 ]
	[ "$output" = "nsinspect: no process with PID $pid" ]
}

@test "diff: --list-columns and --help" {
	run nsi diff --list-columns
	[ "$status" -eq 0 ]
	[ "$(awk '{ print $1 }' <<<"$output" | tr '\n' ' ')" = "DIMENSION A B SAME VERDICT DETAIL " ]
	run nsi diff -H
	[ "$status" -eq 0 ]
	run nsi diff --help
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == *"nsinspect diff [options] [<a>] <b>"* ]]
}
