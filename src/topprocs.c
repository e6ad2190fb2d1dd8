#include "topprocs.h"

#include <libproc2/misc.h>
#include <libproc2/pids.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "topsample.h"
#include "util.h"

static enum pids_item items[] = {
	PIDS_ID_PID, PIDS_ID_EUSER, PIDS_TICS_ALL_DELTA, PIDS_VM_RSS, PIDS_STATE, PIDS_CMDLINE, PIDS_CMD,
};
enum { I_PID, I_EUSER, I_TICS_DELTA, I_RSS, I_STATE, I_CMDLINE, I_CMD };

/* libproc2 takes at most this many PIDs per select */
#define SELECT_CHUNK 250

/* libproc2 is loaded only when a process view opens: linked in, it and
 * libsystemd's chain (libgcrypt, liblzma, libzstd, liblz4) cost every
 * command about 2.5 ms of dynamic loading, half of a short run's time. */
static struct {
	void *handle;
	long (*hertz_get)(void);
	int (*pids_new)(struct pids_info **, enum pids_item *, int);
	int (*pids_unref)(struct pids_info **);
	struct pids_fetch *(*pids_select)(struct pids_info *, unsigned *, int, enum pids_select_type);
} lib;

static bool proc2_load(void)
{
	const struct dl_sym syms[] = {
		{ "procps_hertz_get", (void **)&lib.hertz_get },
		{ "procps_pids_new", (void **)&lib.pids_new },
		{ "procps_pids_unref", (void **)&lib.pids_unref },
		{ "procps_pids_select", (void **)&lib.pids_select },
	};
	return dl_load("libproc2.so.0", &lib.handle, syms, ARRAY_SIZE(syms));
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

bool top_procs_init(struct top_procs_reader *r, struct sysroot *root)
{
	memset(r, 0, sizeof(*r));
	r->m.root = root;
	if (!proc2_load())
		return false;
	r->hertz = lib.hertz_get();
	if (r->hertz <= 0)
		r->hertz = 100;
	return lib.pids_new(&r->info, items, (int)ARRAY_SIZE(items)) >= 0;
}

size_t top_procs_read(struct top_procs_reader *r, const pid_t *pids, size_t n,
		      struct top_proc **out)
{
	uint64_t now = now_ns();
	double dt = r->last_ns ? (double)(now - r->last_ns) / 1e9 : 0;
	r->last_ns = now;
	*out = NULL;
	if (!r->info || !n)
		return 0;
	struct top_proc *v = xcalloc(n, sizeof(*v));
	size_t count = 0;
	for (size_t off = 0; off < n; off += SELECT_CHUNK) {
		unsigned ids[SELECT_CHUNK];
		size_t k = n - off < SELECT_CHUNK ? n - off : SELECT_CHUNK;
		for (size_t i = 0; i < k; i++)
			ids[i] = (unsigned)pids[off + i];
		struct pids_fetch *f = lib.pids_select(r->info, ids, (int)k, PIDS_SELECT_PID);
		if (!f)
			continue;
		for (int i = 0; i < f->counts->total && count < n; i++) {
			struct pids_stack *st = f->stacks[i];
			struct top_proc *p = &v[count++];
			p->pid = PIDS_VAL(I_PID, s_int, st, r->info);
			const char *user = PIDS_VAL(I_EUSER, str, st, r->info);
			p->user = xstrdup(user ? user : "?");
			unsigned tics = PIDS_VAL(I_TICS_DELTA, u_int, st, r->info);
			p->cpu_pct = dt > 0 ? (double)tics * 100.0 / (double)r->hertz / dt : TOP_NA;
			p->rss_kib = PIDS_VAL(I_RSS, ul_int, st, r->info);
			p->state = (char)PIDS_VAL(I_STATE, s_ch, st, r->info);
			const char *cmdline = PIDS_VAL(I_CMDLINE, str, st, r->info);
			const char *comm = PIDS_VAL(I_CMD, str, st, r->info);
			/* libproc2 shows a missing command line as "-" */
			if (cmdline && *cmdline && strcmp(cmdline, "-") != 0)
				p->command = xstrdup(cmdline);
			else
				p->command = xasprintf("[%s]", comm ? comm : "?");
			p->seccomp = -1;
			struct process proc = { .pid = p->pid };
			if (model_load(&r->m, &proc, WANT_STATUS) && !(proc.unknown & WANT_STATUS)) {
				p->status_known = true;
				p->cap_eff = proc.st.caps[CAP_SET_EFF];
				if (proc.st.have & ST_SECCOMP) {
					p->seccomp = proc.st.seccomp;
					p->seccomp_filters = proc.st.seccomp_filters;
				}
			}
		}
	}
	*out = v;
	return count;
}

void top_procs_free(struct top_proc *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].user);
		free(v[i].command);
	}
	free(v);
}

void top_procs_fini(struct top_procs_reader *r)
{
	if (r->info)
		lib.pids_unref(&r->info);
	memset(r, 0, sizeof(*r));
}

uint64_t top_full_caps(const struct sysroot *root)
{
	struct buf b = { 0 };
	uint64_t last = 0;
	bool ok = read_file_at(root->proc_fd, "sys/kernel/cap_last_cap", &b) >= 0 &&
		  parse_u64(b.data, b.len && b.data[b.len - 1] == '\n' ? b.len - 1 : b.len, &last) &&
		  last < 64;
	buf_free(&b);
	return ok ? caps_full_set((int)last) : 0;
}
