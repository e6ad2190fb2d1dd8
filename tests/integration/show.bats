#!/usr/bin/env bats
# nsinspect show on real processes: a user namespace (root-mapped, rootless,
# remapped), a chroot made here, no_new_privs, oom_score_adj, a container.

load ../lib/common

teardown() {
	kill_recorded
	if [ -f "$BATS_TEST_TMPDIR/containers" ]; then
		local c
		while read -r c; do
			docker rm -f "$c" >/dev/null 2>&1 || true
		done <"$BATS_TEST_TMPDIR/containers"
	fi
}

# value PID SECTION NAME [COLUMN]: one cell of the report, raw (spaces
# come back as \x20, so compare with that).
value() {
	"$NSINSPECT" show -r -n -o "section,name,${4:-value}" "$1" |
		awk -v s="$2" -v n="$3" '$1 == s && $2 == n { print $3; exit }'
}

userns_differs() { [ "$(readlink "/proc/$1/ns/user")" != "$(readlink /proc/self/ns/user)" ]; }
exe_is() { [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$2" ]; }
status_is() { [ "$(awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null)" = "$3" ]; }

@test "show: errors for bad, unknown and extra PIDs" {
	run nsi show abc
	[ "$status" -eq 2 ]
	[[ "$output" == *"invalid PID: 'abc'"* ]]
	run nsi show
	[ "$status" -eq 2 ]
	run nsi show $$ $$
	[ "$status" -eq 2 ]
	run nsi show 4194303
	[ "$status" -eq 1 ]
	[[ "$output" == *"no process with PID 4194303"* ]]
}

@test "show: a host shell shares every namespace with the host, no user namespace" {
	run nsi show -r -n -o section,name,value,detail $$
	[ "$status" -eq 0 ]
	echo "$output" | grep -E "^namespace net [0-9]+ shared\\\\x20with\\\\x20the\\\\x20host\$"
	echo "$output" | grep -E "^namespace user [0-9]+ shared\\\\x20with\\\\x20the\\\\x20host\$"
	[ "$(value $$ user verdict)" = 'no\x20user\x20namespace' ]
	[ "$(value $$ root chrooted)" = no ]
	[ "$(value $$ process pid)" = "$$" ]
	[ "$(value $$ security seccomp)" = disabled ]
	[ "$(value $$ caps bounding)" = "$(awk '$1 == "CapBnd:" { print $2 }' /proc/$$/status)" ]
}

@test "show: unshare --user --map-root-user (run as root maps root to root)" {
	local pid
	pid=$(start_bg unshare --user --map-root-user sleep 1000)
	wait_for userns_differs "$pid"
	[ "$(value "$pid" user uid_map)" = '0\x200\x201' ]
	[ "$(value "$pid" user verdict)" = 'user\x20namespace,\x20root\x20is\x20host\x20root' ]
	[ "$(value "$pid" namespace user detail)" = 'private:\x20no\x20other\x20process\x20in\x20it' ]
	[ "$(value "$pid" namespace net detail)" = 'shared\x20with\x20the\x20host' ]
}

@test "show: rootless, an unprivileged user maps root to itself" {
	local pid
	pid=$(start_bg setpriv --reuid 65534 --regid 65534 --clear-groups unshare --user --map-root-user sleep 1000)
	wait_for userns_differs "$pid" || skip "unprivileged user namespaces are not allowed here"
	[ "$(value "$pid" user uid_map)" = '0\x2065534\x201' ]
	[ "$(value "$pid" user verdict)" = rootless ]
}

@test "show: a remapped user namespace (like dockerd --userns-remap)" {
	local pid
	pid=$(start_bg unshare --user sleep 1000)
	wait_for userns_differs "$pid"
	echo "0 100000 65536" >"/proc/$pid/uid_map"
	echo "0 100000 65536" >"/proc/$pid/gid_map"
	[ "$(value "$pid" user verdict)" = remapped ]
	[ "$(value "$pid" user gid_map)" = '0\x20100000\x2065536' ]
	[[ "$(value "$pid" user verdict detail)" == *"100000-165535"* ]]
}

@test "show: a process in a chroot made here is chrooted" {
	[ -x /bin/busybox ] || skip "busybox is not installed"
	local dir="$BATS_TEST_TMPDIR/jail" pid
	mkdir -p "$dir/bin"
	cp /bin/busybox "$dir/bin/busybox"
	pid=$(start_bg chroot "$dir" /bin/busybox sleep 1000)
	wait_for exe_is "$pid" "$dir/bin/busybox"
	[ "$(value "$pid" root chrooted)" = yes ]
	[ "$(value "$pid" root directory)" = "$dir" ]
	# and a process beside it is not
	[ "$(value $$ root chrooted)" = no ]
}

@test "show: no_new_privs, oom_score_adj and the LSM label" {
	local pid
	pid=$(start_bg choom -n 500 -- setpriv --no-new-privs sleep 1000)
	wait_for status_is "$pid" NoNewPrivs 1
	[ "$(value "$pid" security no_new_privs)" = 1 ]
	[ "$(value "$pid" security oom_score_adj)" = 500 ]
	local lsm
	lsm=$(cat "/proc/$pid/attr/apparmor/current" 2>/dev/null || cat "/proc/$pid/attr/current" 2>/dev/null | tr -d '\0')
	if [ -z "$lsm" ]; then
		[ "$(value "$pid" security lsm)" = none ]
	else
		[ "$(value "$pid" security lsm)" = "$(printf '%s' "$lsm" | sed 's/ /\\x20/g')" ]
	fi
}

@test "show: a thread that kept what its main thread dropped is listed under threads" {
	require_root
	start_odd_thread || skip "seccomp_helper is not built (make check builds it)"
	local out uts eff
	out=$("$NSINSPECT" show -J "$ODD_PID")
	jq -c '.show[] | select(.section == "threads")' <<<"$out"
	# what /proc/PID shows: the main thread, which looks tame
	jq -e '.show[] | select(.section == "security" and .name == "seccomp") | .value == "disabled"' <<<"$out"
	jq -e '.show[] | select(.section == "threads" and .name == "count") |
		.value == "2" and .detail == "1 differs from the main thread"' <<<"$out"
	jq -e --arg t "$ODD_TID" '.show[] | select(.section == "threads" and .name == $t) |
		.value == "caps,no_new_privs,seccomp,namespaces"' <<<"$out"
	uts=$(readlink "/proc/$ODD_PID/task/$ODD_TID/ns/uts" | tr -dc 0-9)
	eff=$(awk '$1 == "CapEff:" { print $2 }' "/proc/$ODD_PID/task/$ODD_TID/status")
	jq -e --arg t "$ODD_TID" --arg u "uts namespace $uts (main thread " --arg e "effective $eff " '.show[] |
		select(.section == "threads" and .name == $t) | .detail | contains($u) and contains($e)' <<<"$out"
	jq -e --arg t "$ODD_TID" '.show[] | select(.section == "threads" and .name == $t) | .detail |
		contains("seccomp filter, 1 filter (main thread disabled, 0)") and contains("no_new_privs 1 (main thread 0)")' <<<"$out"
	# the thread's name holds an escape sequence and a tab: escaped
	jq -e --arg t "$ODD_TID" '.show[] | select(.section == "threads" and .name == $t) | .detail |
		startswith("odd\\x1b[31m\\x09thr: ")' <<<"$out"
	[ "$("$NSINSPECT" show "$ODD_PID" | grep -c $'[\e\t]')" = 0 ]
	# the thread's ID is not a process: said so, exit 1
	run "$NSINSPECT" show "$ODD_TID"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "nsinspect: $ODD_TID is a thread of process $ODD_PID, not a process: give PID $ODD_PID (show lists its threads that differ from the main one)" ]
}

@test "show: threads that are all alike are one row" {
	command -v python3 >/dev/null || skip "needs python3 (a process with threads)"
	local pid out
	pid=$(start_bg python3 -c 'import threading, time
for _ in range(3): threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
time.sleep(1000)')
	wait_for status_is "$pid" Threads 4
	out=$("$NSINSPECT" show -J "$pid")
	jq -e '[.show[] | select(.section == "threads")] | length == 1' <<<"$out"
	jq -e '.show[] | select(.section == "threads") | .value == "4" and (.detail | startswith("all with the main thread"))' <<<"$out"
	# a thread of its own has no row: one thread, no section
	[ "$("$NSINSPECT" show -J $$ | jq '[.show[] | select(.section == "threads")] | length')" = 0 ]
}

@test "show -J is valid JSON with every section" {
	local out
	out=$("$NSINSPECT" show -J $$)
	echo "$out" | jq -e '.show | length > 20'
	local s
	for s in process namespace cgroup user root security caps; do
		echo "$out" | jq -e --arg s "$s" '[.show[] | select(.section == $s)] | length > 0'
	done
}

@test "show: a Docker container's namespaces are its own, seccomp filtered, Docker's caps" {
	require_docker
	local name="nsi-caps-show-$$" pid id
	echo "$name" >>"$BATS_TEST_TMPDIR/containers"
	docker run -d --name "$name" "$NSI_IMAGE" sleep 1000 >/dev/null
	pid=$(docker inspect -f '{{.State.Pid}}' "$name")
	id=$(docker inspect -f '{{.Id}}' "$name")
	local label="docker:${id:0:12}"
	[ "$(value "$pid" process container)" = "$label" ]
	[ "$(value "$pid" process nspid)" = 1 ]
	local t
	for t in mnt net pid uts ipc; do
		[ "$(value "$pid" namespace "$t" detail)" = "$label" ]
	done
	[ "$(value "$pid" namespace user detail)" = 'shared\x20with\x20the\x20host' ]
	[ "$(value "$pid" user verdict)" = 'no\x20user\x20namespace' ]
	[ "$(value "$pid" security seccomp)" = filter ]
	[ "$(value "$pid" caps bounding detail)" = "Docker's\\x20default\\x20set" ]
	[ "$(value "$pid" caps dangerous)" = 0 ]
	[ "$(value "$pid" root chrooted)" = no ]
	local cg
	cg=$(value "$pid" cgroup memory)
	[[ "$cg" == *"$id"* ]]
	# a process docker exec starts joins the same namespaces and root
	docker exec -d "$name" sleep 999
	local other=""
	for _ in $(seq 1 50); do
		other=$(pgrep -f '^sleep 999$' -P "$(awk '$1 == "PPid:" { print $2 }' /proc/$pid/status)" 2>/dev/null | head -1)
		[ -n "$other" ] && break
		sleep 0.1
	done
	[ -n "$other" ]
	[ "$(value "$other" namespace net detail)" = "$label" ]
	[ "$(value "$other" process container)" = "$label" ]
	[ "$(value "$other" root chrooted)" = no ]
}
