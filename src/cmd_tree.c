/* nsinspect tree: the process tree with a mark where a process entered
 * namespaces of its own, the container each process belongs to and the
 * runtime chain that started it; or (--ns-tree) the hierarchy of the user
 * or pid namespaces themselves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "docker.h"
#include "model.h"
#include "output.h"
#include "proctree.h"
#include "users.h"
#include "util.h"

enum {
	COL_PID, COL_PPID, COL_USER, COL_UID, COL_NS, COL_RUNTIME, COL_CONTAINER, COL_CNAME,
	COL_COUNT, COL_COMMAND, COL_NAMESPACE, COL_TYPE, COL_INODE, COL_NPROCS, COL_OWNER,
};

static const struct colinfo infos[] = {
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "process ID (thread ID for a thread; lowest PID of a namespace)" },
	[COL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent process ID" },
	[COL_USER] = { "USER", 0, 0, SCOLS_JSON_STRING, "user name of the effective UID" },
	[COL_UID] = { "UID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "effective UID" },
	[COL_NS] = { "NS", 0, 0, SCOLS_JSON_STRING, "namespaces entered, against the parent: [+pid +net ...]" },
	[COL_RUNTIME] = { "RUNTIME", 0, 0, SCOLS_JSON_STRING, "role in a container runtime chain (engine, containerd, shim, oci-runtime, proxy)" },
	[COL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING, "container of the process (runtime:short id)" },
	[COL_CNAME] = { "CNAME", 0, 0, SCOLS_JSON_STRING, "container name, when the engine knows one" },
	[COL_COUNT] = { "COUNT", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "processes or threads a folded row stands for" },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "command line ({name} for a thread, N*[...] for folded rows)" },
	[COL_NAMESPACE] = { "NAMESPACE", 0, 0, SCOLS_JSON_STRING, "--ns-tree: the namespace, type:[inode]" },
	[COL_TYPE] = { "TYPE", 0, 0, SCOLS_JSON_STRING, "--ns-tree: kind of namespace" },
	[COL_INODE] = { "INODE", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "--ns-tree: namespace inode number" },
	[COL_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "--ns-tree: number of processes in the namespace" },
	[COL_OWNER] = { "OWNER", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "--ns-tree: UID that created the user namespace" },
};

struct tree_opts {
	struct outopts out;
	pid_t pid;
	bool containers;
	bool mark_types[NS_NTYPES];
	bool ns_given;
	int ns_tree; /* -1, NS_USER or NS_PID */
	bool threads;
	bool kernel;
	bool no_fold;
	bool list_columns;
};

/* One row before folding: a process, or a thread of one. */
struct node {
	struct process *p;
	struct thread *t; /* non-NULL for a thread row */
	struct node *parent;
	struct node **kids;
	size_t nkids, kids_cap;
	unsigned mark;
	bool keep;
	size_t walk; /* cycle detection */
	char *key;   /* folding key, leaves only */
};

struct tree_ctx {
	struct model m;
	struct tree_opts *o;
	struct columns cols;
	struct libscols_table *tb;
	struct docker_names dn;
	struct node *nodes; /* one per process of m, pid order */
	struct node *thread_nodes;
	size_t nthread_nodes;
	struct hmap node_of_pid;
};

static void print_tree_help(void)
{
	printf("Usage:\n"
	       " nsinspect tree [options]\n"
	       "\n"
	       "Show the process tree, marking where a process entered namespaces of its own\n"
	       "([+pid +net ...] against its parent), the container of each process and the\n"
	       "runtime chain (dockerd, containerd, shims, runc) that started it.\n"
	       "\n"
	       "Options:\n"
	       " -p, --pid <pid>        show only the subtree of this process\n"
	       "     --containers       keep only the branches that lead to containers or runtimes\n"
	       "     --ns <list>        mark only these types (mnt, net, pid, uts, ipc, user, cgroup or time)\n"
	       "     --ns-tree <type>   show the hierarchy of the namespaces instead (user or pid)\n"
	       " -t, --threads          show threads as children of their process\n"
	       " -k, --kernel           show kernel threads\n"
	       " -A, --no-fold          don't fold identical leaf siblings (pstree's -c too)\n"
	       OUTPUT_OPTIONS_HELP
	       " -u, --notruncate       don't truncate text in columns\n"
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Available output columns:\n");
	columns_print_help(stdout, infos, ARRAY_SIZE(infos));
}

/* "net,pid": each a type name; false (message printed) on a bad one. */
static bool parse_type_list(const char *arg, bool types[NS_NTYPES])
{
	memset(types, 0, NS_NTYPES * sizeof(bool));
	for (const char *p = arg;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char name[16];
		int t = -1;
		if (len && len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			t = ns_type_from_name(name);
		}
		if (t < 0) {
			char *e = str_escape(p, len);
			usage_error("unknown namespace type: '%s' (use mnt, net, pid, uts, ipc, user, cgroup or time)", e);
			free(e);
			return false;
		}
		types[t] = true;
		if (!comma)
			return true;
		p = comma + 1;
	}
}

enum { OPT_CONTAINERS = 0x1100, OPT_NS, OPT_NS_TREE };

static int parse_tree_args(struct cli *cli, int argc, char **argv, struct tree_opts *o)
{
	static const struct option longopts[] = {
		OUTPUT_LONGOPTS,
		{ "pid", required_argument, NULL, 'p' },
		{ "containers", no_argument, NULL, OPT_CONTAINERS },
		{ "ns", required_argument, NULL, OPT_NS },
		{ "ns-tree", required_argument, NULL, OPT_NS_TREE },
		{ "threads", no_argument, NULL, 't' },
		{ "kernel", no_argument, NULL, 'k' },
		{ "no-fold", no_argument, NULL, 'A' },
		{ "notruncate", no_argument, NULL, 'u' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	o->ns_tree = -1;
	for (int t = 0; t < NS_NTYPES; t++)
		o->mark_types[t] = true;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":" OUTPUT_SHORTOPTS "p:tkAcuHh", longopts, NULL)) != -1) {
		if (outopts_apply(&o->out, c, optarg))
			continue;
		switch (c) {
		case 'p':
			if (!pid_arg_or_usage(optarg, &o->pid))
				return -1;
			break;
		case OPT_CONTAINERS: o->containers = true; break;
		case OPT_NS:
			if (!parse_type_list(optarg, o->mark_types))
				return -1;
			o->ns_given = true;
			break;
		case OPT_NS_TREE:
			if (!strcmp(optarg, "user"))
				o->ns_tree = NS_USER;
			else if (!strcmp(optarg, "pid"))
				o->ns_tree = NS_PID;
			else {
				char *e = str_escape(optarg, strlen(optarg));
				usage_error("invalid --ns-tree type: '%s' (use user or pid)", e);
				free(e);
				return -1;
			}
			break;
		case 't': o->threads = true; break;
		case 'k': o->kernel = true; break;
		case 'A':
		case 'c': o->no_fold = true; break; /* -c: pstree's "disable compaction" */
		case 'u': o->out.notruncate = true; break;
		case 'H': o->list_columns = true; break;
		case 'h': print_tree_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (optind < argc) {
		char *e = str_escape(argv[optind], strlen(argv[optind]));
		usage_error("unexpected argument: '%s' (use -p PID for a subtree)", e);
		free(e);
		return -1;
	}
	if (o->ns_tree >= 0) {
		const char *bad = o->ns_given ? "--ns" : o->threads ? "--threads" : o->kernel ? "--kernel" :
				  o->no_fold ? "--no-fold" : NULL;
		if (bad) {
			usage_error("option %s does not apply to --ns-tree", bad);
			return -1;
		}
	}
	return 0;
}

static bool docker_like(const struct process *p)
{
	return p->in_container &&
	       (!strcmp(p->container->runtime, "docker") || !strcmp(p->container->runtime, "podman"));
}

static const char *container_name(const struct tree_ctx *ctx, const struct process *p)
{
	if (!docker_like(p))
		return NULL;
	const struct docker_container *d = docker_names_find(&ctx->dn, p->container->id);
	return d ? d->name : NULL;
}

/* One lookup per run, for the containers among the rows shown. */
static void load_names(struct tree_ctx *ctx, struct process **procs, size_t n)
{
	if (!columns_has(&ctx->cols, COL_CNAME))
		return;
	const char **ids = xcalloc(n ? n : 1, sizeof(*ids));
	size_t nids = 0;
	bool podman = false;
	for (size_t i = 0; i < n; i++) {
		const struct process *p = procs[i];
		if (!p || !docker_like(p))
			continue;
		bool dup = false;
		for (size_t k = 0; k < nids && !dup; k++)
			dup = !strcmp(ids[k], p->container->id);
		if (dup)
			continue;
		ids[nids++] = p->container->id;
		podman |= !strcmp(p->container->runtime, "podman");
	}
	docker_names_load(&ctx->dn, ctx->m.root, ids, nids, podman);
	free(ids);
}

static void set_user(struct tree_ctx *ctx, struct libscols_line *ln, size_t i, const struct process *p)
{
	if (p->unknown & WANT_STATUS || !(p->st.have & ST_UID)) {
		cell_set_unknown(ln, i, &ctx->o->out);
		return;
	}
	const char *name = user_name(ctx->m.root, p->st.uid[1]);
	if (name)
		cell_set(ln, i, name);
	else
		cell_set_u64(ln, i, p->st.uid[1]);
}

static void set_container(struct tree_ctx *ctx, struct libscols_line *ln, size_t i, const struct process *p,
			  bool name)
{
	if (p->in_container) {
		if (name) {
			cell_set(ln, i, container_name(ctx, p));
		} else {
			char label[128];
			container_label(p->container, label, sizeof(label));
			cell_set(ln, i, label);
		}
	} else if (p->unknown & WANT_CGROUP) {
		cell_set_unknown(ln, i, &ctx->o->out);
	}
}

static const char *process_command(const struct process *p)
{
	return p->cmdline ? p->cmdline : p->st.name[0] ? p->st.name : NULL;
}

/* ---- process tree ---- */

static void add_kid(struct node *parent, struct node *kid)
{
	if (parent->nkids == parent->kids_cap) {
		parent->kids_cap = parent->kids_cap ? parent->kids_cap * 2 : 4;
		parent->kids = xrealloc(parent->kids, parent->kids_cap * sizeof(*parent->kids));
	}
	parent->kids[parent->nkids++] = kid;
}

/* A corrupt capture may make PPIDs loop; the kernel's never do.  Each node
 * walks up until a node already checked; meeting its own walk again is a
 * loop, cut there so that every node still hangs under some root. */
static void break_cycles(struct tree_ctx *ctx)
{
	const size_t done = (size_t)-1;
	for (size_t i = 0; i < ctx->m.nprocs; i++) {
		struct node *n = &ctx->nodes[i];
		if (!n->p || n->walk)
			continue;
		struct node *cur = n;
		while (cur && !cur->walk) {
			cur->walk = i + 1;
			cur = cur->parent;
		}
		if (cur && cur->walk == i + 1)
			cur->parent = NULL;
		for (cur = n; cur && cur->walk == i + 1; cur = cur->parent)
			cur->walk = done;
	}
}

/* --containers: container processes and the runtime chain around them
 * (dockerd and containerd are no ancestors of a container, whose shim
 * daemonizes, but they are what made it). */
static bool keep_subtree(struct node *n)
{
	bool keep = n->p->in_container || (!n->t && runtime_role(n->p->st.name, n->p->cmdline));
	for (size_t i = 0; i < n->nkids; i++)
		keep |= keep_subtree(n->kids[i]);
	return n->keep = keep;
}

static void collect_shown(struct node *n, struct process **out, size_t *len, bool only_kept)
{
	if (only_kept && !n->keep)
		return;
	if (!n->t)
		out[(*len)++] = n->p;
	for (size_t i = 0; i < n->nkids; i++)
		collect_shown(n->kids[i], out, len, only_kept);
}

/* Everything a row shows but its PID: two leaves with the same key are
 * the "4*[sleep]" of pstree. */
static char *node_key(const struct node *n)
{
	char label[128] = "";
	if (n->t)
		return xasprintf("T\037%s\037%u", n->t->comm, n->mark);
	const struct process *p = n->p;
	if (p->in_container)
		container_label(p->container, label, sizeof(label));
	const char *cmd = process_command(p);
	const char *role = runtime_role(p->st.name, p->cmdline);
	return xasprintf("P\037%u\037%d\037%s\037%u\037%s\037%s\037%u", p->st.uid[1], (int)p->ppid,
			 cmd ? cmd : "", n->mark, label, role ? role : "", p->unknown);
}

static bool node_shown(const struct tree_ctx *ctx, const struct node *n)
{
	return !ctx->o->containers || n->keep;
}

static void fill_process_row(struct tree_ctx *ctx, struct libscols_line *ln, const struct node *n, size_t count)
{
	const struct outopts *out = &ctx->o->out;
	const struct process *p = n->p;
	bool status_known = !(p->unknown & WANT_STATUS);
	for (size_t i = 0; i < ctx->cols.n; i++) {
		switch (ctx->cols.id[i]) {
		case COL_PID: cell_set_int(ln, i, n->t ? n->t->tid : p->pid); break;
		case COL_PPID:
			if (n->t)
				cell_set_int(ln, i, p->pid);
			else if (status_known)
				cell_set_int(ln, i, p->ppid);
			else
				cell_set_unknown(ln, i, out);
			break;
		case COL_USER: set_user(ctx, ln, i, p); break;
		case COL_UID:
			if (status_known && (p->st.have & ST_UID))
				cell_set_u64(ln, i, p->st.uid[1]);
			else
				cell_set_unknown(ln, i, out);
			break;
		case COL_NS:
			if (n->mark) {
				char mark[128];
				ns_mark_text(n->mark, mark, sizeof(mark));
				cell_set(ln, i, mark);
			}
			break;
		case COL_RUNTIME:
			if (!n->t)
				cell_set(ln, i, runtime_role(p->st.name, p->cmdline));
			break;
		case COL_CONTAINER: set_container(ctx, ln, i, p, false); break;
		case COL_CNAME: set_container(ctx, ln, i, p, true); break;
		case COL_COUNT: cell_set_u64(ln, i, count); break;
		case COL_COMMAND: {
			char *text;
			const char *cmd = process_command(p);
			if (n->t)
				text = xasprintf("{%s}", n->t->comm);
			else if (cmd)
				text = xstrdup(cmd);
			else {
				cell_set_unknown(ln, i, out);
				break;
			}
			if (count > 1) {
				char *folded = xasprintf("%zu*[%s]", count, text);
				free(text);
				text = folded;
			}
			cell_set(ln, i, text);
			free(text);
			break;
		}
		default: break; /* --ns-tree columns */
		}
	}
}

static struct libscols_line *new_line(struct tree_ctx *ctx, struct libscols_line *parent)
{
	struct libscols_line *ln = scols_table_new_line(ctx->tb, parent);
	if (!ln) {
		error_msg("cannot create output line");
		exit(1);
	}
	return ln;
}

static void add_process_rows(struct tree_ctx *ctx, struct node *n, size_t count, struct libscols_line *parent);

static void add_kids(struct tree_ctx *ctx, struct node *n, struct libscols_line *ln)
{
	struct node **kids = xcalloc(n->nkids ? n->nkids : 1, sizeof(*kids));
	size_t nk = 0;
	for (size_t i = 0; i < n->nkids; i++)
		if (node_shown(ctx, n->kids[i]))
			kids[nk++] = n->kids[i];
	struct fold_item *items = xcalloc(nk ? nk : 1, sizeof(*items));
	size_t *group = xcalloc(nk ? nk : 1, sizeof(*group));
	size_t *count = xcalloc(nk ? nk : 1, sizeof(*count));
	for (size_t i = 0; i < nk; i++) {
		bool leaf = true;
		for (size_t k = 0; k < kids[i]->nkids && leaf; k++)
			leaf = !node_shown(ctx, kids[i]->kids[k]);
		items[i].leaf = leaf && !ctx->o->no_fold;
		items[i].key = items[i].leaf ? kids[i]->key = node_key(kids[i]) : NULL;
	}
	fold_siblings(items, nk, group);
	for (size_t i = 0; i < nk; i++)
		count[group[i]]++;
	for (size_t i = 0; i < nk; i++)
		if (group[i] == i)
			add_process_rows(ctx, kids[i], count[i], ln);
	free(count);
	free(group);
	free(items);
	free(kids);
}

static void add_process_rows(struct tree_ctx *ctx, struct node *n, size_t count, struct libscols_line *parent)
{
	struct libscols_line *ln = new_line(ctx, parent);
	fill_process_row(ctx, ln, n, count);
	add_kids(ctx, n, ln);
}

/* Scans /proc for want and finds -p's process (*target, NULL without
 * -p).  Returns 0, or 1 after the error message. */
static int scan_for_target(struct tree_ctx *ctx, unsigned want, struct process **target)
{
	*target = NULL;
	int err = model_scan(&ctx->m, ctx->m.root, want);
	if (err) {
		error_msg("cannot read %s/proc: %s", ctx->m.root->shown, strerror(-err));
		return 1;
	}
	if (ctx->o->pid && !(*target = model_process(&ctx->m, ctx->o->pid))) {
		sysroot_error_no_process(ctx->m.root, ctx->o->pid);
		return 1;
	}
	return 0;
}

static int process_tree(struct tree_ctx *ctx)
{
	struct tree_opts *o = ctx->o;
	struct process *target;
	if (scan_for_target(ctx, WANT_STATUS | WANT_NS | WANT_CMDLINE | WANT_CGROUP, &target))
		return 1;
	struct model *m = &ctx->m;
	/* asking for a kernel thread's subtree is asking to see them */
	if (target && process_is_kernel_thread(target))
		o->kernel = true;

	ctx->nodes = xcalloc(m->nprocs ? m->nprocs : 1, sizeof(*ctx->nodes));
	for (size_t i = 0; i < m->nprocs; i++) {
		struct process *p = m->procs[i];
		if (!o->kernel && process_is_kernel_thread(p))
			continue;
		ctx->nodes[i].p = p;
		hmap_put(&ctx->node_of_pid, (uint64_t)p->pid, &ctx->nodes[i]);
	}
	for (size_t i = 0; i < m->nprocs; i++) {
		struct node *n = &ctx->nodes[i];
		if (!n->p)
			continue;
		struct process *pp = model_process(m, n->p->ppid);
		if (pp && pp != n->p) {
			n->mark = ns_mark_mask(n->p->ns_ino, pp->ns_ino, o->mark_types);
			n->parent = hmap_get(&ctx->node_of_pid, (uint64_t)pp->pid);
		}
	}
	break_cycles(ctx);
	for (size_t i = 0; i < m->nprocs; i++)
		if (ctx->nodes[i].p && ctx->nodes[i].parent)
			add_kid(ctx->nodes[i].parent, &ctx->nodes[i]);
	if (o->threads) {
		size_t total = 0;
		for (size_t i = 0; i < m->nprocs; i++) {
			if (ctx->nodes[i].p) {
				model_load_threads(m, ctx->nodes[i].p);
				total += ctx->nodes[i].p->nthreads;
			}
		}
		ctx->thread_nodes = xcalloc(total ? total : 1, sizeof(*ctx->thread_nodes));
		for (size_t i = 0; i < m->nprocs; i++) {
			struct process *p = ctx->nodes[i].p;
			for (size_t k = 0; p && k < p->nthreads; k++) {
				struct node *tn = &ctx->thread_nodes[ctx->nthread_nodes++];
				tn->p = p;
				tn->t = &p->threads[k];
				tn->parent = &ctx->nodes[i];
				tn->mark = ns_mark_mask(tn->t->ns_ino, p->ns_ino, o->mark_types);
				add_kid(&ctx->nodes[i], tn);
			}
		}
	}

	/* the roots: the subtree asked for, or every node without a parent */
	struct node **roots = xcalloc(m->nprocs ? m->nprocs : 1, sizeof(*roots));
	size_t nroots = 0;
	if (target)
		roots[nroots++] = hmap_get(&ctx->node_of_pid, (uint64_t)target->pid);
	else
		for (size_t i = 0; i < m->nprocs; i++)
			if (ctx->nodes[i].p && !ctx->nodes[i].parent)
				roots[nroots++] = &ctx->nodes[i];
	for (size_t i = 0; i < nroots; i++)
		keep_subtree(roots[i]);

	struct process **shown = xcalloc(m->nprocs ? m->nprocs : 1, sizeof(*shown));
	size_t nshown = 0;
	for (size_t i = 0; i < nroots; i++)
		collect_shown(roots[i], shown, &nshown, o->containers);
	load_names(ctx, shown, nshown);
	free(shown);

	/* roots are folded like siblings too: a fake parent holds them */
	struct node top = { .kids = roots, .nkids = nroots };
	add_kids(ctx, &top, NULL);
	free(roots);
	return 0;
}

/* ---- namespace hierarchy (--ns-tree) ---- */

#define ROW_WANT (WANT_STATUS | WANT_CMDLINE | WANT_CGROUP)

struct ns_node {
	struct namespace *ns;
	struct process *p; /* lowest PID still readable, or NULL */
	struct ns_node **kids;
	size_t nkids, kids_cap;
	bool has_parent;
	bool keep;
};

static void fill_ns_row(struct tree_ctx *ctx, struct libscols_line *ln, const struct ns_node *nn)
{
	const struct outopts *out = &ctx->o->out;
	const struct namespace *ns = nn->ns;
	const struct process *p = nn->p;
	for (size_t i = 0; i < ctx->cols.n; i++) {
		switch (ctx->cols.id[i]) {
		case COL_NAMESPACE:
			cell_set_owned(ln, i, xasprintf("%s:[%llu]", ns_type_name(ns->type), (unsigned long long)ns->ino));
			break;
		case COL_TYPE: scols_line_set_data(ln, i, ns_type_name(ns->type)); break;
		case COL_INODE: cell_set_u64(ln, i, ns->ino); break;
		case COL_NPROCS: cell_set_u64(ln, i, ns->nprocs); break;
		case COL_OWNER:
			if (ns->owner_uid_known)
				cell_set_u64(ln, i, ns->owner_uid);
			else if (ns->type == NS_USER)
				cell_set_unknown(ln, i, out);
			break;
		case COL_PID:
			if (p)
				cell_set_int(ln, i, p->pid);
			break;
		case COL_PPID:
			if (p && !(p->unknown & WANT_STATUS))
				cell_set_int(ln, i, p->ppid);
			else if (p)
				cell_set_unknown(ln, i, out);
			break;
		case COL_USER:
			if (p)
				set_user(ctx, ln, i, p);
			break;
		case COL_UID:
			if (p && !(p->unknown & WANT_STATUS) && (p->st.have & ST_UID))
				cell_set_u64(ln, i, p->st.uid[1]);
			else if (p)
				cell_set_unknown(ln, i, out);
			break;
		case COL_RUNTIME:
			if (p)
				cell_set(ln, i, runtime_role(p->st.name, p->cmdline));
			break;
		case COL_CONTAINER:
		case COL_CNAME:
			if (p)
				set_container(ctx, ln, i, p, ctx->cols.id[i] == COL_CNAME);
			break;
		case COL_COUNT: cell_set_u64(ln, i, 1); break;
		case COL_COMMAND:
			if (p && process_command(p))
				cell_set(ln, i, process_command(p));
			else if (p)
				cell_set_unknown(ln, i, out);
			break;
		default: break; /* NS: no parent process to compare with */
		}
	}
}

static bool ns_keep(struct ns_node *nn, unsigned depth)
{
	bool keep = nn->p && nn->p->in_container;
	for (size_t i = 0; i < nn->nkids && depth < 64; i++)
		keep |= ns_keep(nn->kids[i], depth + 1);
	return nn->keep = keep;
}

static void add_ns_rows(struct tree_ctx *ctx, struct ns_node *nn, struct libscols_line *parent, unsigned depth)
{
	if (ctx->o->containers && !nn->keep)
		return;
	struct libscols_line *ln = new_line(ctx, parent);
	fill_ns_row(ctx, ln, nn);
	if (depth > 64) /* the kernel nests 32 deep; more is corrupt data */
		return;
	for (size_t i = 0; i < nn->nkids; i++)
		add_ns_rows(ctx, nn->kids[i], ln, depth + 1);
}

static int namespace_tree(struct tree_ctx *ctx)
{
	struct tree_opts *o = ctx->o;
	enum ns_type type = (enum ns_type)o->ns_tree;
	struct process *target;
	if (scan_for_target(ctx, WANT_NS, &target))
		return 1;
	struct model *m = &ctx->m;
	if (target && !target->ns[type]) {
		error_msg("cannot read the %s namespace of PID %d", ns_type_name(type), (int)o->pid);
		return 1;
	}
	if (m->root->live)
		model_add_ns_ancestors(m); /* the levels no process is left in */
	else
		fprintf(stderr, "nsinspect: note: a captured tree cannot tell namespace parents "
				"(they need ioctls on the live kernel); namespaces are listed flat\n");

	struct ns_node *nodes = xcalloc(m->nns ? m->nns : 1, sizeof(*nodes));
	struct hmap node_of_ino = { 0 };
	size_t n = 0;
	for (size_t i = 0; i < m->nns; i++) {
		if (m->ns[i]->type != type)
			continue;
		struct ns_node *nn = &nodes[n++];
		nn->ns = m->ns[i];
		for (size_t k = 0; k < nn->ns->nprocs && !nn->p; k++)
			if (model_load(m, nn->ns->procs[k], ROW_WANT))
				nn->p = nn->ns->procs[k];
		if (!nn->p)
			nn->p = ns_first_process(nn->ns);
		hmap_put(&node_of_ino, nn->ns->ino, nn);
	}
	for (size_t i = 0; i < n; i++) {
		struct ns_node *nn = &nodes[i];
		struct ns_node *up = nn->ns->rel_known && nn->ns->parent_ino ? hmap_get(&node_of_ino, nn->ns->parent_ino)
									   : NULL;
		if (!up || up == nn)
			continue;
		nn->has_parent = true;
		if (up->nkids == up->kids_cap) {
			up->kids_cap = up->kids_cap ? up->kids_cap * 2 : 4;
			up->kids = xrealloc(up->kids, up->kids_cap * sizeof(*up->kids));
		}
		up->kids[up->nkids++] = nn;
	}
	struct process **shown = xcalloc(n ? n : 1, sizeof(*shown));
	for (size_t i = 0; i < n; i++)
		shown[i] = nodes[i].p;
	load_names(ctx, shown, n);
	free(shown);
	if (target) {
		struct ns_node *start = hmap_get(&node_of_ino, target->ns[type]->ino);
		ns_keep(start, 0);
		add_ns_rows(ctx, start, NULL, 0);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (nodes[i].has_parent)
				continue;
			ns_keep(&nodes[i], 0);
			add_ns_rows(ctx, &nodes[i], NULL, 0);
		}
	}
	for (size_t i = 0; i < n; i++)
		free(nodes[i].kids);
	free(nodes);
	hmap_free(&node_of_ino);
	return 0;
}

int cmd_tree(struct cli *cli, int argc, char **argv)
{
	struct tree_opts o = { 0 };
	struct tree_ctx ctx = { .o = &o };
	int rc = parse_tree_args(cli, argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (o.list_columns) {
		columns_print_help(stdout, infos, ARRAY_SIZE(infos));
		return 0;
	}

	static const int defaults[] = { COL_PID, COL_USER, COL_NS, COL_RUNTIME, COL_CONTAINER, COL_CNAME, COL_COMMAND };
	static const int user_defaults[] = { COL_NAMESPACE, COL_NPROCS, COL_OWNER, COL_PID, COL_USER, COL_CONTAINER, COL_CNAME, COL_COMMAND };
	static const int pid_defaults[] = { COL_NAMESPACE, COL_NPROCS, COL_PID, COL_USER, COL_CONTAINER, COL_CNAME, COL_COMMAND };
	if (o.ns_tree == NS_USER)
		rc = columns_select(infos, ARRAY_SIZE(infos), user_defaults, ARRAY_SIZE(user_defaults), &o.out, &ctx.cols);
	else if (o.ns_tree == NS_PID)
		rc = columns_select(infos, ARRAY_SIZE(infos), pid_defaults, ARRAY_SIZE(pid_defaults), &o.out, &ctx.cols);
	else
		rc = columns_select(infos, ARRAY_SIZE(infos), defaults, ARRAY_SIZE(defaults), &o.out, &ctx.cols);
	if (rc < 0)
		return EXIT_USAGE;

	ctx.m.root = &cli->root;
	ctx.tb = table_new(&o.out, o.ns_tree >= 0 ? "namespaces" : "processes");
	table_add_columns(ctx.tb, infos, &ctx.cols, &o.out, o.ns_tree >= 0 ? COL_NAMESPACE : COL_COMMAND);
	rc = o.ns_tree >= 0 ? namespace_tree(&ctx) : process_tree(&ctx);
	if (rc == 0) {
		model_warn_denied(&ctx.m);
		rc = table_print(ctx.tb) < 0 ? 1 : 0;
	}
	scols_unref_table(ctx.tb);
	if (ctx.nodes) {
		for (size_t i = 0; i < ctx.m.nprocs; i++) {
			free(ctx.nodes[i].kids);
			free(ctx.nodes[i].key);
		}
	}
	for (size_t i = 0; i < ctx.nthread_nodes; i++)
		free(ctx.thread_nodes[i].key);
	free(ctx.thread_nodes);
	free(ctx.nodes);
	hmap_free(&ctx.node_of_pid);
	docker_names_free(&ctx.dn);
	model_free(&ctx.m);
	users_free();
	return rc;
}
