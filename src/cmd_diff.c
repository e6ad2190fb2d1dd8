/* nsinspect diff A B: two processes side by side, dimension by dimension
 * (namespaces, cgroups and their limits, capabilities, no_new_privs,
 * seccomp down to the syscalls, LSM label, id maps, root, user), with the
 * identical ones folded into one line.  A and B are PIDs, containers or
 * "host"; the exit status is diff(1)'s: 0 identical, 1 different, 2
 * trouble. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "cgroup.h"
#include "cli.h"
#include "commands.h"
#include "docker.h"
#include "model.h"
#include "output.h"
#include "bpf.h"
#include "seccomp_eval.h"
#include "seccomp_read.h"
#include "secinfo.h"
#include "target.h"
#include "users.h"
#include "util.h"

enum { COL_DIMENSION, COL_A, COL_B, COL_SAME, COL_VERDICT, COL_DETAIL };

static const struct colinfo infos[] = {
	[COL_DIMENSION] = { "DIMENSION", 0, 0, SCOLS_JSON_STRING, "what is compared: a namespace type, cgroup:HIERARCHY, limit:CONTROLLER, caps:SET, seccomp, ..." },
	[COL_A] = { "A", 0, 0, SCOLS_JSON_STRING, "its value for the first process" },
	[COL_B] = { "B", 0, 0, SCOLS_JSON_STRING, "its value for the second process" },
	/* a JSON number column prints its data verbatim: true, false, or null
	 * for no data (a boolean column would print false) */
	[COL_SAME] = { "SAME", 0, 0, SCOLS_JSON_NUMBER, "true when both values are the same (null when unknown and for process, command, container)" },
	[COL_VERDICT] = { "VERDICT", 0, 0, SCOLS_JSON_STRING, "same, differs or unknown (empty for process, command and container)" },
	[COL_DETAIL] = { "DETAIL", 0, 0, SCOLS_JSON_STRING, "what differs: capabilities added and removed, syscalls whose verdict differs, sizes" },
};

struct diff_opts {
	struct outopts out;
	bool verbose;
	bool list_columns;
	const char *args[2];
};

/* What a dimension's two values make. */
enum verdict { V_INFO /* names the processes: not compared */, V_SAME, V_DIFFERS, V_UNKNOWN };
static const char *const verdict_names[] = { "", "same", "differs", "unknown" };

struct dim {
	char *name;
	char *a, *b;  /* NULL: unknown */
	char *detail;
	enum verdict verdict;
};

/* One of the two processes and what was read about it. */
struct side {
	const char *arg;
	struct process *p;
	struct secinfo si;
	const char *container_name; /* engine's name, NULL when none or unknown */
	/* seccomp filters: read only in filter mode */
	struct seccomp_prog *progs;
	size_t nprogs;
	int seccomp_err;            /* 0, or what seccomp_read_filters said */
};

struct diff_ctx {
	struct diff_opts *o;
	struct sysroot *root;
	struct model m;
	struct docker_names dn;
	struct cgroup_tree cgt;
	bool cgt_ok;
	struct side s[2];
	bool same_process;
	bool host_from_kthreadd;    /* PID 1's links were unreadable */
	struct dim *dims;
	size_t ndims;
};

static void print_diff_help(void)
{
	printf("Usage:\n"
	       " nsinspect diff [options] [<a>] <b>\n"
	       "\n"
	       "Compare how two processes are isolated, side by side: each namespace, the\n"
	       "cgroup of each hierarchy and the memory, pids and cpu limits, the five\n"
	       "capability sets, no_new_privs, seccomp (mode, filters and the syscalls whose\n"
	       "verdict differs), LSM label, uid/gid maps, root directory and user.\n"
	       "<a> and <b> are each a PID, a container (name, id prefix or runtime:id) or\n"
	       "'host' (PID 1); with one argument, <a> is 'host'.  Identical dimensions are\n"
	       "folded into one 'same:' line.  Exit status: 0 identical, 1 different,\n"
	       "2 trouble (bad argument, unknown process, something unreadable).\n"
	       "\n"
	       "Options:\n"
	       " -v, --verbose          list the identical dimensions too, one per row\n"
	       " -J, --json             use JSON output format (every dimension)\n"
	       " -n, --noheadings       don't print headings\n"
	       " -o, --output <list>    define which output columns to use (+<list> appends)\n"
	       "     --output-all       output all columns\n"
	       " -r, --raw              use the raw output format\n"
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Available output columns:\n");
	columns_print_help(stdout, infos, ARRAY_SIZE(infos));
}

static int parse_diff_args(struct cli *cli, int argc, char **argv, struct diff_opts *o)
{
	static const struct option longopts[] = {
		OUTPUT_LONGOPTS,
		{ "verbose", no_argument, NULL, 'v' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":" OUTPUT_SHORTOPTS "vHh", longopts, NULL)) != -1) {
		if (outopts_apply(&o->out, c, optarg))
			continue;
		switch (c) {
		case 'v': o->verbose = true; break;
		case 'H': o->list_columns = true; break;
		case 'h': print_diff_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (o->list_columns)
		return 0;
	int nargs = argc - optind;
	if (nargs == 0) {
		usage_error("no process given (diff takes one or two: PID, container or host)");
		return -1;
	}
	if (nargs > 2) {
		char *e = str_escape(argv[optind + 2], strlen(argv[optind + 2]));
		usage_error("unexpected argument: '%s' (diff takes two processes)", e);
		free(e);
		return -1;
	}
	o->args[0] = nargs == 1 ? "host" : argv[optind];
	o->args[1] = argv[argc - 1];
	for (int i = 0; i < 2; i++) {
		pid_t pid;
		if (!*o->args[i]) {
			usage_error("invalid process argument: ''");
			return -1;
		}
		if (str_all_digits(o->args[i]) && !parse_pid_arg(o->args[i], &pid)) {
			char *e = str_escape(o->args[i], strlen(o->args[i]));
			usage_error("invalid PID: '%s'", e);
			free(e);
			return -1;
		}
	}
	return 0;
}

/* Reading -------------------------------------------------------------- */

static bool is_docker_like(const struct container_ref *r)
{
	return !strcmp(r->runtime, "docker") || !strcmp(r->runtime, "podman");
}

/* One lookup of the engine's names: for every container of the model. */
static void load_names(struct diff_ctx *ctx)
{
	const char **ids = xcalloc(ctx->m.nprocs + 1, sizeof(*ids));
	size_t nids = 0;
	bool podman = false;
	for (size_t i = 0; i < ctx->m.nprocs; i++) {
		const struct process *p = ctx->m.procs[i];
		if (!p->in_container || !is_docker_like(p->container))
			continue;
		bool dup = false;
		for (size_t k = 0; k < nids && !dup; k++)
			dup = !strcmp(ids[k], p->container->id);
		if (dup)
			continue;
		ids[nids++] = p->container->id;
		podman |= !strcmp(p->container->runtime, "podman");
	}
	docker_names_load(&ctx->dn, ctx->root, ids, nids, podman);
	free(ids);
}

/* Finds the process an argument names; prints why not and returns false. */
static bool resolve(struct diff_ctx *ctx, struct side *s)
{
	const char *arg = s->arg;
	if (target_is_host(arg)) {
		s->p = model_host_init(&ctx->m);
		if (!s->p && ctx->root->live) {
			sysroot_error_no_process(ctx->root, 1); /* hidden */
			return false;
		}
		if (!s->p) {
			error_msg("no host process: %s/proc shows no process", ctx->root->shown);
			return false;
		}
		return true;
	}
	if (str_all_digits(arg)) {
		pid_t pid;
		parse_pid_arg(arg, &pid);
		s->p = model_process(&ctx->m, pid);
		if (!s->p) {
			sysroot_error_no_process(ctx->root, pid);
			return false;
		}
		return true;
	}
	struct target_container *c;
	size_t n = target_containers(&ctx->m, &ctx->dn, &c), idx = 0;
	char *candidates;
	enum target_match r = target_find_container(c, n, arg, &idx, &candidates);
	char *e = str_escape(arg, strlen(arg));
	if (r == TARGET_FOUND)
		s->p = c[idx].init;
	else if (r == TARGET_AMBIGUOUS)
		error_msg("ambiguous container '%s': %s", e, candidates);
	else
		error_msg("no process or running container '%s'", e);
	free(e);
	free(candidates);
	free(c);
	return r == TARGET_FOUND;
}

/* Loads what the comparison needs of one side; false (message printed)
 * when the process cannot be read or vanished. */
static bool load_side(struct diff_ctx *ctx, struct side *s)
{
	struct process *p = s->p;
	if (!model_load(&ctx->m, p, WANT_STATUS | WANT_CGROUP | WANT_NS)) {
		error_msg("PID %d vanished", (int)p->pid);
		return false;
	}
	if (p->unknown & WANT_STATUS) {
		error_msg("cannot read PID %d: %s", (int)p->pid,
			  ctx->root->live ? "permission denied" : "its status is not in the captured tree");
		return false;
	}
	if (secinfo_load_process(ctx->root, p, SI_LSM | SI_IDMAPS | SI_ROOT, &s->si) < 0) {
		error_msg("PID %d vanished", (int)p->pid);
		return false;
	}
	if (p->in_container && is_docker_like(p->container)) {
		const struct docker_container *d = docker_names_find(&ctx->dn, p->container->id);
		s->container_name = d ? d->name : NULL;
	}
	return true;
}

/* The host init's links and root are unreadable on some machines (even
 * for root); kthreadd (PID 2) lives in the same initial namespaces and
 * root, so it answers for them. */
static void host_fallbacks(struct diff_ctx *ctx, struct side *s)
{
	struct process *p = s->p;
	if (p->pid != 1)
		return;
	struct process *kthreadd = model_process(&ctx->m, 2);
	if (!kthreadd || !process_is_kthreadd(kthreadd))
		return;
	model_load(&ctx->m, kthreadd, WANT_NS);
	for (int t = 0; t < NS_NTYPES; t++) {
		if (p->ns_ino[t] || !kthreadd->ns_ino[t])
			continue;
		p->ns_ino[t] = kthreadd->ns_ino[t];
		ctx->host_from_kthreadd = true;
	}
	if (!(s->si.have & SI_ROOT)) {
		struct secinfo k;
		if (secinfo_load(ctx->root, 2, SI_ROOT, &k) == 0 && (k.have & SI_ROOT)) {
			free(s->si.root_path);
			s->si.root_path = k.root_path;
			k.root_path = NULL;
			s->si.root_dev = k.root_dev;
			s->si.root_ino = k.root_ino;
			s->si.root_stat_known = k.root_stat_known;
			s->si.have |= SI_ROOT;
			ctx->host_from_kthreadd = true;
		}
		secinfo_free(&k);
	}
}

static void load_seccomp(struct diff_ctx *ctx, struct side *s, const struct side *other)
{
	const struct proc_status *st = &s->p->st;
	if (!(st->have & ST_SECCOMP) || st->seccomp != 2)
		return;
	if (other && other->p == s->p && other->seccomp_err == 0 && other->progs) {
		s->seccomp_err = -EALREADY; /* the same process: its filters are the other side's */
		return;
	}
	pid_t tracer;
	s->seccomp_err = seccomp_read_filters(ctx->root, process_tid(s->p), &s->progs, &s->nprogs, &tracer);
	for (size_t i = 0; s->seccomp_err == 0 && i < s->nprogs; i++) {
		if (!bpf_validate(s->progs[i].insns, s->progs[i].len)) {
			seccomp_progs_free(s->progs, s->nprogs);
			s->progs = NULL;
			s->nprogs = 0;
			s->seccomp_err = -EINVAL;
		}
	}
}

/* Dimensions ------------------------------------------------------------ */

/* Adds a dimension; a and b are owned (NULL: unknown), and so is detail. */
static struct dim *add_dim(struct diff_ctx *ctx, char *name, char *a, char *b, char *detail)
{
	ctx->dims = xrealloc(ctx->dims, (ctx->ndims + 1) * sizeof(*ctx->dims));
	struct dim *d = &ctx->dims[ctx->ndims++];
	d->name = name;
	d->a = a;
	d->b = b;
	d->detail = detail;
	if (a && b)
		d->verdict = strcmp(a, b) ? V_DIFFERS : V_SAME;
	else
		d->verdict = ctx->same_process ? V_SAME : V_UNKNOWN;
	return d;
}

static char *container_text(const struct side *s)
{
	const struct process *p = s->p;
	if (p->unknown & WANT_CGROUP)
		return NULL;
	if (!p->in_container)
		return xstrdup("none");
	char label[128];
	container_label(p->container, label, sizeof(label));
	return s->container_name ? xasprintf("%s (%s)", label, s->container_name) : xstrdup(label);
}

/* Appends to b what a side's state changes in its values, if anything. */
static void state_note(struct buf *b, const char *side, const struct process *p)
{
	char note[120];
	if (process_is_zombie(p))
		snprintf(note, sizeof(note), "%s is a zombie: exited, PID %d has not reaped it", side,
			 (int)p->ppid);
	else if (p->via_tid)
		snprintf(note, sizeof(note), "%s's main thread has exited: read through thread %d", side,
			 (int)p->via_tid);
	else
		return;
	if (b->len)
		buf_append(b, "; ", 2);
	buf_append(b, note, strlen(note));
}

static void identity_dims(struct diff_ctx *ctx)
{
	const struct side *a = &ctx->s[0], *b = &ctx->s[1];
	struct dim *d;
	struct buf notes = { 0 };
	state_note(&notes, "A", a->p);
	state_note(&notes, "B", b->p);
	d = add_dim(ctx, xstrdup("process"), xasprintf("%d", (int)a->p->pid),
		    xasprintf("%d", (int)b->p->pid), notes.len ? xstrndup(notes.data, notes.len) : NULL);
	buf_free(&notes);
	d->verdict = V_INFO;
	/* the command name: whole command lines would crowd out the values */
	d = add_dim(ctx, xstrdup("command"), xstrdup(a->p->st.name), xstrdup(b->p->st.name), NULL);
	d->verdict = V_INFO;
	d = add_dim(ctx, xstrdup("container"), container_text(a), container_text(b), NULL);
	d->verdict = V_INFO;
}

/* What a zombie no longer has: its namespaces except pid and user, its
 * root, its v1 cgroups. */
#define GONE "-"

static char *ns_text(const struct process *p, enum ns_type t)
{
	if (!p->ns_ino[t])
		return process_is_zombie(p) ? xstrdup(GONE) : NULL;
	return xasprintf("%llu", (unsigned long long)p->ns_ino[t]);
}

static void namespace_dims(struct diff_ctx *ctx)
{
	const struct process *a = ctx->s[0].p, *b = ctx->s[1].p;
	for (int t = 0; t < NS_NTYPES; t++) {
		/* a type this kernel lacks (no link, not denied) is no dimension */
		bool known_absent = !a->ns_ino[t] && !b->ns_ino[t] && !(a->unknown & WANT_NS) &&
				    !(b->unknown & WANT_NS);
		if (known_absent)
			continue;
		add_dim(ctx, xstrdup(ns_type_name((enum ns_type)t)), ns_text(a, (enum ns_type)t),
			ns_text(b, (enum ns_type)t), NULL);
	}
}

/* The hierarchy key of a /proc/PID/cgroup line: its controllers, or
 * "unified" for the v2 line, as `show` names them. */
static const char *hier_key(const struct cgroup_entry *e)
{
	return e->hier_id == 0 && !*e->controllers ? "unified" : e->controllers;
}

static const struct cgroup_entry *cgroup_entry_of(const struct process *p, const char *key)
{
	for (size_t i = 0; i < p->ncgroups; i++)
		if (!strcmp(hier_key(&p->cgroups[i]), key))
			return &p->cgroups[i];
	return NULL;
}

static char *cgroup_text(const struct process *p, const char *key)
{
	const struct cgroup_entry *e = cgroup_entry_of(p, key);
	return e ? xstrdup(process_cgroup_gone(p, e) ? GONE : e->path) : NULL;
}

static void cgroup_dims(struct diff_ctx *ctx)
{
	const struct process *a = ctx->s[0].p, *b = ctx->s[1].p;
	/* every hierarchy either process names, in A's order then B's */
	for (int pass = 0; pass < 2; pass++) {
		const struct process *p = pass ? b : a;
		for (size_t i = 0; i < p->ncgroups; i++) {
			const char *key = hier_key(&p->cgroups[i]);
			if (pass && cgroup_entry_of(a, key))
				continue;
			add_dim(ctx, xasprintf("cgroup:%s", key), cgroup_text(a, key), cgroup_text(b, key), NULL);
		}
	}
}

/* The cgroup of p in the first hierarchy that serves controller c. */
static const struct cgroup *cgroup_serving(const struct cgroup_tree *t, const struct process *p,
					   enum cg_controller c)
{
	for (size_t i = 0; i < t->nhier; i++) {
		const struct cg_hierarchy *h = &t->hier[i];
		if (!(h->ctrl_mask & CGC_BIT(c)))
			continue;
		for (size_t k = 0; k < p->ncgroups; k++) {
			const struct cgroup_entry *e = &p->cgroups[k];
			bool match = h->version == 2 ? e->hier_id == 0 && !*e->controllers
						     : !strcmp(e->controllers, h->controllers);
			if (match && process_cgroup_gone(p, e))
				return NULL;
			if (match)
				return cgroup_find(t, e->path);
		}
	}
	return NULL;
}

enum limit_kind { LIMIT_MEMORY, LIMIT_PIDS, LIMIT_CPU };

/* A limit as text: bytes, a count, CPUs, or "max"; NULL when unknown.
 * The root cgroup never has a limit (the values scan fills in for it come
 * from the whole machine). */
static char *limit_text(const struct cgroup *cg, enum limit_kind k)
{
	if (!cg)
		return NULL;
	if (!cg->parent)
		return xstrdup("max");
	uint64_t v;
	switch (k) {
	case LIMIT_MEMORY: v = cg->v.mem_max; break;
	case LIMIT_PIDS: v = cg->v.pids_max; break;
	default: return cgroup_cpu_limit_text(&cg->v);
	}
	if (v == CG_UNSET)
		return NULL;
	if (v == CG_UNLIMITED)
		return xstrdup("max");
	return xasprintf("%llu", (unsigned long long)v);
}

static char *human_or_max(const char *bytes)
{
	uint64_t v;
	if (!parse_u64(bytes, strlen(bytes), &v))
		return xstrdup(bytes);
	return size_human(v);
}

static void limit_dims(struct diff_ctx *ctx)
{
	static const struct {
		const char *name;
		enum cg_controller ctrl;
		enum limit_kind kind;
	} limits[] = {
		{ "limit:memory", CGC_MEMORY, LIMIT_MEMORY },
		{ "limit:pids", CGC_PIDS, LIMIT_PIDS },
		{ "limit:cpu", CGC_CPU, LIMIT_CPU },
	};
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++) {
		char *v[2] = { NULL, NULL };
		bool served = false;
		for (int k = 0; k < 2 && ctx->cgt_ok; k++) {
			const struct cgroup *cg = cgroup_serving(&ctx->cgt, ctx->s[k].p, limits[i].ctrl);
			v[k] = !cg && process_is_zombie(ctx->s[k].p) ? xstrdup(GONE) : limit_text(cg, limits[i].kind);
			served |= cg != NULL;
		}
		/* a controller no hierarchy serves is no dimension */
		if (ctx->cgt_ok && !served) {
			bool any = false;
			for (size_t h = 0; h < ctx->cgt.nhier; h++)
				any |= (ctx->cgt.hier[h].ctrl_mask & CGC_BIT(limits[i].ctrl)) != 0;
			if (!any)
				continue;
		}
		char *detail = NULL;
		bool both = v[0] && v[1] && strcmp(v[0], GONE) && strcmp(v[1], GONE);
		if (both && strcmp(v[0], v[1]) && limits[i].kind == LIMIT_MEMORY) {
			char *ha = human_or_max(v[0]), *hb = human_or_max(v[1]);
			detail = xasprintf("%s vs %s", ha, hb);
			free(ha);
			free(hb);
		} else if (both && strcmp(v[0], v[1]) && limits[i].kind == LIMIT_CPU) {
			detail = xstrdup("in CPUs (quota/period)");
		}
		add_dim(ctx, xstrdup(limits[i].name), v[0], v[1], detail);
	}
}

static void caps_dims(struct diff_ctx *ctx)
{
	static const struct {
		enum cap_set set;
		const char *name;
	} sets[] = {
		{ CAP_SET_EFF, "caps:effective" }, { CAP_SET_PRM, "caps:permitted" },
		{ CAP_SET_INH, "caps:inheritable" }, { CAP_SET_BND, "caps:bounding" },
		{ CAP_SET_AMB, "caps:ambient" },
	};
	const struct proc_status *a = &ctx->s[0].p->st, *b = &ctx->s[1].p->st;
	for (size_t i = 0; i < ARRAY_SIZE(sets); i++) {
		uint64_t ma = a->caps[sets[i].set], mb = b->caps[sets[i].set];
		char *va = a->have & ST_CAPS ? xasprintf("%016llx", (unsigned long long)ma) : NULL;
		char *vb = b->have & ST_CAPS ? xasprintf("%016llx", (unsigned long long)mb) : NULL;
		char *detail = NULL;
		if (va && vb && ma != mb) {
			/* from A to B */
			char *added = caps_mask_names(mb & ~ma, ","), *removed = caps_mask_names(ma & ~mb, ",");
			if (*added && *removed)
				detail = xasprintf("added: %s; removed: %s", added, removed);
			else if (*added)
				detail = xasprintf("added: %s", added);
			else
				detail = xasprintf("removed: %s", removed);
			free(added);
			free(removed);
		}
		add_dim(ctx, xstrdup(sets[i].name), va, vb, detail);
	}
}

static char *seccomp_mode_text(const struct proc_status *st)
{
	return st->have & ST_SECCOMP ? xstrdup(seccomp_mode_name(st->seccomp)) : NULL;
}

/* The filters a side runs for the syscall comparison: none for mode 0.
 * false when they are unknown (unreadable, strict mode); *why says so. */
static bool filters_of(const struct diff_ctx *ctx, const struct side *s,
		       const struct seccomp_prog **progs, size_t *n, char **why)
{
	const struct proc_status *st = &s->p->st;
	*progs = NULL;
	*n = 0;
	if (!(st->have & ST_SECCOMP)) {
		*why = xasprintf("PID %d: seccomp mode unreadable", (int)s->p->pid);
		return false;
	}
	if (st->seccomp == 0)
		return true;
	if (st->seccomp == 1) {
		*why = xasprintf("PID %d: strict mode (read, write, _exit, sigreturn)", (int)s->p->pid);
		return false;
	}
	const struct side *src = s->seccomp_err == -EALREADY ? &ctx->s[0] : s;
	if (src->seccomp_err) {
		*why = xasprintf("PID %d: filters unreadable: %s", (int)s->p->pid,
				 seccomp_read_strerror(src->seccomp_err));
		return false;
	}
	*progs = src->progs;
	*n = src->nprogs;
	return true;
}

/* Appends "name" to the list of syscalls whose verdict went va -> vb. */
static void note_change(struct buf *groups, enum seccomp_verdict va, enum seccomp_verdict vb,
			const char *name)
{
	struct buf *g = &groups[va * 3 + vb];
	if (g->len)
		buf_append(g, ",", 1);
	buf_append(g, name, strlen(name));
}

/* "N blocked, M conditional": the x86_64 syscalls of one filter stack. */
static char *verdict_counts(const struct seccomp_prog *progs, size_t n)
{
	const struct seccomp_arch *arch = &seccomp_arches[0];
	size_t count[3] = { 0 };
	for (uint32_t nr = 0; nr < SECCOMP_MAX_NR; nr++) {
		char *name = seccomp_syscall_name(arch, nr);
		if (!name)
			continue;
		struct bpf_outcomes o;
		seccomp_eval_stack(progs, n, arch, nr, &o);
		count[seccomp_verdict_of(&o)]++;
		free(name);
	}
	return xasprintf("%zu blocked, %zu conditional", count[SV_BLOCKED], count[SV_CONDITIONAL]);
}

static void seccomp_syscalls_dim(struct diff_ctx *ctx)
{
	const struct seccomp_prog *pa, *pb;
	size_t na, nb;
	char *why_a = NULL, *why_b = NULL;
	bool ka = filters_of(ctx, &ctx->s[0], &pa, &na, &why_a);
	bool kb = filters_of(ctx, &ctx->s[1], &pb, &nb, &why_b);
	if (!ka || !kb) {
		char *why = why_a && why_b ? xasprintf("%s; %s", why_a, why_b) : xstrdup(why_a ? why_a : why_b);
		/* the side that is known still shows its counts; strict mode
		 * is its fixed set */
		const struct proc_status *sa = &ctx->s[0].p->st, *sb = &ctx->s[1].p->st;
		bool strict_a = (sa->have & ST_SECCOMP) && sa->seccomp == 1;
		bool strict_b = (sb->have & ST_SECCOMP) && sb->seccomp == 1;
		char *va = ka ? verdict_counts(pa, na) : strict_a ? xstrdup("strict") : NULL;
		char *vb = kb ? verdict_counts(pb, nb) : strict_b ? xstrdup("strict") : NULL;
		/* both strict, or the same process: same; strict against
		 * anything else: differs; else unknown */
		struct dim *d = add_dim(ctx, xstrdup("seccomp:syscalls"), va, vb, NULL);
		if (d->verdict != V_SAME)
			d->detail = why;
		else
			free(why);
		free(why_a);
		free(why_b);
		return;
	}
	struct buf groups[9] = { { 0 } };
	size_t *other_arch = xcalloc(seccomp_narches, sizeof(*other_arch));
	size_t ndiff = 0;
	for (size_t ai = 0; ai < seccomp_narches; ai++) {
		const struct seccomp_arch *arch = &seccomp_arches[ai];
		for (uint32_t nr = 0; nr < SECCOMP_MAX_NR; nr++) {
			char *name = seccomp_syscall_name(arch, nr);
			if (!name)
				continue;
			struct bpf_outcomes oa, ob;
			seccomp_eval_stack(pa, na, arch, nr, &oa);
			seccomp_eval_stack(pb, nb, arch, nr, &ob);
			enum seccomp_verdict va = seccomp_verdict_of(&oa), vb = seccomp_verdict_of(&ob);
			if (va != vb) {
				ndiff++;
				if (ai == 0)
					note_change(groups, va, vb, name);
				else
					other_arch[ai]++;
			}
			free(name);
		}
	}
	struct buf detail = { 0 };
	buf_append(&detail, "", 0);
	for (int g = 0; g < 9; g++) {
		if (!groups[g].len)
			continue;
		buf_append(&groups[g], "", 0);
		char *s = xasprintf("%s%s in A, %s in B: %s", detail.len ? "; " : "",
				    seccomp_verdict_names[g / 3], seccomp_verdict_names[g % 3], groups[g].data);
		buf_append(&detail, s, strlen(s));
		free(s);
		buf_free(&groups[g]);
	}
	for (size_t ai = 1; ai < seccomp_narches; ai++) {
		if (!other_arch[ai])
			continue;
		char *s = xasprintf("%s%s: %zu syscall%s differ", detail.len ? "; " : "", seccomp_arches[ai].name,
				    other_arch[ai], other_arch[ai] == 1 ? "" : "s");
		buf_append(&detail, s, strlen(s));
		free(s);
	}
	free(other_arch);
	struct dim *d = add_dim(ctx, xstrdup("seccomp:syscalls"), verdict_counts(pa, na),
				verdict_counts(pb, nb), detail.len ? detail.data : NULL);
	if (!detail.len)
		buf_free(&detail);
	/* equal counts can hide different syscalls */
	d->verdict = ndiff ? V_DIFFERS : V_SAME;
}

static void security_dims(struct diff_ctx *ctx)
{
	const struct side *a = &ctx->s[0], *b = &ctx->s[1];
	const struct proc_status *sa = &a->p->st, *sb = &b->p->st;
	add_dim(ctx, xstrdup("no_new_privs"), sa->have & ST_NNP ? xasprintf("%d", sa->no_new_privs) : NULL,
		sb->have & ST_NNP ? xasprintf("%d", sb->no_new_privs) : NULL, NULL);
	add_dim(ctx, xstrdup("seccomp"), seccomp_mode_text(sa), seccomp_mode_text(sb), NULL);
	add_dim(ctx, xstrdup("seccomp:filters"),
		sa->have & ST_SECCOMP_FILTERS ? xasprintf("%d", sa->seccomp_filters) : NULL,
		sb->have & ST_SECCOMP_FILTERS ? xasprintf("%d", sb->seccomp_filters) : NULL, NULL);
	seccomp_syscalls_dim(ctx);
	char *lsm[2];
	for (int k = 0; k < 2; k++) {
		const struct secinfo *si = &ctx->s[k].si;
		lsm[k] = si->have & SI_LSM ? xstrdup(si->lsm_label ? si->lsm_label : "none") : NULL;
	}
	add_dim(ctx, xstrdup("lsm"), lsm[0], lsm[1], NULL);
}

static char *user_text(const struct diff_ctx *ctx, const struct proc_status *st)
{
	if (!(st->have & ST_UID) || !(st->have & ST_GID))
		return NULL;
	const char *name = user_name(ctx->root, st->uid[1]);
	return name ? xasprintf("uid=%u(%s) gid=%u", st->uid[1], name, st->gid[1])
		    : xasprintf("uid=%u gid=%u", st->uid[1], st->gid[1]);
}

static void maps_root_user_dims(struct diff_ctx *ctx)
{
	const struct secinfo *a = &ctx->s[0].si, *b = &ctx->s[1].si;
	add_dim(ctx, xstrdup("uid_map"), a->have & SI_IDMAPS ? idmap_text(a->uid_map, a->nuid_map) : NULL,
		b->have & SI_IDMAPS ? idmap_text(b->uid_map, b->nuid_map) : NULL, NULL);
	add_dim(ctx, xstrdup("gid_map"), a->have & SI_IDMAPS ? idmap_text(a->gid_map, a->ngid_map) : NULL,
		b->have & SI_IDMAPS ? idmap_text(b->gid_map, b->ngid_map) : NULL, NULL);
	char *root[2];
	for (int i = 0; i < 2; i++) {
		const struct secinfo *si = &ctx->s[i].si;
		root[i] = si->have & SI_ROOT			 ? xstrdup(si->root_path)
			  : process_is_zombie(ctx->s[i].p) ? xstrdup(GONE)
							   : NULL;
	}
	struct dim *d = add_dim(ctx, xstrdup("root"), root[0], root[1], NULL);
	/* the same directory can show under two paths (and two chroots
	 * under one): what it is decides */
	if (d->a && d->b && a->root_stat_known && b->root_stat_known) {
		bool same = a->root_dev == b->root_dev && a->root_ino == b->root_ino;
		if (same && d->verdict == V_DIFFERS)
			d->detail = xstrdup("the same directory");
		else if (!same && d->verdict == V_SAME)
			d->detail = xstrdup("same path, different directories");
		d->verdict = same ? V_SAME : V_DIFFERS;
	}
	add_dim(ctx, xstrdup("ids"), user_text(ctx, &ctx->s[0].p->st), user_text(ctx, &ctx->s[1].p->st), NULL);
}

/* Rendering ------------------------------------------------------------- */

static void add_line(struct diff_ctx *ctx, struct libscols_table *tb, const struct columns *cols,
		     const struct dim *d)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	if (!ln) {
		error_msg("cannot create output line");
		exit(1);
	}
	for (size_t i = 0; i < cols->n; i++) {
		switch (cols->id[i]) {
		case COL_DIMENSION: cell_set(ln, i, d->name); break;
		case COL_A:
		case COL_B: {
			const char *v = cols->id[i] == COL_A ? d->a : d->b;
			if (v)
				cell_set(ln, i, v);
			else
				cell_set_unknown(ln, i, &ctx->o->out);
			break;
		}
		case COL_SAME:
			if (d->verdict == V_SAME || d->verdict == V_DIFFERS)
				scols_line_set_data(ln, i, d->verdict == V_SAME ? "true" : "false");
			break;
		case COL_VERDICT:
			if (d->verdict != V_INFO)
				scols_line_set_data(ln, i, verdict_names[d->verdict]);
			break;
		case COL_DETAIL: cell_set(ln, i, d->detail); break;
		}
	}
}

static int render(struct diff_ctx *ctx, const struct columns *cols)
{
	const struct diff_opts *o = ctx->o;
	bool fold = !o->verbose && !o->out.json;
	struct libscols_table *tb = table_new(&o->out, "diff");
	table_add_columns(tb, infos, cols, &o->out, -1);
	struct buf same = { 0 };
	buf_append(&same, "", 0);
	for (size_t i = 0; i < ctx->ndims; i++) {
		const struct dim *d = &ctx->dims[i];
		if (fold && d->verdict == V_SAME) {
			char *e = str_escape(d->name, strlen(d->name));
			buf_append(&same, " ", 1);
			buf_append(&same, e, strlen(e));
			free(e);
			continue;
		}
		add_line(ctx, tb, cols, d);
	}
	int rc = table_print(tb) < 0 ? -1 : 0;
	if (rc == 0 && fold && same.len)
		printf("same:%s\n", same.data);
	scols_unref_table(tb);
	buf_free(&same);
	return rc;
}

static void free_ctx(struct diff_ctx *ctx)
{
	for (size_t i = 0; i < ctx->ndims; i++) {
		free(ctx->dims[i].name);
		free(ctx->dims[i].a);
		free(ctx->dims[i].b);
		free(ctx->dims[i].detail);
	}
	free(ctx->dims);
	for (int k = 0; k < 2; k++) {
		secinfo_free(&ctx->s[k].si);
		seccomp_progs_free(ctx->s[k].progs, ctx->s[k].nprogs);
	}
	if (ctx->cgt_ok)
		cgroup_tree_free(&ctx->cgt);
	docker_names_free(&ctx->dn);
	model_free(&ctx->m);
	users_free();
}

int cmd_diff(struct cli *cli, int argc, char **argv)
{
	struct diff_opts o = { 0 };
	struct diff_ctx ctx = { .o = &o, .root = &cli->root };
	struct columns cols;
	int rc = parse_diff_args(cli, argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (o.list_columns) {
		columns_print_help(stdout, infos, ARRAY_SIZE(infos));
		return 0;
	}
	static const int defaults[] = { COL_DIMENSION, COL_A, COL_B, COL_VERDICT, COL_DETAIL };
	static const int json_defaults[] = { COL_DIMENSION, COL_A, COL_B, COL_SAME, COL_VERDICT, COL_DETAIL };
	if (columns_select(infos, ARRAY_SIZE(infos), o.out.json ? json_defaults : defaults,
			   o.out.json ? ARRAY_SIZE(json_defaults) : ARRAY_SIZE(defaults), &o.out, &cols) < 0)
		return EXIT_USAGE;

	/* A container is found among every process; two PIDs (and the host
	 * with its kthreadd) need only themselves. */
	bool need_all = false;
	for (int k = 0; k < 2; k++)
		need_all |= !target_is_host(o.args[k]) && !str_all_digits(o.args[k]);
	unsigned want = WANT_STATUS | WANT_CGROUP;
	if (need_all) {
		int err = model_scan(&ctx.m, &cli->root, want);
		if (err) {
			error_msg("cannot read %s/proc: %s", cli->root.shown, strerror(-err));
			return EXIT_USAGE;
		}
	} else {
		pid_t pids[4] = { 1, 2, 0, 0 };
		size_t n = 2;
		for (int k = 0; k < 2; k++)
			if (str_all_digits(o.args[k]))
				parse_pid_arg(o.args[k], &pids[n++]);
		model_scan_pids(&ctx.m, &cli->root, want, pids, n);
	}
	load_names(&ctx);

	rc = EXIT_USAGE;
	for (int k = 0; k < 2; k++) {
		ctx.s[k].arg = o.args[k];
		if (!resolve(&ctx, &ctx.s[k]) || !load_side(&ctx, &ctx.s[k]))
			goto out;
		host_fallbacks(&ctx, &ctx.s[k]);
	}
	ctx.same_process = ctx.s[0].p == ctx.s[1].p;
	/* the limits of the two processes' own cgroups: only those are read */
	const char *paths[2 * 32];
	size_t npaths = 0;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < ctx.s[k].p->ncgroups && npaths < ARRAY_SIZE(paths); i++)
			paths[npaths++] = ctx.s[k].p->cgroups[i].path;
	ctx.cgt_ok = cgroup_scan_paths(&ctx.cgt, &cli->root, CGW_MEMLIMIT | CGW_PIDS | CGW_CPULIMIT,
				       paths, npaths) == 0;
	load_seccomp(&ctx, &ctx.s[0], NULL);
	load_seccomp(&ctx, &ctx.s[1], &ctx.s[0]);

	identity_dims(&ctx);
	namespace_dims(&ctx);
	cgroup_dims(&ctx);
	limit_dims(&ctx);
	caps_dims(&ctx);
	security_dims(&ctx);
	maps_root_user_dims(&ctx);

	/* A value shown as unknown is said once, as every command does. */
	bool any_unknown = false;
	for (size_t i = 0; i < ctx.ndims; i++)
		any_unknown |= ctx.dims[i].verdict != V_INFO && (!ctx.dims[i].a || !ctx.dims[i].b);
	if ((any_unknown && ctx.m.denied) || ctx.m.others_hidden)
		model_warn_denied(&ctx.m);
	else if (any_unknown)
		warn_msg("some values could not be read (%s); what is missing shows as '?'",
			 ctx.root->live ? "permission denied" : "not in the captured tree");
	else if (ctx.host_from_kthreadd)
		warn_msg("PID 1's namespace links or root are unreadable: the host's are read from "
			 "kthreadd (PID 2), which the kernel keeps in the initial ones");
	/* what is compared is each process's main thread (or the thread
	 * given), while the others may hold more; a process against itself
	 * compares the same thread */
	for (int k = 0; k < 2 && !ctx.same_process; k++) {
		/* the host's init may run a thread of its own (a console, a
		 * watchdog): that is no part of what a container was given */
		if (target_is_host(ctx.s[k].arg))
			continue;
		struct process *p = ctx.s[k].p;
		size_t n = model_threads_differing(&ctx.m, p);
		pid_t tgid = process_tgid(p);
		if (n)
			warn_msg("%zu other thread%s of process %d %s other capabilities, ids, seccomp or "
				 "namespaces than thread %d, which is what is compared: nsinspect show %d "
				 "lists %s",
				 n, n == 1 ? "" : "s", (int)tgid, n == 1 ? "has" : "have", (int)process_tid(p), (int)tgid,
				 n == 1 ? "it" : "them");
	}
	if (bpf_eval_budget_spent())
		warn_msg("the seccomp filters fork on unknown values more than nsinspect follows "
			 "(%ld million steps): their comparison is partial", BPF_TOTAL_STEPS / 1000000);
	if (render(&ctx, &cols) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	size_t differs = 0, unknown = 0;
	for (size_t i = 0; i < ctx.ndims; i++) {
		differs += ctx.dims[i].verdict == V_DIFFERS;
		unknown += ctx.dims[i].verdict == V_UNKNOWN;
	}
	if (differs)
		rc = 1;
	else if (unknown) {
		warn_msg("%zu dimension%s could not be compared: cannot tell whether the two are the same",
			 unknown, unknown == 1 ? "" : "s");
		rc = EXIT_USAGE;
	} else
		rc = 0;
out:
	free_ctx(&ctx);
	return rc;
}
