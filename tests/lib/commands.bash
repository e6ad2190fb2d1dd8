# The invocations of every command, for the tests that must cover them all
# (hostile.bats, churn.bats, nonroot.bats, args.bats).  Every command that
# `nsinspect --list-commands` prints needs an entry in BOTH tables; a
# missing one makes those tests fail with "add COMMAND to the hostile
# table", so that a new command is never silently left untested.  "-" says
# the form does not apply (and why, in a comment).

# NSI_ALL: the whole system, no PID named (churn, not root, closed pipe,
# full disk, hostile names).  "-": the command always names a PID.
declare -gA NSI_ALL=(
	[ns]="ns --output-all"
	[caps]="caps -a --output-all"
	[show]="-"    # always one PID: see NSI_ONE
	[seccomp]="-" # always one PID: see NSI_ONE
	[cgroups]="cgroups -p --output-all"
	[tree]="tree --output-all -A -k -t"
	[diff]="diff -v --output-all host host" # PID 1 against itself: exit 0
	[top]="top -b -n 1 -l --output-all"
)

# NSI_ONE: rows about one process (@PID@) or the cgroups matching a
# pattern (@CGROUP@), that stay put while a test runs, so that the rows of
# -r and -J can be counted against each other.
declare -gA NSI_ONE=(
	[ns]="ns --output-all -p @PID@"
	[caps]="caps --output-all @PID@"
	[show]="show --output-all @PID@"
	[seccomp]="seccomp --output-all @PID@"
	[cgroups]="cgroups -l --output-all @CGROUP@"
	[tree]="tree --output-all -A -p @PID@"
	[diff]="diff -v --output-all @PID@ @PID@" # itself: identical, exit 0
	[top]="top -b -n 1 -l --output-all --cgroup @CGROUP@"
)

# NSI_CHURN: overrides NSI_ALL in churn.bats (e.g. top: "top -b -n 20 -d 0.05").
declare -gA NSI_CHURN=(
	[top]="top -b -n 20 -d 0.05 -l"
)

# Prints the commands nsinspect lists, one a line.
nsi_commands() {
	"$NSINSPECT" --list-commands
}

# Fails (with the message the tests promise) when a listed command has no
# entry in the tables.
nsi_check_table() {
	local c missing=0
	for c in $(nsi_commands); do
		if [ -z "${NSI_ALL[$c]+x}" ] || [ -z "${NSI_ONE[$c]+x}" ]; then
			echo "add $c to the hostile table (tests/lib/commands.bash: NSI_ALL and NSI_ONE)" >&2
			missing=1
		fi
	done
	return $missing
}

# The invocation of form $1 (ALL, ONE, CHURN) for command $2 with @PID@ and
# @CGROUP@ replaced by $3 and $4; prints nothing for "-".
nsi_invocation() {
	local form=$1 c=$2 pid=${3:-} cg=${4:-} inv
	case $form in
	ALL) inv=${NSI_ALL[$c]} ;;
	ONE) inv=${NSI_ONE[$c]} ;;
	CHURN) inv=${NSI_CHURN[$c]:-${NSI_ALL[$c]}} ;;
	esac
	[ "$inv" = - ] && return 0
	inv=${inv//@PID@/$pid}
	printf '%s\n' "${inv//@CGROUP@/$cg}"
}

# True when file $1 holds a control byte (C0 but \n, DEL, ESC) or a C1
# control encoded in UTF-8: what must never reach a terminal.
has_control_bytes() {
	LC_ALL=C grep -q -P '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"
}

# The number of rows in a JSON answer: the objects of its top-level array,
# with their tree children.
json_rows() {
	# top's JSON line also holds host figures: only the arrays are rows
	jq 'def n: 1 + ([.children[]? | n] | add // 0); [.[] | arrays | .[] | n] | add // 0' "$1"
}

# True when stderr file $1 is empty or holds only the one known warning
# about PID 1 (its namespace links are unreadable on some hosts).
only_pid1_warning() {
	[ ! -s "$1" ] && return 0
	[ "$(wc -l <"$1")" = 1 ] && grep -q "^nsinspect: warning: PID 1 could not be fully read (permission denied)\\|^nsinspect: warning: PID 1's namespace links or root are unreadable" "$1"
}
