#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: 73
#
# Module life cycle and the control plane: insmod/rmmod, `fwadm chain`,
# start/stop, privilege checks, malformed netlink requests.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"


expect_output "fwadm refuses to talk to a missing module" \
	'rampart is not loaded \(insmod rampart\.ko\)' sh -c "$FWADM stats 2>&1; true"
expect_failure "fwadm stats fails while the module is missing" "$FWADM" stats

expect_success "insmod rampart.ko" load_rampart
expect_output "fwadm version shows the module's version" \
	"^rampart\.ko $(cat "$REPO/VERSION") \(abi 1\)" "$FWADM" version
expect_output "fwadm --version is the same version" "^fwadm $(cat "$REPO/VERSION")\$" "$FWADM" --version
expect_output "modinfo agrees on the version" "^version: +$(cat "$REPO/VERSION")\$" \
	modinfo "$KO_DIR/rampart.ko"

topology_up

# --- loading alone changes nothing ----------------------------------------
expect_output "chain reports the firewall stopped after insmod" 'stopped' \
	fwadm_in rp-fw chain
expect_success "IPv4 forwarding works with the module loaded" \
	ip netns exec rp-client ping -c 2 -W 2 10.0.2.2
expect_success "IPv6 forwarding works with the module loaded" \
	ip netns exec rp-client ping -c 2 -W 2 fd00:2::2
expect_eq "no packet crossed rampart's stages while stopped" 0 \
	"$(stat_of rp-fw packets_total)"

# --- the chain listing ------------------------------------------------------
want=$(cat <<'WANT'
in chain (4):
 0:  -390 sanity (stateless verifications)
 1:     0 fw (fw inbound)
 2:    50 smtp (smtp inspection inbound)
 3:   400 end (end of inbound chain)
out chain (4):
 0:  -390 sanity (stateless verifications)
 1:     0 fw (fw outbound)
 2:    50 smtp (smtp inspection outbound)
 3:   400 end (end of outbound chain)
WANT
)
got=$(fwadm_in rp-fw chain | grep -vi '^firewall')
expect_eq "fwadm chain lists both chains like fw ctl chain" "$want" "$got"
[ "$want" = "$got" ] || diff <(echo "$want") <(echo "$got") | sed 's/^/# /'

# --- start and stop ---------------------------------------------------------
expect_success "fwadm start" fwadm_in rp-fw start
expect_output "chain reports the firewall started" 'started' fwadm_in rp-fw chain
expect_failure "a second start is refused" fwadm_in rp-fw start
expect_output "and says why" 'already started' sh -c \
	"ip netns exec rp-fw $FWADM start 2>&1; true"
expect_success "traffic passes while started" \
	ip netns exec rp-client ping -c 2 -W 2 10.0.2.2
expect_ge "packets now cross the stages" 4 "$(stat_of rp-fw packets_total)"
expect_success "fwadm stop" fwadm_in rp-fw stop
expect_output "a second stop is refused and says why" 'not started' sh -c \
	"ip netns exec rp-fw $FWADM stop 2>&1; true"
expect_failure "a second stop exits non-zero" fwadm_in rp-fw stop
before=$(stat_of rp-fw packets_total)
run ip netns exec rp-client ping -c 2 -W 2 10.0.2.2 >/dev/null
expect_eq "no packet crosses the stages after stop" "$before" \
	"$(stat_of rp-fw packets_total)"

# --- privilege ----------------------------------------------------------------
nobody() { ip netns exec rp-fw setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all "$FWADM" "$@"; }
for cmd in stats chain start stop; do
	expect_output "fwadm $cmd as an unprivileged user is refused" \
		'permission denied: fwadm needs CAP_NET_ADMIN' sh -c \
		"$(declare -f nobody); FWADM=$FWADM; nobody $cmd 2>&1; true"
	expect_failure "fwadm $cmd as an unprivileged user exits non-zero" nobody "$cmd"
done
expect_output "fwadm version needs no privilege" '^rampart\.ko ' nobody version
expect_output "the refused start changed nothing" 'stopped' fwadm_in rp-fw chain

# --- malformed and unexpected netlink requests --------------------------------
run_probe "the netlink probe ran to its end (exit status 0)" \
	ip netns exec rp-fw "$PY" "$REPO/tests/vm/genl_probe.py"
expect_output "refused requests left the firewall stopped" 'stopped' fwadm_in rp-fw chain

# --- usage errors ---------------------------------------------------------------
"$FWADM" frobnicate >/dev/null 2>&1
expect_eq "an unknown command exits 2" 2 $?

# --- unload -----------------------------------------------------------------------
expect_success "start again before rmmod" fwadm_in rp-fw start
expect_success "start in a second namespace" fwadm_in rp-server start
expect_success "rmmod while started in two namespaces" rmmod rampart
expect_success "forwarding still works after rmmod" \
	ip netns exec rp-client ping -c 2 -W 2 10.0.2.2
expect_success "insmod again" load_rampart
expect_output "a reloaded module starts stopped" 'stopped' fwadm_in rp-fw chain
expect_success "rmmod again" rmmod rampart
expect_clean_dmesg
finish
