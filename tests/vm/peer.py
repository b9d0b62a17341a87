#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Small TCP/UDP peers for the VM tests; each prints one word of outcome.
The clients take their source address from PEER_SOURCE when it is set.

  peer.py serve SPEC...                serve every SPEC from one process (one
                                       interpreter start, not one per port):
                                       tcp,ADDR,PORT,LOG or udp,ADDR,PORT
  peer.py tcp-server ADDR PORT LOG     accept connections for ever; for each,
                                       append "accepted", the bytes it got
                                       ("data N") and "eof" or "reset" to LOG
  peer.py tcp-idle ADDR PORT IDLE [LINGER]
                                       connect, send "hello", wait IDLE s,
                                       close (FIN), then wait LINGER s so
                                       the FIN is retransmitted if lost;
                                       prints "closed"
  peer.py tcp-hold ADDR PORT SECONDS INTERVAL
                                       connect, send a line every INTERVAL
                                       s for SECONDS s; prints "sent N" or
                                       "broken after N"
  peer.py tcp-connect ADDR PORT        prints connected|refused|timeout
  peer.py udp-server ADDR PORT         echo datagrams for ever
  peer.py udp-probe ADDR PORT          prints reply|refused|timeout
"""

import os
import socket
import sys
import threading
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def connect(addr, port, timeout=5):
    src = os.environ.get("PEER_SOURCE")
    return socket.create_connection((addr, port), timeout=timeout,
                                    source_address=(src, 0) if src else None)


def log_line(path, line):
    with open(path, "a", encoding="ascii") as f:
        f.write(line + "\n")


def serve_one(conn, path):
    log_line(path, "accepted")
    total = 0
    try:
        while True:
            data = conn.recv(65536)
            if not data:
                log_line(path, "data %d" % total)
                log_line(path, "eof")
                return
            total += len(data)
    except ConnectionResetError:
        log_line(path, "data %d" % total)
        log_line(path, "reset")
    finally:
        conn.close()


def tcp_server(addr, port, path):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve_one, args=(conn, path), daemon=True).start()


def tcp_idle(addr, port, idle, linger):
    s = connect(addr, port)
    s.sendall(b"hello\n")
    time.sleep(idle)
    s.shutdown(socket.SHUT_WR)
    time.sleep(linger)
    s.close()
    print("closed")


def tcp_hold(addr, port, seconds, interval):
    s = connect(addr, port)
    sent = 0
    end = time.time() + seconds
    try:
        while time.time() < end:
            s.sendall(b"tick %d\n" % sent)
            sent += 1
            time.sleep(interval)
        s.shutdown(socket.SHUT_WR)
        s.settimeout(5)
        s.recv(1)
    except OSError:
        print("broken after %d" % sent)
        return
    print("sent %d" % sent)


def tcp_connect(addr, port):
    try:
        s = connect(addr, port, 3)
        s.close()
        print("connected")
    except ConnectionRefusedError:
        print("refused")
    except (socket.timeout, TimeoutError):
        print("timeout")


def udp_server(addr, port):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65536)
        s.sendto(data, peer)


def udp_probe(addr, port):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.settimeout(3)
    s.connect((addr, port))
    try:
        s.send(b"probe")
        s.recv(100)
        print("reply")
    except ConnectionRefusedError:
        print("refused")
    except (socket.timeout, TimeoutError):
        print("timeout")


def serve(specs):
    threads = []
    for spec in specs:
        f = spec.split(",")
        if f[0] == "tcp" and len(f) == 4:
            target, args = tcp_server, (f[1], int(f[2]), f[3])
        elif f[0] == "udp" and len(f) == 3:
            target, args = udp_server, (f[1], int(f[2]))
        else:
            sys.exit("peer.py: bad spec `%s'" % spec)
        t = threading.Thread(target=target, args=args, daemon=True)
        t.start()
        threads.append(t)
    for t in threads:
        t.join()


def main():
    a = sys.argv[1:]
    cmd = a[0] if a else ""
    if cmd == "serve":
        serve(a[1:])
    elif cmd == "tcp-server":
        tcp_server(a[1], int(a[2]), a[3])
    elif cmd == "tcp-idle":
        tcp_idle(a[1], int(a[2]), float(a[3]), float(a[4]) if len(a) > 4 else 0)
    elif cmd == "tcp-hold":
        tcp_hold(a[1], int(a[2]), float(a[3]), float(a[4]))
    elif cmd == "tcp-connect":
        tcp_connect(a[1], int(a[2]))
    elif cmd == "udp-server":
        udp_server(a[1], int(a[2]))
    elif cmd == "udp-probe":
        udp_probe(a[1], int(a[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
