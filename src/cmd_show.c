/* nsinspect show PID: the whole isolation report of one process, as rows of
 * a sections table (section, name, value, detail): namespaces and who shares
 * them, cgroups, id maps, root directory, seccomp, LSM, capabilities. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "cli.h"
#include "commands.h"
#include "model.h"
#include "output.h"
#include "secinfo.h"
#include "users.h"
#include "util.h"

enum { COL_SECTION, COL_NAME, COL_VALUE, COL_DETAIL };

static const struct colinfo infos[] = {
	[COL_SECTION] = { "SECTION", 0, 0, SCOLS_JSON_STRING, "process, namespace, cgroup, user, root, security, caps or threads" },
	[COL_NAME] = { "NAME", 0, 0, SCOLS_JSON_STRING, "what the row reports" },
	[COL_VALUE] = { "VALUE", 0, 0, SCOLS_JSON_STRING, "its value" },
	[COL_DETAIL] = { "DETAIL", 0, 0, SCOLS_JSON_STRING, "what the value means" },
};

struct show_opts {
	struct outopts out;
	bool list_columns;
	pid_t pid;
};

struct show_ctx {
	struct model m;
	struct show_opts *o;
	struct columns cols;
	struct libscols_table *tb;
	struct process *p;
	uint64_t full;
	size_t unknowns; /* values shown as '?' or "unknown": one warning at the end */
};

static void print_show_help(void)
{
	printf("Usage:\n"
	       " nsinspect show [options] <pid>\n"
	       "\n"
	       "Show how one process is isolated: each namespace and whether the host or a\n"
	       "container shares it, cgroups, uid/gid maps, root directory, no_new_privs,\n"
	       "seccomp, LSM label, oom_score_adj and capabilities, and the threads whose\n"
	       "capabilities, ids, seccomp or namespaces are not the main thread's.\n"
	       "\n"
	       "Options:\n"
	       OUTPUT_OPTIONS_HELP
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Available output columns:\n");
	columns_print_help(stdout, infos, ARRAY_SIZE(infos));
}

static int parse_show_args(struct cli *cli, int argc, char **argv, struct show_opts *o)
{
	static const struct option longopts[] = {
		OUTPUT_LONGOPTS,
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":" OUTPUT_SHORTOPTS "Hh", longopts, NULL)) != -1) {
		if (outopts_apply(&o->out, c, optarg))
			continue;
		switch (c) {
		case 'H': o->list_columns = true; break;
		case 'h': print_show_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (o->list_columns)
		return 0;
	return one_pid_operand(argc, argv, "show", &o->pid);
}

/* One row.  value and detail are untrusted text (escaped on the way). */
static void row(struct show_ctx *ctx, const char *section, const char *name, const char *value,
		const char *detail)
{
	struct libscols_line *ln = scols_table_new_line(ctx->tb, NULL);
	if (!ln) {
		error_msg("cannot create output line");
		exit(1);
	}
	for (size_t i = 0; i < ctx->cols.n; i++) {
		switch (ctx->cols.id[i]) {
		case COL_SECTION: scols_line_set_data(ln, i, section); break;
		case COL_NAME: cell_set(ln, i, name); break;
		case COL_VALUE:
			if (value)
				cell_set(ln, i, value);
			else
				cell_set_unknown(ln, i, &ctx->o->out);
			break;
		case COL_DETAIL: cell_set(ln, i, detail); break;
		}
	}
	if (!value)
		ctx->unknowns++;
}

/* The same with owned strings, freed here. */
static void row_owned(struct show_ctx *ctx, const char *section, const char *name, char *value,
		      char *detail)
{
	row(ctx, section, name, value, detail);
	free(value);
	free(detail);
}

static void label_of(const struct process *p, char *out, size_t sz)
{
	container_label(p->container, out, (unsigned)sz);
}

/* What a zombie no longer has (process_is_zombie). */
#define GONE "-"
#define GONE_DETAIL "gone: the process has exited"

static void process_rows(struct show_ctx *ctx)
{
	struct process *p = ctx->p;
	row_owned(ctx, "process", "pid", xasprintf("%d", (int)p->pid), NULL);
	if (p->st.nspid_len > 1)
		row_owned(ctx, "process", "nspid", xasprintf("%d", (int)p->st.nspid[p->st.nspid_len - 1]),
			  xstrdup("its PID in its own pid namespace"));
	row_owned(ctx, "process", "ppid", xasprintf("%d", (int)p->ppid), NULL);
	row(ctx, "process", "command", p->cmdline ? p->cmdline : p->st.name, NULL);
	if (process_is_zombie(p))
		row_owned(ctx, "process", "state", xstrdup("zombie"),
			  xasprintf("exited; PID %d has not reaped it: its namespaces except pid and user, "
				    "its root, v1 cgroups and descriptors are gone",
				    (int)p->ppid));
	else if (p->via_tid)
		row_owned(ctx, "process", "state", xstrdup("main thread exited"),
			  xasprintf("other threads run: what follows is read through thread %d, as "
				    "/proc/%d itself shows a zombie",
				    (int)p->via_tid, (int)p->pid));
	if (p->st.have & ST_UID) {
		const char *u = user_name(&ctx->m.root[0], p->st.uid[1]);
		row_owned(ctx, "process", "uid", xasprintf("%u", p->st.uid[1]), u ? xstrdup(u) : NULL);
	}
	if (p->in_container) {
		char label[128];
		label_of(p, label, sizeof(label));
		row(ctx, "process", "container", label, p->container->id);
	} else if (p->unknown & WANT_CGROUP) {
		row(ctx, "process", "container", NULL, "cgroup unreadable");
	} else {
		row(ctx, "process", "container", "none", NULL);
	}
}

/* "host", the containers whose processes are in ns, or "private". */
static char *sharing_of(struct show_ctx *ctx, enum ns_type t)
{
	struct process *p = ctx->p;
	struct process *ref = secinfo_host_ref(&ctx->m, t);
	if (ref && ref->ns_ino[t] == p->ns_ino[t])
		return xstrdup("shared with the host");
	const struct namespace *ns = p->ns[t];
	struct buf labels = { 0 };
	size_t others = 0;
	buf_append(&labels, "", 0);
	for (size_t i = 0; ns && i < ns->nprocs; i++) {
		struct process *q = ns->procs[i];
		model_load(&ctx->m, q, WANT_CGROUP);
		if (q != p)
			others++;
		if (!q->in_container)
			continue;
		char label[128];
		label_of(q, label, sizeof(label));
		if (strstr(labels.data, label))
			continue;
		if (labels.len)
			buf_append(&labels, ",", 1);
		buf_append(&labels, label, strlen(label));
	}
	char *s;
	if (labels.len) {
		s = strchr(labels.data, ',') ? xasprintf("shared by %s", labels.data) : xstrdup(labels.data);
	} else if (!ref) {
		ctx->unknowns++;
		s = xasprintf("unknown: the host's namespaces are unreadable; %zu other processes in it", others);
	} else if (!others) {
		s = xstrdup("private: no other process in it");
	} else {
		s = xasprintf("not the host's; %zu other processes in it", others);
	}
	buf_free(&labels);
	return s;
}

static void namespace_rows(struct show_ctx *ctx)
{
	struct process *p = ctx->p;
	if (p->unknown & WANT_NS) {
		row(ctx, "namespace", "all", NULL, "permission denied");
		return;
	}
	for (int t = 0; t < NS_NTYPES; t++) {
		if (!p->ns_ino[t]) {
			/* gone with a zombie, where this kernel has the type */
			const struct process *ref =
				process_is_zombie(p) ? secinfo_host_ref(&ctx->m, (enum ns_type)t) : NULL;
			if (ref && ref->ns_ino[t])
				row(ctx, "namespace", ns_type_name((enum ns_type)t), GONE, GONE_DETAIL);
			continue;
		}
		row_owned(ctx, "namespace", ns_type_name((enum ns_type)t),
			  xasprintf("%llu", (unsigned long long)p->ns_ino[t]), sharing_of(ctx, (enum ns_type)t));
	}
}

static void cgroup_rows(struct show_ctx *ctx)
{
	struct process *p = ctx->p;
	if (p->unknown & WANT_CGROUP) {
		row(ctx, "cgroup", "all", NULL, "permission denied");
		return;
	}
	for (size_t i = 0; i < p->ncgroups; i++) {
		const struct cgroup_entry *e = &p->cgroups[i];
		bool gone = process_cgroup_gone(p, e);
		row(ctx, "cgroup", e->hier_id == 0 && !*e->controllers ? "unified" : e->controllers,
		    gone ? GONE : e->path, gone ? GONE_DETAIL : NULL);
	}
}

static void user_rows(struct show_ctx *ctx, const struct secinfo *si)
{
	struct process *p = ctx->p;
	if (!(si->have & SI_IDMAPS)) {
		row(ctx, "user", "uid_map", NULL, si->denied & SI_IDMAPS ? "permission denied" : "unreadable");
		return;
	}
	struct process *ref = secinfo_host_ref(&ctx->m, NS_USER);
	bool host;
	if (ref && p->ns_ino[NS_USER])
		host = p->ns_ino[NS_USER] == ref->ns_ino[NS_USER];
	else /* a link unreadable: the map of every id is the initial namespace's */
		host = si->nuid_map == 1 && si->uid_map[0].inside == 0 && si->uid_map[0].outside == 0 &&
		       si->uid_map[0].count == UINT32_MAX;
	row_owned(ctx, "user", "uid_map", idmap_text(si->uid_map, si->nuid_map), NULL);
	row_owned(ctx, "user", "gid_map", idmap_text(si->gid_map, si->ngid_map), NULL);
	char detail[200];
	const char *verdict = idmap_verdict(si->uid_map, si->nuid_map, host, detail, sizeof(detail));
	row(ctx, "user", "verdict", verdict, detail[0] ? detail : NULL);
}

/* The root to compare with: the init of the process's pid namespace, or
 * kthreadd beside an unreadable host init. */
static bool reference_root(struct show_ctx *ctx, struct secinfo *ref_si, pid_t *ref_pid)
{
	struct process *init = secinfo_pidns_init(&ctx->m, ctx->p);
	struct process *cands[2] = { init, NULL };
	struct process *kthreadd = model_process(&ctx->m, 2);
	struct process *host_pid = secinfo_host_ref(&ctx->m, NS_PID);
	if (kthreadd && host_pid && ctx->p->ns_ino[NS_PID] == host_pid->ns_ino[NS_PID])
		cands[1] = kthreadd;
	const struct proc_status *st = &ctx->p->st;
	bool is_init = st->nspid_len > 0 && st->nspid[st->nspid_len - 1] == 1;
	for (int i = 0; i < 2; i++) {
		/* comparing a process with itself says nothing, unless it is
		 * the init */
		if (!cands[i] || (cands[i] == ctx->p && !is_init))
			continue;
		if (secinfo_load_process(&ctx->m.root[0], cands[i], SI_ROOT, ref_si) == 0 && ref_si->root_stat_known) {
			*ref_pid = cands[i]->pid;
			return true;
		}
		secinfo_free(ref_si);
	}
	return false;
}

static void root_rows(struct show_ctx *ctx, const struct secinfo *si)
{
	if (!(si->have & SI_ROOT) && process_is_zombie(ctx->p)) {
		row(ctx, "root", "directory", GONE, GONE_DETAIL);
		return;
	}
	if (!(si->have & SI_ROOT)) {
		row(ctx, "root", "directory", NULL, si->denied & SI_ROOT ? "permission denied" : "unreadable");
		return;
	}
	row(ctx, "root", "directory", si->root_path, "as seen from nsinspect's root");
	struct secinfo ref;
	pid_t ref_pid = 0;
	if (!si->root_stat_known || !reference_root(ctx, &ref, &ref_pid)) {
		row(ctx, "root", "chrooted", NULL, "the root of its pid namespace's init is unreadable");
		return;
	}
	bool same = ref.root_dev == si->root_dev && ref.root_ino == si->root_ino;
	if (ref_pid == ctx->p->pid)
		row(ctx, "root", "chrooted", "no", "it is its pid namespace's init");
	else if (same)
		row_owned(ctx, "root", "chrooted", xstrdup("no"),
			  xasprintf("same root as PID %d, the init of its pid namespace", (int)ref_pid));
	else
		row_owned(ctx, "root", "chrooted", xstrdup("yes"),
			  xasprintf("root differs from PID %d's (%s), the init of its pid namespace",
				    (int)ref_pid, ref.root_path));
	secinfo_free(&ref);
}

static void security_rows(struct show_ctx *ctx, const struct secinfo *si)
{
	const struct proc_status *st = &ctx->p->st;
	if (st->have & ST_NNP)
		row(ctx, "security", "no_new_privs", st->no_new_privs ? "1" : "0",
		    st->no_new_privs ? "execve cannot gain privileges (setuid, file caps)" : NULL);
	if (st->have & ST_SECCOMP) {
		const char *mode = seccomp_mode_name(st->seccomp);
		char *detail = NULL;
		if (st->seccomp == 2 && (st->have & ST_SECCOMP_FILTERS))
			detail = xasprintf("%d filter%s", st->seccomp_filters, st->seccomp_filters == 1 ? "" : "s");
		else if (st->seccomp == 1)
			detail = xstrdup("only read, write, _exit and sigreturn");
		row_owned(ctx, "security", "seccomp", xstrdup(mode), detail);
	}
	if (si->have & SI_LSM)
		row(ctx, "security", "lsm", si->lsm_label ? si->lsm_label : "none",
		    si->lsm_label ? NULL : "no LSM serves a label");
	else
		row(ctx, "security", "lsm", NULL, "permission denied");
	if (si->have & SI_OOM)
		row_owned(ctx, "security", "oom_score_adj", xasprintf("%d", si->oom_score_adj), NULL);
}

static void caps_rows(struct show_ctx *ctx, const struct secinfo *si)
{
	const uint64_t *caps = ctx->p->st.caps;
	if (!(ctx->p->st.have & ST_CAPS)) {
		row(ctx, "caps", "all", NULL, "unreadable");
		return;
	}
	static const enum cap_set order[] = { CAP_SET_EFF, CAP_SET_PRM, CAP_SET_INH, CAP_SET_BND, CAP_SET_AMB };
	for (size_t i = 0; i < ARRAY_SIZE(order); i++) {
		uint64_t mask = caps[order[i]];
		char *note = caps_set_note(mask, ctx->full, order[i] == CAP_SET_AMB);
		char *detail = note ? note : caps_mask_names(mask, ",");
		row_owned(ctx, "caps", cap_set_name(order[i]), xasprintf("%016llx", (unsigned long long)mask), detail);
	}
	uint64_t beyond = caps[CAP_SET_BND] & ~DOCKER_DEFAULT_CAPS;
	uint64_t lacking = DOCKER_DEFAULT_CAPS & ~caps[CAP_SET_BND];
	/* the bounding set is what a container was given */
	row_owned(ctx, "caps", "beyond-docker", xasprintf("%016llx", (unsigned long long)beyond),
		  caps_mask_names(beyond, ","));
	row_owned(ctx, "caps", "lacking-docker", xasprintf("%016llx", (unsigned long long)lacking),
		  caps_mask_names(lacking, ","));
	uint64_t held = caps[CAP_SET_PRM] | caps[CAP_SET_EFF] | caps[CAP_SET_AMB];
	uint64_t danger = 0;
	for (unsigned c = 0; c < 64; c++)
		if ((held & (UINT64_C(1) << c)) && caps_danger_reason(c))
			danger |= UINT64_C(1) << c;
	row_owned(ctx, "caps", "dangerous", xasprintf("%d", __builtin_popcountll(danger)),
		  caps_mask_names(danger, ","));
	if (si->file_caps)
		row(ctx, "caps", "file", si->file_caps, si->exe);
	else if (si->file_caps_stalled)
		row(ctx, "caps", "file", NULL, "not read: the executable's file system did not answer in 1 s");
}

/* One thread's differences from the main thread, in words. */
static char *thread_detail(struct show_ctx *ctx, const struct thread *t, unsigned d, unsigned ns_types)
{
	const struct proc_status *a = &ctx->p->st, *b = t->st;
	struct buf out = { 0 };
	char part[256];
	snprintf(part, sizeof(part), "%s:", t->comm[0] ? t->comm : "?");
	buf_append(&out, part, strlen(part));
	for (int k = 0; (d & TDIFF_CAPS) && k < CAP_NSETS; k++) {
		if (a->caps[k] == b->caps[k])
			continue;
		char *note = caps_set_note(b->caps[k], ctx->full, k == CAP_SET_AMB);
		snprintf(part, sizeof(part), " %s %016llx%s%s%s (main thread %016llx);", cap_set_name((enum cap_set)k),
			 (unsigned long long)b->caps[k], note ? " (" : "", note ? note : "", note ? ")" : "",
			 (unsigned long long)a->caps[k]);
		free(note);
		buf_append(&out, part, strlen(part));
	}
	if (d & TDIFF_IDS) {
		snprintf(part, sizeof(part),
			 " uids %u %u %u %u, gids %u %u %u %u (main thread uids %u %u %u %u, gids %u %u %u %u);",
			 b->uid[0], b->uid[1], b->uid[2], b->uid[3], b->gid[0], b->gid[1], b->gid[2], b->gid[3],
			 a->uid[0], a->uid[1], a->uid[2], a->uid[3], a->gid[0], a->gid[1], a->gid[2], a->gid[3]);
		buf_append(&out, part, strlen(part));
	}
	if (d & TDIFF_NNP) {
		snprintf(part, sizeof(part), " no_new_privs %d (main thread %d);", b->no_new_privs, a->no_new_privs);
		buf_append(&out, part, strlen(part));
	}
	if (d & TDIFF_SECCOMP) {
		const char *mb = seccomp_mode_name(b->seccomp), *ma = seccomp_mode_name(a->seccomp);
		if ((b->have & ST_SECCOMP_FILTERS) && (a->have & ST_SECCOMP_FILTERS))
			snprintf(part, sizeof(part), " seccomp %s, %d filter%s (main thread %s, %d);", mb,
				 b->seccomp_filters, b->seccomp_filters == 1 ? "" : "s", ma, a->seccomp_filters);
		else /* kernels before 5.9 do not count filters */
			snprintf(part, sizeof(part), " seccomp %s (main thread %s);", mb, ma);
		buf_append(&out, part, strlen(part));
	}
	for (int k = 0; k < NS_NTYPES; k++) {
		if (!(ns_types & (1u << k)))
			continue;
		snprintf(part, sizeof(part), " %s namespace %llu (main thread %llu);", ns_type_name((enum ns_type)k),
			 (unsigned long long)t->ns_ino[k], (unsigned long long)ctx->p->ns_ino[k]);
		buf_append(&out, part, strlen(part));
	}
	if (out.len && out.data[out.len - 1] == ';')
		out.data[--out.len] = '\0';
	return out.data;
}

/* Threads whose credentials, seccomp state or namespaces are not the
 * main thread's.  Linux keeps all of these per thread (capset(2), the raw
 * setuid(2) syscall, a filter loaded without TSYNC, unshare(2)), so a
 * process can keep privileges in one thread while its main thread, which
 * /proc/PID and every other tool show, looks tame. */
#define THREAD_ROWS_MAX 32

static void thread_rows(struct show_ctx *ctx)
{
	struct process *p = ctx->p;
	if (!process_has_other_threads(p) || process_is_zombie(p))
		return;
	model_load_thread_status(&ctx->m, p);
	size_t ndiff = 0, nread = 0;
	for (size_t i = 0; i < p->nthreads; i++) {
		unsigned ns_types;
		nread += p->threads[i].st != NULL;
		ndiff += thread_diff(p, &p->threads[i], &ns_types) != 0;
	}
	char *detail;
	if (!p->nthreads)
		detail = xstrdup(ctx->m.root->live ? "the other threads could not be listed"
						   : "the other threads are not in the captured tree");
	else if (!ndiff)
		detail = xasprintf("%s the main thread's capabilities, ids, no_new_privs, seccomp and "
				   "namespaces%s",
				   nread == p->nthreads ? "all with" : "those read have",
				   nread == p->nthreads ? "" : " (some could not be read)");
	else
		detail = xasprintf("%zu differ%s from the main thread%s", ndiff, ndiff == 1 ? "s" : "",
				   nread == p->nthreads ? "" : " (some could not be read)");
	row_owned(ctx, "threads", "count", xasprintf("%d", p->st.threads), detail);
	size_t shown = 0;
	for (size_t i = 0; i < p->nthreads; i++) {
		const struct thread *t = &p->threads[i];
		unsigned ns_types, d = thread_diff(p, t, &ns_types);
		if (!d)
			continue;
		if (shown++ == THREAD_ROWS_MAX) {
			row_owned(ctx, "threads", "more", xasprintf("%zu", ndiff - THREAD_ROWS_MAX),
				  xstrdup("threads that differ too, not listed"));
			break;
		}
		struct buf what = { 0 };
		static const struct {
			unsigned bit;
			const char *name;
		} kinds[] = { { TDIFF_CAPS, "caps" }, { TDIFF_IDS, "ids" }, { TDIFF_NNP, "no_new_privs" },
			      { TDIFF_SECCOMP, "seccomp" }, { TDIFF_NS, "namespaces" } };
		for (size_t k = 0; k < ARRAY_SIZE(kinds); k++) {
			if (!(d & kinds[k].bit))
				continue;
			if (what.len)
				buf_append(&what, ",", 1);
			buf_append(&what, kinds[k].name, strlen(kinds[k].name));
		}
		char tid[24];
		snprintf(tid, sizeof(tid), "%d", (int)t->tid);
		row_owned(ctx, "threads", tid, what.data, thread_detail(ctx, t, d, ns_types));
	}
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	struct show_opts o = { 0 };
	struct show_ctx ctx = { .o = &o };
	int rc = parse_show_args(cli, argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (o.list_columns) {
		columns_print_help(stdout, infos, ARRAY_SIZE(infos));
		return 0;
	}
	static const int defaults[] = { COL_SECTION, COL_NAME, COL_VALUE, COL_DETAIL };
	if (columns_select(infos, ARRAY_SIZE(infos), defaults, ARRAY_SIZE(defaults), &o.out, &ctx.cols) < 0)
		return EXIT_USAGE;

	/* Every process: to tell who shares each namespace. */
	int err = model_scan(&ctx.m, &cli->root, WANT_STATUS | WANT_NS);
	if (err) {
		error_msg("cannot read %s/proc: %s", cli->root.shown, strerror(-err));
		return 1;
	}
	ctx.p = model_process(&ctx.m, o.pid);
	if (!ctx.p || !model_load(&ctx.m, ctx.p, WANT_CMDLINE | WANT_CGROUP)) {
		sysroot_error_no_process(&cli->root, o.pid);
		model_free(&ctx.m);
		return 1;
	}
	if (ctx.p->unknown & WANT_STATUS) {
		error_msg("cannot read PID %d: %s", (int)o.pid,
			  cli->root.live ? "permission denied" : "its status is not in the captured tree");
		model_free(&ctx.m);
		return 1;
	}
	ctx.full = caps_full_set(secinfo_cap_last_cap(&cli->root));
	struct secinfo si;
	if (secinfo_load_process(&cli->root, ctx.p, SI_LSM | SI_IDMAPS | SI_ROOT | SI_OOM | SI_FILECAPS, &si) < 0) {
		error_msg("no process with PID %d", (int)o.pid);
		model_free(&ctx.m);
		return 1;
	}

	ctx.tb = table_new(&o.out, "show");
	table_add_columns(ctx.tb, infos, &ctx.cols, &o.out, -1);
	process_rows(&ctx);
	namespace_rows(&ctx);
	cgroup_rows(&ctx);
	user_rows(&ctx, &si);
	root_rows(&ctx, &si);
	security_rows(&ctx, &si);
	caps_rows(&ctx, &si);
	thread_rows(&ctx);
	rc = table_print(ctx.tb) < 0 ? 1 : 0;
	/* as the other commands: one warning when something is unknown
	 * (another user's process, or the processes that tell the host's
	 * namespaces, could not be read), or /proc hides some */
	if (ctx.m.others_hidden || (ctx.unknowns && ctx.m.denied))
		model_warn_denied(&ctx.m);
	else if (ctx.unknowns && !ctx.m.root->live)
		warn_msg("PID %d is not wholly in the captured tree; what is missing shows as '?'",
			 (int)o.pid);
	else if (ctx.unknowns)
		warn_msg("PID %d could not be fully read (permission denied); "
			 "what is missing shows as '?'", (int)o.pid);
	scols_unref_table(ctx.tb);
	secinfo_free(&si);
	model_free(&ctx.m);
	users_free();
	return rc;
}
