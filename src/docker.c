#include "docker.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "util.h"

/* An answer larger than this is not a container list we want to hold. */
#define MAX_ANSWER (16u << 20)

char *docker_socket_path(void)
{
	const char *host = getenv("DOCKER_HOST");
	if (host && *host) {
		if (strncmp(host, "unix://", 7) != 0 || !host[7])
			return NULL;
		return xstrdup(host + 7);
	}
	return xstrdup("/var/run/docker.sock");
}

static bool is_full_id(const char *s)
{
	size_t n = strlen(s);
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static const char *json_str(struct json_object *obj, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static void add_entry(struct docker_names *dn, const char *id, const char *name, const char *image)
{
	if (name && *name == '/')
		name++;
	dn->v = xrealloc(dn->v, (dn->n + 1) * sizeof(*dn->v));
	dn->v[dn->n++] = (struct docker_container){
		.id = xstrdup(id),
		.name = name && *name ? xstrdup(name) : NULL,
		.image = image && *image ? xstrdup(image) : NULL,
	};
}

static struct json_object *parse_json(const char *text, size_t len)
{
	if (!text || len == 0 || len > MAX_ANSWER)
		return NULL;
	struct json_tokener *tok = json_tokener_new();
	if (!tok)
		return NULL;
	struct json_object *obj = json_tokener_parse_ex(tok, text, (int)len);
	bool ok = json_tokener_get_error(tok) == json_tokener_success;
	/* one JSON value and nothing after it but white space */
	for (size_t i = ok ? json_tokener_get_parse_end(tok) : len; i < len && ok; i++)
		ok = text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t';
	if (!ok) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

bool docker_parse_containers_json(const char *text, size_t len, struct docker_names *dn)
{
	struct json_object *arr = parse_json(text, len);
	if (!arr || !json_object_is_type(arr, json_type_array)) {
		json_object_put(arr);
		return false;
	}
	size_t n = json_object_array_length(arr);
	for (size_t i = 0; i < n; i++) {
		struct json_object *c = json_object_array_get_idx(arr, i), *names, *first;
		if (!json_object_is_type(c, json_type_object))
			continue;
		const char *id = json_str(c, "Id");
		if (!id || !is_full_id(id))
			continue;
		const char *name = NULL;
		if (json_object_object_get_ex(c, "Names", &names) &&
		    json_object_is_type(names, json_type_array) &&
		    json_object_array_length(names) > 0 &&
		    (first = json_object_array_get_idx(names, 0)) &&
		    json_object_is_type(first, json_type_string))
			name = json_object_get_string(first);
		add_entry(dn, id, name, json_str(c, "Image"));
	}
	json_object_put(arr);
	return true;
}

bool docker_parse_config_v2(const char *text, size_t len, const char *id, struct docker_names *dn)
{
	struct json_object *obj = parse_json(text, len), *config;
	if (!obj || !json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return false;
	}
	const char *image = NULL;
	if (json_object_object_get_ex(obj, "Config", &config) &&
	    json_object_is_type(config, json_type_object))
		image = json_str(config, "Image");
	add_entry(dn, id, json_str(obj, "Name"), image);
	json_object_put(obj);
	return true;
}

const struct docker_container *docker_names_find(const struct docker_names *dn, const char *id)
{
	for (size_t i = 0; i < dn->n; i++)
		if (!strcmp(dn->v[i].id, id))
			return &dn->v[i];
	return NULL;
}

void docker_names_free(struct docker_names *dn)
{
	for (size_t i = 0; i < dn->n; i++) {
		free(dn->v[i].id);
		free(dn->v[i].name);
		free(dn->v[i].image);
	}
	free(dn->v);
	memset(dn, 0, sizeof(*dn));
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t on_data(char *data, size_t size, size_t nmemb, void *userp)
{
	struct buf *b = userp;
	size_t n = size * nmemb;
	if (b->len + n > MAX_ANSWER)
		return 0; /* aborts the transfer */
	buf_append(b, data, n);
	return n;
}

/* libcurl is loaded only when a socket is there to ask: linked in, it
 * and its thirty-odd dependencies (TLS, GSSAPI, LDAP, ...) cost every
 * command several milliseconds of dynamic loading, needed or not. */
static struct {
	void *handle;
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
} lib;

static bool curl_load(void)
{
	const struct dl_sym syms[] = {
		{ "curl_global_init", (void **)&lib.global_init },
		{ "curl_global_cleanup", (void **)&lib.global_cleanup },
		{ "curl_easy_init", (void **)&lib.easy_init },
		{ "curl_easy_setopt", (void **)&lib.easy_setopt },
		{ "curl_easy_perform", (void **)&lib.easy_perform },
		{ "curl_easy_getinfo", (void **)&lib.easy_getinfo },
		{ "curl_easy_cleanup", (void **)&lib.easy_cleanup },
	};
	return dl_load("libcurl.so.4", &lib.handle, syms, ARRAY_SIZE(syms));
}

/* GET /containers/json on one unix socket within the time left until
 * deadline; false when it does not answer well in time. */
static bool ask_socket(const char *path, long deadline, struct docker_names *dn)
{
	struct stat st;
	long left = deadline - now_ms();
	if (left <= 0 || stat(path, &st) != 0 || !S_ISSOCK(st.st_mode))
		return false;
	CURL *curl = lib.easy_init();
	if (!curl)
		return false;
	struct buf b = { 0 };
	long status = 0;
	curl_write_callback write_cb = on_data;
	lib.easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, path);
	lib.easy_setopt(curl, CURLOPT_URL, "http://localhost/containers/json");
	lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, left);
	lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, left);
	lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, write_cb);
	lib.easy_setopt(curl, CURLOPT_WRITEDATA, &b);
	bool ok = lib.easy_perform(curl) == CURLE_OK &&
		  lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK &&
		  status == 200 && docker_parse_containers_json(b.data, b.len, dn);
	lib.easy_cleanup(curl);
	buf_free(&b);
	return ok;
}

static void add_socket(char **paths, size_t *n, char *path)
{
	if (!path)
		return;
	for (size_t i = 0; i < *n; i++) {
		if (!strcmp(paths[i], path)) {
			free(path);
			return;
		}
	}
	paths[(*n)++] = path;
}

void docker_names_load(struct docker_names *dn, const struct sysroot *root,
		       const char *const *ids, size_t nids, bool podman)
{
	memset(dn, 0, sizeof(*dn));
	if (!nids)
		return;
	if (root->live) {
		long deadline = now_ms() + DOCKER_BUDGET_MS;
		char *paths[4];
		size_t npaths = 0;
		add_socket(paths, &npaths, docker_socket_path());
		if (podman) {
			const char *host = getenv("CONTAINER_HOST"), *xdg = getenv("XDG_RUNTIME_DIR");
			if (host && !strncmp(host, "unix://", 7) && host[7])
				add_socket(paths, &npaths, xstrdup(host + 7));
			add_socket(paths, &npaths, xstrdup("/run/podman/podman.sock"));
			if (xdg && *xdg)
				add_socket(paths, &npaths, xasprintf("%s/podman/podman.sock", xdg));
		}
		bool curl_ready = false;
		for (size_t i = 0; i < npaths; i++) {
			struct stat st;
			if (stat(paths[i], &st) == 0 && S_ISSOCK(st.st_mode)) {
				/* no TLS for a unix socket: skip its set-up cost */
				if (!curl_ready && curl_load() && lib.global_init(CURL_GLOBAL_NOTHING) == CURLE_OK)
					curl_ready = true;
				if (curl_ready && ask_socket(paths[i], deadline, dn))
					dn->api_answered = true;
			}
			free(paths[i]);
		}
		if (curl_ready)
			lib.global_cleanup();
	}
	/* The engine's own records, for what no socket told us. */
	struct buf b = { 0 };
	for (size_t i = 0; i < nids; i++) {
		if (!is_full_id(ids[i]) || docker_names_find(dn, ids[i]))
			continue;
		char path[128];
		snprintf(path, sizeof(path), "var/lib/docker/containers/%s/config.v2.json", ids[i]);
		if (read_file_at(root->root_fd, path, &b) == 0)
			docker_parse_config_v2(b.data, b.len, ids[i], dn);
	}
	buf_free(&b);
}
