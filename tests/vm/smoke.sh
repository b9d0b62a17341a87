#!/bin/bash
# vm-kernels: stock (the debug kernel's facilities are checked by suite.sh)
# vm-plan: 13
# Smoke test of the VM environment itself (no firewall involved): the test
# topology forwards IPv4 and IPv6, iperf3 and scapy work, a non-root user can
# run commands, the results share is writable, and on the debug kernel the
# debugging facilities the firewall tests rely on are there.
#   scripts/vm --kernel stock tests/vm/smoke.sh
#   scripts/vm --kernel debug tests/vm/smoke.sh
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

# iputils-ping is not necessarily installed; busybox-static always is.
PING=(ping)
command -v ping >/dev/null || PING=(busybox ping)

expect_output "running in the VM as root" '^0$' id -u
expect_success "RAMPART_* environment is set" \
	test -n "${RAMPART_KERNEL:-}" -a -n "${RAMPART_KO_DIR:-}" -a -d "${RAMPART_RESULTS:-/nonexistent}"
# shellcheck disable=SC2016
expect_success "results share is writable" \
	sh -c 'echo smoke >"$RAMPART_RESULTS/smoke.txt"'
expect_failure "host root is read-only" touch /usr/rampart-smoke
expect_success "/tmp is writable" touch /tmp/rampart-smoke

topology_up || finish
expect_success "IPv4 ping client -> server through rp-fw" \
	in_client "${PING[@]}" -4 -c 2 -A -W 5 "$RP_SERVER4"
expect_success "IPv6 ping client -> server through rp-fw" \
	in_client "${PING[@]}" -6 -c 2 -A -W 5 "$RP_SERVER6"
# The packets really crossed rp-fw: its forwarding counters moved.
expect_output "rp-fw forwarded IPv4 packets" '^[1-9]' \
	in_fw sh -c "awk '/^Ip:/ { n++ } n == 2 { print \$7; exit }' /proc/net/snmp"

in_server iperf3 --server --one-off --bind "$RP_SERVER4" >/dev/null 2>&1 &
wait_for "iperf3 server is listening" 10 \
	in_server sh -c 'ss -Hltn "sport = :5201" | grep -q 5201'
expect_output "iperf3 TCP client -> server for 2 s" 'receiver' \
	in_client iperf3 --client "$RP_SERVER4" --time 2
diag "$(grep -E 'sender|receiver' <<<"$_lib_out")"

expect_success "python3 can import scapy" python3 -c 'import scapy.all'
expect_output "a non-root user can run commands" '^uid=65534' \
	setpriv --reuid=65534 --regid=65534 --clear-groups id
expect_failure "... and is not root" \
	setpriv --reuid=65534 --regid=65534 --clear-groups ip netns add rp-nope

if [[ ${RAMPART_KERNEL:-} == debug ]]; then
	expect_success "KUnit debugfs is available" test -d /sys/kernel/debug/kunit
	expect_success "kmemleak is available" test -w /sys/kernel/debug/kmemleak
	expect_output "KASAN is enabled" 'KernelAddressSanitizer initialized' dmesg
	expect_success "lockdep is enabled" test -r /proc/lockdep
fi

finish
