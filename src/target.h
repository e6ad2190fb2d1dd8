/* What `diff` (and any command that names a process the way people think
 * of it) accepts for a process: a PID, "host", or a container by name, id
 * prefix or "runtime:id" label, resolved through the cgroup attribution of
 * the model and the Docker/Podman names. */
#ifndef NSINSPECT_TARGET_H
#define NSINSPECT_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include "container.h"
#include "docker.h"
#include "model.h"

/* One container seen in the process table, with its init. */
struct target_container {
	struct container_ref ref;
	const char *name;      /* engine's name (points into docker_names), NULL when unknown */
	struct process *init;  /* see target_containers() */
};

/* The distinct containers of the model's processes (loaded with
 * WANT_STATUS | WANT_CGROUP), in order of their init's PID.  A
 * container's process is its init: the member that is PID 1 of its own
 * pid namespace, else the lowest-PID member whose parent is outside the
 * container (what the runtime started), else the lowest-PID member.
 * Returns the count; *out is freed by the caller. */
size_t target_containers(const struct model *m, const struct docker_names *dn,
			 struct target_container **out);

enum target_match { TARGET_FOUND, TARGET_NONE, TARGET_AMBIGUOUS };

/* Which container arg names, in the order the docker CLI resolves: a
 * "runtime:id-prefix" label, a full id, an exact name, then an id prefix
 * (any length).  For TARGET_AMBIGUOUS, *candidates lists the matches
 * ("docker:0123456789ab (web), ..."; the caller frees it). */
enum target_match target_find_container(const struct target_container *c, size_t n,
					const char *arg, size_t *index, char **candidates);

/* "host" */
bool target_is_host(const char *arg);

#endif
