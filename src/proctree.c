#include "proctree.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

/* The order of the "[+pid +net +mnt +uts +ipc]": the types a
 * container runtime creates first, the rarer ones after. */
static const enum ns_type mark_order[] = { NS_PID, NS_NET, NS_MNT, NS_UTS, NS_IPC, NS_USER, NS_CGROUP, NS_TIME };

unsigned ns_mark_mask(const uint64_t child[NS_NTYPES], const uint64_t parent[NS_NTYPES],
		      const bool types[NS_NTYPES])
{
	unsigned mask = 0;
	for (int t = 0; t < NS_NTYPES; t++)
		if (types[t] && child[t] && parent[t] && child[t] != parent[t])
			mask |= 1u << t;
	return mask;
}

void ns_mark_text(unsigned mask, char *out, size_t outsz)
{
	size_t len = 0;
	if (!outsz)
		return;
	out[0] = '\0';
	if (!mask)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(mark_order); i++) {
		if (!(mask & (1u << mark_order[i])))
			continue;
		int n = snprintf(out + len, outsz - len, "%s+%s", len ? " " : "[", ns_type_name(mark_order[i]));
		if (n < 0 || (size_t)n >= outsz - len)
			return; /* cut: the caller's buffer fits every type */
		len += (size_t)n;
	}
	if (len + 1 < outsz) {
		out[len++] = ']';
		out[len] = '\0';
	}
}

static const char *role_of_name(const char *name, size_t len)
{
	static const struct {
		const char *name;
		bool prefix;
		const char *role;
	} roles[] = {
		{ "dockerd", false, "engine" },
		{ "podman", false, "engine" },
		{ "crio", false, "engine" },
		{ "containerd-shim", true, "shim" }, /* -runc-v2, -runc-v1, -kata-v2 ... */
		{ "containerd", false, "containerd" },
		{ "conmon", false, "shim" },
		{ "runc", false, "oci-runtime" },
		{ "crun", false, "oci-runtime" },
		{ "youki", false, "oci-runtime" },
		{ "docker-proxy", false, "proxy" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++) {
		size_t n = strlen(roles[i].name);
		if (roles[i].prefix ? len >= n && !memcmp(name, roles[i].name, n)
				    : len == n && !memcmp(name, roles[i].name, n))
			return roles[i].role;
	}
	return NULL;
}

const char *runtime_role(const char *comm, const char *cmdline)
{
	if (cmdline && *cmdline) {
		/* argv[0] ends at the first space of the joined command line */
		const char *end = strchr(cmdline, ' ');
		size_t len = end ? (size_t)(end - cmdline) : strlen(cmdline);
		const char *base = cmdline;
		for (size_t i = 0; i < len; i++)
			if (cmdline[i] == '/')
				base = cmdline + i + 1;
		const char *r = role_of_name(base, len - (size_t)(base - cmdline));
		if (r)
			return r;
	}
	return comm ? role_of_name(comm, strlen(comm)) : NULL;
}

size_t fold_siblings(const struct fold_item *items, size_t n, size_t *group_of)
{
	size_t rows = 0;
	for (size_t i = 0; i < n; i++) {
		group_of[i] = i;
		if (items[i].leaf && items[i].key) {
			for (size_t j = 0; j < i; j++) {
				if (group_of[j] == j && items[j].leaf && items[j].key &&
				    !strcmp(items[j].key, items[i].key)) {
					group_of[i] = j;
					break;
				}
			}
		}
		rows += group_of[i] == i;
	}
	return rows;
}
