#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the debug-kernel VM: loads rampart.ko and rampart_kunit.ko
# (which runs the suites on load) and prints each suite's KTAP results for
# scripts/ktap-parse on the host.
set -u
KO_DIR=${RAMPART_KO_DIR:?}
SUITES="rampart_sanity rampart_chain rampart_conn rampart_conn_race rampart_track rampart_policy rampart_fw
	rampart_conn_filter rampart_conn_fill rampart_conn_dump rampart_smtp rampart_smtp_glue
	rampart_monitor"

for s in $SUITES; do echo "KTAP-EXPECT $s"; done
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
insmod "$KO_DIR/rampart.ko" || { echo "# insmod rampart.ko failed"; exit 1; }
insmod "$KO_DIR/rampart_kunit.ko" || { echo "# insmod rampart_kunit.ko failed"; exit 1; }
for s in $SUITES; do
	f=/sys/kernel/debug/kunit/$s/results
	[ -r "$f" ] || { echo "# no results for $s"; continue; }
	echo "KTAP-BEGIN $s"
	cat "$f"
	echo "KTAP-END $s"
done
rmmod rampart_kunit || exit 1
rmmod rampart || exit 1
