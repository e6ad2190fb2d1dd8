#!/usr/bin/env bats
# The user's locale: its character set decides how names print, but never
# its decimal point.  In fr_FR or de_DE, printf("%.1f") writes "0,5": JSON
# with such a number does not parse, and `top -d 0.5` from a script would
# be refused.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/commands

teardown() {
	kill_recorded
	# the killed process leaves its cgroup a moment later
	local i
	for i in $(seq 50); do
		[ -n "${CGDIR:-}" ] && [ -d "$CGDIR" ] || break
		rmdir "$CGDIR" 2>/dev/null || sleep 0.1
	done
}

# Builds fr_FR.UTF-8 under the test's directory (no system locale is
# touched) and exports it, or skips saying what is missing.
use_french_locale() {
	command -v localedef >/dev/null || skip "no localedef (Debian package libc-bin)"
	[ -e /usr/share/i18n/locales/fr_FR ] || skip "no locale sources (Debian package locales)"
	local dir=$BATS_TEST_TMPDIR/locale
	mkdir -p "$dir"
	# localedef exits 1 on mere warnings; the check below tells
	localedef -i fr_FR -f UTF-8 "$dir/fr_FR.UTF-8" >/dev/null 2>&1 || true
	export LOCPATH=$dir
	# bash's own setlocale does not see LOCPATH and warns; its children do
	export LC_ALL=fr_FR.UTF-8 2>/dev/null
	local half
	half=$(/usr/bin/printf '%.1f' 0.5 2>/dev/null)
	[ "$half" = "0,5" ] || skip "fr_FR.UTF-8 could not be built (printf gives '$half')"
}

@test "a decimal-comma locale: -d 0.5 parses, JSON parses, numbers keep their point" {
	use_french_locale
	local c inv out=$BATS_TEST_TMPDIR/out
	# every command over the whole system, as JSON
	for c in $(nsi_commands); do
		inv=$(nsi_invocation ALL "$c")
		[ -n "$inv" ] || continue
		# shellcheck disable=SC2086
		nsi -J $inv >"$out" 2>/dev/null || { echo "nsinspect -J $inv failed" >&2; return 1; }
		jq -e . "$out" >/dev/null || { echo "nsinspect -J $inv: JSON does not parse" >&2; head -c 600 "$out" >&2; return 1; }
	done
	# the fractions themselves: an array would still parse with "23,9"
	run -0 --separate-stderr nsi top -b -n 1 -d 0.2 -J
	jq -e '(.interval | type == "number" and . > 0.1 and . < 1)
		and (.host.load | length == 3)
		and ([.cgroups[].cpu | select(. != null) | type == "number"] | all)' <<<"$output" >/dev/null
	# tables and the header print a point, as cgroups always did
	run -0 --separate-stderr nsi top -b -n 1 -d 0.2 -o PATH,CPU,MEM
	[[ "${lines[0]}" == *"interval 0."[0-9][0-9]"s"* ]]
	if grep -n '[0-9],[0-9]' <<<"$output" >&2; then
		echo "a decimal comma in top's table" >&2
		return 1
	fi
	[[ "${lines[3]}" =~ ^/\ +([0-9]+\.[0-9]|-)\ + ]]
}

# libsmartcols 2.38 measures table cells with a loop that never ends on a
# byte the locale cannot decode: before nsinspect escaped such bytes, a
# process named "café" hung every table under LANG=C at 100% CPU.
@test "UTF-8 names print as they are in a UTF-8 locale; under LANG=C every command ends, in ASCII" {
	require_root
	local pid c inv out=$BATS_TEST_TMPDIR/out v2
	# the kernel names a process after the file it runs
	cp /bin/sleep "$BATS_TEST_TMPDIR/café"
	pid=$(start_bg "$BATS_TEST_TMPDIR/café" 1000)
	wait_for grep -q caf "/proc/$pid/comm"
	v2=$(findmnt -n -t cgroup2 -o TARGET | head -1)
	if [ -n "$v2" ]; then
		CGDIR="$v2/nsi-été-$$"
		# a read-only cgroupfs (inside a container): the name is tested
		# on the process only
		if ! { mkdir "$CGDIR" && echo "$pid" >"$CGDIR/cgroup.procs"; } 2>/dev/null; then
			rmdir "$CGDIR" 2>/dev/null
			v2="" CGDIR=""
		fi
	fi
	# C.UTF-8 comes with libc itself
	LC_ALL=C.UTF-8 run -0 --separate-stderr nsi caps -n -o PID,COMMAND "$pid"
	# PID is right-aligned: a short one has spaces before it
	[[ "${lines[0]}" =~ ^\ *$pid\ café$ ]]
	for c in $(nsi_commands); do
		for inv in "$(nsi_invocation ALL "$c")" "$(nsi_invocation ONE "$c" "$pid" été)"; do
			[ -n "$inv" ] || continue
			# shellcheck disable=SC2086
			LC_ALL=C timeout 60 "${NSI_RUN[@]}" $inv >"$out" 2>/dev/null || {
				echo "LC_ALL=C nsinspect $inv: exit $?" >&2
				return 1
			}
			if LC_ALL=C grep -naP '[\x80-\xff]' "$out" >&2; then
				echo "LC_ALL=C nsinspect $inv: a byte above 0x7f in a table" >&2
				return 1
			fi
		done
	done
	LC_ALL=C run -0 --separate-stderr nsi caps -n -o PID,COMMAND "$pid"
	[[ "${lines[0]}" =~ ^\ *$pid\ caf\\xc3\\xa9$ ]]
	[ -z "$v2" ] || {
		LC_ALL=C run -0 --separate-stderr nsi cgroups -n -l -o PATH été
		[[ "$output" == *"/nsi-\\xc3\\xa9t\\xc3\\xa9-$$"* ]]
	}
	# JSON is UTF-8 whatever the locale
	LC_ALL=C run -0 --separate-stderr nsi -J caps -o PID,COMMAND "$pid"
	jq -e '.caps[0].command == "café"' <<<"$output" >/dev/null
}
