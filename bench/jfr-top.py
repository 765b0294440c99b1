#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: the top methods by self samples and by inclusive samples,
for the threads whose name starts with a prefix (the event loops: reactor-http-epoll; main for a start).

  python3 bench/jfr-top.py recording.jfr [thread-prefix] [top-n]

Reads `jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample` (the JDK's jfr tool): Java
samples and samples of threads in native code (an event loop in epoll_wait or writev shows there).
"""
import collections, json, subprocess, sys

path = sys.argv[1]
prefix = sys.argv[2] if len(sys.argv) > 2 else ""
top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
raw = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                     check=True, capture_output=True, text=True).stdout
events = json.loads(raw)["recording"]["events"]
self_count, incl_count, threads = collections.Counter(), collections.Counter(), collections.Counter()
n = 0
IDLE = {"epollWait0", "epollWait", "park", "parkNanos"}  # a thread waiting for work is not busy
for e in events:
    v = e["values"]
    name = (v.get("sampledThread") or {}).get("javaName") or (v.get("sampledThread") or {}).get("osName") or "?"
    if not name.startswith(prefix):
        continue
    frames = (v.get("stackTrace") or {}).get("frames") or []
    if not frames or frames[0]["method"]["name"] in IDLE:
        continue
    n += 1
    threads[name] += 1
    def m(f):
        meth = f["method"]
        return meth["type"]["name"] + "." + meth["name"]
    self_count[m(frames[0])] += 1
    for f in set(m(f) for f in frames):
        incl_count[f] += 1
print(f"{n} busy samples (waiting in epoll or park left out) on threads starting with {prefix!r}: " + ", ".join(f"{t} {c}" for t, c in threads.most_common(8)))
print(f"-- top {top} by self samples")
for meth, c in self_count.most_common(top):
    print(f"{100.0 * c / n:5.1f}%  {meth}")
print(f"-- top {top} by inclusive samples")
for meth, c in incl_count.most_common(top):
    print(f"{100.0 * c / n:5.1f}%  {meth}")
