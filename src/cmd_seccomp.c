/* nsinspect seccomp PID: the process's seccomp filters read with ptrace
 * and decoded per architecture and syscall: what each syscall gets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "cli.h"
#include "commands.h"
#include "model.h"
#include "output.h"
#include "seccomp_eval.h"
#include "seccomp_read.h"
#include "util.h"

enum { COL_ARCH, COL_NR, COL_SYSCALL, COL_ACTION, COL_VERDICT };

static const struct colinfo infos[] = {
	[COL_ARCH] = { "ARCH", 0, 0, SCOLS_JSON_STRING, "architecture the filter sees (x86_64, x32, i386)" },
	[COL_NR] = { "NR", 4, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "syscall number (without the x32 bit)" },
	[COL_SYSCALL] = { "SYSCALL", 0, 0, SCOLS_JSON_STRING, "syscall name from libseccomp (the number when it has none)" },
	[COL_ACTION] = { "ACTION", 0, 0, SCOLS_JSON_STRING, "what the filters return: ALLOW, ERRNO(EPERM), ... or conditional {...}" },
	[COL_VERDICT] = { "VERDICT", 0, 0, SCOLS_JSON_STRING, "allowed, blocked or conditional" },
};

/* The NR of the per-arch default row in JSON: none. */
#define NO_NR UINT32_MAX

struct seccomp_opts {
	struct outopts out;
	bool all;
	bool list_columns;
	pid_t pid;
};

static void print_seccomp_help(void)
{
	printf("Usage:\n"
	       " nsinspect seccomp [options] <pid>\n"
	       "\n"
	       "Read the seccomp filters of a process (ptrace, detached at once) and show\n"
	       "what each syscall gets on x86_64, x32 and i386, with arguments unknown.\n"
	       "\n"
	       "Options:\n"
	       " -a, --all              every syscall, not only the blocked and conditional ones\n"
	       OUTPUT_OPTIONS_HELP
	       COLUMNS_HELP_OPTIONS_HELP
	       "\n"
	       "Available output columns:\n");
	columns_print_help(stdout, infos, ARRAY_SIZE(infos));
}

static int parse_seccomp_args(struct cli *cli, int argc, char **argv, struct seccomp_opts *o)
{
	static const struct option longopts[] = {
		OUTPUT_LONGOPTS,
		{ "all", no_argument, NULL, 'a' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->out = cli->out;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":" OUTPUT_SHORTOPTS "aHh", longopts, NULL)) != -1) {
		if (outopts_apply(&o->out, c, optarg))
			continue;
		switch (c) {
		case 'a': o->all = true; break;
		case 'H': o->list_columns = true; break;
		case 'h': print_seccomp_help(); return 1;
		default: getopt_error(c, argv, longopts); return -1;
		}
	}
	if (o->list_columns)
		return 0;
	return one_pid_operand(argc, argv, "seccomp", &o->pid);
}

static void add_row(struct libscols_table *tb, const struct columns *cols, const struct seccomp_arch *a,
		    uint32_t nr, const char *name, const struct bpf_outcomes *o)
{
	struct libscols_line *ln = scols_table_new_line(tb, NULL);
	if (!ln) {
		error_msg("cannot create output line");
		exit(1);
	}
	for (size_t i = 0; i < cols->n; i++) {
		switch (cols->id[i]) {
		case COL_ARCH: scols_line_set_data(ln, i, a->name); break;
		case COL_NR:
			if (nr != NO_NR)
				cell_set_u64(ln, i, nr);
			break;
		case COL_SYSCALL:
			if (name)
				cell_set(ln, i, name);
			else
				cell_set_u64(ln, i, nr);
			break;
		case COL_ACTION: cell_set_owned(ln, i, bpf_outcomes_text(o)); break;
		case COL_VERDICT: scols_line_set_data(ln, i, seccomp_verdict_names[seccomp_verdict_of(o)]); break;
		}
	}
}

/* What is read below is one thread's: a filter loaded without TSYNC
 * binds its thread only, and /proc/PID shows the main thread.  Says so
 * when another thread's mode or filter count is not the main one's. */
static void warn_other_threads(struct model *m, struct process *p)
{
	if (!process_has_other_threads(p))
		return;
	model_load_thread_status(m, p);
	const struct thread *first = NULL;
	size_t n = 0;
	for (size_t i = 0; i < p->nthreads; i++) {
		unsigned ns_types;
		if (thread_diff(p, &p->threads[i], &ns_types) & TDIFF_SECCOMP) {
			if (!first)
				first = &p->threads[i];
			n++;
		}
	}
	if (!first)
		return;
	char more[64] = "";
	if (n > 1)
		snprintf(more, sizeof(more), " (and %zu other threads)", n - 1);
	char filters[32] = ""; /* kernels before 5.9 do not count them */
	if (first->st->have & ST_SECCOMP_FILTERS)
		snprintf(filters, sizeof(filters), ", %d filter%s", first->st->seccomp_filters,
			 first->st->seccomp_filters == 1 ? "" : "s");
	warn_msg("thread %d of process %d has another seccomp state (%s%s)%s: "
		 "nsinspect seccomp %d reads it", (int)first->tid, (int)process_tgid(p),
		 seccomp_mode_name(first->st->seccomp), filters, more, (int)first->tid);
}

static int report(struct seccomp_opts *o, const struct columns *cols, const struct seccomp_prog *progs,
		  size_t n)
{
	struct libscols_table *tb = table_new(&o->out, "syscalls");
	table_add_columns(tb, infos, cols, &o->out, -1);
	size_t insns = 0;
	for (size_t i = 0; i < n; i++)
		insns += progs[i].len;
	/* Raw output is for scripts, like JSON: one line per row, so no
	 * summary lines; the default is a row of its own. */
	bool summary = !o->out.json && !o->out.raw;
	if (summary)
		printf("PID %d: seccomp filter mode, %zu filter%s, %zu instructions\n", (int)o->pid, n,
		       n == 1 ? "" : "s", insns);
	struct bpf_outcomes *res = xcalloc(SECCOMP_MAX_NR, sizeof(*res));
	for (size_t ai = 0; ai < seccomp_narches; ai++) {
		const struct seccomp_arch *a = &seccomp_arches[ai];
		struct bpf_outcomes def;
		size_t count[3] = { 0 };
		char *names[SECCOMP_MAX_NR];
		bool uniform = true; /* every syscall gets the default: the arch is refused */
		seccomp_eval_stack(progs, n, a, SECCOMP_UNUSED_NR, &def);
		for (uint32_t nr = 0; nr < SECCOMP_MAX_NR; nr++) {
			seccomp_eval_stack(progs, n, a, nr, &res[nr]);
			names[nr] = seccomp_syscall_name(a, nr);
			if (names[nr])
				count[seccomp_verdict_of(&res[nr])]++;
			if (!seccomp_same_outcomes(&res[nr], &def))
				uniform = false;
		}
		for (uint32_t nr = 0; nr < SECCOMP_MAX_NR; nr++) {
			bool shown = o->all || (!uniform && seccomp_verdict_of(&res[nr]) != SV_ALLOWED);
			if ((names[nr] || !seccomp_same_outcomes(&res[nr], &def)) && shown)
				add_row(tb, cols, a, nr, names[nr], &res[nr]);
			free(names[nr]);
		}
		/* JSON and raw output have no summary line: the default is a
		 * row of its own, syscall "*" and no number */
		if (!summary)
			add_row(tb, cols, a, NO_NR, "*", &def);
		if (summary) {
			char *d = bpf_outcomes_text(&def);
			/* one action for all: a refused arch, or (ALLOW, LOG) a
			 * filter that never looks at this arch's syscalls, as
			 * one with no arch check lets x32 through */
			enum seccomp_verdict v = seccomp_verdict_of(&def);
			if (uniform)
				printf("%s: every syscall gets %s%s\n", a->name, d,
				       v == SV_ALLOWED ? " (the filter tells none apart)" :
				       v == SV_BLOCKED ? " (the filter refuses this arch)" : "");
			else
				printf("%s: %zu allowed, %zu blocked, %zu conditional; default %s\n", a->name,
				       count[SV_ALLOWED], count[SV_BLOCKED], count[SV_CONDITIONAL], d);
			free(d);
		}
	}
	free(res);
	if (bpf_eval_budget_spent())
		warn_msg("the filters fork on unknown values more than nsinspect follows "
			 "(%ld million steps); outcomes left unfinished show as '?'", BPF_TOTAL_STEPS / 1000000);
	if (summary)
		fflush(stdout);
	int rc = table_print(tb) < 0 ? 1 : 0;
	scols_unref_table(tb);
	return rc;
}

int cmd_seccomp(struct cli *cli, int argc, char **argv)
{
	struct seccomp_opts o = { 0 };
	struct columns cols;
	int rc = parse_seccomp_args(cli, argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_USAGE : 0;
	if (o.list_columns) {
		columns_print_help(stdout, infos, ARRAY_SIZE(infos));
		return 0;
	}
	static const int defaults[] = { COL_ARCH, COL_NR, COL_SYSCALL, COL_ACTION };
	if (columns_select(infos, ARRAY_SIZE(infos), defaults, ARRAY_SIZE(defaults), &o.out, &cols) < 0)
		return EXIT_USAGE;

	struct model m;
	model_scan_pids(&m, &cli->root, WANT_STATUS, &o.pid, 1);
	struct process *p = model_process(&m, o.pid);
	if (!p) {
		sysroot_error_no_process(&cli->root, o.pid);
		model_free(&m);
		return 1;
	}
	if ((p->unknown & WANT_STATUS) || !(p->st.have & ST_SECCOMP)) {
		error_msg("cannot read the seccomp mode of PID %d", (int)o.pid);
		model_free(&m);
		return 1;
	}
	int mode = p->st.seccomp;
	pid_t tid = process_tid(p); /* a thread's filters are its own */
	warn_other_threads(&m, p);
	model_free(&m);

	/* Modes 0 and 1 need no attaching: nothing to decode, or the fixed
	 * strict set. */
	if (mode != 2) {
		struct libscols_table *tb = table_new(&o.out, "syscalls");
		table_add_columns(tb, infos, &cols, &o.out, -1);
		/* a sentence for people; JSON and raw output (for scripts)
		 * print an empty table instead */
		bool machine = o.out.json || o.out.raw;
		if (!machine)
			printf("PID %d: seccomp %s\n", (int)o.pid,
			       mode == 0 ? "disabled: every syscall is allowed"
					 : "strict mode: only read, write, _exit and rt_sigreturn; anything else kills");
		rc = machine ? table_print(tb) < 0 : 0;
		scols_unref_table(tb);
		return rc;
	}

	struct seccomp_prog *progs;
	size_t n;
	pid_t tracer;
	int err = seccomp_read_filters(&cli->root, tid, &progs, &n, &tracer);
	if (err) {
		if (err == -SECCOMP_READ_TRACED)
			error_msg("cannot read the filters of PID %d: %s (by PID %d)", (int)o.pid,
				  seccomp_read_strerror(err), (int)tracer);
		else
			error_msg("cannot read the filters of PID %d: %s", (int)o.pid, seccomp_read_strerror(err));
		return 1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!bpf_validate(progs[i].insns, progs[i].len)) {
			error_msg("filter %zu of PID %d is malformed", i, (int)o.pid);
			seccomp_progs_free(progs, n);
			return 1;
		}
	}
	rc = report(&o, &cols, progs, n);
	seccomp_progs_free(progs, n);
	return rc;
}
