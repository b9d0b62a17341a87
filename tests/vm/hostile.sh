#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock (each case has its KUnit twin on the debug kernel: rampart_smtp_glue, rampart_fw, rampart_track)
# vm-plan: 33
#
# The packet path against a hostile network. SMTP inspection must read
# exactly the bytes the server takes. A client
# whose TCP segments are written by hand (tests/vm/wire.py, a raw
# socket) tries what made the parser and the server see different
# streams, each time followed by a verb the policy forbids (XEXCH50):
#   syn-data      a duplicate SYN at the ISN carrying a command, once the
#                 session began (it used to rewind the parser's position)
#   bad-checksum  a command with a wrong TCP checksum (the server discards
#                 it), then the forbidden verb in its place
#   paws          timestamps on; a command with an old timestamp (the server
#                 discards it for PAWS), then other bytes in its place
#   port-reuse    STARTTLS and its 220, a close, the same port again at
#                 once (the new session used to inherit the TLS mode)
# The server logs every line it reads: none of the forbidden ones may
# reach it. And two cases of TCP that do not end a session but must not
# end it either:
#   blind-rst     a RST in the window but not at the expected number (what
#                 an off-path attacker can guess): the entry keeps its state
#                 and timeout, the session goes on (RFC 5961 3.2)
#   reboot        a client that reboots and reuses its port: its new SYN
#                 passes, the server's challenge ACK makes it reset the old
#                 connection exactly, and the new one opens (RFC 5961 4.2)
# A client on the firewall host itself (swaks in its namespace) reads the
# reply to its refused command (the reply comes back through lo; the
# command used to stay unsent for the client's TCP, which so never took
# the reply). Then a flood of ICMP echo requests with distinct identifiers, answered by
# the server, in a table of 64 entries: new TCP connections still open (the
# echo entries make room; they used to be unevictable). And neighbour
# solicitations sent to an address beyond the firewall: not of its links,
# so for the rulebase (which has no rule for them), not passed as ND. Last, policy
# routing: `ip rule from CLIENT` sends the client's packets for the server
# out of another interface than the main table would; a rule `out fw1`
# must see the interface the packet really leaves by.
. "$(dirname "$0")/rampart.sh"

T=${TMPDIR:-/tmp}/rp-hostile
rm -rf "$T"
mkdir -p "$T"
WIRE="$PY $REPO/tests/vm/wire.py"

cat >"$T/policy" <<EOF
host client $RP_CLIENT4;
host server $RP_SERVER4;
host self $RP_FW_OUT4;
service smtp tcp 25;
service ping icmp echo-request;
smtp mail-in { action reject; recipients "*@example.org"; }
rule accept from client to server service smtp inspect mail-in;
rule accept from client to server service ping;
rule accept from self to server service smtp inspect mail-in;
EOF

expect_success "insmod rampart.ko" load_rampart
topology_up
expect_output "the policy installs" 'installed, 3 rules' fwadm_in rp-fw policy install "$T/policy"
in_server $WIRE server "$RP_SERVER4" 25 "$T/server.log" >"$T/server.out" 2>&1 &
on_cleanup pkill -f "wire.py server"
wait_for "the server listens on 25" 20 sh -c "ip netns exec rp-server ss -Hltn | grep -q ':25 '"
# The client's kernel knows nothing of these connections: keep its RSTs in
# (the hand-made client marks its own).
cat >"$T/nft" <<EOF
table ip rp_wire {
	chain out {
		type filter hook output priority 0;
		tcp flags rst meta mark != 0x52 drop
	}
}
EOF
expect_success "the client namespace drops its own kernel's RSTs" in_client nft -f "$T/nft"

wire() { in_client $WIRE client "$RP_CLIENT4" "$RP_SERVER4" 25 "$@"; }
expect_output "syn-data: the forbidden verb after the SYN is refused" '^refused$' \
	wire syn-data 40001
expect_ge "syn-data: the SYN's payload was dropped (reason 52)" 1 "$(stat_of rp-fw drop 52)"
expect_output "bad-checksum: the forbidden verb in its place is refused" '^refused$' \
	wire bad-checksum 40002
expect_ge "bad-checksum: dropped unread (reason 51)" 1 "$(stat_of rp-fw drop 51)"
expect_output "paws: other bytes in its place are dropped, the same ones pass" \
	'^silent; again: answered: 250 ok$' wire paws 40003
expect_ge "paws: the other bytes counted (reason 53)" 1 "$(stat_of rp-fw drop 53)"
expect_output "port-reuse: the new session is inspected from its start" '^refused$' \
	wire port-reuse 40004
WIRE_GO=$T/go wire blind-rst 40005 >"$T/blind.out" 2>&1 &
blind=$!
wait_for "blind-rst: two RSTs in the window sent" 30 grep -qx 'rst sent' "$T/blind.out"
conn_field() {
	fwadm_in rp-fw conn port 40005 --json | $PY -c '
import json, sys
c = json.load(sys.stdin)["connections"]
print(c[0][sys.argv[1]] if len(c) == 1 else "%d connections" % len(c))
' "$1"
}
expect_eq "blind-rst: the entry is still ESTABLISHED" ESTABLISHED "$(conn_field state)"
expect_ge "blind-rst: with its established timeout, not the end timeout" 1000 \
	"$(conn_field timeout)"
touch "$T/go"
wait "$blind"
expect_output "blind-rst: the session goes on" '^answered: 250 ok$' tail -n 1 "$T/blind.out"
expect_output "reboot: the rebooted client's new session opens" \
	'^answered: 250 ok after a challenge ACK$' wire reboot 40006
expect_eq "reboot: the old connection ended by the client's RST, one entry left" \
	ESTABLISHED "$(fwadm_in rp-fw conn port 40006 --json | $PY -c '
import json, sys
c = json.load(sys.stdin)["connections"]
print(c[0]["state"] if len(c) == 1 else "%d connections" % len(c))')"
# --- a client on the firewall itself ----------------------------------------
# Its refused command is answered: the reply comes back in through lo, and
# its TCP must count the command sent (a drop's error would keep it unsent,
# and the reply's acknowledgement of it unacceptable).
expect_output "swaks on the firewall host reads the 550 for a recipient outside the patterns" \
	'<\*\* +550 5\.1\.1 Recipient not allowed by policy' \
	in_fw timeout $((40 * RP_SLOW)) swaks --server "$RP_SERVER4" --timeout $((20 * RP_SLOW)) \
	--from a@example.com --to x@evil.test
expect_eq "the refused recipient never reached the server" 0 \
	"$(grep -c 'evil\.test' "$T/server.log")"
# --- an echo flood in a small table -------------------------------------------
sed 's/^host client/settings { max-connections 64; }\nhost client/' "$T/policy" >"$T/small"
expect_output "a table of 64 entries" 'installed, 3 rules' \
	fwadm_in rp-fw policy install --keep-connections "$T/small"
expect_output "1000 echo requests with distinct identifiers" '^sent 1000$' \
	in_client $WIRE echo-flood "$RP_CLIENT4" "$RP_SERVER4" 1000
expect_output "a TCP connection opens after the flood" '^answered: 250 ok$' \
	wire session 40007
full=$(stat_of rp-fw drop 31)
expect_eq "no connection was refused for a full table (reason 31)" 0 "${full:-0}"
# --- neighbour discovery in transit ---------------------------------------------
norule=$(stat_of rp-fw drop 32)
nd_dropped() { [ "$(stat_of rp-fw drop 32)" -ge $((${norule:-0} + 20)) ]; }
expect_output "neighbour solicitations to the server, through the firewall" '^sent 20$' \
	in_client $WIRE nd-transit "$RP_SERVER6" 20
wait_for "they were dropped: no rule (reason 32)" 10 nd_dropped
# --- out IF under policy routing --------------------------------------------
cat >"$T/out.policy" <<EOF
host client $RP_CLIENT4;
host server $RP_SERVER4;
service smtp tcp 25;
rule accept from client to server service smtp out fw1;
EOF
expect_success "the client's packets to the server routed out of dum0 (ip rule from)" \
	sh -c "ip -n rp-fw link add dum0 type dummy && ip -n rp-fw link set dum0 up &&
		ip -n rp-fw route add $RP_SERVER4/32 dev dum0 table 100 &&
		ip -n rp-fw rule add from $RP_CLIENT4 lookup 100 priority 100"
expect_output "a rule with out fw1 installs" 'installed, 1 rule' \
	fwadm_in rp-fw policy install "$T/out.policy"
norule=$(stat_of rp-fw drop 32)
in_client $PY "$REPO/tests/vm/peer.py" tcp-connect "$RP_SERVER4" 25 >/dev/null 2>&1
outgone() { [ "$(stat_of rp-fw drop 32)" -gt "${norule:-0}" ]; }
wait_for "the SYN leaves by dum0, not fw1: no rule accepts it (reason 32)" 10 outgone
expect_output "the server read the sessions' commands" 'STARTTLS' cat "$T/server.log"
expect_eq "no forbidden verb reached the server" 0 "$(grep -c 'XEXCH' "$T/server.log")"
expect_eq "the refusals counted (reason 38)" 3 "$(stat_of rp-fw drop 38)"
expect_success "rmmod rampart" rmmod rampart
expect_clean_dmesg
finish
