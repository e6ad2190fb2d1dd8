#include "target.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool same_container(const struct container_ref *a, const struct container_ref *b)
{
	return !strcmp(a->runtime, b->runtime) && !strcmp(a->id, b->id) && !strcmp(a->pod, b->pod);
}

static bool is_pidns_init(const struct process *p)
{
	return p->st.nspid_len > 1 && p->st.nspid[p->st.nspid_len - 1] == 1;
}

/* How good p is as the container's process: 2 init of its own pid
 * namespace, 1 parent outside the container, 0 any member. */
static int init_rank(const struct model *m, const struct process *p)
{
	if (is_pidns_init(p))
		return 2;
	const struct process *parent = model_process(m, p->ppid);
	if (!parent || !parent->in_container || !same_container(parent->container, p->container))
		return 1;
	return 0;
}

static int cmp_init_pid(const void *a, const void *b)
{
	const struct target_container *x = a, *y = b;
	return (x->init->pid > y->init->pid) - (x->init->pid < y->init->pid);
}

size_t target_containers(const struct model *m, const struct docker_names *dn,
			 struct target_container **out)
{
	struct target_container *v = NULL;
	size_t n = 0;
	for (size_t i = 0; i < m->nprocs; i++) {
		struct process *p = m->procs[i];
		if (!p->in_container)
			continue;
		size_t k = 0;
		while (k < n && !same_container(&v[k].ref, p->container))
			k++;
		if (k == n) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n].ref = *p->container;
			v[n].init = p;
			const struct docker_container *d = dn ? docker_names_find(dn, p->container->id) : NULL;
			v[n].name = d ? d->name : NULL;
			n++;
		} else if (init_rank(m, p) > init_rank(m, v[k].init)) {
			/* procs are sorted by PID: the first of a rank wins */
			v[k].init = p;
		}
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_init_pid);
	*out = v;
	return n;
}

bool target_is_host(const char *arg)
{
	return !strcmp(arg, "host");
}

static bool has_prefix(const char *s, const char *prefix)
{
	return *prefix && !strncmp(s, prefix, strlen(prefix));
}

static char *candidate_list(const struct target_container *c, const bool *hit, size_t n)
{
	struct buf b = { 0 };
	buf_append(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (!hit[i])
			continue;
		char label[128];
		container_label(&c[i].ref, label, sizeof(label));
		char *s = c[i].name ? xasprintf("%s%s (%s)", b.len ? ", " : "", label, c[i].name)
				    : xasprintf("%s%s", b.len ? ", " : "", label);
		buf_append(&b, s, strlen(s));
		free(s);
	}
	return b.data;
}

enum target_match target_find_container(const struct target_container *c, size_t n,
					const char *arg, size_t *index, char **candidates)
{
	*candidates = NULL;
	if (!*arg)
		return TARGET_NONE;
	bool *hit = xcalloc(n ? n : 1, sizeof(*hit));
	const char *colon = strchr(arg, ':');
	enum target_match result = TARGET_NONE;
	/* Each rule in turn; the first that matches anything decides. */
	for (int rule = 0; rule < 4 && result == TARGET_NONE; rule++) {
		size_t hits = 0;
		for (size_t i = 0; i < n; i++) {
			const struct container_ref *r = &c[i].ref;
			bool match = false;
			switch (rule) {
			case 0: /* docker:0123456789ab, k8s:<pod uid prefix> */
				if (colon && (size_t)(colon - arg) == strlen(r->runtime) &&
				    !strncmp(arg, r->runtime, strlen(r->runtime)))
					match = has_prefix(strcmp(r->runtime, "k8s") ? r->id : r->pod, colon + 1);
				break;
			case 1: match = !strcmp(r->id, arg); break;
			case 2: match = c[i].name && !strcmp(c[i].name, arg); break;
			case 3: match = has_prefix(r->id, arg); break;
			}
			hit[i] = match;
			if (match) {
				*index = i;
				hits++;
			}
		}
		if (hits == 1)
			result = TARGET_FOUND;
		else if (hits > 1) {
			result = TARGET_AMBIGUOUS;
			*candidates = candidate_list(c, hit, n);
		}
	}
	free(hit);
	return result;
}
