#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""SMTP client of the smtp.sh VM test: scripted sessions, byte by byte.

  smtp_peer.py dialog [--bytewise] HOST PORT CHUNK...
      Connect, read the greeting, then send each CHUNK (Python escapes:
      'EHLO c\\r\\n') and read one reply after it. Prints every reply line
      as "REPLY <line>", then "EOF" when the server (or what speaks for it)
      closed the connection, "RESET" when it was reset, or "OPEN".
      A CHUNK "@body:N" is N bytes of message text ending in CRLF, then the
      end of data. --bytewise writes each byte in a TCP segment of its own
      (TCP_NODELAY, a pause after each write).

  smtp_peer.py send [--bytewise] [--bdat] HOST PORT FROM TO FILE
      Deliver FILE (a message, LF or CRLF line ends) in one transaction:
      EHLO, MAIL, RCPT, then DATA (dot-stuffed, CRLF) or BDAT FILE's exact
      bytes in two chunks. Prints the replies; exits 0 when the final
      reply is 250.

  smtp_peer.py serve
      Run commands read from stdin, one a line: the words of a dialog or
      send command line (from "dialog" or "send" on), separated by tabs.
      Each prints what that command prints, then "END <exit status>".
      One interpreter for many sessions (its start takes seconds on the
      debug kernel).

  smtp_peer.py greet HOST PORT LENGTH
      A server for one connection: listen on HOST PORT, accept, send a
      greeting line "220 " with LENGTH bytes in all (CRLF counted), then
      read until the client closes or the connection is reset.

  smtp_peer.py stress SECONDS HOST PORT POLICY
      Sessions one after the other for SECONDS s, alternating a good one
      (EHLO, MAIL, RCPT, DATA with a short message, QUIT: 250 after the
      data) and a forbidden one (EHLO, then VRFY, which the policy POLICY
      does not allow: the exact reject reply, then the end of the
      connection). Prints "good G rejected R wrong W", and each wrong
      session's transcript; exits 0 when W is 0 and G and R are not.
"""
import codecs
import errno
import socket
import sys
import time

TIMEOUT = 20
END_WAIT = 3


class Peer:
    def __init__(self, host, port, bytewise, echo=True):
        self.echo = echo
        self.s = socket.create_connection((host, int(port)), timeout=TIMEOUT)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.bytewise = bytewise
        self.buf = b""

    def send(self, data):
        if not self.bytewise:
            self.s.sendall(data)
            return
        for i in range(len(data)):
            self.s.sendall(data[i:i + 1])
            time.sleep(0.001)

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode("latin-1")

    def reply(self):
        lines = []
        while True:
            line = self.line()
            lines.append(line)
            if self.echo:
                print("REPLY " + line, flush=True)
            if len(line) < 4 or line[3] != "-":
                return lines


def unescape(s):
    return codecs.decode(s.encode("latin-1"), "unicode_escape").encode("latin-1")


def body(n):
    line = b"line of a message that is long enough to fill it\r\n"
    text = line * (n // len(line) + 1)
    return text[:n - 2] + b"\r\n" + b".\r\n"


def dialog(args):
    bytewise = "--bytewise" in args[:3]
    args = [a for a in args[:3] if a != "--bytewise"] + args[3:]
    host, port, chunks = args[0], args[1], args[2:]
    try:
        p = Peer(host, port, bytewise)
        p.reply()
        for c in chunks:
            if c.startswith("@body:"):
                # Written whole, as an MTA writes it, before the reply is
                # read, even when a refusal comes in the middle of it.
                p.send(body(int(c[6:])))
            else:
                p.send(unescape(c))
            p.reply()
        # What comes after the last reply: a close, a reset, or nothing.
        p.s.settimeout(END_WAIT)
        try:
            p.line()
            print("MORE")
        except socket.timeout:
            print("OPEN")
    except EOFError:
        print("EOF")
    except OSError as e:
        if e.errno in (errno.ECONNRESET, errno.EPIPE):
            print("RESET")
        else:
            print("ERROR " + str(e))
            return 1
    return 0


def send(args):
    bytewise = bdat = False
    while args and args[0].startswith("--"):
        bytewise |= args[0] == "--bytewise"
        bdat |= args[0] == "--bdat"
        args = args[1:]
    host, port, sender, rcpt, path = args
    with open(path, "rb") as f:
        msg = f.read()
    p = Peer(host, port, bytewise)
    p.reply()
    p.send(b"EHLO client.example.com\r\n")
    ehlo = p.reply()
    eight = b" BODY=8BITMIME" if any(b > 127 for b in msg) else b""
    p.send(b"MAIL FROM:<%s>%s\r\n" % (sender.encode(), eight))
    p.reply()
    p.send(b"RCPT TO:<%s>\r\n" % rcpt.encode())
    p.reply()
    if bdat:
        if not any("CHUNKING" in line for line in ehlo):
            print("no CHUNKING offered")
            return 1
        half = len(msg) // 2
        p.send(b"BDAT %d\r\n" % half + msg[:half])
        p.reply()
        p.send(b"BDAT %d LAST\r\n" % (len(msg) - half) + msg[half:])
    else:
        p.send(b"DATA\r\n")
        p.reply()
        lines = msg.replace(b"\r\n", b"\n").split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        text = b"".join((b"." + ln if ln.startswith(b".") else ln) + b"\r\n"
                        for ln in lines)
        p.send(text + b".\r\n")
    final = p.reply()
    p.send(b"QUIT\r\n")
    p.reply()
    return 0 if final[-1].startswith("250") else 1


def greet(args):
    host, port, length = args[0], int(args[1]), int(args[2])
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as ls:
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((host, port))
        ls.listen(1)
        ls.settimeout(TIMEOUT * 3)
        s, _ = ls.accept()
    with s:
        s.settimeout(TIMEOUT)
        s.sendall(b"220 " + b"x" * (length - 6) + b"\r\n")
        try:
            while s.recv(65536):
                pass
        except OSError:
            pass
    return 0


def stress_session(host, port, forbidden, policy):
    """One session of stress(): its transcript, and whether it went as the
    policy says it must."""
    said = []
    try:
        p = Peer(host, port, False, echo=False)
        said.append("from port %d" % p.s.getsockname()[1])
        said += p.reply()
        p.send(b"EHLO client.example.com\r\n")
        said += p.reply()
        if forbidden:
            p.send(b"VRFY root\r\n")
            said += p.reply()
            try:
                p.line()
                said.append("MORE")
            except EOFError:
                said.append("EOF")
            want = "550 5.5.1 Command VRFY not allowed by policy " + policy
            return said, said[-2:] == [want, "EOF"]
        for cmd in (b"MAIL FROM:<a@example.com>", b"RCPT TO:<b@example.org>", b"DATA"):
            p.send(cmd + b"\r\n")
            said += p.reply()
        p.send(b"Subject: stress\r\n\r\none line\r\n.\r\n")
        final = p.reply()
        said += final
        p.send(b"QUIT\r\n")
        said += p.reply()
        p.s.close()
        return said, final[-1].startswith("250")
    except (OSError, EOFError) as e:
        said.append("ERROR " + repr(e))
        return said, False


def stress(args):
    seconds, host, port, policy = float(args[0]), args[1], args[2], args[3]
    counts = {"good": 0, "rejected": 0, "wrong": 0}
    end = time.monotonic() + seconds
    forbidden = False
    while time.monotonic() < end:
        said, right = stress_session(host, port, forbidden, policy)
        if not right:
            counts["wrong"] += 1
            print("wrong %s session: %s" % ("forbidden" if forbidden else "good",
                                             " | ".join(said)), flush=True)
        else:
            counts["rejected" if forbidden else "good"] += 1
        forbidden = not forbidden
    print("good %(good)d rejected %(rejected)d wrong %(wrong)d" % counts, flush=True)
    return 0 if counts["wrong"] == 0 and counts["good"] and counts["rejected"] else 1


def serve(args):
    for line in sys.stdin:
        words = line.rstrip("\n").split("\t")
        try:
            if words[0] not in ("dialog", "send"):
                raise ValueError("not a dialog or send command: %r" % words[0])
            rc = (dialog if words[0] == "dialog" else send)(words[1:])
        except Exception as e:  # reported, and the next command still runs
            print("ERROR %s: %s" % (type(e).__name__, e))
            rc = 1
        print("END %d" % rc, flush=True)
    return 0


def main():
    modes = {"dialog": dialog, "send": send, "greet": greet, "stress": stress,
             "serve": serve}
    if len(sys.argv) < 2 or sys.argv[1] not in modes:
        print(__doc__, file=sys.stderr)
        return 2
    return modes[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
