#!/usr/bin/env bats
# nsinspect top against the real kernel: batch tables and JSON lines, a
# cgroup made by hand that appears and disappears between iterations, a
# busy Docker container checked against docker stats, and the live view
# driven through tmux (keys, drill-down, resize, terminal restored).

load ../lib/common

CG=/sys/fs/cgroup
P=nsi-top-$$

setup_file() {
	export BUSY=nsi-top-$$-busy IDLE=nsi-top-$$-idle
	if [ "${NSI_DOCKER:-0}" = 1 ]; then
		docker rm -f "$BUSY" "$IDLE" >/dev/null 2>&1 || true
		docker run -d --name "$BUSY" --cpus 0.5 -m 456m "$NSI_IMAGE" \
			sh -c 'while :; do :; done' >/dev/null
		docker run -d --name "$IDLE" "$NSI_IMAGE" \
			sh -c 'sleep 1000 & sleep 1000 & sleep 1000 & wait' >/dev/null
	fi
}

teardown_file() {
	if [ "${NSI_DOCKER:-0}" = 1 ]; then
		docker rm -f "$BUSY" "$IDLE" >/dev/null 2>&1 || true
	fi
}

teardown() {
	kill_recorded
	[ -n "${TMUX_SOCK:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	local d
	for d in "${HAND_DIRS[@]}"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	true
}

@test "top: usage errors exit 2 with a message naming the bad value" {
	local a
	for a in "-d 0" "-d abc" "-d -1" "-d 1e3" "-d inf" "-n 0" "-n x" "--sort NOPE" "-o NOPE" \
		"--depth x" "--cgroup=" "extra" "--bogus" "-d"; do
		run nsi top -b $a
		[ "$status" -eq 2 ] || { echo "top -b $a: status $status"; return 1; }
		[[ "$output" == *"nsinspect: "* ]] || { echo "top -b $a: $output"; return 1; }
	done
	run nsi top -b -d abc
	[[ "$output" == *"invalid delay: 'abc'"* ]]
	run nsi top --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"--iterations"* ]]
	run nsi top --list-columns
	[ "$status" -eq 0 ]
	[[ "$output" == *"THROTTLED"* ]]
}

@test "top: -b -n 3 -d 0.5 -J prints three JSON lines with host figures and rates" {
	run nsi top -b -n 3 -d 0.5 -J
	[ "$status" -eq 0 ]
	[ "$(grep -c . <<<"$output")" -eq 3 ]
	local line
	while read -r line; do
		jq -e '.host.cpus >= 1 and .host.processes > 0 and .host.cgroups >= 1 and
		       (.host.load | length) == 3 and .host.mem_total > .host.mem_used and
		       .host.namespaces > 0 and .interval > 0.2 and (.cgroups | length) >= 1' <<<"$line"
		# the root always has a CPU rate, even on the first line
		jq -e '.cgroups[] | select(.path == "/") | .cpu != null and .cpu >= 0' <<<"$line"
	done <<<"$output"
}

@test "top: -n 1 takes its own second sample: CPU is never missing" {
	run nsi top -b -n 1 -J
	[ "$status" -eq 0 ]
	jq -e '.interval > 0.1 and .interval < 5' <<<"$output"
	jq -e '[.cgroups[] | select(.path == "/")][0].cpu != null' <<<"$output"
}

@test "top: batch tables without a terminal, a blank line and a header per iteration" {
	# stdout is not a tty here: batch mode without -b
	run nsi top -n 2 -d 0.2 --depth 1
	[ "$status" -eq 0 ]
	[ "$(grep -c '^nsinspect top - ' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^PATH ' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^CPUs [0-9]' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^$' <<<"$output")" -eq 1 ]
	# --depth 1: nothing deeper than /x
	run nsi top -b -n 1 -J --depth 1 -o path
	jq -e '[.cgroups[].path | select(test("^/[^/]+/"))] | length == 0' <<<"$output"
	# -o and --noheadings
	run nsi top -b -n 1 --noheadings -o PATH,CPU -l --depth 0
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^/\ +[0-9.]+$ ]] || { echo "$output"; return 1; }
}

@test "top: -b reads what it prints: no namespace links without a header, no memory files to prime" {
	require_root
	command -v strace >/dev/null || skip "needs strace"
	local log=$BATS_TEST_TMPDIR/strace
	# (LeakSanitizer cannot run under ptrace: off for a SANITIZE=1 build)
	# --noheadings: the header's namespace count is not printed, so no
	# process's ns links are read (only "1" and "self" for the host's)
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=readlinkat -o "$log" "$NSINSPECT" top -b -n 2 -d 0.1 --noheadings -o PATH,CPU >/dev/null
	local links
	links=$(grep -c '/ns/' "$log" || true)
	echo "ns links read without a header: $links"
	[ "$links" -le 2 ]
	# with the header, at least one a process
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=readlinkat -o "$log" "$NSINSPECT" top -b -n 1 -d 0.1 -o PATH,CPU >/dev/null
	links=$(grep -c '/ns/' "$log" || true)
	[ "$links" -ge "$(ls -d /proc/[0-9]* | wc -l | awk '{ print int($1 / 2) }')" ]
	# the priming sample (before the first sleep) opens no memory file
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -qq -e trace=openat,clock_nanosleep -o "$log" "$NSINSPECT" top -b -n 1 -o PATH,CPU,MEM,PIDS >/dev/null
	awk '/clock_nanosleep/ { exit } /memory\.|pids\./ { print; bad = 1 } END { exit bad }' "$log"
	grep -q 'memory\.' "$log" # read for the printed sample
}

@test "top: the header's count lists processes from the membership hierarchy only" {
	require_root
	command -v strace >/dev/null || skip "needs strace"
	local v1=$CG/memory name=$P-v1only log sleeper
	[ -f $CG/unified/cgroup.procs ] || [ -f $CG/systemd/cgroup.procs ] ||
		skip "no membership hierarchy beside v1 controllers (pure v2 or pure v1 host)"
	[ -f $v1/cgroup.procs ] || skip "no v1 memory hierarchy"
	HAND_DIRS=("$v1/$name")
	mkdir "$v1/$name"
	sleeper=$(start_bg sleep 1000)
	echo "$sleeper" >"$v1/$name/cgroup.procs"
	log=$BATS_TEST_TMPDIR/strace
	# forks all along: every sample lists the processes again
	start_bg sh -c 'while :; do sleep 0.05; done' >/dev/null
	# no column needs cgroup.procs, only the header's count does; MEM
	# makes the memory hierarchy walked
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -y -e trace=openat -o "$log" \
		"$NSINSPECT" top -b -J -n 2 -d 0.2 -o path,cpu,mem >"$BATS_TEST_TMPDIR/out"
	grep -q "/$name>, \"memory\." "$log" # walked
	# the v1-only cgroup's list (a sorted pidlist for v1) is never read
	local reads
	reads=$(grep -c "/$name>, \"cgroup.procs\"" "$log" || true)
	echo "reads of the v1-only cgroup.procs: $reads"
	[ "$reads" -eq 0 ]
	# and the sleeper is counted all the same: the count is that of /proc
	local counted listed
	counted=$(jq -r '.host.processes' "$BATS_TEST_TMPDIR/out" | tail -1)
	listed=$(ls -d /proc/[0-9]* | wc -l)
	echo "counted $counted, /proc lists $listed"
	[ $((counted - listed)) -le 5 ] && [ $((listed - counted)) -le 5 ]
}

@test "top: --sort and -r order the rows" {
	run nsi top -b -n 1 -J -l --sort PIDS -o path,pids
	[ "$status" -eq 0 ]
	jq -e '[.cgroups[].pids | select(. != null)] as $p | $p == ($p | sort | reverse)' <<<"$output"
	run nsi top -b -n 1 -J -l --sort pids -r -o path,pids
	jq -e '[.cgroups[].pids | select(. != null)] as $p | $p == ($p | sort)' <<<"$output"
	run nsi top -b -n 1 -J -l --sort PATH -o path
	jq -e '[.cgroups[].path] as $p | $p == ($p | sort)' <<<"$output"
}

# The hierarchies the scan walks for CPU: membership (v2 or name=systemd)
# and cpuacct.
hand_dirs() {
	local d
	for d in $CG/unified $CG/systemd $CG/cpuacct $CG/cpu,cpuacct $CG; do
		[ -f "$d/cgroup.procs" ] && echo "$d/$1"
	done
	true
}

# Waits (at most 100 naps of $3 seconds, 0.1 by default) until the file
# $1 has $2 lines.
wait_lines() {
	local i
	for i in $(seq 1 100); do
		[ "$(wc -l <"$1")" -ge "$2" ] && break
		sleep "${3:-0.1}"
	done
}

# Starts `top -b -J -d 0.3 ARGS...` in the background (through the command
# in TOP_WRAP, if any), writing to $1; sets TOP_PID and returns once two
# lines are out.
start_top_json() {
	local out=$1
	shift
	setsid "${TOP_WRAP[@]}" "$NSINSPECT" top -b -J -d 0.3 "$@" >"$out" &
	TOP_PID=$!
	echo "$TOP_PID" >>"$BATS_TEST_TMPDIR/pids"
	wait_lines "$out" 2
}

@test "top: a cgroup made by hand appears and disappears between iterations, no stale row" {
	require_root
	[ -d $CG ] || skip "no cgroup file system"
	local name=$P-hand d out i
	HAND_DIRS=($(hand_dirs "$name"))
	[ ${#HAND_DIRS[@]} -gt 0 ] || skip "no writable cgroup hierarchy"
	out=$BATS_TEST_TMPDIR/top.json
	# made after the first lines are out, so that some lines come before it
	start_top_json "$out" -n 14 --cgroup "$name" -o path,cpu
	for d in "${HAND_DIRS[@]}"; do mkdir "$d"; done
	sleep 1.5
	# the membership hierarchy last, as the kernel's users do: a cgroup
	# that still exists in some hierarchies is still there
	for ((i = ${#HAND_DIRS[@]} - 1; i >= 0; i--)); do rmdir "${HAND_DIRS[i]}"; done
	wait "$TOP_PID"
	cat "$out"
	[ "$(wc -l <"$out")" -eq 14 ]
	# per line: is the cgroup there?  e.g. 000111110000
	local seen
	seen=$(jq -r --arg p "/$name" '[.cgroups[] | select(.path == $p)] | length' "$out" | tr -d '\n')
	echo "seen: $seen"
	[[ "$seen" =~ ^0+1+0+$ ]]
	# its first row has no CPU rate yet (one sample only), later ones have
	jq -s -e --arg p "/$name" '[.[] | .cgroups[] | select(.path == $p)] |
		.[0].cpu == null and (.[1:] | all(.cpu != null))' "$out"
}

# Per line of top's JSON output, what it showed of cgroup $2: "-" absent,
# "n" present without a CPU rate, "v" with one.  e.g. --nvvv-nv
cpu_marks() {
	jq -r --arg p "$2" '[.cgroups[] | select(.path == $p)] |
		if length == 0 then "-" elif .[0].cpu == null then "n" else "v" end' "$1" | tr -d '\n'
}

# A cgroup removed while another is made under the same parent, and one
# made again under its path, each seen at the next refresh.
swap_check() {
	require_root
	[ -d $CG ] || skip "no cgroup file system"
	local name=$P-swap d out i sleeper
	HAND_DIRS=($(hand_dirs "$name"))
	[ ${#HAND_DIRS[@]} -gt 0 ] || skip "no writable cgroup hierarchy"
	# children first in teardown's list
	local parents=("${HAND_DIRS[@]}")
	HAND_DIRS=()
	for d in "${parents[@]}"; do HAND_DIRS+=("$d/a" "$d/b"); done
	HAND_DIRS+=("${parents[@]}")
	for d in "${parents[@]}"; do mkdir "$d" "$d/a"; done
	out=$BATS_TEST_TMPDIR/top.json
	start_top_json "$out" -n 24 --cgroup "$name" -o path,tasks,cpu
	# a process moves in: the kept cgroup.procs is read anew
	sleeper=$(start_bg sleep 1000)
	echo "$sleeper" >"${parents[0]}/a/cgroup.procs"
	sleep 1.5
	kill -KILL "$sleeper"
	wait_for bash -c "[ ! -s '${parents[0]}/a/cgroup.procs' ]"
	# a goes and b comes: the parent keeps its subdirectory count
	for ((i = ${#parents[@]} - 1; i >= 0; i--)); do rmdir "${parents[i]}/a"; done
	for d in "${parents[@]}"; do mkdir "$d/b"; done
	sleep 1.5
	# b made again under its path: a new cgroup, its counters start anew
	for ((i = ${#parents[@]} - 1; i >= 0; i--)); do rmdir "${parents[i]}/b"; done
	for d in "${parents[@]}"; do mkdir "$d/b"; done
	wait "$TOP_PID"
	cat "$out"
	[ "$(wc -l <"$out")" -eq 24 ]
	local tasks a b
	tasks=$(jq -r --arg p "/$name/a" '.cgroups[] | select(.path == $p) | .tasks' "$out" | sort -u | tr '\n' ' ')
	echo "tasks of a: $tasks"
	[[ " $tasks" == *" 1 "* ]]
	a=$(cpu_marks "$out" "/$name/a")
	b=$(cpu_marks "$out" "/$name/b")
	echo "a: $a"
	echo "b: $b"
	# a from the start until it goes, never again; b from then on, with one
	# sample without a rate when made and one when made again (a line
	# taken between its rmdir and mkdir may miss it)
	[[ "$a" =~ ^[nv]+-+$ ]]
	[[ "$b" =~ ^-+nv+-?nv+$ ]]
}

@test "top: a cgroup removed, another made under the same parent, one made again: seen at once" {
	swap_check
}

@test "top: the same without inotify (the subdirectory count and a stat of each child tell)" {
	# no inotify instance can be had in a user namespace whose limit is 0
	unshare -U -r sh -c 'echo 0 >/proc/sys/user/max_inotify_instances' 2>/dev/null ||
		skip "cannot limit inotify in a user namespace here"
	TOP_WRAP=(unshare -U -r sh -c 'echo 0 >/proc/sys/user/max_inotify_instances && exec "$@"' -)
	swap_check
}

# The mount of the hierarchy pids.max lives in: v1's pids, else v2's.
pids_hier() {
	local d
	for d in $CG/pids $CG; do
		[ -f "$d/cgroup.procs" ] && { echo "$d"; return; }
	done
	true
}

@test "top: a limit written between refreshes shows at the next one" {
	require_root
	local name=$P-limit hier file out
	hier=$(pids_hier)
	[ -n "$hier" ] || skip "no pids hierarchy"
	file=$hier/$name
	HAND_DIRS=("$file")
	mkdir "$file"
	[ -f "$file/pids.max" ] || skip "no pids.max in $file (pids controller not enabled there)"
	out=$BATS_TEST_TMPDIR/top.json
	start_top_json "$out" -n 12 --cgroup "$name" -o path,pidslimit
	echo 42 >"$file/pids.max"
	sleep 1.2
	echo 7 >"$file/pids.max"
	wait "$TOP_PID"
	cat "$out"
	local limits
	limits=$(jq -r --arg p "/$name" '.cgroups[] | select(.path == $p) | .pidslimit' "$out" | uniq | tr '\n' ' ')
	echo "limits: $limits"
	[ "$limits" = "max 42 7 " ]
}

@test "top: an idle subtree's CPU is not read again, and a loop moved deep into it shows at once" {
	require_root
	command -v strace >/dev/null || skip "needs strace"
	[ -d $CG ] || skip "no cgroup file system"
	local name=$P-still d out log spin
	local bases=($(hand_dirs "$name"))
	[ ${#bases[@]} -gt 0 ] || skip "no writable cgroup hierarchy"
	# name/{idle/x, a/deep}, children first in teardown's list
	HAND_DIRS=()
	for d in "${bases[@]}"; do HAND_DIRS+=("$d/idle/x" "$d/idle" "$d/a/deep" "$d/a"); done
	HAND_DIRS+=("${bases[@]}")
	for d in "${bases[@]}"; do mkdir -p "$d/idle/x" "$d/a/deep"; done
	# spinning outside the tree until moved in, which forks nothing
	spin=$(start_bg sh -c 'while :; do :; done')
	out=$BATS_TEST_TMPDIR/top.json
	log=$BATS_TEST_TMPDIR/strace
	TOP_WRAP=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
		  strace -f -qq -y -e trace=pread64,read -o "$log")
	start_top_json "$out" -n 14 --cgroup "$name" -o path,cpu
	sleep 1
	for d in "${bases[@]}"; do echo "$spin" >"$d/a/deep/cgroup.procs"; done
	wait "$TOP_PID"
	cat "$out"
	[ "$(wc -l <"$out")" -eq 14 ]
	local deep idle reads
	deep=$(jq -r --arg p "/$name/a/deep" '.cgroups[] | select(.path == $p) | .cpu // "-"' "$out" | tr '\n' ' ')
	idle=$(jq -r --arg p "/$name/idle/x" '.cgroups[] | select(.path == $p) | .cpu // "-"' "$out" | sort -u | tr '\n' ' ')
	echo "deep: $deep"
	echo "idle/x: $idle"
	# idle the whole time: 0 in every line (taken as it stood, or read)
	[ "$idle" = "0 " ]
	# the loop counts from the refresh after the move: the last three
	# lines show it busy
	jq -s -e --arg p "/$name/a/deep" '[.[] | .cgroups[] | select(.path == $p) | .cpu] |
		.[-3:] | all(. != null and . > 10)' "$out"
	# x's CPU file is read by the first walk only: its parent's CPU time
	# never moved (15 walks: the priming one and 14 printed)
	reads=$(grep -cE "/$name/idle/x/(cpu\.stat|cpuacct\.usage)>" "$log" || true)
	echo "reads of idle/x's CPU file: $reads"
	[ "$reads" -ge 1 ] && [ "$reads" -le 2 ]
}

@test "top: the header's process count follows processes started and ended between refreshes" {
	require_root
	local out=$BATS_TEST_TMPDIR/top.json counts first peak last
	start_top_json "$out" -n 12 --cgroup "$P-none"
	# 30 processes for about a second, in one session killed by its id
	local pid
	pid=$(start_bg bash -c 'for i in $(seq 30); do sleep 100 & done; wait')
	sleep 1.2
	kill -KILL -- "-$pid"
	wait "$TOP_PID"
	counts=$(jq -r '.host.processes' "$out" | tr '\n' ' ')
	echo "processes: $counts"
	# the lowest count is the base: other work on the host may add a
	# few short-lived processes to any sample
	first=$(jq -r '.host.processes' "$out" | sort -n | head -1)
	peak=$(jq -r '.host.processes' "$out" | sort -n | tail -1)
	last=$(jq -r '.host.processes' "$out" | tail -1)
	[ "$peak" -ge $((first + 30)) ]
	[ "$last" -le $((first + 5)) ]
}

@test "top: the header's namespace count follows a new process into namespaces it enters after top first saw it" {
	require_root
	command -v unshare >/dev/null || skip "needs unshare"
	local out=$BATS_TEST_TMPDIR/top.json flag=$BATS_TEST_TMPDIR/go
	# refreshes a second apart: the process is seen, enters two new
	# namespaces well before the next refresh, and forks nothing after
	setsid "$NSINSPECT" top -b -J -d 1 -n 6 --cgroup "$P-none" >"$out" &
	TOP_PID=$!
	echo "$TOP_PID" >>"$BATS_TEST_TMPDIR/pids"
	wait_lines "$out" 1
	start_bg bash -c 'exec {fd}<> <(:)
		while [ ! -e "$1" ]; do read -t 0.02 -u $fd || true; done
		exec unshare -u -i bash -c "exec {fd}<> <(:); read -u \$fd"' waiter "$flag" >/dev/null
	# the first line whose sample came after it started has seen it
	wait_lines "$out" 2 0.05
	touch "$flag"
	wait "$TOP_PID"
	cat "$out"
	local seen last
	seen=$(sed -n 2p "$out" | jq -r '.host.namespaces')
	last=$(tail -n 1 "$out" | jq -r '.host.namespaces')
	echo "namespaces: when first seen $seen, last $last"
	# its own UTS and IPC namespaces (other work may add some)
	[ "$last" -ge $((seen + 2)) ]
}

# A process in the cgroup of $2 that sends UDP over a veth pair of a
# network namespace of its own (lo is not counted), entered by the same
# PID (unshare -n execs) once the file $1 exists; it forks nothing after
# that.  Prints its PID.
start_net_sender() {
	local flag=$1 cgname=$2 pid d
	local send='ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up &&
		ip addr add 10.9.9.1/24 dev v0 && ip neigh add 10.9.9.2 lladdr 02:00:00:00:00:02 dev v0 &&
		exec {fd}<> <(:) && while :; do
			for i in 1 2 3 4 5 6 7 8; do echo hello >/dev/udp/10.9.9.2/9; done
			read -t 0.05 -u $fd || true
		done'
	pid=$(start_bg bash -c 'exec {fd}<> <(:)
		while [ ! -e "$1" ]; do read -t 0.05 -u $fd || true; done
		exec unshare -n bash -c "$2"' sender "$flag" "$send")
	for d in $(hand_dirs "$cgname"); do echo "$pid" >"$d/cgroup.procs"; done
	echo "$pid"
}

@test "top: NETRX/NETTX of a process that enters a network namespace of its own after top saw it" {
	require_root
	command -v unshare >/dev/null && command -v ip >/dev/null || skip "needs unshare and ip"
	unshare -n ip link add v0 type veth peer name v1 2>/dev/null || skip "no veth in this kernel"
	local early=$P-net-early late=$P-net-late out=$BATS_TEST_TMPDIR/top.json d
	HAND_DIRS=($(hand_dirs "$early") $(hand_dirs "$late"))
	[ ${#HAND_DIRS[@]} -gt 0 ] || skip "no writable cgroup hierarchy"
	for d in "${HAND_DIRS[@]}"; do mkdir "$d"; done
	# one in its own namespace before top starts, one that enters it
	# after top's first lines: the same PID, seen in the host's
	touch "$BATS_TEST_TMPDIR/go-early"
	start_net_sender "$BATS_TEST_TMPDIR/go-early" "$early" >/dev/null
	start_net_sender "$BATS_TEST_TMPDIR/go-late" "$late" >/dev/null
	start_top_json "$out" -n 12 --cgroup "$P-net" -o path,tasks,netrx,nettx
	touch "$BATS_TEST_TMPDIR/go-late"
	wait "$TOP_PID"
	cat "$out"
	[ "$(wc -l <"$out")" -eq 12 ]
	local name
	for name in "$early" "$late"; do
		# the last four lines: traffic both ways over the veth pair
		jq -s -e --arg p "/$name" '[.[] | .cgroups[] | select(.path == $p)] | .[-4:] |
			length == 4 and all(.nettx != null and .nettx > 0 and .netrx != null and .netrx > 0)' "$out"
	done
	# before it entered its own namespace, the late one had none to show
	jq -s -e --arg p "/$late" '[.[] | .cgroups[] | select(.path == $p)] | .[0].nettx == null' "$out"
}

@test "top: with too few descriptors to keep any, the same cgroups and counts" {
	require_root
	[ -d $CG ] || skip "no cgroup file system"
	local name=$P-fds d
	HAND_DIRS=($(hand_dirs "$name"))
	[ ${#HAND_DIRS[@]} -gt 0 ] || skip "no writable cgroup hierarchy"
	for d in "${HAND_DIRS[@]}"; do mkdir "$d"; done
	local kept few
	kept=$(nsi top -b -J -n 3 -d 0.1 --cgroup "$name" -o path,tasks | tail -1 | jq -c '[.cgroups[] | [.path, .tasks]]')
	few=$(bash -c 'ulimit -n 64 && exec "$@"' - "$NSINSPECT" top -b -J -n 3 -d 0.1 --cgroup "$name" -o path,tasks |
		tail -1 | jq -c '[.cgroups[] | [.path, .tasks]]')
	echo "kept: $kept"
	echo "few:  $few"
	[ "$kept" = "$few" ]
	[ "$kept" = "[[\"/$name\",0]]" ]
}

# CPU percent and memory (bytes) of a container as docker stats shows them.
docker_stats() {
	docker stats --no-stream --format '{{.CPUPerc}} {{.MemUsage}}' "$1" |
		awk '{ sub("%", "", $1); m = $2; f = 1
		       if (m ~ /KiB$/) f = 1024; else if (m ~ /MiB$/) f = 1048576; else if (m ~ /GiB$/) f = 1073741824
		       sub(/[KMG]?i?B$/, "", m); printf "%s %d\n", $1, m * f }'
}

# A container below its CPU limit because other work keeps the host's CPUs
# busy shows it in its own cpu.pressure: its tasks waited for a CPU.  Skips
# then (the test cannot check the limit), fails otherwise.
skip_if_starved() {
	local psi
	psi=$(jq -r '.cpupsi // 0' <<<"$1")
	awk -v c="$2" -v p="$psi" 'BEGIN { exit !(c < 35 && p >= 20) }' &&
		skip "host too busy: the container gets $2% and waited for a CPU $psi% of the time (cpu.pressure)"
	return 0
}

# One JSON row of the busy container from top (second of two samples 1 s apart).
busy_row() {
	local id
	id=$(docker inspect -f '{{.Id}}' "$BUSY")
	nsi top -b -J -n 2 -d 1 --containers --cgroup "$BUSY" | tail -1 |
		jq -c --arg id "$id" '.cgroups[] | select(.path | endswith($id))'
}

@test "top: a busy container's CPU and memory agree with docker stats (CPU +-15 points, memory +-10%)" {
	require_docker
	local row cpu mem dcpu dmem try
	for try in 1 2 3 4 5; do
		row=$(busy_row)
		read -r dcpu dmem <<<"$(docker_stats "$BUSY")"
		echo "try $try: top $row; docker stats $dcpu% $dmem bytes"
		jq -e --arg b "$BUSY" '.name == $b and .memlimit == 478150656 and .cpulimit == 0.5' <<<"$row"
		cpu=$(jq -r .cpu <<<"$row")
		mem=$(jq -r .mem <<<"$row")
		awk -v c="$cpu" -v d="$dcpu" -v m="$mem" -v dm="$dmem" 'BEGIN {
			exit !(c - d <= 15 && d - c <= 15 && m <= dm * 1.1 + 4096 && m >= dm * 0.9 - 4096) }' &&
			return 0
	done
	return 1
}

@test "top: a busy container with --cpus 0.5 shows between 35 and 65 % CPU" {
	require_docker
	local row cpu dcpu try
	for try in 1 2 3 4 5; do
		row=$(busy_row)
		cpu=$(jq -r .cpu <<<"$row")
		echo "try $try: $row"
		awk -v c="$cpu" 'BEGIN { exit !(c >= 35 && c <= 65) }' && return 0
	done
	skip_if_starved "$row" "$cpu"
	return 1
}

@test "top: -b -n 50 -d 0.1 with containers starting and stopping meanwhile" {
	require_docker
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err i
	"$NSINSPECT" top -b -n 50 -d 0.1 -J >"$out" 2>"$err" &
	local top=$!
	for i in 1 2 3; do
		docker run -d --name "$P-churn$i" "$NSI_IMAGE" sleep 1000 >/dev/null
		docker rm -f "$P-churn$i" >/dev/null
	done
	wait "$top"
	local rc=$?
	cat "$err"
	[ "$rc" -eq 0 ]
	[ "$(wc -l <"$out")" -eq 50 ]
	! grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$err" || false
	jq -e '.host.processes > 0' "$out" >/dev/null
}

# ---- the live view in tmux ----

tmux_start() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	TMUX_SOCK=$P-$BATS_TEST_NUMBER
	local bin
	bin=$(realpath "$NSINSPECT")
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 160 -y 40 \
		"env PS1='prompt\$ ' TERM=xterm-256color bash --norc --noprofile"
	tmux -L "$TMUX_SOCK" set-option -g status off
	sleep 0.3
	tmux -L "$TMUX_SOCK" send-keys "stty -a >$BATS_TEST_TMPDIR/stty.before; $bin $*; stty -a >$BATS_TEST_TMPDIR/stty.after" Enter
}

screen() {
	tmux -L "$TMUX_SOCK" capture-pane -p
}

keys() {
	tmux -L "$TMUX_SOCK" send-keys "$@"
}

# Waits until the screen matches an extended regex (up to ~8 s).
screen_has() {
	local i
	for i in $(seq 1 40); do
		screen | grep -qE -- "$1" && return 0
		sleep 0.2
	done
	echo "screen never matched '$1':"
	screen
	return 1
}

# Line number of the first line matching $1.
line_of() {
	screen | grep -nE -- "$1" | head -1 | cut -d: -f1
}

@test "top (tmux): the busy container shows ~50% CPU and its 456M limit; q restores the terminal" {
	require_docker
	tmux_start top --cgroup docker
	screen_has "nsinspect top - "
	screen_has "$BUSY"
	[ "$(tmux -L "$TMUX_SOCK" display -p '#{alternate_on}')" = 1 ]
	local row cpu try ok=0
	for try in $(seq 1 10); do
		sleep 1
		row=$(screen | grep -E -- " $BUSY ")
		echo "$row"
		[[ "$row" == *" 456M "* ]] || continue
		# the CPU column follows NAME and TASKS
		cpu=$(awk -v b="$BUSY" '{ for (i = 1; i <= NF; i++) if ($i == b) { print $(i + 2); exit } }' <<<"$row")
		awk -v c="$cpu" 'BEGIN { exit !(c >= 35 && c <= 65) }' && { ok=1; break; }
	done
	if [ $ok = 0 ]; then
		row=$(busy_row)
		skip_if_starved "$row" "$(jq -r .cpu <<<"$row")"
		return 1
	fi
	keys q
	screen_has '^prompt\$ ?$'
	[ "$(tmux -L "$TMUX_SOCK" display -p '#{alternate_on}')" = 0 ]
	! screen | grep -q "nsinspect top - " || false
	wait_for test -s "$BATS_TEST_TMPDIR/stty.after"
	diff "$BATS_TEST_TMPDIR/stty.before" "$BATS_TEST_TMPDIR/stty.after"
}

@test "top (tmux): sorting, reversing, filtering, drill-down and back, resize" {
	require_docker
	tmux_start top --cgroup docker -d 0.5
	screen_has " $BUSY "
	screen_has " $IDLE "
	# by pids: the idle container (4 tasks) above the busy one (1)
	keys p
	screen_has "sort PIDS"
	sleep 0.7
	[ "$(line_of " $IDLE ")" -lt "$(line_of " $BUSY ")" ]
	keys r
	screen_has "sort PIDS \(reversed\)"
	sleep 0.7
	[ "$(line_of " $IDLE ")" -gt "$(line_of " $BUSY ")" ]
	# by CPU: busy first
	keys c
	screen_has "sort CPU  "
	sleep 0.7
	[ "$(line_of " $BUSY ")" -lt "$(line_of " $IDLE ")" ]
	# tree and flat
	keys t
	screen_has "sort CPU  flat"
	keys t
	screen_has "sort CPU  tree"
	# filter: only the busy one; Esc clears
	keys / ; keys -l "busy"; keys Enter
	screen_has "filter: busy"
	sleep 0.7
	screen | grep -q -- " $BUSY "
	! screen | grep -q -- " $IDLE " || false
	# drill-down: the busy row is the last one of the tree
	keys End Enter
	screen_has "processes of /docker/[0-9a-f]+ \($BUSY\)"
	# the title replaces the host line whole: nothing of it is left
	! screen | grep "processes of" | grep -q "cgroups [0-9]" || false
	screen_has "sh -c while :; do :; done"
	screen | grep -E "while :" | grep -qE " R | S "
	screen | grep -q "Docker's default set"
	# s: the show report of the process
	keys s
	screen_has "nsinspect show [0-9]+"
	screen_has "container +docker:"
	keys Escape
	screen_has "processes of /docker/"
	keys Escape
	screen_has "^PATH +NAME"
	keys Escape
	screen_has " $IDLE "
	# resize: redrawn at once at the new width
	tmux -L "$TMUX_SOCK" resize-window -x 100 -y 30
	sleep 0.5
	screen_has " $BUSY"
	local w
	# (the tree glyphs are one column but three bytes)
	w=$(screen | sed 's/[│├└─]/x/g' | awk '{ if (length($0) > m) m = length($0) } END { print m }')
	[ "$w" -le 100 ]
	# help, pause and delay keys
	keys h
	screen_has "sort by CPU, memory, pids"
	keys q
	screen_has "^PATH"
	keys Space
	screen_has "\[paused\]"
	keys + +
	screen_has "every 2.0s"
	keys q
	# the shell's screen was reflowed by the resize: its prompt may land
	# on a line with old text, so check that the command finished instead
	wait_for test -s "$BATS_TEST_TMPDIR/stty.after"
	[ "$(tmux -L "$TMUX_SOCK" display -p '#{alternate_on}')" = 0 ]
	! screen | grep -q "nsinspect top - " || false
}

# The rows of a batch tree, spaces squeezed (the live view's columns are
# as wide as the rows on screen need).
squeezed() {
	sed 's/  */ /g; s/ $//'
}

# Makes $P-win in the pids hierarchy: a (a10..a60, a20/deep), b (b1, b2)
# and c, a tree taller than the pane, with pids.max 42 in a60 and c.
make_win_tree() {
	local d hier top
	hier=$(pids_hier)
	[ -n "$hier" ] || skip "no pids hierarchy"
	top=$hier/$P-win
	HAND_DIRS=()
	local dirs=("$top" "$top/a") i
	for i in $(seq 10 60); do dirs+=("$top/a/a$i"); done
	dirs+=("$top/a/a20/deep" "$top/b" "$top/b/b1" "$top/b/b2" "$top/c")
	for d in "${dirs[@]}"; do
		mkdir "$d"
		HAND_DIRS=("$d" "${HAND_DIRS[@]}") # children before parents
		[ "$d" = "$top" ] || [ "$d" = "$top/a" ] || continue
		[ -f "$d/cgroup.subtree_control" ] && echo +pids >"$d/cgroup.subtree_control" 2>/dev/null
	done
	[ -f "$top/c/pids.max" ] || skip "no pids.max in $top/c (pids controller not enabled there)"
	echo 42 >"$top/c/pids.max"
	echo 42 >"$top/a/a60/pids.max"
}

@test "top (tmux): rows scrolled into view show their values at once, the branches as in the whole tree" {
	require_root
	make_win_tree
	# -d 30: after its first two samples the view reads nothing but what
	# scrolling brings on screen
	tmux_start top -d 30 --sort PATH -o PATH,PIDSLIMIT --cgroup "$P-win"
	screen_has "^PATH +PIDSLIMIT"
	nsi top -b -n 1 -d 0.1 --sort PATH -o PATH,PIDSLIMIT --cgroup "$P-win" | tail -n +4 | squeezed >"$BATS_TEST_TMPDIR/whole"
	cat "$BATS_TEST_TMPDIR/whole"
	grep -qx ' │ └─a60 42' "$BATS_TEST_TMPDIR/whole"
	# (Home and End are sent as tmux's own terminal has them, which the
	# pane's TERM may not: pages move the selection, and the view with it)
	local page
	for page in "NPage NPage NPage" PPage "NPage NPage"; do
		keys $page
		sleep 0.5
		screen | sed -n '4,39p' | squeezed >"$BATS_TEST_TMPDIR/shown"
		echo "after $page:"
		cat "$BATS_TEST_TMPDIR/shown"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/shown")" -ge 30 ]
		# every row drawn is the whole tree's row: same branches, same value
		! grep -vxF -f "$BATS_TEST_TMPDIR/whole" "$BATS_TEST_TMPDIR/shown" || false
	done
	# the last page, never on screen before: its limits read on the way
	grep -qx ' │ └─a60 42' "$BATS_TEST_TMPDIR/shown"
	grep -qx ' └─c 42' "$BATS_TEST_TMPDIR/shown"
	keys q
}

@test "top (tmux): a process moved into a cgroup (no fork) shows in its row within a few seconds" {
	require_root
	local hier pid
	hier=$(pids_hier)
	[ -n "$hier" ] || skip "no pids hierarchy"
	HAND_DIRS=("$hier/$P-move")
	mkdir "$hier/$P-move"
	pid=$(start_bg sleep 1000)
	# PIDS brings in the pids hierarchy, where the cgroup is made
	tmux_start top -d 0.5 -l -o PATH,PIDS,TASKS --cgroup "$P-move"
	screen_has "/$P-move +0 +0$"
	# a shell builtin: the move itself forks nothing; rows keep their
	# processes at most 5 s while the kernel counts no fork or exit
	echo "$pid" >"$hier/$P-move/cgroup.procs"
	screen_has "/$P-move +[0-9]+ +1$"
	echo "$pid" >"$hier/cgroup.procs"
	screen_has "/$P-move +[0-9]+ +0$"
	keys q
}

@test "top (tmux): after a sort key is left, the next refreshes still read the rows on screen" {
	require_root
	make_win_tree
	tmux_start top -d 0.5 --sort PATH -o PATH,PIDSLIMIT --cgroup "$P-win"
	screen_has "^PATH +PIDSLIMIT"
	# by pids (read for every cgroup), then by CPU (all 0: by path again)
	keys p
	screen_has "sort PIDS"
	keys c
	screen_has "sort CPU"
	sleep 1.2 # refreshes that read CPU for every cgroup
	keys NPage NPage NPage
	screen_has " └─c +42$"
	screen_has " │ └─a60 +42$"
	keys q
}

# initscr() would print ncurses' own message and exit by itself.
@test "top (tmux): an unknown TERM is one nsinspect error and exit 1, the terminal as it was" {
	tmux_start --version
	screen_has "^nsinspect "
	local bin
	bin=$(realpath "$NSINSPECT")
	keys "clear; TERM=nsi-bogus $bin top; echo rc=\$?; stty -a >$BATS_TEST_TMPDIR/stty.bogus" Enter
	screen_has "^rc=1$"
	[ "$(screen | grep -c '^nsinspect: ')" = 1 ]
	screen_has "^nsinspect: unknown terminal type 'nsi-bogus' \(TERM\); 'nsinspect top -b' prints without one$"
	! screen | grep -q "Error opening terminal"
	wait_for test -s "$BATS_TEST_TMPDIR/stty.bogus"
	diff "$BATS_TEST_TMPDIR/stty.before" "$BATS_TEST_TMPDIR/stty.bogus"
	keys "clear; env -u TERM $bin top; echo rc=\$?" Enter
	screen_has "^rc=1$"
	screen_has "^nsinspect: TERM is not set; 'nsinspect top -b' prints without it$"
}

@test "top (tmux): SIGTERM, SIGHUP, SIGINT and the crash path (SIGSEGV, SIGABRT) restore the terminal" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	local sig
	for sig in TERM HUP INT SEGV ABRT; do
		tmux_start top -d 0.5
		screen_has "nsinspect top - "
		local pid
		pid=$(tmux -L "$TMUX_SOCK" list-panes -F '#{pane_pid}' | head -1)
		pid=$(pgrep -P "$pid" -x nsinspect | head -1)
		[ -n "$pid" ]
		kill -$sig "$pid"
		screen_has '^prompt\$ ?$'
		[ "$(tmux -L "$TMUX_SOCK" display -p '#{alternate_on}')" = 0 ]
		wait_for test -s "$BATS_TEST_TMPDIR/stty.after"
		diff "$BATS_TEST_TMPDIR/stty.before" "$BATS_TEST_TMPDIR/stty.after"
		rm -f "$BATS_TEST_TMPDIR/stty.after"
		tmux -L "$TMUX_SOCK" kill-server
	done
}
