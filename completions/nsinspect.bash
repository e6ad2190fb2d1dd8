# bash completion for nsinspect(1)                        -*- shell-script -*-
#
# Commands, options and column names come from the binary itself:
#   nsinspect --list-commands      one command per line
#   nsinspect [CMD] --help         lines " -x, --long <arg>  text" and
#                                  "     --long[=<arg>]  text"
#   nsinspect CMD --list-columns   column name first on each line
# so a new command needs no change here beyond one line in the fallback list.

# Commands, used only when no nsinspect binary can be run.
# Adding a command: one line here.
_nsinspect_fallback_commands=(
	ns
	caps
	show
	seccomp
	tree
	cgroups
	diff
	top
)
# Global options, used only when no nsinspect binary can be run.
_nsinspect_fallback_globals="--sysroot -J --json -r --raw -n --noheadings -h --help -V --version"

# The binary to ask: the one being completed when given as a path, else
# the first nsinspect in PATH.
_nsinspect_bin()
{
	local word=$1
	if [[ $word == */* && -x $word && ! -d $word ]]; then
		printf '%s\n' "$word"
	else
		type -P nsinspect || :
	fi
}

# Prints one line per option in "BIN [CMD] --help":
#   NAME KIND [CHOICE...]
# NAME is -x or --long, KIND is "arg" (value in the next word or after '='),
# "opt" (value only after '=') or "flag".  CHOICES are the words of a
# "(a, b or c)" list in the option's description, if it has one.
_nsinspect_options()
{
	local bin=$1 line short long rest kind choices
	shift
	local re1='^ (-[[:alnum:]]), (--[[:alnum:]-]+)(.*)$'
	local re2='^     (--[[:alnum:]-]+)(.*)$'
	local rec='\(([[:alnum:]_, -]+)\)'
	while IFS= read -r line; do
		if [[ $line =~ $re1 ]]; then
			short=${BASH_REMATCH[1]} long=${BASH_REMATCH[2]} rest=${BASH_REMATCH[3]}
		elif [[ $line =~ $re2 ]]; then
			short="" long=${BASH_REMATCH[1]} rest=${BASH_REMATCH[2]}
		else
			continue
		fi
		case $rest in
		" <"*) kind=arg ;;
		"[="*) kind=opt ;;
		*) kind=flag ;;
		esac
		choices=""
		if [[ $kind != flag && $rest =~ $rec ]]; then
			choices=${BASH_REMATCH[1]//,/ }
			choices=${choices// or / }
		fi
		[[ -n $short ]] && printf '%s %s %s\n' "$short" "$kind" "$choices"
		printf '%s %s %s\n' "$long" "$kind" "$choices"
	done < <("$bin" "$@" --help 2>/dev/null)
}

_nsinspect_commands()
{
	local bin=$1 out
	if [[ -n $bin ]] && out=$("$bin" --list-commands 2>/dev/null) && [[ -n $out ]]; then
		printf '%s\n' "$out"
	else
		printf '%s\n' "${_nsinspect_fallback_commands[@]}"
	fi
}

# Completes the value of option OPT (of command CMD) from word CUR.
_nsinspect_value()
{
	local bin=$1 cmd=$2 opt=$3 cur=$4 sysroot=$5 line name kind choices
	case $opt in
	--sysroot)
		compopt -o dirnames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	-o | --output)
		# a comma-separated list, optionally appended to the defaults with '+'
		local head=${cur%"${cur##*,}"} part=${cur##*,}
		if [[ -z $head && $part == +* ]]; then
			head=+ part=${part#+}
		fi
		local cols="" col
		if [[ -n $bin ]]; then
			while read -r col _; do
				# offer each column once
				[[ ,${head#+}, == *",$col,"* ]] || cols+="$col "
			done < <("$bin" "$cmd" --list-columns 2>/dev/null)
		fi
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -P "$head" -W "$cols" -- "${part^^}"))
		return
		;;
	--ns)
		# tree --ns: a comma-separated list of namespace types
		local head=${cur%"${cur##*,}"} part=${cur##*,}
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -P "$head" -W "mnt net pid uts ipc user cgroup time" -- "$part"))
		return
		;;
	--sort | -s)
		# top: a column, or IO / NET
		local cols="IO NET" col
		if [[ -n $bin ]]; then
			while read -r col _; do cols+=" $col"; done < <("$bin" "$cmd" --list-columns 2>/dev/null)
		fi
		COMPREPLY=($(compgen -W "$cols" -- "${cur^^}"))
		return
		;;
	-p | --task | --pid)
		local proc=${sysroot:-}/proc
		COMPREPLY=($(compgen -W "$(cd "$proc" 2>/dev/null && printf '%s ' [0-9]*)" -- "$cur"))
		return
		;;
	esac
	# Otherwise the "(a, b or c)" of the option's help line, if any.
	if [[ -n $bin ]]; then
		while read -r name kind choices; do
			if [[ $name == "$opt" && -n $choices ]]; then
				COMPREPLY=($(compgen -W "$choices" -- "$cur"))
				return
			fi
		done < <(_nsinspect_options "$bin" "$cmd")
	fi
	case $opt in
	-t | --type) COMPREPLY=($(compgen -W "mnt net ipc user pid uts cgroup time" -- "$cur")) ;;
	-T | --tree) COMPREPLY=($(compgen -W "process owner parent" -- "$cur")) ;;
	--ns-tree) COMPREPLY=($(compgen -W "user pid" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}

_nsinspect()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=""
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	local bin cmd="" sysroot="" i w
	bin=$(_nsinspect_bin "${COMP_WORDS[0]}")
	COMPREPLY=()

	local -a commands
	commands=($(_nsinspect_commands "$bin"))

	# Global options before the command; --sysroot takes the next word.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--sysroot)
			if [[ ${COMP_WORDS[i + 1]} == = ]]; then
				sysroot=${COMP_WORDS[i + 2]}
				((i += 2))
			else
				sysroot=${COMP_WORDS[i + 1]}
				((i++))
			fi
			;;
		--sysroot=*) sysroot=${w#--sysroot=} ;;
		-*) ;;
		*)
			local c
			for c in "${commands[@]}"; do
				[[ $w == "$c" ]] && cmd=$c
			done
			break
			;;
		esac
	done
	# Without a command nsinspect runs the first one.
	local run_cmd=${cmd:-${commands[0]}}

	# "--opt=value": bash splits the word at '=' into "--opt" "=" "value"
	# (when '=' is in COMP_WORDBREAKS), and only "value" is replaced.
	local opt="" value=$cur
	if [[ $cur == = && $prev == --* ]]; then
		opt=$prev value=""
	elif [[ $prev == = && $COMP_CWORD -ge 2 && ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		# '=' not a word break: complete the whole word
		opt=${cur%%=*} value=${cur#*=}
		_nsinspect_value "$bin" "$run_cmd" "$opt" "$value" "$sysroot"
		local k
		for k in "${!COMPREPLY[@]}"; do
			COMPREPLY[k]="$opt=${COMPREPLY[k]}"
		done
		return 0
	elif [[ $prev == -* ]]; then
		# an option that takes the next word as its value?
		local name kind choices
		if [[ -z $cmd && $prev == --sysroot ]]; then
			opt=$prev
		elif [[ -n $bin ]]; then
			while read -r name kind choices; do
				[[ $name == "$prev" && $kind == arg ]] && opt=$prev
			done < <(
				[[ -z $cmd ]] && _nsinspect_options "$bin"
				_nsinspect_options "$bin" "$run_cmd"
			)
		else
			case $prev in
			-o | --output | -t | --type | -p | --task) opt=$prev ;;
			esac
		fi
	fi
	if [[ -n $opt ]]; then
		_nsinspect_value "$bin" "$run_cmd" "$opt" "$value" "$sysroot"
		return 0
	fi

	if [[ $cur == -* ]]; then
		local opts="" name kind choices
		if [[ -n $bin ]]; then
			while read -r name kind choices; do
				[[ $kind == opt && $name == --* ]] && name+="="
				# -J and the like are both global and command options
				[[ " $opts " == *" $name "* ]] || opts+="$name "
			done < <(
				[[ -z $cmd ]] && _nsinspect_options "$bin"
				_nsinspect_options "$bin" "$run_cmd"
			)
		else
			opts=$_nsinspect_fallback_globals
		fi
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return 0
	fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "${commands[*]}" -- "$cur"))
	elif [[ $cmd == diff ]]; then
		_nsinspect_diff_targets "$cur" "$sysroot"
	fi
	return 0
}

# What diff compares: host, running containers by name (when docker is
# there to ask, for two seconds at most), PIDs.
_nsinspect_diff_targets()
{
	local cur=$1 sysroot=$2 words="host"
	if [[ -z $sysroot ]] && type -P docker >/dev/null; then
		words+=" $(timeout 2 docker ps --format '{{.Names}}' 2>/dev/null)"
	fi
	words+=" $(cd "${sysroot:-}/proc" 2>/dev/null && printf '%s ' [0-9]*)"
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _nsinspect nsinspect
