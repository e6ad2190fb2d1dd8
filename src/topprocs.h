/* The processes of one cgroup for `nsinspect top`'s drill-down: user,
 * %CPU, RSS, state and command through libproc2 (procps-ng 4), and the
 * capability and seccomp summary from the model's status reader.  %CPU is
 * over the time since the previous read of the same reader. */
#ifndef NSINSPECT_TOPPROCS_H
#define NSINSPECT_TOPPROCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"

struct top_proc {
	pid_t pid;
	char *user;      /* effective user name (or number) */
	double cpu_pct;  /* TOP_NA on the first read of a process */
	uint64_t rss_kib;
	char state;      /* R, S, D, Z, ... */
	char *command;   /* command line, else [comm]; untrusted */
	bool status_known;
	uint64_t cap_eff;
	int seccomp;     /* 0 disabled, 1 strict, 2 filter; -1 unknown */
	int seccomp_filters;
};

struct top_procs_reader {
	struct pids_info *info;
	struct model m;        /* only its root: single-process status reads */
	uint64_t last_ns;      /* CLOCK_MONOTONIC of the previous read */
	long hertz;
};

/* false when libproc2 cannot be set up. */
bool top_procs_init(struct top_procs_reader *r, struct sysroot *root);
/* Reads the listed PIDs (those that exited meanwhile are left out) into
 * *out (malloc'ed); returns the count. */
size_t top_procs_read(struct top_procs_reader *r, const pid_t *pids, size_t n,
		      struct top_proc **out);
void top_procs_free(struct top_proc *v, size_t n);
void top_procs_fini(struct top_procs_reader *r);

/* Every capability this kernel knows (from proc/sys/kernel/cap_last_cap),
 * for the caps summary; 0 when unreadable. */
uint64_t top_full_caps(const struct sysroot *root);

#endif
