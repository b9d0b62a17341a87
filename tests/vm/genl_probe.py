#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send malformed and unexpected requests to the rampart generic netlink
family over a raw netlink socket and check that each is refused with the
right errno and, where the request reached rampart's policy, an extended ack
message. Prints `ok - ...` / `not ok - ...` lines; exits 1 on any failure."""

import errno
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NLMSG_ERROR = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2

# From include/uapi/linux/rampart.h
RAMPART_CMD_GET_VERSION = 1
RAMPART_CMD_GET_CHAIN = 2
RAMPART_CMD_GET_STATS = 3
RAMPART_CMD_START = 4
RAMPART_CMD_STOP = 5
RAMPART_A_VERSION = 1

failures = 0
seq = 0


def report(good, desc, diag=""):
    global failures
    print(("ok - " if good else "not ok - ") + desc, flush=True)
    if not good:
        failures += 1
        if diag:
            print("# " + diag, flush=True)


def attr(atype, data):
    hdr = struct.pack("=HH", 4 + len(data), atype)
    return hdr + data + b"\0" * ((4 - len(data) % 4) % 4)


def parse_attrs(buf):
    out = {}
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("=HH", buf)
        if alen < 4 or alen > len(buf):
            break
        out[atype & 0x3fff] = buf[4:alen]
        buf = buf[(alen + 3) & ~3:]
    return out


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.bind((0, 0))
        self.sock.settimeout(10)

    def raw(self, msg_type, payload, flags=NLM_F_REQUEST | NLM_F_ACK, length=None):
        """Send one message; return (errno, extack text, reply attrs)."""
        global seq
        seq += 1
        nlen = 16 + len(payload) if length is None else length
        self.sock.send(struct.pack("=IHHII", nlen, msg_type, flags, seq, 0) + payload)
        attrs = {}
        while True:
            data = self.sock.recv(65536)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype, mflags, mseq, _ = struct.unpack_from("=IHHII", data, off)
                body = data[off + 16:off + mlen]
                off += (mlen + 3) & ~3
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", body)[0]
                    text = ""
                    if mflags & NLM_F_ACK_TLVS:
                        inner = 4 + 16
                        if not mflags & NLM_F_CAPPED:
                            inner = 4 + struct.unpack_from("=I", body, 4)[0]
                        tlv = parse_attrs(body[(inner + 3) & ~3:])
                        if NLMSGERR_ATTR_MSG in tlv:
                            text = tlv[NLMSGERR_ATTR_MSG].rstrip(b"\0").decode()
                    return err, text, attrs
                attrs = parse_attrs(body[4:])

    def genl(self, family, cmd, attrs=b"", version=1, reserved=0):
        return self.raw(family, struct.pack("=BBH", cmd, version, reserved) + attrs)


def main():
    nl = Genl()
    err, text, attrs = nl.genl(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                               attr(CTRL_ATTR_FAMILY_NAME, b"rampart\0"))
    report(err == 0 and CTRL_ATTR_FAMILY_ID in attrs, "genl family rampart resolves",
           f"errno {err} {text}")
    if err:
        return 1
    fam = struct.unpack("=H", attrs[CTRL_ATTR_FAMILY_ID][:2])[0]

    err, text, attrs = nl.genl(fam, RAMPART_CMD_GET_VERSION)
    report(err == 0 and RAMPART_A_VERSION in attrs, "version request answered",
           f"errno {err} {text}")

    for cmd, name in ((RAMPART_CMD_GET_STATS, "stats"), (RAMPART_CMD_START, "start"),
                      (RAMPART_CMD_STOP, "stop"), (RAMPART_CMD_GET_CHAIN, "chain")):
        err, text, _ = nl.genl(fam, cmd, attr(1000, b"\1\0\0\0"))
        report(err == errno.EINVAL and text != "",
               f"{name} with an unknown attribute type is refused with a message",
               f"errno {err} extack '{text}'")
        print(f"#   extack: {text}")
        err, text, _ = nl.genl(fam, cmd, attr(RAMPART_A_VERSION, b"x\0"))
        report(err == EINVAL_OR(err) and text != "",
               f"{name} with an attribute it does not take is refused with a message",
               f"errno {err} extack '{text}'")
        print(f"#   extack: {text}")

    err, text, _ = nl.genl(fam, 99)
    report(err == errno.EOPNOTSUPP, "unknown command is refused", f"errno {err} {text}")

    # An attribute whose length runs past the end of the message.
    err, text, _ = nl.genl(fam, RAMPART_CMD_GET_STATS, struct.pack("=HH", 200, 1) + b"abcd")
    report(err == errno.EINVAL, "attribute longer than the message is refused",
           f"errno {err} {text}")

    # A message too short to hold the generic netlink header.
    err, text, _ = nl.raw(fam, b"\x03\x01")
    report(err == errno.EINVAL, "message without a genl header is refused",
           f"errno {err} {text}")

    # The module still answers after all that.
    err, text, attrs = nl.genl(fam, RAMPART_CMD_GET_VERSION)
    report(err == 0 and RAMPART_A_VERSION in attrs, "version request still answered",
           f"errno {err} {text}")
    return 1 if failures else 0


def EINVAL_OR(err):
    # A known attribute a request does not take is refused by the strict
    # policy as unsupported: EINVAL on 6.1, EOPNOTSUPP on some kernels.
    return err if err in (errno.EINVAL, errno.EOPNOTSUPP) else errno.EINVAL


if __name__ == "__main__":
    sys.exit(main())
