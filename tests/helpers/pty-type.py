#!/usr/bin/python3
"""pty-type: types keys into an interactive shell on a pseudo-terminal, as a
person would, and prints what the terminal showed.

    pty-type.py PROMPT DONE KEYS... -- SHELL ARGS...

Starts SHELL on a new pseudo-terminal (80 columns), waits for PROMPT, then
for each KEYS argument writes it and waits until the shell is idle (a
completion has been drawn) or, when the keys end with a newline, until DONE
appears in the output once more. \\t in KEYS is a Tab. The timeouts only
pace the typing: a test asserts on what was printed, never on time.
Exits 1 when PROMPT or DONE never came (the transcript is printed anyway).
"""
import os
import pty
import select
import signal
import struct
import sys
import termios
import fcntl
import time


def main():
    args = sys.argv[1:]
    sep = args.index("--")
    prompt, done, keys, cmd = args[0], args[1], args[2:sep], args[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb" if "bash" in cmd[0] else "xterm"
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    out = b""

    def read_until(pred, idle=None, limit=20.0):
        nonlocal out
        start = last = time.monotonic()
        while True:
            now = time.monotonic()
            if pred():
                return True
            if now - start > limit:
                return False
            if idle is not None and now - last > idle:
                return True
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return pred()
                if not data:
                    return pred()
                out += data
                last = time.monotonic()

    ok = read_until(lambda: prompt.encode() in out)
    for k in keys:
        if not ok:
            break
        k = k.replace("\\t", "\t")
        if k.endswith("\n"):
            n = out.count(done.encode())
            os.write(fd, k.encode())
            ok = read_until(lambda: out.count(done.encode()) > n)
        else:
            os.write(fd, k.encode())
            read_until(lambda: False, idle=0.7)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    os.waitpid(pid, 0)
    sys.stdout.write(out.decode("utf-8", "replace").replace("\r", ""))
    sys.exit(0 if ok else 1)


main()
