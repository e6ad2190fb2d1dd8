/* nsinspect: how Linux isolates processes.  Dispatches to one file per
 * command (cmd_*.c); options before the command apply to all of them. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsmartcols.h>

#include "cli.h"
#include "commands.h"
#include "util.h"

#ifndef NSINSPECT_VERSION
#define NSINSPECT_VERSION "0.1"
#endif

const struct command commands[] = {
	{ "ns", cmd_ns, "[options] [NAMESPACE]", "list namespaces (lsns-compatible), with their containers" },
	{ "caps", cmd_caps, "[options] PID... | -a | --decode HEX", "capability sets decoded, compared with Docker's default" },
	{ "show", cmd_show, "[options] PID", "the whole isolation report of one process" },
	{ "seccomp", cmd_seccomp, "[options] PID", "the seccomp filters of a process, decoded per syscall" },
	{ "tree", cmd_tree, "[options]", "process tree with namespace marks, containers and runtimes" },
	{ "cgroups", cmd_cgroups, "[options] [PATTERN]", "tree of cgroups (v1, v2, hybrid) with containers, usage and limits" },
	{ "diff", cmd_diff, "[options] [A] B", "two processes or containers side by side, dimension by dimension" },
	{ "top", cmd_top, "[options]", "live view of cgroups and containers: usage, limits, pressure" },
};
const unsigned ncommands = ARRAY_SIZE(commands);

void usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("nsinspect: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'nsinspect --help' for more information.\n", stderr);
}

void error_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("nsinspect: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void warn_msg(const char *fmt, ...)
{
	va_list ap;
	fputs("nsinspect: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void getopt_error(int c, char **argv, const struct option *longopts)
{
	const char *arg = argv[optind - 1];
	char *e = str_escape(arg ? arg : "", arg ? strlen(arg) : 0);
	(void)longopts;
	if (c == ':')
		usage_error("option '%s' requires an argument", e);
	else if (optopt && arg && arg[0] == '-' && arg[1] != '-')
		usage_error("unknown option '-%c'", optopt);
	else
		usage_error("unknown option '%s'", e);
	free(e);
}

bool pid_arg_or_usage(const char *arg, pid_t *pid)
{
	if (parse_pid_arg(arg, pid))
		return true;
	char *e = str_escape(arg, strlen(arg));
	usage_error("invalid PID: '%s'", e);
	free(e);
	return false;
}

int one_pid_operand(int argc, char **argv, const char *cmd, pid_t *pid)
{
	if (optind >= argc) {
		usage_error("no PID given");
		return -1;
	}
	if (!pid_arg_or_usage(argv[optind], pid))
		return -1;
	if (optind + 1 < argc) {
		char *e = str_escape(argv[optind + 1], strlen(argv[optind + 1]));
		usage_error("unexpected argument: '%s' (%s takes one PID)", e, cmd);
		free(e);
		return -1;
	}
	return 0;
}

bool outopts_apply(struct outopts *o, int c, const char *arg)
{
	switch (c) {
	case 'J': o->json = true; return true;
	case 'r': o->raw = true; return true;
	case 'n': o->noheadings = true; return true;
	case 'o': o->columns = arg; return true;
	case OPT_OUTPUT_ALL: o->output_all = true; return true;
	default: return false;
	}
}

static void print_help(void)
{
	printf("Usage:\n"
	       " nsinspect [global options] [command] [command options]\n"
	       "\n"
	       "Show how Linux isolates processes: namespaces, containers, capabilities, cgroups.\n"
	       "\n"
	       "Commands:\n");
	for (unsigned i = 0; i < ncommands; i++)
		printf(" %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\n"
	       "Without a command, nsinspect runs 'ns'.\n"
	       "\n"
	       "Global options:\n"
	       "     --sysroot <dir>    read <dir>/proc and <dir>/sys instead of the live host\n"
	       " -J, --json             use JSON output format\n"
	       " -r, --raw              use the raw output format\n"
	       " -n, --noheadings       don't print headings\n"
	       " -h, --help             display this help\n"
	       " -V, --version          display version\n"
	       "\n"
	       "Run 'nsinspect COMMAND --help' for the options of a command.\n");
}

static const struct command *find_command(const char *name)
{
	for (unsigned i = 0; i < ncommands; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int close_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			return rc;
		error_msg("write error: %s", strerror(errno ? errno : EIO));
		return 1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };

	/* The user's character set (widths and UTF-8 validity of what we
	 * print) and libc's messages, never the decimal point: scripts read
	 * our numbers (JSON, -r) and hand ours back (-d 0.5), and "0,5"
	 * breaks both.  Nothing here uses the other categories. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	scols_init_debug(0); /* honours LIBSMARTCOLS_DEBUG */
	const char *sysroot = NULL;
	int i = 1;

	/* Global options come before the command; we stop at the first
	 * argument we do not know, which the command then parses. */
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--sysroot")) {
			if (i + 1 >= argc) {
				usage_error("option '--sysroot' requires an argument");
				return EXIT_USAGE;
			}
			sysroot = argv[++i];
		} else if (!strncmp(a, "--sysroot=", 10)) {
			sysroot = a + 10;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_help();
			return close_stdout(0);
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("nsinspect %s\n", NSINSPECT_VERSION);
			return close_stdout(0);
		} else if (!strcmp(a, "--list-commands")) {
			/* for the shell completions: one command name per line */
			for (unsigned c = 0; c < ncommands; c++)
				puts(commands[c].name);
			return close_stdout(0);
		} else if (!strcmp(a, "-J") || !strcmp(a, "--json")) {
			cli.out.json = true;
		} else if (!strcmp(a, "-r") || !strcmp(a, "--raw")) {
			cli.out.raw = true;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--noheadings")) {
			cli.out.noheadings = true;
		} else {
			break;
		}
	}

	const struct command *cmd = &commands[0];
	if (i < argc && argv[i][0] != '-') {
		const struct command *c = find_command(argv[i]);
		if (c) {
			cmd = c;
			i++;
		} else if (!str_all_digits(argv[i])) {
			char *e = str_escape(argv[i], strlen(argv[i]));
			usage_error("unknown command '%s'", e);
			free(e);
			return EXIT_USAGE;
		}
	}

	if (sysroot_open(&cli.root, sysroot) < 0)
		return 1;
	/* the command sees itself as argv[0], as getopt expects */
	argv[i - 1] = (char *)cmd->name;
	int rc = cmd->run(&cli, argc - i + 1, argv + i - 1);
	sysroot_close(&cli.root);
	return close_stdout(rc);
}
