#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`, run inside the VM by scripts/bench, in two parts:
#
# 1. The connection tables: tests/bench/kmod (rampart_table_bench.ko) fills
#    rampart's table and nf_conntrack's with the same TCP connections,
#    times inserts and lookups and measures memory, at insmod.
# 2. Traffic: the same traffic through the firewall namespace with no
#    firewall, with rampart (tests/bench/bench.policy) and with an nftables
#    stateful ruleset (conntrack) that accepts the same, measured side by
#    side. Rounds alternate the three setups so drift in the emulator hits
#    them alike; the median of the rounds is reported, then ratios.
#
# 3. SMTP: postfix's smtp-source delivers to smtp-sink through rampart,
#    with the smtp rule plain and with `inspect bench` (the SMTP stream
#    parser on every byte both ways), large and small messages, alternating.
#
# A benchmark, not a test: nothing here passes or fails on a number.
# docs/bench.md says what each figure includes.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#   iperf3 -c, tcp_crr         firewall          iperf3 -s, tcp_crr server
set -u
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/../vm/rampart.sh"

CRR=${RAMPART_BENCH_CRR:?tcp_crr binary}
TABLE_KO=${RAMPART_BENCH_TABLE_KO:?rampart_table_bench.ko}
ROUNDS=${RAMPART_BENCH_ROUNDS:-5}
SECS=${RAMPART_BENCH_SECONDS:-3}
ENTRIES=${RAMPART_BENCH_ENTRIES:-1000000}
LOOKUPS=${RAMPART_BENCH_LOOKUPS:-1000000}
POLICY=$REPO/tests/bench/bench.policy
MODES="none rampart mon-idle mon-all nftables"
MON_ERR=${TMPDIR:-/tmp}/rp-bench-monitor.err
PARTS=" ${RAMPART_BENCH_PARTS:-table traffic smtp} "
# part NAME: NAME (table, traffic, smtp) is to run.
part() { [[ $PARTS == *" $1 "* ]]; }

# What tests/bench/bench.policy accepts, in nftables.
NFT_RULES='
table inet bench {
	chain forward {
		type filter hook forward priority 0; policy drop;
		ct state established,related accept
		ct state new ip saddr 10.0.1.2 ip daddr 10.0.2.2 tcp dport { 5201, 7000 } accept
		ct state new ip6 saddr fd00:1::2 ip6 daddr fd00:2::2 tcp dport { 5201, 7000 } accept
		ct state new icmp type echo-request accept
		ct state new icmpv6 type echo-request accept
	}
}'

# field LINE KEY: the value of KEY=VALUE in LINE.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# table_bench: run the table module; its figures are kept in TABLE_rampart
# and TABLE_nf_conntrack (one KEY=VALUE line each).
table_bench() {
	local hashsize max out
	modprobe nf_conntrack || return 1
	# nf_conntrack sized for the entries as its defaults size it for
	# memory: as many hash buckets as connections, its maximum.
	hashsize=$(cat /sys/module/nf_conntrack/parameters/hashsize)
	max=$(sysctl -n net.netfilter.nf_conntrack_max)
	echo "$ENTRIES" >/sys/module/nf_conntrack/parameters/hashsize || return 1
	sysctl -qw net.netfilter.nf_conntrack_max="$ENTRIES" || return 1
	CT_SETTINGS="hashsize $(cat /sys/module/nf_conntrack/parameters/hashsize)"
	CT_SETTINGS+=", acct $(sysctl -n net.netfilter.nf_conntrack_acct)"
	CT_SETTINGS+=", timestamp $(sysctl -n net.netfilter.nf_conntrack_timestamp)"
	CT_SETTINGS+=", events $(sysctl -n net.netfilter.nf_conntrack_events)"
	# It always fails to load (EAGAIN) once done, so nothing stays.
	out=$(insmod "$TABLE_KO" entries="$ENTRIES" lookups="$LOOKUPS" 2>&1)
	TABLE_rampart=$(dmesg | sed -n 's/.*rampart_table_bench: \(table=rampart .*\)/\1/p' | tail -n 1)
	TABLE_nf_conntrack=$(dmesg | sed -n 's/.*rampart_table_bench: \(table=nf_conntrack .*\)/\1/p' | tail -n 1)
	echo "$hashsize" >/sys/module/nf_conntrack/parameters/hashsize
	sysctl -qw net.netfilter.nf_conntrack_max="$max"
	if [ -z "$TABLE_rampart" ] || [ -z "$TABLE_nf_conntrack" ]; then
		echo "bench: the table benchmark gave no figures: $out" >&2
		dmesg | grep rampart_table_bench >&2
		return 1
	fi
	echo "# $TABLE_rampart"
	echo "# $TABLE_nf_conntrack"
}

# monitor_start ARGS...: rampart with a fwadm monitor session, output thrown
# away; returns once the session runs.
monitor_start() {
	local i
	in_fw "$FWADM" policy install "$POLICY" >/dev/null || return 1
	ip netns exec "$RP_NS_FW" "$FWADM" monitor -w /dev/null "$@" 2>"$MON_ERR" &
	MON_PID=$!
	for i in $(seq 50); do
		grep -q '^fwadm: monitoring' "$MON_ERR" && return 0
		sleep 0.2
	done
	return 1
}

monitor_stop() {
	kill -INT "$MON_PID"
	wait "$MON_PID"
	sed -n 's/^\([0-9]*\) records lost in the kernel$/# (monitor: \1 records lost)/p' "$MON_ERR"
	in_fw "$FWADM" policy uninstall >/dev/null
}

setup() {
	case $1 in
	none) ;;
	rampart) in_fw "$FWADM" policy install "$POLICY" >/dev/null ;;
	# A session whose filter matches none of the traffic, and one taking
	# every packet at every position.
	mon-idle) monitor_start -p all 'udp port 9' ;;
	mon-all) monitor_start -p all ;;
	nftables) in_fw nft -f - <<<"$NFT_RULES" ;;
	esac
}

teardown() {
	case $1 in
	none) ;;
	rampart) in_fw "$FWADM" policy uninstall >/dev/null ;;
	mon-idle | mon-all) monitor_stop ;;
	nftables) in_fw nft delete table inet bench ;;
	esac
}

# Before rampart.ko is loaded: the table module has its own copy of the
# table's slab cache, of the same name.
if part table; then
	table_bench || exit 1
fi
load_rampart >/dev/null || exit 1
topology_up >/dev/null || exit 1

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# per LINE KEY [DIVISOR_KEY]: KEY's value over entries (or DIVISOR_KEY's).
per() {
	awk -v a="$(field "$1" "$2")" -v b="$(field "$1" "${3:-entries}")" \
		'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'
}

# rows A B C N1 D1 N2 D2: the iperf3 and tcp_crr rows, the medians of
# modes A, B and C, then the ratios N1/D1 and N2/D2 of those medians.
rows() {
	local m mode label
	local -A med
	for m in tput crr; do
		declare -n v=$m
		for mode in "$1" "$2" "$3"; do
			med[$mode]=$(median "${v[$mode]}")
		done
		label="iperf3 throughput Gbit/s"
		[ "$m" = crr ] && label="new TCP connections/s"
		printf '%-26s %12s %12s %12s %14s %14s\n' "$label" "${med[$1]}" "${med[$2]}" \
			"${med[$3]}" "$(ratio "${med[$4]}" "${med[$5]}")" "$(ratio "${med[$6]}" "${med[$7]}")"
	done
}

if part traffic; then
	in_server iperf3 -s -D -B 10.0.2.2 >/dev/null
	# A plain command, not a function: its subshell would say "Terminated".
	ip netns exec "$RP_NS_SERVER" "$CRR" server 10.0.2.2 7000 &
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

	echo
	echo "Rampart benchmark: median of $ROUNDS rounds of $SECS s, $(uname -r), qemu TCG"
	echo "rampart runs tests/bench/bench.policy (fw stage: connection table, rulebase);"
	echo "nftables runs 'ct state established,related accept' with conntrack and the"
	echo "same accepts."
	echo
	printf '%-26s %12s %12s %12s %14s %14s\n' "" "no firewall" "rampart" "nftables+ct" \
		"rampart/none" "rampart/nft"
	rows none rampart nftables  rampart none  rampart nftables
	echo
	echo "rampart with a monitor session: none, one whose filter matches nothing,"
	echo "one with -p all and no filter (its records go to /dev/null, what the"
	echo "socket cannot take is lost and counted)"
	printf '%-26s %12s %12s %12s %14s %14s\n' "" "no session" "idle" "-p all" \
		"idle/none" "all/none"
	rows rampart mon-idle mon-all  mon-idle rampart  mon-all rampart
fi

# --- SMTP, inspected and not ---------------------------------------------------
if part smtp; then
	SMTP_ROUNDS=${RAMPART_BENCH_SMTP_ROUNDS:-5}
	INSPECT_POLICY=${TMPDIR:-/tmp}/rp-bench-inspect.policy
	sed 's/^rule accept from clients to servers service smtp;$/& inspect bench;/; s/service smtp; inspect/service smtp inspect/' \
		"$POLICY" >"$INSPECT_POLICY"
	grep -q 'service smtp inspect bench;' "$INSPECT_POLICY" || { echo "bench: no inspect rule" >&2; exit 1; }
	in_server smtp-sink -u postfix 10.0.2.2:25 64 >/dev/null 2>&1 &
	disown
	on_cleanup pkill -x smtp-sink
	sleep 1
	# smtp_run SIZE COUNT: seconds smtp-source takes for COUNT messages of SIZE
	# bytes over 4 sessions.
	smtp_run() {
		local t0 t1
		t0=$EPOCHREALTIME
		in_client timeout 300 smtp-source -s 4 -l "$1" -m "$2" -f a@client.example \
			-t b@server.example 10.0.2.2:25 >/dev/null 2>&1 || return 1
		t1=$EPOCHREALTIME
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
	}
	declare -A smtp_big smtp_small
	for round in $(seq "$SMTP_ROUNDS"); do
		# Who goes first alternates, so that drift hits both alike.
		order="plain inspect"
		[ $((round % 2)) = 0 ] && order="inspect plain"
		for mode in $order; do
			p=$POLICY
			[ "$mode" = inspect ] && p=$INSPECT_POLICY
			in_fw "$FWADM" policy install "$p" >/dev/null || { echo "bench: cannot install $p" >&2; exit 1; }
			b=$(smtp_run 1048576 32) || { echo "bench: smtp-source failed ($mode)" >&2; exit 1; }
			s=$(smtp_run 2048 400) || { echo "bench: smtp-source failed ($mode)" >&2; exit 1; }
			in_fw "$FWADM" policy uninstall >/dev/null
			# MB/s for the large messages, messages/s for the small ones.
			smtp_big[$mode]+="$(awk -v t="$b" 'BEGIN { printf "%.2f", 32 * 1.048576 / t }') "
			smtp_small[$mode]+="$(awk -v t="$s" 'BEGIN { printf "%.1f", 400 / t }') "
			echo "# round $round smtp $mode: 32 x 1 MiB in $b s, 400 x 2 KiB in $s s"
		done
	done
	# A segment the smtp stage dropped (beyond a gap, say) costs the sender a
	# retransmission: if any, they are part of the figures.
	in_fw "$FWADM" stats | grep -i 'smtp' | sed 's/^/# stats: /'
	echo
	echo "SMTP through rampart, smtp-source -> smtp-sink, 4 sessions, median of $SMTP_ROUNDS rounds:"
	echo "the smtp rule plain and with 'inspect bench' (every byte through the parser)"
	printf '%-26s %12s %12s %14s\n' "" "plain" "inspected" "inspected/plain"
	for m in smtp_big smtp_small; do
		declare -n v=$m
		pl=$(median "${v[plain]}") in=$(median "${v[inspect]}")
		label="1 MiB messages, MB/s"
		[ "$m" = smtp_small ] && label="2 KiB messages/s"
		printf '%-26s %12s %12s %14s\n' "$label" "$pl" "$in" "$(ratio "$in" "$pl")"
	done
fi

part table || exit 0
R=$TABLE_rampart C=$TABLE_nf_conntrack
echo
printf '%-36s %10s %14s %10s\n' "connection table, $ENTRIES entries" rampart nf_conntrack \
	"ratio"
row() {
	local label=$1 r=$2 c=$3
	printf '%-36s %10s %14s %10s\n' "$label" "$r" "$c" "$(ratio "$r" "$c")"
}
row "  insert (ns/entry)" "$(per "$R" insert_ns)" "$(per "$C" insert_ns)"
row "  lookup, present (ns)" "$(per "$R" present_ns lookups)" "$(per "$C" present_ns lookups)"
row "  lookup, absent (ns)" "$(per "$R" absent_ns lookups)" "$(per "$C" absent_ns lookups)"
total() { awk -v a="$(field "$1" entry_bytes)" -v b="$(field "$1" hash_bytes)" \
	-v n="$(field "$1" entries)" 'BEGIN { printf "%.1f", (a + b) / n }'; }
row "  memory (bytes/connection)" "$(total "$R")" "$(total "$C")"
row "    entries: slab growth" "$(per "$R" entry_bytes)" "$(per "$C" entry_bytes)"
row "    hash buckets" "$(per "$R" hash_bytes)" "$(per "$C" hash_bytes)"
cat <<EOF
ratio: rampart / nf_conntrack; below 1, rampart is cheaper. In the kernel at
insmod (tests/bench/kmod), one CPU, the two tables timed side by side taking
turns every 1024 operations; times are means of all operations.
insert: key from the addresses, entry allocated (GFP_ATOMIC), TCP state from a
  SYN, hash insert; rampart's rhashtable resizes in its worker, not timed.
lookup: random order; key from the addresses, hash lookup, expiry check;
  nf_conntrack_find_get also takes and puts a reference, as a packet does.
memory: slab growth over the fill, whole slab pages, per connection (struct
  rampart_conn is $(field "$R" struct_bytes) bytes, struct nf_conn $(field "$C" struct_bytes) and the extensions its settings
  ask for), plus the bucket array: rampart's rhashtable after its resizes,
  nf_conntrack's fixed hash. nf_conntrack: $CT_SETTINGS.
EOF
for t in R C; do
	declare -n l=$t
	name=$(field "$l" table)
	want=$(field "$l" lookups)
	if [ "$(field "$l" present_hits)" != "$want" ] || [ "$(field "$l" absent_hits)" != 0 ]; then
		echo "warning: $name found $(field "$l" present_hits) of $want present, $(field "$l" absent_hits) absent"
	fi
	if [ "$(field "$l" left_bytes)" -gt $((1 << 20)) ]; then
		echo "warning: $name: $(field "$l" left_bytes) bytes of slab still there after the free"
	fi
done
