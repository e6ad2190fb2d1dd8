#!/bin/bash
# Benchmark of `nsinspect ns` against lsns(8) and ps(1) on a large, real
# workload: NPROCS processes in NGROUPS groups, each group one `unshare`
# with a rotating mix of namespace types, each in its own session so it is
# torn down by its recorded process-group id.  Runs the tools alternately
# for ROUNDS rounds and prints median times, ratios, syscalls per process
# (strace -c -f) and peak RSS (/usr/bin/time -v).
#
#   NPROCS=10000 NGROUPS=1000 ROUNDS=7 bench/ns.sh
#
# Needs root (unshare), strace and /usr/bin/time (tests/install-deps).
set -euo pipefail

NPROCS=${NPROCS:-10000}
NGROUPS=${NGROUPS:-1000}
ROUNDS=${ROUNDS:-7}
NSINSPECT=${NSINSPECT:-$(cd "$(dirname "$0")/.." && pwd)/nsinspect}
SPAWN_TIMEOUT=${SPAWN_TIMEOUT:-600}

die() { echo "bench/ns.sh: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (unshare of every namespace type)"
[ -x "$NSINSPECT" ] || die "no executable $NSINSPECT (run make first)"
for tool in lsns ps strace unshare setsid; do
	command -v "$tool" >/dev/null || die "missing $tool (tests/install-deps)"
done
[ -x /usr/bin/time ] || die "missing /usr/bin/time (apt-get install time)"
case "$NPROCS$NGROUPS$ROUNDS" in *[!0-9]*) die "NPROCS, NGROUPS and ROUNDS must be numbers" ;; esac
[ "$NGROUPS" -ge 1 ] && [ "$ROUNDS" -ge 1 ] || die "NGROUPS and ROUNDS must be at least 1"
PER_GROUP=$((NPROCS / NGROUPS))
[ "$PER_GROUP" -ge 2 ] || die "NPROCS/NGROUPS must be at least 2 (a shell and one sleep)"
budget=$(($(ulimit -u) < $(cat /proc/sys/kernel/pid_max) ? $(ulimit -u) : $(cat /proc/sys/kernel/pid_max)))
[ $((NPROCS + 2000)) -lt "$budget" ] || die "NPROCS=$NPROCS too close to the process limit $budget"

WORK=$(mktemp -d /tmp/nsi-bench.XXXXXX)
PGID_FILE=$WORK/pgids
: >"$PGID_FILE"
SPAWNED=()

# Kills every recorded process group; run twice because a group spawned
# just before an interrupt may record its id a moment later.
teardown() {
	trap - EXIT INT TERM HUP PIPE
	local pass pg
	disown -a # no "Killed" line per group
	for pass in 1 2; do
		for pg in "${SPAWNED[@]}" $(cat "$PGID_FILE" 2>/dev/null); do
			kill -KILL -- "-$pg" 2>/dev/null || true
		done
		sleep 0.5
	done
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap teardown EXIT
trap 'echo "bench/ns.sh: interrupted" >&2; exit 130' INT TERM HUP PIPE

count_procs() {
	local n=0 d
	for d in /proc/[1-9]*; do n=$((n + 1)); done
	echo "$n"
}

# Processes in our own sessions: the machine may run other work whose
# process count moves while we wait.
count_ours() {
	local sids
	sids=$(paste -sd, "$PGID_FILE")
	[ -n "$sids" ] || { echo 0; return; }
	pgrep -c -s "$sids" || true
}

close_inherited_fds() {
	local f n
	for f in /proc/$BASHPID/fd/*; do
		n=${f##*/}
		[ "$n" -gt 2 ] && eval "exec $n>&-"
	done
	return 0
}

# Rotating mix: every type alone, and a few combinations.  --pid needs
# --fork, whose extra unshare process the group makes up for with one
# sleep less.
MIXES=(
	"--net" "--uts" "--ipc" "--mount" "--pid --fork" "--cgroup" "--user"
	"--net --uts --ipc" "--mount --pid --fork" "--user --net --mount"
)

BASE=$(count_procs)
TARGET=$((PER_GROUP * NGROUPS))
echo "spawning $((PER_GROUP * NGROUPS)) processes in $NGROUPS groups (base $BASE processes)..." >&2
t0=$EPOCHREALTIME
for ((g = 0; g < NGROUPS; g++)); do
	mix=${MIXES[g % ${#MIXES[@]}]}
	sleeps=$((PER_GROUP - 1))
	case "$mix" in *--fork*) sleeps=$((sleeps - 1)) ;; esac
	# The shell after setsid leads the new session, so $$ is the PGID;
	# exec keeps that PID through unshare.  Inherited descriptors are
	# closed so every sleep holds exactly 0, 1 and 2 whoever starts the
	# benchmark (a terminal, make, a CI runner): nsinspect reads each fd.
	# shellcheck disable=SC2086
	{
		close_inherited_fds
		exec setsid sh -c 'echo $$ >>"$1"; shift; exec "$@"' sh "$PGID_FILE" \
			unshare $mix sh -c 'i=0; while [ $i -lt '"$sleeps"' ]; do sleep 100000 & i=$((i + 1)); done; wait'
	} </dev/null >/dev/null 2>&1 &
	SPAWNED+=("$!")
done
deadline=$((SECONDS + SPAWN_TIMEOUT))
while :; do
	n=$(count_ours)
	[ "$n" -ge "$TARGET" ] && break
	[ "$SECONDS" -lt "$deadline" ] || die "only $n of $TARGET processes after ${SPAWN_TIMEOUT}s"
	sleep 0.5
done
NOW=$(count_procs)
NNS=$({ lsns -n -o NS 2>/dev/null || true; } | wc -l)
printf 'workload ready: %d processes (%d ours), %d namespaces (lsns), %d groups, %.1fs to spawn\n' \
	"$NOW" "$(count_ours)" "$NNS" "$(wc -l <"$PGID_FILE")" "$(echo "$EPOCHREALTIME $t0" | awk '{print $1 - $2}')" >&2

NAMES=("nsinspect ns" "lsns" "nsinspect ns -J" "lsns -J" "ps -eo ...ns")
CMDS=(
	"$NSINSPECT ns"
	"lsns"
	"$NSINSPECT ns -J"
	"lsns -J"
	"ps -eo pid,netns,pidns,mntns,utsns,ipcns,userns,cgroupns"
)

# "wall user sys status" of one run, stdout and stderr discarded
# (nsinspect warns once about an unreadable PID 1; lsns skips it silently).
# On a busy machine lsns 2.38 at times stops early with status 1 (seen
# here: a partial scan of 3 syscalls per process): such runs are counted
# as failed, not timed.
time_once() {
	local TIMEFORMAT='%3R %3U %3S' t rc=0
	# shellcheck disable=SC2086
	t=$({ time $1 >/dev/null 2>&1; } 2>&1) || rc=$?
	echo "$t $rc"
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# One warm-up of each, then ROUNDS alternating rounds.
for i in "${!CMDS[@]}"; do time_once "${CMDS[i]}" >/dev/null; done
for ((r = 1; r <= ROUNDS; r++)); do
	for i in "${!CMDS[@]}"; do
		time_once "${CMDS[i]}" >>"$WORK/time.$i"
	done
	echo "round $r/$ROUNDS done" >&2
done

for i in "${!CMDS[@]}"; do
	ok=$WORK/ok.$i
	awk '$4 == 0' "$WORK/time.$i" >"$ok"
	FAILED[i]=$(awk '$4 != 0' "$WORK/time.$i" | wc -l)
	[ -s "$ok" ] || die "${NAMES[i]} failed in all $ROUNDS rounds"
	MED[i]=$(awk '{print $1}' "$ok" | median)
	MIN[i]=$(awk '{print $1}' "$ok" | sort -g | head -1)
	MAX[i]=$(awk '{print $1}' "$ok" | sort -g | tail -1)
	CPU[i]=$(awk '{print $2 + $3}' "$ok" | median)
done

# Syscalls per process and the ones that dominate, and peak RSS.
# "total_syscalls processes top5" of one complete run: the process count
# is taken just before, as other work on the machine may change it.
syscalls() {
	local out=$WORK/strace.$1 try np
	for try in 1 2 3 4 5; do # again after a run that stopped early
		np=$(count_procs)
		# shellcheck disable=SC2086
		strace -c -f -o "$out" ${CMDS[$1]} >/dev/null 2>&1 && break
	done
	awk -v np="$np" '$NF == "total" {total = $4}
	     $1 ~ /^[0-9.]+$/ && $NF != "total" {top[$NF] = $4}
	     END {
		n = 0; for (s in top) names[++n] = s
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (top[names[j]] + 0 > top[names[i]] + 0) { t = names[i]; names[i] = names[j]; names[j] = t }
		printf "%d %d ", total, np
		for (i = 1; i <= n && i <= 5; i++) printf "%s%s:%d", (i > 1 ? "," : ""), names[i], top[names[i]]
		print ""
	     }' "$out"
}
# Peak RSS in KiB of one complete run.
peak_rss() {
	local try
	for try in 1 2 3 4 5; do
		# shellcheck disable=SC2086
		/usr/bin/time -v -o "$WORK/rss.$1" ${CMDS[$1]} >/dev/null 2>&1 && break
	done
	awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$WORK/rss.$1"
}
for i in 0 1 2 3 4; do
	read -r SC[i] SCNP[i] TOP[i] < <(syscalls "$i")
	RSS[i]=$(peak_rss "$i")
done
NP=$(count_procs)

printf '\nnsinspect ns benchmark: %s, %d processes (%d at start, %d ours), %d namespaces, %d rounds\n' \
	"$(date -u '+%Y-%m-%d %H:%M UTC')" "$NP" "$NOW" "$(count_ours)" "$NNS" "$ROUNDS"
printf 'kernel %s, %d CPUs, %s\n\n' "$(uname -r)" "$(nproc)" \
	"$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
printf '%-16s %8s %8s %8s %8s %4s %9s %8s %9s  %s\n' TOOL "WALL_s" "MIN_s" "MAX_s" "CPU_s" FAIL SYSCALLS "SC/PROC" "PEAK_KiB" "TOP SYSCALLS (strace -c -f)"
for i in "${!CMDS[@]}"; do
	printf '%-16s %8.3f %8.3f %8.3f %8.3f %4d %9d %8.2f %9d  %s\n' "${NAMES[i]}" "${MED[i]}" "${MIN[i]}" "${MAX[i]}" "${CPU[i]}" "${FAILED[i]}" \
		"${SC[i]}" "$(echo "${SC[i]} ${SCNP[i]}" | awk '{print $1 / $2}')" "${RSS[i]}" "${TOP[i]}"
done
ratio() { echo "$1 $2" | awk '{printf "%.3f", $1 / $2}'; }
verdict() { echo "$1 $2" | awk '{print ($1 <= $2) ? "ok" : "MISSED"}'; }
r_lsns=$(ratio "${MED[0]}" "${MED[1]}")
r_json=$(ratio "${MED[2]}" "${MED[3]}")
r_ps=$(ratio "${MED[0]}" "${MED[4]}")
c_lsns=$(ratio "${CPU[0]}" "${CPU[1]}")
c_ps=$(ratio "${CPU[0]}" "${CPU[4]}")
scp=$(echo "${SC[0]} ${SCNP[0]}" | awk '{printf "%.2f", $1 / $2}')
printf '\nmedian WALL_s and CPU_s (user+sys) over %d alternating rounds; FAIL: runs that exited non-zero, left out\n' "$ROUNDS"
printf 'goal                                   measured  goal    verdict\n'
printf 'wall nsinspect ns / lsns               %8s  0.1     %s\n' "$r_lsns" "$(verdict "$r_lsns" 0.1)"
printf 'wall nsinspect ns -J / lsns -J         %8s  0.1     %s\n' "$r_json" "$(verdict "$r_json" 0.1)"
printf 'wall nsinspect ns / ps -eo ...ns       %8s  0.6     %s\n' "$r_ps" "$(verdict "$r_ps" 0.6)"
printf 'cpu  nsinspect ns / lsns               %8s  (0.1)   %s\n' "$c_lsns" "$(verdict "$c_lsns" 0.1)"
printf 'cpu  nsinspect ns / ps -eo ...ns       %8s  (0.6)   %s\n' "$c_ps" "$(verdict "$c_ps" 0.6)"
printf 'syscalls per process (nsinspect ns)    %8s  20/15   %s/%s\n' "$scp" "$(verdict "$scp" 20)" "$(verdict "$scp" 15)"
printf 'peak RSS KiB nsinspect ns vs lsns      %8s  <=%-5s %s\n' "${RSS[0]}" "${RSS[1]}" "$(verdict "${RSS[0]}" "${RSS[1]}")"
