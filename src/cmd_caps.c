/* nsinspect caps: the five capability sets of processes, decoded, compared
 * with Docker's default set, with the ones that hand over the host flagged;
 * `caps -a` lists the processes with unusual sets, like pscap(8); and
 * `caps --decode HEX` prints what capsh --decode prints. */
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

/* caps PID...: one row per set (and per finding) of each process. */
/* CAPS, the long one, last (as COMMAND in lsns and ps), and CAPS and NOTE
 * wrapped on a terminal: no row is padded to the longest list, which had
 * made three quarters of the output spaces. */
enum { COL_PID, COL_COMMAND, COL_CONTAINER, COL_SET, COL_HEX, COL_COUNT, COL_NOTE, COL_CAPS };

static const struct colinfo infos[] = {
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "process ID" },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "command name of the process" },
	[COL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING, "container of the process (runtime:short id)" },
	[COL_SET] = { "SET", 0, 0, SCOLS_JSON_STRING, "inheritable, permitted, effective, bounding, ambient, file, beyond-docker, lacking-docker, danger or threads" },
	[COL_HEX] = { "HEX", 16, 0, SCOLS_JSON_STRING, "the set as a raw hex mask" },
	[COL_COUNT] = { "COUNT", 3, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "number of capabilities in the set" },
	[COL_NOTE] = { "NOTE", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING, "what the row means: full set, Docker's default, why a capability is dangerous", ' ' },
	[COL_CAPS] = { "CAPS", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING, "capability names (numbers for bits libcap does not know)", ',' },
};

/* caps -a: one row per process whose sets are not plain root / plain user. */
enum {
	ACOL_PPID, ACOL_PID, ACOL_UID, ACOL_USER, ACOL_COMMAND, ACOL_CONTAINER, ACOL_PERMITTED,
	ACOL_EFFECTIVE, ACOL_INHERITABLE, ACOL_BOUNDING, ACOL_AMBIENT, ACOL_CAPINH, ACOL_CAPPRM,
	ACOL_CAPEFF, ACOL_CAPBND, ACOL_CAPAMB, ACOL_MARKS,
};

static const struct colinfo all_infos[] = {
	[ACOL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent process ID" },
	[ACOL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "process ID" },
	[ACOL_UID] = { "UID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "effective user ID" },
	[ACOL_USER] = { "USER", 0, 0, SCOLS_JSON_STRING, "effective user name" },
	[ACOL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "command name of the process" },
	[ACOL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING, "container of the process (runtime:short id)" },
	[ACOL_PERMITTED] = { "PERMITTED", 0, 0, SCOLS_JSON_STRING, "permitted capabilities" },
	[ACOL_EFFECTIVE] = { "EFFECTIVE", 0, 0, SCOLS_JSON_STRING, "effective capabilities" },
	[ACOL_INHERITABLE] = { "INHERITABLE", 0, 0, SCOLS_JSON_STRING, "inheritable capabilities" },
	[ACOL_BOUNDING] = { "BOUNDING", 0, 0, SCOLS_JSON_STRING, "bounding set" },
	[ACOL_AMBIENT] = { "AMBIENT", 0, 0, SCOLS_JSON_STRING, "ambient capabilities" },
	[ACOL_CAPINH] = { "CAPINH", 16, 0, SCOLS_JSON_STRING, "inheritable set, hex" },
	[ACOL_CAPPRM] = { "CAPPRM", 16, 0, SCOLS_JSON_STRING, "permitted set, hex" },
	[ACOL_CAPEFF] = { "CAPEFF", 16, 0, SCOLS_JSON_STRING, "effective set, hex" },
	[ACOL_CAPBND] = { "CAPBND", 16, 0, SCOLS_JSON_STRING, "bounding set, hex" },
	[ACOL_CAPAMB] = { "CAPAMB", 16, 0, SCOLS_JSON_STRING, "ambient set, hex" },
	[ACOL_MARKS] = { "MARKS", 0, 0, SCOLS_JSON_STRING, "@ ambient caps, + reduced bounding set, * in a user namespace other than the host's, ~ a thread whose sets are not its main thread's (--threads)" },
};


struct caps_opts {
	struct outopts out;
	bool all;
	bool threads; /* -a: also the threads whose sets are not their main thread's */
	bool list_columns;
	const char *decode;
	pid_t *pids;
	size_t npids;
};

struct caps_ctx {
	struct model m;
	struct caps_opts *o;
	struct columns cols;
	struct libscols_table *tb;
	uint64_t full;
	int last_cap;
	uint64_t host_userns;
};

static void print_caps_help(void)
{
	printf("Usage:\n"
	       " nsinspect caps [options] <pid>...\n"
	       " nsinspect caps -a [options]\n"
	       " nsinspect caps --decode <hex>\n"
	       "\n"
	       "Show the capability sets of processes by name, compared with Docker's default\n"
	       "set, with the capabilities that hand over the host flagged, and the file\n"
	       "capabilities of their executables.\n"
	       "\n"
	       "Options:\n"
	       " -a, --all              list every process whose capabilities are not the plain\n"
	       "                        root or plain user set (like pscap)\n"
	       "     --threads          with -a, also each thread whose sets are not its\n"
	       "                        main thread's (a row of its own, marked ~)\n"
	       " -d, --decode <hex>     print what 'capsh --decode=<hex>' prints\n"
	       OUTPUT_OPTIONS_HELP
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Columns for <pid>...:\n");
	columns_print_help(stdout, infos, ARRAY_SIZE(infos));
	printf("\nColumns for -a:\n");
	columns_print_help(stdout, all_infos, ARRAY_SIZE(all_infos));
}

enum { OPT_THREADS = 0x2300 };

static int parse_caps_args(struct cli *cli, int argc, char **argv, struct caps_opts *o)
{
	static const struct option longopts[] = {
		OUTPUT_LONGOPTS,
		{ "all", no_argument, NULL, 'a' },
		{ "threads", no_argument, NULL, OPT_THREADS },
		{ "decode", required_argument, NULL, 'd' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":" OUTPUT_SHORTOPTS "ad:Hh", longopts, NULL)) != -1) {
		if (outopts_apply(&o->out, c, optarg))
			continue;
		switch (c) {
		case 'a': o->all = true; break;
		case OPT_THREADS: o->threads = true; break;
		case 'd': o->decode = optarg; break;
		case 'H': o->list_columns = true; break;
		case 'h': print_caps_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (o->list_columns)
		return 0;
	if (o->decode) {
		if (optind < argc || o->all) {
			usage_error("--decode takes one mask and nothing else");
			return -1;
		}
		return 0;
	}
	if (o->threads && !o->all) {
		usage_error("--threads goes with --all (caps PID lists the threads that differ)");
		return -1;
	}
	if (o->all && optind < argc) {
		usage_error("--all takes no PID");
		return -1;
	}
	if (!o->all && optind >= argc) {
		usage_error("no PID given (or use --all or --decode)");
		return -1;
	}
	o->pids = xcalloc((size_t)(argc - optind) + 1, sizeof(*o->pids));
	for (int i = optind; i < argc; i++) {
		if (!pid_arg_or_usage(argv[i], &o->pids[o->npids]))
			return -1;
		o->npids++;
	}
	return 0;
}

static int do_decode(const char *arg)
{
	uint64_t mask;
	if (!caps_parse_hex(arg, &mask)) {
		char *e = str_escape(arg, strlen(arg));
		usage_error("invalid capability mask: '%s' (1 to 16 hex digits)", e);
		free(e);
		return EXIT_USAGE;
	}
	char *s = caps_capsh_decode(mask);
	puts(s);
	free(s);
	return 0;
}

static struct libscols_line *new_line(struct libscols_table *tb)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	if (!ln) {
		error_msg("cannot create output line");
		exit(1);
	}
	return ln;
}

/* Names of a mask for a cell, comma-separated.  (A JSON array would be
 * nicer, but libsmartcols 2.38 prints an empty one as [null].) */
static char *names_cell(const struct outopts *o, uint64_t mask)
{
	(void)o;
	return caps_mask_names(mask, ",");
}

static void set_hex(struct libscols_line *ln, size_t i, uint64_t mask)
{
	cell_set_owned(ln, i, xasprintf("%016llx", (unsigned long long)mask));
}

static int popcount64(uint64_t v)
{
	return __builtin_popcountll(v);
}

/* One row of p, or of its thread tid (0: the process); text columns come
 * from the arguments, the rest stays empty. */
static void add_row_of(struct caps_ctx *ctx, struct process *p, const struct thread *t, const char *set,
		       const uint64_t *mask, char *caps_owned, const char *note)
{
	struct libscols_line *ln = new_line(ctx->tb);
	for (size_t i = 0; i < ctx->cols.n; i++) {
		switch (ctx->cols.id[i]) {
		case COL_PID: cell_set_int(ln, i, t ? t->tid : p->pid); break;
		case COL_COMMAND: cell_set(ln, i, t ? t->comm : p->st.name); break;
		case COL_CONTAINER:
			if (p->in_container) {
				char label[128];
				container_label(p->container, label, sizeof(label));
				cell_set(ln, i, label);
			}
			break;
		case COL_SET: scols_line_set_data(ln, i, set); break;
		case COL_HEX:
			if (mask)
				set_hex(ln, i, *mask);
			break;
		case COL_COUNT:
			if (mask)
				cell_set_int(ln, i, popcount64(*mask));
			break;
		case COL_CAPS:
			/* libcap's names and numbers: clean text; file caps text
			 * comes from cap_to_text, also clean, but escape it anyway */
			if (caps_owned && !strcmp(set, "file"))
				cell_set(ln, i, caps_owned);
			else
				cell_set_owned(ln, i, xstrdup(caps_owned ? caps_owned : ""));
			break;
		case COL_NOTE: cell_set(ln, i, note); break;
		}
	}
	free(caps_owned);
}

static void add_row(struct caps_ctx *ctx, struct process *p, const char *set, const uint64_t *mask,
		    char *caps_owned, const char *note)
{
	add_row_of(ctx, p, NULL, set, mask, caps_owned, note);
}

#define THREAD_ROWS_MAX 32

/* What a set of sets holds now (permitted, which covers effective, and
 * ambient), not what a later execve could give it. */
static uint64_t caps_held(const uint64_t *caps)
{
	return caps[CAP_SET_PRM] | caps[CAP_SET_EFF] | caps[CAP_SET_AMB];
}

/* A danger row for each capability of held that hands over the host, as
 * p's or its thread t's. */
static void add_danger_rows(struct caps_ctx *ctx, struct process *p, const struct thread *t, uint64_t held)
{
	for (unsigned cap = 0; cap < 64; cap++) {
		const char *why = caps_danger_reason(cap);
		uint64_t bit = UINT64_C(1) << cap;
		if (why && (held & bit))
			add_row_of(ctx, p, t, "danger", &bit, caps_name(cap), why);
	}
}

/* Whether thread t's sets were read and are not its main thread's. */
static bool thread_caps_differ(const struct process *p, const struct thread *t)
{
	unsigned ns_types;
	return thread_diff(p, t, &ns_types) & TDIFF_CAPS;
}

/* The sets of p's other threads that are not its main thread's: each
 * thread has its own (capset(2) changes the caller's only), and /proc/PID
 * shows the main thread's.  The PID column holds the thread's ID, which
 * is what getpcaps or /proc/TID take for that thread. */
static void add_thread_rows(struct caps_ctx *ctx, struct process *p)
{
	if (!process_has_other_threads(p))
		return;
	model_load_thread_status(&ctx->m, p);
	/* p is the thread given when caps was given a thread ID */
	pid_t tgid = process_tgid(p);
	char unlike[64];
	if (tgid == p->pid)
		snprintf(unlike, sizeof(unlike), "its main thread");
	else
		snprintf(unlike, sizeof(unlike), "thread %d", (int)p->pid);
	size_t shown = 0, more = 0;
	for (size_t i = 0; i < p->nthreads; i++) {
		const struct thread *t = &p->threads[i];
		if (!thread_caps_differ(p, t))
			continue;
		/* a process may make thousands: the first ones, then a count */
		if (shown == THREAD_ROWS_MAX) {
			more++;
			continue;
		}
		shown++;
		char note[256];
		for (int s = 0; s < CAP_NSETS; s++) {
			if (t->st->caps[s] == p->st.caps[s])
				continue;
			char *full = caps_set_note(t->st->caps[s], ctx->full, s == CAP_SET_AMB);
			snprintf(note, sizeof(note), "%s of PID %d, unlike %s%s%s",
				 t->tid == tgid ? "main thread" : "thread", (int)tgid, unlike, full ? ": " : "",
				 full ? full : "");
			free(full);
			add_row_of(ctx, p, t, cap_set_name((enum cap_set)s), &t->st->caps[s],
				   names_cell(&ctx->o->out, t->st->caps[s]), note);
		}
		/* dangerous ones the thread holds and the main thread does not */
		add_danger_rows(ctx, p, t, caps_held(t->st->caps) & ~caps_held(p->st.caps));
	}
	if (more) {
		char note[160];
		snprintf(note, sizeof(note), "%zu more threads of PID %d have other sets than its main thread, "
			 "not listed", more, (int)p->pid);
		add_row(ctx, p, "threads", NULL, NULL, note);
	}
}

static void add_process_rows(struct caps_ctx *ctx, struct process *p)
{
	const struct outopts *out = &ctx->o->out;
	const uint64_t *caps = p->st.caps;

	if (columns_has(&ctx->cols, COL_CONTAINER)) /* the cgroup tells the container */
		model_load(&ctx->m, p, WANT_CGROUP);
	for (int s = 0; s < CAP_NSETS; s++) {
		char *note = caps_set_note(caps[s], ctx->full, s == CAP_SET_AMB);
		add_row(ctx, p, cap_set_name((enum cap_set)s), &caps[s], names_cell(out, caps[s]), note);
		free(note);
	}

	struct secinfo si;
	if (secinfo_load_process(&ctx->m.root[0], p, SI_FILECAPS, &si) == 0 && si.exe) {
		if (si.file_caps) {
			char note[4200];
			if (si.file_caps_rootid_known)
				snprintf(note, sizeof(note), "%s (namespaced: for root uid %u)", si.exe,
					 si.file_caps_rootid);
			else
				snprintf(note, sizeof(note), "%s", si.exe);
			add_row(ctx, p, "file", NULL, xstrdup(si.file_caps), note);
		} else if (si.have & SI_FILECAPS) {
			char note[4200];
			snprintf(note, sizeof(note), "%s: no file capabilities", si.exe);
			add_row(ctx, p, "file", NULL, NULL, note);
		} else if (si.denied & SI_FILECAPS) {
			add_row(ctx, p, "file", NULL, NULL, "executable unreadable (permission denied)");
		} else if (si.file_caps_stalled) {
			char note[4200];
			snprintf(note, sizeof(note), "%s: not read, its file system did not answer in 1 s",
				 si.exe);
			add_row(ctx, p, "file", NULL, NULL, note);
		}
	}
	secinfo_free(&si);

	/* The bounding set is what a container was given: its root gets
	 * every one of them back at the next execve. */
	uint64_t beyond = caps[CAP_SET_BND] & ~DOCKER_DEFAULT_CAPS;
	uint64_t lacking = DOCKER_DEFAULT_CAPS & ~caps[CAP_SET_BND];
	add_row(ctx, p, "beyond-docker", &beyond, names_cell(out, beyond),
		"bounding set beyond Docker's default");
	add_row(ctx, p, "lacking-docker", &lacking, names_cell(out, lacking),
		"Docker's default caps not in the bounding set");

	/* Dangerous: what it holds now, not what a later execve could give it. */
	add_danger_rows(ctx, p, NULL, caps_held(caps));
	add_thread_rows(ctx, p);
}

static bool in_host_userns(const struct caps_ctx *ctx, const struct process *p)
{
	return !ctx->host_userns || !p->ns_ino[NS_USER] || p->ns_ino[NS_USER] == ctx->host_userns;
}

/* One row of caps -a: process p, or its thread t (NULL: the process),
 * whose PPID column holds the process. */
static void add_all_row(struct caps_ctx *ctx, struct process *p, const struct thread *t)
{
	const struct outopts *out = &ctx->o->out;
	const struct proc_status *st = t ? t->st : &p->st;
	const uint64_t *caps = st->caps;
	struct libscols_line *ln = new_line(ctx->tb);

	for (size_t i = 0; i < ctx->cols.n; i++) {
		int id = ctx->cols.id[i];
		switch (id) {
		case ACOL_PPID: cell_set_int(ln, i, t ? p->pid : p->ppid); break;
		case ACOL_PID: cell_set_int(ln, i, t ? t->tid : p->pid); break;
		case ACOL_UID: cell_set_u64(ln, i, st->uid[1]); break;
		case ACOL_USER: {
			const char *name = user_name(&ctx->m.root[0], st->uid[1]);
			if (name)
				cell_set(ln, i, name);
			else
				cell_set_u64(ln, i, st->uid[1]);
			break;
		}
		case ACOL_COMMAND: cell_set(ln, i, t ? t->comm : p->st.name); break;
		case ACOL_CONTAINER:
			if (p->in_container) {
				char label[128];
				container_label(p->container, label, sizeof(label));
				cell_set(ln, i, label);
			}
			break;
		case ACOL_PERMITTED:
		case ACOL_EFFECTIVE:
		case ACOL_INHERITABLE:
		case ACOL_BOUNDING:
		case ACOL_AMBIENT: {
			static const enum cap_set which[] = { CAP_SET_PRM, CAP_SET_EFF, CAP_SET_INH, CAP_SET_BND, CAP_SET_AMB };
			uint64_t mask = caps[which[id - ACOL_PERMITTED]];
			/* a table stays readable: "full" or "full but cap_x";
			 * raw and JSON keep the exact names for scripts */
			uint64_t missing = ctx->full & ~mask;
			if (!out->json && !out->raw && mask && !(mask & ~ctx->full) && popcount64(missing) <= 3) {
				char *names = caps_mask_names(missing, ",");
				cell_set_owned(ln, i, missing ? xasprintf("full but %s", names) : xstrdup("full"));
				free(names);
			} else {
				cell_set_owned(ln, i, names_cell(out, mask));
			}
			break;
		}
		case ACOL_CAPINH: set_hex(ln, i, caps[CAP_SET_INH]); break;
		case ACOL_CAPPRM: set_hex(ln, i, caps[CAP_SET_PRM]); break;
		case ACOL_CAPEFF: set_hex(ln, i, caps[CAP_SET_EFF]); break;
		case ACOL_CAPBND: set_hex(ln, i, caps[CAP_SET_BND]); break;
		case ACOL_CAPAMB: set_hex(ln, i, caps[CAP_SET_AMB]); break;
		case ACOL_MARKS: {
			char marks[8];
			size_t k = 0;
			if (caps[CAP_SET_AMB])
				marks[k++] = '@';
			if (caps[CAP_SET_BND] != ctx->full)
				marks[k++] = '+';
			if (!in_host_userns(ctx, p))
				marks[k++] = '*';
			if (t)
				marks[k++] = '~';
			marks[k] = '\0';
			cell_set(ln, i, marks);
			break;
		}
		}
	}
}

static int list_all(struct caps_ctx *ctx)
{
	for (size_t i = 0; i < ctx->m.nprocs; i++) {
		struct process *p = ctx->m.procs[i];
		/* kernel threads hold every capability and never use them for a user */
		if ((p->unknown & WANT_STATUS) || !(p->st.have & ST_CAPS) || process_is_kernel_thread(p))
			continue;
		bool listed = caps_classify(p->st.caps, p->st.uid[1], ctx->full, in_host_userns(ctx, p)) ==
			      CAPS_PARTIAL;
		if (listed && columns_has(&ctx->cols, ACOL_CONTAINER))
			model_load(&ctx->m, p, WANT_CGROUP);
		if (listed)
			add_all_row(ctx, p, NULL);
		if (!ctx->o->threads || !process_has_other_threads(p))
			continue;
		/* each thread has its own sets: a plain main thread may have
		 * one that kept what it dropped */
		model_load_thread_status(&ctx->m, p);
		for (size_t k = 0; k < p->nthreads; k++) {
			const struct thread *t = &p->threads[k];
			if (!thread_caps_differ(p, t))
				continue;
			if (!listed && columns_has(&ctx->cols, ACOL_CONTAINER))
				model_load(&ctx->m, p, WANT_CGROUP);
			add_all_row(ctx, p, t);
		}
	}
	return 0;
}

int cmd_caps(struct cli *cli, int argc, char **argv)
{
	struct caps_opts o = { 0 };
	struct caps_ctx ctx = { .o = &o };
	int rc = parse_caps_args(cli, argc, argv, &o);

	if (rc) {
		free(o.pids);
		return rc < 0 ? EXIT_USAGE : 0;
	}
	if (o.list_columns) {
		columns_print_help(stdout, o.all ? all_infos : infos, o.all ? ARRAY_SIZE(all_infos) : ARRAY_SIZE(infos));
		return 0;
	}
	if (o.decode)
		return do_decode(o.decode);

	static const int defaults[] = { COL_PID, COL_SET, COL_HEX, COL_NOTE, COL_CAPS };
	/* the long column last, as lsns does with COMMAND: no padding after it */
	static const int all_defaults[] = { ACOL_PPID, ACOL_PID, ACOL_USER, ACOL_COMMAND, ACOL_MARKS, ACOL_PERMITTED };
	if (o.all)
		rc = columns_select(all_infos, ARRAY_SIZE(all_infos), all_defaults, ARRAY_SIZE(all_defaults), &o.out, &ctx.cols);
	else
		rc = columns_select(infos, ARRAY_SIZE(infos), defaults, ARRAY_SIZE(defaults), &o.out, &ctx.cols);
	if (rc < 0) {
		free(o.pids);
		return EXIT_USAGE;
	}

	if (o.all) {
		int err = model_scan(&ctx.m, &cli->root, WANT_STATUS | WANT_NS_USER);
		if (err) {
			error_msg("cannot read %s/proc: %s", cli->root.shown, strerror(-err));
			free(o.pids);
			return 1;
		}
	} else {
		/* Only the PIDs asked about, and PIDs 1 and 2 that tell which
		 * user namespace is the host's. */
		pid_t *want_pids = xcalloc(o.npids + 2, sizeof(*want_pids));
		want_pids[0] = 1;
		want_pids[1] = 2;
		memcpy(want_pids + 2, o.pids, o.npids * sizeof(*want_pids));
		model_scan_pids(&ctx.m, &cli->root, WANT_STATUS | WANT_NS_USER, want_pids, o.npids + 2);
		free(want_pids);
	}
	ctx.last_cap = secinfo_cap_last_cap(&cli->root);
	ctx.full = caps_full_set(ctx.last_cap);
	struct process *ref = secinfo_host_ref(&ctx.m, NS_USER);
	ctx.host_userns = ref ? ref->ns_ino[NS_USER] : 0;

	ctx.tb = table_new(&o.out, o.all ? "processes" : "caps");
	if (o.all) {
		table_add_columns(ctx.tb, all_infos, &ctx.cols, &o.out, -1);
		list_all(&ctx);
		model_warn_denied(&ctx.m);
	} else {
		table_add_columns(ctx.tb, infos, &ctx.cols, &o.out, -1);
		for (size_t i = 0; i < o.npids; i++) {
			struct process *p = model_process(&ctx.m, o.pids[i]);
			if (!p) {
				sysroot_error_no_process(&cli->root, o.pids[i]);
				rc = 1;
			} else if ((p->unknown & WANT_STATUS) || !(p->st.have & ST_CAPS)) {
				error_msg("cannot read the capabilities of PID %d", (int)o.pids[i]);
				rc = 1;
			} else {
				add_process_rows(&ctx, p);
			}
		}
	}
	if (table_print(ctx.tb) < 0)
		rc = 1;
	scols_unref_table(ctx.tb);
	model_free(&ctx.m);
	users_free();
	free(o.pids);
	return rc;
}
