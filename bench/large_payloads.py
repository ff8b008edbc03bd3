#!/usr/bin/env python3
"""Large payloads and careless clients, against one server (run by bench/large.sh for each of
redis-server and sockudo-kv on the same machine).

Prints one line per figure, "name value", for large.sh to put side by side:
  get100k_1000_s / get100k_3000_s   N pipelined GETs of a 100 KB value, replies read (seconds)
  get_pipeline_ping_max_ms          worst PING of a second client while the 3000 GETs run
  set512m_s                         SET of a 512 MB value (seconds until +OK)
  set512m_ping_max_ms               worst PING of a second client meanwhile
  srandmember_<N>_s                 SRANDMEMBER s -N, reply read (seconds), N = 16M, 32M, 64M
  nonreader_ping_max_ms             worst PING while a client pipelines GETs and never reads,
                                    with client-output-buffer-limit "normal 10mb 5mb 10"
  nonreader_dropped_s               how long until that client was disconnected
Usage: large_payloads.py PORT
"""
import socket
import sys
import multiprocessing
import time

PORT = int(sys.argv[1])


def connect(rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.connect(("127.0.0.1", PORT))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        if isinstance(a, str):
            a = a.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Reader:
    """Reads RESP replies, skipping bulk bodies without keeping them."""

    def __init__(self, sock):
        self.s = sock
        self.buf = bytearray()

    def _fill(self):
        chunk = self.s.recv(1 << 20)
        if not chunk:
            raise EOFError
        self.buf += chunk

    def line(self):
        while True:
            i = self.buf.find(b"\r\n")
            if i >= 0:
                l = bytes(self.buf[:i])
                del self.buf[:i + 2]
                return l
            self._fill()

    def skip(self, n):
        while n > 0:
            if not self.buf:
                self._fill()
            k = min(n, len(self.buf))
            del self.buf[:k]
            n -= k

    def reply(self):
        l = self.line()
        t = l[:1]
        if t == b"$":
            n = int(l[1:])
            if n >= 0:
                self.skip(n + 2)
        elif t == b"*":
            for _ in range(int(l[1:])):
                self.reply()
        return l


def call(sock, reader, *args):
    sock.sendall(command(*args))
    return reader.reply()


def call_text(sock, reader, *args):
    """A command whose reply is one bulk string, returned as text."""
    sock.sendall(command(*args))
    n = int(reader.line()[1:])
    while len(reader.buf) < n + 2:
        reader._fill()
    text = bytes(reader.buf[:n]).decode()
    del reader.buf[:n + 2]
    return text


def _probe_loop(conn, stop):
    s = connect()
    r = Reader(s)
    worst = 0.0
    while not stop.is_set():
        t = time.perf_counter()
        call(s, r, "PING")
        worst = max(worst, time.perf_counter() - t)
        time.sleep(0.01)
    s.close()
    conn.send(worst)


class PingProbe:
    """A second client, in a process of its own (no shared interpreter lock with the client it
    watches), sending PING every 10 ms; keeps the worst round trip."""

    def __init__(self):
        self.stop = multiprocessing.Event()
        self.parent, child = multiprocessing.Pipe()
        self.proc = multiprocessing.Process(target=_probe_loop, args=(child, self.stop), daemon=True)

    def start(self):
        self.proc.start()
        time.sleep(0.1)

    def finish(self):
        self.stop.set()
        worst = self.parent.recv()
        self.proc.join(30)
        return worst * 1000


def read_bytes(sock, n):
    """Reads and drops exactly n bytes (replies whose size is known in advance)."""
    buf = bytearray(1 << 20)
    view = memoryview(buf)
    while n > 0:
        k = sock.recv_into(view, min(n, len(buf)))
        if k == 0:
            raise EOFError
        n -= k


def timed_gets(n):
    s = connect()
    t = time.perf_counter()
    s.sendall(command("GET", "big") * n)
    read_bytes(s, n * (100 * 1024 + len(b"$102400\r\n\r\n")))
    el = time.perf_counter() - t
    s.close()
    return el


def main():
    admin = connect()
    ar = Reader(admin)
    call(admin, ar, "FLUSHALL")
    call(admin, ar, "SET", "big", b"x" * (100 * 1024))

    print("get100k_1000_s %.3f" % timed_gets(1000))
    probe = PingProbe()
    probe.start()
    print("get100k_3000_s %.3f" % timed_gets(3000))
    print("get_pipeline_ping_max_ms %.1f" % probe.finish())

    # 512 MB upload, sent as fast as the socket takes it
    value = b"v" * (512 * 1024 * 1024)
    s = connect()
    r = Reader(s)
    probe = PingProbe()
    probe.start()
    t = time.perf_counter()
    s.sendall(b"*3\r\n$3\r\nSET\r\n$4\r\nhuge\r\n$%d\r\n" % len(value))
    s.sendall(value)
    s.sendall(b"\r\n")
    r.reply()
    print("set512m_s %.3f" % (time.perf_counter() - t))
    print("set512m_ping_max_ms %.1f" % probe.finish())
    s.close()
    del value
    call(admin, ar, "DEL", "huge")

    call(admin, ar, "SADD", "s", "a", "b", "c")
    for n in (16, 32, 64):
        count = n * 1024 * 1024
        s = connect()
        t = time.perf_counter()
        s.sendall(command("SRANDMEMBER", "s", str(-count)))
        read_bytes(s, len(b"*%d\r\n" % count) + count * len(b"$1\r\na\r\n"))
        print("srandmember_%dM_s %.3f" % (n, time.perf_counter() - t))
        s.close()

    call(admin, ar, "CONFIG", "SET", "client-output-buffer-limit", "normal 10mb 5mb 10")
    s = connect(rcvbuf=16 * 1024)
    probe = PingProbe()
    probe.start()
    t = time.perf_counter()
    s.sendall(command("GET", "big") * 20000)
    dropped = float("nan")
    while time.perf_counter() - t < 60:  # the client reads nothing: watch it from the admin connection
        listing = call_text(admin, ar, "CLIENT", "LIST")
        if listing.count("id=") <= 2:  # admin and the PING probe are left
            dropped = time.perf_counter() - t
            break
        time.sleep(0.05)
    s.close()
    print("nonreader_dropped_s %.3f" % dropped)
    print("nonreader_ping_max_ms %.1f" % probe.finish())
    call(admin, ar, "CONFIG", "SET", "client-output-buffer-limit", "normal 0 0 0")
    admin.close()


main()
