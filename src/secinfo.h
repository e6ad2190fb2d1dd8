/* Per-process security readers for caps and show: LSM label, uid/gid maps,
 * root directory, oom_score_adj and the file capabilities of the
 * executable, all read through the sysroot's /proc like model.c does; plus
 * the pure parsers and verdicts on what they read. */
#ifndef NSINSPECT_SECINFO_H
#define NSINSPECT_SECINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"
#include "sysroot.h"

/* /proc/sys/kernel/cap_last_cap under the sysroot; when that file is
 * missing (an old capture), what libcap finds on the running kernel. */
int secinfo_cap_last_cap(const struct sysroot *root);

struct id_range {
	uint32_t inside;
	uint32_t outside;
	uint32_t count;
};

/* One line of uid_map/gid_map each; malformed lines are skipped.  Returns
 * the number of ranges (an array the caller frees in *out). */
size_t parse_id_map(const char *buf, size_t len, struct id_range **out);

/* "0 1000 1, 1 100000 65536": the ranges as the map file lists them,
 * comma-separated.  Returns a new string ("" for no range). */
char *idmap_text(const struct id_range *r, size_t n);

/* Plain-words verdict on a uid map; detail (may be "") explains it. */
const char *idmap_verdict(const struct id_range *r, size_t n, bool host_userns,
			  char *detail, size_t dsz);

enum secinfo_want {
	SI_LSM = 1u << 0,
	SI_IDMAPS = 1u << 1,
	SI_ROOT = 1u << 2,
	SI_OOM = 1u << 3,
	SI_FILECAPS = 1u << 4,
};

struct secinfo {
	unsigned have;       /* SI_* read successfully */
	unsigned denied;     /* SI_* unreadable for permission */
	char *lsm_label;     /* NULL when no LSM serves a label ("none") */
	struct id_range *uid_map, *gid_map;
	size_t nuid_map, ngid_map;
	char *root_path;     /* readlink of /proc/PID/root */
	dev_t root_dev;      /* what that root is, to compare roots */
	ino_t root_ino;
	bool root_stat_known;
	int oom_score_adj;
	char *exe;           /* readlink of /proc/PID/exe; NULL for kernel threads */
	char *file_caps;     /* cap_to_text() of security.capability; NULL when none */
	uint32_t file_caps_rootid; /* namespaced file caps (v3): owner of the caps */
	bool file_caps_rootid_known;
	bool file_caps_stalled; /* its file system did not answer in time */
};

/* Reads the fields in want of pid.  Returns 0, or -ESRCH when the process
 * is gone.  Fields that cannot be read stay out of have. */
int secinfo_load(const struct sysroot *root, pid_t pid, unsigned want, struct secinfo *si);
/* The same for a process of the model, through the thread it is read
 * through (via_tid) when its main thread has exited. */
int secinfo_load_process(const struct sysroot *root, const struct process *p, unsigned want,
			 struct secinfo *si);
void secinfo_free(struct secinfo *si);

/* A process that lives in the initial namespace of type t: PID 1 when its
 * links are readable, else kthreadd (PID 2), which every kernel keeps in
 * the initial namespaces.  NULL when neither can be read. */
struct process *secinfo_host_ref(const struct model *m, enum ns_type t);

/* The init (pid 1 inside) of p's pid namespace, NULL when not seen. */
struct process *secinfo_pidns_init(const struct model *m, const struct process *p);

#endif
