#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock
# vm-plan: 32
#
# The fwadm package at work: its .deb (from make deb, build/deb) unpacked in
# a throwaway root, and rampart.service's own commands, read from the
# packaged unit, run as systemd would run them, with /usr/sbin/fwadm,
# /etc/rampart/policy and modprobe's module tree and configuration pointed
# into that root (the VM's root is the host's, read-only):
#
#   $ROOT/usr/sbin/fwadm                    from the package
#   $ROOT/etc/rampart/policy                the packaged example policy
#   $ROOT/etc/modprobe.d/rampart.conf       the packaged snippet, one option set
#   $ROOT/lib/modules/KVER/updates/dkms/    rampart.ko as dkms built it
#                                           (tests/pkg/run), else the tree's
#
# The firewall comes up in the VM's initial namespace, as the unit brings
# it up on a host; rampart-log.service's command is run too, against a
# stand-in for /dev/log, and one ping from a namespace is logged.
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"

VERSION=$(cat "$REPO/VERSION")
KVER=$(uname -r)
ROOT=$(mktemp -d)
on_cleanup rm -rf "$ROOT"
on_cleanup rmmod rampart
DEB=$(ls "$REPO"/build/deb/fwadm_"$VERSION"_*.deb 2>/dev/null | head -n 1)
if [ -z "$DEB" ]; then
	fail "the fwadm package is built" "no build/deb/fwadm_${VERSION}_*.deb: run make deb"
	finish
fi
expect_success "dpkg-deb -x $(basename "$DEB") into a throwaway root" dpkg-deb -x "$DEB" "$ROOT"
UNIT=$ROOT/lib/systemd/system/rampart.service
expect_success "the package has rampart.service" test -f "$UNIT"

# The module where dkms installs it, beside the kernel's own modules.
KO=$REPO/build/pkg-test/dkms/rampart/$VERSION/$KVER/$(uname -m)/module/rampart.ko
[ -f "$KO" ] || KO=$KO_DIR/rampart.ko
diag "module: $KO"
MODDIR=$ROOT/lib/modules/$KVER
mkdir -p "$MODDIR/updates/dkms"
cp "$KO" "$MODDIR/updates/dkms/"
# Beside it, the kernel's modules it needs (modinfo's depends, and theirs,
# as the kernel's own modules.dep lists them), linked from the kernel's
# tree: depmod then reads those few, not every module of the kernel (which
# takes minutes over the VM's 9p root).
mod_closure() {
	local todo name path dep seen=" "
	todo=$(modinfo -F depends "$KO" | tr ',' ' ')
	while [ -n "${todo// /}" ]; do
		read -r name todo <<<"$todo"
		[[ $seen == *" $name "* ]] && continue
		seen+="$name "
		path=$(grep -E "(^|/)${name//_/[_-]}\.ko(\.[a-z]+)?:" "/lib/modules/$KVER/modules.dep" | head -n 1)
		[ -n "$path" ] || { echo "no $name in modules.dep" >&2; return 1; }
		echo "${path%%:*}"
		for dep in ${path#*:}; do
			dep=${dep##*/}
			todo+=" ${dep%%.ko*}"
		done
	done
}
closure=$(mod_closure)
expect_success "the kernel's modules.dep lists rampart's dependencies" test -n "$closure"
for f in $closure; do
	mkdir -p "$MODDIR/$(dirname "$f")"
	ln -s "/lib/modules/$KVER/$f" "$MODDIR/$f"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -f "/lib/modules/$KVER/$f" ] && cp "/lib/modules/$KVER/$f" "$MODDIR/"
done
expect_success "depmod -b ROOT $KVER" depmod -b "$ROOT" "$KVER"

cp "$ROOT/usr/share/doc/fwadm/examples/mail-gateway.policy" "$ROOT/etc/rampart/policy"
sed -i 's/^#options rampart .*/options rampart max_connections=4096/' \
	"$ROOT/etc/modprobe.d/rampart.conf"
expect_success "the packaged modprobe.d snippet takes an option" \
	grep -qx 'options rampart max_connections=4096' "$ROOT/etc/modprobe.d/rampart.conf"

# unit_cmd KEY [N]: the Nth (from 1) KEY= command line of the packaged unit,
# its paths pointed into $ROOT.
unit_cmd() {
	grep "^$1=" "$UNIT" | sed -n "${2:-1}p" | sed \
		-e "s|^$1=||" \
		-e "s|^/sbin/modprobe |modprobe -d $ROOT -C $ROOT/etc/modprobe.d |" \
		-e "s|/usr/sbin/fwadm|$ROOT/usr/sbin/fwadm|g" \
		-e "s|/etc/rampart/policy|$ROOT/etc/rampart/policy|g"
}
# unit_run DESC KEY [N]: run that command as systemd does (split at spaces;
# the unit's commands have no quoting), expect it to succeed.
unit_run() {
	local cmd
	cmd=$(unit_cmd "$2" "${3:-1}")
	[ -n "$cmd" ] || { fail "$1" "no $2 #${3:-1} in rampart.service"; return 1; }
	# shellcheck disable=SC2086
	expect_success "$1: $2=${cmd//$ROOT/ROOT}" $cmd
}
fwadm() { "$ROOT/usr/sbin/fwadm" "$@"; }

# --- start ----------------------------------------------------------------
unit_run "start: load the module" ExecStartPre 1
expect_success "rampart is loaded" test -d /sys/module/rampart
expect_output "... with the option of /etc/modprobe.d/rampart.conf" '^4096$' \
	cat /sys/module/rampart/parameters/max_connections
expect_output "fwadm version: fwadm and rampart.ko say $VERSION" \
	"^rampart.ko $VERSION " fwadm version
unit_run "start: verify the policy" ExecStartPre 2
# shellcheck disable=SC2046
out=$($(unit_cmd ExecStartPre 2) 2>&1)
if [[ $out == *": OK" && $out != *"only the local checks ran"* ]]; then
	ok "... with the module's checks too: OK"
else
	fail "... with the module's checks too: OK" "$out"
fi
unit_run "start: install the policy" ExecStart
expect_output "the firewall is started" '^firewall: started' fwadm chain
fwadm policy format "$ROOT/etc/rampart/policy" >"$ROOT/want.txt" 2>&1
fwadm policy show >"$ROOT/got.txt" 2>&1
expect_success "the installed policy is /etc/rampart/policy" cmp -s "$ROOT/want.txt" "$ROOT/got.txt"

# --- rampart-log.service: the log in syslog ---------------------------------
# A stand-in for journald's /dev/log records what fwadm log --syslog sends;
# a ping from a namespace behind a veth (loopback traffic always passes),
# which no rule of the example accepts, is dropped by its last rule,
# `drop ... track log' (rule 9):
#
#   initial namespace (the firewall)          rp-pkg
#   rp-pkg0 203.0.113.1/24  <------ veth ----> rp-pkg1 203.0.113.2/24
netns_add rp-pkg
on_cleanup ip link del rp-pkg0
run ip link add rp-pkg0 type veth peer name rp-pkg1 netns rp-pkg
run ip addr add 203.0.113.1/24 dev rp-pkg0
run ip link set rp-pkg0 up
run ip -n rp-pkg addr add 203.0.113.2/24 dev rp-pkg1
run ip -n rp-pkg link set rp-pkg1 up
LOGUNIT=$ROOT/lib/systemd/system/rampart-log.service
SYSLOG=$ROOT/syslog.txt
$PY -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
s.settimeout(120)
with open(sys.argv[1], "wb", buffering=0) as f:
    while True:
        f.write(s.recv(65536) + b"\n")
' "$SYSLOG" &
on_cleanup rm -f /dev/log
# python3 starts slowly over 9p under emulation.
wait_for "a syslog socket listens on /dev/log" 60 test -S /dev/log
logcmd=$(grep '^ExecStart=' "$LOGUNIT" | sed -e 's|^ExecStart=||' -e "s|/usr/sbin/fwadm|$ROOT/usr/sbin/fwadm|")
diag "rampart-log.service: ExecStart=${logcmd//$ROOT/ROOT}"
# shellcheck disable=SC2086
$logcmd >"$ROOT/log-stdout.txt" 2>&1 &
logpid=$!
# Until fwadm log has joined the events group, a drop is not reported:
# ping again until one is.
PING=(ping)
command -v ping >/dev/null || PING=(busybox ping)
wait_for "rampart-log.service's command sends the drop to syslog" 20 \
	sh -c "ip netns exec rp-pkg ${PING[*]} -c 1 -W 1 203.0.113.1 >/dev/null 2>&1; grep -q ' drop rule 9 ' '$SYSLOG'"
expect_output "... as daemon.warning, tagged fwadm" '^<28>.*fwadm\[[0-9]*\]: drop rule 9 in rp-pkg0 .*icmp 203\.0\.113\.2 -> 203\.0\.113\.1' \
	cat "$SYSLOG"
diag "$(cat "$SYSLOG")"
kill "$logpid" 2>/dev/null
wait "$logpid" 2>/dev/null
expect_success "... and writes nothing to standard output" test ! -s "$ROOT/log-stdout.txt"

# --- a policy that does not verify ----------------------------------------
cp "$ROOT/etc/rampart/policy" "$ROOT/good.policy"
printf 'rule accept from nowhere to any service any;\n' >>"$ROOT/etc/rampart/policy"
# shellcheck disable=SC2046
expect_failure "a broken policy fails ExecStartPre's verify" $(unit_cmd ExecStartPre 2)
expect_output "... and says where" 'policy:[0-9]*:18-24: error: unknown object' \
	$(unit_cmd ExecStartPre 2)
# shellcheck disable=SC2046
expect_failure "reload with the broken policy fails" $(unit_cmd ExecReload)
fwadm policy show >"$ROOT/got.txt" 2>&1
expect_success "... and the policy installed before stays" cmp -s "$ROOT/want.txt" "$ROOT/got.txt"
expect_output "... and the firewall stays started" '^firewall: started' fwadm chain

# --- stop -------------------------------------------------------------------
unit_run "stop: uninstall the policy" ExecStop
expect_output "the firewall is stopped" '^firewall: stopped' fwadm chain
expect_failure "no policy is installed" fwadm policy show

# --- start again with the broken policy: systemd stops at ExecStartPre ------
# shellcheck disable=SC2046
expect_failure "start with the broken policy fails at verify" $(unit_cmd ExecStartPre 2)
expect_failure "... so nothing is installed" fwadm policy show
cp "$ROOT/good.policy" "$ROOT/etc/rampart/policy"
unit_run "start with the policy fixed: verify" ExecStartPre 2
unit_run "start with the policy fixed: install" ExecStart
expect_output "the firewall is started again" '^firewall: started' fwadm chain
unit_run "stop" ExecStop

finish
