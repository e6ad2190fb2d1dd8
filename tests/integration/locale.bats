#!/usr/bin/env bats
# The user's locale never decides the decimal point.  In fr_FR or de_DE,
# printf("%.1f") writes "0,5": JSON with such a number does not parse, and
# `top -d 0.5` from a script would be refused.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/commands

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
