/* Command dispatch and the conventions every command shares: usage errors
 * exit 2, runtime failures exit 1, output goes through libsmartcols. */
#ifndef NSINSPECT_CLI_H
#define NSINSPECT_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "output.h"
#include "sysroot.h"

#define EXIT_USAGE 2

/* State the dispatcher hands to a command. */
struct cli {
	struct sysroot root;
	struct outopts out; /* -J/-r/-n given before the command */
};

struct command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *args;     /* synopsis of the arguments */
	const char *summary;
};

extern const struct command commands[];
extern const unsigned ncommands;

/* Prints "nsinspect: MSG" and the usage hint; the caller exits 2. */
void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "nsinspect: MSG" (runtime error). */
void error_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Handles getopt's '?' and ':' results with a one-line message. */
void getopt_error(int c, char **argv, const struct option *longopts);

/* Options every command takes; commands merge these into their own. */
#define OUTPUT_SHORTOPTS "Jrno:"
enum { OPT_OUTPUT_ALL = 0x1000, OPT_SYSROOT, OPT_LIST_COLUMNS_LONG };
#define OUTPUT_LONGOPTS                                                   \
	{ "json", no_argument, NULL, 'J' }, { "raw", no_argument, NULL, 'r' }, \
	{ "noheadings", no_argument, NULL, 'n' },                              \
	{ "output", required_argument, NULL, 'o' },                            \
	{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL }

/* Applies one of the common output options; false when c is not one. */
bool outopts_apply(struct outopts *o, int c, const char *arg);

/* --help lines of the common output options and of -H/-h, in that order. */
#define OUTPUT_OPTIONS_HELP                                                                  \
	" -J, --json             use JSON output format\n"                                   \
	" -n, --noheadings       don't print headings\n"                                     \
	" -o, --output <list>    define which output columns to use (+<list> appends)\n"     \
	"     --output-all       output all columns\n"                                       \
	" -r, --raw              use the raw output format\n"
#define COLUMNS_HELP_OPTIONS_HELP                                                            \
	" -H, --list-columns     list the available columns\n"                               \
	" -h, --help             display this help\n"

/* Parses a PID argument; on a bad one prints the usage error naming it
 * (escaped) and returns false: the caller exits 2. */
bool pid_arg_or_usage(const char *arg, pid_t *pid);

/* The single PID operand of commands such as show and seccomp, at
 * argv[optind]: missing, malformed or followed by more is a usage error
 * (-1); 0 when *pid is set. */
int one_pid_operand(int argc, char **argv, const char *cmd, pid_t *pid);

#endif
