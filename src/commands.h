/* One entry point per command, each in its own cmd_*.c file. */
#ifndef NSINSPECT_COMMANDS_H
#define NSINSPECT_COMMANDS_H

#include "cli.h"

int cmd_ns(struct cli *cli, int argc, char **argv);
int cmd_caps(struct cli *cli, int argc, char **argv);
int cmd_show(struct cli *cli, int argc, char **argv);
int cmd_seccomp(struct cli *cli, int argc, char **argv);
int cmd_tree(struct cli *cli, int argc, char **argv);
int cmd_cgroups(struct cli *cli, int argc, char **argv);
int cmd_diff(struct cli *cli, int argc, char **argv);
int cmd_top(struct cli *cli, int argc, char **argv);

#endif
