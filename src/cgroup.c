#include "cgroup.h"

#include <dirent.h>
#include <sys/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgcache.h"
#include "procfs.h"
#include "util.h"

/* Deeper nesting than this is corrupt data or an attack on our stack. */
#define MAX_DEPTH 256

static const char *const ctrl_names[CGC_N] = {
	[CGC_CPU] = "cpu",       [CGC_CPUACCT] = "cpuacct", [CGC_CPUSET] = "cpuset",
	[CGC_MEMORY] = "memory", [CGC_IO] = "io",           [CGC_PIDS] = "pids",
};

/* v1 option names of the controllers we know, everything else of a
 * cgroup mount's options is a mount option (rw, xattr, release_agent=..). */
static const char *const v1_controllers[] = {
	"cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "net_cls",
	"perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc",
};

static int v1_ctrl_bit(const char *name, size_t len)
{
	static const struct { const char *name; enum cg_controller c; } map[] = {
		{ "cpu", CGC_CPU },       { "cpuacct", CGC_CPUACCT }, { "cpuset", CGC_CPUSET },
		{ "memory", CGC_MEMORY }, { "blkio", CGC_IO },        { "pids", CGC_PIDS },
	};
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (strlen(map[i].name) == len && !memcmp(map[i].name, name, len))
			return (int)CGC_BIT(map[i].c);
	return 0;
}

static bool is_v1_controller(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(v1_controllers); i++)
		if (strlen(v1_controllers[i]) == len && !memcmp(v1_controllers[i], name, len))
			return true;
	return len > 5 && !memcmp(name, "name=", 5);
}

/* FNV-1a of a path, continued over more of it */
#define FNV_BASIS 14695981039346656037ull
static uint64_t fnv_add(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static uint64_t fnv_key(uint64_t h)
{
	return h ? h : 1; /* 0 is hmap's empty slot */
}

static uint64_t path_key(const char *s)
{
	return fnv_key(fnv_add(FNV_BASIS, s));
}

static bool is_denied(int err)
{
	return err == -EACCES || err == -EPERM;
}

/* Reads a whole file (cg_pread_all).  Unlike read_file_at() it does not
 * take a short read for the end: cgroupfs and mountinfo are seq_files
 * served at most a page per read (a big cgroup.procs comes in ~4 KiB
 * pieces). */
static int read_all_at(int dirfd, const char *path, struct buf *b)
{
	int fd = fs_openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	int err = cg_pread_all(fd, b);
	close(fd);
	return err;
}

/* Opens a mount point seen in mountinfo through the sysroot's handles:
 * /sys/... through sys_fd, anything else through root_fd. */
static int open_mountpoint(const struct sysroot *root, const char *mp)
{
	int fd = -1;
	if (!strncmp(mp, "/sys/", 5) && root->sys_fd >= 0)
		fd = fs_openat(root->sys_fd, mp + 5, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && mp[0] == '/')
		fd = fs_openat(root->root_fd, mp[1] ? mp + 1 : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd;
}

/* Adds a hierarchy unless one with the same controllers is known already
 * (the same hierarchy mounted twice, or bind-mounted).  Takes ownership. */
static void add_hierarchy(struct cgroup_tree *t, const struct sysroot *root, int version,
			  char *controllers, const struct mount_entry *me)
{
	for (size_t i = 0; i < t->nhier; i++) {
		if (t->hier[i].version == version && !strcmp(t->hier[i].controllers, controllers)) {
			free(controllers);
			return;
		}
	}
	if (t->nhier == 32) { /* hier_mask has 32 bits; kernels have 16 subsystems */
		free(controllers);
		return;
	}
	int fd = open_mountpoint(root, me->mountpoint);
	if (fd < 0) {
		free(controllers);
		return;
	}
	struct cg_hierarchy h = { .version = version, .controllers = controllers,
				  .mountpoint = xstrdup(me->mountpoint), .fd = fd };
	if (version == 1) {
		for (const char *p = controllers; *p;) {
			const char *comma = strchr(p, ',');
			size_t len = comma ? (size_t)(comma - p) : strlen(p);
			h.ctrl_mask |= (unsigned)v1_ctrl_bit(p, len);
			p += len + (comma ? 1 : 0);
		}
	} else {
		/* cpu.stat's usage and the pressure files exist without any
		 * controller; the rest only for the controllers v2 holds. */
		struct buf b = { 0 };
		h.ctrl_mask = CGC_BIT(CGC_CPUACCT);
		if (read_all_at(fd, "cgroup.controllers", &b) == 0) {
			const char *p = b.data, *end = b.data + b.len;
			while (p < end) {
				while (p < end && (*p == ' ' || *p == '\n'))
					p++;
				const char *s = p;
				while (p < end && *p != ' ' && *p != '\n')
					p++;
				size_t len = (size_t)(p - s);
				for (int c = 0; c < CGC_N; c++)
					if (len && strlen(ctrl_names[c]) == len && !memcmp(ctrl_names[c], s, len))
						h.ctrl_mask |= CGC_BIT(c);
			}
		}
		buf_free(&b);
	}
	t->hier = xrealloc(t->hier, (t->nhier + 1) * sizeof(*t->hier));
	t->hier[t->nhier++] = h;
}

/* "rw,nosuid,cpu,cpuacct" -> "cpu,cpuacct": the controller part of a v1
 * superblock's options. */
static char *v1_controller_list(const char *opts)
{
	struct buf b = { 0 };
	buf_append(&b, "", 0);
	for (const char *p = opts; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (is_v1_controller(p, len)) {
			if (b.len)
				buf_append(&b, ",", 1);
			buf_append(&b, p, len);
		}
		p += len + (comma ? 1 : 0);
	}
	return b.data;
}

/* The membership hierarchy (the one systemd and systemd-cgls use) first:
 * v2, else name=systemd, else the first v1 one. */
static int hier_rank(const struct cg_hierarchy *h)
{
	if (h->version == 2)
		return 0;
	if (!strcmp(h->controllers, "name=systemd"))
		return 1;
	return 2;
}


static int find_hierarchies(struct cgroup_tree *t, struct sysroot *root, struct buf *b)
{
	int err = read_all_at(root->proc_fd, "self/mountinfo", b);
	if (err)
		return err;
	/* Two passes: mounts of a hierarchy's root first, so that a bind mount
	 * of a sub-cgroup (a container's view) never stands for the whole. */
	for (int pass = 0; pass < 2; pass++) {
		for (const char *p = b->data, *end = b->data + b->len; p < end;) {
			const char *eol = memchr(p, '\n', (size_t)(end - p));
			if (!eol)
				eol = end;
			struct mount_entry me;
			if (parse_mountinfo_line(p, (size_t)(eol - p), &me)) {
				bool at_root = !strcmp(me.root, "/");
				if (at_root == (pass == 0)) {
					if (!strcmp(me.fstype, "cgroup2"))
						add_hierarchy(t, root, 2, xstrdup(""), &me);
					else if (!strcmp(me.fstype, "cgroup"))
						add_hierarchy(t, root, 1, v1_controller_list(me.super_opts), &me);
				}
				mount_entry_free(&me);
			}
			p = eol + 1;
		}
	}
	/* stable insertion sort by rank: v1 ones keep the mountinfo order */
	for (size_t i = 1; i < t->nhier; i++) {
		struct cg_hierarchy h = t->hier[i];
		size_t j = i;
		for (; j > 0 && hier_rank(&t->hier[j - 1]) > hier_rank(&h); j--)
			t->hier[j] = t->hier[j - 1];
		t->hier[j] = h;
	}
	return 0;
}

static void values_init(struct cg_values *v)
{
	uint64_t *fields[] = {
		&v->cpu_usage_ns, &v->cpu_user_ns, &v->cpu_system_ns, &v->cpu_quota_us,
		&v->cpu_period_us, &v->cpu_weight, &v->cpu_shares, &v->nr_periods,
		&v->nr_throttled, &v->throttled_usec, &v->mem_current, &v->mem_usage,
		&v->mem_max, &v->mem_high, &v->mem_peak, &v->mem_swap, &v->mem_failcnt,
		&v->mem_stat.anon, &v->mem_stat.file, &v->mem_stat.inactive_file,
		&v->mem_stat.shmem, &v->oom, &v->oom_kill, &v->pids_current, &v->pids_max,
		&v->io_rbytes, &v->io_wbytes, &v->io_rios, &v->io_wios, &v->populated,
	};
	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		*fields[i] = CG_UNSET;
}

static struct cgroup *new_cgroup(struct cgroup_tree *t, struct cgroup *parent, const char *name)
{
	struct cgroup *cg = xcalloc(1, sizeof(*cg));
	if (parent) {
		cg->path = parent->depth ? xasprintf("%s/%s", parent->path, name)
					 : xasprintf("/%s", name);
		cg->name = strrchr(cg->path, '/') + 1;
		cg->depth = parent->depth + 1;
		cg->parent = parent;
		if (parent->nchildren == parent->children_cap) {
			parent->children_cap = parent->children_cap ? parent->children_cap * 2 : 8;
			parent->children = xrealloc(parent->children,
						    parent->children_cap * sizeof(*parent->children));
		}
		parent->children[parent->nchildren++] = cg;
	} else {
		cg->path = xstrdup("/");
		cg->name = cg->path;
	}
	values_init(&cg->v);
	cg->in_container = container_from_cgroup_path(cg->path, &cg->container);
	cg->path_fnv = fnv_add(FNV_BASIS, cg->path);
	if (hmap_get(&t->by_path, fnv_key(cg->path_fnv)))
		t->collided = true; /* the other one is found by search from now on */
	hmap_put(&t->by_path, fnv_key(cg->path_fnv), cg);
	return cg;
}

struct cgroup *cgroup_find(const struct cgroup_tree *t, const char *path)
{
	struct cgroup *cg = hmap_get(&t->by_path, path_key(path));
	if (cg && !strcmp(cg->path, path))
		return cg;
	for (size_t i = 0; t->collided && i < t->n; i++) /* a hash collision: search */
		if (!strcmp(t->all[i]->path, path))
			return t->all[i];
	return NULL;
}

/* Every scan of a hierarchy looks each of its cgroups up: by the hash of
 * the path, continued from the parent's without making the path. */
static struct cgroup *get_child(struct cgroup_tree *t, struct cgroup *parent, const char *name)
{
	uint64_t h = fnv_add(parent->depth ? fnv_add(parent->path_fnv, "/") : parent->path_fnv, name);
	struct cgroup *cg = hmap_get(&t->by_path, fnv_key(h));
	if (!cg || cg->parent != parent || strcmp(cg->name, name) != 0) {
		cg = NULL;
		for (size_t i = 0; t->collided && i < parent->nchildren && !cg; i++)
			if (!strcmp(parent->children[i]->name, name))
				cg = parent->children[i];
	}
	return cg ? cg : new_cgroup(t, parent, name);
}

static void set_if_unset(uint64_t *dst, uint64_t v)
{
	if (*dst == CG_UNSET)
		*dst = v;
}

static uint64_t mul_or_unset(uint64_t v, uint64_t factor)
{
	if (v >= CG_UNLIMITED)
		return v;
	return v > (CG_UNLIMITED - 1) / factor ? CG_UNSET : v * factor;
}

struct scan_ctx {
	struct cgroup_tree *t;
	unsigned want;          /* CGW_* read in this pass */
	struct buf buf;
	long page_size;
	long clk_tck;
	struct cg_cache *cache; /* NULL: every file opened and closed */
	struct cgc_dir *dir;    /* the kept directory being read, or NULL */
	bool walking;           /* dir is read by a walk of the whole tree */
	int dfd;                /* the directory being read */
	/* While a walk reads a cgroup: its parent's CPU time is what it was at
	 * the walk of this scan (0: moved, or not known); cpu_*: the same of
	 * the cgroup itself, for its children (see cpu_kept) */
	unsigned long still_gen;
	bool cpu_same;
	unsigned long cpu_prev_gen;
	_Alignas(struct dirent64) char dents[32768]; /* getdents64 records */
};

/* Everything but the getdents buffer zeroed, which needs none. */
static void scan_ctx_init(struct scan_ctx *s, struct cgroup_tree *t, unsigned want,
			  struct cg_cache *cache)
{
	memset(s, 0, offsetof(struct scan_ctx, dents));
	s->t = t;
	s->want = want;
	s->cache = cache;
	s->page_size = sysconf(_SC_PAGESIZE);
	s->clk_tck = sysconf(_SC_CLK_TCK);
	if (s->clk_tck <= 0)
		s->clk_tck = 100;
}

/* Reading one file of the cgroup directory being read: 0, or -errno.
 * Permission errors mark the cgroup, for the one warning. */
static int read_cg(struct scan_ctx *s, struct cgroup *cg, const char *file, unsigned want)
{
	int err = s->dir ? cg_cache_read(s->cache, s->dir, s->dfd, file, &s->buf)
			 : read_all_at(s->dfd, file, &s->buf);
	if (err && is_denied(err))
		cg->unknown |= want;
	return err;
}

static void read_value(struct scan_ctx *s, struct cgroup *cg, const char *file, unsigned want,
		       uint64_t *dst)
{
	uint64_t v;
	if (*dst == CG_UNSET && read_cg(s, cg, file, want) == 0 &&
	    cg_parse_value(s->buf.data, s->buf.len, &v))
		*dst = v;
}

/* CPU time counts the descendants' (cpu.stat's usage in v2, cpuacct.usage
 * in v1), so while a cgroup's stands still, so does every descendant's:
 * when a walk finds a parent's as it was at an earlier scan's walk, a
 * child's values kept from that walk are still exact, and its file is not
 * read.  top reads CPU for every cgroup at each refresh, and most cgroups
 * of a host are idle.  Reads outside a walk (rows read later, at other
 * moments) neither take nor keep values. */
static bool cpu_kept(struct scan_ctx *s, struct cg_values *v, bool times)
{
	struct cgc_dir *d = s->dir;
	if (!s->walking || !s->still_gen || d->cpu_gen != s->still_gen)
		return false;
	v->cpu_usage_ns = d->cpu_usage;
	if (times) {
		v->cpu_user_ns = d->cpu_user;
		v->cpu_system_ns = d->cpu_system;
	}
	s->cpu_same = true;
	s->cpu_prev_gen = d->cpu_gen;
	d->cpu_gen = s->cache->gen;
	return true;
}

/* Keeps the values just read for the next walk; notes whether they moved. */
static void cpu_keep(struct scan_ctx *s, const struct cg_values *v)
{
	struct cgc_dir *d = s->dir;
	if (!s->walking)
		return;
	if (v->cpu_usage_ns == CG_UNSET) {
		d->cpu_gen = 0;
		return;
	}
	s->cpu_same = d->cpu_gen && d->cpu_usage == v->cpu_usage_ns &&
		      d->cpu_user == v->cpu_user_ns && d->cpu_system == v->cpu_system_ns;
	s->cpu_prev_gen = d->cpu_gen;
	d->cpu_usage = v->cpu_usage_ns;
	d->cpu_user = v->cpu_user_ns;
	d->cpu_system = v->cpu_system_ns;
	d->cpu_gen = s->cache->gen;
}

static void read_v2(struct scan_ctx *s, const struct cg_hierarchy *h, struct cgroup *cg)
{
	struct buf *b = &s->buf;
	struct cg_values *v = &cg->v;
	unsigned want = s->want;

	if (want & (CGW_CPU | CGW_CPUTIMES | CGW_THROTTLE)) {
		/* throttling is the cgroup's own: no kept values for it */
		if (v->cpu_usage_ns == CG_UNSET && !(want & CGW_THROTTLE) && cpu_kept(s, v, true)) {
			/* as at the last walk */
		} else if (v->cpu_usage_ns == CG_UNSET && read_cg(s, cg, "cpu.stat", CGW_CPU) == 0) {
			struct cg_cpu_stat st;
			cg_parse_cpu_stat(b->data, b->len, &st);
			v->cpu_usage_ns = mul_or_unset(st.usage_usec, 1000);
			v->cpu_user_ns = mul_or_unset(st.user_usec, 1000);
			v->cpu_system_ns = mul_or_unset(st.system_usec, 1000);
			set_if_unset(&v->nr_periods, st.nr_periods);
			set_if_unset(&v->nr_throttled, st.nr_throttled);
			set_if_unset(&v->throttled_usec, st.throttled_usec);
			cpu_keep(s, v);
		}
	}
	if ((want & CGW_CPULIMIT) && (h->ctrl_mask & CGC_BIT(CGC_CPU)) &&
	    v->cpu_quota_us == CG_UNSET && read_cg(s, cg, "cpu.max", CGW_CPULIMIT) == 0)
		cg_parse_cpu_max(b->data, b->len, &v->cpu_quota_us, &v->cpu_period_us);
	if ((want & CGW_CPUWEIGHT) && (h->ctrl_mask & CGC_BIT(CGC_CPU)))
		read_value(s, cg, "cpu.weight", CGW_CPUWEIGHT, &v->cpu_weight);
	if ((want & CGW_CPUSET) && (h->ctrl_mask & CGC_BIT(CGC_CPUSET)) && !v->cpuset_cpus &&
	    read_cg(s, cg, "cpuset.cpus.effective", CGW_CPUSET) == 0)
		v->cpuset_cpus = cg_parse_line(b->data, b->len);
	if ((want & CGW_MEMORY) && (h->ctrl_mask & CGC_BIT(CGC_MEMORY))) {
		read_value(s, cg, "memory.current", CGW_MEMORY, &v->mem_current);
		if (v->mem_stat.inactive_file == CG_UNSET &&
		    read_cg(s, cg, "memory.stat", CGW_MEMORY) == 0)
			cg_parse_memory_stat(b->data, b->len, &v->mem_stat);
	}
	if ((want & CGW_MEMLIMIT) && (h->ctrl_mask & CGC_BIT(CGC_MEMORY))) {
		read_value(s, cg, "memory.max", CGW_MEMLIMIT, &v->mem_max);
		read_value(s, cg, "memory.high", CGW_MEMLIMIT, &v->mem_high);
	}
	if ((want & CGW_MEMEVENTS) && (h->ctrl_mask & CGC_BIT(CGC_MEMORY))) {
		read_value(s, cg, "memory.peak", CGW_MEMEVENTS, &v->mem_peak);
		read_value(s, cg, "memory.swap.current", CGW_MEMEVENTS, &v->mem_swap);
	}
	if ((want & (CGW_MEMEVENTS | CGW_OOM)) && (h->ctrl_mask & CGC_BIT(CGC_MEMORY))) {
		if (v->oom_kill == CG_UNSET &&
		    read_cg(s, cg, "memory.events", want & (CGW_MEMEVENTS | CGW_OOM)) == 0) {
			static const char *const keys[] = { "max", "oom", "oom_kill" };
			uint64_t ev[3];
			cg_parse_keyed(b->data, b->len, keys, ev, 3);
			set_if_unset(&v->mem_failcnt, ev[0]);
			v->oom = ev[1];
			v->oom_kill = ev[2];
		}
	}
	if ((want & CGW_PIDS) && (h->ctrl_mask & CGC_BIT(CGC_PIDS))) {
		read_value(s, cg, "pids.current", CGW_PIDS, &v->pids_current);
		read_value(s, cg, "pids.max", CGW_PIDS, &v->pids_max);
	}
	if ((want & (CGW_IO | CGW_IOPS)) && (h->ctrl_mask & CGC_BIT(CGC_IO)) &&
	    v->io_rbytes == CG_UNSET && read_cg(s, cg, "io.stat", want & (CGW_IO | CGW_IOPS)) == 0) {
		struct cg_io_stat io;
		cg_parse_io_stat(b->data, b->len, &io);
		v->io_rbytes = io.rbytes;
		v->io_wbytes = io.wbytes;
		v->io_rios = io.rios;
		v->io_wios = io.wios;
	}
	if (want & CGW_PSI) {
		if (!v->psi_cpu.some.have && read_cg(s, cg, "cpu.pressure", CGW_PSI) == 0)
			cg_parse_pressure(b->data, b->len, &v->psi_cpu);
		if (!v->psi_memory.some.have && read_cg(s, cg, "memory.pressure", CGW_PSI) == 0)
			cg_parse_pressure(b->data, b->len, &v->psi_memory);
		if (!v->psi_io.some.have && read_cg(s, cg, "io.pressure", CGW_PSI) == 0)
			cg_parse_pressure(b->data, b->len, &v->psi_io);
	}
	if (want & CGW_TYPE) {
		if (!v->type && read_cg(s, cg, "cgroup.type", CGW_TYPE) == 0)
			v->type = cg_parse_line(b->data, b->len);
		if (v->populated == CG_UNSET && read_cg(s, cg, "cgroup.events", CGW_TYPE) == 0) {
			static const char *const keys[] = { "populated" };
			cg_parse_keyed(b->data, b->len, keys, &v->populated, 1);
		}
	}
}

static void read_v1(struct scan_ctx *s, const struct cg_hierarchy *h, struct cgroup *cg)
{
	struct buf *b = &s->buf;
	struct cg_values *v = &cg->v;
	unsigned want = s->want, m = h->ctrl_mask;

	if ((want & CGW_CPU) && (m & CGC_BIT(CGC_CPUACCT)) && v->cpu_usage_ns == CG_UNSET &&
	    ((want & CGW_CPUTIMES) || !cpu_kept(s, v, false))) {
		read_value(s, cg, "cpuacct.usage", CGW_CPU, &v->cpu_usage_ns);
		if (!(want & CGW_CPUTIMES))
			cpu_keep(s, v);
	}
	if ((want & CGW_CPUTIMES) && (m & CGC_BIT(CGC_CPUACCT))) {
		if (v->cpu_user_ns == CG_UNSET && read_cg(s, cg, "cpuacct.stat", CGW_CPUTIMES) == 0) {
			uint64_t user, sys;
			uint64_t ns_per_tick = 1000000000ull / (uint64_t)s->clk_tck;
			cg_parse_cpuacct_stat(b->data, b->len, &user, &sys);
			v->cpu_user_ns = mul_or_unset(user, ns_per_tick);
			v->cpu_system_ns = mul_or_unset(sys, ns_per_tick);
		}
	}
	if ((want & CGW_CPULIMIT) && (m & CGC_BIT(CGC_CPU))) {
		if (v->cpu_quota_us == CG_UNSET &&
		    read_cg(s, cg, "cpu.cfs_quota_us", CGW_CPULIMIT) == 0)
			cg_parse_cfs_quota(b->data, b->len, &v->cpu_quota_us);
		read_value(s, cg, "cpu.cfs_period_us", CGW_CPULIMIT, &v->cpu_period_us);
	}
	if ((want & CGW_CPUWEIGHT) && (m & CGC_BIT(CGC_CPU)))
		read_value(s, cg, "cpu.shares", CGW_CPUWEIGHT, &v->cpu_shares);
	if ((want & CGW_THROTTLE) && (m & CGC_BIT(CGC_CPU))) {
		if (v->nr_throttled == CG_UNSET && read_cg(s, cg, "cpu.stat", CGW_THROTTLE) == 0) {
			struct cg_cpu_stat st;
			cg_parse_cpu_stat_v1(b->data, b->len, &st);
			v->nr_periods = st.nr_periods;
			v->nr_throttled = st.nr_throttled;
			v->throttled_usec = st.throttled_usec;
		}
	}
	if ((want & CGW_CPUSET) && (m & CGC_BIT(CGC_CPUSET)) && !v->cpuset_cpus) {
		if (read_cg(s, cg, "cpuset.effective_cpus", CGW_CPUSET) == 0 ||
		    read_cg(s, cg, "cpuset.cpus", CGW_CPUSET) == 0)
			v->cpuset_cpus = cg_parse_line(b->data, b->len);
	}
	if ((want & CGW_MEMORY) && (m & CGC_BIT(CGC_MEMORY))) {
		read_value(s, cg, "memory.usage_in_bytes", CGW_MEMORY, &v->mem_current);
		if (v->mem_stat.inactive_file == CG_UNSET &&
		    read_cg(s, cg, "memory.stat", CGW_MEMORY) == 0)
			cg_parse_memory_stat_v1(b->data, b->len, &v->mem_stat);
	}
	if ((want & CGW_MEMLIMIT) && (m & CGC_BIT(CGC_MEMORY)) && v->mem_max == CG_UNSET &&
	    read_cg(s, cg, "memory.limit_in_bytes", CGW_MEMLIMIT) == 0)
		cg_parse_v1_memory_limit(b->data, b->len, s->page_size, &v->mem_max);
	if ((want & CGW_MEMEVENTS) && (m & CGC_BIT(CGC_MEMORY))) {
		read_value(s, cg, "memory.max_usage_in_bytes", CGW_MEMEVENTS, &v->mem_peak);
		read_value(s, cg, "memory.failcnt", CGW_MEMEVENTS, &v->mem_failcnt);
	}
	if ((want & (CGW_MEMEVENTS | CGW_OOM)) && (m & CGC_BIT(CGC_MEMORY))) {
		if (v->oom_kill == CG_UNSET &&
		    read_cg(s, cg, "memory.oom_control", want & (CGW_MEMEVENTS | CGW_OOM)) == 0) {
			uint64_t disable, under;
			cg_parse_oom_control(b->data, b->len, &disable, &under, &v->oom_kill);
		}
	}
	if ((want & CGW_PIDS) && (m & CGC_BIT(CGC_PIDS))) {
		read_value(s, cg, "pids.current", CGW_PIDS, &v->pids_current);
		read_value(s, cg, "pids.max", CGW_PIDS, &v->pids_max);
	}
	/* the _recursive files count descendants too, as v2's io.stat does */
	if ((want & CGW_IO) && (m & CGC_BIT(CGC_IO)) && v->io_rbytes == CG_UNSET &&
	    (read_cg(s, cg, "blkio.throttle.io_service_bytes_recursive", CGW_IO) == 0 ||
	     read_cg(s, cg, "blkio.throttle.io_service_bytes", CGW_IO) == 0))
		cg_parse_blkio(b->data, b->len, &v->io_rbytes, &v->io_wbytes);
	if ((want & CGW_IOPS) && (m & CGC_BIT(CGC_IO)) && v->io_rios == CG_UNSET &&
	    (read_cg(s, cg, "blkio.throttle.io_serviced_recursive", CGW_IOPS) == 0 ||
	     read_cg(s, cg, "blkio.throttle.io_serviced", CGW_IOPS) == 0))
		cg_parse_blkio(b->data, b->len, &v->io_rios, &v->io_wios);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* v1: a descriptor of cgroup.procs kept open reads the kernel's pidlist
 * of its first read again and again, as long as it is read more often than
 * once a second (cgroup_pidlist_start() reloads it only for a new open):
 * there the file is opened for each read. */
static void read_procs(struct scan_ctx *s, struct cgroup *cg, bool v1)
{
	if (cg->procs_known)
		return;
	struct cgc_dir *kept = s->dir;
	if (v1)
		s->dir = NULL;
	int err = read_cg(s, cg, "cgroup.procs", CGW_PROCS);
	s->dir = kept;
	if (err)
		return;
	cg->nprocs = cg_parse_procs(s->buf.data, s->buf.len, &cg->procs);
	cg->procs_known = true;
	/* the kernel lists them in no promised order */
	if (cg->nprocs > 1)
		qsort(cg->procs, cg->nprocs, sizeof(*cg->procs), cmp_pid);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((*(struct cgroup *const *)a)->name, (*(struct cgroup *const *)b)->name);
}

/* Reads the values of cgroup cg that directory dfd of hierarchy hi holds. */
static void read_cgroup(struct scan_ctx *s, size_t hi, struct cgroup *cg, int dfd)
{
	const struct cg_hierarchy *h = &s->t->hier[hi];
	s->dfd = dfd;
	cg->hier_mask |= 1u << hi;
	cg->ctrl_mask |= h->ctrl_mask;
	if (h->version == 2)
		read_v2(s, h, cg);
	else
		read_v1(s, h, cg);
	if ((s->want & CGW_PROCS) || ((s->want & CGW_PROCS_MEMBERSHIP) && hi == 0))
		read_procs(s, cg, h->version == 1);
}

/* The subdirectories of dfd, listed from its start with getdents64 into
 * one buffer: kernfs fills it in one call unless it runs out, so a short
 * answer is the end (this saves the fdopendir fcntl/fstat and the final
 * empty getdents of every cgroup).  Returns their number. */
static size_t list_subdirs(struct scan_ctx *s, int dfd, char ***names, uint64_t **inos)
{
	char *dents = s->dents;
	size_t ndirs = 0, cap = 0;
	*names = NULL;
	*inos = NULL;
	for (;;) {
		long n = syscall(SYS_getdents64, dfd, dents, sizeof(s->dents));
		if (n <= 0)
			break;
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			off += d->d_reclen;
			if (d->d_type != DT_DIR && d->d_type != DT_UNKNOWN)
				continue;
			if (d->d_name[0] == '.' &&
			    (!d->d_name[1] || (d->d_name[1] == '.' && !d->d_name[2])))
				continue;
			if (ndirs == cap) {
				cap = cap ? cap * 2 : 16;
				*names = xrealloc(*names, cap * sizeof(**names));
				*inos = xrealloc(*inos, cap * sizeof(**inos));
			}
			(*inos)[ndirs] = d->d_ino;
			(*names)[ndirs++] = xstrdup(d->d_name);
		}
		if ((size_t)n + 1024 < sizeof(s->dents))
			break;
	}
	return ndirs;
}

static void free_names(char **names, uint64_t *inos, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(inos);
}

/* Reads cgroup cg from directory dfd of hierarchy hi, then its children.
 * Takes ownership of dfd. */
static void walk(struct scan_ctx *s, size_t hi, struct cgroup *cg, int dfd)
{
	read_cgroup(s, hi, cg, dfd);

	if (cg->depth >= MAX_DEPTH) {
		close(dfd);
		return;
	}
	char **names;
	uint64_t *inos;
	size_t ndirs = list_subdirs(s, dfd, &names, &inos);
	/* the buffer is free again: descend */
	for (size_t i = 0; i < ndirs; i++) {
		int cfd = fs_openat(dfd, names[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd >= 0) { /* else removed meanwhile, or a file */
			struct cgroup *child = get_child(s->t, cg, names[i]);
			if (!child->ino)
				child->ino = inos[i];
			walk(s, hi, child, cfd);
		}
	}
	free_names(names, inos, ndirs);
	close(dfd);
}

/* Takes a cgroup made by this walk out of the tree again: its directory
 * was removed before anything of it could be read. */
static void unlink_cgroup(struct cgroup_tree *t, struct cgroup *cg)
{
	struct cgroup *p = cg->parent;
	for (size_t i = 0; i < p->nchildren; i++) {
		if (p->children[i] == cg) {
			memmove(&p->children[i], &p->children[i + 1],
				(p->nchildren - i - 1) * sizeof(*p->children));
			p->nchildren--;
			break;
		}
	}
	if (hmap_get(&t->by_path, path_key(cg->path)) == cg)
		hmap_put(&t->by_path, path_key(cg->path), NULL);
	free(cg->children);
	free(cg->procs);
	free(cg->kept);
	free(cg->v.cpuset_cpus);
	free(cg->v.type);
	free(cg->path);
	free(cg);
}

/* Lists d again (from dfd's start) into the cache. */
static void relist(struct scan_ctx *s, struct cgc_dir *d, int dfd)
{
	char **names;
	uint64_t *inos;
	if (d->listed) /* else dfd was opened by this walk: at its start */
		lseek(dfd, 0, SEEK_SET);
	size_t n = list_subdirs(s, dfd, &names, &inos);
	cg_cache_set_children(s->cache, d, names, inos, n);
	free_names(names, inos, n);
}

static void walk_cached(struct scan_ctx *s, size_t hi, struct cgroup *cg, struct cgc_dir *d,
			int dfd, unsigned long nlink, unsigned long still_gen);

/* Walks child c of cgroup cg (directory dfd of cache entry d): false
 * when it is gone.  Unless d's watch would have said so, a stat of c's
 * name tells whether it is still the directory listed (a kept descriptor
 * of a removed or replaced one would read on) and how many
 * subdirectories it has. */
static bool walk_cached_child(struct scan_ctx *s, size_t hi, struct cgroup *cg,
			      struct cgc_dir *d, int dfd, struct cgc_dir *c, unsigned long still_gen)
{
	struct stat st = { 0 };
	if (c->dead)
		return false;
	if (!cg_cache_watched(s->cache, d) &&
	    (fstatat(dfd, c->name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	     (uint64_t)st.st_ino != c->ino || !S_ISDIR(st.st_mode))) {
		c->dead = true;
		return false;
	}
	int cfd = c->fd;
	if (cfd < 0) {
		cfd = fs_openat(dfd, c->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0) {
			c->dead = true;
			return false;
		}
		if (cg_cache_take_fd(s->cache))
			c->fd = cfd;
	}
	size_t nbefore = cg->nchildren;
	struct cgroup *child = get_child(s->t, cg, c->name);
	bool made = cg->nchildren > nbefore;
	uint32_t hier_mask = child->hier_mask;
	unsigned ctrl_mask = child->ctrl_mask;
	if (!child->ino)
		child->ino = c->ino;
	walk_cached(s, hi, child, c, cfd, (unsigned long)st.st_nlink, still_gen);
	if (cfd != c->fd)
		close(cfd);
	if (!c->dead)
		return true;
	/* removed between the stat and the reads */
	if (made)
		unlink_cgroup(s->t, child);
	else {
		child->hier_mask = hier_mask;
		child->ctrl_mask = ctrl_mask;
	}
	return false;
}

/* walk() through the cache (see cgcache.h): the files of d are read
 * through its kept descriptors, and d is listed again only when its watch
 * or, unwatched, its subdirectory count (nlink, 0 when not known) says it
 * changed, or a child is gone.  still_gen: the parent's, for cpu_kept. */
static void walk_cached(struct scan_ctx *s, size_t hi, struct cgroup *cg, struct cgc_dir *d,
			int dfd, unsigned long nlink, unsigned long still_gen)
{
	d->gen = s->cache->gen;
	if (!cg->kept)
		cg->kept = xcalloc(s->t->nhier, sizeof(*cg->kept));
	cg->kept[hi] = d;
	/* first: the watch it may add then covers the reads and the listing */
	bool must_list = cg_cache_must_list(s->cache, d, dfd, nlink);
	s->dir = d;
	s->walking = true;
	s->still_gen = still_gen;
	s->cpu_same = false;
	read_cgroup(s, hi, cg, dfd);
	s->walking = false;
	s->dir = NULL;
	if (d->dead || cg->depth >= MAX_DEPTH)
		return;
	/* what the children's CPU values may be taken from (cpu_kept) */
	unsigned long children_still = s->cpu_same ? s->cpu_prev_gen : 0;
	if (must_list)
		relist(s, d, dfd);
	bool gone = false;
	for (size_t i = 0; i < d->nchildren; i++)
		if (!walk_cached_child(s, hi, cg, d, dfd, d->children[i], children_still))
			gone = true;
	if (!gone)
		return;
	/* a child was removed, and maybe another made under the same count */
	relist(s, d, dfd);
	for (size_t i = 0; i < d->nchildren; i++)
		if (d->children[i]->gen != s->cache->gen)
			walk_cached_child(s, hi, cg, d, dfd, d->children[i], children_still);
}

/* The controllers whose hierarchies hold something wanted. */
static unsigned wanted_controllers(unsigned want)
{
	unsigned m = 0;
	if (want & (CGW_CPU | CGW_CPUTIMES))
		m |= CGC_BIT(CGC_CPUACCT);
	if (want & (CGW_CPULIMIT | CGW_CPUWEIGHT | CGW_THROTTLE))
		m |= CGC_BIT(CGC_CPU);
	if (want & CGW_CPUSET)
		m |= CGC_BIT(CGC_CPUSET);
	if (want & (CGW_MEMORY | CGW_MEMLIMIT | CGW_MEMEVENTS | CGW_OOM))
		m |= CGC_BIT(CGC_MEMORY);
	if (want & (CGW_IO | CGW_IOPS))
		m |= CGC_BIT(CGC_IO);
	if (want & CGW_PIDS)
		m |= CGC_BIT(CGC_PIDS);
	return m;
}

/* Whether hierarchy i is read for want: the membership hierarchy and v2
 * always, v1 ones only when they serve a value asked for. */
static bool hier_wanted(const struct cgroup_tree *t, size_t i, unsigned want)
{
	const struct cg_hierarchy *h = &t->hier[i];
	return i == 0 || h->version == 2 || (want & CGW_ALLHIER) ||
	       (h->ctrl_mask & wanted_controllers(want));
}

static void add_preorder(struct cgroup_tree *t, struct cgroup *cg, size_t *cap)
{
	if (t->n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		t->all = xrealloc(t->all, *cap * sizeof(*t->all));
	}
	t->all[t->n++] = cg;
	if (cg->nchildren > 1)
		qsort(cg->children, cg->nchildren, sizeof(*cg->children), cmp_name);
	for (size_t i = 0; i < cg->nchildren; i++)
		add_preorder(t, cg->children[i], cap);
}

/* The root cgroup of v2 has no memory.current, pids.current or cpu.max,
 * and a host without some controller has no files at all: the kernel's
 * global counters stand in. */
static void root_fallbacks(struct scan_ctx *s, struct sysroot *root, struct cgroup *cg)
{
	struct cg_values *v = &cg->v;
	struct buf *b = &s->buf;
	unsigned want = s->want;

	if ((want & (CGW_CPU | CGW_CPUTIMES)) && v->cpu_usage_ns == CG_UNSET &&
	    read_all_at(root->proc_fd, "stat", b) == 0) {
		uint64_t total, user, sys, ns_per_tick = 1000000000ull / (uint64_t)s->clk_tck;
		if (cg_parse_proc_stat(b->data, b->len, &total, &user, &sys)) {
			v->cpu_usage_ns = mul_or_unset(total, ns_per_tick);
			v->cpu_user_ns = mul_or_unset(user, ns_per_tick);
			v->cpu_system_ns = mul_or_unset(sys, ns_per_tick);
			cg->is_root_fallback = true;
		}
	}
	if ((want & (CGW_MEMORY | CGW_MEMLIMIT | CGW_MEMEVENTS)) &&
	    (v->mem_current == CG_UNSET || v->mem_max == CG_UNSET) &&
	    read_all_at(root->proc_fd, "meminfo", b) == 0) {
		struct cg_meminfo mi;
		cg_parse_meminfo(b->data, b->len, &mi);
		if (v->mem_current == CG_UNSET && mi.total != CG_UNSET && mi.free != CG_UNSET &&
		    mi.free <= mi.total) {
			v->mem_current = mi.total - mi.free;
			v->mem_stat.inactive_file = mi.inactive_file;
			cg->is_root_fallback = true;
		}
		if (v->mem_max == CG_UNSET && mi.total != CG_UNSET) {
			v->mem_max = mi.total;
			cg->is_root_fallback = true;
		}
		if (v->mem_swap == CG_UNSET)
			v->mem_swap = mi.swap_used;
	}
	if ((want & CGW_PIDS) && v->pids_current == CG_UNSET &&
	    read_all_at(root->proc_fd, "loadavg", b) == 0 &&
	    cg_parse_loadavg_tasks(b->data, b->len, &v->pids_current)) {
		cg->is_root_fallback = true;
	}
	/* v2 has no pids.max nor cpu.max at the root: it has no limit */
	if ((want & CGW_PIDS) && v->pids_max == CG_UNSET && v->pids_current != CG_UNSET)
		v->pids_max = CG_UNLIMITED;
	if ((want & CGW_CPULIMIT) && v->cpu_quota_us == CG_UNSET) {
		v->cpu_quota_us = CG_UNLIMITED;
		v->cpu_period_us = 100000;
	}
}

/* Values computed from the ones read. */
static void derive_values(struct cg_values *v)
{
	if (v->mem_current != CG_UNSET) {
		uint64_t inactive = v->mem_stat.inactive_file;
		v->mem_usage = inactive != CG_UNSET && inactive < v->mem_current
				       ? v->mem_current - inactive
				       : v->mem_current;
	}
}

/* Reads the cgroup at path (relative to hierarchy hi's mount) and makes
 * the nodes above it, without listing any directory.  Paths that leave
 * the mount ("..", as a process outside our cgroup namespace shows) or
 * do not exist in this hierarchy are skipped. */
static void visit_path(struct scan_ctx *s, size_t hi, const char *path)
{
	int dfd = fs_openat(s->t->hier[hi].fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct cgroup *cg = s->t->root;
	char *copy = xstrdup(path), *save = NULL;
	for (char *comp = strtok_r(copy, "/", &save); comp && dfd >= 0; comp = strtok_r(NULL, "/", &save)) {
		if (!strcmp(comp, ".") || !strcmp(comp, "..") || cg->depth >= MAX_DEPTH) {
			close(dfd);
			dfd = -1;
			break;
		}
		int cfd = fs_openat(dfd, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		close(dfd);
		dfd = cfd;
		if (dfd >= 0)
			cg = get_child(s->t, cg, comp);
	}
	free(copy);
	if (dfd < 0)
		return;
	read_cgroup(s, hi, cg, dfd);
	close(dfd);
}

/* cgroup_scan and cgroup_scan_paths: the whole tree of each hierarchy
 * wanted, or only the given paths in it. */
static int scan(struct cgroup_tree *t, struct sysroot *root, unsigned want, unsigned walk_too,
		const char *const *paths, size_t npaths, bool whole, struct cg_cache *cache)
{
	memset(t, 0, sizeof(*t));
	t->want = want;
	struct scan_ctx s;
	scan_ctx_init(&s, t, want, cache);
	if (cache)
		cg_cache_begin(cache);

	int err = find_hierarchies(t, root, &s.buf);
	if (err) {
		if (cache)
			cg_cache_end(cache);
		buf_free(&s.buf);
		return err;
	}
	if (t->nhier) {
		t->root = new_cgroup(t, NULL, "");
		for (size_t i = 0; i < t->nhier; i++) {
			const struct cg_hierarchy *h = &t->hier[i];
			if (!hier_wanted(t, i, want | walk_too))
				continue;
			if (!whole) {
				for (size_t k = 0; k < npaths; k++)
					visit_path(&s, i, paths[k]);
				continue;
			}
			struct cgc_dir *kept = cache ? cg_cache_root(cache, h->version, h->controllers,
								     h->fd) : NULL;
			if (kept) {
				/* a root's CPU time is always read */
				walk_cached(&s, i, t->root, kept, kept->fd, 0, 0);
				continue;
			}
			int fd = fs_openat(t->hier[i].fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (fd >= 0)
				walk(&s, i, t->root, fd);
		}
		root_fallbacks(&s, root, t->root);
		size_t cap = 0;
		add_preorder(t, t->root, &cap);
	}
	for (size_t i = 0; i < t->n; i++) {
		derive_values(&t->all[i]->v);
		if (t->all[i]->unknown)
			t->denied++;
	}
	if (cache)
		cg_cache_end(cache);
	buf_free(&s.buf);
	return 0;
}

int cgroup_scan(struct cgroup_tree *t, struct sysroot *root, unsigned want)
{
	return scan(t, root, want, 0, NULL, 0, true, NULL);
}

int cgroup_scan_cached(struct cgroup_tree *t, struct sysroot *root, unsigned want,
		       struct cg_cache *cache)
{
	return scan(t, root, want, 0, NULL, 0, true, cache);
}

int cgroup_scan_walk(struct cgroup_tree *t, struct sysroot *root, unsigned want, unsigned walk,
		     struct cg_cache *cache)
{
	return scan(t, root, want, walk, NULL, 0, true, cache);
}

void cgroup_read_more(struct cgroup_tree *t, struct sysroot *root, unsigned want,
		      struct cgroup *cg, struct cg_cache *cache)
{
	unsigned unknown = cg->unknown;
	struct scan_ctx ctx, *s = &ctx;
	scan_ctx_init(s, t, want, cache);
	for (size_t i = 0; i < t->nhier; i++) {
		const struct cg_hierarchy *h = &t->hier[i];
		if (!(cg->hier_mask & (1u << i)) || !hier_wanted(t, i, want))
			continue;
		struct cgc_dir *d = cg->kept ? cg->kept[i] : NULL;
		if (d && d->dead)
			continue;
		int dfd = d ? d->fd : -1;
		if (dfd < 0)
			dfd = fs_openat(h->fd, cg->depth ? cg->path + 1 : ".",
				     O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue; /* removed since the scan */
		s->dir = cache ? d : NULL;
		read_cgroup(s, i, cg, dfd);
		s->dir = NULL;
		if (!d || dfd != d->fd)
			close(dfd);
	}
	if (cg == t->root)
		root_fallbacks(s, root, cg);
	derive_values(&cg->v);
	if (cg->unknown && !unknown)
		t->denied++;
	t->want |= want;
	buf_free(&s->buf);
}

int cgroup_scan_paths(struct cgroup_tree *t, struct sysroot *root, unsigned want,
		      const char *const *paths, size_t npaths)
{
	return scan(t, root, want, 0, paths, npaths, false, NULL);
}

void cgroup_tree_free(struct cgroup_tree *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct cgroup *cg = t->all[i];
		free(cg->path);
		free(cg->children);
		free(cg->procs);
		free(cg->kept);
		free(cg->v.cpuset_cpus);
		free(cg->v.type);
		free(cg);
	}
	for (size_t i = 0; i < t->nhier; i++) {
		free(t->hier[i].controllers);
		free(t->hier[i].mountpoint);
		if (t->hier[i].fd >= 0)
			close(t->hier[i].fd);
	}
	free(t->hier);
	free(t->all);
	hmap_free(&t->by_path);
	memset(t, 0, sizeof(*t));
}

char *cgroup_hierarchies_text(const struct cgroup_tree *t, const struct cgroup *cg)
{
	struct buf b = { 0 };
	buf_append(&b, "", 0);
	for (size_t i = 0; i < t->nhier; i++) {
		if (!(cg->hier_mask & (1u << i)))
			continue;
		const char *name = t->hier[i].version == 2 ? "v2" : t->hier[i].controllers;
		if (b.len)
			buf_append(&b, ",", 1);
		buf_append(&b, name, strlen(name));
	}
	return b.data;
}

const char *cgroup_layout(const struct cgroup_tree *t)
{
	bool v1 = false, v2 = false;
	for (size_t i = 0; i < t->nhier; i++) {
		if (t->hier[i].version == 2)
			v2 = true;
		else if (t->hier[i].ctrl_mask)
			v1 = true;
	}
	return v1 && v2 ? "hybrid" : v1 ? "v1" : v2 ? "v2" : "none";
}

char *cgroup_cpu_limit_text(const struct cg_values *v)
{
	if (v->cpu_quota_us == CG_UNSET || v->cpu_period_us == CG_UNSET || v->cpu_period_us == 0)
		return NULL;
	if (v->cpu_quota_us == CG_UNLIMITED)
		return xstrdup("max");
	/* CPUs with two decimals, trailing zeros dropped: 0.5, 1.25, 2 */
	uint64_t hundredths = (v->cpu_quota_us * 100 + v->cpu_period_us / 2) / v->cpu_period_us;
	char *s = xasprintf("%llu.%02llu", (unsigned long long)(hundredths / 100),
			    (unsigned long long)(hundredths % 100));
	size_t len = strlen(s);
	while (s[len - 1] == '0')
		s[--len] = '\0';
	if (s[len - 1] == '.')
		s[--len] = '\0';
	return s;
}

static const char *const runtimes[] = { "docker", "podman", "k8s", "lxc", "nspawn", "containerd", "crio" };

bool cgroup_pattern_is_runtime(const char *pattern)
{
	for (size_t i = 0; i < ARRAY_SIZE(runtimes); i++)
		if (!strcmp(pattern, runtimes[i]))
			return true;
	return false;
}

bool cgroup_matches_pattern(const struct cgroup *cg, const char *pattern, bool is_runtime,
			    const char *name)
{
	if (is_runtime) {
		if (!cg->in_container)
			return false;
		if (!strcmp(pattern, "k8s"))
			return cg->container.pod[0] != '\0';
		return !strcmp(cg->container.runtime, pattern);
	}
	return strstr(cg->path, pattern) || (name && strstr(name, pattern));
}
