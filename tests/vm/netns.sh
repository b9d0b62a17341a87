#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: stock 31, debug 20
#
# Each network namespace is its own firewall: start, stop and counters in one
# never show up in another; a namespace that dies while started cleans up.
# Then, on the stock kernel (the debug kernel has no memory cgroups), a
# tenant: root of a user namespace of its own (`unshare -Urn`), which has
# CAP_NET_ADMIN in its network namespace only. Its policy of 65,500 hosts
# in nested groups, the outer one named by 100 rules, compiles to one copy
# of the group's addresses (each rule used to copy them: 200 MiB); one that
# does
# need more than the tenant's limit of compiled memory is refused, as is a
# max-connections above the tenant's cap; what the tenant's policy takes
# is charged to the tenant's memory cgroup.
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

if [ "${RAMPART_KERNEL:-stock}" = stock ]; then
	T=$(mktemp -d)
	# 65,500 hosts, none adjacent (so that no ranges merge), in 33 groups
	# (a group is one netlink message), all in group `many': 65,534 objects.
	$PY -c '
n, per = 65500, 2000
for i in range(n):
    a = 2 * i
    print("host h%d 10.%d.%d.%d;" % (i, a >> 16, a >> 8 & 255, a & 255))
subs = []
for g in range(0, n, per):
    subs.append("g%d" % g)
    print("group g%d { %s }" % (g, ", ".join("h%d" % i for i in range(g, min(n, g + per)))))
print("group many { %s }" % ", ".join(subs))
for r in range(100):
    print("rule accept from many to any service any;")
' >"$T/shared.policy"
	sed 's/^rule accept from many /rule accept from many, h0 /' "$T/shared.policy" >"$T/copied.policy"
	printf 'settings { max-connections 16000000; }\nrule accept from any to any service any;\n' \
		>"$T/conns.policy"
	# The tenant's own memory cgroup.
	CG=/sys/fs/cgroup
	mountpoint -q $CG || mount -t cgroup2 none $CG
	echo +memory >$CG/cgroup.subtree_control
	mkdir -p $CG/rp-tenant
	on_cleanup rmdir $CG/rp-tenant
	kmem() { awk '$1 == "slab_unreclaimable" || $1 == "vmalloc" { n += $2 } END { print n }' \
		$CG/rp-tenant/memory.stat; }
	before=$(kmem)
	# The tenant installs, and keeps its namespace until killed.
	sh -c "echo \$\$ >$CG/rp-tenant/cgroup.procs && exec unshare -Urn sh -c '
		$FWADM policy install $T/shared.policy >$T/shared.out 2>&1; echo \$? >$T/shared.rc
		$FWADM policy install $T/copied.policy >$T/copied.out 2>&1; echo \$? >$T/copied.rc
		$FWADM policy install $T/conns.policy >$T/conns.out 2>&1; echo \$? >$T/conns.rc
		$FWADM policy show >$T/show.out 2>&1
		echo done >$T/done
		exec sleep 600'" &
	tenant=$!
	on_cleanup kill $tenant
	wait_for "the tenant's three installs ran" 120 test -s "$T/done"
	first() { head -c 400 "$1"; }
	expect_eq "the tenant installs 65,500 hosts in nested groups named by 100 rules" 0 \
		"$(cat "$T/shared.rc")"
	expect_output "fwadm says so" 'installed, 100 rules' first "$T/shared.out"
	expect_eq "a policy whose rules need 100 copies of the group is refused" 1 \
		"$(cat "$T/copied.rc")"
	expect_output "for the tenant's limit of compiled memory" \
		'needs more than 33554432 bytes, the limit in this namespace \(module parameter userns_policy_memory_mb\)' \
		first "$T/copied.out"
	expect_eq "max-connections 16,000,000 is refused to the tenant" 1 "$(cat "$T/conns.rc")"
	expect_output "above the tenant's cap" \
		'conns.policy:1:[0-9-]+: .*max-connections 16000000 is above 65536, the limit in a namespace not owned by the initial user namespace' \
		first "$T/conns.out"
	expect_eq "the refused installs left the tenant's policy as it was" 100 \
		"$(grep -c '^rule accept from many to any' "$T/show.out")"
	after=$(kmem)
	expect_ge "the policy is charged to the tenant's memory cgroup (at least 8 MiB of kernel memory)" \
		$((before + 8 * 1024 * 1024)) "$after"
	expect_output "the host's own namespace has no policy" 'no policy is installed' \
		sh -c "$FWADM policy show 2>&1"
	kill $tenant
	wait $tenant 2>/dev/null
	returned() { [ "$(kmem)" -lt $((before + 4 * 1024 * 1024)) ]; }
	wait_for "the tenant's memory is returned when its namespace goes" 30 returned
fi
expect_success "rmmod" rmmod rampart
expect_clean_dmesg
finish
