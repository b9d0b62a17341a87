#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hand-made packets against the packet path, for hostile.sh.

  wire.py server ADDR PORT LOG
      An SMTP server: greeting, EHLO answered with STARTTLS offered,
      STARTTLS with 220, every other line with 250. Each command line it
      reads is appended to LOG ("PORT LINE"), so a test can tell what
      reached it.

  wire.py client SRC DST PORT CASE SPORT
      A client whose TCP is written here, through a raw socket (the
      client namespace must drop its own kernel's RSTs, those without
      mark 0x52, the mark of this client's segments), playing
      CASE: syn-data, bad-checksum, paws, port-reuse, blind-rst (waits for
      the file WIRE_GO after its RSTs), reboot, session (a plain one).
      Prints what it saw, one line: "refused" (the 550 of the firewall
      came), "silent" (nothing came back to the command), or "answered:
      LINE".

  wire.py echo-flood SRC DST COUNT
      COUNT ICMP echo requests, each with an identifier of its own.

  wire.py nd-transit DST COUNT
      COUNT neighbour solicitations (hop limit 255, with payload) sent to
      DST, an address beyond the firewall.
"""
import os
import random
import socket
import struct
import sys
import threading
import time

from craft import csum16 as csum  # the one-complement sum, no scapy

WAIT = 3.0 * int(os.environ.get("RP_SLOW", "1"))
SYN, RST, PSH, ACK, FIN = 0x02, 0x04, 0x08, 0x10, 0x01


def serve(addr, port, log):
    ls = socket.socket()
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(16)

    def one(c, peer):
        f = c.makefile("rwb", buffering=0)
        c.sendall(b"220 mx.example.org ESMTP\r\n")
        try:
            for line in f:
                with open(log, "ab") as out:
                    out.write(b"%d %s\n" % (peer[1], line.rstrip(b"\r\n")))
                verb = line.split(b" ")[0].strip().upper()
                if verb == b"EHLO":
                    c.sendall(b"250-mx.example.org\r\n250 STARTTLS\r\n")
                elif verb == b"STARTTLS":
                    c.sendall(b"220 go ahead\r\n")
                elif verb == b"QUIT":
                    c.sendall(b"221 bye\r\n")
                    break
                else:
                    c.sendall(b"250 ok\r\n")
        except OSError:
            pass
        c.close()

    while True:
        c, peer = ls.accept()
        threading.Thread(target=one, args=(c, peer), daemon=True).start()


class Tcp:
    """One client connection, segment by segment."""

    def __init__(self, src, dst, sport, dport):
        self.src, self.dst = src, dst
        self.sport, self.dport = sport, dport
        self.s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
        self.s.bind((src, 0))
        # The client namespace drops its kernel's RSTs, not these (mark 0x52).
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, 0x52)
        self.s.settimeout(0.2)
        self.ts = None          # our TSval when timestamps are on
        self.ts_echo = 0
        self.seq = self.rcv = 0
        self.got = b""

    def send(self, flags, seq=None, data=b"", bad=False, tsval=None):
        opts = b""
        if self.ts is not None or tsval is not None:
            tv = self.ts if tsval is None else tsval
            opts = b"\x01\x01\x08\x0a" + struct.pack("!II", tv, self.ts_echo)
        hdr_len = 20 + len(opts)
        hdr = struct.pack("!HHIIBBHHH", self.sport, self.dport,
                          self.seq if seq is None else seq,
                          self.rcv if flags & ACK else 0,
                          (hdr_len // 4) << 4, flags, 65535, 0, 0)
        seg = hdr + opts + data
        pseudo = socket.inet_aton(self.src) + socket.inet_aton(self.dst) + \
            struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(seg))
        c = csum(pseudo + seg)
        if bad:
            c ^= 0x0101
        seg = seg[:16] + struct.pack("!H", c) + seg[18:]
        self.s.sendto(seg, (self.dst, 0))

    def segments(self, until):
        """Segments of this connection arriving before the time until."""
        while time.monotonic() < until:
            try:
                pkt = self.s.recv(65535)
            except socket.timeout:
                continue
            ihl = (pkt[0] & 15) * 4
            sport, dport, seq, ack, off, flags = struct.unpack("!HHIIBB", pkt[ihl:ihl + 14])
            if sport != self.dport or dport != self.sport:
                continue
            doff = (off >> 4) * 4
            opts = pkt[ihl + 20:ihl + doff]
            i = 0
            while i < len(opts):
                if opts[i] == 0:
                    break
                if opts[i] == 1:
                    i += 1
                    continue
                if opts[i] == 8 and i + 10 <= len(opts):
                    self.ts_echo = struct.unpack("!I", opts[i + 2:i + 6])[0]
                i += max(opts[i + 1], 2) if i + 1 < len(opts) else len(opts)
            yield seq, ack, flags, pkt[ihl + doff:]

    def connect(self, isn, ts=None):
        """The handshake. A plain ACK to the SYN is the challenge ACK of a
        server that still has a connection on these ports (this client
        "rebooted"): answer it with a RST at its ack, as RFC 5961 4.2 and
        RFC 793 have a client without that connection do, then SYN again."""
        self.seq, self.ts = isn, ts
        self.challenged = False
        for _ in range(2):
            self.send(SYN)
            for seq, ack, flags, _ in self.segments(time.monotonic() + WAIT):
                if flags & SYN and flags & ACK and ack == isn + 1:
                    self.seq, self.rcv = isn + 1, seq + 1
                    self.send(ACK)
                    return True
                if flags == ACK and not self.challenged:
                    self.challenged = True
                    self.send(RST, seq=ack)
                    break
            else:
                return False
        return False

    def read_line(self, wait=WAIT):
        """The next whole reply line from the server's side, or None."""
        until = time.monotonic() + wait
        while b"\n" not in self.got:
            news = False
            for seq, _, flags, data in self.segments(until):
                if data and seq == self.rcv:
                    self.got += data
                    self.rcv += len(data)
                    news = True
                if flags & FIN and seq + len(data) == self.rcv:
                    self.rcv += 1
                    news = True
                if news:
                    self.send(ACK)
                    break
            if not news:
                return None
        line, self.got = self.got.split(b"\n", 1)
        return line.rstrip(b"\r").decode(errors="replace")

    def reply(self, wait=WAIT):
        """A whole reply (its last line), or None."""
        while True:
            line = self.read_line(wait)
            if line is None or line[3:4] != "-":
                return line

    def say(self, text, **kw):
        data = text.encode()
        self.send(ACK | PSH, data=data, **kw)
        self.seq += len(data)

    def close(self):
        self.send(FIN | ACK)
        self.seq += 1
        until = time.monotonic() + WAIT
        for seq, _, flags, data in self.segments(until):
            if flags & FIN:
                self.rcv = seq + len(data) + 1
                self.send(ACK)
                return True
        return False


def outcome(line):
    if line is None:
        return "silent"
    if line.startswith("550"):
        return "refused"
    return "answered: " + line


def greeted(t, isn, ts=None):
    if not t.connect(isn, ts):
        return "no connection"
    if t.reply() is None:
        return "no greeting"
    t.say("EHLO client.example\r\n")
    if t.reply() is None:
        return "no EHLO reply"
    return None


def case(name, src, dst, dport, sport):
    t = Tcp(src, dst, sport, dport)
    isn = random.randrange(1 << 30)
    if name == "syn-data":
        # A duplicate SYN at the ISN carrying a command, then a forbidden
        # verb where it belongs.
        err = greeted(t, isn)
        if err:
            return err
        t.send(SYN, seq=isn, data=b"NOOP xxx\r\n")
        t.say("XEXCH50\r\n")
        return outcome(t.reply())
    if name == "bad-checksum":
        # A harmless command the server discards (wrong checksum), then a
        # forbidden one in its place.
        err = greeted(t, isn)
        if err:
            return err
        at = t.seq
        t.send(ACK | PSH, data=b"NOOP x\r\n", bad=True)
        t.say("XEXCH50\r\n", seq=at)
        return outcome(t.reply())
    if name == "paws":
        # Timestamps on: a harmless command with an old timestamp (the
        # server discards it, PAWS), then a forbidden one in its place.
        err = greeted(t, isn, ts=1000000)
        if err:
            return err
        at = t.seq
        t.send(ACK | PSH, data=b"NOOP x\r\n", tsval=5)
        t.ts += 100
        t.say("XEXCH5\r\n", seq=at)
        line = t.reply()
        # The same bytes as the first copy: they pass, the session goes on.
        t.send(ACK | PSH, seq=at, data=b"NOOP x\r\n")
        again = t.reply()
        return "%s; again: %s" % (outcome(line), outcome(again))
    if name == "port-reuse":
        # STARTTLS and its 220, a close, then the same port again at once.
        err = greeted(t, isn)
        if err:
            return err
        t.say("STARTTLS\r\n")
        if not (t.reply() or "").startswith("220"):
            return "no STARTTLS reply"
        if not t.close():
            return "no close"
        t2 = Tcp(src, dst, sport, dport)
        err = greeted(t2, isn + 500000)
        if err:
            return "again: " + err
        t2.say("XEXCH50\r\n")
        return outcome(t2.reply())
    if name == "blind-rst":
        # A RST in the window, 1000 below the client's position: not the
        # number the server expects, so it changes nothing (RFC 5961 3.2).
        # The session then goes on; the firewall's entry keeps its timeout.
        err = greeted(t, isn)
        if err:
            return err
        # Two, 0.1 s apart: the server answers the first with a challenge
        # ACK (which passes, and would refresh any timer), the second not
        # (Linux sends at most one per 0.5 s).
        t.send(RST, seq=t.seq - 1000)
        time.sleep(0.1)
        t.send(RST, seq=t.seq - 2000)
        # The test looks at the entry now; it says when to go on.
        print("rst sent", flush=True)
        go = os.environ["WIRE_GO"]
        until = time.monotonic() + 10 * WAIT
        while not os.path.exists(go) and time.monotonic() < until:
            time.sleep(0.1)
        t.say("NOOP\r\n")
        return outcome(t.reply())
    if name == "reboot":
        # A session, then this client "reboots": a SYN with a new ISN on the
        # same ports, no close of the old one.
        err = greeted(t, isn)
        if err:
            return err
        t2 = Tcp(src, dst, sport, dport)
        err = greeted(t2, isn + 0x40000000)
        if err:
            return "again: " + err
        t2.say("NOOP\r\n")
        return "%s after %s" % (outcome(t2.reply()),
                                "a challenge ACK" if t2.challenged else "no challenge")
    if name == "session":
        # An ordinary session: greeting, EHLO, NOOP.
        err = greeted(t, isn)
        if err:
            return err
        t.say("NOOP\r\n")
        return outcome(t.reply())
    return "unknown case"


def echo_flood(src, dst, count):
    """count ICMP echo requests, each with an identifier of its own."""
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    s.bind((src, 0))
    ids = random.sample(range(1, 65536), count)
    for i in ids:
        msg = struct.pack("!BBHHH", 8, 0, 0, i, 1) + b"flood"
        msg = msg[:2] + struct.pack("!H", csum(msg)) + msg[4:]
        s.sendto(msg, (dst, 0))
    print("sent %d" % count)


def nd_transit(dst, count):
    """count neighbour solicitations for dst, sent to dst itself with hop
    limit 255 and some payload: of no link of the firewall's."""
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, 255)
    target = socket.inet_pton(socket.AF_INET6, dst)
    # type 135, code 0, checksum (the kernel's), reserved, target, payload
    msg = struct.pack("!BBHI", 135, 0, 0, 0) + target + b"\x0e\x02" + b"x" * 14
    for _ in range(count):
        s.sendto(msg, (dst, 0))
    print("sent %d" % count)


def main():
    if sys.argv[1] == "server":
        serve(*sys.argv[2:5])
    elif sys.argv[1] == "nd-transit":
        nd_transit(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "echo-flood":
        echo_flood(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == "client":
        src, dst, port, name, sport = sys.argv[2:7]
        print(case(name, src, dst, int(port), int(sport)), flush=True)
    else:
        sys.exit("usage: wire.py server|client ...")


if __name__ == "__main__":
    main()
