/* Pure logic of `nsinspect tree`, kept apart from any I/O so that unit
 * tests feed it directly: the namespace mark of a process against its
 * parent, the roles of container runtime processes, and pstree-style
 * folding of identical leaf siblings. */
#ifndef NSINSPECT_PROCTREE_H
#define NSINSPECT_PROCTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* The types a process "entered": those in `types` whose inode differs from
 * its parent's, both inodes known (0 = unknown never marks).  Returns a
 * bit mask (1u << enum ns_type). */
unsigned ns_mark_mask(const uint64_t child[NS_NTYPES], const uint64_t parent[NS_NTYPES],
		      const bool types[NS_NTYPES]);
/* "[+pid +net +mnt]" in the order pid net mnt uts ipc user cgroup time,
 * or "" for an empty mask. */
void ns_mark_text(unsigned mask, char *out, size_t outsz);

/* What a process of a container runtime chain is, told from its comm and
 * the basename of its argv[0] (comm is cut to 15 characters):
 * "engine" (dockerd, podman, crio), "containerd", "shim"
 * (containerd-shim*, conmon), "oci-runtime" (runc, crun, youki),
 * "proxy" (docker-proxy); NULL for anything else. */
const char *runtime_role(const char *comm, const char *cmdline);

/* One sibling for folding: its key (everything shown but the PID) and
 * whether it is a leaf. */
struct fold_item {
	const char *key;
	bool leaf;
};
/* Groups identical leaf siblings: group_of[i] is the index of the first
 * sibling of i's group (i itself for a group's first member and for every
 * non-leaf).  Returns the number of rows left. */
size_t fold_siblings(const struct fold_item *items, size_t n, size_t *group_of);

#endif
