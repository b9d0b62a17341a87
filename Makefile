# SPDX-License-Identifier: GPL-2.0
#
# make            build rampart.ko (against KDIR) and cli/fwadm
# make deps       install the Debian packages build, demo and tests need
# make check      run every test layer: unit, KUnit, vm (stock + debug kernel)
# make demo       boot a VM, start the firewall between two namespaces, show it
# make bench      rampart vs no firewall vs nftables+conntrack, one VM run
# make C=1        also run sparse over the module

KVER_RUNNING := $(shell uname -r)
KDIR ?= $(shell if [ -d /lib/modules/$(KVER_RUNNING)/build ]; then \
		echo /lib/modules/$(KVER_RUNNING)/build; \
	else \
		ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1; \
	fi)

BUILD_DEBUG := $(CURDIR)/build/debug
MODULE_SRC := Kbuild VERSION kmod include tests/vectors

.PHONY: all module cli deps check check-unit check-kunit check-vm demo print-kdir \
	debug-kernel module-debug bench clean help

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

demo:
	scripts/demo

bench:
	scripts/bench

clean:
	-[ -n "$(KDIR)" ] && [ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C cli clean
	-$(MAKE) -C tests/unit clean
	rm -rf build

print-kdir:
	@echo $(KDIR)

help:
	@sed -n '3,9s/^# //p' Makefile
