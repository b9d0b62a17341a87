#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: stock 51, debug 45
#
# fwadm policy verify, install, show and uninstall against rampart.ko: the
# control plane only (the fw stage does not match packets against the
# policy yet, so no traffic is sent).
#
#   initial namespace          rp-fw
#   +------------------+       +----------------------------------+
#   | no policy, ever  |       | the policies are installed here  |
#   +------------------+       +----------------------------------+
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"

EXAMPLE=$REPO/examples/mail-gateway.policy
NS=$RP_NS_FW
WORK=$(mktemp -d)
on_cleanup rm -rf "$WORK"
export PYTHONDONTWRITEBYTECODE=1

in_ns() { fwadm_in "$NS" "$@"; }
# The sizes run in full on the stock kernel. Under the debug kernel's KASAN
# and kmemleak, emulated, the same code paths run with 1,000 rules, and the
# 65,536-object limit (a minute of allocations there) is left to stock.
NRULES=10000
[ "${RAMPART_KERNEL:-stock}" = debug ] && NRULES=1000
nobody() {
	ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$FWADM" "$@"
}
# both CMD...: CMD's standard output and error together, whatever its status.
both() { "$@" 2>&1; true; }
# same DESC FILE_A FILE_B: the two files are identical.
same() {
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		fail "$1" "$(diff "$2" "$3" | head -n 20)"
	fi
}

# gen_rules N: a policy of N rules over 400 hosts, 40 groups, 20 services.
gen_rules() {
	"$PY" - "$1" <<'EOF'
import sys
n = int(sys.argv[1])
print("settings { max-connections 100000; tcp { timeout idle 1800; } }")
for i in range(200):
    print(f"host h{i} 10.1.{i}.1;")
    print(f"host v{i} 2001:db8:{i:x}::1;")
for i in range(40):
    print(f"group g{i} {{ h{i * 5}, v{i * 5}, h{i * 5 + 1} }}")
for i in range(20):
    print(f"service s{i} {'tcp' if i % 4 else 'udp'} {1000 + i * 10}{'-2000' if i % 5 == 0 else ''};")
print("smtp m { }")
for i in range(n):
    svc = i * 7 % 20
    accept = i % 7 != 0
    inspect = " inspect m" if accept and i % 13 == 0 and svc % 4 else ""
    track = " track log" if i % 5 == 0 else (" track none" if i % 5 == 1 else "")
    iface = " in eth1" if i % 11 == 0 else ""
    print(f"rule {'accept' if accept else 'drop'} from g{i % 40} to h{i % 200}, v{(i + 1) % 200}"
          f" service s{svc}{iface}{track}{inspect};")
EOF
}

# --- verify without the module ------------------------------------------------
expect_output "verify without the module says only the local checks ran" \
	'^fwadm: policy verify: rampart is not loaded: only the local checks ran$' \
	both "$FWADM" policy verify "$EXAMPLE"
expect_success "verify without the module passes a correct file" \
	"$FWADM" policy verify "$EXAMPLE"
expect_output "install without the module is refused" \
	'^fwadm: rampart is not loaded \(insmod rampart\.ko\)$' \
	both "$FWADM" policy install "$EXAMPLE"

expect_success "insmod rampart.ko" load_rampart
on_cleanup rmmod rampart
netns_add "$NS"

# --- verify with the module installs nothing -------------------------------------
expect_output "show before any install: no policy" '^fwadm: no policy is installed$' \
	both in_ns policy show
expect_failure "show without a policy exits non-zero" in_ns policy show
expect_output "verify with the module: the kernel checks it too" \
	"^$EXAMPLE: 9 rules, 15 objects, 10 services: OK\$" in_ns policy verify "$EXAMPLE"
expect_eq "verify with the module prints nothing on stderr" "" \
	"$(in_ns policy verify "$EXAMPLE" 2>&1 >/dev/null)"
expect_output "verify installed nothing" '^fwadm: no policy is installed$' \
	both in_ns policy show
expect_output "verify did not start the firewall" '^firewall: stopped' in_ns chain

# --- install, show ----------------------------------------------------------------
expect_output "install the example policy" "^$EXAMPLE: installed, 9 rules\$" \
	in_ns policy install "$EXAMPLE"
expect_output "install started the firewall" '^firewall: started$' in_ns chain
in_ns policy show >"$WORK/show1" 2>&1
in_ns policy show >"$WORK/show2" 2>&1
"$FWADM" policy format "$EXAMPLE" >"$WORK/format"
same "show twice gives the same text" "$WORK/show1" "$WORK/show2"
same "show prints what format prints for the installed file" "$WORK/format" "$WORK/show1"
expect_success "show's output verifies (in the kernel too)" \
	sh -c "ip netns exec $NS $FWADM policy show | ip netns exec $NS $FWADM policy verify -"
expect_output "show's output installs again" '^<stdin>: installed, 9 rules$' \
	sh -c "ip netns exec $NS $FWADM policy show | ip netns exec $NS $FWADM policy install -"
in_ns policy show >"$WORK/show3" 2>&1
same "and reads back the same" "$WORK/show1" "$WORK/show3"
expect_output "the initial namespace has no policy" '^fwadm: no policy is installed$' \
	both "$FWADM" policy show

# Every kind of setting, track none against none written, odd interfaces.
cat >"$WORK/features.policy" <<'EOF'
settings { late-packet-grace off; tcp { timeout start 30; timeout end 10; out-of-state accept; pickup on; } }
settings { udp { timeout idle 60; } icmp { timeout idle 10; } icmpv6 { timeout established 20; } }
host a 192.0.2.1;
range r6 2001:db8::100-2001:db8::1ff;
network n 198.51.100.0/24;
group g { a, r6, n }
service web tcp 80, 443, 8000-8080 { timeout idle 600; pickup off; }
service ping icmp echo-request, 13;
service pmtu icmpv6 packet-too-big, 200 { out-of-state accept; }
smtp inbound { }
rule accept from g to a service web in eth0 out "we@ird" track none inspect inbound;
rule reject from any to any service ping track log;
rule drop from r6 to any service pmtu;
rule accept from any to any service any;
EOF
expect_success "install a policy with every kind of item and setting" \
	in_ns policy install "$WORK/features.policy"
"$FWADM" policy format "$WORK/features.policy" >"$WORK/features.format"
in_ns policy show >"$WORK/features.show" 2>&1
same "show gives it back as written, track none and all" \
	"$WORK/features.format" "$WORK/features.show"
expect_success "reinstall the example" in_ns policy install "$EXAMPLE"

# --- a kernel-only error refuses the whole policy -----------------------------------
if [ "$NRULES" = 10000 ]; then
# (not indented: the Python and the expected text below are whitespace-exact)
# 65,536 objects: fwadm's checks pass, the kernel holds at most 65,535.
"$PY" -c '
for i in range(65536):
    print(f"host h{i} 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255};")
print("rule accept from h0 to any service any;")' >"$WORK/objects.policy"
expect_success "the 65,536-object policy passes the local checks" \
	in_ns policy verify --local "$WORK/objects.policy"
want="$WORK/objects.policy:65536:6-11: error: too many objects (at most 65535)
 host h65535 10.0.255.255;
      ^^^^^^
$WORK/objects.policy: 1 error"
got=$(in_ns policy install "$WORK/objects.policy" 2>&1)
rc=$?
expect_eq "the kernel's refusal is printed against the file, with carets" "$want" "$got"
expect_eq "and install exits 1" 1 "$rc"
expect_eq "verify with the module reports the same" "$want" \
	"$(in_ns policy verify "$WORK/objects.policy" 2>&1)"
in_ns policy show >"$WORK/show4" 2>&1
same "the policy before stays, unchanged" "$WORK/show1" "$WORK/show4"
expect_output "and the firewall stays started" '^firewall: started$' in_ns chain
else
	diag "the 65,536-object refusal runs on the stock kernel"
fi

# --- 10,000 rules -----------------------------------------------------------------------
gen_rules "$NRULES" >"$WORK/rules.policy"
start=$(_lib_usecs)
expect_output "a $NRULES-rule policy installs" "^.*: installed, $NRULES rules\$" \
	in_ns policy install "$WORK/rules.policy"
diag "install of $NRULES rules took $(( ($(_lib_usecs) - start) / 1000 )) ms (information only)"
start=$(_lib_usecs)
in_ns policy show >"$WORK/rules.show" 2>&1
diag "show of $NRULES rules took $(( ($(_lib_usecs) - start) / 1000 )) ms (information only)"
expect_eq "show returns $NRULES rules" "$NRULES" "$(grep -c '^rule ' "$WORK/rules.show")"
"$FWADM" policy format "$WORK/rules.policy" >"$WORK/rules.format"
same "show of $NRULES rules is what format prints" "$WORK/rules.format" "$WORK/rules.show"

# show while the policy is reinstalled: never half of one and half of another.
gen_rules $((NRULES - 1)) >"$WORK/rules2.policy"
"$FWADM" policy format "$WORK/rules2.policy" >"$WORK/rules2.format"
(for _ in 1 2 3; do
	in_ns policy install "$WORK/rules2.policy" >/dev/null
	in_ns policy install "$WORK/rules.policy" >/dev/null
done) &
reinstaller=$!
torn=0 shown=0 refused=0
while kill -0 "$reinstaller" 2>/dev/null; do
	if in_ns policy show >"$WORK/during" 2>"$WORK/during.err"; then
		shown=$((shown + 1))
		cmp -s "$WORK/during" "$WORK/rules.format" ||
			cmp -s "$WORK/during" "$WORK/rules2.format" || torn=$((torn + 1))
	else
		refused=$((refused + 1))
		grep -q 'changed during each of' "$WORK/during.err" || torn=$((torn + 1))
	fi
done
wait "$reinstaller"
diag "during reinstalls: $shown shows whole, $refused gave up after retries"
expect_eq "show during reinstalls never prints a mix" 0 "$torn"

# --- privilege ----------------------------------------------------------------------------
for sub in "install $EXAMPLE" show uninstall; do
	# shellcheck disable=SC2086
	expect_output "policy $sub as an unprivileged user is refused" \
		'^fwadm: permission denied: fwadm needs CAP_NET_ADMIN$' both nobody policy $sub
done
expect_output "verify as an unprivileged user runs the local checks and says so" \
	"only the local checks ran" both nobody policy verify "$EXAMPLE"
expect_success "and passes a correct file" nobody policy verify "$EXAMPLE"
expect_eq "the refused commands changed nothing" "$NRULES" \
	"$(in_ns policy show 2>&1 | grep -c '^rule ')"

# --- abandoned transactions ----------------------------------------------------------------
ip netns exec "$NS" "$PY" "$REPO/tests/vm/policy_hold.py" >"$WORK/hold" 2>&1 &
holder=$!
wait_for "a client begins a transaction and holds it" 10 grep -q '^begun' "$WORK/hold"
# An error without a place: fwadm's usual wording, the subcommand named.
expect_output "install while another socket holds the transaction names its owner" \
	"^fwadm: policy install: a policy transaction is open, owned by port id $(awk '{print $2}' "$WORK/hold")\$" \
	both in_ns policy install "$EXAMPLE"
run kill -KILL "$holder"
wait "$holder" 2>/dev/null
wait_for "a killed client leaves no open transaction: install works" 10 \
	in_ns policy install "$EXAMPLE"

# fwadm itself (not a subshell around it) must get the signal, and get it
# while its transaction is open. Its transaction lasts a fraction of a
# second, so it is caught: stopped (SIGSTOP) as soon as it has a netlink
# socket, then in short steps, until the kernel, asked by a verify (which
# changes nothing), names fwadm's own socket as the owner of the open
# transaction. Then it is killed. The polls use shell builtins only: a
# process started under emulation costs more than the transaction lasts.
# proc_state PID: the state letter of /proc/PID/stat (R, S, T, Z...) in
# _state, empty when PID is gone. (Not printed: $(...) would fork.)
proc_state() {
	local rest=
	read -r rest <"/proc/$1/stat" 2>/dev/null
	rest=${rest##*) }
	_state=${rest%% *}
}
# has_socket PID: one of PID's file descriptors is a socket.
has_socket() {
	local fd
	for fd in "/proc/$1/fd/"*; do
		[ -S "$fd" ] && return 0
	done
	return 1
}
# nl_portids PID: the port ids of PID's netlink sockets.
nl_portids() {
	local inodes
	inodes=$(find "/proc/$1/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null | tr -dc '0-9\n')
	[ -n "$inodes" ] || return 0
	awk 'NR == FNR { want[$1]; next } FNR > 1 && ($10 in want) { print $3 }' \
		- "/proc/$1/net/netlink" <<<"$inodes" 2>/dev/null
}
# installer_in_tx: the installer is stopped inside its open transaction.
installer_in_tx() {
	local i end now owner ports
	kill -CONT "$installer" 2>/dev/null
	if has_socket "$installer"; then
		# Let it run on for 50 ms (a busy wait: no process started).
		now=${EPOCHREALTIME/[.,]/}
		end=$((now + 50000))
		while ((now < end)); do now=${EPOCHREALTIME/[.,]/}; done
	else
		# It reads and checks the file first, without a socket.
		for ((i = 0; i < 200000; i++)); do
			has_socket "$installer" && break
			proc_state "$installer"
			[[ $_state == [ZX] || -z $_state ]] && break
		done
	fi
	kill -STOP "$installer" 2>/dev/null
	for ((i = 0; i < 100000; i++)); do
		proc_state "$installer"
		[[ $_state == [tTZX] || -z $_state ]] && break
	done
	[[ $_state == [tT] ]] || { echo "fwadm has ended (state ${_state:-gone})"; return 1; }
	owner=$(in_ns policy verify "$EXAMPLE" 2>&1 |
		sed -n 's/.*a policy transaction is open, owned by port id \([0-9]*\)$/\1/p')
	[ -n "$owner" ] || { echo "stopped, no transaction open yet"; return 1; }
	ports=$(nl_portids "$installer")
	echo "fwadm's netlink port ids: ${ports:-none}; the open transaction's owner: $owner"
	grep -qx "$owner" <<<"$ports"
}
ip netns exec "$NS" "$FWADM" policy install "$WORK/rules.policy" >/dev/null 2>&1 &
installer=$!
wait_for "fwadm, stopped during its install, owns the open transaction" 20 installer_in_tx
run kill -KILL "$installer"
wait "$installer" 2>/dev/null
in_ns policy show >"$WORK/show-killed" 2>&1
same "the killed install committed nothing: the policy before stays" \
	"$WORK/show1" "$WORK/show-killed"
wait_for "fwadm killed during an install leaves no open transaction" 10 \
	in_ns policy install "$EXAMPLE"
in_ns policy show >"$WORK/show5" 2>&1
same "the install after it is whole" "$WORK/show1" "$WORK/show5"

# --- uninstall -------------------------------------------------------------------------------
expect_output "uninstall" '^policy uninstalled, firewall stopped$' in_ns policy uninstall
expect_output "uninstall stopped the firewall" '^firewall: stopped' in_ns chain
expect_output "show after uninstall: no policy" '^fwadm: no policy is installed$' \
	both in_ns policy show
expect_output "a second uninstall: no policy" '^fwadm: no policy is installed$' \
	both in_ns policy uninstall
expect_failure "and exits non-zero" in_ns policy uninstall

expect_success "rmmod" rmmod rampart
expect_clean_dmesg
finish
