# fish completion for nsinspect(1)
# On the cgroups branch this file holds only the fallback command list; the
# full completion comes from the docs branch.

# Commands and what they do (name, tab, description), used only when no
# nsinspect binary can be run.  Adding a command: one line here.
set -g __nsinspect_fallback_commands \
    'ns	list namespaces (lsns-compatible), with their containers' \
    'cgroups	tree of cgroups (v1, v2, hybrid) with containers, usage and limits'
