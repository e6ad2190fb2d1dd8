#!/usr/bin/env bats
# `nsinspect ns` on real kernel state: namespaces made here with unshare,
# ip netns, open descriptors and Docker, cross-checked against /proc and
# lsns(8) from util-linux.  Everything made here is removed in teardown.

bats_require_minimum_version 1.5.0
load ../lib/common

NETNS=nsi-ns-blue-$NSI_RUN_ID
WEB=nsi-ns-web-$NSI_RUN_ID
SIDE=nsi-ns-side-$NSI_RUN_ID
PY=/usr/bin/python3
: "${NSI_IMAGE:=nsi-busybox:test}"

setup() {
	require_root
	OUT="$BATS_TEST_TMPDIR/out"
	ERR="$BATS_TEST_TMPDIR/err"
}

teardown() {
	kill_recorded
	if mountpoint -q /run/nsi-ns-b2-$NSI_RUN_ID 2>/dev/null; then umount /run/nsi-ns-b2-$NSI_RUN_ID; fi
	rm -f /run/nsi-ns-b2-$NSI_RUN_ID
	if [ -d /run/nsi-ns-priv-$NSI_RUN_ID ]; then
		umount /run/nsi-ns-priv-$NSI_RUN_ID/net 2>/dev/null || true
		rm -rf /run/nsi-ns-priv-$NSI_RUN_ID
	fi
	if [ -e "/run/netns/$NETNS" ]; then ip netns del "$NETNS"; fi
	if [ "${NSI_DOCKER:-0}" = 1 ] && [ -n "${DOCKER_USED:-}" ]; then
		docker rm -f "$WEB" "$SIDE" >/dev/null 2>&1 || true
	fi
}

# Inode of a process's namespace of type $2.
ns_ino() {
	stat -L -c %i "/proc/$1/ns/$2"
}

# Echoes the child of $1 once it runs $2 (its comm).
child_running() {
	local parent=$1 comm=$2 c i
	for i in $(seq 1 50); do
		for c in $(pgrep -P "$parent"); do
			if [ "$(cat "/proc/$c/comm" 2>/dev/null)" = "$comm" ]; then
				echo "$c"
				return 0
			fi
		done
		sleep 0.1
	done
	echo "no child of $parent runs $comm" >&2
	return 1
}

# Waits until process $1 runs comm $2 (after the execs of unshare).
wait_comm() {
	local i
	for i in $(seq 1 50); do
		[ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ] && return 0
		sleep 0.1
	done
	echo "process $1 never ran $2" >&2
	return 1
}

# The JSON row of namespace $2 in JSON text $1 (empty when absent).
row_of() {
	jq -c --argjson ino "$2" '[.namespaces[] | select(.ns == $ino)] | .[0] // empty' <<<"$1"
}

# Fails with both texts shown when they differ.
assert_eq() {
	if [ "$1" != "$2" ]; then
		printf 'expected: %s\nactual:   %s\n' "$2" "$1" >&2
		return 1
	fi
}

# No control byte but tab and newline, and valid UTF-8.
assert_clean_text() {
	if LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]' "$1" >&2; then
		echo "raw control bytes in $1" >&2
		return 1
	fi
	if ! iconv -f UTF-8 -t UTF-8 "$1" >/dev/null; then
		echo "invalid UTF-8 in $1" >&2
		return 1
	fi
}

start_all_types() {
	U=$(start_bg unshare --fork --pid --mount-proc --uts --ipc --net --cgroup --time sleep 1000)
	C=$(child_running "$U" sleep)
}

@test "unshare of every type: each new namespace with its type, nprocs and lowest pid" {
	start_all_types
	nsi ns -J -o NS,TYPE,NPROCS,PID,PATH >"$OUT" 2>"$ERR"
	local json t ino row
	json=$(cat "$OUT")
	# unshare itself stays in the namespaces it made, except pid and time,
	# which only its child enters
	for t in mnt uts ipc net cgroup; do
		ino=$(ns_ino "$C" "$t")
		[ "$ino" != "$(ns_ino $$ "$t")" ]
		row=$(row_of "$json" "$ino")
		assert_eq "$(jq -r '[.type, .nprocs, .pid, .path] | @tsv' <<<"$row")" \
			"$t	2	$U	/proc/$U/ns/$t"
	done
	for t in pid time; do
		ino=$(ns_ino "$C" "$t")
		[ "$ino" = "$(ns_ino "$U" "${t}_for_children")" ]
		row=$(row_of "$json" "$ino")
		assert_eq "$(jq -r '[.type, .nprocs, .pid] | @tsv' <<<"$row")" "$t	1	$C"
	done
}

@test "syscalls: under 15 per process with fds 0-2; files and directories closed in runs" {
	command -v strace >/dev/null || skip "needs strace"
	# 20 sleeps and their shell in new net and uts namespaces, holding
	# only fds 0-2 (bats keeps fd 3 and more open: python closes them)
	local sh
	sh=$(start_bg unshare --net --uts "$PY" -c 'import os
os.closerange(3, 1 << 20)
os.execvp("sh", ["sh", "-c", "for i in $(seq 20); do sleep 1000 & done; wait"])')
	local i n=0
	for i in $(seq 1 50); do
		n=$(pgrep -c -P "$sh" || true)
		[ "$n" -ge 20 ] && break
		sleep 0.1
	done
	[ "$n" -ge 20 ]
	local pids log=$BATS_TEST_TMPDIR/strace
	pids="$sh $(pgrep -P "$sh" | tr '\n' ' ')"
	# (LeakSanitizer cannot run under ptrace: off for a SANITIZE=1 build)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -qq -y -o "$log" "$NSINSPECT" ns >/dev/null 2>&1
	# every call made through a descriptor of /proc/PID of the group, or
	# that opens it, is charged to PID; close_range is shared by all
	local calls closes
	calls=$(awk -v pids="$pids" 'BEGIN { split(pids, a, " "); for (k in a) want[a[k]] = 1 }
		{ if (match($0, /\/proc\/[0-9]+/)) { p = substr($0, RSTART + 6, RLENGTH - 6); if (p in want) n++ }
		  else if ($0 ~ /^openat\(.*, "[0-9]+"/) { split($0, q, "\""); if (q[2] in want) n++ } }
		END { print n + 0 }' "$log")
	echo "calls for $(wc -w <<<"$pids") processes: $calls"
	[ "$calls" -lt $((15 * $(wc -w <<<"$pids"))) ]
	# the shell is the row of both namespaces: its status, cmdline and
	# cgroup are closed with the others of their run, by close_range (a
	# close() only where a run has one descriptor, at most one here)
	closes=$(grep -cE "^close\\([0-9]+</proc/($(tr ' ' '|' <<<"${pids% }"))[/>]" "$log" || true)
	echo "close() of the group's descriptors: $closes"
	[ "$closes" -le 1 ]
}

@test "a low descriptor limit (ulimit -n 12): the same processes, none taken for vanished" {
	local mnt all low
	mnt=$(ns_ino $$ mnt)
	all=$(nsi ns -n -r -t mnt -o NS,NPROCS 2>/dev/null | awk -v ns="$mnt" '$1 == ns { print $2 }')
	# valgrind itself needs more than 12 descriptors: under it, this run
	# is the plain binary's
	local run=(nsi)
	[ "${NSI_VALGRIND:-0}" = 1 ] && run=("$NSINSPECT")
	low=$(ulimit -n 12 && "${run[@]}" ns -n -r -t mnt -o NS,NPROCS 2>/dev/null | awk -v ns="$mnt" '$1 == ns { print $2 }')
	echo "processes in our mnt namespace: $all, with 12 descriptors: $low"
	[ "$all" -gt 20 ]
	[ "$low" -ge $((all - 3)) ] && [ "$low" -le $((all + 3)) ]
}

@test "user namespace of unshare --user --map-root-user: owner and parent are the host's" {
	local s ino host json row
	s=$(start_bg unshare --user --map-root-user sleep 1000)
	wait_comm "$s" sleep
	ino=$(ns_ino "$s" user)
	host=$(ns_ino $$ user)
	[ "$ino" != "$host" ]
	json=$(nsi ns -J -t user -o NS,TYPE,NPROCS,PID,UID,USER,PNS,ONS 2>/dev/null)
	row=$(row_of "$json" "$ino")
	assert_eq "$(jq -r '[.type, .nprocs, .pid, .uid, .user, .pns, .ons] | @tsv' <<<"$row")" \
		"user	1	$s	0	root	$host	$host"
	# only user namespaces were asked for
	assert_eq "$(jq -r '[.namespaces[].type] | unique | join(",")' <<<"$json")" user
}

@test "ip netns add: held by its bind mount only, HOLDER and NSFS name it, NPROCS 0" {
	ip netns add "$NETNS"
	local ino json row
	ino=$(stat -L -c %i "/run/netns/$NETNS")
	json=$(nsi ns -J -o NS,TYPE,NPROCS,PID,PATH,NSFS,HOLDER 2>/dev/null)
	row=$(row_of "$json" "$ino")
	assert_eq "$(jq -r '[.type, .nprocs, .pid, .path, .nsfs, .holder] | @tsv' <<<"$row")" \
		"net	0		/run/netns/$NETNS	/run/netns/$NETNS	bind /run/netns/$NETNS"
	assert_eq "$(jq -r '.pid' <<<"$row")" null
	# the default table grows a HOLDER column for it; -t net has NSFS too
	run -0 --separate-stderr nsi ns -t net
	[[ "${lines[0]}" == *NETNSID*NSFS*HOLDER* ]]
	local line
	line=$(grep "^ *$ino " <<<"$output")
	[[ "$line" == *" net "*" 0 "*"/run/netns/$NETNS"*"bind /run/netns/$NETNS"* ]]
}

@test "a namespace held only by an open fd: HOLDER 'fd N of pid P', PATH /proc/P/fd/N" {
	local s ino h fd f json row
	s=$(start_bg unshare --net sleep 1000)
	wait_comm "$s" sleep
	ino=$(ns_ino "$s" net)
	h=$(start_bg $PY -c 'import os, sys, time
fd = os.open("/proc/%s/ns/net" % sys.argv[1], os.O_RDONLY)
time.sleep(1000)' "$s")
	fd_of() {
		for f in /proc/"$h"/fd/*; do
			if [ "$(readlink "$f")" = "net:[$ino]" ]; then
				fd=${f##*/}
				return 0
			fi
		done
		return 1
	}
	wait_for fd_of
	kill -KILL "$s"
	gone() { ! readlink "/proc/$s/ns/net" >/dev/null 2>&1; }
	wait_for gone
	json=$(nsi ns -J -o NS,TYPE,NPROCS,PID,PATH,HOLDER 2>/dev/null)
	row=$(row_of "$json" "$ino")
	assert_eq "$(jq -r '[.type, .nprocs, .pid, .path, .holder] | @tsv' <<<"$row")" \
		"net	0		/proc/$h/fd/$fd	fd $fd of pid $h"
	assert_eq "$(jq -r '.pid' <<<"$row")" null
	run -0 --separate-stderr nsi ns
	[[ "${lines[0]}" == *HOLDER ]]
	[[ "$(grep "^ *$ino " <<<"$output")" == *"fd $fd of pid $h" ]]
}

@test "--threads: a namespace only a thread is in: HOLDER 'thread T of pid P', lsns misses it" {
	start_odd_thread || skip "seccomp_helper is not built (make check builds it)"
	local ino json row
	ino=$(ns_ino "$ODD_PID/task/$ODD_TID" uts)
	[ "$ino" != "$(ns_ino "$ODD_PID" uts)" ]
	# /proc/PID/ns shows the main thread: neither lsns nor a plain run see it
	require_lsns
	[ "$(lsns -J | jq --argjson i "$ino" '[.namespaces[] | select(.ns == $i)] | length')" = 0 ]
	json=$(nsi ns -J 2>/dev/null)
	[ "$(jq --argjson i "$ino" '[.namespaces[] | select(.ns == $i)] | length' <<<"$json")" = 0 ]
	json=$(nsi ns --threads -J -o NS,TYPE,NPROCS,PID,PATH,HOLDER 2>/dev/null)
	row=$(row_of "$json" "$ino")
	assert_eq "$(jq -r '[.type, .nprocs, .pid, .path, .holder] | @tsv' <<<"$row")" \
		"uts	0		/proc/$ODD_PID/task/$ODD_TID/ns/uts	thread $ODD_TID of pid $ODD_PID"
	# as a NAMESPACE argument: the process whose thread is in it
	assert_eq "$(nsi ns --threads -J "$ino" 2>/dev/null | jq -c '[.namespaces[].pid]')" "[$ODD_PID]"
	# its owner is read through that thread's link
	assert_eq "$(nsi ns --threads -r -n -o NS,ONS 2>/dev/null | awk -v i="$ino" '$1 == i { print $2 }')" \
		"$(ns_ino "$ODD_PID" user)"
}

@test "--threads when the main thread has exited: the thread's own path, not one through another thread" {
	start_odd_thread 1 leader-exit || skip "seccomp_helper is not built (make check builds it)"
	wait_for eval '[ "$(awk "/^State:/ { print \$2 }" /proc/$ODD_PID/status)" = Z ]'
	local ino json
	ino=$(ns_ino "$ODD_PID/task/$ODD_TID" uts)
	json=$(nsi ns --threads -J -o NS,PATH,HOLDER,ONS 2>/dev/null)
	assert_eq "$(row_of "$json" "$ino" | jq -r '[.path, .holder, .ons] | @tsv')" \
		"/proc/$ODD_PID/task/$ODD_TID/ns/uts	thread $ODD_TID of pid $ODD_PID	$(ns_ino "$ODD_PID/task/$ODD_TID" user)"
	# as a NAMESPACE argument, the process's row points at its thread's link
	assert_eq "$(nsi ns --threads -J -o PID,PATH "$ino" 2>/dev/null | jq -r '.namespaces[] | [.pid, .path] | @tsv')" \
		"$ODD_PID	/proc/$ODD_PID/task/$ODD_TID/ns/uts"
}

@test "an fd opened through a netns bind mount keeps it listed after ip netns del" {
	ip netns add "$NETNS"
	local ino h row json
	ino=$(stat -L -c %i "/run/netns/$NETNS")
	# the descriptor reads as the mount path, not as net:[ino]
	h=$(start_bg bash -c "exec 7</run/netns/$NETNS; exec sleep 1000")
	wait_comm "$h" sleep
	assert_eq "$(readlink "/proc/$h/fd/7")" "/run/netns/$NETNS"
	json=$(nsi ns -J -o NS,NPROCS,HOLDER 2>/dev/null)
	row=$(row_of "$json" "$ino")
	assert_eq "$(jq -r '.holder' <<<"$row")" "bind /run/netns/$NETNS,fd 7 of pid $h"
	# once unmounted the descriptor reads as "/" and is all that holds it
	ip netns del "$NETNS"
	assert_eq "$(readlink "/proc/$h/fd/7")" "/"
	json=$(nsi ns -J -o NS,TYPE,NPROCS,HOLDER 2>/dev/null)
	row=$(row_of "$json" "$ino")
	assert_eq "$(jq -r '[.type, .nprocs, .holder] | @tsv' <<<"$row")" "net	0	fd 7 of pid $h"
}

@test "docker containers: CONTAINER is docker:<12 chars of the id>, --net=container shares" {
	require_docker
	DOCKER_USED=1
	docker run -d --name "$WEB" "$NSI_IMAGE" sleep 1000 >/dev/null
	docker run -d --name "$SIDE" --net="container:$WEB" "$NSI_IMAGE" sleep 1000 >/dev/null
	local id id2 pid pid2 json t row net low
	id=$(docker inspect -f '{{.Id}}' "$WEB")
	id2=$(docker inspect -f '{{.Id}}' "$SIDE")
	pid=$(docker inspect -f '{{.State.Pid}}' "$WEB")
	pid2=$(docker inspect -f '{{.State.Pid}}' "$SIDE")
	[ "$pid" -gt 0 ] && [ "$pid2" -gt 0 ]
	json=$(nsi ns -J -o NS,TYPE,NPROCS,PID,CONTAINER 2>/dev/null)
	for t in mnt uts ipc pid; do
		row=$(row_of "$json" "$(ns_ino "$pid" $t)")
		assert_eq "$(jq -r '[.type, .nprocs, .pid, .container] | @tsv' <<<"$row")" \
			"$t	1	$pid	docker:${id:0:12}"
		row=$(row_of "$json" "$(ns_ino "$pid2" $t)")
		assert_eq "$(jq -r '[.type, .nprocs, .pid, .container] | @tsv' <<<"$row")" \
			"$t	1	$pid2	docker:${id2:0:12}"
	done
	net=$(ns_ino "$pid" net)
	assert_eq "$(ns_ino "$pid2" net)" "$net"
	low=$((pid < pid2 ? pid : pid2))
	local lowid=$id
	[ "$low" = "$pid" ] || lowid=$id2
	row=$(row_of "$json" "$net")
	assert_eq "$(jq -r '[.type, .nprocs, .pid, .container] | @tsv' <<<"$row")" \
		"net	2	$low	docker:${lowid:0:12}"
	# the members of the shared net namespace, each with its container
	run -0 --separate-stderr nsi ns -r -n -o PID,CONTAINER "$net"
	assert_eq "$(sort <<<"$output")" "$(printf '%s docker:%s\n%s docker:%s\n' \
		"$pid" "${id:0:12}" "$pid2" "${id2:0:12}" | sort)"
}

# lsns and nsinspect agree on the namespaces made here (inodes in CREATED):
# same type, nprocs and lowest pid; and every namespace lsns lists both
# before and after nsinspect runs (others come and go) is in ours with the
# same type.  $@: extra arguments for both tools.
compare_with_lsns() {
	lsns -J -o NS,TYPE,NPROCS,PID "$@" >"$BATS_TEST_TMPDIR/l1"
	nsi ns -J -o NS,TYPE,NPROCS,PID "$@" >"$BATS_TEST_TMPDIR/n" 2>"$ERR"
	lsns -J -o NS,TYPE,NPROCS,PID "$@" >"$BATS_TEST_TMPDIR/l2"
	local created
	created=$(printf '%s\n' "${CREATED[@]}" | jq -s -c .)
	local q='[.namespaces[] | select(.ns as $n | $c | index($n))] | sort_by(.ns)'
	jq -c --argjson c "$created" "$q" "$BATS_TEST_TMPDIR/l1" >"$BATS_TEST_TMPDIR/l1.c"
	jq -c --argjson c "$created" "$q" "$BATS_TEST_TMPDIR/n" >"$BATS_TEST_TMPDIR/n.c"
	diff "$BATS_TEST_TMPDIR/l1.c" "$BATS_TEST_TMPDIR/n.c" >&2
	jq -e --argjson c "$created" 'length == ($c | length)' "$BATS_TEST_TMPDIR/n.c" >/dev/null ||
		{ echo "not every namespace made here is listed" >&2; return 1; }
	jq -e -n --slurpfile a "$BATS_TEST_TMPDIR/l1" --slurpfile b "$BATS_TEST_TMPDIR/l2" --slurpfile n "$BATS_TEST_TMPDIR/n" \
		'[$a[0].namespaces[] | {ns, type}] as $x | [$b[0].namespaces[] | {ns, type}] as $y |
		 [$n[0].namespaces[] | {ns, type}] as $z | ($x - ($x - $y)) - $z == []' >/dev/null ||
		{ echo "a namespace lsns lists is missing" >&2; return 1; }
}

@test "lsns -J cross-check: same inode, type, nprocs and lowest pid" {
	require_lsns
	start_all_types
	local u
	u=$(start_bg unshare --user --map-root-user sleep 1000)
	wait_comm "$u" sleep
	local t
	CREATED=()
	for t in mnt uts ipc net cgroup pid time; do CREATED+=("$(ns_ino "$C" $t)"); done
	CREATED+=("$(ns_ino "$u" user)")
	compare_with_lsns
	# and the host's initial namespaces, whatever their process counts
	for t in mnt uts ipc net cgroup pid time user; do
		jq -e --argjson ino "$(ns_ino $$ $t)" --arg t "$t" \
			'any(.namespaces[]; .ns == $ino and .type == $t)' "$BATS_TEST_TMPDIR/n" >/dev/null
	done
}

@test "lsns -J -t net and -p PID cross-check" {
	require_lsns
	start_all_types
	CREATED=("$(ns_ino "$C" net)")
	compare_with_lsns -t net
	assert_eq "$(jq -r '[.namespaces[].type] | unique | join(",")' "$BATS_TEST_TMPDIR/n")" net
	local t
	CREATED=()
	for t in mnt uts ipc net cgroup pid time; do CREATED+=("$(ns_ino "$C" $t)"); done
	compare_with_lsns -p "$C"
	# -p lists exactly one namespace of each type: the ones of that process
	local want=() got
	for t in cgroup ipc mnt net pid time user uts; do want+=("$t:$(ns_ino "$C" $t)"); done
	got=$(jq -r '[.namespaces[] | "\(.type):\(.ns)"] | sort | join(" ")' "$BATS_TEST_TMPDIR/n")
	assert_eq "$got" "${want[*]}"
	local l
	l=$(jq -r '[.namespaces[] | "\(.type):\(.ns)"] | sort | join(" ")' "$BATS_TEST_TMPDIR/l1")
	assert_eq "$got" "$l"
}

@test "PID 1 is unreadable here: lsns skips it silently, nsinspect warns once" {
	require_lsns
	if readlink /proc/1/ns/net >/dev/null 2>&1; then
		# a host where PID 1 is readable: both must show it
		run -0 lsns -n -r -o PID -p 1
		run -0 --separate-stderr nsi ns -n -r -o PID -p 1
		[ -z "$stderr" ]
		return 0
	fi
	run -0 --separate-stderr nsi ns -J -o NS,PID
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "${stderr_lines[0]}" == "nsinspect: warning: PID 1 could not be fully read (permission denied)"* ]]
	# neither tool can place PID 1 in a namespace, so PID 1 is nowhere
	jq -e 'all(.namespaces[]; .pid != 1)' <<<"$output" >/dev/null
	lsns -J -o NS,PID | jq -e 'all(.namespaces[]; .pid != 1)' >/dev/null
	# asking for it is an error, not an empty list
	run -1 --separate-stderr nsi ns -p 1
	[[ "$stderr" == *"cannot read the namespaces of PID 1: permission denied"* ]]
}

@test "-t is repeatable, -p limits to one process's namespaces" {
	start_all_types
	run -0 --separate-stderr nsi ns -J -t net -t uts -o NS,TYPE
	assert_eq "$(jq -r '[.namespaces[].type] | unique | join(",")' <<<"$output")" net,uts
	jq -e --argjson a "$(ns_ino "$C" net)" --argjson b "$(ns_ino "$C" uts)" \
		'any(.namespaces[]; .ns == $a) and any(.namespaces[]; .ns == $b)' <<<"$output" >/dev/null
	run -0 --separate-stderr nsi ns -J -p "$C" -t pid -t time -o NS,TYPE,PID
	assert_eq "$(jq -c '[.namespaces[] | [.type, .ns, .pid]] | sort' <<<"$output")" \
		"$(jq -c -n --argjson p "$(ns_ino "$C" pid)" --argjson t "$(ns_ino "$C" time)" --argjson c "$C" \
			'[["pid", $p, $c], ["time", $t, $c]] | sort')"
}

@test "NAMESPACE argument lists its member processes" {
	start_all_types
	local net
	net=$(ns_ino "$C" net)
	run -0 --separate-stderr nsi ns -J "$net"
	assert_eq "$(jq -c '[.namespaces[] | [.pid, .ppid]]' <<<"$output")" "[[$U,$(awk '/^PPid/ {print $2}' /proc/$U/status)],[$C,$U]]"
	jq -e 'all(.namespaces[]; has("user") and has("command") and has("container"))' <<<"$output" >/dev/null
	# the member listing draws the process tree in a table
	run -0 --separate-stderr nsi ns "$net"
	[[ "${lines[0]}" == *PID*PPID*USER*COMMAND* ]]
	[[ "${lines[2]}" == *"└─sleep 1000"* ]]
	# an inode that is no namespace
	run -1 --separate-stderr nsi ns 12345
	[[ "$stderr" == *"no namespace 12345"* ]]
}

@test "-o, -o +LIST, --output-all and -H agree on the column set" {
	require_lsns
	run -0 --separate-stderr nsi ns -J -o ns,TYPE,Pns
	assert_eq "$(jq -c '.namespaces[0] | keys_unsorted' <<<"$output")" '["ns","type","pns"]'
	run -0 --separate-stderr nsi ns -J -o +PATH,PPID
	assert_eq "$(jq -c '.namespaces[0] | keys_unsorted | .[-2:]' <<<"$output")" '["path","ppid"]'
	[ "$(jq -c '.namespaces[0] | keys_unsorted | .[:4]' <<<"$output")" = '["ns","type","nprocs","pid"]' ]
	run -0 --separate-stderr nsi ns -H
	local names
	names=$(awk '{print tolower($1)}' <<<"$output" | paste -sd, -)
	run -0 --separate-stderr nsi ns -J --output-all
	assert_eq "$(jq -r '.namespaces[0] | keys_unsorted | join(",")' <<<"$output")" "$names"
	run -0 --separate-stderr nsi ns --list-columns
	assert_eq "$(awk '{print tolower($1)}' <<<"$output" | paste -sd, -)" "$names"
	# every lsns column exists with the same JSON key
	local lk
	lk=$(lsns -J --output-all | jq -r '.namespaces[0] | keys_unsorted[]')
	for k in $lk; do [[ ",$names," == *",$k,"* ]] || { echo "missing $k" >&2; false; }; done
}

@test "-J: valid JSON, numbers are numbers, keys as lsns -J" {
	require_lsns
	start_all_types
	run -0 --separate-stderr nsi ns -J --output-all
	jq -e '.namespaces | length > 0' <<<"$output" >/dev/null
	jq -e 'all(.namespaces[]; (.ns | type) == "number" and (.nprocs | type) == "number"
		and ((.pid | type) == "number" or .pid == null) and ((.ppid | type) == "number" or .ppid == null)
		and ((.uid | type) == "number" or .uid == null) and ((.pns | type) == "number" or .pns == null)
		and ((.ons | type) == "number" or .ons == null) and (.type | type) == "string")' <<<"$output" >/dev/null
	# same keys, in the same order, as lsns for the default columns
	assert_eq "$(lsns -J | jq -c '.namespaces[0] | keys_unsorted')" '["ns","type","nprocs","pid","user","command"]'
	run -0 --separate-stderr nsi ns -J -o NS,TYPE,NPROCS,PID,USER,COMMAND
	assert_eq "$(jq -c '.namespaces[0] | keys_unsorted' <<<"$output")" '["ns","type","nprocs","pid","user","command"]'
	# JSON is flat unless a tree is asked for
	jq -e 'all(.namespaces[]; has("children") | not)' <<<"$output" >/dev/null
	# every value has the JSON type lsns gives it (net: NETNSID and NSFS too)
	local ino types
	ino=$(ns_ino "$C" net)
	types='.namespaces[] | select(.ns == $ino) | map_values(type)'
	lsns -J --output-all -t net | jq -cS --argjson ino "$ino" "$types" >"$BATS_TEST_TMPDIR/lt"
	run -0 --separate-stderr nsi ns -J --output-all -t net
	jq -cS --argjson ino "$ino" "$types | del(.container, .holder)" <<<"$output" >"$BATS_TEST_TMPDIR/nt"
	diff "$BATS_TEST_TMPDIR/lt" "$BATS_TEST_TMPDIR/nt"
	[ -s "$BATS_TEST_TMPDIR/nt" ]
}

@test "-l and -r: one line per row, no tree glyphs; -n drops the header" {
	start_all_types
	local f
	for f in -l -r; do
		run -0 --separate-stderr nsi ns $f -p "$C"
		[ "${#lines[@]}" -eq 9 ]
		! grep -q '[├└│]' <<<"$output" || false
		[[ "${lines[0]}" == *NS*TYPE*NPROCS*PID*COMMAND* ]]
	done
	# -r: every row has exactly as many space-separated fields as the header
	run -0 --separate-stderr nsi ns -r -o NS,TYPE,NPROCS,PID,USER,CONTAINER,COMMAND
	awk -F'[ ]' 'NR == 1 { n = NF } NF != n { print "bad row: " $0; bad = 1 } END { exit bad }' <<<"$output"
	run -0 --separate-stderr nsi ns -n -p "$C"
	[ "${#lines[@]}" -eq 8 ]
	[[ "$output" != *NPROCS* ]]
	run -0 --separate-stderr nsi ns -r -n -o NS -p "$C"
	[ "${#lines[@]}" -eq 8 ]
	# the default table draws the process tree: sleep hangs under unshare
	run -0 --separate-stderr nsi ns -p "$C"
	[[ "$(grep "^ *$(ns_ino "$C" pid) " <<<"$output")" == *"└─sleep 1000"* ]]
}

@test "-u keeps long command lines whole on a narrow terminal" {
	command -v script >/dev/null || skip "script(1) is not installed"
	local s long
	long=$(printf 'x%.0s' $(seq 1 120))
	s=$(start_bg unshare --uts sh -c 'sleep 1000; :' "$long")
	wait_comm "$s" sh
	run script -qec "stty cols 60; '$NSINSPECT' ns -p $s -t uts" /dev/null
	[[ "$output" != *"$long"* ]]
	run script -qec "stty cols 60; '$NSINSPECT' ns -u -p $s -t uts" /dev/null
	[[ "$output" == *"$long"* ]]
}

@test "-W: several bind mounts of one namespace on one line, joined by commas" {
	ip netns add "$NETNS"
	touch /run/nsi-ns-b2-$NSI_RUN_ID
	mount --bind "/run/netns/$NETNS" /run/nsi-ns-b2-$NSI_RUN_ID
	local ino
	ino=$(stat -L -c %i "/run/netns/$NETNS")
	run -0 --separate-stderr nsi ns -t net -o NS,NSFS,HOLDER
	# wrapped: the second path on a line of its own
	grep -q "^ *$ino /run/netns/$NETNS *bind /run/netns/$NETNS *\$" <<<"$output"
	grep -q "^ *  */run/nsi-ns-b2-$NSI_RUN_ID *bind /run/nsi-ns-b2-$NSI_RUN_ID *\$" <<<"$output"
	run -0 --separate-stderr nsi ns -W -t net -o NS,NSFS,HOLDER
	# (another tool on this host may hold it open too: more holders may follow)
	grep -Eq "^ *$ino /run/netns/$NETNS,/run/nsi-ns-b2-$NSI_RUN_ID +bind /run/netns/$NETNS,bind /run/nsi-ns-b2-$NSI_RUN_ID(,[^ ]+)* *\$" <<<"$output" ||
		{ echo "$output" >&2; false; }
	run -0 --separate-stderr nsi ns -J -t net -o NS,NSFS
	assert_eq "$(jq -r --argjson ino "$ino" '.namespaces[] | select(.ns == $ino) | .nsfs' <<<"$output")" \
		"/run/netns/$NETNS,/run/nsi-ns-b2-$NSI_RUN_ID"
}

@test "--tree=parent -t user: a three-level unshare --user chain shows three levels" {
	# each level keeps a shell in its namespace; '; :' stops sh from exec'ing
	local s
	s=$(start_bg unshare --user --map-root-user sh -c \
		'unshare --user --map-root-user sh -c "unshare --user --map-root-user sleep 1000; :"; :')
	local l1 l2 l3 c1 c3
	# setsid/unshare exec the first sh: it is $s, in level 1
	c1=$(child_running "$s" sh)
	c3=$(child_running "$c1" sleep)
	l1=$(ns_ino "$s" user)
	l2=$(ns_ino "$c1" user)
	l3=$(ns_ino "$c3" user)
	[ "$l1" != "$l2" ] && [ "$l2" != "$l3" ]
	run -0 --separate-stderr nsi ns -J --tree=parent -t user -o NS,PNS
	jq -e --argjson h "$(ns_ino $$ user)" --argjson a "$l1" --argjson b "$l2" --argjson c "$l3" \
		'.namespaces[] | select(.ns == $h) | .children[] | select(.ns == $a) | .children[]
		 | select(.ns == $b) | .children[] | select(.ns == $c and .pns == $b)' <<<"$output" >/dev/null
	# the table shows the same with tree glyphs, three levels deep
	run -0 --separate-stderr nsi ns --tree=parent -t user -o NS,PNS
	grep -Eq "^[├└]─$l1 " <<<"$output"
	grep -Eq "^[│ ] [├└]─$l2 " <<<"$output"
	grep -Eq "^[│ ] [│ ] [├└]─$l3 " <<<"$output"
}

@test "--tree=parent and --tree=owner: namespaces between the levels show, as in lsns" {
	require_lsns
	# the two outer levels have no process left: unshare execs the next one
	local s l3
	s=$(start_bg unshare --user --map-root-user unshare --user --map-root-user \
		unshare --user --map-root-user sleep 1000)
	wait_comm "$s" sleep
	l3=$(ns_ino "$s" user)
	run -0 lsns -J --tree=parent -t user -o NS,PNS
	local want
	want=$(jq -c --argjson c "$l3" '[.. | objects | select(has("ns") and .ns == $c)] | length' <<<"$output")
	[ "$want" = 1 ]
	# lsns: host -> a -> b -> l3, a and b without processes
	local chain
	chain=$(jq -c --argjson c "$l3" 'def walk_to($p): .ns as $me | if $me == $c then $p + [$me] else (.children // [])[] | walk_to($p + [$me]) end;
		[.namespaces[] | walk_to([])] | .[0]' <<<"$output")
	[ "$(jq length <<<"$chain")" = 4 ]
	assert_eq "$(jq '.[0]' <<<"$chain")" "$(ns_ino $$ user)"
	run -0 --separate-stderr nsi ns -J --tree=parent -t user -o NS,PNS
	assert_eq "$(jq -c --argjson c "$l3" 'def walk_to($p): .ns as $me | if $me == $c then $p + [$me] else (.children // [])[] | walk_to($p + [$me]) end;
		[.namespaces[] | walk_to([])] | .[0]' <<<"$output")" "$chain"
	# the levels without processes say what keeps them
	local a b
	a=$(jq '.[1]' <<<"$chain")
	b=$(jq '.[2]' <<<"$chain")
	run -0 --separate-stderr nsi ns -J --tree=parent -t user -o NS,NPROCS,HOLDER
	assert_eq "$(jq -c --argjson a "$a" '.. | objects | select(.ns? == $a) | [.nprocs, .holder]' <<<"$output")" \
		"[0,\"parent of user:[$b]\"]"
	# owner tree: l3's pid/uts/... are the host's, but l3 hangs under b under a
	run -0 --separate-stderr nsi ns -J --tree=owner -o NS
	assert_eq "$(jq -c --argjson c "$l3" 'def walk_to($p): .ns as $me | if $me == $c then $p + [$me] else (.children // [])[] | walk_to($p + [$me]) end;
		[.namespaces[] | walk_to([])] | .[0]' <<<"$output")" "$chain"
}

@test "PNS and ONS equal what lsns -o NS,PNS,ONS prints" {
	require_lsns
	start_all_types
	local u
	u=$(start_bg unshare --user --map-root-user unshare --pid --fork --uts sleep 1000)
	local c
	c=$(child_running "$u" sleep)
	lsns -r -n -o NS,TYPE,PNS,ONS | sort >"$BATS_TEST_TMPDIR/l"
	nsi ns -r -n -o NS,TYPE,PNS,ONS 2>/dev/null | sort >"$BATS_TEST_TMPDIR/n"
	# namespaces that exist in both runs (others come and go)
	# and whose processes did not all leave before nsinspect could ask the
	# kernel about them ('?')
	awk '$3 == "?" { next } NR == FNR { seen[$1]; next } $1 in seen' "$BATS_TEST_TMPDIR/n" "$BATS_TEST_TMPDIR/l" >"$BATS_TEST_TMPDIR/l.both"
	awk 'NR == FNR { seen[$1]; next } $1 in seen' "$BATS_TEST_TMPDIR/l.both" "$BATS_TEST_TMPDIR/n" >"$BATS_TEST_TMPDIR/n.both"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/n.both")" -gt 10 ]
	diff "$BATS_TEST_TMPDIR/l.both" "$BATS_TEST_TMPDIR/n.both"
	# and the ones made here are among them, with a nested owner and parent
	local pidns userns
	pidns=$(ns_ino "$c" pid)
	userns=$(ns_ino "$c" user)
	grep -qx "$pidns pid $(ns_ino $$ pid) $userns" "$BATS_TEST_TMPDIR/n"
	grep -qx "$(ns_ino "$c" uts) uts 0 $userns" "$BATS_TEST_TMPDIR/n"
	grep -qx "$userns user $(ns_ino $$ user) $(ns_ino $$ user)" "$BATS_TEST_TMPDIR/n"
	grep -qx "$(ns_ino "$C" net) net 0 $(ns_ino $$ user)" "$BATS_TEST_TMPDIR/n"
}

@test "hostile argv and comm: no raw control byte or bad UTF-8 reaches any output" {
	local evil s ino f
	evil=$'ev\e[31mil\r\nx\ty\x7f\xff\xfe\xc3\x28\x9b2J'
	cat >"$BATS_TEST_TMPDIR/evil.py" <<'EOF'
import ctypes, os, sys, time
ctypes.CDLL(None).prctl(15, os.fsencode(sys.argv[1])[:15], 0, 0, 0)
time.sleep(1000)
EOF
	s=$(start_bg unshare --uts --net bash -c 'exec -a "$1" '"$PY"' "$2" "$1"' _ "$evil" "$BATS_TEST_TMPDIR/evil.py")
	wait_for grep -q evil.py "/proc/$s/cmdline"
	# the argv really holds the bytes
	grep -qaP '\x1b\[31m' "/proc/$s/cmdline"
	ino=$(ns_ino "$s" uts)
	local args
	for args in "" "-r" "-l" "-J" "--output-all" "-r --output-all" "-J --output-all" "--tree=owner" \
		"-p $s" "-r -p $s" "-J -p $s" "$ino" "-r $ino" "-J $ino" "-W -u"; do
		# shellcheck disable=SC2086
		nsi ns $args >"$OUT" 2>"$ERR" || { echo "nsinspect ns $args failed" >&2; return 1; }
		grep -q 'evil.py' "$OUT" || { echo "nsinspect ns $args does not show the process" >&2; return 1; }
		assert_clean_text "$OUT"
		assert_clean_text "$ERR"
		case "$args" in
		-J*) jq -e . "$OUT" >/dev/null ;;
		esac
	done
	# -r: still one line per row
	run -0 --separate-stderr nsi ns -r -p "$s"
	[ "${#lines[@]}" -eq 9 ]
	run -0 --separate-stderr nsi ns -r "$ino"
	[ "${#lines[@]}" -eq 2 ]
	# JSON carries the escaped text, which decodes to the visible \xNN form
	run -0 --separate-stderr nsi ns -J "$ino" -o COMMAND
	jq -e '.namespaces[0].command | startswith("ev\\x1b[31mil\\x0d\\x0ax\\x09y\\x7f\\xff\\xfe")' <<<"$output" >/dev/null
	# a table shows the same escapes, not re-escaped by libsmartcols
	run -0 --separate-stderr nsi ns -o COMMAND "$ino"
	[[ "${lines[1]}" == 'ev\x1b[31mil\x0d\x0ax\x09y\x7f\xff\xfe'* ]]
}

@test "not root: exit 0, '?' where unreadable, null in JSON, one warning line" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	# a namespace only reachable through a directory nobody may enter
	local s ino
	s=$(start_bg unshare --net sleep 1000)
	wait_comm "$s" sleep
	ino=$(ns_ino "$s" net)
	mkdir -m 700 /run/nsi-ns-priv-$NSI_RUN_ID
	touch /run/nsi-ns-priv-$NSI_RUN_ID/net
	mount --bind "/proc/$s/ns/net" /run/nsi-ns-priv-$NSI_RUN_ID/net
	kill_recorded
	local asnobody=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	local cols=NS,TYPE,NPROCS,PID,PPID,UID,USER,NETNSID,PNS,ONS,CONTAINER,HOLDER,COMMAND
	run -0 --separate-stderr "${asnobody[@]}" "$NSINSPECT" ns -o "$cols"
	[ "${#stderr_lines[@]}" -eq 1 ]
	[[ "$stderr" == "nsinspect: warning: "*"permission denied"* ]]
	local row
	row=$(grep "^ *$ino " <<<"$output")
	[[ "$row" == *" net "*" 0 "*"? "*"? "*"? "*"bind /run/nsi-ns-priv-$NSI_RUN_ID/net"* ]]
	run -0 --separate-stderr "${asnobody[@]}" "$NSINSPECT" ns -J -o "$cols"
	[ "${#stderr_lines[@]}" -eq 1 ]
	jq -e --argjson ino "$ino" '.namespaces[] | select(.ns == $ino)
		| .netnsid == null and .pns == null and .ons == null and .nprocs == 0' <<<"$output" >/dev/null
	# '?' is for tables only: JSON says null
	! grep -q '"?"' <<<"$output" || false
	# every row it does show is nobody's, or a namespace without processes
	jq -e 'all(.namespaces[]; .nprocs == 0 or .user == "nobody")' <<<"$output" >/dev/null
	# a PID it cannot read is an error, not an empty list
	run -1 --separate-stderr "${asnobody[@]}" "$NSINSPECT" ns -p 1
	[[ "$stderr" == *"PID 1"*"permission denied"* ]]
}

@test "vanishing processes: 50 runs beside short-lived unshare processes, exit 0, quiet" {
	local loop i
	loop=$(start_bg bash -c 'while :; do unshare --pid --fork --net --uts true & unshare --mount --ipc true & wait; done')
	for i in $(seq 1 50); do
		nsi ns >"$OUT" 2>"$ERR" || { echo "run $i exited $?" >&2; cat "$ERR" >&2; return 1; }
		if [ -s "$ERR" ]; then
			if [ "$(wc -l <"$ERR")" != 1 ] || ! grep -q '^nsinspect: warning: PID 1 could not be fully read (permission denied)' "$ERR"; then
				echo "run $i:" >&2
				cat "$ERR" >&2
				return 1
			fi
		fi
	done
	for i in $(seq 1 10); do
		nsi ns -J --output-all >"$OUT" 2>"$ERR"
		jq -e . "$OUT" >/dev/null
		nsi ns --tree=owner >/dev/null 2>"$ERR"
		[ "$(grep -vc '^nsinspect: warning: PID 1 ' "$ERR")" = 0 ]
	done
}
