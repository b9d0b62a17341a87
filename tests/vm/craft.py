#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Build malformed packets with scapy and send them through the local IP
stack with raw sockets (IP_HDRINCL), so they cross netfilter's hooks.

usage: craft.py client|fw KIND COUNT [KIND COUNT ...]
Sent from the client or firewall namespace of tests/vm/lib.sh's topology
to its server."""

import socket
import sys

from scapy.layers.inet import IP, TCP, UDP, IPOption
from scapy.layers.inet6 import IPv6
from scapy.packet import Raw

DST4 = "10.0.2.2"
DST6 = "fd00:2::2"
SOURCES = {"client": ("10.0.1.2", "fd00:1::2"), "fw": ("10.0.2.1", "fd00:2::1")}
SRC4, SRC6 = SOURCES["client"]


def v4(pkt):
    return 4, bytes(pkt)


def v6(pkt):
    return 6, bytes(pkt)


def kinds():
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
        # well-formed, but of no connection the firewall has ever seen
        "fin-ack-stray4": lambda: v4(IP(src=SRC4, dst=DST4)
                                     / TCP(sport=40999, dport=587, flags="FA", seq=1000, ack=2000)),
        "ack-stray6": lambda: v6(IPv6(src=SRC6, dst=DST6)
                                 / TCP(sport=40998, dport=587, flags="A", seq=1000, ack=2000)),
    }


def main(argv):
    global SRC4, SRC6
    if not argv or argv[0] not in SOURCES or len(argv) < 3 or len(argv) % 2 == 0:
        print(__doc__.strip(), file=sys.stderr)
        print("kinds: " + " ".join(sorted(kinds())), file=sys.stderr)
        return 2
    SRC4, SRC6 = SOURCES[argv[0]]
    argv = argv[1:]
    table = kinds()
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
