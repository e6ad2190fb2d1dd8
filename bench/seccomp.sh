#!/bin/sh
# Times the decoding of Docker's default seccomp filter for every syscall
# of every arch (target: under 20 ms).  Needs root and a Docker engine;
# the container is named nsi-bench-seccomp-PID and removed afterwards.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/default}
make --no-print-directory "$BUILD/bench/seccomp_decode" >/dev/null
image=${NSI_IMAGE:-nsi-busybox:test}
name="nsi-bench-seccomp-$$"
docker run -d --name "$name" "$image" sleep 600 >/dev/null
trap 'docker rm -f "$name" >/dev/null 2>&1' EXIT
pid=$(docker inspect -f '{{.State.Pid}}' "$name")
"$BUILD/bench/seccomp_decode" "$pid" "${ROUNDS:-50}"
