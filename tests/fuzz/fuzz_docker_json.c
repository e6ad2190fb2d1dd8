/* libFuzzer target: the Docker Engine API answer (GET /containers/json)
 * and config.v2.json readers of src/docker.c.  A container's owner picks
 * its name, labels and image, so the whole answer is untrusted. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "util.h"

static void check(const struct docker_names *dn)
{
	for (size_t i = 0; i < dn->n; i++) {
		const struct docker_container *c = &dn->v[i];
		if (!c->id)
			abort();
		if (docker_names_find(dn, c->id) == NULL)
			abort();
		/* what the renderers do with them */
		if (c->name)
			free(str_escape(c->name, strlen(c->name)));
		if (c->image)
			free(str_escape(c->image, strlen(c->image)));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = xmalloc(size ? size : 1);
	memcpy(buf, data, size);

	struct docker_names dn = { 0 };
	bool ok = docker_parse_containers_json(buf, size, &dn);
	if (!ok && dn.n)
		abort(); /* garbage adds nothing */
	check(&dn);
	docker_names_free(&dn);

	if (docker_parse_config_v2(buf, size, "0123456789abcdef0123456789abcdef", &dn)) {
		if (dn.n != 1)
			abort();
		check(&dn);
	}
	docker_names_free(&dn);
	free(buf);
	return 0;
}
