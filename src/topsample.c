#include "topsample.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "model.h"
#include "procfs.h"

void top_counters_of(const struct cgroup *cg, struct top_counters *c)
{
	c->ino = cg->ino;
	c->cpu_ns = cg->v.cpu_usage_ns;
	c->io_rbytes = cg->v.io_rbytes;
	c->io_wbytes = cg->v.io_wbytes;
	c->nr_periods = cg->v.nr_periods;
	c->nr_throttled = cg->v.nr_throttled;
}

double top_rate(uint64_t prev, uint64_t cur, uint64_t dt_ns, double scale)
{
	if (prev >= CG_UNLIMITED || cur >= CG_UNLIMITED || cur < prev || dt_ns == 0)
		return TOP_NA;
	return (double)(cur - prev) * scale * 1e9 / (double)dt_ns;
}

void top_rates_compute(const struct top_counters *prev, const struct top_counters *cur,
		       uint64_t dt_ns, struct top_rates *r)
{
	r->cpu_pct = r->io_rps = r->io_wps = r->throttled_pct = TOP_NA;
	if (!prev || prev->ino != cur->ino || dt_ns == 0)
		return;
	/* ns of CPU per ns of wall time, in percent */
	r->cpu_pct = top_rate(prev->cpu_ns, cur->cpu_ns, dt_ns, 100.0 / 1e9);
	r->io_rps = top_rate(prev->io_rbytes, cur->io_rbytes, dt_ns, 1.0);
	r->io_wps = top_rate(prev->io_wbytes, cur->io_wbytes, dt_ns, 1.0);
	uint64_t p0 = prev->nr_periods, p1 = cur->nr_periods;
	uint64_t t0 = prev->nr_throttled, t1 = cur->nr_throttled;
	if (p0 < CG_UNLIMITED && p1 < CG_UNLIMITED && t0 < CG_UNLIMITED && t1 < CG_UNLIMITED &&
	    p1 >= p0 && t1 >= t0) {
		uint64_t dp = p1 - p0, dth = t1 - t0;
		r->throttled_pct = dp ? (double)(dth > dp ? dp : dth) * 100.0 / (double)dp : 0.0;
	}
}

bool top_is_container_root(const struct cgroup *cg)
{
	if (!cg->in_container)
		return false;
	const struct cgroup *p = cg->parent;
	return !(p && p->in_container && !strcmp(p->container.runtime, cg->container.runtime) &&
		 !strcmp(p->container.id, cg->container.id));
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void top_sampler_init(struct top_sampler *s, struct sysroot *root, unsigned want,
		      unsigned want_rows, bool want_counts)
{
	memset(s, 0, sizeof(*s));
	s->root = root;
	s->want = want;
	s->want_rows = want_rows;
	s->want_counts = want_counts;
	s->forks = s->tasks = CG_UNSET;
	cg_cache_init(&s->cache);
}

/* What the cgroup layer reads for want: the network counters need the
 * processes. */
static unsigned cg_want(unsigned want)
{
	return (want & ~TOPW_NET) | (want & TOPW_NET ? CGW_PROCS : 0);
}

/* Inode of /proc/PID/ns/TYPE, 0 when unreadable. */
static uint64_t ns_inode(const struct sysroot *root, const char *pid, const char *type)
{
	char path[64], link[128], tname[32];
	uint64_t ino;
	snprintf(path, sizeof(path), "%s/ns/%s", pid, type);
	ssize_t n = readlinkat(root->proc_fd, path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	return parse_ns_link(link, (size_t)n, tname, sizeof(tname), &ino) ? ino : 0;
}

static void free_net_map(struct hmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			free(m->vals[i]);
	hmap_free(m);
}

static void ns_ref(struct top_sampler *s, uint64_t ino, int delta)
{
	if (!ino)
		return;
	uintptr_t n = (uintptr_t)hmap_get(&s->ns_refs, ino);
	if (delta > 0 && n++ == 0)
		s->nns++;
	else if (delta < 0 && n > 0 && --n == 0)
		s->nns--;
	hmap_put(&s->ns_refs, ino, (void *)n);
}

/* Network counters of the namespace of cgroup row's processes, read once
 * per namespace and sample through one member that is still alive. */
static void sample_net(struct top_sampler *s, struct top_row *row)
{
	const struct cgroup *cg = row->cg;
	row->net_rx = row->net_tx = TOP_NA;
	if (!cg->procs_known)
		return;
	for (size_t k = 0; k < cg->nprocs && k < 3; k++) {
		char pid[24];
		snprintf(pid, sizeof(pid), "%d", (int)cg->procs[k]);
		/* Read again at each sample: a process joins another network
		 * namespace without a new PID (unshare -n, setns, as runc
		 * does for a pod's containers), and /proc/PID/net/dev below
		 * follows it.  The links count_procs read when it first saw
		 * the process follow too, for the header's count. */
		uint64_t ino = ns_inode(s->root, pid, "net");
		if (!ino)
			continue; /* exited, or unreadable: try another member */
		uint64_t *ns = s->want_counts ? hmap_get(&s->procs, (uint64_t)cg->procs[k]) : NULL;
		if (ns && ns[NS_NET] != ino) {
			ns_ref(s, ns[NS_NET], -1);
			ns[NS_NET] = ino;
			ns_ref(s, ino, +1);
			s->host.nnamespaces = s->nns; /* no relist may come soon */
		}
		if (ino == s->host_netns)
			return;
		row->has_net = true;
		row->netns = ino;
		struct cg_net_dev *cur = hmap_get(&s->net_cur, ino);
		if (!cur) {
			char path[48];
			snprintf(path, sizeof(path), "%s/net/dev", pid);
			struct cg_net_dev nd;
			if (read_proc_whole_at(s->root->proc_fd, path, &s->buf) < 0)
				continue; /* exited: try another member */
			if (!cg_parse_net_dev(s->buf.data, s->buf.len, &nd))
				memset(&nd, 0, sizeof(nd)); /* only lo: no traffic to show */
			cur = xmalloc(sizeof(*cur));
			*cur = nd;
			hmap_put(&s->net_cur, ino, cur);
		}
		const struct cg_net_dev *prev = hmap_get(&s->net_prev, ino);
		if (prev) {
			row->net_rx = top_rate(prev->rx_bytes, cur->rx_bytes, s->dt_ns, 1.0);
			row->net_tx = top_rate(prev->tx_bytes, cur->tx_bytes, s->dt_ns, 1.0);
		}
		return;
	}
}

/* The links of a process, for the header's count.  A process entering
 * new namespaces does so within milliseconds of its fork (unshare(1) after
 * its exec, a runtime's init after its clone), which the first look may
 * come before: a process new since top started is looked at once more, at
 * the next listing.  After that its links are taken as read: one that
 * changes namespaces later is counted in its old ones until it exits
 * (reading every link at every refresh would cost the live view ten times
 * its budget); only a row's network namespace is read each time. */
enum { NS_LOOK_AGAIN = NS_NTYPES, NS_SLOTS };

static void read_links(struct top_sampler *s, pid_t pid, uint64_t *ns)
{
	char name[24];
	snprintf(name, sizeof(name), "%d", (int)pid);
	for (int t = 0; t < NS_NTYPES; t++) {
		uint64_t ino = ns_inode(s->root, name, ns_type_name(t));
		if (!ino || ino == ns[t])
			continue; /* exited since: keep what was read */
		ns_ref(s, ns[t], -1);
		ns[t] = ino;
		ns_ref(s, ino, +1);
	}
}

/* One process seen in this sample: its namespace links are read when it
 * was not seen in the previous one, and once more after that. */
static void see_pid(struct top_sampler *s, struct hmap *seen, pid_t pid)
{
	if (hmap_get(seen, (uint64_t)pid))
		return;
	uint64_t *ns = hmap_get(&s->procs, (uint64_t)pid);
	if (ns) {
		hmap_put(&s->procs, (uint64_t)pid, NULL); /* marked: not swept */
		if (ns[NS_LOOK_AGAIN]) {
			read_links(s, pid, ns);
			ns[NS_LOOK_AGAIN] = 0;
		}
	} else {
		ns = xcalloc(NS_SLOTS, sizeof(*ns));
		read_links(s, pid, ns);
		/* those of the first sample are old, mostly: not again */
		ns[NS_LOOK_AGAIN] = s->nsamples > 1;
	}
	s->nlook_again += ns[NS_LOOK_AGAIN] != 0;
	hmap_put(seen, (uint64_t)pid, ns);
}

/* The PIDs from a listing of /proc. */
static void list_proc_pids(struct top_sampler *s, struct hmap *seen)
{
	int fd = fs_openat(s->root->proc_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	_Alignas(struct dirent64) char dents[32768];
	for (;;) {
		long n = syscall(SYS_getdents64, fd, dents, sizeof(dents));
		if (n <= 0)
			break;
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			off += d->d_reclen;
			pid_t pid;
			if (d->d_name[0] >= '1' && d->d_name[0] <= '9' && parse_pid(d->d_name, &pid))
				see_pid(s, seen, pid);
		}
	}
	close(fd);
}

/* Processes and namespaces on the host, by mark and sweep over PIDs: a
 * refresh reads namespace links only for processes new since the last.
 * The PIDs come from the cgroup.procs files the scan read in the
 * membership hierarchy, where every process is in exactly one cgroup
 * (cheaper than listing /proc, which revalidates every entry), else from
 * /proc. */
static void count_procs(struct top_sampler *s)
{
	struct hmap seen = { 0 };
	s->nlook_again = 0;
	const struct cgroup_tree *t = &s->tree;
	bool from_tree = t->root && t->nhier && t->root->procs_known && (t->root->hier_mask & 1);
	if (from_tree) {
		for (size_t i = 0; i < t->n; i++) {
			const struct cgroup *cg = t->all[i];
			if (!(cg->hier_mask & 1) || !cg->procs_known)
				continue; /* procs read from another hierarchy */
			for (size_t k = 0; k < cg->nprocs; k++)
				see_pid(s, &seen, cg->procs[k]);
		}
	} else {
		list_proc_pids(s, &seen);
	}
	/* sweep: what is left in the old map has exited */
	for (size_t i = 0; i < s->procs.cap; i++) {
		uint64_t *ns = s->procs.keys[i] ? s->procs.vals[i] : NULL;
		if (!ns)
			continue;
		for (int k = 0; k < NS_NTYPES; k++)
			ns_ref(s, ns[k], -1);
		free(ns);
	}
	hmap_free(&s->procs);
	s->procs = seen;
	s->host.nprocs = seen.n;
	s->host.nnamespaces = s->nns;
}

/* The header's CPUs, load and memory; *tasks: the kernel's number of
 * tasks, from the same /proc/loadavg (CG_UNSET when unknown). */
static void sample_host(struct top_sampler *s, uint64_t *tasks)
{
	struct top_host *h = &s->host;
	h->ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	*tasks = CG_UNSET;
	h->load_known = false;
	if (read_proc_whole_at(s->root->proc_fd, "loadavg", &s->buf) >= 0) {
		h->load_known = cg_parse_loadavg(s->buf.data, s->buf.len, h->load);
		cg_parse_loadavg_tasks(s->buf.data, s->buf.len, tasks);
	}
	h->mem_total = h->mem_used = CG_UNSET;
	if (read_proc_whole_at(s->root->proc_fd, "meminfo", &s->buf) >= 0) {
		struct cg_meminfo mi;
		cg_parse_meminfo(s->buf.data, s->buf.len, &mi);
		h->mem_total = mi.total;
		if (mi.total != CG_UNSET && mi.available != CG_UNSET && mi.available <= mi.total)
			h->mem_used = mi.total - mi.available;
	}
}

/* Whether a process may have started or exited since the last call,
 * given the number of tasks in /proc/loadavg now.  /proc/stat's fork
 * count moves with every task made (threads too), so while it stands
 * still the number of tasks can only drop, by an exit: both unchanged,
 * the set of processes is the same.  Either unknown: changed. */
static bool tasks_changed(struct top_sampler *s, uint64_t tasks)
{
	uint64_t forks = CG_UNSET;
	if (read_proc_whole_at(s->root->proc_fd, "stat", &s->buf) >= 0)
		cg_parse_proc_stat_forks(s->buf.data, s->buf.len, &forks);
	bool changed = forks == CG_UNSET || tasks == CG_UNSET || forks != s->forks ||
		       tasks != s->tasks;
	s->forks = forks;
	s->tasks = tasks;
	return changed;
}

/* The rates of row, against the same cgroup in the previous sample. */
static void row_rates(struct top_sampler *s, struct top_row *row, bool net)
{
	const struct cgroup *cg = row->cg;
	struct top_counters cur, prev;
	top_counters_of(cg, &cur);
	/* mark and sweep by path: the previous tree is freed at the next
	 * sample, so a cgroup gone since leaves nothing behind */
	const struct cgroup *old = s->prev_tree.n ? cgroup_find(&s->prev_tree, cg->path) : NULL;
	if (old)
		top_counters_of(old, &prev);
	top_rates_compute(old ? &prev : NULL, &cur, s->dt_ns, &row->r);
	if (net && s->host_netns && cg->procs_known && cg->nprocs)
		sample_net(s, row);
}

/* Reads want for one row of the current sample, and its rates again. */
static void read_row(struct top_sampler *s, struct top_row *row, unsigned want)
{
	cgroup_read_more(&s->tree, s->root, cg_want(want), row->cg, &s->cache);
	row_rates(s, row, want & TOPW_NET);
}

/* Gives cg the processes the same cgroup had in the previous sample, when
 * that one read them; false when it did not. */
static bool carry_procs(struct top_sampler *s, struct cgroup *cg)
{
	const struct cgroup *old = s->prev_tree.n ? cgroup_find(&s->prev_tree, cg->path) : NULL;
	if (!old || old->ino != cg->ino || !old->procs_known)
		return false;
	free(cg->procs);
	cg->procs = NULL;
	if (old->nprocs) {
		cg->procs = xmalloc(old->nprocs * sizeof(*old->procs));
		memcpy(cg->procs, old->procs, old->nprocs * sizeof(*old->procs));
	}
	cg->nprocs = old->nprocs;
	cg->procs_known = true;
	return true;
}

void top_sample_rows(struct top_sampler *s, struct top_row *const *rows, size_t n)
{
	unsigned more = s->want_rows & ~s->have;
	for (size_t i = 0; i < n; i++) {
		if (rows[i]->detailed)
			continue;
		rows[i]->detailed = true;
		unsigned w = more;
		/* cgroup.procs is the dear file (the kernel walks every task of
		 * the cgroup): not read again when the scan read it, and kept
		 * while no process started or ended, unless it is
		 * TOP_PROCS_MAX_AGE_NS old */
		struct cgroup *cg = rows[i]->cg;
		if ((w & CGW_PROCS) && (cg->procs_known || (s->carry_procs && carry_procs(s, cg))))
			w &= ~CGW_PROCS;
		if (w)
			read_row(s, rows[i], w);
	}
}

void top_sampler_want(struct top_sampler *s, unsigned want)
{
	unsigned more = want & ~s->have;
	s->want = want; /* want_rows stays: it is read for what have lacks */
	if (!more || !s->rows)
		return;
	for (size_t i = 0; i < s->tree.n; i++)
		read_row(s, &s->rows[i], more);
	s->have |= more;
}

struct top_row *top_sampler_row(struct top_sampler *s, const char *path)
{
	const struct cgroup *cg = path ? cgroup_find(&s->tree, path) : NULL;
	for (size_t i = 0; cg && i < s->tree.n; i++)
		if (s->rows[i].cg == cg)
			return &s->rows[i];
	return NULL;
}

int top_sample(struct top_sampler *s)
{
	/* the host's network namespace: init's, else ours (init's links can
	 * be unreadable even for root); unknown: no cgroup counts as having
	 * its own */
	if (((s->want | s->want_rows) & TOPW_NET) && !s->host_netns) {
		s->host_netns = ns_inode(s->root, "1", "net");
		if (!s->host_netns)
			s->host_netns = ns_inode(s->root, "self", "net");
	}
	cgroup_tree_free(&s->prev_tree);
	s->prev_tree = s->tree;
	memset(&s->tree, 0, sizeof(s->tree));
	free(s->rows);
	s->rows = NULL;
	free_net_map(&s->net_prev);
	s->net_prev = s->net_cur;
	memset(&s->net_cur, 0, sizeof(s->net_cur));

	uint64_t prev_t = s->t_ns;
	uint64_t tasks;
	sample_host(s, &tasks);
	/* the header's counts come from the membership hierarchy's cgroup.procs */
	bool relist = s->want_counts && (tasks_changed(s, tasks) || s->nlook_again);
	s->have = s->want;
	int err = cgroup_scan_walk(&s->tree, s->root, cg_want(s->want) | (relist ? CGW_PROCS_MEMBERSHIP : 0),
				   cg_want(s->want_rows), &s->cache);
	s->t_ns = now_ns();
	s->dt_ns = s->nsamples ? s->t_ns - prev_t : 0;
	if (err) {
		s->forks = CG_UNSET; /* list again at the next sample */
		return err;
	}
	s->nsamples++;
	if (relist)
		count_procs(s); /* the scan read cgroup.procs: rows keep it */
	/* the fork gate watches: rows may keep their processes a while */
	s->carry_procs = s->want_counts && !relist && s->t_ns - s->procs_read_ns < TOP_PROCS_MAX_AGE_NS;
	if (!s->carry_procs)
		s->procs_read_ns = s->t_ns;
	s->rows = xcalloc(s->tree.n ? s->tree.n : 1, sizeof(*s->rows));
	size_t ncontainers = 0;
	for (size_t i = 0; i < s->tree.n; i++) {
		struct top_row *row = &s->rows[i];
		struct cgroup *cg = s->tree.all[i];
		row->cg = cg;
		row->net_rx = row->net_tx = TOP_NA;
		row_rates(s, row, s->want & TOPW_NET);
		row->container_root = top_is_container_root(cg);
		ncontainers += row->container_root;
	}
	s->host.ncgroups = s->tree.n;
	s->host.ncontainers = ncontainers;
	return 0;
}

void top_sampler_free(struct top_sampler *s)
{
	cgroup_tree_free(&s->tree);
	cgroup_tree_free(&s->prev_tree);
	free(s->rows);
	free_net_map(&s->net_prev);
	free_net_map(&s->net_cur);
	for (size_t i = 0; i < s->procs.cap; i++)
		if (s->procs.keys[i])
			free(s->procs.vals[i]);
	hmap_free(&s->procs);
	hmap_free(&s->ns_refs);
	buf_free(&s->buf);
	cg_cache_free(&s->cache);
	memset(s, 0, sizeof(*s));
}
