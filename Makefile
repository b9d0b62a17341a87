# SPDX-License-Identifier: GPL-2.0
#
# make            build rampart.ko (against KDIR) and cli/fwadm
# make deps       install the Debian packages build, demo and tests need
# make check      run every test layer: unit, KUnit, pkg, vm (stock + debug kernel)
# make demo       boot a VM, start the firewall between two namespaces, show it
# make bench      rampart vs no firewall vs nftables+conntrack, one VM run
# make C=1        also run sparse over the module
# make install    fwadm, its man pages, completion, units and the DKMS source
#                 tree (DESTDIR, PREFIX; see docs/packaging.md)
# make deb        the Debian packages rampart-dkms and fwadm, in build/deb

KVER_RUNNING := $(shell uname -r)
KDIR ?= $(shell if [ -d /lib/modules/$(KVER_RUNNING)/build ]; then \
		echo /lib/modules/$(KVER_RUNNING)/build; \
	else \
		ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; \
	fi)

BUILD_DEBUG := $(CURDIR)/build/debug
MODULE_SRC := Kbuild VERSION kmod include tests/vectors
VERSION := $(shell cat VERSION)

# make install: where things go. The DKMS source tree is where dkms looks
# (/usr/src) and the configuration snippets where modprobe and systemd look
# (/etc), whatever PREFIX is.
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DOCDIR ?= $(PREFIX)/share/doc/fwadm
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
DKMSDIR ?= /usr/src/rampart-$(VERSION)

.PHONY: all module cli deps check check-unit check-kunit check-vm demo print-kdir \
	debug-kernel module-debug bench clean help check-pkg install install-cli install-dkms deb

all: module cli

module:
	@if [ -z "$(KDIR)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "no kernel build directory: install linux-headers-amd64 (make deps) or set KDIR" >&2; \
		exit 1; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

cli:
	$(MAKE) -C cli

deps:
	scripts/deps

# The debug kernel (KUnit, KASAN, lockdep, kmemleak) is cached outside the tree.
debug-kernel:
	scripts/debug-kernel

# rampart.ko and rampart_kunit.ko for the debug kernel, built in a copy of the
# module sources so the stock build in the tree stays untouched.
module-debug: debug-kernel
	mkdir -p $(BUILD_DEBUG)
	rsync -aR --delete --exclude '*.o' --exclude '*.ko' --exclude '*.cmd' \
		$(MODULE_SRC) $(BUILD_DEBUG)/
	$(MAKE) -C $$(scripts/debug-kernel --path) M=$(BUILD_DEBUG) W=1 modules

check:
	scripts/check

check-unit:
	scripts/check unit

check-kunit:
	scripts/check kunit

check-vm:
	scripts/check vm

check-pkg:
	scripts/check pkg

demo:
	scripts/demo

bench:
	scripts/bench

clean:
	-[ -n "$(KDIR)" ] && [ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C cli clean
	-$(MAKE) -C tests/unit clean
	rm -rf build

install: install-cli install-dkms

install-cli: cli
	install -D -m 0755 cli/fwadm $(DESTDIR)$(SBINDIR)/fwadm
	install -D -m 0644 docs/man/fwadm.8 $(DESTDIR)$(MANDIR)/man8/fwadm.8
	install -D -m 0644 docs/man/rampart.policy.5 $(DESTDIR)$(MANDIR)/man5/rampart.policy.5
	install -D -m 0644 docs/man/rampart.4 $(DESTDIR)$(MANDIR)/man4/rampart.4
	install -D -m 0644 dist/bash-completion/fwadm $(DESTDIR)$(BASHCOMPDIR)/fwadm
	install -d $(DESTDIR)$(UNITDIR)
	for u in rampart.service rampart-log.service; do \
		sed 's|@SBINDIR@|$(SBINDIR)|g; s|@SYSCONFDIR@|$(SYSCONFDIR)|g' dist/systemd/$$u.in \
			>$(DESTDIR)$(UNITDIR)/$$u && chmod 0644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; \
	done
	install -D -m 0644 dist/modprobe/rampart.conf $(DESTDIR)$(SYSCONFDIR)/modprobe.d/rampart.conf
	install -D -m 0644 dist/modules-load/rampart.conf $(DESTDIR)$(SYSCONFDIR)/modules-load.d/rampart.conf
	install -d $(DESTDIR)$(SYSCONFDIR)/rampart
	install -D -m 0644 -t $(DESTDIR)$(DOCDIR)/examples examples/*.policy

# The module's sources without its tests, and dkms.conf with the version.
install-dkms:
	install -d $(DESTDIR)$(DKMSDIR)
	install -m 0644 Kbuild VERSION $(DESTDIR)$(DKMSDIR)/
	install -D -m 0644 include/uapi/linux/rampart.h $(DESTDIR)$(DKMSDIR)/include/uapi/linux/rampart.h
	for f in $$(find kmod -path kmod/tests -prune -o -type f -name '*.[ch]' -print | sort); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMSDIR)/$$f || exit 1; \
	done
	sed 's/#MODULE_VERSION#/$(VERSION)/' dist/dkms.conf >$(DESTDIR)$(DKMSDIR)/dkms.conf
	chmod 0644 $(DESTDIR)$(DKMSDIR)/dkms.conf

deb:
	scripts/deb

print-kdir:
	@echo $(KDIR)

help:
	@sed -n '3,12s/^# //p' Makefile
