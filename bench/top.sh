#!/bin/bash
# Benchmark of `nsinspect top` on a large, real cgroup tree: NCGROUPS
# cgroups made in every hierarchy, each holding PER_CGROUP processes (one
# shell and its sleeps, in a session of their own, torn down by their
# recorded process-group id).  Prints
#   1. the CPU time of one refresh of `nsinspect top -b` against one of
#      `systemd-cgtop -b` on the same tree (runs of REFRESHES and twice as
#      many refreshes 10 ms apart, medians of ROUNDS rounds; the difference
#      per refresh) and their ratio (goal <= 0.5);
#   2. the CPU use of the live view `nsinspect top -d 1` in a tmux pane
#      over DURATION seconds, from utime+stime in /proc/PID/stat (goal < 1%
#      of one CPU).
#
#   NCGROUPS=500 PER_CGROUP=20 REFRESHES=10 ROUNDS=5 DURATION=60 bench/top.sh
#
# Needs root (mkdir in cgroupfs), systemd-cgtop, and tmux for part 2.
set -euo pipefail

NCGROUPS=${NCGROUPS:-500}
PER_CGROUP=${PER_CGROUP:-20}
REFRESHES=${REFRESHES:-10}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-60}
NSINSPECT=${NSINSPECT:-$(cd "$(dirname "$0")/.." && pwd)/nsinspect}
CG=/sys/fs/cgroup
TOP=nsi-bench-top
TMUX_SOCK=nsi-bench-top-$$

die() { echo "bench/top.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (mkdir in /sys/fs/cgroup)"
[ -x "$NSINSPECT" ] || die "no executable $NSINSPECT (run make first)"
for tool in systemd-cgtop setsid; do
	command -v "$tool" >/dev/null || die "missing $tool"
done
case "$NCGROUPS$PER_CGROUP$ROUNDS$REFRESHES$DURATION" in
*[!0-9]*) die "NCGROUPS, PER_CGROUP, REFRESHES, ROUNDS and DURATION must be numbers" ;;
esac

# Every hierarchy's mount point: v1 controllers and v2 (unified or pure).
mapfile -t HIER < <(awk '{ for (i = 7; i < NF; i++) if ($i == "-") break }
	($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") && $4 == "/" { print $5 }' /proc/self/mountinfo | sort -u)
[ "${#HIER[@]}" -gt 0 ] || die "no cgroup hierarchy mounted"

WORK=$(mktemp -d /tmp/nsi-bench-top.XXXXXX)
PGIDS=()

teardown() {
	trap - EXIT INT TERM
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	local pg h pass
	disown -a 2>/dev/null || true
	for pass in 1 2; do
		for pg in "${PGIDS[@]}"; do
			kill -KILL -- "-$pg" 2>/dev/null || true
		done
		sleep 0.5
	done
	wait 2>/dev/null || true
	for h in "${HIER[@]}"; do
		[ -d "$h/$TOP" ] || continue
		find "$h/$TOP" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
		rmdir "$h/$TOP" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap teardown EXIT
trap 'echo "bench/top.sh: interrupted" >&2; exit 130' INT TERM

# Pure v2: give the children the controllers they can have.
if [ -f $CG/cgroup.controllers ]; then
	for c in $(cat $CG/cgroup.controllers); do
		echo "+$c" >$CG/cgroup.subtree_control 2>/dev/null || true
	done
fi

echo "# making $NCGROUPS cgroups in ${#HIER[@]} hierarchies, $PER_CGROUP processes each"
for h in "${HIER[@]}"; do
	mkdir -p "$h/$TOP"
	# v1 cpuset: a cgroup takes no process before it has CPUs and nodes
	if [ -f "$h/cpuset.cpus" ] && [ ! -f "$h/cgroup.controllers" ]; then
		cat "$h/cpuset.cpus" >"$h/$TOP/cpuset.cpus"
		cat "$h/cpuset.mems" >"$h/$TOP/cpuset.mems"
	fi
	if [ -f $CG/cgroup.controllers ] && [ "$h" = $CG ]; then
		for c in $(cat $CG/$TOP/cgroup.controllers); do
			echo "+$c" >"$h/$TOP/cgroup.subtree_control" 2>/dev/null || true
		done
	fi
done
for i in $(seq 1 "$NCGROUPS"); do
	dirs=""
	for h in "${HIER[@]}"; do
		mkdir "$h/$TOP/cg-$i"
		if [ -f "$h/$TOP/cpuset.mems" ] && [ ! -f "$h/cgroup.controllers" ]; then
			cat "$h/$TOP/cpuset.cpus" >"$h/$TOP/cg-$i/cpuset.cpus"
			cat "$h/$TOP/cpuset.mems" >"$h/$TOP/cg-$i/cpuset.mems"
		fi
		dirs="$dirs $h/$TOP/cg-$i"
	done
	# the shell moves itself in everywhere, then forks its sleeps there
	setsid sh -c 'for d in $1; do echo $$ >"$d/cgroup.procs"; done
		i=1; while [ $i -lt $2 ]; do sleep 100000 & i=$((i + 1)); done; wait' \
		bench "$dirs" "$PER_CGROUP" </dev/null >/dev/null 2>&1 &
	PGIDS+=($!)
done
# wait until the last cgroup is full
for _ in $(seq 1 600); do
	n=$(wc -l <"${HIER[0]}/$TOP/cg-$NCGROUPS/cgroup.procs")
	[ "$n" -ge "$PER_CGROUP" ] && break
	sleep 0.1
done
echo "# $(find "${HIER[0]}/$TOP" -name cgroup.procs -exec cat {} + | wc -l) processes in ${HIER[0]}/$TOP"

# Prints the CPU milliseconds of one run of the command.
cpu_ms() {
	local c0 c1 me=$BASHPID
	c0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$me/stat)
	"$@" >/dev/null 2>&1 || true
	c1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$me/stat)
	echo $(((c1 - c0) * 1000 / $(getconf CLK_TCK)))
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# The same screen as systemd-cgtop (path, tasks, %CPU, memory, IO in and
# out), and nsinspect's default columns (limits, pids, network, throttling,
# pressure: about three times the files per cgroup).  The cost of one
# refresh is the difference between a run of 2*REFRESHES refreshes and one
# of REFRESHES, divided by REFRESHES: start-up (and nsinspect's first
# reading of every process's namespace links) cancels out.
SAME=PATH,TASKS,CPU,MEM,IOREAD,IOWRITE
N1=$REFRESHES N2=$((2 * REFRESHES))
for r in $(seq 1 "$ROUNDS"); do
	for n in $N1 $N2; do
		cpu_ms "$NSINSPECT" top -b -n $n -d 0.01 -o $SAME >>"$WORK/nsi$n"
		cpu_ms "$NSINSPECT" top -b -n $n -d 0.01 >>"$WORK/nsiall$n"
		cpu_ms systemd-cgtop -b -n $n -d 0.01 >>"$WORK/cgtop$n"
	done
done
per_refresh() {
	awk -v a="$(median <"$WORK/$1$N1")" -v b="$(median <"$WORK/$1$N2")" -v n="$REFRESHES" \
		'BEGIN { printf "%.1f", (b - a) / n }'
}
nsi=$(per_refresh nsi) nsiall=$(per_refresh nsiall) cgtop=$(per_refresh cgtop)
echo "# $(find "${HIER[0]}" -mindepth 1 -type d | wc -l) cgroups, $(ls /proc | grep -c '^[0-9]') processes"
echo "# medians of $ROUNDS rounds on $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# start-up of 'nsinspect top -b -n $N1 -o $SAME': $(median <"$WORK/nsi$N1") ms CPU in all"
printf '%-50s %8s ms CPU\n' "nsinspect top -b -o $SAME, one refresh" "$nsi" \
	"nsinspect top -b (default columns), one refresh" "$nsiall" \
	"systemd-cgtop -b, one refresh" "$cgtop"
awk -v a="$nsi" -v all="$nsiall" -v b="$cgtop" 'BEGIN {
	printf "# ratio nsinspect/systemd-cgtop per refresh, same screen: %.2f (goal <= 0.5), default columns: %.2f\n",
		b ? a / b : 0, b ? all / b : 0 }'

if ! command -v tmux >/dev/null; then
	echo "# tmux not installed: live view not measured"
	exit 0
fi
tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 160 -y 50 "$NSINSPECT top -d 1"
sleep 3
pane=$(tmux -L "$TMUX_SOCK" list-panes -F '#{pane_pid}' | head -1)
ticks() { awk '{ print $14 + $15 }' "/proc/$pane/stat"; }
t0=$(ticks)
sleep "$DURATION"
t1=$(ticks)
awk -v d="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v s="$DURATION" 'BEGIN {
	printf "%-34s %10.2f %% of one CPU over %d s (goal < 1%%)\n", "nsinspect top -d 1 (live, tmux)", d * 100 / hz / s, s }'
