/* The dispatcher's message helpers live in main.c, which unit tests do not
 * link; these weak stand-ins satisfy the commands' references and give way
 * to the real ones wherever those are linked.  Include once per test. */
#ifndef CLI_STUBS_H
#define CLI_STUBS_H

#include <stdbool.h>

#include "cli.h"

#define CLI_STUB __attribute__((weak))
CLI_STUB void usage_error(const char *fmt, ...) { (void)fmt; }
CLI_STUB void error_msg(const char *fmt, ...) { (void)fmt; }
CLI_STUB void warn_msg(const char *fmt, ...) { (void)fmt; }
CLI_STUB void getopt_error(int c, char **argv, const struct option *longopts)
{
	(void)c, (void)argv, (void)longopts;
}
CLI_STUB bool outopts_apply(struct outopts *o, int c, const char *arg)
{
	(void)o, (void)c, (void)arg;
	return false;
}

#endif
