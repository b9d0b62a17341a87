#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-plan: stock 0, debug 5 (the debug kernel's facilities, checked first)
#
# Runs several VM tests one after the other in one VM boot (the debug
# kernel boots and scans for leaks slowly, so make check boots it once):
#   scripts/vm --kernel debug tests/vm/suite.sh smoke load policy ...
# Each test runs in its own bash with a time limit (RAMPART_SUITE_TIMEOUT,
# seconds, default 1200); between tests the module is unloaded, the test
# namespaces are deleted and the kernel log is cleared, so each test starts
# as it would in a VM of its own. Result lines are prefixed with the test's
# name ("ok - policy: ..."), and "# NAME: status N after S s" follows each
# test's last line. scripts/check counts each test's lines against the
# test's plan (its "# vm-plan:" line), so a test that stops early, or that
# the VM never finished, has its missing checks counted as failures; this
# script exits 1 if any test exited non-zero (lib.sh's finish does when a
# check failed or the count is not the plan's).
set -u
here=$(cd "$(dirname "$0")" && pwd)
limit=${RAMPART_SUITE_TIMEOUT:-1200}
status=0

# On the debug kernel, first make sure it has what its tests rely on
# (dmesg still holds the boot messages here).
if [ "${RAMPART_KERNEL:-}" = debug ]; then
	echo "# === debug kernel facilities"
	check() {
		local desc=$1
		shift
		if "$@" >/dev/null 2>&1; then
			echo "ok - suite: $desc"
		else
			echo "not ok - suite: $desc"
			status=1
		fi
	}
	check "KUnit debugfs is available" test -d /sys/kernel/debug/kunit
	check "kmemleak is available" test -w /sys/kernel/debug/kmemleak
	check "KASAN is enabled" sh -c "dmesg | grep -q 'KernelAddressSanitizer initialized'"
	check "lockdep is enabled" test -r /proc/lockdep
	check "warnings panic the kernel" sh -c '[ "$(cat /proc/sys/kernel/panic_on_warn)" = 1 ]'
	echo "# suite: status $status after $SECONDS s"
fi

for name in "$@"; do
	t=$here/$name.sh
	echo "# === $name"
	if [ ! -f "$t" ]; then
		echo "# $name: no such test ($t)"
		echo "# $name: status 127 after 0 s"
		status=1
		continue
	fi
	log=$(mktemp /tmp/suite.XXXXXX)
	start=$SECONDS
	echo "<4>vm-suite: begin $name" >/dev/kmsg
	# sed -u: each line as it comes (awk here, mawk, would hold them back).
	timeout -k 10 "$limit" bash "$t" </dev/null 2>&1 |
		sed -u -E "s/^((not )?ok( [0-9]+)?) - /\1 - $name: /" | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "<4>vm-suite: end $name (status $rc)" >/dev/kmsg
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "# $name: still running after ${limit} s, stopped"
	fi
	echo "# $name: status $rc after $((SECONDS - start)) s"
	[ "$rc" -eq 0 ] || status=1
	rm -f "$log"
	# A clean slate for the next test.
	rmmod rampart_kunit 2>/dev/null
	rmmod rampart 2>/dev/null
	ip -all netns delete 2>/dev/null
	dmesg -C 2>/dev/null
done
exit "$status"
