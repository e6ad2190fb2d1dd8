/* nsinspect seccomp PID: the process's seccomp filters read with ptrace
 * and decoded per architecture and syscall: what each syscall gets. */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "cli.h"
#include "commands.h"
#include "model.h"
#include "output.h"
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

/* Syscall numbers evaluated per arch; those without a name show only
 * when they differ from the arch's default. */
#define MAX_NR 1024
/* A number no arch uses: what the filter does with "anything else". */
#define UNUSED_NR 0x3fff
/* The NR of the per-arch default row in JSON: none. */
#define NO_NR UINT32_MAX

static const struct arch_desc {
	const char *name;
	uint32_t audit_arch;
	uint32_t nr_bit;
	uint32_t scmp_arch;
} arches[] = {
	{ "x86_64", AUDIT_ARCH_X86_64_VALUE, 0, SCMP_ARCH_X86_64 },
	{ "x32", AUDIT_ARCH_X86_64_VALUE, X32_SYSCALL_BIT_VALUE, SCMP_ARCH_X32 },
	{ "i386", AUDIT_ARCH_I386_VALUE, 0, SCMP_ARCH_X86 },
};

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
	       " -J, --json             use JSON output format\n"
	       " -n, --noheadings       don't print headings\n"
	       " -o, --output <list>    define which output columns to use (+<list> appends)\n"
	       "     --output-all       output all columns\n"
	       " -r, --raw              use the raw output format\n"
	       " -H, --list-columns     list the available columns\n"
	       " -h, --help             display this help\n"
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
	if (optind >= argc) {
		usage_error("no PID given");
		return -1;
	}
	if (!parse_pid_arg(argv[optind], &o->pid)) {
		char *e = str_escape(argv[optind], strlen(argv[optind]));
		usage_error("invalid PID: '%s'", e);
		free(e);
		return -1;
	}
	if (optind + 1 < argc) {
		char *e = str_escape(argv[optind + 1], strlen(argv[optind + 1]));
		usage_error("unexpected argument: '%s' (seccomp takes one PID)", e);
		free(e);
		return -1;
	}
	return 0;
}

enum verdict { V_ALLOWED, V_BLOCKED, V_CONDITIONAL };

static enum verdict verdict_of(const struct bpf_outcomes *o)
{
	if (o->n != 1 || o->unknown)
		return V_CONDITIONAL;
	int32_t r = seccomp_action_rank(o->ret[0]);
	return r >= seccomp_action_rank(SECCOMP_RET_LOG) ? V_ALLOWED : V_BLOCKED;
}

static const char *const verdict_names[] = { "allowed", "blocked", "conditional" };

static void eval_stack(const struct seccomp_prog *progs, size_t n, uint32_t arch, uint32_t nr,
		       struct bpf_outcomes *acc)
{
	memset(acc, 0, sizeof(*acc));
	for (size_t i = 0; i < n; i++) {
		struct bpf_outcomes one;
		bpf_eval(progs[i].insns, progs[i].len, arch, nr, &one);
		bpf_outcomes_stack(acc, &one);
	}
}

static bool same_outcomes(const struct bpf_outcomes *a, const struct bpf_outcomes *b)
{
	if (a->n != b->n || a->unknown != b->unknown)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		bool found = false;
		for (size_t j = 0; j < b->n && !found; j++)
			found = a->ret[i] == b->ret[j];
		if (!found)
			return false;
	}
	return true;
}

static void add_row(struct libscols_table *tb, const struct columns *cols, const struct arch_desc *a,
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
		case COL_VERDICT: scols_line_set_data(ln, i, verdict_names[verdict_of(o)]); break;
		}
	}
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
	struct bpf_outcomes *res = xcalloc(MAX_NR, sizeof(*res));
	for (size_t ai = 0; ai < ARRAY_SIZE(arches); ai++) {
		const struct arch_desc *a = &arches[ai];
		struct bpf_outcomes def;
		size_t count[3] = { 0 };
		char *names[MAX_NR];
		bool uniform = true; /* every syscall gets the default: the arch is refused */
		eval_stack(progs, n, a->audit_arch, a->nr_bit | UNUSED_NR, &def);
		for (uint32_t nr = 0; nr < MAX_NR; nr++) {
			eval_stack(progs, n, a->audit_arch, a->nr_bit | nr, &res[nr]);
			names[nr] = seccomp_syscall_resolve_num_arch(a->scmp_arch, (int)nr);
			if (names[nr])
				count[verdict_of(&res[nr])]++;
			if (!same_outcomes(&res[nr], &def))
				uniform = false;
		}
		for (uint32_t nr = 0; nr < MAX_NR; nr++) {
			bool shown = o->all || (!uniform && verdict_of(&res[nr]) != V_ALLOWED);
			if ((names[nr] || !same_outcomes(&res[nr], &def)) && shown)
				add_row(tb, cols, a, nr, names[nr], &res[nr]);
			free(names[nr]);
		}
		/* JSON and raw output have no summary line: the default is a
		 * row of its own, syscall "*" and no number */
		if (!summary)
			add_row(tb, cols, a, NO_NR, "*", &def);
		if (summary) {
			char *d = bpf_outcomes_text(&def);
			if (uniform)
				printf("%s: every syscall gets %s (the filter refuses this arch)\n", a->name, d);
			else
				printf("%s: %zu allowed, %zu blocked, %zu conditional; default %s\n", a->name,
				       count[V_ALLOWED], count[V_BLOCKED], count[V_CONDITIONAL], d);
			free(d);
		}
	}
	free(res);
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
		error_msg("no process with PID %d", (int)o.pid);
		model_free(&m);
		return 1;
	}
	if ((p->unknown & WANT_STATUS) || !(p->st.have & ST_SECCOMP)) {
		error_msg("cannot read the seccomp mode of PID %d", (int)o.pid);
		model_free(&m);
		return 1;
	}
	int mode = p->st.seccomp;
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
	int err = seccomp_read_filters(&cli->root, o.pid, &progs, &n, &tracer);
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
