#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send malformed and unexpected requests to the rampart generic netlink
family over a raw netlink socket and check that each is refused with the
right errno and, where the request reached rampart's policy, an extended ack
message. Prints `ok - ...` / `not ok - ...` lines; exits 1 on any failure.

  genl_probe.py                       the control plane and policy requests
  genl_probe.py conn                  CONN_GET/CONN_FLUSH filters, the events group
  genl_probe.py events-unprivileged   joining the events group is refused"""

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
RAMPART_CMD_POLICY_BEGIN = 6
RAMPART_CMD_POLICY_ADD = 7
RAMPART_CMD_POLICY_COMMIT = 8
RAMPART_CMD_POLICY_ABORT = 9
RAMPART_CMD_POLICY_GET = 10
RAMPART_CMD_POLICY_UNINSTALL = 11
RAMPART_CMD_CONN_GET = 12
RAMPART_CMD_CONN_FLUSH = 13
RAMPART_A_VERSION = 1
RAMPART_A_CONN_FILTER = 17
RAMPART_A_CONN = 18
RAMPART_A_CONN_COUNT = 19
RAMPART_A_CONN_STATS = 20
RAMPART_CF_A_FAMILY = 1
RAMPART_CF_A_ADDR = 2
RAMPART_CF_A_PREFIX_LEN = 3
RAMPART_CF_A_PORT = 4
RAMPART_CF_A_PROTO = 5
RAMPART_CF_A_SERVICE = 6
RAMPART_CF_A_STATE = 7
RAMPART_CS_A_LIMIT = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
NETLINK_ADD_MEMBERSHIP = 1
RAMPART_A_POLICY_TICKET = 9
RAMPART_A_POLICY_FLAGS = 10
RAMPART_A_POLICY_GENERATION = 11
RAMPART_A_OBJECT = 13
RAMPART_A_SERVICE = 14
RAMPART_A_RULE = 16
RAMPART_OBJ_A_NAME = 1
RAMPART_OBJ_A_KIND = 2
RAMPART_OBJ_A_ADDR = 3
RAMPART_OBJ_A_FAMILY = 5
RAMPART_OBJ_A_PREFIX_LEN = 6
RAMPART_OBJ_A_LINE = 8
RAMPART_OBJ_A_COL = 9
RAMPART_RULE_A_NUMBER = 1
RAMPART_RULE_A_ACTION = 2
RAMPART_RULE_A_FROM = 4
RAMPART_RULE_A_LINE = 10
RAMPART_RULE_A_COL = 11
RAMPART_OBJ_HOST = 1
RAMPART_OBJ_NETWORK = 2
RAMPART_ACTION_ACCEPT = 1
RAMPART_POLICY_F_VERIFY_ONLY = 1
NLMSG_DONE = 3
NLM_F_DUMP = 0x300
NLA_F_NESTED = 0x8000

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
        self.replies = []

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
                if mtype == NLMSG_DONE:
                    err = -struct.unpack_from("=i", body)[0]
                    tlv = parse_attrs(body[4:])
                    text = tlv.get(NLMSGERR_ATTR_MSG, b"").rstrip(b"\0").decode()
                    return err, text, attrs
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
                self.replies.append(body[4:])

    def genl(self, family, cmd, attrs=b"", version=1, reserved=0):
        return self.raw(family, struct.pack("=BBH", cmd, version, reserved) + attrs)

    def dump(self, family, cmd, attrs=b""):
        """A dump request; returns (errno, extack text, list of message bodies)."""
        self.replies = []
        err, text, _ = self.raw(family, struct.pack("=BBH", cmd, 1, 0) + attrs,
                                flags=NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP)
        return err, text, self.replies

    def close(self):
        self.sock.close()


def u32(v):
    return struct.pack("=I", v)


def nest(atype, data):
    return attr(atype | NLA_F_NESTED, data)


def ip4(text):
    return socket.inet_pton(socket.AF_INET, text) + b"\0" * 12


def host(name, addr, line=0):
    a = (attr(RAMPART_OBJ_A_NAME, name.encode() + b"\0") +
         attr(RAMPART_OBJ_A_KIND, bytes([RAMPART_OBJ_HOST])) +
         attr(RAMPART_OBJ_A_FAMILY, b"\4") + attr(RAMPART_OBJ_A_ADDR, ip4(addr)))
    if line:
        a += attr(RAMPART_OBJ_A_LINE, u32(line)) + attr(RAMPART_OBJ_A_COL, u32(1))
    return nest(RAMPART_A_OBJECT, a)


def network(name, addr, plen, line):
    return nest(RAMPART_A_OBJECT,
                attr(RAMPART_OBJ_A_NAME, name.encode() + b"\0") +
                attr(RAMPART_OBJ_A_KIND, bytes([RAMPART_OBJ_NETWORK])) +
                attr(RAMPART_OBJ_A_FAMILY, b"\4") + attr(RAMPART_OBJ_A_ADDR, ip4(addr)) +
                attr(RAMPART_OBJ_A_PREFIX_LEN, bytes([plen])) +
                attr(RAMPART_OBJ_A_LINE, u32(line)) + attr(RAMPART_OBJ_A_COL, u32(1)))


def rule(number, src, line):
    return nest(RAMPART_A_RULE,
                attr(RAMPART_RULE_A_NUMBER, u32(number)) +
                attr(RAMPART_RULE_A_ACTION, bytes([RAMPART_ACTION_ACCEPT])) +
                attr(RAMPART_RULE_A_FROM, src.encode() + b"\0") +
                attr(RAMPART_RULE_A_LINE, u32(line)) + attr(RAMPART_RULE_A_COL, u32(1)))


def begin(nl, fam):
    err, text, attrs = nl.genl(fam, RAMPART_CMD_POLICY_BEGIN)
    ticket = struct.unpack("=I", attrs[RAMPART_A_POLICY_TICKET])[0] \
        if not err and RAMPART_A_POLICY_TICKET in attrs else 0
    return err, text, ticket


def policy_cases(fam):
    """The policy transaction: tickets, owners, COMMIT checks, verify, dump."""
    a, b = Genl(), Genl()

    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_ADD,
                          attr(RAMPART_A_POLICY_TICKET, u32(12345)) + host("mx", "192.0.2.25"))
    report(err == errno.ENOENT and text != "", "policy add without begin is refused",
           f"errno {err} extack '{text}'")

    err, text, ticket = begin(a, fam)
    report(err == 0 and ticket != 0, "policy begin returns a ticket", f"errno {err} {text}")
    err, text, _ = b.genl(fam, RAMPART_CMD_POLICY_BEGIN)
    report(err == errno.EBUSY and "port id" in text, "a second begin is refused with EBUSY",
           f"errno {err} extack '{text}'")
    print(f"#   extack: {text}")
    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_ADD,
                          attr(RAMPART_A_POLICY_TICKET, u32(ticket ^ 1)) + host("mx", "192.0.2.25"))
    report(err == errno.ENOENT and text != "", "policy add with a bad ticket is refused",
           f"errno {err} extack '{text}'")
    err, text, _ = b.genl(fam, RAMPART_CMD_POLICY_ADD,
                          attr(RAMPART_A_POLICY_TICKET, u32(ticket)) + host("mx", "192.0.2.25"))
    report(err == errno.EPERM and text != "", "policy add from another socket is refused",
           f"errno {err} extack '{text}'")

    tk = attr(RAMPART_A_POLICY_TICKET, u32(ticket))
    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_ADD,
                          tk + host("mx", "192.0.2.25", 1) + rule(1, "nowhere", 2))
    report(err == 0, "policy add of a rule naming an undefined object passes ADD",
           f"errno {err} {text}")
    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_COMMIT,
                          tk + attr(RAMPART_A_POLICY_FLAGS, u32(RAMPART_POLICY_F_VERIFY_ONLY)))
    report(err == errno.EINVAL and text.startswith("line 2 col 1: ") and "nowhere" in text,
           "commit refuses a rule naming an undefined object, with its place",
           f"errno {err} extack '{text}'")
    print(f"#   extack: {text}")

    # A refused item poisons the transaction: only abort after it.
    err, text, ticket = begin(a, fam)
    tk = attr(RAMPART_A_POLICY_TICKET, u32(ticket))
    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_ADD, tk + network("lan", "10.1.2.3", 24, 3))
    report(err == errno.EINVAL and text.startswith("line 3 col 1: "),
           "policy add refuses a network with host bits, with its place",
           f"errno {err} extack '{text}'")
    print(f"#   extack: {text}")
    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_ADD, tk + host("mx", "192.0.2.25"))
    report(err == errno.EINVAL and text != "", "a refused add leaves only abort",
           f"errno {err} extack '{text}'")
    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_ABORT, tk)
    report(err == 0, "abort ends the transaction", f"errno {err} {text}")

    # VERIFY_ONLY checks and installs nothing.
    err, text, ticket = begin(a, fam)
    tk = attr(RAMPART_A_POLICY_TICKET, u32(ticket))
    a.genl(fam, RAMPART_CMD_POLICY_ADD, tk + host("mx", "192.0.2.25", 1) + rule(1, "mx", 2))
    err, text, _ = a.genl(fam, RAMPART_CMD_POLICY_COMMIT,
                          tk + attr(RAMPART_A_POLICY_FLAGS, u32(RAMPART_POLICY_F_VERIFY_ONLY)))
    report(err == 0, "verify-only commit of a good policy passes", f"errno {err} {text}")
    err, text, _ = a.dump(fam, RAMPART_CMD_POLICY_GET)
    report(err == errno.ENOENT, "verify-only installs nothing", f"errno {err} {text}")

    # Closing the owner's socket frees its transaction.
    c = Genl()
    err, text, ticket = begin(c, fam)
    c.close()
    err, text, ticket = begin(b, fam)
    report(err == 0, "a closed socket's transaction is freed: begin from another succeeds",
           f"errno {err} extack '{text}'")

    # Install, read back, uninstall.
    tk = attr(RAMPART_A_POLICY_TICKET, u32(ticket))
    b.genl(fam, RAMPART_CMD_POLICY_ADD, tk + host("mx", "192.0.2.25", 1) + rule(1, "mx", 2))
    err, text, _ = b.genl(fam, RAMPART_CMD_POLICY_COMMIT, tk)
    report(err == 0, "commit installs a policy", f"errno {err} {text}")
    err, text, msgs = b.dump(fam, RAMPART_CMD_POLICY_GET)
    items = [parse_attrs(m) for m in msgs]
    report(err == 0 and any(RAMPART_A_OBJECT in i for i in items) and
           any(RAMPART_A_RULE in i for i in items) and
           all(RAMPART_A_POLICY_GENERATION in i for i in items),
           "policy get sends the items back", f"errno {err} {text} {items}")
    err, text, _ = b.genl(fam, RAMPART_CMD_POLICY_UNINSTALL)
    report(err == 0, "uninstall removes the policy", f"errno {err} {text}")
    err, text, _ = b.genl(fam, RAMPART_CMD_POLICY_UNINSTALL)
    report(err == errno.ENOENT and text != "", "uninstall without a policy is refused",
           f"errno {err} {text}")
    a.close()
    b.close()


def ip6(text):
    return socket.inet_pton(socket.AF_INET6, text)


def cfilter(*attrs, nested=True):
    data = b"".join(attrs)
    return nest(RAMPART_A_CONN_FILTER, data) if nested else attr(RAMPART_A_CONN_FILTER, data)


def u8(atype, v):
    return attr(atype, bytes([v]))


def conn_cases(fam):
    """CONN_GET and CONN_FLUSH filters: accepted, and refused with a message."""
    nl = Genl()
    good = [
        ("an IPv4 network, port, protocol and state",
         cfilter(u8(RAMPART_CF_A_FAMILY, 4), attr(RAMPART_CF_A_ADDR, ip4("10.0.1.0")),
                 u8(RAMPART_CF_A_PREFIX_LEN, 24), attr(RAMPART_CF_A_PORT, struct.pack("=H", 587)),
                 u8(RAMPART_CF_A_PROTO, socket.IPPROTO_TCP), u8(RAMPART_CF_A_STATE, 3))),
        ("an IPv6 host", cfilter(u8(RAMPART_CF_A_FAMILY, 6),
                                 attr(RAMPART_CF_A_ADDR, ip6("fd00:2::2")))),
        ("a service name", cfilter(attr(RAMPART_CF_A_SERVICE, b"submission\0"))),
        ("an empty filter", cfilter()),
        ("no filter", b""),
    ]
    for desc, f in good:
        err, text, msgs = nl.dump(fam, RAMPART_CMD_CONN_GET, f)
        report(err == 0 and msgs == [], f"conn get with {desc}: empty table, no error",
               f"errno {err} extack '{text}' {len(msgs)} messages")
        err, text, attrs = nl.genl(fam, RAMPART_CMD_CONN_FLUSH, f)
        count = struct.unpack("=I", attrs[RAMPART_A_CONN_COUNT])[0] \
            if RAMPART_A_CONN_COUNT in attrs else None
        report(err == 0 and count == 0, f"conn flush with {desc} removes 0",
               f"errno {err} extack '{text}' count {count}")

    # (description, filter, the kernel's message or None for the policy's)
    bad = [
        ("an IPv4 prefix of 40 bits",
         cfilter(u8(RAMPART_CF_A_FAMILY, 4), attr(RAMPART_CF_A_ADDR, ip4("10.0.0.0")),
                 u8(RAMPART_CF_A_PREFIX_LEN, 40)),
         "filter prefix length above 32 for IPv4"),
        ("an address without a family",
         cfilter(attr(RAMPART_CF_A_ADDR, ip4("10.0.0.1"))),
         "filter address given without a family"),
        ("a prefix length without an address",
         cfilter(u8(RAMPART_CF_A_FAMILY, 4), u8(RAMPART_CF_A_PREFIX_LEN, 8)),
         "filter prefix length given without an address"),
        ("family 5", cfilter(u8(RAMPART_CF_A_FAMILY, 5)), "filter family must be 4 or 6"),
        ("an empty service name", cfilter(attr(RAMPART_CF_A_SERVICE, b"\0")),
         "filter service name is empty"),
        ("family 7", cfilter(u8(RAMPART_CF_A_FAMILY, 7)), None),
        ("an IPv6 prefix of 129 bits",
         cfilter(u8(RAMPART_CF_A_FAMILY, 6), attr(RAMPART_CF_A_ADDR, ip6("fd00::")),
                 u8(RAMPART_CF_A_PREFIX_LEN, 129)), None),
        ("a 4-byte address", cfilter(u8(RAMPART_CF_A_FAMILY, 4),
                                     attr(RAMPART_CF_A_ADDR, b"\n\0\0\1")), None),
        ("state 0", cfilter(u8(RAMPART_CF_A_STATE, 0)), None),
        ("state 10", cfilter(u8(RAMPART_CF_A_STATE, 10)), None),
        ("a 64-byte service name", cfilter(attr(RAMPART_CF_A_SERVICE, b"x" * 64 + b"\0")), None),
        ("a port as a u32", cfilter(attr(RAMPART_CF_A_PORT, u32(25))), None),
        ("an unknown filter attribute", cfilter(u8(40, 1)), None),
        ("a filter without NLA_F_NESTED", cfilter(u8(RAMPART_CF_A_FAMILY, 4), nested=False),
         None),
    ]
    for desc, f, want in bad:
        for name, call in (("get", lambda: nl.dump(fam, RAMPART_CMD_CONN_GET, f)),
                           ("flush", lambda: nl.genl(fam, RAMPART_CMD_CONN_FLUSH, f))):
            err, text, _ = call()
            # The cross-checks say EINVAL; nla_policy says ERANGE for a range.
            good = text == want and err == errno.EINVAL if want else \
                text != "" and err in (errno.EINVAL, errno.ERANGE)
            report(good,
                   f"conn {name} with {desc} is refused with a message",
                   f"errno {err} extack '{text}'")
            print(f"#   extack: {text}")

    err, text, _ = nl.genl(fam, RAMPART_CMD_CONN_GET)
    report(err == errno.EOPNOTSUPP, "conn get without NLM_F_DUMP is refused",
           f"errno {err} {text}")
    err, text, _ = nl.dump(fam, RAMPART_CMD_CONN_GET, attr(RAMPART_A_VERSION, b"x\0"))
    report(err == EINVAL_OR(err) and text != "",
           "conn get with an attribute it does not take is refused with a message",
           f"errno {err} extack '{text}'")

    err, text, attrs = nl.genl(fam, RAMPART_CMD_GET_STATS)
    cs = parse_attrs(attrs.get(RAMPART_A_CONN_STATS, b""))
    limit = struct.unpack("=I", cs[RAMPART_CS_A_LIMIT])[0] if RAMPART_CS_A_LIMIT in cs else None
    report(err == 0 and limit == 262144, "stats carry the table's limit, 262144",
           f"errno {err} {text} limit {limit}")
    nl.close()


def events_group():
    """The id of rampart's events multicast group, or None."""
    nl = Genl()
    err, _, attrs = nl.genl(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                            attr(CTRL_ATTR_FAMILY_NAME, b"rampart\0"))
    nl.close()
    if err:
        return None
    groups = attrs.get(CTRL_ATTR_MCAST_GROUPS, b"")
    while len(groups) >= 4:
        glen, _ = struct.unpack_from("=HH", groups)
        g = parse_attrs(groups[4:glen])
        if g.get(CTRL_ATTR_MCAST_GRP_NAME, b"").rstrip(b"\0") == b"events":
            return struct.unpack("=I", g[CTRL_ATTR_MCAST_GRP_ID])[0]
        groups = groups[(glen + 3) & ~3:]
    return None


def join_events(want_errno):
    """Join the events group; it must fail with want_errno (0: succeed)."""
    grp = events_group()
    report(grp is not None, "the family has a multicast group named events")
    if grp is None:
        return
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    try:
        sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, grp)
        err = 0
    except OSError as e:
        err = e.errno
    sock.close()
    what = "joins" if not want_errno else f"is refused ({errno.errorcode[want_errno]})"
    report(err == want_errno, f"a socket {what} the events group", f"errno {err}")


def main():
    if sys.argv[1:] == ["events-unprivileged"]:
        join_events(errno.EPERM)
        return 1 if failures else 0
    nl = Genl()
    err, text, attrs = nl.genl(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                               attr(CTRL_ATTR_FAMILY_NAME, b"rampart\0"))
    report(err == 0 and CTRL_ATTR_FAMILY_ID in attrs, "genl family rampart resolves",
           f"errno {err} {text}")
    if err:
        return 1
    fam = struct.unpack("=H", attrs[CTRL_ATTR_FAMILY_ID][:2])[0]
    if sys.argv[1:] == ["conn"]:
        conn_cases(fam)
        join_events(0)
        return 1 if failures else 0

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

    policy_cases(fam)

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
