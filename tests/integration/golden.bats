#!/usr/bin/env bats
# Golden tests: nsinspect on captured trees (tests/fixtures/*, made with
# tests/capture-sysroot) must print exactly tests/golden/FIXTURE/CASE.out,
# so every cgroup layout is tested on every machine.  The cases are in
# tests/golden/cases.bash; tests/golden/regen rewrites the expected files.

load ../lib/common

GOLDEN_DIR="$BATS_TEST_DIRNAME/../golden"
FIXTURES_DIR="$(cd "$BATS_TEST_DIRNAME/../fixtures" && pwd)"
CAPTURE="$BATS_TEST_DIRNAME/../capture-sysroot"

setup() {
	export NSINSPECT
	# shellcheck source=tests/golden/cases.bash
	. "$GOLDEN_DIR/cases.bash"
}

teardown() {
	kill_recorded
}

fixtures() {
	local d
	for d in "$FIXTURES_DIR"/*/; do
		[ -f "$d/CAPTURE-INFO" ] && basename "$d"
	done
}

# Runs one case on every fixture and compares with its golden file;
# stderr must stay empty (no fixture has unreadable fields).
check_case() {
	local c=$1 fx out err rc failed=0
	for fx in $(fixtures); do
		out="$BATS_TEST_TMPDIR/$fx-$c.out"
		err="$BATS_TEST_TMPDIR/$fx-$c.err"
		rc=0
		golden_run "$c" "$FIXTURES_DIR/$fx" >"$out" 2>"$err" || rc=$?
		if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
			echo "# $fx/$c: exit $rc, stderr:"
			cat "$err"
			failed=1
		fi
		if ! diff -u "$GOLDEN_DIR/$fx/$c.out" "$out"; then
			echo "# $fx/$c differs from tests/golden/$fx/$c.out"
			failed=1
		fi
	done
	[ "$failed" = 0 ]
}

@test "golden: fixtures and expected outputs are all there" {
	local n=0 fx c
	for fx in $(fixtures); do
		n=$((n + 1))
		[ -f "$GOLDEN_DIR/$fx/ARGS" ]
		for c in $GOLDEN_CASES; do
			[ -s "$GOLDEN_DIR/$fx/$c.out" ] || { echo "missing $fx/$c.out"; false; }
		done
	done
	[ "$n" -ge 2 ]
}

@test "golden: ns" {
	check_case ns
}

@test "golden: ns -J" {
	check_case ns-json
}

@test "golden: ns -l -o NS,TYPE,NPROCS,PID,PPID,USER,CONTAINER,HOLDER,PATH" {
	check_case ns-list
}

@test "golden: ns -t net" {
	check_case ns-net
}

@test "golden: ns -p <container pid>" {
	check_case ns-task
}

@test "golden: ns <namespace> lists its members" {
	check_case ns-members
}

@test "golden: NSINSPECT_SYSROOT=FIXTURE ns -r" {
	check_case ns-raw-env
}

@test "golden: JSON output of every fixture passes jq" {
	local fx
	for fx in $(fixtures); do
		"$NSINSPECT" --sysroot "$FIXTURES_DIR/$fx" ns -J | jq -e . >/dev/null
		"$NSINSPECT" --sysroot "$FIXTURES_DIR/$fx" ns -J --output-all | jq -e . >/dev/null
		"$NSINSPECT" --sysroot "$FIXTURES_DIR/$fx" ns -J -l -t net | jq -e '.namespaces | length > 0' >/dev/null
	done
}

@test "sysroot: PNS and ONS ask the live kernel, so they are unknown" {
	local fx
	for fx in $(fixtures); do
		run nsi --sysroot "$FIXTURES_DIR/$fx" ns -r -n -o PNS,ONS
		[ "$status" -eq 0 ]
		[ -n "$output" ]
		[ -z "$(echo "$output" | grep -v '^? ?$')" ]
		run nsi --sysroot "$FIXTURES_DIR/$fx" ns -J -o NS,PNS,ONS
		[ "$status" -eq 0 ]
		echo "$output" | jq -e '[.namespaces[] | select(.pns != null or .ons != null)] | length == 0'
	done
}

@test "sysroot: NETNSID asks the live kernel, so it is unknown" {
	local fx
	for fx in $(fixtures); do
		run nsi --sysroot "$FIXTURES_DIR/$fx" ns -r -n -t net -o NETNSID
		[ "$status" -eq 0 ]
		[ -n "$output" ]
		[ -z "$(echo "$output" | grep -vx '?')" ]
	done
}

@test "fixtures: hybrid-docker holds the layout and holders it claims" {
	local fx="$FIXTURES_DIR/hybrid-docker"
	grep -q '^cgroup layout: hybrid' "$fx/CAPTURE-INFO"
	grep -q ' - cgroup2 .* /sys/fs/cgroup/unified \| /sys/fs/cgroup/unified .* - cgroup2 ' "$fx/proc/self/mountinfo"
	grep -q 'nsfs' "$fx/proc/self/mountinfo"
	# fd/ holds only namespace links
	[ -z "$(find "$fx/proc" -path '*/fd/*' -type l -printf '%l\n' | grep -vE '^(mnt|net|pid|uts|ipc|user|cgroup|time):\[[0-9]+\]$')" ]
	[ -n "$(find "$fx/proc" -path '*/fd/*' -type l)" ]
	# the container's memory limit (-m 456m) was captured
	. "$GOLDEN_DIR/hybrid-docker/ARGS"
	local id
	id=$(sed -n 's|^4:memory:/docker/||p' "$fx/proc/$CONTAINER_PID/cgroup")
	[ "$(cat "$fx/sys/fs/cgroup/memory/docker/$id/memory.limit_in_bytes")" = $((456 * 1024 * 1024)) ]
	[ "$(cat "$fx/sys/fs/cgroup/pids/docker/$id/pids.max")" = 50 ]
}

@test "fixtures: v2-pure is a v2-only layout with systemd and kubepods names" {
	local fx="$FIXTURES_DIR/v2-pure" f
	grep -q '^cgroup layout: v2' "$fx/CAPTURE-INFO"
	grep -q 'NOT A CAPTURE OF A PURE-V2 HOST' "$fx/CAPTURE-INFO"
	grep -q ' /sys/fs/cgroup .* - cgroup2 ' "$fx/proc/self/mountinfo"
	! grep -q ' - cgroup ' "$fx/proc/self/mountinfo" || false
	for f in "$fx"/proc/*/cgroup; do
		[ "$(wc -l <"$f")" = 1 ]
		grep -q '^0::/' "$f"
	done
	grep -qE '^0::/system\.slice/docker-[0-9a-f]{64}\.scope$' "$fx"/proc/*/cgroup
	grep -qE '^0::/kubepods\.slice/.*/cri-containerd-[0-9a-f]{64}\.scope$' "$fx"/proc/*/cgroup
	[ -f "$fx/sys/fs/cgroup/cgroup.procs" ]
	[ ! -e "$fx/sys/fs/cgroup/memory.current" ]
}

@test "capture-sysroot: a fresh capture reads like the live host" {
	require_root
	local holder owner dir="$BATS_TEST_TMPDIR/cap" ino
	owner=$(start_bg unshare --net sleep 100)
	# predicates, so that wait_for re-reads the links on every try
	owner_unshared() { [ "$(readlink "/proc/$owner/ns/net")" != "$(readlink /proc/self/ns/net)" ]; }
	holder_sleeps() { [ "$(readlink "/proc/$holder/exe")" = "$(readlink -f "$(command -v sleep)")" ]; }
	wait_for owner_unshared
	holder=$(start_bg bash -c "exec 7</proc/$owner/ns/net; exec sleep 100")
	wait_for test -e "/proc/$holder/fd/7"
	wait_for holder_sleeps
	ino=$(readlink "/proc/$owner/ns/net" | tr -dc 0-9)

	run "$CAPTURE" --pids "$$,$holder" --max-cgroup-depth 0 "$dir"
	[ "$status" -eq 0 ]
	[ "$(readlink "$dir/proc/$holder/fd/7")" = "net:[$ino]" ]
	[ "$(readlink "$dir/proc/$$/ns/pid_for_children")" = "$(readlink /proc/$$/ns/pid_for_children)" ]
	[ -f "$dir/proc/self/mountinfo" ] && [ ! -L "$dir/proc/self" ]
	[ -f "$dir/etc/passwd" ] && [ -f "$dir/proc/sys/kernel/cap_last_cap" ]
	grep -q '^cgroup layout: ' "$dir/CAPTURE-INFO"

	# same namespaces of the shell, live and captured
	diff <(nsi ns -n -r -p $$ -o NS,TYPE,USER) <(nsi --sysroot "$dir" ns -n -r -p $$ -o NS,TYPE,USER)
	# the owner was not captured: the namespace is held by the fd alone
	run nsi --sysroot "$dir" ns -n -r -o NS,NPROCS,HOLDER -t net
	[ "$status" -eq 0 ]
	echo "$output" | grep -qx "$ino 0 fd\\\\x207\\\\x20of\\\\x20pid\\\\x20$holder"
}

@test "capture-sysroot: wrong arguments and a non-empty OUTDIR are refused" {
	run "$CAPTURE"
	[ "$status" -eq 2 ]
	run "$CAPTURE" --pids 1,abc "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 2 ]
	[[ "$output" == *"'abc'"* ]]
	run "$CAPTURE" --max-cgroup-depth -1 "$BATS_TEST_TMPDIR/x"
	[ "$status" -eq 2 ]
	mkdir -p "$BATS_TEST_TMPDIR/full" && touch "$BATS_TEST_TMPDIR/full/f"
	run "$CAPTURE" "$BATS_TEST_TMPDIR/full"
	[ "$status" -eq 1 ]
}
