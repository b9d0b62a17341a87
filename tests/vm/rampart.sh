#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rampart-specific helpers for tests/vm/*.sh, on top of lib.sh.

# shellcheck source=tests/vm/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FWADM=$REPO/cli/fwadm
KO_DIR=${RAMPART_KO_DIR:-$REPO}
PY=/usr/bin/python3

# The stock kernel has the defragmenters and nf_reject as modules; the debug
# one has them built in.
load_rampart() {
	modprobe -q -a nf_defrag_ipv4 nf_defrag_ipv6 nf_reject_ipv4 nf_reject_ipv6 2>/dev/null
	run insmod "$KO_DIR/rampart.ko"
}

# fwadm_in NS ARGS...: fwadm inside a namespace ("-" for the initial one).
fwadm_in() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then
		"$FWADM" "$@"
	else
		ip netns exec "$ns" "$FWADM" "$@"
	fi
}

# stat_of NS drop REASON | NS drops_total | NS packets_total |
#         NS in|out STAGE packets|bytes|drops
# One figure of `fwadm stats --all', read from its text in this shell: a
# counter read costs one fwadm run, not an interpreter start too (which on
# the emulated debug kernel takes seconds). Prints nothing when the figure
# is not there.
stat_of() {
	local ns=$1 what=$2 out line part= sum=0 found=
	out=$(fwadm_in "$ns" stats --all) || return 1
	while IFS= read -r line; do
		case $line in
		"in chain ("*) part=in; continue ;;
		"out chain ("*) part=out; continue ;;
		"drop reasons:"*) part=drops; continue ;;
		[!\ ]*) part=; continue ;;
		esac
		if [[ $part == in || $part == out ]] &&
			[[ $line =~ ^\ +([0-9]+)\ +([^ ]+)\ +([0-9]+)\ +([0-9]+)\ +([0-9]+)$ ]]; then
			case $what in
			packets_total) sum=$((sum + BASH_REMATCH[3])) found=1 ;;
			"$part")
				[[ ${BASH_REMATCH[2]} == "$3" ]] || continue
				case $4 in
				packets) echo "${BASH_REMATCH[3]}" ;;
				bytes) echo "${BASH_REMATCH[4]}" ;;
				drops) echo "${BASH_REMATCH[5]}" ;;
				esac
				return 0
				;;
			esac
		elif [[ $part == drops && $line =~ ^\ +([0-9]+)\ +([0-9]+)\ +.*$ ]]; then
			case $what in
			drops_total) sum=$((sum + BASH_REMATCH[2])) found=1 ;;
			drop)
				if [[ ${BASH_REMATCH[1]} == "$3" ]]; then
					echo "${BASH_REMATCH[2]}"
					return 0
				fi
				;;
			esac
		fi
	done <<<"$out"
	if [[ -n $found ]] || [[ $what == drops_total && $out == *"drop reasons: none"* ]]; then
		echo "$sum"
	fi
}

# iperf_flowing PID OUT: an iperf3 client (PID, writing OUT) is in the middle
# of its flow: since the previous call the fw stage of rp-fw counted more
# than 64 KB, and the client has neither ended nor printed its summary. Made
# for wait_for, which calls it in this shell (the byte count is kept in
# _fw_bytes between polls; empty it before a new series).
_fw_bytes=
iperf_flowing() {
	local prev=$_fw_bytes
	_fw_bytes=$(stat_of rp-fw in fw bytes)
	echo "fw stage bytes: ${prev:-none} -> $_fw_bytes"
	kill -0 "$1" 2>/dev/null || { echo "iperf3 -c has ended"; return 1; }
	! grep -q receiver "$2" || { echo "iperf3 -c has reported"; return 1; }
	[ -n "$prev" ] && [ "$_fw_bytes" -gt $((prev + 65536)) ]
}

# expect_eq DESC WANT GOT
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1" "want '$2', got '$3'"
	fi
}

# expect_ge DESC MIN GOT
expect_ge() {
	if [ -n "$3" ] && [ "$3" -ge "$2" ] 2>/dev/null; then
		ok "$1"
	else
		fail "$1" "want at least $2, got '$3'"
	fi
}

# No kernel warning, oops or lockdep splat so far in this boot.
expect_clean_dmesg() {
	local bad
	bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace|kernel BUG|refcount_t' | head -n 20)
	if [ -z "$bad" ]; then
		ok "${1:-kernel log has no warning, oops or BUG}"
	else
		fail "${1:-kernel log has no warning, oops or BUG}" "$bad"
	fi
}

# The mail gateway of examples/mail-gateway.policy, as namespaces:
#
#      rp-inet                     rp-gw                       rp-dmz
#  +------------------+  +-----------------------------+  +----------------+
#  |              ex0 |--| ext0                   dmz0 |--| dz0            |
#  | 203.0.113.70     |  | 203.0.113.1    198.51.100.1 |  | 198.51.100.10  |
#  |   (reporting)    |  | 2001:db8:ffff::1            |  |   antispam     |
#  | 203.0.113.53     |  | 2001:db8:d::1               |  | 2001:db8:d::10 |
#  |   (resolver)     |  |             int0            |  +----------------+
#  | 203.0.113.200    |  | 192.0.2.1, 2001:db8:1::1    |
#  |   (a host; the   |  +--------------+--------------+
#  |   default source)|                 |
#  | 2001:db8:ffff::70|         rp-lan (ln0): 192.0.2.25 mailstore,
#  +------------------+         192.0.2.200 an admin, 2001:db8:1::25
RP_NS_INET=rp-inet RP_NS_GW=rp-gw RP_NS_DMZ=rp-dmz RP_NS_LAN=rp-lan
RP_REPORT4=203.0.113.70 RP_RESOLVER4=203.0.113.53 RP_INET_HOST4=203.0.113.200
RP_REPORT6=2001:db8:ffff::70
RP_ANTISPAM4=198.51.100.10 RP_ANTISPAM6=2001:db8:d::10
RP_MAILSTORE4=192.0.2.25 RP_MAILSTORE6=2001:db8:1::25 RP_ADMIN4=192.0.2.200

in_inet() { ip netns exec "$RP_NS_INET" "$@"; }
in_gw() { ip netns exec "$RP_NS_GW" "$@"; }
in_dmz() { ip netns exec "$RP_NS_DMZ" "$@"; }
in_lan() { ip netns exec "$RP_NS_LAN" "$@"; }

# _mail_side NS DEV GWDEV ADDRS4 ADDRS6 GW4 GW6 GWADDR4 GWADDR6
_mail_side() {
	local a
	_lib_veth "$RP_NS_GW" "$3" "$1" "$2" || return 1
	for a in $4; do ip -n "$1" addr add "$a" dev "$2" || return 1; done
	for a in $5; do ip -n "$1" addr add "$a" dev "$2" nodad || return 1; done
	ip -n "$RP_NS_GW" addr add "$8" dev "$3" &&
		ip -n "$RP_NS_GW" addr add "$9" dev "$3" nodad &&
		ip -n "$1" link set "$2" up && ip -n "$RP_NS_GW" link set "$3" up &&
		ip -n "$1" route add default via "$6" &&
		ip -n "$1" -6 route add default via "$7"
}

mail_topology_up() {
	local ns
	for ns in "$RP_NS_INET" "$RP_NS_GW" "$RP_NS_DMZ" "$RP_NS_LAN"; do
		netns_add "$ns" || { fail "mail_topology_up" "netns $ns"; return 1; }
	done
	{
		_mail_side "$RP_NS_INET" ex0 ext0 \
			"$RP_REPORT4/24 $RP_RESOLVER4/24 $RP_INET_HOST4/24" "$RP_REPORT6/64" \
			203.0.113.1 2001:db8:ffff::1 203.0.113.1/24 2001:db8:ffff::1/64 &&
			_mail_side "$RP_NS_DMZ" dz0 dmz0 "$RP_ANTISPAM4/24" "$RP_ANTISPAM6/64" \
				198.51.100.1 2001:db8:d::1 198.51.100.1/24 2001:db8:d::1/64 &&
			_mail_side "$RP_NS_LAN" ln0 int0 "$RP_MAILSTORE4/24 $RP_ADMIN4/24" \
				"$RP_MAILSTORE6/64" 192.0.2.1 2001:db8:1::1 192.0.2.1/24 \
				2001:db8:1::1/64 &&
			ip -n "$RP_NS_INET" route replace default via 203.0.113.1 \
				src "$RP_INET_HOST4" &&
			in_gw sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	} || {
		fail "mail_topology_up" "could not build the mail gateway topology"
		return 1
	}
}

# tcp_probe NS ADDR PORT: open a TCP connection from NS with bash's
# /dev/tcp and print connected, refused or timeout (3 s, times RP_SLOW:
# the limit covers the shell's start too, which on the emulated debug
# kernel, beside a tshark starting, takes seconds). Cheaper than a Python
# start.
tcp_probe() {
	local out rc
	out=$(ip netns exec "$1" timeout $((3 * RP_SLOW)) bash -c "exec 3<>/dev/tcp/$2/$3" 2>&1)
	rc=$?
	if ((rc == 0)); then
		echo connected
	elif ((rc == 124)); then
		echo timeout
	elif [[ $out == *refused* ]]; then
		echo refused
	else
		echo "error: $out"
	fi
}

# expect_dropped DESC FWNS REASON NS ADDR PORT: a TCP connection from NS to
# ADDR PORT does not open because the firewall in FWNS drops its SYN: the
# count of drop reason REASON rises while the connection attempt still
# waits for an answer (neither connected nor refused). Judged on that
# event, not on a timeout; the attempt's own time limit (tcp_probe's)
# bounds the wait.
expect_dropped() {
	local desc=$1 fwns=$2 reason=$3 before n= pid rc=
	before=$(stat_of "$fwns" drop "$reason")
	ip netns exec "$4" timeout $((3 * RP_SLOW)) bash -c "exec 3<>/dev/tcp/$5/$6" \
		>/dev/null 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		n=$(stat_of "$fwns" drop "$reason")
		((${n:-0} > ${before:-0})) && break
		sleep 0.2
	done
	if ((${n:-0} > ${before:-0})) && kill -0 "$pid" 2>/dev/null; then
		ok "$desc"
	else
		wait "$pid"
		rc=$?
		fail "$desc" "drop reason $reason counted ${before:-0}, then ${n:-0}" \
			"the connection attempt ended with status $rc (0: connected, 124: no answer)"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}
