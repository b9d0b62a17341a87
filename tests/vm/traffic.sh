#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: 31
#
# Counters follow real traffic through the firewall namespace, and rmmod in
# the middle of a running iperf3 flow is clean.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#   iperf3 -c                  rampart              iperf3 -s
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"
on_cleanup pkill -x iperf3

expect_success "insmod rampart.ko" load_rampart
topology_up
expect_success "fwadm start in rp-fw" fwadm_in rp-fw start

# --- counters move with traffic, in both chains ------------------------------
run ip netns exec rp-client ping -c 5 -i 0.2 -W 2 10.0.2.2 >/dev/null
run ip netns exec rp-client ping -c 5 -i 0.2 -W 2 fd00:2::2 >/dev/null
for dir in in out; do
	for stage in sanity fw smtp end; do
		expect_ge "$dir $stage counted the 20 forwarded pings" 20 \
			"$(stat_of rp-fw "$dir" "$stage" packets)"
	done
done
expect_ge "in sanity counted bytes (20 pings of 84/104 bytes)" 1880 \
	"$(stat_of rp-fw in sanity bytes)"
expect_eq "nothing was dropped" 0 "$(stat_of rp-fw drops_total)"

# --- fragments are reassembled before the stages --------------------------------
# 4000-byte pings leave the client as three fragments each; nf_defrag makes
# them one datagram before sanity, which drops any fragment it still sees.
before=$(stat_of rp-fw in sanity packets)
expect_success "fragmented IPv4 pings pass" \
	ip netns exec rp-client ping -c 3 -i 0.2 -W 2 -s 4000 10.0.2.2
expect_success "fragmented IPv6 pings pass" \
	ip netns exec rp-client ping -c 3 -i 0.2 -W 2 -s 4000 fd00:2::2
after=$(stat_of rp-fw in sanity packets)
# 6 requests + 6 replies, reassembled; 36 if fragments went through one by one.
expect_ge "in sanity saw the reassembled datagrams" $((before + 12)) "$after"
if [ "$after" -lt $((before + 30)) ]; then
	ok "in sanity saw datagrams, not fragments ($((after - before)) packets)"
else
	fail "in sanity saw datagrams, not fragments" "$((after - before)) packets"
fi
expect_eq "no fragment was left unreassembled" 0 "$(stat_of rp-fw drops_total)"

run ip netns exec rp-server iperf3 -s -D -1 -B 10.0.2.2
wait_for "iperf3 server listens" 10 \
	sh -c "ip netns exec rp-server ss -Hltn 'sport = :5201' | grep -q ."
before=$(stat_of rp-fw in sanity packets)
bytes_before=$(stat_of rp-fw in sanity bytes)
expect_success "iperf3 sends 2 MB through the firewall" \
	ip netns exec rp-client iperf3 -c 10.0.2.2 -n 2M -i 0
after=$(stat_of rp-fw in sanity packets)
bytes_after=$(stat_of rp-fw in sanity bytes)
expect_ge "in chain counted the iperf3 segments" $((before + 100)) "$after"
expect_ge "in chain counted at least a megabyte" $((bytes_before + 1000000)) "$bytes_after"
expect_eq "still nothing dropped" 0 "$(stat_of rp-fw drops_total)"
expect_output "fwadm stats prints the chains" 'sanity' fwadm_in rp-fw stats

# --- rmmod while a flow runs ----------------------------------------------------
# The flow is long enough (25 s, 100 s on the debug kernel) to be running
# when rmmod is issued and after it returns, whatever the load: the wait
# for it to flow may take its whole 10 s (times RP_SLOW), rmmod some more;
# both are checked, not assumed.
IPERF_OUT=${TMPDIR:-/tmp}/iperf.out
run ip netns exec rp-server iperf3 -s -D -1 -B 10.0.2.2
wait_for "iperf3 server listens again" 10 \
	sh -c "ip netns exec rp-server ss -Hltn 'sport = :5201' | grep -q ."
ip netns exec rp-client iperf3 -c 10.0.2.2 -t $((25 * RP_SLOW)) -i 0 >"$IPERF_OUT" 2>&1 &
client=$!
# fw1's transmit counter: the bytes rp-fw forwards towards the server,
# counted with or without rampart.
fw1_tx() { ip netns exec rp-fw cat /sys/class/net/fw1/statistics/tx_bytes; }
# flow_running: this flow is running (iperf_flowing, rampart.sh).
_fw_bytes=
flow_running() { iperf_flowing "$client" "$IPERF_OUT"; }
wait_for "the flow is running: the fw stage counts its bytes growing" 10 flow_running
expect_success "rmmod rampart during the flow" rmmod rampart
tx_at_rmmod=$(fw1_tx)
if kill -0 "$client" 2>/dev/null && ! grep -q receiver "$IPERF_OUT"; then
	ok "the flow was still running when rmmod returned"
else
	fail "the flow was still running when rmmod returned" "$(cat "$IPERF_OUT")"
fi
wait "$client"
expect_eq "the iperf3 flow completed across the unload" 0 $?
sed 's/^/# /' "$IPERF_OUT" | tail -n 4
expect_ge "the flow went on after the unload: fw1 sent 500 KB more" \
	$((tx_at_rmmod + 500000)) "$(fw1_tx)"
expect_success "forwarding works after rmmod" \
	ip netns exec rp-client ping -c 2 -W 2 10.0.2.2
expect_clean_dmesg
finish
