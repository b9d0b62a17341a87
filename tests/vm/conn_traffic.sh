#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: 23
#
# Connections made by traffic, as `fwadm conn' lists and flushes them: the
# fw stage creates the entries under the policy `fwadm policy install' put
# in.
#
#   rp-client (cl0) ------ (fw0) rp-fw (fw1) ------ (sv0) rp-server
#   198.51.100.10 "antispam"     rampart        203.0.113.70 "report-net"
#   python3 connect, idle        mail-gateway   python3 listen :587
#                                .policy
#
# examples/mail-gateway.policy accepts antispam-gw -> reporting on service
# submission-report (tcp/587, idle timeout 7200 s) with rule 4.
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"

ANTISPAM=198.51.100.10
REPORT=203.0.113.70

expect_success "insmod rampart.ko" load_rampart
on_cleanup rmmod rampart
topology_up
run ip -n rp-client addr add "$ANTISPAM/24" dev cl0
run ip -n rp-server addr add "$REPORT/26" dev sv0
run ip -n rp-fw route add 198.51.100.0/24 via "$RP_CLIENT4" dev fw0
run ip -n rp-fw route add 203.0.113.64/26 via "$RP_SERVER4" dev fw1

expect_success "install examples/mail-gateway.policy" \
	fwadm_in rp-fw policy install "$REPO/examples/mail-gateway.policy"
expect_output "the table starts empty" '^ID  PROTO' fwadm_in rp-fw conn

# A report session: opened, then idle, held by both ends until cleanup.
ip netns exec rp-server "$PY" -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 587))
s.listen(1)
c, _ = s.accept()
time.sleep(600)
' "$REPORT" &
wait_for "the report server listens on 587" 60 \
	sh -c "ip netns exec rp-server ss -Hltn 'sport = :587' | grep -q ."
ip netns exec rp-client "$PY" -c '
import socket, sys, time
s = socket.create_connection((sys.argv[2], 587), source_address=(sys.argv[1], 0))
time.sleep(600)
' "$ANTISPAM" "$REPORT" &

established() { fwadm_in rp-fw conn port 587 | grep -q ' ESTABLISHED '; }
wait_for "fwadm conn port 587 shows the session ESTABLISHED" 60 established
run fwadm_in rp-fw conn port 587

# The session's entry as `fwadm conn --json' gives it, read once: CONN[KEY]
# is its field KEY ("N connections" in each when there is not exactly one).
declare -A CONN
while IFS='=' read -r key value; do
	CONN[$key]=$value
done < <(fwadm_in rp-fw conn port 587 --json | $PY -c '
import json, sys
c = json.load(sys.stdin)["connections"]
for k in ("source", "destination", "dport", "state", "service", "rule", "timeout"):
    print("%s=%s" % (k, c[0][k] if len(c) == 1 else "%d connections" % len(c)))
')
expect_eq "one connection on port 587, from the opener" "$ANTISPAM" "${CONN[source]}"
expect_eq "to the report server" "$REPORT" "${CONN[destination]}"
expect_eq "on port 587" 587 "${CONN[dport]}"
expect_eq "in state ESTABLISHED" ESTABLISHED "${CONN[state]}"
expect_eq "under service submission-report" submission-report "${CONN[service]}"
expect_eq "accepted by rule 4" 4 "${CONN[rule]}"
timeout=${CONN[timeout]}
if [ "$timeout" -ge 7100 ] 2>/dev/null && [ "$timeout" -le 7200 ]; then
	ok "its timeout is the service's idle timeout, near 7200 s ($timeout s)"
else
	fail "its timeout is the service's idle timeout, near 7200 s" "got '$timeout'"
fi
expect_output "the table shows the timeout in seconds" ' 7[01][0-9][0-9]s ' \
	fwadm_in rp-fw conn port 587
expect_output "a filter on the service finds it" "$ANTISPAM:[0-9]+ +$REPORT:587 " \
	fwadm_in rp-fw conn service submission-report
expect_output "a filter on the host and the state finds it" "$ANTISPAM:[0-9]+ " \
	fwadm_in rp-fw conn host 198.51.100.0/24 state established -4
expect_eq "a filter on another port does not" 1 \
	"$(fwadm_in rp-fw conn port 25 | wc -l)"
expect_eq "nor one on IPv6" 1 "$(fwadm_in rp-fw conn -6 port 587 | wc -l)"

expect_output "fwadm conn flush port 587 removes 1" '^1 connection removed$' \
	fwadm_in rp-fw conn flush port 587
expect_eq "the session is gone from the table" 1 "$(fwadm_in rp-fw conn port 587 | wc -l)"
expect_output "stats count the removal" '^  removals +[1-9]' fwadm_in rp-fw stats
expect_output "and remember it" '^  remembered removals +[1-9][0-9]*/16384$' \
	fwadm_in rp-fw stats
expect_output "a second flush removes nothing" '^0 connections removed$' \
	fwadm_in rp-fw conn flush port 587

expect_clean_dmesg
finish
