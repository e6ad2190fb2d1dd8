# Sourced by bench/cgroups.sh and bench/top.sh: a large, real cgroup tree
# for a benchmark.  The caller sets CG (/sys/fs/cgroup), TOP (the name of
# the directory made in every hierarchy), WORK and die(); then
#   cgtree_hierarchies        sets HIER: every hierarchy's mount point
#   cgtree_build N PER        N cgroups TOP/cg-1..N in every hierarchy, each
#                             holding PER processes (a shell and its sleeps,
#                             in a session of their own: PGIDS)
#   cgtree_teardown           kills PGIDS, removes TOP and WORK
# Processes are torn down by their recorded process-group ids only.

PGIDS=()

cgtree_hierarchies() {
	# v1 controllers and v2 (unified or pure)
	mapfile -t HIER < <(awk '{ for (i = 7; i < NF; i++) if ($i == "-") break }
		($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") && $4 == "/" { print $5 }' /proc/self/mountinfo | sort -u)
	[ "${#HIER[@]}" -gt 0 ] || die "no cgroup hierarchy mounted"
}

cgtree_teardown() {
	local pg h pass
	disown -a 2>/dev/null || true
	for pass in 1 2; do
		for pg in "${PGIDS[@]}"; do
			kill -KILL -- "-$pg" 2>/dev/null || true
		done
		sleep 0.5
	done
	wait 2>/dev/null || true
	# a killed process leaves its cgroup only once it is reaped: retry
	for pass in $(seq 1 20); do
		local left=0
		for h in "${HIER[@]}"; do
			[ -d "$h/$TOP" ] || continue
			find "$h/$TOP" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
			rmdir "$h/$TOP" 2>/dev/null || left=1
		done
		[ $left = 0 ] && break
		sleep 0.5
	done
	rm -rf "$WORK"
}

cgtree_build() {
	local ncgroups=$1 per_cgroup=$2 h c i dirs n
	# Pure v2: give the children the controllers they can have.
	if [ -f "$CG/cgroup.controllers" ]; then
		for c in $(cat "$CG/cgroup.controllers"); do
			echo "+$c" >"$CG/cgroup.subtree_control" 2>/dev/null || true
		done
	fi
	echo "# making $ncgroups cgroups in ${#HIER[@]} hierarchies, $per_cgroup processes each"
	for h in "${HIER[@]}"; do
		mkdir -p "$h/$TOP"
		# v1 cpuset: a cgroup takes no process before it has CPUs and nodes
		if [ -f "$h/cpuset.cpus" ] && [ ! -f "$h/cgroup.controllers" ]; then
			cat "$h/cpuset.cpus" >"$h/$TOP/cpuset.cpus"
			cat "$h/cpuset.mems" >"$h/$TOP/cpuset.mems"
		fi
		if [ -f "$CG/cgroup.controllers" ] && [ "$h" = "$CG" ]; then
			for c in $(cat "$CG/$TOP/cgroup.controllers"); do
				echo "+$c" >"$h/$TOP/cgroup.subtree_control" 2>/dev/null || true
			done
		fi
	done
	for i in $(seq 1 "$ncgroups"); do
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
			bench "$dirs" "$per_cgroup" </dev/null >/dev/null 2>&1 &
		PGIDS+=($!)
	done
	# wait until the last cgroup is full
	for _ in $(seq 1 600); do
		n=$(wc -l <"${HIER[0]}/$TOP/cg-$ncgroups/cgroup.procs")
		[ "$n" -ge "$per_cgroup" ] && break
		sleep 0.1
	done
	echo "# $(find "${HIER[0]}/$TOP" -name cgroup.procs -exec cat {} + | wc -l) processes in ${HIER[0]}/$TOP"
}
