#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-kernels: stock debug
# vm-plan: 26
#
# Everything that takes locks on the packet path, at once and on both CPUs:
# SMTP sessions through inspection (half of them rejected with an injected
# reply), a bidirectional iperf3 flow, policy installs that re-match those
# connections, fwadm monitor sessions opened and closed, connection dumps
# and flushes, all running together. The clients are pinned to CPU 0 and the
# servers to CPU 1, so each connection's two directions are handled in
# softirq on different CPUs. On the debug kernel, any KASAN, lockdep,
# atomic-sleep or kmemleak report fails the run.
#
#   rp-client (cl0) ---- (fw0) rp-fw (fw1) ---- (sv0) rp-server
#   CPU 0: smtp_peer.py        rampart: installs,    CPU 1: smtp-sink :25,
#   stress, iperf3 -c          monitors, dumps       iperf3 -s
#
# shellcheck source=tests/vm/rampart.sh
. "$(dirname "$0")/rampart.sh"
on_cleanup pkill -x iperf3
on_cleanup pkill -x smtp-sink

T=${TMPDIR:-/tmp}/rp-stress
rm -rf "$T"
mkdir -p "$T"
SECONDS_OF_STRESS=$((15 * RP_SLOW))

# Two policies that differ (a rule, an SMTP limit), so that each install
# re-matches every open connection onto a new rulebase and a new profile.
for v in a b; do
	{
		cat <<-EOF
			network client 10.0.1.0/24;
			network server 10.0.2.0/24;
			service smtp tcp 25;
			service iperf tcp 5201;
			service discard tcp 9;
		EOF
		if [ $v = a ]; then
			echo 'smtp guarded { verbs HELO, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; action reject; }'
		else
			echo 'smtp guarded { verbs HELO, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; max-recipients 5; action reject; }'
			echo 'rule drop from client to server service discard;'
		fi
		cat <<-EOF
			rule accept from client to server service smtp inspect guarded;
			rule accept from client to server service iperf;
		EOF
	} >"$T/policy-$v"
done

expect_success "the VM has two CPUs" test "$(nproc)" -ge 2
expect_success "insmod rampart.ko" load_rampart
topology_up
expect_output "policy a installs" 'installed' fwadm_in rp-fw policy install "$T/policy-a"
expect_output "policy b installs" 'installed' fwadm_in rp-fw policy install "$T/policy-b"

taskset -c 1 ip netns exec rp-server smtp-sink -u nobody 10.0.2.2:25 64 >"$T/sink.out" 2>&1 &
run taskset -c 1 ip netns exec rp-server iperf3 -s -D -1 -B 10.0.2.2
wait_for "smtp-sink and iperf3 listen" 20 \
	sh -c "ip netns exec rp-server ss -Hltn | grep -cE ':(25|5201) ' | grep -qx 2"

# Every drop, with its reason, and the log, for the diagnosis of a failed
# session.
ip netns exec rp-fw "$FWADM" log >"$T/log.out" 2>&1 &
ip netns exec rp-fw "$FWADM" monitor --drops --format text >"$T/drops.out" 2>"$T/drops.err" &
wait_for "a drop monitor runs" 10 grep -q '^fwadm: monitoring' "$T/drops.err"

net_rx() { awk '$1 == "NET_RX:" { print $2, $3 }' /proc/softirqs; }
read -r rx0_before rx1_before <<<"$(net_rx)"

# --- the traffic, on CPU 0 ------------------------------------------------------
taskset -c 0 ip netns exec rp-client "$PY" "$REPO/tests/vm/smtp_peer.py" stress \
	"$SECONDS_OF_STRESS" 10.0.2.2 25 guarded >"$T/smtp.out" 2>&1 &
smtp=$!
taskset -c 0 ip netns exec rp-client iperf3 -c 10.0.2.2 --bidir \
	-t $((SECONDS_OF_STRESS + 2 * RP_SLOW)) -i 0 >"$T/iperf.out" 2>&1 &
iperf=$!

# --- the control plane, racing it -----------------------------------------------
# racer NAME CMD...: run CMD again and again until $T/stop exists; one line
# per run in $T/NAME.runs ("ok", or "failed N" with CMD's output after it).
racer() {
	local name=$1 out rc
	shift
	until [ -e "$T/stop" ]; do
		out=$("$@" 2>&1)
		rc=$?
		if ((rc == 0)); then
			echo ok >>"$T/$name.runs"
		else
			printf 'failed %s: %s\n' "$rc" "${out//$'\n'/ | }" >>"$T/$name.runs"
		fi
	done
}
# installs: a then b then a ..., each one re-matching the open connections.
installs() {
	local v=a
	until [ -e "$T/stop" ]; do
		if out=$(fwadm_in rp-fw policy install "$T/policy-$v" 2>&1); then
			echo ok >>"$T/install.runs"
		else
			printf 'failed: %s\n' "${out//$'\n'/ | }" >>"$T/install.runs"
		fi
		[ $v = a ] && v=b || v=a
	done
}
# monitor_once: one monitor session of every position, 40 SMTP records, or
# until the stop, when it is ended as an admin ends it (SIGTERM: fwadm stops
# its session and exits 0).
monitor_once() {
	local pid
	ip netns exec rp-fw timeout $((10 * RP_SLOW)) "$FWADM" monitor -p all -c 40 \
		--format text 'tcp port 25' >>"$T/monitor.out" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		if [ -e "$T/stop" ]; then
			pkill -TERM -P "$pid" -x fwadm
		fi
		sleep 0.2
	done
	wait "$pid"
}
installs &
racers=($!)
racer monitor monitor_once &
racers+=($!)
racer dump fwadm_in rp-fw conn &
racers+=($!)
# flushes: the ended SMTP sessions' entries, while new ones are made.
racer flush fwadm_in rp-fw conn flush state TIME_WAIT &
racers+=($!)
racers_done() {
	local p
	for p in "${racers[@]}"; do
		! kill -0 "$p" 2>/dev/null || return 1
	done
}

runs() { grep -c . "$T/$1.runs" 2>/dev/null || echo 0; }
# all_racing: every part is running at this moment: the SMTP client and
# iperf3 have not ended, the flow's bytes grow, and each racer has finished
# at least one run.
_fw_bytes=
all_racing() {
	kill -0 "$smtp" 2>/dev/null || { echo "the SMTP client has ended"; return 1; }
	iperf_flowing "$iperf" "$T/iperf.out" || return 1
	echo "runs: install $(runs install), monitor $(runs monitor), dump $(runs dump), flush $(runs flush)"
	(($(runs install) > 0 && $(runs monitor) > 0 && $(runs dump) > 0 && $(runs flush) > 0))
}
wait_for "SMTP sessions, the flow, installs, monitors, dumps and flushes all run at once" \
	$((SECONDS_OF_STRESS / RP_SLOW)) all_racing

wait "$smtp"
smtp_rc=$?
touch "$T/stop"
wait "$iperf"
iperf_rc=$?
# The racers end after their current run.
wait_for "the racers stop after their current run" 30 racers_done
read -r rx0_after rx1_after <<<"$(net_rx)"

# --- what each part saw ---------------------------------------------------------
sed 's/^/# /' "$T/smtp.out" | tail -n 5
echo "# runs: install $(runs install), monitor $(runs monitor), dump $(runs dump), flush $(runs flush)"
if ((smtp_rc == 0)); then
	ok "every SMTP session went as the policy says: delivered, or the exact reject reply"
else
	fail "every SMTP session went as the policy says: delivered, or the exact reject reply" \
		"$(cat "$T/smtp.out")"
	for port in $(sed -n 's/^wrong .*from port \([0-9]*\) .*/\1/p' "$T/smtp.out"); do
		diag "drops of port $port:" "$(grep -F ":$port " "$T/drops.out")"
		diag "log of port $port:" "$(grep -F ":$port " "$T/log.out")"
	done
fi
expect_output "SMTP sessions of both kinds ran" '^good [1-9][0-9]* rejected [1-9]' \
	tail -n 1 "$T/smtp.out"
expect_eq "the bidirectional flow completed" 0 "$iperf_rc"
expect_output "iperf3 moved data both ways" '\[TX-C\].* sender$' cat "$T/iperf.out"
expect_output "iperf3 moved data both ways (the reverse stream)" '\[RX-C\].* receiver$' \
	cat "$T/iperf.out"
expect_ge "policy installs ran during the traffic" 2 "$(runs install)"
expect_eq "every policy install succeeded" 0 "$(grep -vc '^ok$' "$T/install.runs")"
expect_ge "monitor sessions ran during the traffic" 2 "$(runs monitor)"
# A session ends with its 40 records, or at its time limit (status 124).
expect_eq "every monitor session ended by its count or its time limit" 0 \
	"$(grep -vcE '^(ok|failed 124: .*)$' "$T/monitor.runs")"
expect_ge "the monitors recorded SMTP packets" 40 "$(grep -c ' 10\.0\.[12]\.2[:.]' "$T/monitor.out")"
expect_ge "connection dumps ran during the traffic" 2 "$(runs dump)"
expect_eq "every connection dump succeeded" 0 "$(grep -vc '^ok$' "$T/dump.runs")"
expect_ge "connection flushes ran during the traffic" 2 "$(runs flush)"
expect_eq "every connection flush succeeded" 0 "$(grep -vc '^ok$' "$T/flush.runs")"
expect_ge "CPU 0 handled packets in softirq" $((rx0_before + 100)) "$rx0_after"
expect_ge "CPU 1 handled packets in softirq" $((rx1_before + 100)) "$rx1_after"
expect_success "rmmod rampart" rmmod rampart
expect_clean_dmesg
finish
