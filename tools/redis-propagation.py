#!/usr/bin/env python3
"""Authoring aid for kv-testkit/src/test/resources/propagation/*.txt.

Reads a propagation script (lines '! cmd', '& cmd', '> cmd', '=name cmd', '@sleep ms', comments)\non stdin,
runs it against a redis-server (attached to as a replica, so its replication stream is what this
prints), and writes the script back with the '<' lines redis-server propagated after each '>'.
The output is a starting point to review, not a test oracle: module commands need hand-written
expectations, and timestamps need {{ms+N}} placeholders.

    redis-server --port 7777 --save '' --repl-diskless-sync-delay 0 --daemonize yes
    tools/redis-propagation.py 7777 < script.txt
"""
import shlex
import socket
import sys
import time


def encode(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        b = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(b), b)
    return out


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def fill(self, timeout=None):
        self.s.settimeout(timeout)
        try:
            d = self.s.recv(65536)
        except socket.timeout:
            return False
        if not d:
            raise EOFError
        self.buf += d
        return True

    def line(self):
        while b"\r\n" not in self.buf:
            self.fill()
        l, self.buf = self.buf.split(b"\r\n", 1)
        return l

    def exact(self, n):
        while len(self.buf) < n:
            self.fill()
        d, self.buf = self.buf[:n], self.buf[n:]
        return d

    def reply(self):
        l = self.line()
        t, body = l[:1], l[1:]
        if t == b"$":
            n = int(body)
            if n < 0:
                return None
            d = self.exact(n + 2)
            return d[:-2]
        if t in (b"*", b"%", b"~", b">"):
            n = int(body)
            return None if n < 0 else [self.reply() for _ in range(n * (2 if t == b"%" else 1))]
        return l

    def call(self, args):
        self.s.sendall(encode(args))
        return self.reply()


def show(arg):
    plain = arg and all(33 <= c <= 126 and c not in b"\"'\\" for c in arg)
    if plain:
        return arg.decode()
    return '"' + "".join(
        "\\" + chr(c) if c in b'"\\' else (chr(c) if 32 <= c <= 126 else "\\x%02x" % c) for c in arg) + '"'


def main():
    port = int(sys.argv[1])
    rep = Conn(port)
    rep.s.sendall(b"SYNC\r\n")
    head = rep.line()
    while head == b"":  # newlines sent while the master prepares the RDB
        head = rep.line()
    size = head[1:]
    if size.startswith(b"EOF:"):
        mark = size[4:]
        while not rep.buf.endswith(mark):
            rep.fill()
        rep.buf = b""
    else:
        rep.exact(int(size))
    main_conn = Conn(port)
    blocked = []
    variables = {}

    def substitute(args):
        return [variables[a[3:-2]] if a.startswith("{{$") and a.endswith("}}") else a for a in args]

    def drain():
        out = []
        time.sleep(0.05)
        while rep.fill(0.05):
            pass
        while rep.buf:
            while rep.buf.startswith(b"\n"):
                rep.buf = rep.buf[1:]
            if not rep.buf:
                break
            cmd = rep.reply()
            if cmd[0].upper() != b"PING":
                out.append(cmd)
        return out

    def render(cmd):
        names = {v: k for k, v in variables.items() if isinstance(v, bytes)}
        return " ".join("{{$%s}}" % names[a] if a in names else show(a) for a in cmd)

    for raw in sys.stdin:
        line = raw.rstrip("\n")
        s = line.strip()
        if s.startswith("<"):
            continue
        print(line)
        if not s or s.startswith("#"):
            continue
        op, rest = s[0], s[1:].strip()
        if op == "@":
            w = rest.split()
            if w[0] == "sleep":
                time.sleep(int(w[1]) / 1000)
            continue
        if op == ">" and rest.startswith("?"):  # a command expected to fail
            rest = rest[1:].strip()
        if op == "=":  # "=name cmd": keep the command's bulk reply as {{$name}}
            name, cmd = rest.split(None, 1)
            variables[name] = main_conn.call(substitute(shlex.split(cmd)))
            drain()
            continue
        args = substitute(shlex.split(rest))
        if op == "&":
            c = Conn(port)
            c.s.sendall(encode(args))
            blocked.append(c)
            time.sleep(0.1)
            continue
        drain_before = drain()
        main_conn.call(args)
        for c in blocked:
            c.reply()
        blocked.clear()
        for p in drain():
            if op == ">":
                print("< " + render(p))


if __name__ == "__main__":
    main()
