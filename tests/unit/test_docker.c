/* Container names: the Engine API answer and config.v2.json parsers on real
 * and broken JSON, DOCKER_HOST handling, and the time bound against a
 * socket that accepts connections and never answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#include <cmocka.h>

#include "cli_stubs.h"
#include "docker.h"

#define ID1 "e13f87adbcbf607fa00b37091b40408a467449cb0c7fa97ea8db569968bf1018"
#define ID2 "aec4535a18edc568af7e0a33ea2cbeb67c3fe1e45b5b4953e7d7e86b7d8ec012"

/* Shape of dockerd 20.10's answer (trimmed of fields we do not read). */
static const char CONTAINERS_JSON[] =
	"[{\"Id\":\"" ID1 "\",\"Names\":[\"/nsi-cg-web\"],\"Image\":\"nsi-busybox:test\","
	"\"ImageID\":\"sha256:d4f3\",\"Command\":\"sleep 1000\",\"Created\":1763895000,"
	"\"Ports\":[],\"Labels\":{},\"State\":\"running\",\"Status\":\"Up 9 minutes\","
	"\"HostConfig\":{\"NetworkMode\":\"default\"}},"
	"{\"Id\":\"" ID2 "\",\"Names\":[\"/side\"],\"Image\":\"sha256:d4f31536b09a\"},"
	"{\"Id\":\"short\",\"Names\":[\"/bad-id\"]},"
	"{\"Id\":42},"
	"17,"
	"{\"Id\":\"" "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" "\",\"Names\":[],\"Image\":7}]";

static void test_containers_json(void **state)
{
	(void)state;
	struct docker_names dn = { 0 };
	assert_true(docker_parse_containers_json(CONTAINERS_JSON, strlen(CONTAINERS_JSON), &dn));
	assert_int_equal(dn.n, 3);
	const struct docker_container *c = docker_names_find(&dn, ID1);
	assert_non_null(c);
	assert_string_equal(c->name, "nsi-cg-web");
	assert_string_equal(c->image, "nsi-busybox:test");
	c = docker_names_find(&dn, ID2);
	assert_string_equal(c->name, "side");
	c = docker_names_find(&dn, "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
	assert_null(c->name);
	assert_null(c->image);
	assert_null(docker_names_find(&dn, "short"));
	docker_names_free(&dn);
}

static void test_containers_json_garbage(void **state)
{
	(void)state;
	struct docker_names dn = { 0 };
	static const char *const bad[] = {
		"", "garbage", "{\"message\":\"page not found\"}", "[{\"Id\":", "[1,2", "null",
		"HTTP/1.1 200 OK\r\n\r\n[]", "[] trailing",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(docker_parse_containers_json(bad[i], strlen(bad[i]), &dn));
	assert_true(docker_parse_containers_json("[]", 2, &dn));
	assert_int_equal(dn.n, 0);
	/* a NUL inside the answer */
	assert_false(docker_parse_containers_json("[\0]", 3, &dn));
	docker_names_free(&dn);
}

static void test_config_v2(void **state)
{
	(void)state;
	struct docker_names dn = { 0 };
	static const char cfg[] = "{\"StreamConfig\":{},\"State\":{\"Running\":true},\"ID\":\"" ID1
				  "\",\"Name\":\"/nsi-cg-web\",\"Config\":{\"Hostname\":\"e13f87adbcbf\","
				  "\"Image\":\"nsi-busybox:test\",\"Cmd\":[\"sleep\",\"1000\"]}}";
	assert_true(docker_parse_config_v2(cfg, strlen(cfg), ID1, &dn));
	assert_string_equal(docker_names_find(&dn, ID1)->name, "nsi-cg-web");
	assert_string_equal(docker_names_find(&dn, ID1)->image, "nsi-busybox:test");
	assert_false(docker_parse_config_v2("[]", 2, ID2, &dn));
	assert_false(docker_parse_config_v2("{", 1, ID2, &dn));
	assert_true(docker_parse_config_v2("{\"Name\":5,\"Config\":[]}", 22, ID2, &dn));
	assert_null(docker_names_find(&dn, ID2)->name);
	docker_names_free(&dn);
}

static void test_socket_path(void **state)
{
	(void)state;
	char *p;
	unsetenv("DOCKER_HOST");
	p = docker_socket_path();
	assert_string_equal(p, "/var/run/docker.sock");
	free(p);
	setenv("DOCKER_HOST", "unix:///run/user/1000/docker.sock", 1);
	p = docker_socket_path();
	assert_string_equal(p, "/run/user/1000/docker.sock");
	free(p);
	setenv("DOCKER_HOST", "tcp://127.0.0.1:2375", 1);
	assert_null(docker_socket_path());
	setenv("DOCKER_HOST", "unix://", 1);
	assert_null(docker_socket_path());
	unsetenv("DOCKER_HOST");
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* A socket that accepts (the kernel queues the connection) and never
 * answers: the lookup gives up within the budget and the config.v2.json
 * under the sysroot still names the container. */
static void test_hanging_socket(void **state)
{
	(void)state;
	char dir[] = "/tmp/nsi-dockertest-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char sock[200], path[300], cmd[400];
	snprintf(sock, sizeof(sock), "%s/docker.sock", dir);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	assert_true(strlen(sock) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 8), 0);

	snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s", dir, ID1);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	assert_int_equal(system(cmd), 0);
	strcat(path, "/config.v2.json");
	FILE *f = fopen(path, "w");
	fputs("{\"Name\":\"/from-file\",\"Config\":{\"Image\":\"img\"}}", f);
	fclose(f);

	struct sysroot root = { .dir = dir, .live = true, .proc_fd = -1, .sys_fd = -1 };
	root.root_fd = open(dir, O_RDONLY | O_DIRECTORY);
	char host[260];
	snprintf(host, sizeof(host), "unix://%s", sock);
	setenv("DOCKER_HOST", host, 1);
	const char *ids[] = { ID1, ID2, "../../../etc" };
	struct docker_names dn;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	docker_names_load(&dn, &root, ids, 3, true);
	long ms = elapsed_ms(&t0);
	assert_true(ms < DOCKER_BUDGET_MS + 150);
	assert_false(dn.api_answered);
	assert_int_equal(dn.n, 1);
	assert_string_equal(docker_names_find(&dn, ID1)->name, "from-file");
	assert_null(docker_names_find(&dn, ID2));
	docker_names_free(&dn);

	/* no socket at all: no wait */
	close(fd);
	unlink(sock);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	docker_names_load(&dn, &root, ids, 1, false);
	assert_true(elapsed_ms(&t0) < 100);
	assert_int_equal(dn.n, 1);
	docker_names_free(&dn);

	unsetenv("DOCKER_HOST");
	close(root.root_fd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_containers_json),
		cmocka_unit_test(test_containers_json_garbage),
		cmocka_unit_test(test_config_v2),
		cmocka_unit_test(test_socket_path),
		cmocka_unit_test(test_hanging_socket),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
