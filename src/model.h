/* The in-memory model: processes, namespaces and who holds them, read once
 * from the sysroot.  Renderers only ever read this structure. */
#ifndef NSINSPECT_MODEL_H
#define NSINSPECT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>

#include "container.h"
#include "procfs.h"
#include "sysroot.h"
#include "util.h"

enum ns_type { NS_MNT, NS_NET, NS_PID, NS_UTS, NS_IPC, NS_USER, NS_CGROUP, NS_TIME, NS_NTYPES };

const char *ns_type_name(enum ns_type t);
/* -1 when unknown */
int ns_type_from_name(const char *name);

/* What a scan reads for every process.  Fields not asked for can still be
 * loaded for single processes with model_load(). */
enum model_want {
	WANT_STATUS = 1u << 0,  /* /proc/PID/status: names, ids, caps, seccomp */
	WANT_NS = 1u << 1,      /* /proc/PID/ns/ links */
	WANT_CMDLINE = 1u << 2, /* /proc/PID/cmdline */
	WANT_CGROUP = 1u << 3,  /* /proc/PID/cgroup and the container it names */
	WANT_FDS = 1u << 4,     /* namespaces held open by file descriptors */
	WANT_NSFS = 1u << 5,    /* namespaces held by bind mounts (mountinfo) */
	WANT_NS_USER = 1u << 6, /* only the ns/user link (WANT_NS reads them all) */
};

struct namespace;

/* A thread other than the main one, from /proc/PID/task (model_load_threads). */
struct thread {
	pid_t tid;
	char comm[STATUS_NAME_MAX];     /* unescaped; "" when unreadable */
	uint64_t ns_ino[NS_NTYPES];     /* 0 when unknown: unshare(2) works per thread */
	struct proc_status *st;         /* model_load_thread_status(); NULL: unread */
};

struct process {
	pid_t pid;
	pid_t ppid;
	unsigned loaded;   /* WANT_* already read (successfully or not) */
	unsigned unknown;  /* WANT_* that could not be read: permission */
	bool gone;         /* vanished since the scan (a later model_load failed) */
	/* Nonzero when the main thread has exited while this thread runs
	 * (sysroot_open_other_thread): everything but the name is read
	 * through PID/task/via_tid, whose status has the credentials in use
	 * (State there is that thread's, not 'Z'). */
	pid_t via_tid;
	char *leader_name; /* then: the main thread's name, as ps shows it */
	struct proc_status st;
	char *cmdline;     /* NULL when empty: kernel threads, zombies */
	uint64_t ns_ino[NS_NTYPES];     /* 0 when unknown */
	uint64_t pid_for_children_ino;  /* 0 when unknown or same as unset */
	struct namespace *ns[NS_NTYPES];
	struct cgroup_entry *cgroups;
	size_t ncgroups;
	bool in_container;
	/* NULL outside containers: out of line, as most processes have none
	 * and a scan of every process keeps them all (peak RSS). */
	struct container_ref *container;
	struct thread *threads; /* model_load_threads(): all but the main thread, by tid */
	size_t nthreads;
	bool threads_loaded;
};

/* How a namespace is kept alive besides its member processes. */
enum holder_kind {
	HOLD_BIND,     /* an nsfs bind mount */
	HOLD_FD,       /* an open file descriptor */
	HOLD_CHILDREN, /* pid_for_children of a process that has no child in it yet */
	HOLD_THREAD,   /* a thread other than its process's main one (model_load_thread_namespaces) */
};

struct ns_holder {
	enum holder_kind kind;
	char *path;  /* mount point, for HOLD_BIND */
	pid_t pid;   /* holder, for HOLD_FD, HOLD_CHILDREN and HOLD_THREAD */
	int fd;
	pid_t tid;   /* the thread, for HOLD_THREAD */
};

struct namespace {
	enum ns_type type;
	uint64_t ino;
	struct process **procs; /* member processes, sorted by pid */
	size_t nprocs;
	size_t procs_cap;
	struct ns_holder *holders;
	size_t nholders;
	/* Filled by model_load_ns_relations(), live hosts only. */
	bool rel_known;
	uint64_t parent_ino; /* NS_GET_PARENT: pid and user namespaces; 0 for none */
	uint64_t owner_ino;  /* NS_GET_USERNS: the owning user namespace; 0 for none */
	bool owner_uid_known; /* user namespaces: NS_GET_OWNER_UID answered */
	uint32_t owner_uid;   /* the uid that created it, as seen from our namespace */
};

struct model {
	struct sysroot *root;
	unsigned want;
	struct process **procs; /* sorted by pid */
	size_t nprocs;
	struct hmap pid_index;
	struct namespace **ns;  /* sorted by inode */
	size_t nns;
	struct hmap ns_index;
	size_t denied;          /* processes with fields unreadable for permission */
	pid_t first_denied;
	/* a scan of all processes, or one that asked for PID 1, that does
	 * not see PID 1 on the live host: /proc is mounted with
	 * hidepid=invisible (or ptraceable) and shows only some */
	bool others_hidden;
};

/* Reads every process under root with the fields in want.  Processes that
 * vanish during the scan are skipped silently.  Returns 0 or -errno when
 * /proc itself cannot be listed. */
int model_scan(struct model *m, struct sysroot *root, unsigned want);
/* The same, and reads first_want too for the first process the scan meets
 * in each namespace: on a live host /proc lists PIDs in ascending order,
 * so that is the lowest PID a namespace listing shows, read through the
 * directory already open (two syscalls fewer than a model_load later).
 * Elsewhere it is only a guess; model_load still does what is missing. */
int model_scan_first(struct model *m, struct sysroot *root, unsigned want, unsigned first_want);
/* Reads only the given processes (e.g. the PIDs named on the command
 * line), so that a question about one process costs one process's reads.
 * Missing PIDs are simply absent from the model. */
void model_scan_pids(struct model *m, struct sysroot *root, unsigned want, const pid_t *pids,
		     size_t npids);
void model_free(struct model *m);

/* Loads more fields of one process (e.g. the command line of the few
 * processes a table shows).  Returns false when the process is gone. */
bool model_load(struct model *m, struct process *p, unsigned want);

/* Reads the threads of p other than its main one (/proc/PID/task): tid,
 * comm and namespace links.  A captured tree without task/ has none.
 * Reads once; later calls do nothing. */
void model_load_threads(struct model *m, struct process *p);

/* The same, and the status of each of those threads: capabilities, ids,
 * no_new_privs and seccomp belong to each thread, so that one thread may
 * hold what the main thread dropped. */
void model_load_thread_status(struct model *m, struct process *p);

/* What differs between thread t and p's main thread (both read): TDIFF_*
 * bits, and in *ns_types the namespace types (bit 1 << enum ns_type). */
enum { TDIFF_CAPS = 1, TDIFF_IDS = 2, TDIFF_NNP = 4, TDIFF_SECCOMP = 8, TDIFF_NS = 16 };
unsigned thread_diff(const struct process *p, const struct thread *t, unsigned *ns_types);
/* Namespaces that a thread other than the main one is in and its process
 * is not (unshare(2) and setns(2) work per thread, and /proc/PID/ns shows
 * the main thread's): reads the threads of every process of the model and
 * gives each such namespace a HOLD_THREAD holder per process.  Costs a
 * listing of /proc/PID/task per process and the links of each other
 * thread; live hosts and captures with task/ only. */
void model_load_thread_namespaces(struct model *m);

/* How many of p's other threads differ from its main thread (reads them
 * with model_load_thread_status when p has more than one). */
size_t model_threads_differing(struct model *m, struct process *p);

struct process *model_process(const struct model *m, pid_t pid);
/* An exited process its parent has not reaped (no thread of it left):
 * only its pid and user namespace links, status and v2 cgroup remain. */
static inline bool process_is_zombie(const struct process *p)
{
	return !p->via_tid && (p->st.have & ST_STATE) && p->st.state == 'Z' &&
	       (!(p->st.have & ST_THREADS) || p->st.threads <= 1);
}

/* Whether entry e of p's /proc/PID/cgroup no longer says anything: a
 * zombie's v1 cgroups read as the root, as the kernel moved it out at exit
 * (its v2 cgroup it keeps). */
static inline bool process_cgroup_gone(const struct process *p, const struct cgroup_entry *e)
{
	return process_is_zombie(p) && e->hier_id != 0;
}

/* Whether p (status read) is kthreadd: PID 2 of the initial pid namespace
 * and a kernel thread, which may stand for the host.  "Kthread:" since
 * Linux 6.0; before, the name, which a process with a parent outside its
 * pid namespace (docker exec) can take, but its PPid 0 and PID 2 then
 * rarely. */
static inline bool process_is_kthreadd(const struct process *p)
{
	const struct proc_status *st = &p->st;
	if (p->pid != 2 || !(st->have & ST_PPID) || st->ppid != 0)
		return false;
	return (st->have & ST_KTHREAD) ? st->kthread == 1 : !strcmp(st->name, "kthreadd");
}

/* A kernel thread: the Kthread field (Linux 6.0+), else kthreadd (PID 2,
 * parent 0, whatever its name: listing one process too few matters less
 * than taking it for the host) and its children.  Not PID 2 as such: in a
 * pid namespace of nsinspect's own (a container, a debug container sharing
 * a pod's), PID 2 is any process. */
static inline bool process_is_kernel_thread(const struct process *p)
{
	if (p->st.have & ST_KTHREAD)
		return p->st.kthread == 1;
	return (p->pid == 2 && p->ppid == 0) || p->ppid == 2;
}

/* The thread that stands for p: its main one, unless that has exited. */
static inline pid_t process_tid(const struct process *p)
{
	return p->via_tid ? p->via_tid : p->pid;
}
/* The process p belongs to: p itself, unless p was given as a thread ID. */
static inline pid_t process_tgid(const struct process *p)
{
	return (p->st.have & ST_TGID) && p->st.tgid > 0 ? p->st.tgid : p->pid;
}
/* Whether its status says p has threads besides the one read. */
static inline bool process_has_other_threads(const struct process *p)
{
	return (p->st.have & ST_THREADS) && p->st.threads > 1;
}
/* "PID/file", or "PID/task/TID/file" when p is read through a thread
 * (via_tid): the path of one of p's files relative to /proc. */
void model_proc_path(const struct process *p, const char *file, char *out, size_t outsz);
/* The same for the process of PID pid, "PID/file" when the model lacks it. */
void model_pid_path(const struct model *m, pid_t pid, const char *file, char *out, size_t outsz);
struct namespace *model_namespace(const struct model *m, enum ns_type t, uint64_t ino);

/* Lowest-PID member, or NULL for namespaces held only by mounts or fds. */
static inline struct process *ns_first_process(const struct namespace *ns)
{
	return ns->nprocs ? ns->procs[0] : NULL;
}

/* The "PID 1 of the initial pid namespace": host init, or the lowest PID
 * we can see when a captured sysroot holds no PID 1; NULL on the live host
 * when /proc hides it (hidepid). */
struct process *model_host_init(const struct model *m);

/* Asks the kernel for each namespace's parent and owner (ioctl on nsfs).
 * Does nothing on a captured sysroot, where rel_known stays false. */
void model_load_ns_relations(struct model *m);

/* Finds or adds namespace (t, ino), keeping m->ns sorted. */
struct namespace *model_add_namespace(struct model *m, enum ns_type t, uint64_t ino);

/* Adds the parents and owners that no process is in any more, only their
 * descendants keep them alive (the outer levels of `unshare --user unshare
 * --user ...`), as lsns does for its owner and parent trees.  Loads the
 * relations of every namespace first.  Live hosts only. */
void model_add_ns_ancestors(struct model *m);

/* The id the network subsystem gives a net namespace, seen from ours:
 * >= 0, or -1 for "unassigned".  false when it cannot be asked. */
bool model_netnsid(const struct model *m, const struct namespace *ns, int *id);

/* Prints the warning about processes /proc hides, and the single one
 * about what could not be read, when there is cause. */
void model_warn_denied(const struct model *m);

#endif
