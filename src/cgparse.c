#include "cgparse.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

/* Whitespace-separated tokens within [*p, end). */
static bool next_token(const char **p, const char *end, const char **tok, size_t *tlen)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end)
		return false;
	const char *e = s;
	while (e < end && *e != ' ' && *e != '\t')
		e++;
	*tok = s;
	*tlen = (size_t)(e - s);
	*p = e;
	return true;
}

/* A number that cannot be mistaken for a sentinel. */
static bool parse_count(const char *s, size_t len, uint64_t *out)
{
	uint64_t v;
	if (!parse_u64(s, len, &v) || v >= CG_UNLIMITED)
		return false;
	*out = v;
	return true;
}

/* One line of [*p, end) without its newline; false at the end. */
static bool next_line(const char **p, const char *end, const char **line, size_t *llen)
{
	if (*p >= end)
		return false;
	const char *eol = memchr(*p, '\n', (size_t)(end - *p));
	if (!eol)
		eol = end;
	*line = *p;
	*llen = (size_t)(eol - *p);
	*p = eol + 1;
	return true;
}

bool cg_parse_value(const char *buf, size_t len, uint64_t *out)
{
	*out = CG_UNSET;
	if (!buf)
		return false;
	trim(&buf, &len);
	if (len == 3 && memcmp(buf, "max", 3) == 0) {
		*out = CG_UNLIMITED;
		return true;
	}
	return parse_count(buf, len, out);
}

uint64_t cg_v1_unlimited(long page_size)
{
	if (page_size <= 0)
		page_size = 4096;
	return (uint64_t)(LONG_MAX / page_size) * (uint64_t)page_size;
}

bool cg_parse_v1_memory_limit(const char *buf, size_t len, long page_size, uint64_t *out)
{
	uint64_t v;
	*out = CG_UNSET;
	if (!buf)
		return false;
	trim(&buf, &len);
	if (!parse_u64(buf, len, &v))
		return false;
	*out = v >= cg_v1_unlimited(page_size) ? CG_UNLIMITED : v;
	return true;
}

size_t cg_parse_keyed(const char *buf, size_t len, const char *const *keys, uint64_t *vals,
		      size_t nkeys)
{
	size_t found = 0;
	for (size_t i = 0; i < nkeys; i++)
		vals[i] = CG_UNSET;
	if (!buf)
		return 0;
	const char *cur = buf, *line;
	size_t llen;
	while (next_line(&cur, buf + len, &line, &llen)) {
		const char *p = line, *end = line + llen, *k, *v;
		size_t kl, vl;
		if (!next_token(&p, end, &k, &kl) || !next_token(&p, end, &v, &vl))
			continue;
		for (size_t i = 0; i < nkeys; i++) {
			if (strlen(keys[i]) == kl && memcmp(keys[i], k, kl) == 0) {
				if (vals[i] == CG_UNSET && parse_count(v, vl, &vals[i]))
					found++;
				break;
			}
		}
	}
	return found;
}

void cg_parse_cpu_stat(const char *buf, size_t len, struct cg_cpu_stat *st)
{
	static const char *const keys[] = { "usage_usec",  "user_usec",    "system_usec",
					    "nr_periods",  "nr_throttled", "throttled_usec" };
	uint64_t v[ARRAY_SIZE(keys)];
	cg_parse_keyed(buf, len, keys, v, ARRAY_SIZE(keys));
	*st = (struct cg_cpu_stat){ v[0], v[1], v[2], v[3], v[4], v[5] };
}

void cg_parse_cpu_stat_v1(const char *buf, size_t len, struct cg_cpu_stat *st)
{
	static const char *const keys[] = { "nr_periods", "nr_throttled", "throttled_time" };
	uint64_t v[ARRAY_SIZE(keys)];
	cg_parse_keyed(buf, len, keys, v, ARRAY_SIZE(keys));
	st->usage_usec = st->user_usec = st->system_usec = CG_UNSET;
	st->nr_periods = v[0];
	st->nr_throttled = v[1];
	st->throttled_usec = v[2] == CG_UNSET ? CG_UNSET : v[2] / 1000;
}

void cg_parse_cpuacct_stat(const char *buf, size_t len, uint64_t *user_ticks,
			   uint64_t *system_ticks)
{
	static const char *const keys[] = { "user", "system" };
	uint64_t v[2];
	cg_parse_keyed(buf, len, keys, v, 2);
	*user_ticks = v[0];
	*system_ticks = v[1];
}

bool cg_parse_cpu_max(const char *buf, size_t len, uint64_t *quota_us, uint64_t *period_us)
{
	const char *p = buf, *end, *q, *per;
	size_t ql, pl;
	*quota_us = *period_us = CG_UNSET;
	if (!buf)
		return false;
	trim(&p, &len);
	end = p + len;
	if (!next_token(&p, end, &q, &ql))
		return false;
	uint64_t quota, period = 100000;
	if (ql == 3 && memcmp(q, "max", 3) == 0)
		quota = CG_UNLIMITED;
	else if (!parse_count(q, ql, &quota))
		return false;
	if (next_token(&p, end, &per, &pl) && (!parse_count(per, pl, &period) || period == 0))
		return false;
	if (next_token(&p, end, &per, &pl))
		return false; /* a third field: not cpu.max */
	*quota_us = quota;
	*period_us = period;
	return true;
}

bool cg_parse_cfs_quota(const char *buf, size_t len, uint64_t *quota_us)
{
	int64_t v;
	*quota_us = CG_UNSET;
	if (!buf)
		return false;
	trim(&buf, &len);
	if (!parse_i64(buf, len, &v))
		return false;
	*quota_us = v < 0 ? CG_UNLIMITED : (uint64_t)v;
	return true;
}

void cg_parse_memory_stat(const char *buf, size_t len, struct cg_memory_stat *ms)
{
	static const char *const keys[] = { "anon", "file", "inactive_file", "shmem" };
	uint64_t v[ARRAY_SIZE(keys)];
	cg_parse_keyed(buf, len, keys, v, ARRAY_SIZE(keys));
	*ms = (struct cg_memory_stat){ v[0], v[1], v[2], v[3] };
}

void cg_parse_memory_stat_v1(const char *buf, size_t len, struct cg_memory_stat *ms)
{
	/* total_* include the descendants, as memory.usage_in_bytes does with
	 * use_hierarchy (always on since 5.x); docker stats uses
	 * total_inactive_file on v1. */
	static const char *const keys[] = { "total_rss",  "total_cache", "total_inactive_file",
					    "total_shmem", "rss",         "cache",
					    "inactive_file", "shmem" };
	uint64_t v[ARRAY_SIZE(keys)];
	cg_parse_keyed(buf, len, keys, v, ARRAY_SIZE(keys));
	for (size_t i = 0; i < 4; i++)
		if (v[i] == CG_UNSET)
			v[i] = v[i + 4];
	*ms = (struct cg_memory_stat){ v[0], v[1], v[2], v[3] };
}

void cg_parse_memory_events(const char *buf, size_t len, uint64_t *oom, uint64_t *oom_kill)
{
	static const char *const keys[] = { "oom", "oom_kill" };
	uint64_t v[2];
	cg_parse_keyed(buf, len, keys, v, 2);
	*oom = v[0];
	*oom_kill = v[1];
}

void cg_parse_oom_control(const char *buf, size_t len, uint64_t *oom_kill_disable,
			  uint64_t *under_oom, uint64_t *oom_kill)
{
	static const char *const keys[] = { "oom_kill_disable", "under_oom", "oom_kill" };
	uint64_t v[3];
	cg_parse_keyed(buf, len, keys, v, 3);
	*oom_kill_disable = v[0];
	*under_oom = v[1];
	*oom_kill = v[2];
}

/* "MAJ:MIN" */
static bool is_device(const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len);
	uint64_t x;
	return colon && parse_u64(s, (size_t)(colon - s), &x) &&
	       parse_u64(colon + 1, len - (size_t)(colon - s) - 1, &x);
}

/* Adds v to *sum unless one of them is unknown; saturates instead of
 * wrapping on absurd input. */
static void add_to(uint64_t *sum, uint64_t v)
{
	if (*sum >= CG_UNLIMITED)
		return;
	*sum = v >= CG_UNLIMITED - *sum ? CG_UNLIMITED - 1 : *sum + v;
}

void cg_parse_io_stat(const char *buf, size_t len, struct cg_io_stat *io)
{
	memset(io, 0, sizeof(*io));
	if (!buf)
		return;
	const char *cur = buf, *line;
	size_t llen;
	while (next_line(&cur, buf + len, &line, &llen)) {
		const char *p = line, *end = line + llen, *tok;
		size_t tl;
		if (!next_token(&p, end, &tok, &tl) || !is_device(tok, tl))
			continue;
		io->ndevices++;
		while (next_token(&p, end, &tok, &tl)) {
			const char *eq = memchr(tok, '=', tl);
			uint64_t v;
			if (!eq || !parse_count(eq + 1, tl - (size_t)(eq - tok) - 1, &v))
				continue;
			size_t kl = (size_t)(eq - tok);
#define IS(k) (kl == sizeof(k) - 1 && memcmp(tok, k, kl) == 0)
			if (IS("rbytes"))
				add_to(&io->rbytes, v);
			else if (IS("wbytes"))
				add_to(&io->wbytes, v);
			else if (IS("rios"))
				add_to(&io->rios, v);
			else if (IS("wios"))
				add_to(&io->wios, v);
#undef IS
		}
	}
}

void cg_parse_blkio(const char *buf, size_t len, uint64_t *read, uint64_t *write)
{
	*read = *write = CG_UNSET;
	if (!buf)
		return;
	bool seen = false;
	uint64_t r = 0, w = 0;
	const char *cur = buf, *line;
	size_t llen;
	while (next_line(&cur, buf + len, &line, &llen)) {
		const char *p = line, *end = line + llen, *dev, *op, *val;
		size_t dl, ol, vl;
		uint64_t v;
		if (!next_token(&p, end, &dev, &dl))
			continue;
		if (dl == 5 && memcmp(dev, "Total", 5) == 0) {
			seen = true; /* the file is well-formed, even with no device */
			continue;
		}
		if (!is_device(dev, dl) || !next_token(&p, end, &op, &ol) ||
		    !next_token(&p, end, &val, &vl) || !parse_count(val, vl, &v))
			continue;
		seen = true;
		if (ol == 4 && memcmp(op, "Read", 4) == 0)
			add_to(&r, v);
		else if (ol == 5 && memcmp(op, "Write", 5) == 0)
			add_to(&w, v);
	}
	if (seen) {
		*read = r;
		*write = w;
	}
}

/* "12.34" -> 1234, at most two decimals, locale-free. */
static bool parse_hundredths(const char *s, size_t len, uint32_t *out)
{
	const char *dot = memchr(s, '.', len);
	size_t il = dot ? (size_t)(dot - s) : len;
	uint64_t ip, frac = 0;
	if (!parse_u64(s, il, &ip) || ip > 100000)
		return false;
	if (dot) {
		size_t fl = len - il - 1;
		if (fl == 0 || fl > 2 || !parse_u64(dot + 1, fl, &frac))
			return false;
		if (fl == 1)
			frac *= 10;
	}
	*out = (uint32_t)(ip * 100 + frac);
	return true;
}

void cg_parse_pressure(const char *buf, size_t len, struct cg_psi *psi)
{
	memset(psi, 0, sizeof(*psi));
	if (!buf)
		return;
	const char *cur = buf, *line;
	size_t llen;
	while (next_line(&cur, buf + len, &line, &llen)) {
		const char *p = line, *end = line + llen, *tok;
		size_t tl;
		struct cg_psi_line *pl, l = { 0 };
		if (!next_token(&p, end, &tok, &tl))
			continue;
		if (tl == 4 && memcmp(tok, "some", 4) == 0)
			pl = &psi->some;
		else if (tl == 4 && memcmp(tok, "full", 4) == 0)
			pl = &psi->full;
		else
			continue;
		unsigned seen = 0;
		while (next_token(&p, end, &tok, &tl)) {
			const char *eq = memchr(tok, '=', tl);
			if (!eq)
				continue;
			size_t kl = (size_t)(eq - tok), vl = tl - kl - 1;
			const char *v = eq + 1;
			if (kl == 5 && !memcmp(tok, "avg10", 5) && parse_hundredths(v, vl, &l.avg10))
				seen |= 1;
			else if (kl == 5 && !memcmp(tok, "avg60", 5) && parse_hundredths(v, vl, &l.avg60))
				seen |= 2;
			else if (kl == 6 && !memcmp(tok, "avg300", 6) && parse_hundredths(v, vl, &l.avg300))
				seen |= 4;
			else if (kl == 5 && !memcmp(tok, "total", 5) && parse_count(v, vl, &l.total))
				seen |= 8;
		}
		if (seen == 15) {
			l.have = true;
			*pl = l;
		}
	}
}

size_t cg_parse_procs(const char *buf, size_t len, pid_t **out)
{
	pid_t *v = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	if (!buf)
		return 0;
	const char *cur = buf, *line;
	size_t llen;
	/* no kernel has more PIDs than PID_MAX_LIMIT (2^22): more lines come
	 * from a forged capture */
	while (n < ((size_t)1 << 22) && next_line(&cur, buf + len, &line, &llen)) {
		const char *s = line;
		size_t l = llen;
		uint64_t pid;
		trim(&s, &l);
		if (!parse_u64(s, l, &pid) || pid == 0 || pid > (1 << 22))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = (pid_t)pid;
	}
	*out = v;
	return n;
}

char *cg_parse_line(const char *buf, size_t len)
{
	if (!buf)
		return NULL;
	const char *eol = memchr(buf, '\n', len);
	if (eol)
		len = (size_t)(eol - buf);
	trim(&buf, &len);
	return len ? xstrndup(buf, len) : NULL;
}

bool cg_parse_proc_stat(const char *buf, size_t len, uint64_t *total, uint64_t *user,
			uint64_t *system)
{
	*total = *user = *system = CG_UNSET;
	if (!buf)
		return false;
	const char *cur = buf, *line;
	size_t llen;
	while (next_line(&cur, buf + len, &line, &llen)) {
		const char *p = line, *end = line + llen, *tok;
		size_t tl;
		if (!next_token(&p, end, &tok, &tl) || tl != 3 || memcmp(tok, "cpu", 3) != 0)
			continue;
		/* user nice system idle iowait irq softirq steal guest guest_nice */
		uint64_t f[8];
		int n = 0;
		for (; n < 8 && next_token(&p, end, &tok, &tl); n++)
			if (!parse_count(tok, tl, &f[n]))
				return false;
		if (n < 7)
			return false;
		if (n == 7)
			f[7] = 0;
		*user = f[0] + f[1];
		*system = f[2] + f[5] + f[6];
		*total = *user + *system + f[7];
		return true;
	}
	return false;
}

void cg_parse_meminfo(const char *buf, size_t len, struct cg_meminfo *mi)
{
	static const char *const keys[] = { "MemTotal:", "MemFree:", "MemAvailable:",
					    "Inactive(file):", "SwapTotal:", "SwapFree:" };
	uint64_t v[ARRAY_SIZE(keys)];
	cg_parse_keyed(buf, len, keys, v, ARRAY_SIZE(keys));
	/* values are in kB (KiB); overflow would need 16 EiB of RAM */
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (v[i] != CG_UNSET)
			v[i] = v[i] > (CG_UNLIMITED - 1) / 1024 ? CG_UNSET : v[i] * 1024;
	mi->total = v[0];
	mi->free = v[1];
	mi->available = v[2];
	mi->inactive_file = v[3];
	mi->swap_used = v[4] != CG_UNSET && v[5] != CG_UNSET && v[4] >= v[5] ? v[4] - v[5] : CG_UNSET;
}

bool cg_parse_proc_stat_forks(const char *buf, size_t len, uint64_t *forks)
{
	static const char *const keys[] = { "processes" };
	if (cg_parse_keyed(buf, len, keys, forks, 1) == 1 && *forks < CG_UNLIMITED)
		return true;
	*forks = CG_UNSET;
	return false;
}

bool cg_parse_loadavg_tasks(const char *buf, size_t len, uint64_t *tasks)
{
	const char *p = buf, *end, *tok;
	size_t tl;
	*tasks = CG_UNSET;
	if (!buf)
		return false;
	end = buf + len;
	for (int i = 0; i < 4; i++)
		if (!next_token(&p, end, &tok, &tl))
			return false;
	const char *slash = memchr(tok, '/', tl);
	if (!slash)
		return false;
	size_t l = tl - (size_t)(slash - tok) - 1;
	const char *s = slash + 1;
	trim(&s, &l);
	return parse_count(s, l, tasks);
}

bool cg_parse_loadavg(const char *buf, size_t len, uint32_t load[3])
{
	const char *p = buf, *tok;
	size_t tl;
	load[0] = load[1] = load[2] = 0;
	if (!buf)
		return false;
	const char *end = buf + len;
	const char *nl = memchr(buf, '\n', len);
	if (nl)
		end = nl;
	for (int i = 0; i < 3; i++)
		if (!next_token(&p, end, &tok, &tl) || !parse_hundredths(tok, tl, &load[i]))
			return false;
	return true;
}

size_t cg_parse_net_dev(const char *buf, size_t len, struct cg_net_dev *nd)
{
	const char *p = buf, *end, *line;
	size_t ll, n = 0;
	memset(nd, 0, sizeof(*nd));
	if (!buf)
		return 0;
	end = buf + len;
	while (next_line(&p, end, &line, &ll)) {
		const char *colon = memchr(line, ':', ll);
		if (!colon)
			continue; /* the header lines, or garbage */
		const char *name = line;
		size_t nl = (size_t)(colon - line);
		trim(&name, &nl);
		if (!nl || (nl == 2 && !memcmp(name, "lo", 2)))
			continue;
		/* rx: bytes packets errs drop fifo frame compressed multicast;
		 * tx: bytes packets ... */
		uint64_t f[10];
		const char *q = colon + 1, *lend = line + ll, *tok;
		size_t tl;
		int k = 0;
		for (; k < 10 && next_token(&q, lend, &tok, &tl); k++)
			if (!parse_count(tok, tl, &f[k]))
				break;
		if (k < 10)
			continue;
		/* counters can wrap on 32-bit drivers; sums stay below the sentinels */
		if (f[0] > CG_UNLIMITED / 2 || f[8] > CG_UNLIMITED / 2 ||
		    nd->rx_bytes > CG_UNLIMITED / 2 || nd->tx_bytes > CG_UNLIMITED / 2)
			continue;
		nd->rx_bytes += f[0];
		nd->rx_packets += f[1];
		nd->tx_bytes += f[8];
		nd->tx_packets += f[9];
		n++;
	}
	return n;
}
