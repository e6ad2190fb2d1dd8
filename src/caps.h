/* Pure capability decoding: masks to names, capsh's --decode format, the
 * comparison with Docker's default set and the capabilities that hand over
 * the host.  No I/O: names come from libcap's compiled-in table. */
#ifndef NSINSPECT_CAPS_H
#define NSINSPECT_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Docker's default capability set (moby oci/caps/defaults.go): chown,
 * dac_override, fowner, fsetid, kill, setgid, setuid, setpcap,
 * net_bind_service, net_raw, sys_chroot, mknod, audit_write, setfcap. */
#define DOCKER_DEFAULT_CAPS UINT64_C(0xa80425fb)

/* Bits 0..last_cap: every capability this kernel knows (last_cap from
 * /proc/sys/kernel/cap_last_cap).  0 for last_cap < 0. */
uint64_t caps_full_set(int last_cap);

/* Name of one capability: libcap's "cap_xxx", or the decimal number for a
 * bit libcap does not know.  Returns a new string. */
char *caps_name(unsigned cap);

/* The names of the bits of mask, lowest first, joined by sep.  "" when
 * mask is 0.  Returns a new string. */
char *caps_mask_names(uint64_t mask, const char *sep);

/* Exactly what `capsh --decode=HEX` prints, without the newline:
 * "0x00000000a80425fb=cap_chown,...".  Returns a new string. */
char *caps_capsh_decode(uint64_t mask);

/* Strict hex mask: an optional 0x/0X and 1 to 16 hex digits. */
bool caps_parse_hex(const char *s, uint64_t *out);

/* Why holding cap hands over (part of) the host; NULL when it does not. */
const char *caps_danger_reason(unsigned cap);

/* A short reading of one set: "full set", "Docker's default set", "full
 * set but cap_x", "bits above cap_last_cap"; NULL when none fits.
 * Returns a new string. */
char *caps_set_note(uint64_t mask, uint64_t full, bool ambient);

/* How a process's sets compare with the plain ones, for caps -a. */
enum caps_kind {
	CAPS_PLAIN_ROOT,  /* uid 0 with every capability */
	CAPS_PLAIN_USER,  /* non-root with none */
	CAPS_PARTIAL,     /* anything else: worth a row */
};
/* caps[] in enum cap_set order (procfs.h); full from caps_full_set(). */
enum caps_kind caps_classify(const uint64_t caps[5], uint32_t euid, uint64_t full, bool host_userns);

#endif
