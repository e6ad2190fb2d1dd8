# nsinspect — see README.md.  `make run` and `make check` install missing
# Debian packages first (tests/install-deps), so a fresh Debian 12 needs
# nothing else.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
DESTDIR ?=

CC ?= cc
PKGS := libcap libseccomp smartcols ncursesw json-c
# libcurl's and libproc2's headers only: src/docker.c loads libcurl when it
# asks a Docker socket, src/topprocs.c libproc2 when top's process view
# opens, so other commands do not pay for their dependencies.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) libcurl libproc2 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -ldl -lm

CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
	  -Wno-format-nonliteral -fno-strict-aliasing $(PKG_CFLAGS)
LDFLAGS += -Wl,--as-needed
LDLIBS += $(PKG_LIBS)

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
BUILD := build/sanitize
else
BUILD := build/default
endif

SRCS := $(wildcard src/*.c)
# Everything but main.c, linked into unit tests and fuzzers too.
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
OBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS))
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRCS))
LIB_A := $(BUILD)/libnsinspect.a

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(patsubst tests/helpers/%.c,$(BUILD)/helpers/%,$(HELPER_SRCS))

.PHONY: nsinspect all deps run check unit integration install uninstall clean bench fuzz fuzz-build

all: nsinspect

nsinspect: $(BUILD)/nsinspect
	cp $< $@

$(BUILD)/nsinspect: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c src/*.h | $(BUILD)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD) $(BUILD)/unit $(BUILD)/helpers:
	mkdir -p $@

# Tests link the library objects through an archive, so that each test pulls
# in only the objects it needs: the command files call into main.c.
$(LIB_A): $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/unit/%: tests/unit/%.c $(LIB_A) $(wildcard tests/unit/*.h) | $(BUILD)/unit
	$(CC) $(CFLAGS) -Isrc -Itests/unit $(LDFLAGS) -o $@ $< $(LIB_A) $(LDLIBS) -lcmocka

$(BUILD)/helpers/%: tests/helpers/%.c | $(BUILD)/helpers
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/bench:
	mkdir -p $@

# Only the layers it measures: no command files, no main.c.
SECCOMP_BENCH_OBJS := $(patsubst %,$(BUILD)/%.o,bpf seccomp_read procfs sysroot util)
$(BUILD)/bench/seccomp_decode: bench/seccomp_decode.c $(SECCOMP_BENCH_OBJS) | $(BUILD)/bench
	$(CC) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(SECCOMP_BENCH_OBJS) $(LDLIBS)

deps:
	@tests/install-deps all

# Builds (after installing what is missing) and prints the namespace overview.
run:
	@tests/install-deps build
	@$(MAKE) --no-print-directory nsinspect
	./nsinspect

# Unit tests (cmocka), golden tests on captured fixtures and integration
# tests on real namespaces, cgroups and Docker containers.  Ends with one
# line "N passed, N failed, N skipped".
#   make check SANITIZE=1   everything built with ASan + UBSan
#   make check VALGRIND=1   nsinspect under valgrind --leak-check=full in
#                           the bats files (a memory error or leak: exit 97)
#   make check BATS="tests/integration/ns.bats ..."   only these bats files
#   make check FUZZ=0       no fuzzing (FUZZ_SECONDS=N: N s per target)
check: deps
	@$(MAKE) --no-print-directory nsinspect $(UNIT_BINS) $(HELPER_BINS)
	@BUILD=$(BUILD) NSI_VALGRIND=$(VALGRIND) NSI_BATS="$(BATS)" NSI_FUZZ=$(FUZZ) tests/run-all

install: nsinspect
	install -D -m 755 nsinspect $(DESTDIR)$(BINDIR)/nsinspect
	install -D -m 644 man/nsinspect.1 $(DESTDIR)$(MANDIR)/man1/nsinspect.1
	install -D -m 644 completions/nsinspect.bash $(DESTDIR)$(BASHCOMPDIR)/nsinspect
	install -D -m 644 completions/_nsinspect $(DESTDIR)$(ZSHCOMPDIR)/_nsinspect
	install -D -m 644 completions/nsinspect.fish $(DESTDIR)$(FISHCOMPDIR)/nsinspect.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nsinspect $(DESTDIR)$(MANDIR)/man1/nsinspect.1 \
	      $(DESTDIR)$(BASHCOMPDIR)/nsinspect $(DESTDIR)$(ZSHCOMPDIR)/_nsinspect \
	      $(DESTDIR)$(FISHCOMPDIR)/nsinspect.fish

# Every command against its peer on one large workload (bench/run; smaller
# with NPROCS, NGROUPS, NCGROUPS, NCONTAINERS, ROUNDS).  Not part of check.
bench: nsinspect
	@tests/install-deps bench
	bench/run

# libFuzzer targets for the /proc parsers (clang only): tests/fuzz/fuzz_*.c,
# seeds in tests/fuzz/corpus/<target>/.  `make fuzz` runs each target for
# FUZZ_SECONDS; new inputs go to build/fuzz/corpus, crashes to build/fuzz.
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_BUILD := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra \
	       $(PKG_CFLAGS) $(FUZZ_SAN)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/%,$(FUZZ_SRCS))
FUZZ_LIB_OBJS := $(patsubst src/%.c,$(FUZZ_BUILD)/obj/%.o,$(LIB_SRCS))

fuzz: $(FUZZ_BINS)
	@for f in $(FUZZ_BINS); do \
		t=$$(basename $$f); \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		echo "== $$t ($(FUZZ_SECONDS)s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		    -artifact_prefix=$(FUZZ_BUILD)/$$t- \
		    $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/obj/%.o: src/%.c src/*.h | $(FUZZ_BUILD)/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libnsinspect.a: $(FUZZ_LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_BUILD)/libnsinspect.a | $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< \
		$(FUZZ_BUILD)/libnsinspect.a $(PKG_LIBS)

$(FUZZ_BUILD) $(FUZZ_BUILD)/obj:
	mkdir -p $@

clean:
	rm -rf build nsinspect
