#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock (the same fw stage paths as stateful.sh, with a larger topology)
# vm-plan: 21
#
# examples/mail-gateway.policy on the network it describes (see
# mail_topology_up in rampart.sh): what it accepts gets through, what it
# does not is dropped and logged, interfaces in rules are honoured (`in
# ext0', and `out ext0' decided in the in chain by a route lookup), and the
# reporting session on tcp/587 gets its 7200 s idle timeout.
#
#   rp-inet (ex0) ---- (ext0) rp-gw (dmz0) ---- (dz0) rp-dmz
#                             (int0) ---- (ln0) rp-lan
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"
on_cleanup pkill -f "$REPO/tests/vm/peer.py"

T=${TMPDIR:-/tmp}/rp-mailgw
rm -rf "$T"
mkdir -p "$T"
PEER="$PY $REPO/tests/vm/peer.py"
LOG=$T/events.log

expect_success "insmod rampart.ko" load_rampart
mail_topology_up
expect_output "the example policy installs" 'installed, 9 rules' \
	in_gw "$FWADM" policy install "$REPO/examples/mail-gateway.policy"
in_gw "$FWADM" log >"$LOG" 2>&1 &

in_dmz $PEER serve tcp,"$RP_ANTISPAM4",25,"$T/antispam25.log" \
	tcp,"$RP_ANTISPAM6",25,"$T/antispam25v6.log" tcp,"$RP_ANTISPAM4",22,"$T/antispam22.log" &
in_lan $PEER serve tcp,"$RP_MAILSTORE4",25,"$T/mailstore25.log" \
	tcp,"$RP_MAILSTORE4",22,"$T/mailstore22.log" &
in_inet $PEER serve tcp,"$RP_REPORT4",587,"$T/report587.log" \
	tcp,"$RP_INET_HOST4",25,"$T/inet25.log" &
listening() {
	[ "$(for ns in rp-dmz rp-lan rp-inet; do ip netns exec $ns ss -Hltn; done | grep -c LISTEN)" = 7 ]
}
wait_for "the mail hosts listen" 60 listening

# --- what the policy accepts ---------------------------------------------------
expect_output "rule 1: the Internet reaches the anti-spam gateway on smtp (in ext0)" \
	'^connected$' tcp_probe rp-inet "$RP_ANTISPAM4" 25
expect_output "rule 1, IPv6" '^connected$' tcp_probe rp-inet "$RP_ANTISPAM6" 25
expect_output "rule 2: the gateway hands mail to the store" '^connected$' \
	tcp_probe rp-dmz "$RP_MAILSTORE4" 25
expect_output "rule 3: the store sends out through ext0" '^connected$' \
	tcp_probe rp-lan "$RP_INET_HOST4" 25
expect_output "rule 6: an admin workstation reaches ssh" '^connected$' \
	in_lan env PEER_SOURCE="$RP_ADMIN4" $PEER tcp-connect "$RP_ANTISPAM4" 22
expect_success "rule 7: ping from the LAN" \
	in_lan ping -c 1 -W 2 -I "$RP_MAILSTORE4" "$RP_INET_HOST4"

# --- what it does not -------------------------------------------------------------
expect_dropped "the Internet cannot reach the mail store" rp-gw 33 \
	rp-inet "$RP_MAILSTORE4" 25
expect_dropped "nor ssh on the gateway" rp-gw 33 \
	rp-inet "$RP_ANTISPAM4" 22
expect_output "rule 1 is for in ext0 only: the LAN cannot use it" '^timeout$' \
	in_lan env PEER_SOURCE="$RP_ADMIN4" $PEER tcp-connect "$RP_ANTISPAM4" 25
expect_dropped "rule 3 is for out ext0 only: the store cannot send to the DMZ" rp-gw 33 \
	rp-lan "$RP_ANTISPAM4" 25
expect_dropped "the mail store is no admin workstation" rp-gw 33 \
	rp-lan "$RP_ANTISPAM4" 22
wait_for "rule 9 logged the drop of the Internet's attempt on the store" 5 \
	grep -Eq "drop rule 9 in ext0 out int0 tcp $RP_INET_HOST4:[0-9]+ -> $RP_MAILSTORE4:25: dropped by rule" "$LOG"
expect_ge "rule 9 dropped at least 5 SYNs" 5 "$(stat_of rp-gw drop 33)"

# --- the reporting session: rule 4, service submission-report, idle 7200 s --------
in_dmz $PEER tcp-idle "$RP_REPORT4" 587 30 >/dev/null 2>&1 &
wait_for "the gateway's report session is open" 10 grep -q accepted "$T/report587.log"
wait_for "rule 4 logged it (track log)" 5 \
	grep -Eq "accept rule 4 service submission-report in dmz0 out ext0 tcp $RP_ANTISPAM4:[0-9]+ -> $RP_REPORT4:587" "$LOG"

expect_success "uninstall" in_gw "$FWADM" policy uninstall
expect_success "rmmod rampart" rmmod rampart
expect_clean_dmesg
((_lib_failed == 0)) || diag "fwadm log saw:" "$(tail -n 40 "$LOG")"
finish
