#include "caps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>

#include "procfs.h"
#include "util.h"

uint64_t caps_full_set(int last_cap)
{
	if (last_cap < 0)
		return 0;
	if (last_cap >= 63)
		return UINT64_MAX;
	return (UINT64_C(1) << (last_cap + 1)) - 1;
}

char *caps_name(unsigned cap)
{
	/* libcap answers the decimal number itself for bits it does not
	 * know; keep our own fallback in case a version answers NULL. */
	char *n = cap_to_name((cap_value_t)cap);
	if (!n)
		return xasprintf("%u", cap);
	char *copy = xstrdup(n);
	cap_free(n);
	return copy;
}

/* The name of each capability bit, asked of libcap once: `caps -a` and
 * `caps` on many PIDs name the same bits for every row. */
static const char *cached_name(unsigned cap)
{
	static char *names[64];
	if (!names[cap])
		names[cap] = caps_name(cap);
	return names[cap];
}

char *caps_mask_names(uint64_t mask, const char *sep)
{
	/* most processes of a host share one set: the last answer again */
	static uint64_t last_mask;
	static char *last_sep, *last_text;
	if (last_text && mask == last_mask && !strcmp(sep, last_sep))
		return xstrdup(last_text);

	size_t seplen = strlen(sep), len = 0;
	for (unsigned cap = 0; cap < 64 && (mask >> cap); cap++)
		if (mask & (UINT64_C(1) << cap))
			len += strlen(cached_name(cap)) + seplen;
	char *text = xmalloc(len + 1), *end = text;
	for (unsigned cap = 0; cap < 64 && (mask >> cap); cap++) {
		if (!(mask & (UINT64_C(1) << cap)))
			continue;
		if (end != text)
			end = stpcpy(end, sep);
		end = stpcpy(end, cached_name(cap));
	}
	*end = '\0';
	free(last_text);
	free(last_sep);
	last_mask = mask;
	last_sep = xstrdup(sep);
	last_text = xstrdup(text);
	return text;
}

char *caps_capsh_decode(uint64_t mask)
{
	char *names = caps_mask_names(mask, ",");
	char *s = xasprintf("0x%016llx=%s", (unsigned long long)mask, names);
	free(names);
	return s;
}

bool caps_parse_hex(const char *s, uint64_t *out)
{
	/* parse_hex_u64 takes the optional 0x and 1 to 16 digits */
	return parse_hex_u64(s, strlen(s), out);
}

static const struct {
	unsigned cap;
	const char *reason;
} dangers[] = {
	{ CAP_DAC_READ_SEARCH, "open_by_handle_at() reads any file of the host filesystem, outside a chroot or container (\"shocker\")" },
	{ CAP_NET_ADMIN, "reconfigures interfaces, routes and firewall of its network namespace: the host's when it shares it" },
	{ CAP_SYS_MODULE, "loads kernel modules: arbitrary code in the kernel" },
	{ CAP_SYS_RAWIO, "raw I/O ports, /dev/mem and device ioctls: reads and writes kernel memory" },
	{ CAP_SYS_PTRACE, "traces and injects code into every process it can see (the host's when it shares the pid namespace)" },
	{ CAP_SYS_ADMIN, "mount, namespaces, BPF and most admin interfaces: enough to break out to the host" },
	{ CAP_SYS_BOOT, "reboots the host and loads a new kernel with kexec" },
	{ CAP_SYS_TIME, "sets the system clock, which no namespace isolates" },
	{ CAP_AUDIT_CONTROL, "changes or disables the host's audit rules" },
	{ CAP_MAC_OVERRIDE, "overrides the LSM policy (AppArmor, SELinux, Smack)" },
	{ CAP_MAC_ADMIN, "changes the LSM policy (AppArmor, SELinux, Smack)" },
	{ CAP_SYSLOG, "reads the kernel log and kernel addresses (defeats KASLR)" },
	{ 38 /* CAP_PERFMON */, "perf events on the host kernel; with cap_bpf, BPF programs that read kernel memory" },
	{ 39 /* CAP_BPF */, "loads BPF programs and maps; with cap_perfmon, tracing programs that read kernel memory" },
};

const char *caps_danger_reason(unsigned cap)
{
	for (size_t i = 0; i < ARRAY_SIZE(dangers); i++)
		if (dangers[i].cap == cap)
			return dangers[i].reason;
	return NULL;
}

char *caps_set_note(uint64_t mask, uint64_t full, bool ambient)
{
	if (mask & ~full)
		return xstrdup("bits above cap_last_cap");
	if (mask && mask == full)
		return xstrdup("full set");
	if (mask == DOCKER_DEFAULT_CAPS && !ambient)
		return xstrdup("Docker's default set");
	uint64_t missing = full & ~mask;
	if (mask && __builtin_popcountll(missing) <= 3) {
		char *names = caps_mask_names(missing, ",");
		char *s = xasprintf("full set but %s", names);
		free(names);
		return s;
	}
	return NULL;
}

enum caps_kind caps_classify(const uint64_t caps[5], uint32_t euid, uint64_t full, bool host_userns)
{
	if (!host_userns || caps[CAP_SET_AMB] || caps[CAP_SET_INH] || caps[CAP_SET_BND] != full)
		return CAPS_PARTIAL;
	if (euid == 0 && caps[CAP_SET_PRM] == full && caps[CAP_SET_EFF] == full)
		return CAPS_PLAIN_ROOT;
	if (euid != 0 && !caps[CAP_SET_PRM] && !caps[CAP_SET_EFF])
		return CAPS_PLAIN_USER;
	return CAPS_PARTIAL;
}
