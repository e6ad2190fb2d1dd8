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

# Every hierarchy's mount point: v1 controllers and v2 (unified or pure).
mapfile -t HIER < <(awk '{ for (i = 7; i < NF; i++) if ($i == "-") break }
	($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") && $4 == "/" { print $5 }' /proc/self/mountinfo | sort -u)
[ "${#HIER[@]}" -gt 0 ] || die "no cgroup hierarchy mounted"

WORK=$(mktemp -d /tmp/nsi-bench-cg.XXXXXX)
PGIDS=()

teardown() {
	trap - EXIT INT TERM
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
trap 'echo "bench/cgroups.sh: interrupted" >&2; exit 130' INT TERM

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
