# shellcheck shell=bash
# Helpers for the VM tests in tests/vm/*.sh (run them with scripts/vm).
#
# Test network built by topology_up (three network namespaces, two veth
# pairs, the firewall namespace forwards between them):
#
#      rp-client                    rp-fw                      rp-server
#  +---------------+     +--------------------------+     +---------------+
#  |           cl0 |-----| fw0                  fw1 |-----| sv0           |
#  |   10.0.1.2/24 |     | 10.0.1.1/24  10.0.2.1/24 |     | 10.0.2.2/24   |
#  |  fd00:1::2/64 |     | fd00:1::1/64 fd00:2::1/64|     | fd00:2::2/64  |
#  +---------------+     +--------------------------+     +---------------+
#   default via            ip_forward=1,                   default via
#   10.0.1.1 / fd00:1::1   ipv6 forwarding=1               10.0.2.1 / fd00:2::1
#
# Usage in a test script:
#   . "$(dirname "$0")/lib.sh"
#   topology_up
#   expect_success "ping server" in_client ping -c1 -W2 10.0.2.2
#   finish
#
# Assertions print TAP-like lines, "ok - DESC" or "not ok - DESC" followed by
# "# ..." diagnostics, count them, and return 0 (pass) or 1 (fail), so do not
# run tests under `set -e`. `finish` prints "# N passed, M failed" and exits
# 1 if anything failed. Sourcing this file installs an EXIT trap (`cleanup`)
# that runs the hooks registered with on_cleanup, kills background jobs of
# the script and deletes the namespaces created here; use on_cleanup rather
# than your own EXIT trap.

RP_NS_CLIENT=rp-client
RP_NS_FW=rp-fw
RP_NS_SERVER=rp-server
RP_CLIENT4=10.0.1.2 RP_FW_IN4=10.0.1.1 RP_FW_OUT4=10.0.2.1 RP_SERVER4=10.0.2.2
RP_CLIENT6=fd00:1::2 RP_FW_IN6=fd00:1::1 RP_FW_OUT6=fd00:2::1 RP_SERVER6=fd00:2::2

# How much slower than the stock kernel the kernel under test runs: the
# debug kernel (KASAN, lockdep, kmemleak under TCG) takes several times as
# long for everything. wait_for stretches its time limits by this factor;
# tests use it for durations that must overlap a slow step.
RP_SLOW=1
[ "${RAMPART_KERNEL:-stock}" = debug ] && RP_SLOW=4

_lib_passed=0
_lib_failed=0
_lib_skipped=0
_lib_finished=0
_lib_netns=()
_lib_hooks=()
_lib_out=    # output of the last command run by an expect_*/wait_for helper
_lib_rc=0    # its exit status

# vm_plan FILE [KERNEL]: the number of checks FILE declares on its
# "# vm-plan:" line for KERNEL (default: the kernel under test), empty when
# it declares none. The line is "# vm-plan: N" or, when the kernels run
# different checks, "# vm-plan: stock N, debug M"; a remark in parentheses
# may follow. scripts/check reads the same line, so that checks which never
# ran (a test that died, a VM that panicked) count as failures.
vm_plan() {
	local line kernel=${2:-${RAMPART_KERNEL:-stock}}
	line=$(sed -n 's/^# vm-plan: *\([^(]*\).*/\1/p' "$1" 2>/dev/null | head -n 1)
	if [[ $line =~ ^[[:space:]]*([0-9]+)[[:space:]]*$ ]]; then
		echo "${BASH_REMATCH[1]}"
	elif [[ $line =~ (^|[ ,])$kernel[[:space:]]+([0-9]+) ]]; then
		echo "${BASH_REMATCH[2]}"
	fi
}

# The plan of the test that sourced this file, printed TAP style ("1..N").
_lib_plan=$(vm_plan "$0")
[[ -z $_lib_plan ]] || echo "1..$_lib_plan"

# diag MSG...: print each argument (and each line of it) as a "# " line.
diag() {
	local line
	for line in "$@"; do
		while IFS= read -r line; do echo "# $line"; done <<<"$line"
	done
}

# Where the current assertion was called from (file:line of the test).
_lib_where() {
	local i
	for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
		if [[ ${BASH_SOURCE[i]} != "${BASH_SOURCE[0]}" ]]; then
			echo "${BASH_SOURCE[i]}:${BASH_LINENO[i - 1]}"
			return
		fi
	done
	echo "?"
}

# With RAMPART_TIMES=1, each result line is followed by the seconds since
# the one before (where a test's time goes).
_lib_last=$EPOCHREALTIME
_lib_time() {
	[[ ${RAMPART_TIMES:-} == 1 ]] || return 0
	local now=$EPOCHREALTIME
	awk -v a="$_lib_last" -v b="$now" 'BEGIN { printf "# time %.1f s\n", b - a }'
	_lib_last=$now
}

# ok DESC: record a pass.
ok() {
	_lib_passed=$((_lib_passed + 1))
	echo "ok - $1"
	_lib_time
	return 0
}

# fail DESC [DIAG...]: record a failure, with diagnostics.
fail() {
	local desc=$1
	shift
	_lib_failed=$((_lib_failed + 1))
	echo "not ok - $desc"
	diag "failed at $(_lib_where)" "$@"
	_lib_time
	return 1
}

# skip DESC REASON: record a skipped check.
skip() {
	_lib_skipped=$((_lib_skipped + 1))
	echo "ok - $1 # SKIP ${2:-}"
	return 0
}

# _lib_cmd CMD...: the command line, shell-quoted.
_lib_cmd() {
	local out
	printf -v out ' %q' "$@"
	echo "${out# }"
}

# run CMD...: print "# + CMD", then run it (its output is not captured).
run() {
	echo "# + $(_lib_cmd "$@")"
	"$@"
}

# Run CMD capturing stdout+stderr into _lib_out and the status in _lib_rc.
# CMD runs in the current shell (not a subshell), so a shell function used
# as CMD can keep state between wait_for polls.
_lib_capture() {
	[[ -n ${_lib_tmp:-} ]] || _lib_tmp=$(mktemp "${TMPDIR:-/tmp}/rp-lib.XXXXXX")
	"$@" >"$_lib_tmp" 2>&1 </dev/null
	_lib_rc=$?
	_lib_out=$(<"$_lib_tmp")
}

_lib_fail_cmd() {
	local desc=$1 why=$2
	shift 2
	if [[ -n $_lib_out ]]; then
		fail "$desc" "command: $(_lib_cmd "$@")" "$why" \
			"output (last 20 lines):" "$(tail -n 20 <<<"$_lib_out")"
	else
		fail "$desc" "command: $(_lib_cmd "$@")" "$why" "(no output)"
	fi
}

# expect_success DESC CMD...: CMD must exit 0.
expect_success() {
	local desc=$1
	shift
	_lib_capture "$@"
	if ((_lib_rc == 0)); then
		ok "$desc"
	else
		_lib_fail_cmd "$desc" "exit status $_lib_rc, expected 0" "$@"
	fi
}

# expect_failure DESC CMD...: CMD must exit non-zero.
expect_failure() {
	local desc=$1
	shift
	_lib_capture "$@"
	if ((_lib_rc != 0)); then
		ok "$desc"
	else
		_lib_fail_cmd "$desc" "exit status 0, expected failure" "$@"
	fi
}

# expect_output DESC REGEX CMD...: CMD's stdout+stderr must match the
# extended regex REGEX (on some line). The exit status is not checked.
expect_output() {
	local desc=$1 regex=$2
	shift 2
	_lib_capture "$@"
	if grep -Eq -- "$regex" <<<"$_lib_out"; then
		ok "$desc"
	else
		_lib_fail_cmd "$desc" "output does not match /$regex/ (exit status $_lib_rc)" "$@"
	fi
}

# wait_for DESC TIMEOUT CMD...: run CMD every 0.2 s until it exits 0, for at
# most TIMEOUT seconds (may be fractional) times RP_SLOW.
wait_for() {
	local desc=$1 timeout=$2 now deadline
	shift 2
	deadline=$(_lib_usecs)
	deadline=$((deadline + $(_lib_to_usecs "$timeout") * RP_SLOW))
	timeout=$(_lib_times_slow "$timeout")
	while :; do
		_lib_capture "$@"
		((_lib_rc == 0)) && {
			ok "$desc"
			return 0
		}
		now=$(_lib_usecs)
		((now < deadline)) || break
		sleep 0.2
	done
	_lib_fail_cmd "$desc" "still failing after ${timeout}s (exit status $_lib_rc)" "$@"
}

_lib_times_slow() {
	if ((RP_SLOW == 1)); then echo "$1"; else echo "$1*$RP_SLOW"; fi
}

_lib_usecs() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "${t:-$(($(date +%s) * 1000000))}"
}

_lib_to_usecs() {
	local int=${1%%.*} frac=
	[[ $1 == *.* ]] && frac=${1#*.}
	frac=${frac}000000
	echo $((10#${int:-0} * 1000000 + 10#${frac:0:6}))
}

# run_probe DESC CMD...: run a probe program that prints its own "ok - " and
# "not ok - " lines (they are passed on and counted here, as the test's
# checks), then check as DESC that it exited 0: a probe that raises or
# exits early has not passed, whatever it printed.
run_probe() {
	local desc=$1 line rc
	shift
	echo "# + $(_lib_cmd "$@")"
	_lib_capture "$@"
	rc=$_lib_rc
	while IFS= read -r line; do
		echo "$line"
		case $line in
		"ok - "*) _lib_passed=$((_lib_passed + 1)) ;;
		"not ok - "*) _lib_failed=$((_lib_failed + 1)) ;;
		esac
	done <<<"$_lib_out"
	if ((rc == 0)); then
		ok "$desc"
	else
		fail "$desc" "exit status $rc"
	fi
}

# on_cleanup CMD...: run CMD when the script exits (last registered first).
on_cleanup() {
	_lib_hooks+=("$(_lib_cmd "$@")")
}

# cleanup: the EXIT trap. Safe to call more than once.
cleanup() {
	local i pids
	for ((i = ${#_lib_hooks[@]} - 1; i >= 0; i--)); do
		eval "${_lib_hooks[i]}" >/dev/null 2>&1 || true
	done
	_lib_hooks=()
	pids=$(jobs -p)
	if [[ -n $pids ]]; then
		# shellcheck disable=SC2086
		kill $pids 2>/dev/null
		wait 2>/dev/null
	fi
	for i in "${_lib_netns[@]}"; do
		ip netns del "$i" 2>/dev/null
	done
	_lib_netns=()
	[[ -z ${_lib_tmp:-} ]] || rm -f "$_lib_tmp"
	((_lib_finished)) ||
		echo "# ended before finish, after $((_lib_passed + _lib_failed + _lib_skipped)) checks"
	_lib_finished=1
	return 0
}
trap cleanup EXIT

# finish: print the summary and exit (1 if anything failed, or if the number
# of checks run is not the plan's). A test that stops early on purpose
# (its peers did not start) calls finish too: the checks it did not run are
# missing, and scripts/check counts each of them as a failure.
finish() {
	local skipped= ran
	((_lib_skipped)) && skipped=", $_lib_skipped skipped"
	echo "# $_lib_passed passed, $_lib_failed failed$skipped"
	_lib_finished=1
	ran=$((_lib_passed + _lib_failed + _lib_skipped))
	if [[ -n $_lib_plan ]] && ((ran != _lib_plan)); then
		echo "# planned $_lib_plan checks, ran $ran"
		exit 1
	fi
	((_lib_failed == 0 && _lib_skipped == 0)) || exit 1
	exit 0
}

# netns_add NAME: create a network namespace (deleted by cleanup), lo up,
# no duplicate address detection on its interfaces.
netns_add() {
	ip netns del "$1" 2>/dev/null
	ip netns add "$1" || return 1
	_lib_netns+=("$1")
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.accept_dad=0
}

in_client() { ip netns exec "$RP_NS_CLIENT" "$@"; }
in_fw() { ip netns exec "$RP_NS_FW" "$@"; }
in_server() { ip netns exec "$RP_NS_SERVER" "$@"; }

# _lib_veth NS_A DEV_A NS_B DEV_B: a veth pair between two namespaces.
_lib_veth() {
	ip link add "$2" type veth peer name "$4" &&
		ip link set "$2" netns "$1" &&
		ip link set "$4" netns "$3"
}

# _lib_addr NS DEV ADDR4 ADDR6: addresses, then link up.
_lib_addr() {
	ip -n "$1" addr add "$3" dev "$2" &&
		ip -n "$1" addr add "$4" dev "$2" nodad &&
		ip -n "$1" link set "$2" up
}

# topology_up: build the three-namespace topology drawn at the top. A
# process start costs about a second on the emulated debug kernel, so the
# topology takes 7 of them, not 35: one `ip -batch' adds the namespaces,
# then a shell in each turns duplicate address detection off before any
# veth exists, and one `ip -batch' per namespace configures it (the
# firewall's creates both pairs, their peers straight in the client's and
# the server's namespaces).
topology_up() {
	local ns
	topology_down
	{
		printf 'netns add %s\n' "$RP_NS_CLIENT" "$RP_NS_FW" "$RP_NS_SERVER" | ip -batch - &&
			_lib_netns+=("$RP_NS_CLIENT" "$RP_NS_FW" "$RP_NS_SERVER") &&
			for ns in "$RP_NS_CLIENT" "$RP_NS_SERVER" "$RP_NS_FW"; do
				ip netns exec "$ns" sh -c "$_lib_nodad" || return 1
			done &&
			ip -n "$RP_NS_FW" -batch - <<-END &&
				link set lo up
				link add fw0 type veth peer name cl0 netns $RP_NS_CLIENT
				link add fw1 type veth peer name sv0 netns $RP_NS_SERVER
				addr add $RP_FW_IN4/24 dev fw0
				addr add $RP_FW_IN6/64 dev fw0 nodad
				addr add $RP_FW_OUT4/24 dev fw1
				addr add $RP_FW_OUT6/64 dev fw1 nodad
				link set fw0 up
				link set fw1 up
			END
			_lib_side "$RP_NS_CLIENT" cl0 "$RP_CLIENT4" "$RP_CLIENT6" "$RP_FW_IN4" "$RP_FW_IN6" &&
			_lib_side "$RP_NS_SERVER" sv0 "$RP_SERVER4" "$RP_SERVER6" "$RP_FW_OUT4" "$RP_FW_OUT6" &&
			in_fw sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward &&
				echo 1 >/proc/sys/net/ipv6/conf/all/forwarding'
	} || {
		fail "topology_up" "could not build the test topology"
		return 1
	}
}

# What netns_add sets in a new namespace, as a command of a shell in it.
_lib_nodad='echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad &&
	echo 0 >/proc/sys/net/ipv6/conf/all/accept_dad'

# _lib_side NS DEV ADDR4 ADDR6 GW4 GW6: an end host of the topology.
_lib_side() {
	ip -n "$1" -batch - <<-END
		link set lo up
		addr add $3/24 dev $2
		addr add $4/64 dev $2 nodad
		link set $2 up
		route add default via $5
		route add ::/0 via $6
	END
}

# topology_down: delete the topology's namespaces (and so its veths).
topology_down() {
	printf 'netns del %s\n' "$RP_NS_CLIENT" "$RP_NS_FW" "$RP_NS_SERVER" |
		ip -force -batch - >/dev/null 2>&1
	return 0
}
