#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: 20
#
# Each network namespace is its own firewall: start, stop and counters in one
# never show up in another; a namespace that dies while started cleans up.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#                              rampart A            rampart B
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"


expect_success "insmod rampart.ko" load_rampart
topology_up

expect_success "start in rp-fw" fwadm_in rp-fw start
expect_output "rp-server is still stopped" 'stopped' fwadm_in rp-server chain
expect_output "the initial namespace is still stopped" 'stopped' fwadm_in - chain
expect_eq "rp-server has no counts of its own yet" 0 "$(stat_of rp-server packets_total)"

run ip netns exec rp-client ping -c 4 -i 0.2 -W 2 10.0.2.2 >/dev/null
expect_ge "rp-fw counted the pings it forwarded" 8 "$(stat_of rp-fw in sanity packets)"
expect_eq "rp-server counted nothing while stopped" 0 "$(stat_of rp-server packets_total)"

expect_success "start in rp-server" fwadm_in rp-server start
expect_success "stop in rp-fw" fwadm_in rp-fw stop
fw_before=$(stat_of rp-fw in sanity packets)
expect_output "stopping rp-fw left rp-server started" 'started' fwadm_in rp-server chain
run ip netns exec rp-client ping -c 4 -i 0.2 -W 2 10.0.2.2 >/dev/null
expect_eq "rp-fw counts nothing after its stop" "$fw_before" "$(stat_of rp-fw in sanity packets)"
expect_ge "rp-server counted the 4 echo requests it received" 4 \
	"$(stat_of rp-server in sanity packets)"
expect_ge "and the 4 replies it sent" 4 "$(stat_of rp-server out sanity packets)"
expect_eq "the initial namespace counted nothing" 0 "$(stat_of - packets_total)"

expect_success "start again in rp-fw" fwadm_in rp-fw start
expect_success "delete rp-server while its firewall runs" ip netns del rp-server
expect_success "rp-fw still answers" fwadm_in rp-fw stats
expect_success "rp-fw can stop" fwadm_in rp-fw stop
expect_success "rmmod" rmmod rampart
expect_clean_dmesg
finish
