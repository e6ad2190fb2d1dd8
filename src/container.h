/* Which container a process belongs to, told from its cgroup path alone:
 * every runtime names the cgroup it creates after the container. */
#ifndef NSINSPECT_CONTAINER_H
#define NSINSPECT_CONTAINER_H

#include <stdbool.h>

struct container_ref {
	char runtime[16]; /* docker, containerd, crio, podman, k8s, lxc, nspawn */
	char id[80];      /* full id, or the name for lxc and nspawn */
	char pod[40];     /* Kubernetes pod uid, "" when not in a pod */
	char qos[12];     /* Kubernetes QoS class: guaranteed, burstable, besteffort */
};

/* Fills ref from one cgroup path; false when the path names no container. */
bool container_from_cgroup_path(const char *path, struct container_ref *ref);

/* "docker:82ed887ccfdb": runtime and short id (ids cut to 12 characters). */
void container_label(const struct container_ref *ref, char *out, unsigned outsz);

#endif
