/* Names and images of Docker (and Podman) containers, for the ids found in
 * cgroup paths.  One lookup per run: the Engine API over its unix socket
 * (GET /containers/json), bounded to DOCKER_BUDGET_MS in total however
 * slow or dead the socket is; ids it does not answer for fall back to
 * /var/lib/docker/containers/<id>/config.v2.json under the sysroot; what
 * is still unknown stays unnamed (callers show the short id). */
#ifndef NSINSPECT_DOCKER_H
#define NSINSPECT_DOCKER_H

#include <stdbool.h>
#include <stddef.h>

#include "sysroot.h"

#define DOCKER_BUDGET_MS 200

struct docker_container {
	char *id;    /* full id */
	char *name;  /* without Docker's leading '/'; NULL when unknown */
	char *image; /* NULL when unknown */
};

struct docker_names {
	struct docker_container *v;
	size_t n;
	bool api_answered; /* a socket gave a well-formed answer */
};

/* Where the Engine API listens: $DOCKER_HOST when it is unix://PATH,
 * else /var/run/docker.sock.  NULL when DOCKER_HOST names a transport we
 * do not speak (tcp://, ssh://).  Returns a malloc'ed path. */
char *docker_socket_path(void);

/* Parses a GET /containers/json answer into dn (appending).  false when
 * the text is not a JSON array. */
bool docker_parse_containers_json(const char *text, size_t len, struct docker_names *dn);

/* Parses a config.v2.json into one entry (appended); false on garbage. */
bool docker_parse_config_v2(const char *text, size_t len, const char *id, struct docker_names *dn);

/* Looks the ids up (runtime "docker" or "podman" ids, full length).  The
 * sockets are only asked on the live host. */
void docker_names_load(struct docker_names *dn, const struct sysroot *root,
		       const char *const *ids, size_t nids, bool podman);

/* The entry for a full id, or NULL. */
const struct docker_container *docker_names_find(const struct docker_names *dn, const char *id);
void docker_names_free(struct docker_names *dn);

#endif
