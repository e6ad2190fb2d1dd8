#!/usr/bin/env bats
# Broken arguments and broken output for every command that
# `nsinspect --list-commands` prints (issue 7), driven by the invocation
# table in tests/lib/commands.bash: bad, vanished and huge PIDs, unknown
# columns, commands and options, empty and duplicate -o lists, conflicting
# options; a pipe closed early and a full disk.  Usage errors: one line
# naming the value plus the hint, exit 2; a vanished PID: exit 1; nothing
# ever ends by a signal but SIGPIPE.

bats_require_minimum_version 1.5.0
load ../lib/common
load ../lib/commands

HINT="Try 'nsinspect --help' for more information."

setup() {
	nsi_check_table
}

teardown() {
	kill_recorded
}

# Runs nsinspect with $@: exit 2, nothing on stdout, a first stderr line
# matching the glob $MSG (with $EXACT=1: equal to it) and the hint as the
# second and last.
usage_fails() {
	run --separate-stderr nsi "$@"
	local first=${stderr_lines[0]:-} match=0
	if [ "${EXACT:-0}" = 1 ]; then
		[ "$first" = "$MSG" ] && match=1
	else
		[[ "$first" == $MSG ]] && match=1
	fi
	if [ "$status" -ne 2 ] || [ -n "$output" ] || [ "${#stderr_lines[@]}" -ne 2 ] ||
		[ $match = 0 ] || [ "${stderr_lines[1]}" != "$HINT" ]; then
		printf 'nsinspect %s\nwanted exit 2 and: %s\ngot exit %s, stdout %s, stderr:\n%s\n' \
			"$*" "$MSG" "$status" "${output:0:200}" "$stderr" >&2
		return 1
	fi
}

# The invocation of command $1 naming PID $2 (NSI_ONE), or nothing when
# the command names no PID.
pid_invocation() {
	[[ "${NSI_ONE[$1]}" == *@PID@* ]] || return 0
	nsi_invocation ONE "$1" "$2" | sed 's/ --output-all//'
}

# Every invocation of command $1 without --output-all (the tests add -o).
base_invocations() {
	local form
	for form in ALL ONE; do
		nsi_invocation $form "$1" "$$" nsi-host-none | sed 's/ --output-all//'
	done
}

nsi_to_full() {
	nsi "$@" >/dev/full
}

# The first column a command offers (from -H).
first_column() {
	nsi "$1" -H | awk 'NF { print $1; exit }'
}

@test "args: bad PIDs in every command that takes one: exit 2 naming the value" {
	local c inv v n=0
	for c in $(nsi_commands); do
		inv=$(pid_invocation "$c" @V@)
		[ -n "$inv" ] || continue
		for v in abc 12x 0 99999999999999999999 4194304 -5 1.5 '' ' 7' $'\xff'; do
			# shellcheck disable=SC2086
			set -- ${inv//@V@/__V__}
			local args=() a
			for a in "$@"; do [ "$a" = __V__ ] && args+=("$v") || args+=("$a"); done
			case $v in
			-5) MSG="nsinspect: *'-5'*" ;; # an option to some parsers, a PID to others
			'') MSG="nsinspect: *''*" ;;
			$'\xff') MSG="nsinspect: *'\\\\xff'*" ;;
			*) MSG="nsinspect: *'$v'*" ;;
			esac
			if [ "$c" = diff ] && [ -n "$v" ] && [ "$v" != -5 ] && ! [[ $v =~ ^[0-9]+$ ]]; then
				# diff also takes container names: a value that is no
				# PID is looked up as one, and none found is diff(1)'s
				# "trouble" (exit 2, naming it), not a usage error
				run --separate-stderr nsi "${args[@]}"
				[ "$status" -eq 2 ] && [ -z "$output" ] && [ "${#stderr_lines[@]}" -eq 1 ] &&
					[[ "${stderr_lines[0]}" == $MSG ]] ||
					{ printf 'nsinspect %s: exit %s\n%s\n' "${args[*]}" "$status" "$stderr" >&2; return 1; }
			else
				usage_fails "${args[@]}"
			fi
			n=$((n + 1))
		done
	done
	[ $n -gt 0 ]
}

@test "args: a PID that is gone: exit 1, one message, in every command that takes one" {
	local c inv pid
	sleep 0 &
	pid=$!
	wait "$pid"
	[ ! -e "/proc/$pid" ] || skip "PID $pid was reused"
	for c in $(nsi_commands); do
		for pid in "$pid" 4194303; do
			inv=$(pid_invocation "$c" "$pid")
			[ -n "$inv" ] || continue
			# shellcheck disable=SC2086
			run --separate-stderr nsi $inv
			# diff's exit status is diff(1)'s: 1 means "different", so a
			# process that is gone is trouble, 2
			local want=1
			[ "$c" = diff ] && want=2
			if [ "$status" -ne "$want" ] || [ -n "$output" ] ||
				[[ "$(grep -v "^nsinspect: warning: PID 1[ ']" <<<"$stderr")" != "nsinspect: "*"$pid"* ]] ||
				[ "$(grep -vc "^nsinspect: warning: PID 1[ ']" <<<"$stderr")" -ne 1 ]; then
				printf 'nsinspect %s: exit %s\n%s\n' "$inv" "$status" "$stderr" >&2
				return 1
			fi
		done
	done
}

@test "args: unknown column, empty and broken -o lists, unknown option: exit 2 in every command" {
	local c inv
	for c in $(nsi_commands); do
		while read -r inv; do
			[ -n "$inv" ] || continue
			# shellcheck disable=SC2086
			{
				MSG="nsinspect: unknown column: 'NOSUCHCOL'" usage_fails $inv -o NOSUCHCOL
				MSG="nsinspect: unknown column: 'NOSUCHCOL'" usage_fails $inv -o +NOSUCHCOL
				MSG="nsinspect: unknown column: ''" usage_fails $inv -o "$(first_column "$c"),"
				MSG="nsinspect: unknown column: ''" usage_fails $inv -o ,
				MSG="nsinspect: empty column list" usage_fails $inv -o ''
				MSG="nsinspect: empty column list" usage_fails $inv -o +
				EXACT=1 MSG="nsinspect: unknown column: 'a\\x1b[2Jb\\x0ac'" usage_fails $inv -o $'a\e[2Jb\nc'
				MSG="nsinspect: unknown option '--no-such-option'" usage_fails $inv --no-such-option
				MSG="nsinspect: option '-o' requires an argument" usage_fails $inv -o
			}
		done < <(base_invocations "$c")
	done
}

@test "args: conflicting options: -J with -r, -o with --output-all: exit 2 in every command" {
	local c inv
	for c in $(nsi_commands); do
		while read -r inv; do
			[ -n "$inv" ] || continue
			# shellcheck disable=SC2086
			{
				MSG="nsinspect: options --json and --raw are mutually exclusive" usage_fails $inv -J --raw
				MSG="nsinspect: options --json and --raw are mutually exclusive" usage_fails -r $inv -J
				MSG="nsinspect: options --json and --raw are mutually exclusive" usage_fails -J -r $inv
				MSG="nsinspect: options --output and --output-all are mutually exclusive" \
					usage_fails $inv -o "$(first_column "$c")" --output-all
			}
		done < <(base_invocations "$c")
	done
}

@test "args: a column named twice is shown once, in every command" {
	local c inv col
	for c in $(nsi_commands); do
		col=$(first_column "$c")
		inv=$(base_invocations "$c" | head -1)
		# shellcheck disable=SC2086
		run -0 --separate-stderr nsi $inv -J -o "$col,$col,${col,,}"
		# shellcheck disable=SC2086
		[ "$(jq -c '[.[] | arrays | .[0] // {} | keys_unsorted[]] - ["children"] | length' <<<"$output")" -le 1 ]
		# shellcheck disable=SC2086
		run -0 --separate-stderr nsi $inv --raw -o "$col,$col"
		[ -z "$output" ] || [ "$(head -1 <<<"$output" | wc -w)" -eq 1 ]
	done
}

@test "args: unknown commands" {
	MSG="nsinspect: unknown command 'bogus'" usage_fails bogus
	MSG="nsinspect: unknown command 'NS'" usage_fails NS
	MSG="nsinspect: unknown command 'n'" usage_fails n
	EXACT=1 MSG="nsinspect: unknown command 'x\\x1b[2J'" usage_fails $'x\e[2J'
	MSG="nsinspect: unknown command 'ns-x'" usage_fails -J ns-x
}

@test "output: a pipe closed early is quiet (exit 0 or 141) in every command" {
	local c form inv rc
	sleep 1000 &
	local pid=$!
	echo "$pid" >>"$BATS_TEST_TMPDIR/pids"
	for c in $(nsi_commands); do
		for form in ALL ONE; do
			inv=$(nsi_invocation $form "$c" "$pid" /)
			[ -n "$inv" ] || continue
			for mode in "" -r -J; do
				rc=0
				# shellcheck disable=SC2086
				(set -o pipefail; nsi $mode $inv 2>"$BATS_TEST_TMPDIR/err" | head -1 >/dev/null) || rc=$?
				if { [ $rc -ne 0 ] && [ $rc -ne 141 ]; } || ! only_pid1_warning "$BATS_TEST_TMPDIR/err"; then
					echo "nsinspect $mode $inv | head -1: exit $rc" >&2
					cat "$BATS_TEST_TMPDIR/err" >&2
					return 1
				fi
			done
		done
	done
}

@test "output: a full disk is one write error and exit 1 in every command" {
	local c form inv
	sleep 1000 &
	local pid=$!
	echo "$pid" >>"$BATS_TEST_TMPDIR/pids"
	for c in $(nsi_commands); do
		for form in ALL ONE; do
			inv=$(nsi_invocation $form "$c" "$pid" /)
			[ -n "$inv" ] || continue
			for mode in "" -r -J; do
				# shellcheck disable=SC2086
				run --separate-stderr nsi $mode $inv
				# a command that prints nothing cannot fail to write
				[ -n "$output" ] || continue
				# shellcheck disable=SC2086
				run --separate-stderr nsi_to_full $mode $inv
				# diff: 1 would read as "different"; diff(1) says 2
				local want=1
				[ "$c" = diff ] && want=2
				if [ "$status" -ne "$want" ] || [ "$(grep -vc "^nsinspect: warning: PID 1[ ']" <<<"$stderr")" -ne 1 ] ||
					! grep -q '^nsinspect: write error: No space left on device$' <<<"$stderr"; then
					echo "nsinspect $mode $inv >/dev/full: exit $status" >&2
					echo "$stderr" >&2
					return 1
				fi
			done
		done
		run --separate-stderr nsi_to_full "$c" --help
		[ "$status" -eq 1 ]
		run --separate-stderr nsi_to_full "$c" -H
		[ "$status" -eq 1 ]
	done
}
