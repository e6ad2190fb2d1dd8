#!/usr/bin/env bats
# `nsinspect tree` on real kernel state: processes made here with unshare,
# setpriv, python3 threads and Docker, cross-checked against ps(1) and the
# /proc/PID/ns links.  Everything made here is killed or removed in teardown.

load ../lib/common

bats_require_minimum_version 1.5.0

FIXTURES_DIR="$BATS_TEST_DIRNAME/../fixtures"

setup() {
	command -v jq >/dev/null || skip "jq is not installed"
	CONTAINER=""
}

teardown() {
	kill_recorded
	if [ -n "$CONTAINER" ]; then
		docker rm -f "$CONTAINER" >/dev/null 2>&1 || :
	fi
}

# Runs "$@" as the child of a shell that stays, and echoes that shell's PID:
# start_bg's own process is reparented once its $(...) ends, and PID 1's
# ns links may be unreadable (then, rightly, nothing is marked against it).
start_under_parent() {
	start_bg sh -c '"$@"; :' sh "$@"
}

# The children of a process, from the kernel's own list.
children_of() {
	cat /proc/"$1"/task/*/children 2>/dev/null | tr ' ' '\n' | sed '/^$/d'
}

has_children() {
	[ "$(children_of "$1" | wc -l)" -ge "${2:-1}" ]
}

# The last descendant of a chain of single children (exec'ing unshares).
leaf_of() {
	local pid=$1 kid
	while kid=$(children_of "$pid" | head -1) && [ -n "$kid" ]; do
		pid=$kid
	done
	echo "$pid"
}

# Waits until the chain below $1 is $2 processes deep and its leaf runs $3.
chain_ready() {
	local pid=$1 depth=$2 comm=$3 i=0 kid
	while [ "$i" -lt "$depth" ]; do
		kid=$(children_of "$pid" | head -1)
		[ -n "$kid" ] || return 1
		pid=$kid
		i=$((i + 1))
	done
	[ "$(cat /proc/"$pid"/comm 2>/dev/null)" = "$comm" ]
}

ns_ino() {
	readlink "/proc/$1/ns/$2" | sed -E 's/.*\[([0-9]+)\]/\1/'
}

# JSON object of the row of PID $1 in the JSON on stdin (first match).
row_of() {
	jq -c --argjson p "$1" '[.. | objects | select(.pid? == $p)][0]'
}

@test "tree: an unshare --net --uts child is marked [+net +uts], its own children are not" {
	require_root
	local top pid kid
	top=$(start_under_parent unshare --net --uts sh -c 'sleep 1000 & wait')
	wait_for chain_ready "$top" 2 sleep
	pid=$(children_of "$top" | head -1)
	kid=$(children_of "$pid" | head -1)
	# the kernel agrees that these types differ from the parent's
	[ "$(ns_ino "$pid" net)" != "$(ns_ino "$top" net)" ]
	[ "$(ns_ino "$pid" uts)" != "$(ns_ino "$top" uts)" ]
	[ "$(ns_ino "$pid" mnt)" = "$(ns_ino "$top" mnt)" ]
	run --separate-stderr nsi tree -J -p "$pid"
	[ "$status" -eq 0 ]
	[ "$(row_of "$pid" <<<"$output" | jq -r .ns)" = "[+net +uts]" ]
	[ "$(row_of "$kid" <<<"$output" | jq -r .ns)" = null ]
	# the table shows the same
	run --separate-stderr nsi tree -p "$pid" -o PID,NS
	[ "$status" -eq 0 ]
	grep -qE "^ *$pid +\[\+net \+uts\]$" <<<"$output"
	grep -qE "^ *$kid *$" <<<"$output"
}

@test "tree: unshare --pid --fork --mount-proc: unshare itself +mnt, its child +pid" {
	require_root
	local top pid kid
	top=$(start_under_parent unshare --pid --fork --mount-proc sleep 1000)
	wait_for chain_ready "$top" 2 sleep
	pid=$(children_of "$top" | head -1)
	kid=$(children_of "$pid" | head -1)
	run --separate-stderr nsi tree -J -p "$pid" -o PID,PPID,NS,COMMAND
	[ "$status" -eq 0 ]
	# unshare(2) moved unshare itself into the new mount namespace; the
	# new pid namespace is its children's (pid_for_children is no mark)
	[ "$(row_of "$pid" <<<"$output" | jq -r .ns)" = "[+mnt]" ]
	[ "$(row_of "$kid" <<<"$output" | jq -r .ns)" = "[+pid]" ]
	[ "$(row_of "$kid" <<<"$output" | jq -r .ppid)" = "$pid" ]
	[ "$(ns_ino "$kid" pid)" != "$(ns_ino "$pid" pid)" ]
	[ "$(ns_ino "$kid" mnt)" = "$(ns_ino "$pid" mnt)" ]
}

@test "tree: -p shows exactly the subtree of a PID, nested as ps says" {
	require_root
	local pid got want
	pid=$(start_bg sh -c 'sh -c "sleep 1001 & sleep 1002 & wait" & sleep 1003 & wait')
	wait_for has_children "$pid" 2
	local mid
	for mid in $(children_of "$pid"); do
		[ "$(cat /proc/"$mid"/comm)" = sh ] && break
	done
	wait_for has_children "$mid" 2
	run --separate-stderr nsi tree -J -A -p "$pid" -o PID,PPID,COMMAND
	[ "$status" -eq 0 ]
	[ "$(jq '.processes | length' <<<"$output")" = 1 ]
	[ "$(jq '.processes[0].pid' <<<"$output")" = "$pid" ]
	# every child's PPID is the PID of the row it hangs under
	[ "$(jq '[.. | objects | select(.children?) | .pid as $p | .children[] | select(.ppid != $p)] | length' <<<"$output")" = 0 ]
	# the same set of processes as ps gives for the subtree
	got=$(jq -r '.. | objects | .pid? // empty' <<<"$output" | sort -n | tr '\n' ' ')
	want=$(ps -eo pid=,ppid= | awk -v root="$pid" '
		{ parent[$1] = $2 }
		END { for (p in parent) { q = p; while (q != "" && q != root && q in parent) q = parent[q]; if (q == root) print p } }' |
		sort -n | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "got $got want $want"; return 1; }
}

@test "tree: --ns marks only the listed types; unknown types are usage errors" {
	require_root
	local top pid
	top=$(start_under_parent unshare --net --uts sleep 1000)
	wait_for chain_ready "$top" 1 sleep
	pid=$(children_of "$top" | head -1)
	run --separate-stderr nsi tree -J -p "$pid" --ns net
	[ "$status" -eq 0 ]
	[ "$(row_of "$pid" <<<"$output" | jq -r .ns)" = "[+net]" ]
	run --separate-stderr nsi tree -J -p "$pid" --ns uts,net
	[ "$(row_of "$pid" <<<"$output" | jq -r .ns)" = "[+net +uts]" ]
	run --separate-stderr nsi tree -J -p "$pid" --ns pid,ipc
	[ "$(row_of "$pid" <<<"$output" | jq -r .ns)" = null ]
	run --separate-stderr nsi tree --ns net,bogus
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"'bogus'"* ]]
	run --separate-stderr nsi tree --ns pid_for_children
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"'pid_for_children'"* ]]
}

@test "tree: identical leaf siblings fold into 4*[sleep 1004]; -A and -c unfold them" {
	require_root
	local pid
	pid=$(start_bg sh -c 'sleep 1004 & sleep 1004 & sleep 1004 & sleep 1004 & wait')
	wait_for has_children "$pid" 4
	run --separate-stderr nsi tree -J -p "$pid" -o PID,COUNT,COMMAND
	[ "$status" -eq 0 ]
	[ "$(jq '.processes[0].children | length' <<<"$output")" = 1 ]
	[ "$(jq -r '.processes[0].children[0].command' <<<"$output")" = "4*[sleep 1004]" ]
	[ "$(jq -r '.processes[0].children[0].count' <<<"$output")" = 4 ]
	# the folded row shows the lowest PID
	[ "$(jq -r '.processes[0].children[0].pid' <<<"$output")" = "$(children_of "$pid" | sort -n | head -1)" ]
	run --separate-stderr nsi tree -p "$pid"
	[[ "$output" == *"└─4*[sleep 1004]"* ]]
	local opt
	for opt in -A --no-fold -c; do
		run --separate-stderr nsi tree -J -p "$pid" "$opt"
		[ "$status" -eq 0 ]
		[ "$(jq '.processes[0].children | length' <<<"$output")" = 4 ]
		[ "$(jq -r '.processes[0].children[].command' <<<"$output" | sort -u)" = "sleep 1004" ]
	done
}

@test "tree: -t shows threads as children of their process, folded like pstree" {
	require_root
	command -v python3 >/dev/null || skip "python3 is not installed"
	local pid tids got
	pid=$(start_bg python3 -c '
import threading, time
for _ in range(3):
    threading.Thread(target=time.sleep, args=(1000,), daemon=True).start()
time.sleep(1000)')
	four_tasks() { [ "$(ls /proc/"$pid"/task 2>/dev/null | wc -l)" -eq 4 ]; }
	wait_for four_tasks
	run --separate-stderr nsi tree -J -p "$pid"
	[ "$status" -eq 0 ]
	[ "$(jq '.processes[0].children // [] | length' <<<"$output")" = 0 ]
	run --separate-stderr nsi tree -J -t -A -p "$pid" -o PID,PPID,COMMAND
	[ "$status" -eq 0 ]
	tids=$(ls /proc/"$pid"/task | grep -vx "$pid" | sort -n | tr '\n' ' ')
	got=$(jq -r '.processes[0].children[].pid' <<<"$output" | sort -n | tr '\n' ' ')
	[ "$got" = "$tids" ] || { echo "got $got want $tids"; return 1; }
	[ "$(jq -r '.processes[0].children[].command' <<<"$output" | sort -u)" = "{python3}" ]
	[ "$(jq -r '.processes[0].children[].ppid' <<<"$output" | sort -u)" = "$pid" ]
	run --separate-stderr nsi tree -t -p "$pid" -o COMMAND
	[[ "$output" == *"└─3*[{python3}]"* ]]
}

@test "tree: -t marks a thread that unshared a namespace of its own" {
	require_root
	command -v python3 >/dev/null || skip "python3 is not installed"
	local pid tid
	pid=$(start_bg python3 -c '
import ctypes, threading, time
libc = ctypes.CDLL(None, use_errno=True)
def worker():
    libc.unshare(0x40000000)  # CLONE_NEWNET, this thread only
    time.sleep(1000)
threading.Thread(target=worker, daemon=True).start()
time.sleep(1000)')
	tid_ready() {
		local t
		for t in $(ls /proc/"$pid"/task 2>/dev/null); do
			[ "$t" = "$pid" ] && continue
			[ "$(readlink /proc/"$pid"/task/"$t"/ns/net)" != "$(readlink /proc/"$pid"/ns/net)" ] && return 0
		done
		return 1
	}
	wait_for tid_ready
	tid=$(ls /proc/"$pid"/task | grep -vx "$pid")
	run --separate-stderr nsi tree -J -t -p "$pid"
	[ "$status" -eq 0 ]
	[ "$(row_of "$tid" <<<"$output" | jq -r .ns)" = "[+net]" ]
	[ "$(row_of "$pid" <<<"$output" | jq -r .ns)" = null ]
}

@test "tree: kernel threads are hidden unless -k" {
	[ "$(cat /proc/2/comm 2>/dev/null)" = kthreadd ] || skip "no kthreadd at PID 2 here"
	run --separate-stderr nsi tree -J
	[ "$status" -eq 0 ]
	[ "$(row_of 2 <<<"$output")" = null ]
	run --separate-stderr nsi tree -J -k
	[ "$status" -eq 0 ]
	[ "$(row_of 2 <<<"$output" | jq -r .command)" = kthreadd ]
	# kthreadd's children hang under it
	[ "$(jq '[.. | objects | select(.pid? == 2) | .children[]] | length' <<<"$output")" -ge 1 ]
	# -p on a kernel thread shows it without -k
	run --separate-stderr nsi tree -J -p 2
	[ "$status" -eq 0 ]
	[ "$(jq '.processes[0].pid' <<<"$output")" = 2 ]
}

@test "tree: -J nests children; the whole tree matches ps -eo pid,ppid" {
	require_root
	local pid
	pid=$(start_bg sh -c 'sleep 1005 & wait')
	wait_for has_children "$pid"
	run --separate-stderr nsi tree -J -A -k -o PID,PPID,COMMAND
	[ "$status" -eq 0 ]
	jq -e '.processes | type == "array"' <<<"$output" >/dev/null
	# every child's ppid is its parent row's pid, at every depth
	[ "$(jq '[.. | objects | select(.children?) | .pid as $p | .children[] | select(.ppid != $p)] | length' <<<"$output")" = 0 ]
	# and the long-lived processes have the PPID ps gives them
	local kid
	kid=$(children_of "$pid" | head -1)
	[ "$(row_of "$kid" <<<"$output" | jq -r .ppid)" = "$(ps -o ppid= -p "$kid" | tr -d ' ')" ]
	[ "$(row_of "$pid" <<<"$output" | jq -r .ppid)" = "$(ps -o ppid= -p "$pid" | tr -d ' ')" ]
	[ "$(jq --argjson p "$pid" '[.. | objects | select(.pid? == $p) | .children[].pid]' <<<"$output" | jq -c .)" = "[$kid]" ]
	# -r and -n work on the tree
	run --separate-stderr nsi tree -r -n -o PID,COMMAND -p "$pid"
	[ "$status" -eq 0 ]
	[ "$(head -1 <<<"$output")" = "$pid sh\\x20-c\\x20sleep\\x201005\\x20&\\x20wait" ]
}

@test "tree: a Docker container's init under containerd-shim, labelled docker:ID and its name" {
	require_root
	require_docker
	CONTAINER=nsi-tree-$$
	docker run -d --name "$CONTAINER" "$NSI_IMAGE" sleep 1000 >/dev/null
	local id cpid shim row
	id=$(docker inspect -f '{{.Id}}' "$CONTAINER")
	cpid=$(docker inspect -f '{{.State.Pid}}' "$CONTAINER")
	shim=$(ps -o ppid= -p "$cpid" | tr -d ' ')
	run --separate-stderr nsi tree -J -o PID,PPID,NS,RUNTIME,CONTAINER,CNAME,COMMAND
	[ "$status" -eq 0 ]
	row=$(row_of "$cpid" <<<"$output")
	[ "$(jq -r .container <<<"$row")" = "docker:${id:0:12}" ]
	[ "$(jq -r .cname <<<"$row")" = "$CONTAINER" ]
	[ "$(jq -r .ns <<<"$row")" = "[+pid +net +mnt +uts +ipc]" ]
	# its parent row is the shim, shown for what it is
	[ "$(jq --argjson s "$shim" --argjson c "$cpid" '[.. | objects | select(.pid? == $s) | .children[] | select(.pid == $c)] | length' <<<"$output")" = 1 ]
	[ "$(row_of "$shim" <<<"$output" | jq -r .runtime)" = shim ]
	[[ "$(row_of "$shim" <<<"$output" | jq -r .command)" == *containerd-shim* ]]
	# --containers keeps the chain to it and the engine, drops the rest
	local other
	other=$(start_bg sleep 1006)
	run --separate-stderr nsi tree -J --containers -o PID,RUNTIME,CONTAINER,CNAME,COMMAND
	[ "$status" -eq 0 ]
	[ "$(row_of "$cpid" <<<"$output" | jq -r .cname)" = "$CONTAINER" ]
	[ "$(row_of "$shim" <<<"$output" | jq -r .runtime)" = shim ]
	[ "$(jq '[.. | objects | select(.runtime? == "engine")] | length' <<<"$output")" -ge 1 ]
	[ "$(jq '[.. | objects | select(.runtime? == "containerd")] | length' <<<"$output")" -ge 1 ]
	[ "$(row_of "$other" <<<"$output")" = null ]
	# every leaf left is a container process or a runtime
	[ "$(jq '[.. | objects | select(.pid? and (.children | not)) | select(.container == null and .runtime == null)] | length' <<<"$output")" = 0 ]
}

@test "tree: --ns-tree user shows three nested user namespaces with their owner uid" {
	require_root
	local pid leaf ino got
	pid=$(start_bg setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare --user --map-root-user unshare --user --map-root-user \
		unshare --user --map-root-user sleep 1000)
	wait_for chain_ready "$pid" 0 sleep || skip "unprivileged user namespaces are not allowed here"
	leaf=$pid
	ino=$(ns_ino "$leaf" user)
	[ "$ino" != "$(ns_ino $$ user)" ]
	run --separate-stderr nsi tree --ns-tree user -J -o NAMESPACE,INODE,NPROCS,OWNER,PID,COMMAND
	[ "$status" -eq 0 ]
	# three levels below the initial user namespace
	got=$(jq --arg n "user:[$ino]" '[paths(objects and .namespace? == $n)][0] | map(select(. == "children")) | length' <<<"$output")
	[ "$got" = 3 ] || { echo "depth $got"; return 1; }
	row=$(jq -c --argjson i "$ino" '[.. | objects | select(.inode? == $i)][0]' <<<"$output")
	[ "$(jq -r .owner <<<"$row")" = 65534 ]
	[ "$(jq -r .nprocs <<<"$row")" = 1 ]
	[ "$(jq -r .pid <<<"$row")" = "$leaf" ]
	[ "$(jq -r .command <<<"$row")" = "sleep 1000" ]
	# the levels in between have no process left, and the same owner
	[ "$(jq --arg n "user:[$ino]" '[paths(objects and .namespace? == $n)][0] as $p |
		[range(2; $p | length; 2) as $k | getpath($p[0:$k]) | .owner] | .[1:] | unique' <<<"$output" | jq -c .)" = "[65534]" ]
	# the table draws the tree
	run --separate-stderr nsi tree --ns-tree user
	[ "$status" -eq 0 ]
	grep -qE "└─user:\[$ino\] +1 +65534 +$leaf " <<<"$output"
}

@test "tree: --ns-tree pid shows unshare --pid --fork twice as two levels" {
	require_root
	local pid leaf ino mid got
	pid=$(start_bg unshare --pid --fork unshare --pid --fork sleep 1000)
	wait_for chain_ready "$pid" 2 sleep
	leaf=$(leaf_of "$pid")
	mid=$(children_of "$pid" | head -1)
	ino=$(ns_ino "$leaf" pid)
	run --separate-stderr nsi tree --ns-tree pid -J -o NAMESPACE,INODE,NPROCS,PID
	[ "$status" -eq 0 ]
	got=$(jq --arg n "pid:[$ino]" '[paths(objects and .namespace? == $n)][0] | map(select(. == "children")) | length' <<<"$output")
	[ "$got" = 2 ] || { echo "depth $got"; return 1; }
	# its parent is the namespace of the middle unshare, as the kernel says
	[ "$(jq --argjson i "$(ns_ino "$mid" pid)" --argjson l "$ino" '[.. | objects | select(.inode? == $i) | .children[] | select(.inode == $l)] | length' <<<"$output")" = 1 ]
	[ "$(jq --argjson i "$(ns_ino "$mid" pid)" '[.. | objects | select(.inode? == $i)][0].pid' <<<"$output")" = "$mid" ]
	# -p starts at the namespace of that process
	run --separate-stderr nsi tree --ns-tree pid -J -p "$mid" -o INODE
	[ "$status" -eq 0 ]
	[ "$(jq -c '[.. | objects | .inode? // empty]' <<<"$output")" = "[$(ns_ino "$mid" pid),$ino]" ]
}

@test "tree: usage errors exit 2, a missing PID exits 1" {
	run nsi tree -p abc
	[ "$status" -eq 2 ]
	[[ "$output" == *"invalid PID: 'abc'"* ]]
	run nsi tree -p 4194303
	[ "$status" -eq 1 ]
	[[ "$output" == *"no process with PID 4194303"* ]]
	run nsi tree --ns-tree net
	[ "$status" -eq 2 ]
	[[ "$output" == *"'net'"* ]]
	run nsi tree --ns-tree user -t
	[ "$status" -eq 2 ]
	run nsi tree --ns-tree pid --ns net
	[ "$status" -eq 2 ]
	run nsi tree -o BOGUS
	[ "$status" -eq 2 ]
	[[ "$output" == *"'BOGUS'"* ]]
	run nsi tree extra
	[ "$status" -eq 2 ]
	run nsi tree --bogus
	[ "$status" -eq 2 ]
	run nsi tree --list-columns
	[ "$status" -eq 0 ]
	[[ "$output" == *" NS  "* && "$output" == *"CONTAINER"* ]]
	run nsi tree -H
	[ "$status" -eq 0 ]
	run nsi tree --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"--ns-tree"* ]]
}

@test "tree: a captured sysroot renders from its files: runtime chain, marks, container" {
	local fx=$FIXTURES_DIR/hybrid-docker
	[ -d "$fx/proc" ] || skip "fixture hybrid-docker is missing"
	run --separate-stderr nsi --sysroot "$fx" tree -J -o PID,PPID,NS,RUNTIME,CONTAINER,COMMAND
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	# the container init under its shim, the shim under PID 1
	[ "$(jq -c '[.. | objects | select(.pid? == 30765) | .children[].pid]' <<<"$output")" = "[30792]" ]
	[ "$(row_of 30792 <<<"$output" | jq -r .ns)" = "[+pid +net +mnt +uts +ipc]" ]
	[ "$(row_of 30792 <<<"$output" | jq -r .container)" = "docker:73f0d4fe0918" ]
	[ "$(row_of 30765 <<<"$output" | jq -r .runtime)" = shim ]
	[ "$(row_of 2963 <<<"$output" | jq -r .runtime)" = engine ]
	[ "$(row_of 2970 <<<"$output" | jq -r .runtime)" = containerd ]
	# unshare --fork --pid --mount-proc --uts --ipc and its child
	[ "$(row_of 30929 <<<"$output" | jq -r .ns)" = "[+mnt +uts +ipc]" ]
	[ "$(row_of 30932 <<<"$output" | jq -r .ns)" = "[+pid]" ]
	# PID 1's links were not captured: its children get no false mark
	[ "$(row_of 2963 <<<"$output" | jq -r .ns)" = null ]
	# kernel threads hidden, shown with -k
	[ "$(row_of 3 <<<"$output")" = null ]
	run --separate-stderr nsi --sysroot "$fx" tree -J -k
	[ "$(jq -c '[.. | objects | select(.pid? == 2) | .children[].pid]' <<<"$output")" = "[3]" ]
	# the table itself
	run env LC_ALL=C.UTF-8 "$NSINSPECT" --sysroot "$fx" tree -o PID,NS,COMMAND
	[ "$status" -eq 0 ]
	grep -qE '^30792 \[\+pid \+net \+mnt \+uts \+ipc\] +│ └─sleep 100000$' <<<"$output"
	# the namespace hierarchy needs the live kernel: a note, a flat list
	run --separate-stderr nsi --sysroot "$fx" tree --ns-tree pid -J -o INODE,PID
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"note:"* ]]
	[ "$(jq '[.namespaces[] | select(.children)] | length' <<<"$output")" = 0 ]
	[ "$(jq '[.namespaces[] | select(.pid == 30792)] | length' <<<"$output")" = 1 ]
}
