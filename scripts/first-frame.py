#!/usr/bin/env python3
"""Measures how long a built authlab binary takes to draw its first frame
on a pseudo-terminal, and its resident memory once idle and after a check.

    go build -o /tmp/authlab ./cmd/authlab && scripts/first-frame.py /tmp/authlab [runs]
"""
import os, pty, select, statistics, sys, time

def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")

def read_until(fd, needle, timeout):
    buf, deadline = b"", time.monotonic() + timeout
    while needle not in buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{needle!r} not seen; got {buf[-300:]!r}")
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                buf += os.read(fd, 65536)
            except OSError:
                break
    return buf

def one(binary, measure_memory):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", EDITOR="", VISUAL="", COLUMNS="100", LINES="30")
        os.execv(binary, [binary])
    start = time.monotonic()
    # The first frame is drawn once the stage list shows the first stage.
    read_until(fd, b"Stages", 10)
    elapsed = (time.monotonic() - start) * 1000
    mem = None
    if measure_memory:
        time.sleep(1.5)
        idle = rss_mb(pid)
        os.write(fd, b"c")
        read_until(fd, b"checks pass", 60)
        time.sleep(0.5)
        mem = (idle, rss_mb(pid))
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    return elapsed, mem

def main():
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    times = [one(binary, False)[0] for _ in range(runs)]
    _, (idle, after) = one(binary, True)
    print(f"first frame: median {statistics.median(times):.0f} ms over {runs} starts "
          f"(min {min(times):.0f}, max {max(times):.0f})")
    print(f"resident memory: {idle:.1f} MB idle, {after:.1f} MB after a check")

main()
