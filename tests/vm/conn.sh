#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock (on the debug kernel, KUnit rampart_conn_dump/filter/fill run the same dump and flush code)
# vm-plan: 82
#
# The connection table's control plane, without traffic: `fwadm conn' on an
# empty table, flush, filters the kernel accepts and refuses (with extended
# acks), the table's figures in `fwadm stats', the events multicast group,
# and the privilege checks. Entries from traffic: tests/vm/conn_traffic.sh.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#                              rampart
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"

HEADER='ID  PROTO  SOURCE  DESTINATION  STATE  SERVICE  RULE  TIMEOUT  ORIG PKTS/BYTES  REPLY PKTS/BYTES'

expect_success "insmod rampart.ko" load_rampart
on_cleanup rmmod rampart
topology_up

# --- an empty table ---------------------------------------------------------
expect_eq "fwadm conn on an empty table prints only the header" "$HEADER" \
	"$(fwadm_in rp-fw conn)"
expect_eq "fwadm conn list is the same" "$HEADER" "$(fwadm_in rp-fw conn list)"
expect_success "fwadm start" fwadm_in rp-fw start
expect_eq "and so while started" "$HEADER" "$(fwadm_in rp-fw conn)"
expect_eq "a filter of every kind, IPv4, matches nothing" "$HEADER" \
	"$(fwadm_in rp-fw conn host 10.0.1.0/24 port 587 proto tcp state established service submission -4)"
expect_eq "an IPv6 filter matches nothing" "$HEADER" \
	"$(fwadm_in rp-fw conn host fd00:2::2 -6 proto icmpv6 state ICMP)"
expect_output "fwadm conn --json on an empty table" '^\[\]$' sh -c \
	"ip netns exec rp-fw $FWADM conn --json | $PY -c 'import json,sys; print(json.load(sys.stdin)[\"connections\"])'"
expect_output "fwadm conn flush says 0 removed" '^0 connections removed$' \
	fwadm_in rp-fw conn flush
expect_output "fwadm conn flush with a filter says 0 removed" '^0 connections removed$' \
	fwadm_in rp-fw conn flush port 587 host 10.0.2.2
expect_output "the initial namespace has its own, empty table" '^ID  PROTO' fwadm_in - conn

# --- usage errors never reach the kernel ------------------------------------------
expect_output "a bad filter word is a usage error quoting it" \
	"^fwadm: conn: unknown filter word \`nonsense' \(see fwadm help conn\)$" \
	fwadm_in rp-fw conn nonsense
fwadm_in rp-fw conn host 10.0.0.0/40 >/dev/null 2>&1
expect_eq "an IPv4 prefix of 40 bits is a usage error (status 2)" 2 $?

# --- the kernel refuses bad filters, with a message -----------------------------
run_probe "the probe found nothing wrong (exit status 0)" \
	ip netns exec rp-fw "$PY" "$REPO/tests/vm/genl_probe.py" conn

# --- the table's figures -------------------------------------------------------------
stats=$(fwadm_in rp-fw stats)
expect_output "fwadm stats has a connections block" '^connections:$' echo "$stats"
expect_output "with the default limit of 262144" '^  entries +0/262144$' echo "$stats"
expect_output "and the remembered removals" '^  remembered removals +0/16384$' echo "$stats"
for label in inserts removals evictions 'table-full drops' 'GC runs' \
	'late packets passed' pickups; do
	expect_output "and $label" "^  $label +[0-9]+\$" echo "$stats"
done
expect_output "the block comes after the stage tables, before the drop reasons" \
	'^connections:$' sh -c "echo \"\$1\" | sed -n '/^out chain/,/^drop reasons/p'" _ "$stats"
expect_eq "fwadm stats --json has the limit" 262144 "$(fwadm_in rp-fw stats --json |
	$PY -c 'import json,sys; print(json.load(sys.stdin)["connections"]["limit"])')"
expect_ge "the GC ran while started" 1 "$(fwadm_in rp-fw stats --json |
	$PY -c 'import json,sys; print(json.load(sys.stdin)["connections"]["gc_runs"])')"

# --- privilege ---------------------------------------------------------------------------
nobody() { ip netns exec rp-fw setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$@"; }
for args in "conn" "conn flush" "conn port 25"; do
	# shellcheck disable=SC2086
	expect_output "fwadm $args as an unprivileged user is refused" \
		'^fwadm: permission denied: fwadm needs CAP_NET_ADMIN$' nobody "$FWADM" $args
	# shellcheck disable=SC2086
	expect_failure "fwadm $args as an unprivileged user exits non-zero" nobody "$FWADM" $args
done
run_probe "the unprivileged probe found nothing wrong (exit status 0)" \
	nobody "$PY" "$REPO/tests/vm/genl_probe.py" events-unprivileged

expect_success "fwadm stop" fwadm_in rp-fw stop
expect_clean_dmesg
finish
