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
PKGS := libproc2 libcap libseccomp smartcols ncursesw libcurl json-c
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

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

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
HELPER_SRCS := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(patsubst tests/helpers/%.c,$(BUILD)/helpers/%,$(HELPER_SRCS))

.PHONY: nsinspect all deps run check unit integration install uninstall clean bench fuzz

all: nsinspect

nsinspect: $(BUILD)/nsinspect
	cp $< $@

$(BUILD)/nsinspect: $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c src/*.h | $(BUILD)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD) $(BUILD)/unit $(BUILD)/helpers:
	mkdir -p $@

$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJS) tests/unit/*.h | $(BUILD)/unit
	$(CC) $(CFLAGS) -Isrc -Itests/unit $(LDFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS) -lcmocka

$(BUILD)/helpers/%: tests/helpers/%.c | $(BUILD)/helpers
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

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
check: deps
	@$(MAKE) --no-print-directory nsinspect $(UNIT_BINS) $(HELPER_BINS)
	@BUILD=$(BUILD) tests/run-all

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

bench: nsinspect
	bench/ns.sh

clean:
	rm -rf build nsinspect
