#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, run inside the VM by scripts/bench: the same traffic through
# the firewall namespace with no firewall, with rampart, and with an nftables
# stateful ruleset (conntrack), measured side by side in one run. Rounds
# alternate the three setups so drift in the emulator hits them alike; the
# median of the rounds is reported, then ratios. A benchmark, not a test:
# nothing here passes or fails on a number.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#   iperf3 -c, tcp_crr         firewall          iperf3 -s, tcp_crr server
set -u
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/../vm/rampart.sh"

CRR=${RAMPART_BENCH_CRR:?tcp_crr binary}
ROUNDS=${RAMPART_BENCH_ROUNDS:-5}
SECS=${RAMPART_BENCH_SECONDS:-3}
MODES="none rampart nftables"

load_rampart >/dev/null || exit 1
topology_up >/dev/null || exit 1
modprobe -q nf_conntrack 2>/dev/null

NFT_RULES='
table inet bench {
	chain forward {
		type filter hook forward priority 0; policy drop;
		ct state established,related accept
		ct state new tcp dport { 5201, 7000 } accept
		meta l4proto { icmp, ipv6-icmp } accept
	}
}'

setup() {
	case $1 in
	none) ;;
	rampart) in_fw "$FWADM" start >/dev/null ;;
	nftables) in_fw nft -f - <<<"$NFT_RULES" ;;
	esac
}

teardown() {
	case $1 in
	none) ;;
	rampart) in_fw "$FWADM" stop >/dev/null ;;
	nftables) in_fw nft delete table inet bench ;;
	esac
}

in_server iperf3 -s -D -B 10.0.2.2 >/dev/null
in_server "$CRR" server 10.0.2.2 7000 &
disown
on_cleanup pkill -x iperf3
on_cleanup pkill -x tcp_crr
sleep 1

declare -A tput crr
for round in $(seq "$ROUNDS"); do
	for mode in $MODES; do
		setup "$mode" || { echo "bench: cannot set up $mode" >&2; exit 1; }
		t=$(in_client iperf3 -c 10.0.2.2 -t "$SECS" -J |
			$PY -c 'import json,sys; print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))')
		c=$(in_client "$CRR" client 10.0.2.2 7000 "$SECS")
		teardown "$mode"
		tput[$mode]+="$t "
		crr[$mode]+="$c "
		echo "# round $round $mode: iperf3 $t Gbit/s, $c connections/s"
	done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo
echo "Rampart benchmark: median of $ROUNDS rounds of $SECS s, $(uname -r), qemu TCG"
echo "rampart runs the chain as it stands today (sanity and counting stages);"
echo "nftables runs 'ct state established,related accept' with conntrack."
echo
printf '%-26s %12s %12s %12s %14s %14s\n' "" "no firewall" "rampart" "nftables+ct" \
	"rampart/none" "rampart/nft"
for m in tput crr; do
	declare -n v=$m
	n=$(median "${v[none]}") r=$(median "${v[rampart]}") f=$(median "${v[nftables]}")
	label="iperf3 throughput Gbit/s"
	[ "$m" = crr ] && label="new TCP connections/s"
	printf '%-26s %12s %12s %12s %14s %14s\n' "$label" "$n" "$r" "$f" \
		"$(ratio "$r" "$n")" "$(ratio "$r" "$f")"
done
