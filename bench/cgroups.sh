#!/bin/bash
# Benchmark of `nsinspect cgroups` against systemd-cgls(1) and
# systemd-cgtop(1) on a large, real cgroup tree: NCGROUPS cgroups made in
# every hierarchy (each v1 controller and v2, whatever the layout), each
# holding PER_CGROUP processes (one shell and its sleeps, in a session of
# their own so they are torn down by their recorded process-group id).
# Runs the tools alternately for ROUNDS rounds and prints the median wall
# and CPU times and the ratios.
#
#   NCGROUPS=500 PER_CGROUP=10 ROUNDS=7 bench/cgroups.sh
#
# Needs root (mkdir in cgroupfs), systemd-cgls and systemd-cgtop.
set -euo pipefail

NCGROUPS=${NCGROUPS:-500}
PER_CGROUP=${PER_CGROUP:-10}
ROUNDS=${ROUNDS:-7}
NSINSPECT=${NSINSPECT:-$(cd "$(dirname "$0")/.." && pwd)/nsinspect}
CG=/sys/fs/cgroup
TOP=nsi-bench-cg

die() { echo "bench/cgroups.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (mkdir in /sys/fs/cgroup)"
[ -x "$NSINSPECT" ] || die "no executable $NSINSPECT (run make first)"
for tool in systemd-cgls systemd-cgtop setsid; do
	command -v "$tool" >/dev/null || die "missing $tool"
done
case "$NCGROUPS$PER_CGROUP$ROUNDS" in *[!0-9]*) die "NCGROUPS, PER_CGROUP and ROUNDS must be numbers" ;; esac
[ "$PER_CGROUP" -ge 1 ] && [ "$ROUNDS" -ge 1 ] && [ "$NCGROUPS" -ge 1 ] || die "values must be at least 1"

# shellcheck source=bench/lib/cgtree.bash
. "$(dirname "$0")/lib/cgtree.bash"
cgtree_hierarchies

WORK=$(mktemp -d /tmp/nsi-bench-cg.XXXXXX)

teardown() {
	trap - EXIT INT TERM
	cgtree_teardown
}
trap teardown EXIT
trap 'echo "bench/cgroups.sh: interrupted" >&2; exit 130' INT TERM

cgtree_build "$NCGROUPS" "$PER_CGROUP"

# Prints "wall_ms cpu_ms" of one run of the command.
measure() {
	local t0 t1 c0 c1 me=$BASHPID
	c0=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$me/stat)
	t0=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	# CPU of waited-for children: utime+stime+cutime+cstime of this shell
	c1=$(awk '{ print $14 + $15 + $16 + $17 }' /proc/$me/stat)
	echo "$(((t1 - t0) / 1000000)) $(((c1 - c0) * 1000 / $(getconf CLK_TCK)))"
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

declare -A NAMES=(
	[nsi]="nsinspect cgroups"
	[nsip]="nsinspect cgroups -p"
	[cgls]="systemd-cgls --no-pager"
	[cgtop]="systemd-cgtop -b -n1"
)
ORDER=(nsi nsip cgls cgtop)
for r in $(seq 1 "$ROUNDS"); do
	measure "$NSINSPECT" cgroups >>"$WORK/nsi"
	measure "$NSINSPECT" cgroups -p >>"$WORK/nsip"
	measure systemd-cgls --no-pager >>"$WORK/cgls"
	measure systemd-cgtop -b -n1 >>"$WORK/cgtop"
done

echo "# medians of $ROUNDS rounds on $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-26s %8s %8s\n' tool wall_ms cpu_ms
for k in "${ORDER[@]}"; do
	w=$(cut -d' ' -f1 "$WORK/$k" | median)
	c=$(cut -d' ' -f2 "$WORK/$k" | median)
	printf '%-26s %8s %8s\n' "${NAMES[$k]}" "$w" "$c"
	eval "W_$k=$w C_$k=$c"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
echo "# nsinspect cgroups / systemd-cgtop: wall $(ratio "$W_nsi" "$W_cgtop"), cpu $(ratio "$C_nsi" "$C_cgtop") (goal <= 0.5)"
echo "# nsinspect cgroups -p / systemd-cgls: wall $(ratio "$W_nsip" "$W_cgls"), cpu $(ratio "$C_nsip" "$C_cgls") (goal <= 0.5)"
