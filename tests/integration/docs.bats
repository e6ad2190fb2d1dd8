#!/usr/bin/env bats
# The help texts, the man page and the shell completions describe the same
# commands, options and columns as the binary.  Commands come from
# `nsinspect --list-commands`, so a new command is checked without any
# change here.

load ../lib/common

setup_file() {
	export REPO="$BATS_TEST_DIRNAME/../.."
	export MAN="$REPO/man/nsinspect.1"
	export COMPDIR="$REPO/completions"
}

commands() {
	"$NSINSPECT" --list-commands
}

# Options in "nsinspect [CMD] --help": -x and --long, one per line.
help_options() {
	"$NSINSPECT" "$@" --help | sed -nE \
		-e 's/^ (-[[:alnum:]]), (--[[:alnum:]-]+).*/\1\n\2/p' \
		-e 's/^     (--[[:alnum:]-]+).*/\1/p'
}

# Column names of a command (none when it has no --list-columns).
columns() {
	"$NSINSPECT" "$1" --list-columns 2>/dev/null | awk '{ print $1 }'
}

# Roff source from the line $1 up to the next .SS or .SH, with font changes
# and escaped hyphens made plain.
man_part() {
	awk -v start="$1" '$0 == start { on = 1; next } on && /^\.S[SH]([ \t]|$)/ { exit } on' "$MAN" |
		sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\-/-/g'
}

# Succeeds when $2 occurs in text $1 as a whole option or column name.
has_word() {
	grep -qE -- "(^|[^[:alnum:]_-])$2([^[:alnum:]_-]|\$)" <<<"$1"
}

# Drives the bash completion: words..., the last one being completed.
bash_complete() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_nsinspect
	printf '%s\n' "${COMPREPLY[@]}"
}

@test "docs: nsinspect --help lists every command of --list-commands" {
	run commands
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	local help cmd
	help=$("$NSINSPECT" --help)
	for cmd in $(commands); do
		grep -qE "^ $cmd +[^ ]" <<<"$help" || { echo "--help lacks command $cmd"; return 1; }
	done
}

@test "docs: man page renders without warnings" {
	command -v groff >/dev/null || skip "groff is not installed"
	run groff -man -Tutf8 -ww -z "$MAN"
	[ "$status" -eq 0 ]
	[ -z "$output" ] || { echo "$output"; return 1; }
	if command -v man >/dev/null; then
		run env MANWIDTH=80 man -l "$MAN"
		[ "$status" -eq 0 ]
		grep -q 'GLOBAL OPTIONS' <<<"$output"
	fi
}

@test "docs: man page has a section per command and none for a missing one" {
	local cmd sections
	for cmd in $(commands); do
		grep -qx "\.SS $cmd" "$MAN" || { echo "man page lacks '.SS $cmd'"; return 1; }
	done
	# .SS sections between COMMANDS and the anchor are commands
	sections=$(awk '/^\.SH COMMANDS/ { on = 1; next } /^\.SH/ { on = 0 } on && /^\.SS / { print $2 }' "$MAN")
	for cmd in $sections; do
		commands | grep -qx "$cmd" || { echo "man page describes unknown command $cmd"; return 1; }
	done
	grep -qx '\.\\" commands: add one \.SS section per command above this line' "$MAN"
}

@test "docs: man page describes every global option" {
	local text opt
	text=$(man_part ".SH GLOBAL OPTIONS")
	[ -n "$text" ]
	for opt in $(help_options); do
		has_word "$text" "$opt" || { echo "GLOBAL OPTIONS lacks $opt"; return 1; }
	done
}

@test "docs: man page describes every option and column of each command" {
	local cmd text opt col
	for cmd in $(commands); do
		text=$(man_part ".SS $cmd")
		[ -n "$text" ] || { echo "empty man section for $cmd"; return 1; }
		for opt in $(help_options "$cmd"); do
			has_word "$text" "$opt" || { echo "man section $cmd lacks option $opt"; return 1; }
		done
		for col in $(columns "$cmd"); do
			has_word "$text" "$col" || { echo "man section $cmd lacks column $col"; return 1; }
		done
	done
}

@test "docs: every completion file names every command in its fallback list" {
	local want got
	want=$(commands | sort)
	# bash: _nsinspect_fallback_commands=( ... ), one command a line
	got=$(awk '/^_nsinspect_fallback_commands=\(/ { on = 1; next } on && /^\)/ { exit } on { print $1 }' \
		"$COMPDIR/nsinspect.bash" | sort)
	[ "$got" = "$want" ] || { echo "bash fallback: '$got' != '$want'"; return 1; }
	# zsh: fallback_commands=( 'name:description' ... )
	got=$(awk '/fallback_commands=\(/ { on = 1; next } on && /^\)/ { exit } on' "$COMPDIR/_nsinspect" |
		sed -nE "s/^[[:space:]]*'([^:]+):.*/\1/p" | sort)
	[ "$got" = "$want" ] || { echo "zsh fallback: '$got' != '$want'"; return 1; }
	# fish: set -g __nsinspect_fallback_commands 'name<tab>description' ...
	got=$(awk '/^set -g __nsinspect_fallback_commands/ { on = 1; next } on && !/\\$/ { print; exit } on' \
		"$COMPDIR/nsinspect.fish" | sed -nE "s/^[[:space:]]*'([^\t]+)\t.*/\1/p" | sort)
	[ "$got" = "$want" ] || { echo "fish fallback: '$got' != '$want'"; return 1; }
	head -1 "$COMPDIR/_nsinspect" | grep -qx '#compdef nsinspect'
}

@test "docs: bash completion is registered and completes commands, options and columns" {
	source "$COMPDIR/nsinspect.bash"
	run complete -p nsinspect
	[ "$output" = "complete -F _nsinspect nsinspect" ]

	local cmd opt col got
	got=$(bash_complete "$NSINSPECT" "")
	for cmd in $(commands); do
		grep -qx "$cmd" <<<"$got" || { echo "no command $cmd in: $got"; return 1; }
		got_opts=$(bash_complete "$NSINSPECT" "$cmd" "-")
		for opt in $(help_options "$cmd"); do
			grep -qx -- "$opt=\?" <<<"$got_opts" || { echo "$cmd: no option $opt in: $got_opts"; return 1; }
		done
		help_options "$cmd" | grep -qx -- --output || continue
		got_cols=$(bash_complete "$NSINSPECT" "$cmd" -o "")
		[ "$(sort <<<"$got_cols")" = "$(columns "$cmd" | sort)" ] ||
			{ echo "$cmd -o: '$got_cols'"; return 1; }
	done
	# comma lists, '+' and lower case; a column is offered once
	[ "$(bash_complete "$NSINSPECT" ns -o +NS,hol)" = "+NS,HOLDER" ]
	run bash_complete "$NSINSPECT" ns --output NS,N
	[[ "$output" == *"NS,NPROCS"* && "$output" != *"NS,NS"$'\n'* ]]
	# option values: types, tree kinds after '=', PIDs, directories
	[ "$(bash_complete "$NSINSPECT" ns -t "ne")" = net ]
	[ "$(bash_complete "$NSINSPECT" ns --tree = "ow")" = owner ]
	[ "$(bash_complete "$NSINSPECT" ns --tree "=" | sort | tr '\n' ' ')" = "owner parent process " ]
	bash_complete "$NSINSPECT" ns -p "$$" | grep -qx "$$"
	[ "$(bash_complete "$NSINSPECT" --sysroot /pro)" = /proc ]
}

@test "docs: bash completion falls back to its own command list without a binary" {
	source "$COMPDIR/nsinspect.bash"
	local got
	got=$(PATH=/nonexistent bash_complete nsinspect "")
	[ "$(sort <<<"$got")" = "$(commands | sort)" ]
	PATH=/nonexistent bash_complete nsinspect - | grep -qx -- --sysroot
}

@test "docs: fish completion completes commands, options and columns" {
	command -v fish >/dev/null || skip "fish is not installed"
	run fish -n "$COMPDIR/nsinspect.fish"
	[ "$status" -eq 0 ]
	local dir cmd got
	dir=$(cd "$(dirname "$NSINSPECT")" && pwd) # with .. in PATH, zsh completion missed it
	fishc() { PATH="$dir:$PATH" fish -c "source '$COMPDIR/nsinspect.fish'; complete -C '$1'" | cut -f1; }
	got=$(fishc "nsinspect ")
	for cmd in $(commands); do
		grep -qx "$cmd" <<<"$got" || { echo "no $cmd in: $got"; return 1; }
		help_options "$cmd" | grep -qx -- --output || continue
		[ "$(fishc "nsinspect $cmd -o " | sort)" = "$(columns "$cmd" | sort)" ]
	done
	[ "$(fishc "nsinspect ns -o +NS,HOL")" = "+NS,HOLDER" ]
	[ "$(fishc "nsinspect ns -t ne")" = net ]
	[ "$(fishc "nsinspect ns --tree=ow")" = "--tree=owner" ]
	fishc "nsinspect ns --" | grep -qx -- --list-columns
	# without a binary: the fallback list
	got=$(PATH=/usr/bin:/bin fish -c "source '$COMPDIR/nsinspect.fish'; complete -C 'nsinspect '" | cut -f1)
	[ "$(sort <<<"$got")" = "$(commands | sort)" ]
}

@test "docs: zsh completion completes commands, options and columns" {
	command -v zsh >/dev/null || skip "zsh is not installed"
	run zsh -n "$COMPDIR/_nsinspect"
	[ "$status" -eq 0 ]
	local dir
	dir=$(cd "$(dirname "$NSINSPECT")" && pwd) # with .. in PATH, zsh completion missed it
	run env PATH="$dir:$PATH" timeout 300 "$BATS_TEST_DIRNAME/../lib/zsh-complete" "$COMPDIR" \
		'nsinspect ' 'nsinspect ns -o +NS,hol' 'nsinspect ns -t ne' 'nsinspect ns --tree=ow' 'nsinspect ns --list-c'
	[ "$status" -eq 0 ]
	local expected cmd
	expected="### nsinspect "
	for cmd in $(commands); do
		expected+=$'\n'"> $cmd"
	done
	expected+=$'\n### nsinspect ns -o +NS,hol\n> HOLDER'
	expected+=$'\n### nsinspect ns -t ne\n> net'
	expected+=$'\n### nsinspect ns --tree=ow\n> owner'
	expected+=$'\n### nsinspect ns --list-c\n> --list-columns'
	[ "$output" = "$expected" ] || { echo "got: $output"; echo "expected: $expected"; return 1; }
}

@test "docs: make install puts binary, man page and completions in place" {
	command -v make >/dev/null || skip "make is not installed"
	# A copy of what install needs, with the binary under test, so that the
	# checkout (and its ./nsinspect) is left alone; -o: do not rebuild it.
	local src=$BATS_TEST_TMPDIR/src root=$BATS_TEST_TMPDIR/root
	mkdir -p "$src"
	cp -r "$REPO/Makefile" "$REPO/man" "$REPO/completions" "$src/"
	cp "$NSINSPECT" "$src/nsinspect"
	run make -C "$src" --no-print-directory -o nsinspect install DESTDIR="$root" PREFIX=/usr
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -x "$root/usr/bin/nsinspect" ]
	[ -f "$root/usr/share/man/man1/nsinspect.1" ]
	[ -f "$root/usr/share/bash-completion/completions/nsinspect" ]
	[ -f "$root/usr/share/zsh/vendor-completions/_nsinspect" ]
	[ -f "$root/usr/share/fish/vendor_completions.d/nsinspect.fish" ]
	run "$root/usr/bin/nsinspect" --version
	[ "$status" -eq 0 ]
}

@test "docs: .ci/run runs make check and nothing else" {
	[ -x "$REPO/.ci/run" ]
	[ "$(head -1 "$REPO/.ci/run")" = "#!/bin/sh" ]
	[ "$(grep -v '^#' "$REPO/.ci/run" | grep -v '^[[:space:]]*$')" = $'set -e\nexec make check' ]
}
