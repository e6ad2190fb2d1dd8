# bash completion for nsinspect(1)                        -*- shell-script -*-
# On the cgroups branch this file holds only the fallback command list; the
# full completion comes from the docs branch.

# Commands, used only when no nsinspect binary can be run.
# Adding a command: one line here.
_nsinspect_fallback_commands=(
	ns
	cgroups
)
