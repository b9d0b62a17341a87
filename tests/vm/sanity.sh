#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock (on the debug kernel, KUnit rampart_sanity runs the same checks on crafted skbs)
# vm-plan: 19
#
# The sanity stage drops malformed packets crafted with scapy, each with its
# reason, and lets valid traffic through. Packets from rp-client cross
# rp-fw's in chain; packets sent by rp-fw itself cross its out chain.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#   craft.py client ->   in chain ... out chain <- craft.py fw
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"


CRAFT="$PY $REPO/tests/vm/craft.py"
# Reason numbers from include/uapi/linux/rampart.h.
R_IPV4_BAD_OPTIONS=5
R_IPV6_BAD_PAYLOAD_LEN=6
R_TCP_TRUNCATED=9
R_TCP_SYN_FIN=11
R_TCP_SYN_RST=12
R_TCP_PORT_ZERO=15
R_UDP_PORT_ZERO=18

expect_success "insmod rampart.ko" load_rampart
topology_up
expect_success "fwadm start in rp-fw" fwadm_in rp-fw start

# One crafted batch per namespace: scapy takes a while to import.
run ip netns exec rp-client $CRAFT client syn-fin4 3 syn-fin6 2 syn-rst4 2 \
	tcp-trunc4 3 tcp-trunc6 1 ihl-bad-opt4 2
run ip netns exec rp-fw $CRAFT fw plen6 2 port0-4 2 udp-port0-6 1

expect_eq "SYN+FIN over IPv4 and IPv6 dropped: $(fwadm_in rp-fw stats --all | grep -m1 'SYN and FIN')" \
	5 "$(stat_of rp-fw drop $R_TCP_SYN_FIN)"
expect_eq "SYN+RST dropped" 2 "$(stat_of rp-fw drop $R_TCP_SYN_RST)"
expect_eq "truncated TCP headers (IPv4 and IPv6) dropped" 4 \
	"$(stat_of rp-fw drop $R_TCP_TRUNCATED)"
expect_eq "IHL covering a malformed IPv4 option dropped" 2 \
	"$(stat_of rp-fw drop $R_IPV4_BAD_OPTIONS)"
expect_eq "IPv6 payload length beyond the packet dropped (out chain)" 2 \
	"$(stat_of rp-fw drop $R_IPV6_BAD_PAYLOAD_LEN)"
expect_eq "TCP port 0 dropped (out chain)" 2 "$(stat_of rp-fw drop $R_TCP_PORT_ZERO)"
expect_eq "UDP destination port 0 dropped (out chain)" 1 \
	"$(stat_of rp-fw drop $R_UDP_PORT_ZERO)"
expect_eq "the in chain's sanity stage dropped the client's 13" 13 \
	"$(stat_of rp-fw in sanity drops)"
expect_eq "the out chain's sanity stage dropped the firewall's 5" 5 \
	"$(stat_of rp-fw out sanity drops)"
expect_eq "no other drop" 18 "$(stat_of rp-fw drops_total)"
expect_output "fwadm stats names the reason" 'TCP flags SYN and FIN together' \
	fwadm_in rp-fw stats

# Valid traffic passes: ping both families, a TCP transfer.
expect_success "IPv4 ping passes" ip netns exec rp-client ping -c 3 -i 0.2 -W 2 10.0.2.2
expect_success "IPv6 ping passes" ip netns exec rp-client ping -c 3 -i 0.2 -W 2 fd00:2::2
run ip netns exec rp-server iperf3 -s -D -1 -B fd00:2::2
wait_for "iperf3 server listens" 10 \
	sh -c "ip netns exec rp-server ss -Hltn 'sport = :5201' | grep -q ."
expect_success "a TCP transfer over IPv6 passes" \
	ip netns exec rp-client iperf3 -6 -c fd00:2::2 -t 1 -i 0
expect_eq "valid traffic dropped nothing" 18 "$(stat_of rp-fw drops_total)"
expect_clean_dmesg
finish
