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
#      of one CPU), again while a loop starts about 20 processes a second,
#      and of `systemd-cgtop -d 1` the same way.
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

# shellcheck source=bench/lib/cgtree.bash
. "$(dirname "$0")/lib/cgtree.bash"
cgtree_hierarchies

WORK=$(mktemp -d /tmp/nsi-bench-top.XXXXXX)

teardown() {
	trap - EXIT INT TERM
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	[ -n "${FORKER:-}" ] && kill -KILL -- "-$FORKER" 2>/dev/null
	cgtree_teardown
}
trap teardown EXIT
trap 'echo "bench/top.sh: interrupted" >&2; exit 130' INT TERM

cgtree_build "$NCGROUPS" "$PER_CGROUP"

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
# CPU percent of one CPU that the command uses in a tmux pane over DURATION s.
live_cpu() {
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 160 -y 50 "$1"
	sleep 3
	local pane t0 t1
	pane=$(tmux -L "$TMUX_SOCK" list-panes -F '#{pane_pid}' | head -1)
	t0=$(awk '{ print $14 + $15 }' "/proc/$pane/stat")
	sleep "$DURATION"
	t1=$(awk '{ print $14 + $15 }' "/proc/$pane/stat")
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null || true
	awk -v d="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v s="$DURATION" 'BEGIN { printf "%.2f", d * 100 / hz / s }'
}
nsi_live=$(live_cpu "$NSINSPECT top -d 1")
cgtop_live=$(live_cpu "systemd-cgtop -d 1")
# The live view lists processes again only when the kernel counted a fork
# or an exit: the same under a loop that starts about 20 processes a second.
setsid bash -c 'while :; do /bin/true; sleep 0.1; done' </dev/null >/dev/null 2>&1 &
FORKER=$!
disown "$FORKER" # no job message when it is killed
nsi_forks=$(live_cpu "$NSINSPECT top -d 1")
kill -KILL -- "-$FORKER" 2>/dev/null || kill -KILL "$FORKER"
FORKER=
printf '%-34s %10s %% of one CPU over %d s (goal < 1%%)\n' "nsinspect top -d 1 (live, tmux)" "$nsi_live" "$DURATION"
printf '%-34s %10s %% of one CPU over %d s\n' "  the same, 20 forks a second" "$nsi_forks" "$DURATION"
printf '%-34s %10s %% of one CPU over %d s\n' "systemd-cgtop -d 1 (live, tmux)" "$cgtop_live" "$DURATION"
