#include "procfs.h"

#include <string.h>
#include <stdlib.h>

#include "util.h"

/* Splits "a\tb c" into whitespace-separated tokens, one at a time. */
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

static bool parse_int_field(const char *v, const char *end, int64_t *out)
{
	const char *tok;
	size_t tlen;
	return next_token(&v, end, &tok, &tlen) && parse_i64(tok, tlen, out);
}

static bool parse_id_quad(const char *v, const char *end, uint32_t ids[4])
{
	for (int i = 0; i < 4; i++) {
		const char *tok;
		size_t tlen;
		uint64_t x;
		if (!next_token(&v, end, &tok, &tlen) || !parse_u64(tok, tlen, &x) || x > UINT32_MAX)
			return false;
		ids[i] = (uint32_t)x;
	}
	return true;
}

/* The kernel escapes '\n' as "\n" and '\\' as "\\" in Name (see
 * proc_task_name); undo that so the model holds the real comm. */
static void unescape_name(const char *v, const char *end, char *out, size_t outsz)
{
	size_t o = 0;
	while (v < end && o + 1 < outsz) {
		if (*v == '\\' && v + 1 < end && (v[1] == 'n' || v[1] == '\\')) {
			out[o++] = v[1] == 'n' ? '\n' : '\\';
			v += 2;
		} else {
			out[o++] = *v++;
		}
	}
	out[o] = '\0';
}

/* "NStgid:\t7 1" (or NSpid): the ids, outermost namespace first. */
static bool parse_nspid(const char *v, const char *eol, struct proc_status *st)
{
	const char *q = v, *tok;
	size_t tlen;
	int n = 0;
	pid_t ids[STATUS_NSPID_MAX];
	while (next_token(&q, eol, &tok, &tlen)) {
		uint64_t pid;
		if (n == STATUS_NSPID_MAX || !parse_u64(tok, tlen, &pid) || pid > INT32_MAX)
			return false; /* the other line's ids stay whole */
		ids[n++] = (pid_t)pid;
	}
	if (n == 0)
		return false;
	memcpy(st->nspid, ids, (size_t)n * sizeof(*ids));
	st->nspid_len = n;
	st->have |= ST_NSPID;
	return true;
}

static const char *cap_keys[CAP_NSETS] = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" };

int parse_status(const char *buf, size_t len, struct proc_status *st)
{
	const char *p = buf, *end = buf + len;
	unsigned caps_seen = 0;
	bool nstgid = false;

	memset(st, 0, sizeof(*st));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon) {
			size_t klen = (size_t)(colon - p);
			const char *v = colon + 1;
			int64_t x;
			if (v < eol && *v == '\t')
				v++;
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(p, k, klen) == 0)
			if (KEY("Name")) {
				unescape_name(v, eol, st->name, sizeof(st->name));
				st->have |= ST_NAME;
			} else if (KEY("State")) {
				while (v < eol && (*v == ' ' || *v == '\t'))
					v++;
				if (v < eol) {
					st->state = *v;
					st->have |= ST_STATE;
				}
			} else if (KEY("Tgid")) {
				if (parse_int_field(v, eol, &x) && x >= 0 && x <= INT32_MAX) {
					st->tgid = (pid_t)x;
					st->have |= ST_TGID;
				}
			} else if (KEY("PPid")) {
				if (parse_int_field(v, eol, &x) && x >= 0 && x <= INT32_MAX) {
					st->ppid = (pid_t)x;
					st->have |= ST_PPID;
				}
			} else if (KEY("Uid")) {
				if (parse_id_quad(v, eol, st->uid))
					st->have |= ST_UID;
			} else if (KEY("Gid")) {
				if (parse_id_quad(v, eol, st->gid))
					st->have |= ST_GID;
			} else if (KEY("NoNewPrivs")) {
				if (parse_int_field(v, eol, &x) && x >= 0 && x <= 1) {
					st->no_new_privs = (int)x;
					st->have |= ST_NNP;
				}
			} else if (KEY("Seccomp")) {
				if (parse_int_field(v, eol, &x) && x >= 0 && x <= 2) {
					st->seccomp = (int)x;
					st->have |= ST_SECCOMP;
				}
			} else if (KEY("Seccomp_filters")) {
				if (parse_int_field(v, eol, &x) && x >= 0 && x <= INT32_MAX) {
					st->seccomp_filters = (int)x;
					st->have |= ST_SECCOMP_FILTERS;
				}
			} else if (KEY("Kthread")) {
				if (parse_int_field(v, eol, &x) && x >= 0 && x <= 1) {
					st->kthread = (int)x;
					st->have |= ST_KTHREAD;
				}
			} else if (KEY("Threads")) {
				if (parse_int_field(v, eol, &x) && x >= 0 && x <= INT32_MAX) {
					st->threads = (int)x;
					st->have |= ST_THREADS;
				}
			} else if (KEY("NStgid") || (KEY("NSpid") && !nstgid)) {
				bool ok = parse_nspid(v, eol, st);
				if (KEY("NStgid"))
					nstgid = ok;
			} else if (klen == 6 && memcmp(p, "Cap", 3) == 0) {
				for (int i = 0; i < CAP_NSETS; i++) {
					if (memcmp(p, cap_keys[i], 6) != 0)
						continue;
					const char *tok, *q = v;
					size_t tlen;
					if (next_token(&q, eol, &tok, &tlen) &&
					    parse_hex_u64(tok, tlen, &st->caps[i]))
						caps_seen |= 1u << i;
				}
			}
#undef KEY
		}
		p = eol + 1;
	}
	if (caps_seen == (1u << CAP_NSETS) - 1)
		st->have |= ST_CAPS;
	return (st->have & ST_NAME) ? 0 : -1;
}

const char *seccomp_mode_name(int mode)
{
	static const char *const modes[] = { "disabled", "strict", "filter" };
	return mode >= 0 && mode <= 2 ? modes[mode] : "?";
}

const char *cap_set_name(enum cap_set set)
{
	static const char *const names[CAP_NSETS] = {
		[CAP_SET_INH] = "inheritable", [CAP_SET_PRM] = "permitted", [CAP_SET_EFF] = "effective",
		[CAP_SET_BND] = "bounding",    [CAP_SET_AMB] = "ambient",
	};
	return set >= 0 && set < CAP_NSETS ? names[set] : "?";
}

bool parse_ns_link(const char *s, size_t len, char *type, size_t tsz, uint64_t *ino)
{
	const char *colon = memchr(s, ':', len);
	if (!colon || colon == s || (size_t)(colon - s) >= tsz)
		return false;
	size_t tlen = (size_t)(colon - s);
	const char *rest = colon + 1;
	size_t rlen = len - tlen - 1;
	if (rlen < 3 || rest[0] != '[' || rest[rlen - 1] != ']')
		return false;
	for (size_t i = 0; i < tlen; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_'))
			return false;
	if (!parse_u64(rest + 1, rlen - 2, ino) || *ino == 0)
		return false;
	memcpy(type, s, tlen);
	type[tlen] = '\0';
	return true;
}

size_t parse_cgroup_file(const char *buf, size_t len, struct cgroup_entry **out)
{
	const char *p = buf, *end = buf + len;
	struct cgroup_entry *v = NULL;
	size_t n = 0, cap = 0;

	/* a kernel has at most 16 hierarchies and v2: more lines come from a
	 * forged capture, and would cost memory per process */
	while (p < end && n < CGROUP_LINES_MAX) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *c1 = memchr(p, ':', (size_t)(eol - p));
		const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		uint64_t id;
		if (c2 && parse_u64(p, (size_t)(c1 - p), &id) && id <= INT32_MAX && c2 + 1 < eol &&
		    c2[1] == '/') {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				v = xrealloc(v, cap * sizeof(*v));
			}
			const char *path = c2 + 1;
			size_t plen = (size_t)(eol - path);
			/* On the v2 hierarchy the kernel appends " (deleted)" when
			 * a zombie's cgroup was removed (proc_cgroup_show): that is
			 * not part of the path. */
			static const char deleted[] = " (deleted)";
			if (id == 0 && plen > sizeof(deleted) - 1 &&
			    !memcmp(eol - (sizeof(deleted) - 1), deleted, sizeof(deleted) - 1))
				plen -= sizeof(deleted) - 1;
			v[n].hier_id = (int)id;
			v[n].controllers = xstrndup(c1 + 1, (size_t)(c2 - c1 - 1));
			v[n].path = xstrndup(path, plen);
			n++;
		}
		p = eol + 1;
	}
	*out = v;
	return n;
}

void cgroup_entries_free(struct cgroup_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].controllers);
		free(e[i].path);
	}
	free(e);
}

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static char *unescape_octal(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
		    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			out[o++] = (char)((s[i + 1] - '0') << 6 | (s[i + 2] - '0') << 3 | (s[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

bool parse_mountinfo_line(const char *line, size_t len, struct mount_entry *m)
{
	const char *p = line, *end = line + len, *tok[6], *t;
	size_t tl[6], l;
	int i;

	memset(m, 0, sizeof(*m));
	/* id parent major:minor root mountpoint options */
	for (i = 0; i < 6; i++)
		if (!next_token(&p, end, &tok[i], &tl[i]))
			return false;
	/* optional fields up to the "-" separator */
	for (;;) {
		if (!next_token(&p, end, &t, &l))
			return false;
		if (l == 1 && *t == '-')
			break;
	}
	const char *fst, *src, *sopt;
	size_t fsl, srcl, soptl;
	if (!next_token(&p, end, &fst, &fsl) || !next_token(&p, end, &src, &srcl))
		return false;
	if (!next_token(&p, end, &sopt, &soptl)) {
		sopt = "";
		soptl = 0;
	}
	m->root = unescape_octal(tok[3], tl[3]);
	m->mountpoint = unescape_octal(tok[4], tl[4]);
	m->fstype = unescape_octal(fst, fsl);
	m->source = unescape_octal(src, srcl);
	m->super_opts = unescape_octal(sopt, soptl);
	return true;
}

void mount_entry_free(struct mount_entry *m)
{
	free(m->root);
	free(m->mountpoint);
	free(m->fstype);
	free(m->source);
	free(m->super_opts);
	memset(m, 0, sizeof(*m));
}

char *cmdline_join(const char *buf, size_t len, bool cut)
{
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	if (len == 0)
		return NULL;
	char *s = xmalloc(len + (cut ? 4 : 1));
	for (size_t i = 0; i < len; i++)
		s[i] = buf[i] ? buf[i] : ' ';
	memcpy(s + len, cut ? "..." : "", cut ? 4 : 1);
	return s;
}
