#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: 79
#
# fwadm monitor with real traffic: pcap read by tshark from a pipe, every
# position of a forwarded packet in order, drops with their reason, pcap
# filters against tcpdump's reading of the same traffic, two monitors at
# once, a flood into a tiny socket buffer, a policy install under a
# running monitor, the FW-1 format, and refusals.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#   10.0.1.2, fd00:1::2     rampart + policy      10.0.2.2, fd00:2::2
#   ping, probes, craft.py  fwadm monitor         peer.py servers
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"
on_cleanup pkill -f "$REPO/tests/vm/peer.py"

T=${TMPDIR:-/tmp}/rp-monitor
rm -rf "$T"
mkdir -p "$T"
PEER="$PY $REPO/tests/vm/peer.py"
MON_PIDS=()

cat >"$T/policy" <<EOF
network clients 10.0.1.0/24;
network clients6 fd00:1::/64;
group client-nets { clients, clients6 }
network servers 10.0.2.0/24;
network servers6 fd00:2::/64;
group server-nets { servers, servers6 }
service submission tcp 587;
service blocked tcp 8080;
service web tcp 8081-8090;
service echo-udp udp 7000;
service ping icmp echo-request;
service ping6 icmpv6 echo-request;
rule accept from client-nets to server-nets service submission, web, echo-udp, ping, ping6;
rule drop from client-nets to server-nets service blocked;
EOF

# monitor NAME ARGS...: fwadm monitor in the firewall namespace, in the
# background, output to $T/NAME.out, errors to $T/NAME.err; waits until
# its session runs. The pid is in MON_PID.
monitor() {
	local name=$1
	shift
	ip netns exec rp-fw timeout 120 "$FWADM" monitor "$@" >"$T/$name.out" 2>"$T/$name.err" &
	MON_PID=$!
	MON_PIDS+=("$MON_PID")
	wait_for "monitor $name runs" 20 grep -q '^fwadm: monitoring' "$T/$name.err"
}

# settled: no packet crossed the end of rp-fw's out chain for 0.5 s.
settled() {
	[ "$(stat_of rp-fw out end packets)" = "$(sleep 0.5; stat_of rp-fw out end packets)" ]
}

# stop_monitor PID: interrupt it and wait for its end.
stop_monitor() {
	kill -INT "$1" 2>/dev/null
	wait "$1"
}

expect_success "insmod rampart.ko" load_rampart
topology_up
expect_output "fwadm policy install" 'installed' fwadm_in rp-fw policy install "$T/policy"
in_server $PEER serve tcp,10.0.2.2,587,"$T/srv587.log" tcp,10.0.2.2,8081,"$T/srv8081.log" \
	tcp,fd00:2::2,8085,"$T/srv8085.log" udp,10.0.2.2,7000 &
wait_for "servers listen" 60 sh -c "ip netns exec rp-server ss -Hltn | grep -c LISTEN | grep -qx 3"

# --- pcap through a pipe into tshark; -p all shows every position in order ---
ip netns exec rp-fw timeout 120 "$FWADM" monitor -p all -c 8 'icmp[icmptype] == icmp-echo' \
	2>"$T/pipe.err" | tshark -r - -T fields -E separator='|' -e nflog.res_id \
	-e nflog.prefix -e ip.src -e ip.dst -e icmp.type >"$T/pipe.txt" 2>"$T/tshark.err" &
pipe=$!
wait_for "a monitor writes to a pipe" 20 grep -q '^fwadm: monitoring 8 positions' "$T/pipe.err"
run in_client ping -c 1 -W 2 10.0.2.2
wait "$pipe"
cat >"$T/pipe.want" <<EOF
0|i0 fw0 sanity accept|10.0.1.2|10.0.2.2|8
1|I1 fw0 fw accept|10.0.1.2|10.0.2.2|8
2|I2 fw0 smtp accept|10.0.1.2|10.0.2.2|8
3|I3 fw0 end accept|10.0.1.2|10.0.2.2|8
0|o0 fw1 sanity accept|10.0.1.2|10.0.2.2|8
1|O1 fw1 fw accept|10.0.1.2|10.0.2.2|8
2|O2 fw1 smtp accept|10.0.1.2|10.0.2.2|8
3|O3 fw1 end accept|10.0.1.2|10.0.2.2|8
EOF
if diff -u "$T/pipe.want" "$T/pipe.txt" >"$T/pipe.diff"; then
	ok "tshark reads a forwarded echo request at all 8 positions, in order, from a pipe"
else
	fail "tshark reads a forwarded echo request at all 8 positions, in order, from a pipe" \
		"$(cat "$T/pipe.diff" "$T/pipe.err" "$T/tshark.err")"
fi

# --- TCP fields of a SYN, one position ---------------------------------------
ip netns exec rp-fw timeout 120 "$FWADM" monitor -p I1 -c 1 'tcp dst port 587 and tcp[tcpflags] & tcp-syn != 0' \
	2>"$T/syn.err" | tshark -r - -T fields -E separator='|' -e nflog.res_id -e ip.src \
	-e ip.dst -e tcp.dstport -e tcp.flags.syn -e tcp.flags.ack >"$T/syn.txt" 2>&1 &
pipe=$!
wait_for "a SYN monitor runs" 20 grep -q '^fwadm: monitoring 1 positions' "$T/syn.err"
expect_output "tcp/587 connects" '^connected$' tcp_probe rp-client 10.0.2.2 587
wait "$pipe"
expect_output "the SYN's record: position 1, addresses, port, flags" \
	'^1\|10\.0\.1\.2\|10\.0\.2\.2\|587\|(1|True)\|(0|False)$' cat "$T/syn.txt"

# --- a packet dropped by policy appears up to the dropping position -------------
monitor drop -p all --format text 'tcp dst port 8080'
expect_dropped "rule 2 drops tcp/8080" rp-fw 33 rp-client 10.0.2.2 8080
stop_monitor "$MON_PID"
expect_output "the SYN is seen at i0, accepted by sanity" \
	'^fw0:i0 \(stateless verifications\)\[60\]: 10\.0\.1\.2:[0-9]+ -> 10\.0\.2\.2:8080 \(TCP\) S seq=[0-9]+ ack=0$' \
	cat "$T/drop.out"
expect_output "then at I1, dropped by rule 2 with its reason" \
	'^fw0:I1 \(fw inbound\)\[60\]: 10\.0\.1\.2:[0-9]+ -> 10\.0\.2\.2:8080 \(TCP\) S seq=[0-9]+ ack=0 drop rule 2: dropped by rule$' \
	cat "$T/drop.out"
if grep -Ev '^fw0:(i0|I1) ' "$T/drop.out" >"$T/drop.beyond"; then
	fail "no record after the dropping position" "$(cat "$T/drop.beyond")"
else
	ok "no record after the dropping position"
fi

# --- --drops explains an out-of-state drop (and fwadm log --json says it too) ------
ip netns exec rp-fw "$FWADM" log --json >"$T/log.json" 2>&1 &
logpid=$!
monitor drops --drops --format text
run in_client "$PY" "$REPO/tests/vm/craft.py" client fin-ack-stray4 1
wait_for "--drops shows the stray FIN-ACK" 10 grep -q '10\.0\.2\.2:587' "$T/drops.out"
stop_monitor "$MON_PID"
wait_for "fwadm log --json wrote the drop" 10 grep -q '"dport": 587' "$T/log.json"
kill -INT "$logpid"
wait "$logpid"
expect_eq "fwadm log ends on SIGINT, with status 0" 0 $?
expect_output "... its line is JSON with the event's fields" '^drop 40999 587 TCP packet out of state' \
	"$PY" -c 'import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    print(e["event"], e["sport"], e["dport"], e["text"])' "$T/log.json"
expect_output "--drops: position, packet and the whole out-of-state reason" \
	"^fw0:I1 \(fw inbound\)\[40\]: 10\.0\.1\.2:40999 -> 10\.0\.2\.2:587 \(TCP\) FA seq=1000 ack=2000 drop: TCP packet out of state: first packet isn't SYN; tcp_flags: FIN-ACK$" \
	cat "$T/drops.out"

# --- two monitors at once; the kernel's filter selects what tcpdump selects ------
FILTER='udp or (tcp dst port 587) or (ip6 and tcp)'
monitor all -p I1 --format fw1 -w "$T/all.pcap"
all=$MON_PID
monitor sel -p I1 --format fw1 -w "$T/sel.pcap" "$FILTER"
sel=$MON_PID
run in_client ping -c 2 -W 2 10.0.2.2
expect_output "UDP through the firewall" '^reply$' in_client $PEER udp-probe 10.0.2.2 7000
expect_output "tcp/587" '^connected$' tcp_probe rp-client 10.0.2.2 587
expect_output "tcp/8081" '^connected$' tcp_probe rp-client 10.0.2.2 8081
expect_output "tcp/8085 over IPv6" '^connected$' tcp_probe rp-client fd00:2::2 8085
run in_client ping -c 1 -W 2 fd00:2::2
# The probes' connections close after they return: both monitors are
# stopped once their last segments have crossed, not between them.
wait_for "the traffic has settled before the monitors stop" 10 settled
stop_monitor "$all"
stop_monitor "$sel"
# pkt_fields PCAP: one line per packet, addresses, ports, flags, absolute
# sequence numbers, lengths (tcpdump's reading; tshark, whose start takes
# seconds on the debug kernel, reads the pipes and the FW-1 format above
# and below).
pkt_fields() {
	tcpdump -nn -t -S -r "$1" 2>/dev/null
}
run tcpdump -r "$T/all.pcap" -w "$T/all-filtered.pcap" "$FILTER"
pkt_fields "$T/all-filtered.pcap" >"$T/want.txt"
pkt_fields "$T/sel.pcap" >"$T/got.txt"
expect_ge "the filtered monitor saw the UDP and TCP packets" 10 "$(wc -l <"$T/got.txt")"
expect_ge "the unfiltered one saw more (pings too)" $(($(wc -l <"$T/got.txt") + 3)) \
	"$(pkt_fields "$T/all.pcap" | wc -l)"
if diff -u "$T/want.txt" "$T/got.txt" >"$T/filter.diff"; then
	ok "the kernel-side filter selects exactly what tcpdump selects from the full capture"
else
	fail "the kernel-side filter selects exactly what tcpdump selects from the full capture" \
		"$(head -n 40 "$T/filter.diff")"
fi
expect_output "--format fw1 decodes: direction I, chain position 1, interface fw0" \
	'^I\|1\|fw0\|10\.0\.1\.2$' sh -c "tshark -o eth.interpret_as_fw1_monitor:TRUE \
	-o fw1.iflist_with_chain:TRUE -r $T/sel.pcap -T fields -E separator='|' \
	-e fw1.direction -e fw1.chain -e fw1.interface -e ip.src | sort -u"

# --- a flood into a tiny socket buffer: losses counted, never blocking ----------
ip netns exec rp-fw "$FWADM" monitor -p all --format text -b 1024 'udp dst port 7000' \
	>"$T/flood.out" 2>"$T/flood.err" &
flood=$!
wait_for "the flood monitor runs" 20 grep -q '^fwadm: monitoring' "$T/flood.err"
kill -STOP "$flood"
run in_client "$PY" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(200):
    s.sendto(b"x" * 32, ("10.0.2.2", 7000))'
wait_for "the flood went through" 20 settled
kill -CONT "$flood"
# What its socket held is written once it runs again (and the rest at the
# stop, from what the socket still holds).
wait_for "the resumed flood monitor writes the records its socket held" 10 \
	grep -q '(UDP)' "$T/flood.out"
stop_monitor "$flood"
lost=$(sed -n 's/^\([0-9]*\) records lost in the kernel$/\1/p' "$T/flood.err")
lines=$(grep -c '(UDP)' "$T/flood.out")
diag "written $lines, lost ${lost:-none}"
expect_ge "records were lost in the kernel, and fwadm says how many" 1 "$lost"
expect_eq "written + lost = 200 datagrams x 8 positions" 1600 $((lines + ${lost:-0}))

# --- a monitor keeps running across a policy install ---------------------------
monitor across -p I1 --format text 'icmp[icmptype] == icmp-echo'
run in_client ping -c 1 -W 2 10.0.2.2
expect_output "install the policy again under the monitor" 'installed' \
	fwadm_in rp-fw policy install "$T/policy"
run in_client ping -c 1 -W 2 10.0.2.2
wait_for "the monitor saw both echo requests" 10 \
	sh -c "[ \$(grep -c 'type=8' $T/across.out) -eq 2 ]"
stop_monitor "$MON_PID"

# --- a reader that goes away ends the monitor, and that is no error -------------
{
	ip netns exec rp-fw timeout 60 "$FWADM" monitor -p all icmp 2>"$T/epipe.err"
	echo $? >"$T/epipe.rc"
} | head -c 24 >/dev/null &
wait_for "a monitor writes into head -c 24" 20 grep -q '^fwadm: monitoring' "$T/epipe.err"
run in_client ping -c 2 -W 2 10.0.2.2
wait_for "the monitor ended when its reader went away" 20 test -s "$T/epipe.rc"
expect_eq "... with exit status 0" 0 "$(cat "$T/epipe.rc")"
expect_eq "... and said nothing more" 1 "$(wc -l <"$T/epipe.err")"

# --- refusals --------------------------------------------------------------------
expect_output "a bad pcap filter is refused with libpcap's message" \
	"^fwadm: monitor: bad filter .tcp port': .*syntax error" in_fw "$FWADM" monitor tcp port
expect_eq "... with exit status 2" 2 "$_lib_rc"
expect_output "a position that does not exist is refused" "no position 9 in the out chain" \
	in_fw "$FWADM" monitor -p o9
expect_output "a user without CAP_NET_ADMIN is refused" 'permission denied' \
	in_fw setpriv --reuid=65534 --regid=65534 --clear-groups "$FWADM" monitor -c 1
expect_eq "... with exit status 1" 1 "$_lib_rc"

run_probe "the monitor probe ran to its end (exit status 0)" \
	ip netns exec rp-fw "$PY" "$REPO/tests/vm/monitor_probe.py"
run_probe "the unprivileged monitor probe ran to its end (exit status 0)" \
	ip netns exec rp-fw setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$PY" "$REPO/tests/vm/monitor_probe.py" unpriv

expect_output "a monitor where the firewall is not started says so" \
	'^fwadm: monitor: the firewall is not started in this namespace' \
	ip netns exec rp-client timeout 3 "$FWADM" monitor -c 1

# --- a namespace sees only its own packets --------------------------------------
expect_success "start the firewall in the server namespace too" fwadm_in rp-server start
monitor fwns -p i0 -c 1 --format text 'icmp[icmptype] == icmp-echo'
fwns=$MON_PID
ip netns exec rp-server timeout 60 "$FWADM" monitor -p all --format text \
	'icmp[icmptype] == icmp-echo' >"$T/svns.out" 2>"$T/svns.err" &
svns=$!
wait_for "a monitor runs in the server namespace" 20 grep -q '^fwadm: monitoring' "$T/svns.err"
run in_client ping -c 1 -W 2 10.0.2.2
wait "$fwns"
wait_for "the server's monitor saw the echo request" 10 grep -q 'type=8' "$T/svns.out"
stop_monitor "$svns"
expect_output "the firewall's monitor: the request on fw0" '^fw0:i0 .*10\.0\.1\.2 -> 10\.0\.2\.2 \(ICMP\) type=8' \
	cat "$T/fwns.out"
expect_output "the server's monitor: the request on sv0, at i0" '^sv0:i0 .*type=8' \
	cat "$T/svns.out"
expect_output "... and at the end of its in chain" '^sv0:I3 .*type=8' cat "$T/svns.out"
if grep -q '^fw[01]:' "$T/svns.out"; then
	fail "no record of another namespace's packets" "$(cat "$T/svns.out")"
else
	ok "no record of another namespace's packets"
fi

expect_success "rmmod rampart" rmmod rampart
expect_clean_dmesg
finish
