#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Build malformed packets with scapy and send them through the local IP
stack with raw sockets (IP_HDRINCL), so they cross netfilter's hooks.

usage: craft.py client|fw KIND COUNT [KIND COUNT ...]
Sent from the client or firewall namespace of tests/vm/lib.sh's topology
to its server."""

import socket
import struct
import sys

DST4 = "10.0.2.2"
DST6 = "fd00:2::2"
SOURCES = {"client": ("10.0.1.2", "fd00:1::2"), "fw": ("10.0.2.1", "fd00:2::1")}
SRC4, SRC6 = SOURCES["client"]


def v4(pkt):
    return 4, bytes(pkt)


def v6(pkt):
    return 6, bytes(pkt)


def csum16(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def plain_tcp(fam, sport, dport, flags, seq, ack):
    """A well-formed TCP segment without payload, built by hand (the same
    bytes scapy builds: IPv4 id 1, TTL or hop limit 64, window 8192), so
    that the kinds most tests use do without scapy's slow import."""
    src, dst = (SRC4, DST4) if fam == 4 else (SRC6, DST6)
    af = socket.AF_INET if fam == 4 else socket.AF_INET6
    s, d = socket.inet_pton(af, src), socket.inet_pton(af, dst)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 8192, 0, 0)
    if fam == 4:
        pseudo = s + d + struct.pack("!BBH", 0, 6, len(tcp))
    else:
        pseudo = s + d + struct.pack("!I3xB", len(tcp), 6)
    tcp = tcp[:16] + struct.pack("!H", csum16(pseudo + tcp)) + tcp[18:]
    if fam == 4:
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0, 64, 6, 0, s, d)
        ip = ip[:10] + struct.pack("!H", csum16(ip)) + ip[12:]
    else:
        ip = struct.pack("!IHBB16s16s", 6 << 28, len(tcp), 6, 64, s, d)
    return fam, ip + tcp


# Kinds built without scapy; the rest import it when asked for.
PLAIN = {
    # well-formed, but of no connection the firewall has ever seen
    "fin-ack-stray4": lambda: plain_tcp(4, 40999, 587, 0x11, 1000, 2000),
    "ack-stray6": lambda: plain_tcp(6, 40998, 587, 0x10, 1000, 2000),
}


def kinds():
    from scapy.layers.inet import IP, TCP, UDP, IPOption  # noqa: F401
    from scapy.layers.inet6 import IPv6  # noqa: F401
    from scapy.packet import Raw  # noqa: F401

    return {
        # TCP flags no host may send together
        "syn-fin4": lambda: v4(IP(src=SRC4, dst=DST4) / TCP(sport=40001, dport=25, flags="SF")),
        "syn-fin6": lambda: v6(IPv6(src=SRC6, dst=DST6) / TCP(sport=40001, dport=25, flags="SF")),
        "syn-rst4": lambda: v4(IP(src=SRC4, dst=DST4) / TCP(sport=40001, dport=25, flags="SR")),
        # 10 bytes of a 20-byte TCP header; the IP lengths are consistent
        "tcp-trunc4": lambda: v4(IP(src=SRC4, dst=DST4, proto=6) / Raw(bytes(TCP(sport=40001, dport=25))[:10])),
        "tcp-trunc6": lambda: v6(IPv6(src=SRC6, dst=DST6, nh=6) / Raw(bytes(TCP(sport=40001, dport=25))[:10])),
        # IHL 6 covers a timestamp option claiming 12 bytes in a 4-byte area
        "ihl-bad-opt4": lambda: v4(IP(src=SRC4, dst=DST4, ihl=6, options=[IPOption(b"\x44\x0c\x05\x00")])
                                   / TCP(sport=40001, dport=25, flags="S")),
        # payload length says 500, the packet carries 20 bytes
        "plen6": lambda: v6(IPv6(src=SRC6, dst=DST6, plen=500) / TCP(sport=40001, dport=25, flags="S")),
        "port0-4": lambda: v4(IP(src=SRC4, dst=DST4) / TCP(sport=0, dport=25, flags="S")),
        "udp-port0-6": lambda: v6(IPv6(src=SRC6, dst=DST6) / UDP(sport=5000, dport=0)),
    }


def main(argv):
    global SRC4, SRC6
    if not argv or argv[0] not in SOURCES or len(argv) < 3 or len(argv) % 2 == 0:
        print(__doc__.strip(), file=sys.stderr)
        print("kinds: " + " ".join(sorted({**kinds(), **PLAIN})), file=sys.stderr)
        return 2
    SRC4, SRC6 = SOURCES[argv[0]]
    argv = argv[1:]
    wanted = argv[::2]
    table = PLAIN if all(k in PLAIN for k in wanted) else {**kinds(), **PLAIN}
    if len(argv) < 2 or len(argv) % 2:
        print(__doc__.strip(), file=sys.stderr)
        print("kinds: " + " ".join(sorted(table)), file=sys.stderr)
        return 2
    s4 = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s6 = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    for kind, count in zip(argv[::2], argv[1::2]):
        if kind not in table:
            print(f"craft.py: unknown kind `{kind}'", file=sys.stderr)
            return 2
        fam, data = table[kind]()
        refused = 0
        for _ in range(int(count)):
            try:
                if fam == 4:
                    s4.sendto(data, (DST4, 0))
                else:
                    s6.sendto(data, (DST6, 0))
            except PermissionError:
                # A netfilter drop of a locally built packet reports EPERM.
                refused += 1
        note = f", {refused} refused with EPERM by a local hook" if refused else ""
        print(f"# sent {count} x {kind} ({len(data)} bytes{note}): {data.hex()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
