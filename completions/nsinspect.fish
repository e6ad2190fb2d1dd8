# fish completion for nsinspect(1).
#
# Commands, options and column names come from the binary itself:
#   nsinspect --list-commands      one command per line
#   nsinspect [CMD] --help         command descriptions, and option lines
#                                  " -x, --long <arg>  text" / "     --long[=<arg>]  text"
#   nsinspect CMD --list-columns   column name first, then its description
# so a new command needs no change here beyond one line in the fallback list.

# Commands and what they do (name, tab, description), used only when no
# nsinspect binary can be run.  Adding a command: one line here.
set -g __nsinspect_fallback_commands \
    'ns	list namespaces (lsns-compatible), with their containers' \
    'caps	capability sets decoded, compared with Docker\'s default' \
    'show	the whole isolation report of one process' \
    'seccomp	the seccomp filters of a process, decoded per syscall' \
    'tree	process tree with namespace marks, containers and runtimes' \
    'cgroups	tree of cgroups (v1, v2, hybrid) with containers, usage and limits' \
    'diff	two processes or containers side by side, dimension by dimension' \
    'top	live view of cgroups and containers: usage, limits, pressure'
set -g __nsinspect_fallback_globals \
    '--sysroot	read <dir>/proc and <dir>/sys instead of the live host' \
    '-J	use JSON output format' '--json	use JSON output format' \
    '-r	use the raw output format' '--raw	use the raw output format' \
    '-n	don\'t print headings' '--noheadings	don\'t print headings' \
    '-h	display this help' '--help	display this help' \
    '-V	display version' '--version	display version'

# The binary to ask: the one being completed when given as a path, else the
# first nsinspect in PATH.
function __nsinspect_bin
    set -l first (commandline -opc)[1]
    if string match -q -- '*/*' $first; and test -x "$first" -a ! -d "$first"
        echo $first
    else
        command -s nsinspect
    end
end

# Prints "NAME<tab>KIND<tab>CHOICES<tab>DESCRIPTION" for each option in
# "BIN [CMD] --help".  KIND is "arg" (value in the next word or after '='),
# "opt" (value only after '=') or "flag"; CHOICES are the words of a
# "(a, b or c)" list in the description.
function __nsinspect_options --argument-names bin cmd
    set -l help
    if test -n "$cmd"
        set help ($bin $cmd --help 2>/dev/null)
    else
        set help ($bin --help 2>/dev/null)
    end
    for line in $help
        set -l short
        set -l long
        set -l rest
        set -l m (string match -r -- '^ (-[[:alnum:]]), (--[[:alnum:]-]+)(.*)$' $line)
        if set -q m[1]
            set short $m[2]
            set long $m[3]
            set rest $m[4]
        else
            set m (string match -r -- '^     (--[[:alnum:]-]+)(.*)$' $line)
            set -q m[1]; or continue
            set long $m[2]
            set rest $m[3]
        end
        set -l kind flag
        if string match -q -- ' <*' $rest
            set kind arg
        else if string match -q -- '[=*' $rest
            set kind opt
        end
        set -l desc (string replace -r -- '^( <[^>]*>|\[=<[^>]*>\])?\s+' '' $rest)
        set -l choices
        if test $kind != flag
            set -l c (string match -r -- '\(([[:alnum:]_, -]+)\)' $rest)[2]
            set choices (string replace -a -- ',' ' ' $c | string replace -a -- ' or ' ' ')
        end
        for name in $short $long
            printf '%s\t%s\t%s\t%s\n' $name $kind "$choices" "$desc"
        end
    end
end

# Prints the candidates for the value VALUE of option OPT of command CMD.
function __nsinspect_value --argument-names bin cmd opt value sysroot
    switch $opt
        case --sysroot
            __fish_complete_directories $value
            return
        case -o --output
            # a comma-separated list, optionally appended to the defaults with '+'
            set -l head (string match -r -- '^.*,' $value)
            set -l used (string split , -- (string replace -r -- '^\+' '' "$head"))
            if test -z "$head"; and string match -q -- '+*' $value
                set head +
            end
            test -n "$bin"; or return
            for line in ($bin $cmd --list-columns 2>/dev/null)
                set -l col (string trim -- $line | string split -m1 ' ')
                contains -- $col[1] (string upper -- $used); and continue
                printf '%s%s\t%s\n' "$head" $col[1] (string trim -- "$col[2]")
            end
            return
        case --ns
            # tree --ns: a comma-separated list of namespace types
            set -l head (string match -r -- '^.*,' $value)
            printf "$head%s\n" mnt net pid uts ipc user cgroup time
            return
        case -p --task --pid
            if test -n "$sysroot"
                for d in $sysroot/proc/[0-9]*
                    basename $d
                end
            else
                __fish_complete_pids
            end
            return
    end
    # Otherwise the "(a, b or c)" of the option's help line, if any.
    if test -n "$bin"
        for line in (__nsinspect_options $bin $cmd)
            set -l f (string split \t -- $line)
            if test "$f[1]" = "$opt"; and test -n "$f[3]"
                string split ' ' -- $f[3] | string match -v ''
                return
            end
        end
    end
    switch $opt
        case -t --type
            printf '%s\n' mnt net ipc user pid uts cgroup time
        case -T --tree
            printf '%s\n' process owner parent
        case --ns-tree
            printf '%s\n' user pid
        case '*'
            __fish_complete_path $value
    end
end

function __nsinspect_complete
    set -l bin (__nsinspect_bin)
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)

    # Command names, and their descriptions from the "Commands:" part of --help.
    set -l names
    set -l described
    if test -n "$bin"
        set names ($bin --list-commands 2>/dev/null)
        set -l in_cmds 0
        for line in ($bin --help 2>/dev/null)
            if test "$line" = Commands:
                set in_cmds 1
                continue
            end
            test -z "$line"; and set in_cmds 0
            test $in_cmds = 1; or continue
            set -l f (string trim -- $line | string split -m1 ' ')
            contains -- $f[1] $names; and set -a described "$f[1]"\t(string trim -- $f[2])
        end
    end
    if not set -q names[1]
        set described $__nsinspect_fallback_commands
        set names (string replace -r -- '\t.*' '' $described)
    end

    # Global options before the command; --sysroot takes the next word.
    set -l cmd
    set -l sysroot
    set -l i 2
    while test $i -le (count $tokens)
        set -l w $tokens[$i]
        switch $w
            case --sysroot
                set i (math $i + 1)
                set sysroot $tokens[$i]
            case '--sysroot=*'
                set sysroot (string replace -- '--sysroot=' '' $w)
            case '-*'
            case '*'
                contains -- $w $names; and set cmd $w
                break
        end
        set i (math $i + 1)
    end
    # Without a command nsinspect runs the first one.
    set -l run_cmd $cmd
    test -n "$run_cmd"; or set run_cmd $names[1]

    set -l options
    if test -n "$bin"
        test -z "$cmd"; and set options (__nsinspect_options $bin)
        set -a options (__nsinspect_options $bin $run_cmd)
    end

    # --opt=value
    set -l m (string match -r -- '^(--[^=]+)=(.*)$' $cur)
    if set -q m[1]
        for v in (__nsinspect_value "$bin" $run_cmd $m[2] "$m[3]" "$sysroot")
            echo $m[2]=$v
        end
        return
    end
    # a value in the word after its option
    set -l prev $tokens[-1]
    if string match -q -- '-*' $prev
        set -l takes_arg 0
        for line in $options
            set -l f (string split \t -- $line)
            if test "$f[1]" = "$prev"; and test "$f[2]" = arg
                set takes_arg 1
            end
        end
        if test -z "$bin"; and contains -- $prev --sysroot -o --output -t --type -p --task
            set takes_arg 1
        end
        if test $takes_arg = 1
            __nsinspect_value "$bin" $run_cmd $prev "$cur" "$sysroot"
            return
        end
    end

    if string match -q -- '-*' $cur
        if test -n "$bin"
            for line in $options
                set -l f (string split \t -- $line)
                printf '%s\t%s\n' $f[1] $f[4]
            end | sort -u
        else
            printf '%s\n' $__nsinspect_fallback_globals
        end
        return
    end
    if test -z "$cmd"
        printf '%s\n' $described
    else if test "$cmd" = diff
        # host, running containers by name (when docker is there to ask), PIDs
        printf '%s\t%s\n' host 'PID 1 of the initial pid namespace'
        if test -z "$sysroot"; and command -sq docker
            for name in (timeout 2 docker ps --format '{{.Names}}' 2>/dev/null)
                printf '%s\t%s\n' $name container
            end
        end
        if test -z "$sysroot"
            __fish_complete_pids
        end
    end
end

complete -c nsinspect -f -a '(__nsinspect_complete)'
