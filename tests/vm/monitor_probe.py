#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""MONITOR_START and MONITOR_STOP over a raw netlink socket: every refusal
with its errno and extended ack message, one session per socket, STOP by id
from another socket, and the end of a session when its socket closes.

usage: monitor_probe.py          (as root in a namespace with rampart.ko)
       monitor_probe.py unpriv   (without CAP_NET_ADMIN: START is refused)
Prints `ok - ...` / `not ok - ...` lines; exits 1 on any failure."""

import errno
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import genl_probe as gp  # noqa: E402
from genl_probe import Genl, attr, nest, u32  # noqa: E402

# From include/uapi/linux/rampart.h
RAMPART_CMD_MONITOR_START = 15
RAMPART_CMD_MONITOR_STOP = 16
RAMPART_A_MONITOR = 22
RAMPART_A_MONITOR_ID = 23
RAMPART_A_MONITOR_STATS = 24
RAMPART_MON_A_POSITIONS = 1
RAMPART_MON_A_FILTER = 2
RAMPART_MON_A_SNAPLEN = 3
RAMPART_MON_A_FLAGS = 4
RAMPART_MS_A_RECORDS = 1
RAMPART_MS_A_LOST = 2

BPF_RET_K = 0x06
BPF_JA = 0x05


def insn(code, jt, jf, k):
    return struct.pack("=HBBI", code, jt, jf, k)


def family(nl):
    err, text, attrs = nl.genl(gp.GENL_ID_CTRL, gp.CTRL_CMD_GETFAMILY,
                               attr(gp.CTRL_ATTR_FAMILY_NAME, b"rampart\0"))
    if err:
        gp.report(False, "genl family rampart resolves", f"errno {err} {text}")
        sys.exit(1)
    return struct.unpack("=H", attrs[gp.CTRL_ATTR_FAMILY_ID][:2])[0]


def start(nl, fam, *items):
    body = nest(RAMPART_A_MONITOR, b"".join(items)) if items else b""
    err, text, attrs = nl.genl(fam, RAMPART_CMD_MONITOR_START, body)
    sid = struct.unpack("=I", attrs[RAMPART_A_MONITOR_ID])[0] \
        if not err and RAMPART_A_MONITOR_ID in attrs else 0
    return err, text, sid


def expect(desc, got, want_err, want_text=None):
    err, text = got[0], got[1]
    good = err == want_err and (want_text is None or want_text in text)
    gp.report(good, desc, f"errno {err} ({os.strerror(err) if err else 'ok'}), extack `{text}'")


def main():
    nl = Genl()
    fam = family(nl)
    if sys.argv[1:] == ["unpriv"]:
        expect("MONITOR_START without CAP_NET_ADMIN is refused", start(nl, fam), errno.EPERM)
        expect("MONITOR_STOP without CAP_NET_ADMIN is refused",
               nl.genl(fam, RAMPART_CMD_MONITOR_STOP), errno.EPERM)
        return 1 if gp.failures else 0

    pos = attr(RAMPART_MON_A_POSITIONS, u32(1))
    expect("snap length 0 is refused by the policy",
           start(nl, fam, pos, attr(RAMPART_MON_A_SNAPLEN, u32(0))), errno.ERANGE)
    expect("snap length 65536 is refused by the policy",
           start(nl, fam, pos, attr(RAMPART_MON_A_SNAPLEN, u32(65536))), errno.ERANGE)
    expect("an unknown flag is refused",
           start(nl, fam, pos, attr(RAMPART_MON_A_FLAGS, u32(8))), errno.EINVAL)
    expect("a filter shorter than one instruction is refused",
           start(nl, fam, pos, attr(RAMPART_MON_A_FILTER, b"\0" * 7)), errno.ERANGE)
    expect("a filter of 12 bytes is refused",
           start(nl, fam, pos, attr(RAMPART_MON_A_FILTER, b"\0" * 12)), errno.EINVAL,
           "whole number of BPF instructions")
    expect("a filter of 4097 instructions is refused",
           start(nl, fam, pos, attr(RAMPART_MON_A_FILTER, insn(BPF_RET_K, 0, 0, 1) * 4097)),
           errno.ERANGE)
    expect("a filter jumping past its end is refused",
           start(nl, fam, pos, attr(RAMPART_MON_A_FILTER,
                                    insn(BPF_JA, 0, 0, 5) + insn(BPF_RET_K, 0, 0, 0))),
           errno.EINVAL, "not a valid classic BPF program")
    expect("no position is refused", start(nl, fam, attr(RAMPART_MON_A_POSITIONS, u32(0))),
           errno.EINVAL, "positions must be positions of the chains")
    expect("a position outside the chains is refused",
           start(nl, fam, attr(RAMPART_MON_A_POSITIONS, u32(1 << 9))), errno.EINVAL,
           "positions must be positions of the chains")

    err, text, sid = start(nl, fam, pos, attr(RAMPART_MON_A_FILTER, insn(BPF_RET_K, 0, 0, 0)))
    gp.report(err == 0 and sid > 0, "a session starts and has an id", f"errno {err} {text}")
    expect("a second session on the same socket is refused", start(nl, fam), errno.EBUSY,
           "this socket already has a monitor session")

    other = Genl()
    expect("STOP of an id that does not exist is refused",
           other.genl(fam, RAMPART_CMD_MONITOR_STOP, attr(RAMPART_A_MONITOR_ID, u32(sid + 1000))),
           errno.ENOENT, "no monitor session with this id here")
    expect("STOP without an id on a socket without a session is refused",
           other.genl(fam, RAMPART_CMD_MONITOR_STOP), errno.ENOENT,
           "this socket has no monitor session")
    err, text, attrs = other.genl(fam, RAMPART_CMD_MONITOR_STOP,
                                  attr(RAMPART_A_MONITOR_ID, u32(sid)))
    stats = gp.parse_attrs(attrs.get(RAMPART_A_MONITOR_STATS, b""))
    gp.report(err == 0 and RAMPART_MS_A_RECORDS in stats and RAMPART_MS_A_LOST in stats,
              "STOP by id from another socket replies with the counters",
              f"errno {err} {text} {attrs}")
    expect("the stopped session is gone", nl.genl(fam, RAMPART_CMD_MONITOR_STOP),
           errno.ENOENT)

    err, text, sid = start(nl, fam)
    gp.report(err == 0 and sid > 0, "a new session on the same socket starts",
              f"errno {err} {text}")
    nl.close()
    expect("closing its socket ended the session",
           other.genl(fam, RAMPART_CMD_MONITOR_STOP, attr(RAMPART_A_MONITOR_ID, u32(sid))),
           errno.ENOENT)
    other.close()
    return 1 if gp.failures else 0


if __name__ == "__main__":
    sys.exit(main())
