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

# stat_of NS drop REASON | NS drops_total | NS in|out STAGE packets|bytes|drops
stat_of() {
	local ns=$1
	shift
	fwadm_in "$ns" stats --json --all | $PY -c '
import json, sys
s = json.load(sys.stdin)
a = sys.argv[1:]
if a[0] == "drop":
    print(next(d["count"] for d in s["drop_reasons"] if d["reason"] == int(a[1])))
elif a[0] == "drops_total":
    print(sum(d["count"] for d in s["drop_reasons"]))
elif a[0] == "packets_total":
    print(sum(st["packets"] for st in s["in"] + s["out"]))
else:
    print(next(st[a[2]] for st in s[a[0]] if st["name"] == a[1]))
' "$@"
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
