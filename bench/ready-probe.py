#!/usr/bin/env python3
"""Waits for a starting Quotegate and prints when it first answered, served GET /fx = 200 and was ready
(GET /readyz = 200), in ms since T0_NS (a `date +%s%N` taken just before the launch), as bench/startup.sh
prints them. One process for the whole wait, a probe every 20 ms over a plain socket: the shell loop it
replaces forked curl and date about 150 times a second, on the two cores the start was measured on.

  python3 bench/ready-probe.py PORT T0_NS [LIMIT_MS]
"""
import socket
import sys
import time

port, t0 = int(sys.argv[1]), int(sys.argv[2])
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 40000


def status(path):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
    except OSError:
        return 0  # not listening yet
    try:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        head = s.recv(64)
        return int(head.split(b" ")[1]) if head.startswith(b"HTTP/") else 0
    except (OSError, ValueError, IndexError):
        return 0
    finally:
        s.close()


def ms():
    return (time.time_ns() - t0) // 1_000_000


first = fx = ready = None
while ms() < limit:
    sent = ms()  # each time is when the probe that got the answer was sent
    code = status("/readyz")
    if code and first is None:
        first = sent
    if code and fx is None and status("/fx") == 200:
        fx = sent
    if code == 200:
        ready = sent
        break
    time.sleep(0.02)
print(first if first is not None else "-", fx if fx is not None else "-",
      ready if ready is not None else "-", ms() if ready is not None else "-")
