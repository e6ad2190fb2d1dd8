#!/usr/bin/env bats
# nsinspect caps on real processes: Docker containers, capsh and setpriv
# children, a user namespace, file capabilities; --decode against capsh.

load ../lib/common

teardown() {
	kill_recorded
	[ -n "${TMUX_SOCK:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	local c
	if [ -f "$BATS_TEST_TMPDIR/containers" ]; then
		while read -r c; do
			docker rm -f "$c" >/dev/null 2>&1 || true
		done <"$BATS_TEST_TMPDIR/containers"
	fi
}

# field PID SET COLUMN: one column of one set's row, raw.
field() {
	"$NSINSPECT" caps -r -n -o "set,$3" "$1" | awk -v s="$2" '$1 == s { print $2; exit }'
}

# Starts a container named with our prefix; echoes its init PID.
container() {
	local name="nsi-caps-$BATS_TEST_NUMBER-$$"
	# recorded in a file: this runs in a $(...) subshell
	echo "$name" >>"$BATS_TEST_TMPDIR/containers"
	docker run -d --name "$name" "$@" "$NSI_IMAGE" sleep 1000 >/dev/null || return 1
	docker inspect -f '{{.State.Pid}}' "$name"
}

full_hex() {
	local last
	last=$(cat /proc/sys/kernel/cap_last_cap)
	printf '%016x' $(((1 << (last + 1)) - 1))
}

# Predicates for wait_for, evaluated on every try.
status_is() { [ "$(awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null)" = "$3" ]; }
field_is() { [ "$(field "$1" "$2" "$3")" = "$4" ]; }
field_set() { [ -n "$(field "$1" "$2" "$3")" ]; }
cmdline_is() { [ "$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null)" = "$2" ]; }
userns_differs() { [ "$(readlink "/proc/$1/ns/user")" != "$(readlink /proc/self/ns/user)" ]; }

@test "caps --decode prints what capsh --decode prints, on 260 masks" {
	command -v capsh >/dev/null || skip "capsh is not installed"
	local masks=() i last
	last=$(cat /proc/sys/kernel/cap_last_cap)
	# every single bit, including the ones above cap_last_cap
	for i in $(seq 0 63); do masks+=("$(printf '%x' $((1 << i)))"); done
	masks+=(0 a80425fb 1ffffffffff ffffffffffffffff 8000000000000000 "$(printf '%x' $(((1 << (last + 1)) - 1)))")
	masks+=("$(printf '%x' $((1 << (last + 1))))" "$(printf '%x' $(((1 << (last + 2)) | 5)))")
	# random masks: three 21-bit chunks make 63 random bits, then bit 63
	RANDOM=4242
	for i in $(seq 1 186); do
		masks+=("$(printf '%x' $(((RANDOM << 45) ^ (RANDOM << 30) ^ (RANDOM << 15) ^ RANDOM ^ ((i & 1) << 63))))")
	done
	[ "${#masks[@]}" -ge 200 ]
	local m ours theirs fails=0
	for m in "${masks[@]}"; do
		ours=$("$NSINSPECT" caps --decode "$m")
		theirs=$(capsh --decode="$m")
		if [ "$ours" != "$theirs" ]; then
			echo "mask $m: ours '$ours' capsh '$theirs'"
			fails=$((fails + 1))
		fi
	done
	[ "$fails" -eq 0 ]
	# the 0x prefix is accepted too
	[ "$("$NSINSPECT" caps --decode 0xa80425fb)" = "$(capsh --decode=0xa80425fb)" ]
}

@test "caps --decode rejects what is not a mask (exit 2)" {
	run nsi caps --decode zz
	[ "$status" -eq 2 ]
	[[ "$output" == *"invalid capability mask: 'zz'"* ]]
	run nsi caps --decode 10000000000000000
	[ "$status" -eq 2 ]
	run nsi caps --decode ''
	[ "$status" -eq 2 ]
}

@test "caps: errors for bad and unknown PIDs, missing PID, bad column" {
	run nsi caps abc
	[ "$status" -eq 2 ]
	[[ "$output" == *"invalid PID: 'abc'"* ]]
	run nsi caps
	[ "$status" -eq 2 ]
	run nsi caps -o nosuchcol $$
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown column"* ]]
	run nsi caps 4194303
	[ "$status" -eq 1 ]
	[[ "$output" == *"no process with PID 4194303"* ]]
	# a gone PID beside a good one: the good one prints, the exit is 1
	run nsi caps -r -n -o pid,set $$ 4194303
	[ "$status" -eq 1 ]
	[[ "$output" == *"$$ effective"* ]]
}

@test "caps: on a terminal CAPS and NOTE wrap within its width; off it a row is one line" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	local pid=$$ rows names name pane=$BATS_TEST_TMPDIR/pane
	rows=$(nsi caps -J "$pid" | jq '.caps | length')
	# off a terminal: a header and one line per row
	[ "$(nsi caps "$pid" | wc -l)" -eq $((rows + 1)) ]
	TMUX_SOCK=nsi-caps-$$
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -x 100 -y 300 \
		"$NSINSPECT caps $pid; echo __END__; sleep 60"
	wait_for bash -c "tmux -L $TMUX_SOCK capture-pane -p | grep -q __END__"
	# -J joins what the terminal itself wrapped: a line past 100 columns
	# would be a row that ran over
	tmux -L "$TMUX_SOCK" capture-pane -p -J -S 0 | sed '/__END__/,$d' >"$pane"
	cat "$pane"
	[ "$(wc -l <"$pane")" -gt $((rows + 1)) ]
	[ "$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$pane")" -le 100 ]
	names=$(nsi caps -J "$pid" | jq -r '.caps[] | select(.set == "permitted") | .caps // ""' | tr ',' ' ')
	[ -n "$names" ] || skip "PID $pid has no permitted capabilities"
	for name in $names; do
		tr ', ' '\n\n' <"$pane" | grep -qx "$name" || { echo "missing $name"; return 1; }
	done
}

@test "caps: the five sets match /proc/PID/status, hex and names" {
	local pid
	pid=$(start_bg setpriv --inh-caps +net_raw,+kill --ambient-caps +net_raw sleep 1000)
	wait_for status_is "$pid" CapAmb 0000000000002000
	local set key
	for set in inheritable:CapInh permitted:CapPrm effective:CapEff bounding:CapBnd ambient:CapAmb; do
		key=${set#*:}
		[ "$(field "$pid" "${set%%:*}" hex)" = "$(awk -v k="$key:" '$1 == k { print $2 }' "/proc/$pid/status")" ]
	done
	[ "$(field "$pid" inheritable caps)" = "cap_kill,cap_net_raw" ]
	[ "$(field "$pid" ambient caps)" = "cap_net_raw" ]
	[ "$(field "$pid" ambient hex)" = "0000000000002000" ]
}

@test "caps: a thread that kept the capabilities its main thread dropped has rows of its own" {
	require_root
	start_odd_thread || skip "seccomp_helper is not built (make check builds it)"
	local out
	out=$("$NSINSPECT" caps -J "$ODD_PID")
	# the main thread's sets, as /proc/PID shows them: none
	jq -e --argjson p "$ODD_PID" '[.caps[] | select(.pid == $p and .set == "effective")][0].hex == "0000000000000000"' <<<"$out"
	# the thread's, as /proc/PID/task/TID/status and capsh --decode tell
	local set key hex theirs
	for set in permitted:CapPrm effective:CapEff; do
		key=${set#*:}
		theirs=$(awk -v k="$key:" '$1 == k { print $2 }' "/proc/$ODD_PID/task/$ODD_TID/status")
		[ "$theirs" != 0000000000000000 ]
		hex=$(jq -r --argjson t "$ODD_TID" --arg s "${set%%:*}" '.caps[] | select(.pid == $t and .set == $s) | .hex' <<<"$out")
		echo "${set%%:*}: $hex, status $theirs"
		[ "$hex" = "$theirs" ]
		[ "$(jq -r --argjson t "$ODD_TID" --arg s "${set%%:*}" '.caps[] | select(.pid == $t and .set == $s) | .caps' <<<"$out")" = \
		  "$(capsh --decode="$theirs" | sed 's/.*=//')" ]
	done
	jq -e --argjson t "$ODD_TID" --argjson p "$ODD_PID" '[.caps[] | select(.pid == $t and .set != "danger")] |
		length == 2 and all(.note | startswith("thread of PID \($p), unlike its main thread"))' <<<"$out"
	# its name, which holds an escape sequence and a tab, escaped
	"$NSINSPECT" caps -J -o pid,command,set "$ODD_PID" |
		jq -e --argjson t "$ODD_TID" '[.caps[] | select(.pid == $t) | .command] | unique == ["odd\\x1b[31m\\x09thr"]'
	# its dangerous capabilities are flagged; sets it shares are not repeated
	jq -e --argjson t "$ODD_TID" '[.caps[] | select(.pid == $t and .set == "danger") | .caps] | index("cap_sys_admin") != null' <<<"$out"
	jq -e --argjson t "$ODD_TID" '[.caps[] | select(.pid == $t and (.set == "bounding" or .set == "inheritable"))] | length == 0' <<<"$out"
}

@test "caps -a --threads: a thread whose sets are not its main thread's is a row marked ~" {
	require_root
	start_odd_thread || skip "seccomp_helper is not built (make check builds it)"
	local out
	out=$("$NSINSPECT" caps -a --threads -J -o ppid,pid,command,marks,capprm 2>/dev/null)
	jq -e --argjson p "$ODD_PID" --argjson t "$ODD_TID" --arg prm "$(awk '$1 == "CapPrm:" { print $2 }' "/proc/$ODD_PID/task/$ODD_TID/status")" \
		'[.processes[] | select(.pid == $t)] | length == 1 and .[0].ppid == $p and
		 (.[0].marks | contains("~")) and .[0].capprm == $prm and .[0].command == "odd\\x1b[31m\\x09thr"' <<<"$out"
	# the main thread's row is not marked; without --threads no thread row
	jq -e --argjson p "$ODD_PID" '[.processes[] | select(.pid == $p)] | length == 1 and (.[0].marks | contains("~") | not)' <<<"$out"
	out=$("$NSINSPECT" caps -a -J -o pid 2>/dev/null)
	jq -e --argjson t "$ODD_TID" '[.processes[] | select(.pid == $t)] | length == 0' <<<"$out"
	# --threads is for -a only
	run "$NSINSPECT" caps --threads "$ODD_PID"
	[ "$status" -eq 2 ]
	[[ "${lines[0]}" == "nsinspect: --threads goes with --all"* ]]
}

@test "caps, show: 40 threads that differ from the main thread: 32 listed, then a count" {
	require_root
	start_odd_thread 40 || skip "seccomp_helper is not built (make check builds it)"
	wait_for eval '[ "$(awk "/^Threads:/ { print \$2 }" /proc/$ODD_PID/status)" = 41 ]'
	local out
	out=$("$NSINSPECT" caps -J "$ODD_PID")
	[ "$(jq --argjson p "$ODD_PID" '[.caps[] | select(.pid != $p) | .pid] | unique | length' <<<"$out")" = 32 ]
	jq -e --argjson p "$ODD_PID" '.caps[-1] | .pid == $p and .set == "threads" and
		.note == "8 more threads of PID \($p) have other sets than its main thread, not listed"' <<<"$out"
	out=$("$NSINSPECT" show -J "$ODD_PID")
	jq -e '[.show[] | select(.section == "threads" and .name != "count" and .name != "more")] | length == 32' <<<"$out"
	jq -e '.show[] | select(.section == "threads" and .name == "count") | .value == "41" and .detail == "40 differ from the main thread"' <<<"$out"
	jq -e '.show[] | select(.section == "threads" and .name == "more") | .value == "8"' <<<"$out"
}

@test "caps: capsh --drop removes a capability from the bounding set" {
	command -v capsh >/dev/null || skip "capsh is not installed"
	local pid
	pid=$(start_bg capsh --drop=cap_net_raw,cap_sys_admin --shell=/bin/sleep -- 1000)
	wait_for cmdline_is "$pid" "/bin/sleep 1000 "
	local bnd
	bnd=$(field "$pid" bounding caps)
	[[ ",$bnd," != *",cap_net_raw,"* ]]
	[[ ",$bnd," != *",cap_sys_admin,"* ]]
	[[ ",$bnd," == *",cap_chown,"* ]]
	# Docker's default includes net_raw: the bounding set now lacks it
	[ "$(field "$pid" lacking-docker caps)" = "cap_net_raw" ]
	# and cap_sys_admin is no longer flagged
	run nsi caps -r -n -o set,caps "$pid"
	[[ "$output" != *"danger cap_sys_admin"* ]]
	[[ "$output" == *"danger cap_sys_ptrace"* ]]
}

@test "caps: setpriv --bounding-set -all,+net_raw leaves one capability" {
	local pid
	pid=$(start_bg setpriv --bounding-set -all,+net_raw sleep 1000)
	wait_for field_is "$pid" bounding hex 0000000000002000
	[ "$(field "$pid" bounding caps)" = "cap_net_raw" ]
	[ "$(field "$pid" beyond-docker hex)" = 0000000000000000 ]
	[ "$(field "$pid" lacking-docker hex)" = 00000000a80405fb ]
}

@test "caps: an unprivileged process with ambient cap_net_raw" {
	local pid
	pid=$(start_bg setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps +net_raw --ambient-caps +net_raw sleep 1000)
	wait_for status_is "$pid" CapAmb 0000000000002000
	[ "$(field "$pid" permitted caps)" = cap_net_raw ]
	[ "$(field "$pid" effective caps)" = cap_net_raw ]
	[ "$(field "$pid" ambient caps)" = cap_net_raw ]
	run nsi caps -r -n -o set "$pid"
	[[ "$output" != *danger* ]]
	# caps -a lists it with the ambient marker
	run nsi caps -a -r -n -o pid,uid,marks,permitted
	[ "$status" -eq 0 ]
	echo "$output" | grep -E "^$pid 65534 @[+*]* cap_net_raw\$"
}

@test "caps -a: markers for a reduced bounding set and a user namespace" {
	local b u
	b=$(start_bg setpriv --bounding-set -all,+net_raw sleep 1000)
	u=$(start_bg unshare --user --map-root-user sleep 1000)
	wait_for field_is "$b" bounding hex 0000000000002000
	wait_for userns_differs "$u"
	run nsi caps -a -r -n -o pid,marks
	[ "$status" -eq 0 ]
	echo "$output" | grep -E "^$b \+\$"
	echo "$output" | grep -E "^$u [+]?\*\$"
	# stdout alone (stderr may warn about unreadable PIDs)
	"$NSINSPECT" caps -a -J 2>/dev/null | jq -e ".processes[] | select(.pid == $u) | .marks | test(\"[*]\")"
}

@test "caps -a: plain root and plain user processes are not listed" {
	local self_bnd
	self_bnd=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)
	[ "$self_bnd" = "$(full_hex)" ] || skip "every process here has a reduced bounding set ($self_bnd)"
	local pid
	pid=$(start_bg setpriv --reuid 65534 --regid 65534 --clear-groups sleep 1000)
	wait_for status_is "$pid" Uid "65534"
	run nsi caps -a -r -n -o pid
	[[ $'\n'"$output"$'\n' != *$'\n'"$pid"$'\n'* ]]
	[[ $'\n'"$output"$'\n' != *$'\n'"$$"$'\n'* ]]
}

@test "caps: file capabilities of the executable (security.capability)" {
	command -v setcap >/dev/null || skip "setcap is not installed"
	local bin="$BATS_TEST_TMPDIR/capsleep"
	cp /bin/sleep "$bin"
	setcap cap_net_raw+ep "$bin" || skip "this filesystem takes no file capabilities"
	[ "$(getcap "$bin")" = "$bin cap_net_raw=ep" ]
	local pid
	pid=$(start_bg "$bin" 1000)
	wait_for field_set "$pid" file note
	run nsi caps -r -n -o set,caps,note "$pid"
	[[ "$output" == *"file cap_net_raw=ep $bin"* ]]
	# and one without: the note says so
	local plain
	plain=$(start_bg sleep 1000)
	wait_for field_set "$plain" file note
	run nsi caps -o set,caps,note -r -n "$plain"
	[[ "$output" == *"file  $(readlink -f /proc/$plain/exe):\x20no\x20file\x20capabilities"* ]]
}

@test "caps -J is valid JSON with the sets" {
	run nsi caps -J $$
	[ "$status" -eq 0 ]
	echo "$output" | jq -e '.caps | length >= 7'
	[ "$(echo "$output" | jq -r '.caps[] | select(.set == "bounding") | .hex')" = "$(awk '$1 == "CapBnd:" { print $2 }' /proc/$$/status)" ]
}

@test "caps: a Docker container with the default profile has exactly Docker's 14 caps" {
	require_docker
	local pid
	pid=$(container)
	[ "$(field "$pid" bounding hex)" = 00000000a80425fb ]
	[ "$(field "$pid" effective hex)" = 00000000a80425fb ]
	[ "$(field "$pid" permitted caps)" = "cap_chown,cap_dac_override,cap_fowner,cap_fsetid,cap_kill,cap_setgid,cap_setuid,cap_setpcap,cap_net_bind_service,cap_net_raw,cap_sys_chroot,cap_mknod,cap_audit_write,cap_setfcap" ]
	[ "$(field "$pid" beyond-docker hex)" = 0000000000000000 ]
	[ "$(field "$pid" lacking-docker hex)" = 0000000000000000 ]
	run nsi caps -r -n -o set,note,container "$pid"
	[[ "$output" == *"bounding Docker's\x20default\x20set docker:"* ]]
	[[ "$output" != *danger* ]]
}

@test "caps: --cap-add SYS_ADMIN is beyond Docker's default and flagged" {
	require_docker
	local pid
	pid=$(container --cap-add SYS_ADMIN)
	[ "$(field "$pid" bounding hex)" = 00000000a82425fb ]
	[ "$(field "$pid" beyond-docker caps)" = cap_sys_admin ]
	run nsi caps -r -n -o set,caps,note "$pid"
	echo "$output" | grep -E '^danger cap_sys_admin .+'
	[ "$(echo "$output" | grep -c '^danger')" -eq 1 ]
}

@test "caps: --privileged has the full set of this kernel" {
	require_docker
	# runc gives a privileged container every capability of the kernel
	# and fails when the host itself lacks one (this VM's bounding set has
	# no cap_sys_resource); docker ignores --cap-drop with --privileged.
	local self_bnd
	self_bnd=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)
	[ "$self_bnd" = "$(full_hex)" ] ||
		skip "the host's own bounding set ($self_bnd) lacks capabilities: runc cannot start --privileged"
	local pid
	pid=$(container --privileged)
	[ "$(field "$pid" bounding hex)" = "$(full_hex)" ]
	[ "$(field "$pid" effective note)" = "full\x20set" ]
	[ "$(field "$pid" lacking-docker hex)" = 0000000000000000 ]
	run nsi caps -r -n -o set,caps "$pid"
	[[ "$output" == *"danger cap_sys_admin"* ]]
	[[ "$output" == *"danger cap_sys_module"* ]]
}

@test "caps: the full set comes from cap_last_cap under --sysroot" {
	local root="$BATS_TEST_TMPDIR/root"
	mkdir -p "$root/proc/sys/kernel" "$root/proc/4242" "$root/proc/4243"
	echo 37 >"$root/proc/sys/kernel/cap_last_cap"
	local pid bnd
	for pid in 4242 4243; do
		[ "$pid" = 4242 ] && bnd=0000003fffffffff || bnd=0000007fffffffff
		printf 'Name:\tsleep\nState:\tS (sleeping)\nTgid:\t%s\nPPid:\t1\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\nCapPrm:\t%s\nCapEff:\t%s\nCapBnd:\t%s\nCapAmb:\t0000000000000000\n' \
			"$pid" "$bnd" "$bnd" "$bnd" >"$root/proc/$pid/status"
	done
	run nsi --sysroot "$root" caps -r -n -o set,note 4242
	[ "$status" -eq 0 ]
	[[ "$output" == *"bounding full\\x20set"* ]]
	# bit 38 is above this kernel's last capability
	run nsi --sysroot "$root" caps -r -n -o set,note 4243
	[[ "$output" == *"bounding bits\\x20above\\x20cap_last_cap"* ]]
	run nsi --sysroot "$root" caps -a -r -n -o pid,permitted,marks
	[ "$status" -eq 0 ]
	# 4242 is plain root for a kernel whose last capability is 37
	[[ "$output" != *"4242 "* ]]
	[[ "$output" == *"4243 "* ]]
}

@test "caps -a in a pid namespace of its own: PID 2 and its children are not taken for kernel threads" {
	unshare -pf --mount-proc true 2>/dev/null || skip "cannot make a pid namespace here"
	# inside, PID 2 is a shell and its child sleep, both with a reduced
	# bounding set: they belong in the list (they were once left out as
	# kthreadd and its children)
	local n=${#NSI_RUN[@]} rc=0
	# shellcheck disable=SC2016
	timeout 60 unshare -pf --kill-child --mount-proc bash -c '
		setpriv --bounding-set -all,+net_raw bash -c "sleep 1000 & wait" &
		s=$!
		for _ in $(seq 100); do
			[ -n "$(cat /proc/$s/task/$s/children 2>/dev/null)" ] && break
			sleep 0.05
		done
		[ "$s" = 2 ] || { echo "the shell is PID $s, not 2" >&2; exit 3; }
		"$@" caps -a -r -n -o PID,PPID,MARKS
		rc=$?
		kill $s
		exit $rc' sh "${NSI_RUN[@]:0:n-1}" "$NSINSPECT" >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" || rc=$?
	[ $rc = 0 ] || { echo "exit $rc" >&2; cat "$BATS_TEST_TMPDIR/err" >&2; return 1; }
	grep -qx '2 1 +' "$BATS_TEST_TMPDIR/out"
	grep -qE '^[0-9]+ 2 \+$' "$BATS_TEST_TMPDIR/out"
}
