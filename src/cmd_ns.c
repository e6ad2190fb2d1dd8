/* nsinspect ns: every namespace, lsns-compatible, with the container that
 * owns it and what keeps it alive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "model.h"
#include "output.h"
#include "users.h"
#include "util.h"

enum {
	COL_NS, COL_TYPE, COL_PATH, COL_NPROCS, COL_PID, COL_PPID, COL_COMMAND, COL_UID,
	COL_USER, COL_NETNSID, COL_NSFS, COL_PNS, COL_ONS, COL_CONTAINER, COL_HOLDER,
};

static const struct colinfo infos[] = {
	[COL_NS] = { "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "namespace identifier (inode number)" },
	[COL_TYPE] = { "TYPE", 5, 0, SCOLS_JSON_STRING, "kind of namespace" },
	[COL_PATH] = { "PATH", 0, 0, SCOLS_JSON_STRING, "path to the namespace" },
	[COL_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "number of processes in the namespace" },
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "lowest PID in the namespace" },
	[COL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "PPID of the PID" },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "command line of the PID" },
	[COL_UID] = { "UID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "UID of the PID" },
	[COL_USER] = { "USER", 0, 0, SCOLS_JSON_STRING, "username of the PID" },
	[COL_NETNSID] = { "NETNSID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_STRING, "namespace ID as used by network subsystem" },
	[COL_NSFS] = { "NSFS", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING, "nsfs mountpoint (usually used network subsystem)" },
	[COL_PNS] = { "PNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent namespace identifier (inode number)" },
	[COL_ONS] = { "ONS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "owner namespace identifier (inode number)" },
	[COL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING, "container of the PID (runtime:short id)" },
	[COL_HOLDER] = { "HOLDER", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING, "what keeps a namespace without processes alive (bind mount, open fd, a thread)" },
};

/* What a row shows beyond the namespace links: read only for the few
 * processes that get a row, never in the scan of every process. */
#define ROW_WANT (WANT_STATUS | WANT_CMDLINE | WANT_CGROUP)

enum tree_mode { TREE_NONE, TREE_PROCESS, TREE_OWNER, TREE_PARENT };

struct ns_opts {
	struct outopts out;
	bool types[NS_NTYPES];
	bool any_type;
	pid_t pid;
	uint64_t ns_arg;
	bool list;
	bool list_columns;
	enum tree_mode tree;
	bool tree_given;
	bool threads;
};

struct ns_ctx {
	struct model m;
	struct ns_opts *o;
	struct columns cols;
	struct libscols_table *tb;
	struct hmap line_of_pid;  /* process tree: last line showing that PID */
	struct hmap row_of_ino;   /* owner/parent trees: ino -> namespace */
};

static void print_ns_help(void)
{
	printf("Usage:\n"
	       " nsinspect ns [options] [<namespace>]\n"
	       "\n"
	       "List namespaces, like lsns(8), with the container that owns each one and the\n"
	       "namespaces kept alive only by a bind mount or an open file descriptor.\n"
	       "\n"
	       "Options:\n"
	       " -J, --json             use JSON output format\n"
	       " -l, --list             use list format output\n"
	       " -n, --noheadings       don't print headings\n"
	       " -o, --output <list>    define which output columns to use (+<list> appends)\n"
	       "     --output-all       output all columns\n"
	       " -p, --task <pid>       print process namespaces\n"
	       " -r, --raw              use the raw output format\n"
	       " -u, --notruncate       don't truncate text in columns\n"
	       " -W, --nowrap           don't use multi-line representation\n"
	       " -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)\n"
	       " -T, --tree[=<rel>]     use tree format (process, owner or parent)\n"
	       "     --threads          also namespaces only a thread other than its\n"
	       "                          process's main one is in\n"
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Available output columns:\n");
	columns_print_help(stdout, infos, ARRAY_SIZE(infos));
}

enum { OPT_THREADS = 0x2200 };

static int parse_ns_args(struct cli *cli, int argc, char **argv, struct ns_opts *o)
{
	static const struct option longopts[] = {
		{ "threads", no_argument, NULL, OPT_THREADS },
		OUTPUT_LONGOPTS,
		{ "list", no_argument, NULL, 'l' },
		{ "notruncate", no_argument, NULL, 'u' },
		{ "nowrap", no_argument, NULL, 'W' },
		{ "task", required_argument, NULL, 'p' },
		{ "type", required_argument, NULL, 't' },
		{ "tree", optional_argument, NULL, 'T' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":" OUTPUT_SHORTOPTS "luWp:t:T::Hh", longopts, NULL)) != -1) {
		if (outopts_apply(&o->out, c, optarg))
			continue;
		switch (c) {
		case 'l': o->list = true; break;
		case OPT_THREADS: o->threads = true; break;
		case 'u': o->out.notruncate = true; break;
		case 'W': o->out.nowrap = true; break;
		case 'p':
			if (!pid_arg_or_usage(optarg, &o->pid))
				return -1;
			break;
		case 't': {
			int t = ns_type_from_name(optarg);
			if (t < 0) {
				char *e = str_escape(optarg, strlen(optarg));
				usage_error("unknown namespace type: '%s'", e);
				free(e);
				return -1;
			}
			o->types[t] = o->any_type = true;
			break;
		}
		case 'T':
			o->tree_given = true;
			if (!optarg || !strcmp(optarg, "process"))
				o->tree = TREE_PROCESS;
			else if (!strcmp(optarg, "owner"))
				o->tree = TREE_OWNER;
			else if (!strcmp(optarg, "parent"))
				o->tree = TREE_PARENT;
			else {
				char *e = str_escape(optarg, strlen(optarg));
				usage_error("unknown tree type: '%s' (use process, owner or parent)", e);
				free(e);
				return -1;
			}
			break;
		case 'H': o->list_columns = true; break;
		case 'h': print_ns_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (optind < argc) {
		uint64_t ino;
		if (!parse_u64(argv[optind], strlen(argv[optind]), &ino) || ino == 0) {
			char *e = str_escape(argv[optind], strlen(argv[optind]));
			usage_error("invalid namespace: '%s' (an inode number)", e);
			free(e);
			return -1;
		}
		o->ns_arg = ino;
		if (optind + 1 < argc) {
			char *e = str_escape(argv[optind + 1], strlen(argv[optind + 1]));
			usage_error("unexpected argument: '%s'", e);
			free(e);
			return -1;
		}
	}
	if (o->list && o->tree_given) {
		usage_error("options --list and --tree are mutually exclusive");
		return -1;
	}
	if (!o->any_type)
		for (int t = 0; t < NS_NTYPES; t++)
			o->types[t] = true;
	/* As lsns: the process tree is the default look of a table; JSON and
	 * raw output stay flat unless a tree is asked for. */
	if (!o->tree_given && !o->list && !o->out.json && !o->out.raw)
		o->tree = TREE_PROCESS;
	if (o->list)
		o->tree = TREE_NONE;
	return 0;
}

/* A namespace with no process and no holder of its own lives on as the
 * parent or owner of another one (the outer levels of nested unshares). */
static void append_children(struct buf *b, const struct model *m, const struct namespace *ns, char sep)
{
	for (size_t i = 0; i < m->nns; i++) {
		const struct namespace *c = m->ns[i];
		const char *rel = NULL;
		if (c == ns || !c->rel_known)
			continue;
		if (c->type == ns->type && c->parent_ino == ns->ino)
			rel = "parent";
		else if (ns->type == NS_USER && c->owner_ino == ns->ino)
			rel = "owner";
		if (!rel)
			continue;
		char *s = xasprintf("%s of %s:[%llu]", rel, ns_type_name(c->type), (unsigned long long)c->ino);
		if (b->len)
			buf_append(b, &sep, 1);
		buf_append(b, s, strlen(s));
		free(s);
	}
}

/* "bind PATH", "fd N of pid P", ...: each entry escaped, joined by sep. */
static char *holder_text(const struct model *m, const struct namespace *ns, char sep)
{
	struct buf b = { 0 };
	if (!ns->nholders)
		append_children(&b, m, ns, sep);
	for (size_t i = 0; i < ns->nholders; i++) {
		const struct ns_holder *h = &ns->holders[i];
		char *s;
		if (h->kind == HOLD_BIND)
			s = xasprintf("bind %s", h->path);
		else if (h->kind == HOLD_FD)
			s = xasprintf("fd %d of pid %d", h->fd, (int)h->pid);
		else if (h->kind == HOLD_THREAD)
			s = xasprintf("thread %d of pid %d", (int)h->tid, (int)h->pid);
		else
			s = xasprintf("pid_for_children of pid %d", (int)h->pid);
		char *e = str_escape(s, strlen(s));
		if (b.len)
			buf_append(&b, &sep, 1);
		buf_append(&b, e, strlen(e));
		free(e);
		free(s);
	}
	return b.data;
}

static char *nsfs_text(const struct namespace *ns, char sep)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < ns->nholders; i++) {
		const struct ns_holder *h = &ns->holders[i];
		if (h->kind != HOLD_BIND)
			continue;
		char *e = str_escape(h->path, strlen(h->path));
		if (b.len)
			buf_append(&b, &sep, 1);
		buf_append(&b, e, strlen(e));
		free(e);
	}
	return b.data;
}

/* The lists above are escaped item by item: the separator between items
 * is the one newline a wrapping column may hold. */
static void set_list(struct libscols_line *ln, size_t i, char *owned_escaped)
{
	if (owned_escaped)
		cell_set_owned(ln, i, owned_escaped);
}

/* /proc/PID/file of a process, through the thread it is read through
 * when its main thread has exited (model_proc_path). */
static char *proc_path(const struct model *m, pid_t pid, const char *file)
{
	char rel[64];
	model_pid_path(m, pid, file, rel, sizeof(rel));
	return xasprintf("/proc/%s", rel);
}

/* /proc/PID/task/TID/ns/TYPE of a HOLD_THREAD holder: the thread's own
 * directory, whichever thread its process is read through. */
static char *thread_ns_path(const struct namespace *ns, const struct ns_holder *h)
{
	return xasprintf("/proc/%d/task/%d/ns/%s", (int)h->pid, (int)h->tid, ns_type_name(ns->type));
}

/* Fills one row: namespace ns as seen through process p (its lowest PID,
 * or a member in the per-namespace process listing). */
static void fill_row(struct ns_ctx *ctx, struct libscols_line *ln, struct namespace *ns,
		     struct process *p)
{
	const struct outopts *out = &ctx->o->out;
	char sep = out->nowrap || out->raw || out->json ? ',' : '\n';

	if (p)
		model_load(&ctx->m, p, ROW_WANT);
	bool status_known = p && !(p->unknown & WANT_STATUS);
	for (size_t i = 0; i < ctx->cols.n; i++) {
		switch (ctx->cols.id[i]) {
		case COL_NS: cell_set_u64(ln, i, ns->ino); break;
		case COL_TYPE: scols_line_set_data(ln, i, ns_type_name(ns->type)); break;
		case COL_PATH:
			if (p) {
				char file[16];
				snprintf(file, sizeof(file), "ns/%s", ns_type_name(ns->type));
				cell_set_owned(ln, i, proc_path(&ctx->m, p->pid, file));
			} else if (ns->nholders && ns->holders[0].kind == HOLD_BIND) {
				cell_set(ln, i, ns->holders[0].path);
			} else if (ns->nholders && ns->holders[0].kind == HOLD_FD) {
				char file[24];
				snprintf(file, sizeof(file), "fd/%d", ns->holders[0].fd);
				cell_set_owned(ln, i, proc_path(&ctx->m, ns->holders[0].pid, file));
			} else if (ns->nholders && ns->holders[0].kind == HOLD_THREAD) {
				cell_set_owned(ln, i, thread_ns_path(ns, &ns->holders[0]));
			} else if (ns->nholders) {
				cell_set_owned(ln, i, proc_path(&ctx->m, ns->holders[0].pid, "ns/pid_for_children"));
			}
			break;
		case COL_NPROCS: cell_set_u64(ln, i, ns->nprocs); break;
		case COL_PID:
			if (p)
				cell_set_int(ln, i, p->pid);
			break;
		case COL_PPID:
			if (status_known)
				cell_set_int(ln, i, p->ppid);
			else if (p)
				cell_set_unknown(ln, i, out);
			break;
		case COL_COMMAND:
			if (p && p->cmdline)
				cell_set(ln, i, p->cmdline);
			else if (status_known)
				cell_set(ln, i, p->st.name);
			else if (p)
				cell_set_unknown(ln, i, out);
			break;
		case COL_UID:
			if (status_known && (p->st.have & ST_UID))
				cell_set_u64(ln, i, p->st.uid[1]);
			else if (p)
				cell_set_unknown(ln, i, out);
			break;
		case COL_USER:
			if (status_known && (p->st.have & ST_UID)) {
				const char *name = user_name(&ctx->m.root[0], p->st.uid[1]);
				if (name)
					cell_set(ln, i, name);
				else
					cell_set_u64(ln, i, p->st.uid[1]);
			} else if (p) {
				cell_set_unknown(ln, i, out);
			}
			break;
		case COL_NETNSID: {
			int id;
			if (ns->type != NS_NET)
				break;
			if (model_netnsid(&ctx->m, ns, &id))
				cell_set_owned(ln, i, id >= 0 ? xasprintf("%d", id) : xstrdup("unassigned"));
			else /* not openable by us, or a captured tree: only the live kernel knows */
				cell_set_unknown(ln, i, out);
			break;
		}
		case COL_NSFS: set_list(ln, i, nsfs_text(ns, sep)); break;
		case COL_PNS:
		case COL_ONS:
			if (!ns->rel_known)
				cell_set_unknown(ln, i, out);
			else
				cell_set_u64(ln, i, ctx->cols.id[i] == COL_PNS ? ns->parent_ino : ns->owner_ino);
			break;
		case COL_CONTAINER:
			if (p && p->in_container) {
				char label[128];
				container_label(p->container, label, sizeof(label));
				cell_set(ln, i, label);
			} else if (p && (p->unknown & WANT_CGROUP)) {
				cell_set_unknown(ln, i, out);
			}
			break;
		case COL_HOLDER:
			if (!ns->nprocs)
				set_list(ln, i, holder_text(&ctx->m, ns, sep));
			break;
		}
	}
}

/* The process a namespace row shows: its lowest PID whose row fields
 * can still be read, so one that exited since the scan gives way to the
 * next member instead of a row of '?'. */
static struct process *row_process(struct ns_ctx *ctx, struct namespace *ns)
{
	for (size_t i = 0; i < ns->nprocs; i++)
		if (model_load(&ctx->m, ns->procs[i], ROW_WANT))
			return ns->procs[i];
	return ns_first_process(ns);
}

static struct libscols_line *new_line(struct ns_ctx *ctx, struct libscols_line *parent)
{
	struct libscols_line *ln = scols_table_new_line(ctx->tb, parent);
	if (!ln) {
		error_msg("cannot create output line");
		exit(1);
	}
	return ln;
}

/* lsns's process tree: a row hangs under the row whose process is the
 * parent of its own process. */
static void add_ns_row_process_tree(struct ns_ctx *ctx, struct namespace *ns)
{
	struct process *p = row_process(ctx, ns);
	struct libscols_line *parent = NULL;
	if (ctx->o->tree == TREE_PROCESS && p)
		parent = hmap_get(&ctx->line_of_pid, (uint64_t)p->ppid);
	struct libscols_line *ln = new_line(ctx, parent);
	fill_row(ctx, ln, ns, p);
	if (p)
		hmap_put(&ctx->line_of_pid, (uint64_t)p->pid, ln);
}

static uint64_t relation_of(const struct ns_ctx *ctx, const struct namespace *ns)
{
	return ctx->o->tree == TREE_OWNER ? ns->owner_ino : ns->parent_ino;
}

/* Owner and parent trees: rows under the row of their owner / parent. */
static void add_ns_subtree(struct ns_ctx *ctx, struct namespace **rows, size_t nrows,
			   struct namespace *ns, struct libscols_line *parent, unsigned depth)
{
	struct libscols_line *ln = new_line(ctx, parent);
	fill_row(ctx, ln, ns, row_process(ctx, ns));
	if (depth > 64) /* the kernel nests 32 deep; a loop would be corrupt data */
		return;
	for (size_t i = 0; i < nrows; i++)
		if (rows[i] != ns && relation_of(ctx, rows[i]) == ns->ino && rows[i]->ino != ns->ino)
			add_ns_subtree(ctx, rows, nrows, rows[i], ln, depth + 1);
}

static bool ns_selected(const struct ns_opts *o, const struct namespace *ns, const struct process *task)
{
	if (!o->types[ns->type])
		return false;
	if (task)
		return task->ns[ns->type] == ns;
	return true;
}

static int list_namespaces(struct ns_ctx *ctx, struct process *task)
{
	struct ns_opts *o = ctx->o;
	struct namespace **rows = xcalloc(ctx->m.nns, sizeof(*rows));
	size_t nrows = 0;

	for (size_t i = 0; i < ctx->m.nns; i++)
		if (ns_selected(o, ctx->m.ns[i], task))
			rows[nrows++] = ctx->m.ns[i];

	if (o->tree == TREE_OWNER || o->tree == TREE_PARENT) {
		model_load_ns_relations(&ctx->m);
		for (size_t i = 0; i < nrows; i++)
			hmap_put(&ctx->row_of_ino, rows[i]->ino, rows[i]);
		for (size_t i = 0; i < nrows; i++) {
			uint64_t rel = relation_of(ctx, rows[i]);
			struct namespace *up = rel ? hmap_get(&ctx->row_of_ino, rel) : NULL;
			if (!up || up == rows[i])
				add_ns_subtree(ctx, rows, nrows, rows[i], NULL, 0);
		}
	} else {
		for (size_t i = 0; i < nrows; i++)
			add_ns_row_process_tree(ctx, rows[i]);
	}
	free(rows);
	return 0;
}

/* nsinspect ns NAMESPACE: the processes in one namespace. */
static int list_members(struct ns_ctx *ctx, struct namespace *ns)
{
	for (size_t i = 0; i < ns->nprocs; i++) {
		struct process *p = ns->procs[i];
		struct libscols_line *parent = NULL;
		if (ctx->o->tree == TREE_PROCESS) {
			model_load(&ctx->m, p, ROW_WANT); /* the PPID */
			parent = hmap_get(&ctx->line_of_pid, (uint64_t)p->ppid);
		}
		struct libscols_line *ln = new_line(ctx, parent);
		fill_row(ctx, ln, ns, p);
		hmap_put(&ctx->line_of_pid, (uint64_t)p->pid, ln);
	}
	/* with --threads: the processes one of whose threads is in it */
	for (size_t i = 0; i < ns->nholders; i++) {
		struct process *p = ns->holders[i].kind == HOLD_THREAD ? model_process(&ctx->m, ns->holders[i].pid)
								       : NULL;
		if (p && !hmap_get(&ctx->line_of_pid, (uint64_t)p->pid)) {
			struct libscols_line *ln = new_line(ctx, NULL);
			fill_row(ctx, ln, ns, p);
			/* the process's own link is not this namespace: its thread's is */
			for (size_t c = 0; c < ctx->cols.n; c++)
				if (ctx->cols.id[c] == COL_PATH)
					cell_set_owned(ln, c, thread_ns_path(ns, &ns->holders[i]));
			hmap_put(&ctx->line_of_pid, (uint64_t)p->pid, ln);
		}
	}
	return 0;
}

int cmd_ns(struct cli *cli, int argc, char **argv)
{
	struct ns_opts o = { 0 };
	struct ns_ctx ctx = { .o = &o };
	int rc = parse_ns_args(cli, argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (o.list_columns) {
		columns_print_help(stdout, infos, ARRAY_SIZE(infos));
		return 0;
	}

	/* Status, command line and cgroup are read for the rows shown only
	 * (fill_row); descriptors matter only when listing every namespace. */
	unsigned want = WANT_NS | WANT_NSFS, first_want = 0;
	if (!o.pid && !o.ns_arg) {
		want |= WANT_FDS;
		/* the lowest PID of each namespace gets the row: read its row
		 * fields while its directory is open (with -t, other types'
		 * first members would be read for nothing) */
		if (!o.any_type)
			first_want = ROW_WANT;
	}
	int err = model_scan_first(&ctx.m, &cli->root, want, first_want);
	if (err) {
		error_msg("cannot read %s/proc: %s", cli->root.shown, strerror(-err));
		return 1;
	}

	/* unshare(2) and setns(2) move one thread: a namespace only such a
	 * thread is in shows nowhere in /proc/PID/ns */
	if (o.threads)
		model_load_thread_namespaces(&ctx.m);
	/* as lsns: the trees show the levels no process is left in */
	if (o.tree == TREE_OWNER || o.tree == TREE_PARENT)
		model_add_ns_ancestors(&ctx.m);

	struct process *task = NULL;
	struct namespace *target = NULL;
	if (o.pid) {
		task = model_process(&ctx.m, o.pid);
		if (!task) {
			sysroot_error_no_process(&cli->root, o.pid);
			rc = 1;
			goto out;
		}
		if (task->unknown & WANT_NS) {
			error_msg("cannot read the namespaces of PID %d: permission denied", (int)o.pid);
			rc = 1;
			goto out;
		}
	}
	if (o.ns_arg) {
		for (size_t i = 0; i < ctx.m.nns && !target; i++)
			if (ctx.m.ns[i]->ino == o.ns_arg)
				target = ctx.m.ns[i];
		if (!target) {
			error_msg("no namespace %llu", (unsigned long long)o.ns_arg);
			rc = 1;
			goto out;
		}
	}

	static const int defaults[] = { COL_NS, COL_TYPE, COL_NPROCS, COL_PID, COL_USER, COL_CONTAINER, COL_COMMAND };
	static const int net_defaults[] = { COL_NS, COL_TYPE, COL_NPROCS, COL_PID, COL_USER, COL_NETNSID, COL_NSFS, COL_CONTAINER, COL_COMMAND };
	static const int member_defaults[] = { COL_PID, COL_PPID, COL_USER, COL_CONTAINER, COL_COMMAND };
	if (target)
		rc = columns_select(infos, ARRAY_SIZE(infos), member_defaults, ARRAY_SIZE(member_defaults), &o.out, &ctx.cols);
	else if (o.any_type && o.types[NS_NET])
		rc = columns_select(infos, ARRAY_SIZE(infos), net_defaults, ARRAY_SIZE(net_defaults), &o.out, &ctx.cols);
	else
		rc = columns_select(infos, ARRAY_SIZE(infos), defaults, ARRAY_SIZE(defaults), &o.out, &ctx.cols);
	if (rc < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	/* As lsns adds NETNSID for -t net: HOLDER joins the defaults when a
	 * listed namespace has no process to show. */
	if (!o.out.columns && !o.out.output_all && !target && !columns_has(&ctx.cols, COL_HOLDER)) {
		for (size_t i = 0; i < ctx.m.nns; i++) {
			if (!ctx.m.ns[i]->nprocs && ns_selected(&o, ctx.m.ns[i], task)) {
				ctx.cols.id[ctx.cols.n++] = COL_HOLDER;
				break;
			}
		}
	}
	if (columns_has(&ctx.cols, COL_PNS) || columns_has(&ctx.cols, COL_ONS))
		model_load_ns_relations(&ctx.m);

	ctx.tb = table_new(&o.out, "namespaces");
	int tree_col = o.tree == TREE_PROCESS ? COL_COMMAND : o.tree != TREE_NONE ? COL_NS : -1;
	if (target)
		tree_col = o.tree != TREE_NONE ? COL_COMMAND : -1;
	table_add_columns(ctx.tb, infos, &ctx.cols, &o.out, tree_col);
	if (target)
		list_members(&ctx, target);
	else
		list_namespaces(&ctx, task);
	/* after the rows: they load the status of the processes shown */
	model_warn_denied(&ctx.m);
	rc = table_print(ctx.tb) < 0 ? 1 : 0;
	scols_unref_table(ctx.tb);
out:
	hmap_free(&ctx.line_of_pid);
	hmap_free(&ctx.row_of_ino);
	model_free(&ctx.m);
	users_free();
	return rc;
}
