/* Parsers for the text the kernel serves under /proc.  They take a buffer
 * and never touch the filesystem, so unit tests and fuzzers feed them
 * captured or corrupt text directly. */
#ifndef NSINSPECT_PROCFS_H
#define NSINSPECT_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum cap_set { CAP_SET_INH, CAP_SET_PRM, CAP_SET_EFF, CAP_SET_BND, CAP_SET_AMB, CAP_NSETS };

/* Which fields of /proc/PID/status were present. */
enum status_have {
	ST_NAME = 1u << 0,
	ST_STATE = 1u << 1,
	ST_TGID = 1u << 2,
	ST_PPID = 1u << 3,
	ST_UID = 1u << 4,
	ST_GID = 1u << 5,
	ST_CAPS = 1u << 6,       /* all five masks */
	ST_NNP = 1u << 7,
	ST_SECCOMP = 1u << 8,
	ST_SECCOMP_FILTERS = 1u << 9,
	ST_NSPID = 1u << 10,
	ST_KTHREAD = 1u << 11,
	ST_THREADS = 1u << 12,
};

#define STATUS_NAME_MAX 64
#define STATUS_NSPID_MAX 33 /* the kernel nests at most 32 pid namespaces */

struct proc_status {
	unsigned have;
	char name[STATUS_NAME_MAX]; /* unescaped comm; may hold any byte but NUL */
	char state;
	pid_t tgid;
	pid_t ppid;
	uint32_t uid[4]; /* real, effective, saved, filesystem */
	uint32_t gid[4];
	uint64_t caps[CAP_NSETS];
	int no_new_privs;
	int seccomp;
	int seccomp_filters;
	int kthread;
	int threads;
	/* The process's PID in each pid namespace, outermost first: NStgid,
	 * which the status of any of its threads holds (NSpid there is the
	 * thread's own id), else NSpid. */
	int nspid_len;
	pid_t nspid[STATUS_NSPID_MAX];
};

/* Returns 0, or -1 when the text holds no Name field (not a status file). */
int parse_status(const char *buf, size_t len, struct proc_status *st);

/* "disabled", "strict" or "filter" for the Seccomp field; "?" else. */
const char *seccomp_mode_name(int mode);
/* "inheritable", "permitted", "effective", "bounding", "ambient". */
const char *cap_set_name(enum cap_set set);

/* "net:[4026531840]" -> type "net" (NUL-terminated into type, at most tsz)
 * and the inode.  false on anything else. */
bool parse_ns_link(const char *s, size_t len, char *type, size_t tsz, uint64_t *ino);

#define CGROUP_LINES_MAX 64

/* One line of /proc/PID/cgroup: "hierarchy-ID:controller-list:path". */
struct cgroup_entry {
	int hier_id;
	char *controllers; /* "" for v2, "cpu,cpuacct", "name=systemd" */
	char *path;
};
/* Parses the whole file; malformed lines are skipped.  Returns the count. */
size_t parse_cgroup_file(const char *buf, size_t len, struct cgroup_entry **out);
void cgroup_entries_free(struct cgroup_entry *e, size_t n);

/* One line of /proc/PID/mountinfo, octal escapes decoded. */
struct mount_entry {
	char *root;
	char *mountpoint;
	char *fstype;
	char *source;
	char *super_opts;
};
/* Parses one line (without its newline).  false when malformed. */
bool parse_mountinfo_line(const char *line, size_t len, struct mount_entry *m);
void mount_entry_free(struct mount_entry *m);

/* /proc/PID/cmdline: NUL-separated arguments joined by spaces.  NULL when
 * empty (kernel threads, zombies).  cut: buf is its first CMDLINE_MAX
 * bytes only, and "..." ends the text.  A process makes its command line
 * as long as it likes (megabytes): the model keeps no more than ps shows
 * on a wide terminal, so that 10,000 such processes cannot fill memory. */
#define CMDLINE_MAX 16384
char *cmdline_join(const char *buf, size_t len, bool cut);

#endif
