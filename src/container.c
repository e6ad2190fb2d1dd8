#include "container.h"

#include <stdio.h>
#include <string.h>

static bool is_hex_id(const char *s, size_t len)
{
	if (len < 12 || len > 64)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static void copy_field(char *dst, size_t dstsz, const char *s, size_t len)
{
	if (len >= dstsz)
		len = dstsz - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* systemd escapes unit names: "\x2d" stands for '-'.  Exactly two hex
 * digits follow; anything else (and "\x00") is copied as it is. */
static void copy_unescaped(char *dst, size_t dstsz, const char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len && o + 1 < dstsz; i++) {
		int hi = i + 3 < len && s[i] == '\\' && s[i + 1] == 'x' ? hex_digit(s[i + 2]) : -1;
		int lo = hi >= 0 ? hex_digit(s[i + 3]) : -1;
		if (lo >= 0 && (hi | lo) != 0) {
			dst[o++] = (char)(hi << 4 | lo);
			i += 3;
		} else {
			dst[o++] = s[i];
		}
	}
	dst[o] = '\0';
}

/* Matches "<prefix><hexid><suffix>" as a whole path component. */
static bool match_id_component(const char *comp, size_t clen, const char *prefix,
			       const char *suffix, const char **id, size_t *idlen)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	if (clen <= pl + sl || memcmp(comp, prefix, pl) != 0 ||
	    memcmp(comp + clen - sl, suffix, sl) != 0)
		return false;
	*id = comp + pl;
	*idlen = clen - pl - sl;
	return is_hex_id(*id, *idlen);
}

struct id_pattern {
	const char *prefix;
	const char *suffix;
	const char *runtime;
};

/* Conmon and other monitors live in "*-conmon-<id>.scope": those prefixes
 * do not match below because the id part would start with "conmon-". */
static const struct id_pattern id_patterns[] = {
	{ "docker-", ".scope", "docker" },
	{ "cri-containerd-", ".scope", "containerd" },
	{ "crio-", ".scope", "crio" },
	{ "libpod-", ".scope", "podman" },
	{ "libpod-", "", "podman" }, /* podman with the cgroupfs manager */
};

bool container_from_cgroup_path(const char *path, struct container_ref *ref)
{
	bool found = false, in_kubepods = false;
	const char *prev = NULL;
	size_t prevlen = 0;

	memset(ref, 0, sizeof(*ref));
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *comp = p;
		while (*p && *p != '/')
			p++;
		size_t clen = (size_t)(p - comp);
		const char *id;
		size_t idlen;

		/* Kubernetes: kubepods[-qos]-pod<uid>.slice (systemd driver) or
		 * kubepods/<qos>/pod<uid> (cgroupfs driver) */
		const char *pod = NULL;
		if (clen >= 8 && memcmp(comp, "kubepods", 8) == 0) {
			in_kubepods = true;
			if (memmem(comp, clen, "burstable", 9))
				copy_field(ref->qos, sizeof(ref->qos), "burstable", 9);
			else if (memmem(comp, clen, "besteffort", 10))
				copy_field(ref->qos, sizeof(ref->qos), "besteffort", 10);
			const char *q = memmem(comp, clen, "-pod", 4);
			if (q)
				pod = q + 4;
		} else if (in_kubepods && clen > 3 && memcmp(comp, "pod", 3) == 0) {
			pod = comp + 3;
		} else if (in_kubepods && (clen == 9 && !memcmp(comp, "burstable", 9))) {
			copy_field(ref->qos, sizeof(ref->qos), "burstable", 9);
		} else if (in_kubepods && (clen == 10 && !memcmp(comp, "besteffort", 10))) {
			copy_field(ref->qos, sizeof(ref->qos), "besteffort", 10);
		}
		if (pod && pod < comp + clen) {
			size_t plen = (size_t)(comp + clen - pod);
			if (plen > 6 && memcmp(pod + plen - 6, ".slice", 6) == 0)
				plen -= 6;
			copy_field(ref->pod, sizeof(ref->pod), pod, plen);
			for (char *c = ref->pod; *c; c++)
				if (*c == '_')
					*c = '-';
			if (!ref->qos[0])
				copy_field(ref->qos, sizeof(ref->qos), "guaranteed", 10);
			found = true;
		}

		for (size_t i = 0; i < sizeof(id_patterns) / sizeof(id_patterns[0]); i++) {
			const struct id_pattern *pt = &id_patterns[i];
			if (match_id_component(comp, clen, pt->prefix, pt->suffix, &id, &idlen)) {
				copy_field(ref->runtime, sizeof(ref->runtime), pt->runtime, strlen(pt->runtime));
				copy_field(ref->id, sizeof(ref->id), id, idlen);
				found = true;
			}
		}
		/* cgroupfs drivers: /docker/<id>, kubepods/.../pod<uid>/<id> */
		if (prev && is_hex_id(comp, clen) && clen == 64) {
			const char *rt = NULL;
			if (prevlen == 6 && memcmp(prev, "docker", 6) == 0)
				rt = "docker";
			else if (ref->pod[0])
				rt = "containerd";
			if (rt) {
				copy_field(ref->runtime, sizeof(ref->runtime), rt, strlen(rt));
				copy_field(ref->id, sizeof(ref->id), comp, clen);
				found = true;
			}
		}
		if (clen > 12 && memcmp(comp, "lxc.payload.", 12) == 0) {
			copy_field(ref->runtime, sizeof(ref->runtime), "lxc", 3);
			copy_field(ref->id, sizeof(ref->id), comp + 12, clen - 12);
			found = true;
		} else if (prev && prevlen == 3 && memcmp(prev, "lxc", 3) == 0 && !ref->runtime[0]) {
			copy_field(ref->runtime, sizeof(ref->runtime), "lxc", 3);
			copy_field(ref->id, sizeof(ref->id), comp, clen);
			found = true;
		}
		if (clen > 14 && memcmp(comp, "machine-", 8) == 0 &&
		    memcmp(comp + clen - 6, ".scope", 6) == 0) {
			copy_field(ref->runtime, sizeof(ref->runtime), "nspawn", 6);
			copy_unescaped(ref->id, sizeof(ref->id), comp + 8, clen - 14);
			found = true;
		}
		prev = comp;
		prevlen = clen;
	}
	if (found && !ref->runtime[0])
		copy_field(ref->runtime, sizeof(ref->runtime), "k8s", 3);
	return found;
}

void container_label(const struct container_ref *ref, char *out, unsigned outsz)
{
	const char *id = ref->runtime[0] && strcmp(ref->runtime, "k8s") != 0 ? ref->id : ref->pod;
	size_t idlen = strlen(id);
	bool hex = is_hex_id(id, idlen);
	if (!strcmp(ref->runtime, "k8s"))
		snprintf(out, outsz, "k8s:%.8s", id);
	else
		snprintf(out, outsz, "%s:%.*s", ref->runtime, hex ? 12 : (int)idlen, id);
}
