#!/usr/bin/env python3
"""RESTORE <key>:restored 0 <payload> REPLACE, N times from one client in pipelined batches of 100,
with the payload the server itself DUMPs for <key>. Prints requests per second.

    bench/restore.py <port> <key> <n>
"""
import socket
import sys
import time


def encode(args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(b), b)
    return out


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.s.recv(1 << 20)
        i = self.buf.index(b"\r\n")
        line, self.buf = self.buf[:i], self.buf[i + 2:]
        return line

    def bulk(self):
        line = self.line()
        n = int(line[1:])
        while len(self.buf) < n + 2:
            self.buf += self.s.recv(1 << 20)
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data


def main():
    port, key, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    c = Conn(port)
    c.s.sendall(encode(["DUMP", key]))
    payload = c.bulk()
    batch = 100
    cmd = encode(["RESTORE", key + ":restored", "0", payload, "REPLACE"]) * batch
    start = time.perf_counter()
    done = 0
    while done < n:
        c.s.sendall(cmd)
        for _ in range(batch):
            reply = c.line()
            if reply != b"+OK":
                sys.exit("RESTORE failed: %r" % reply)
        done += batch
    elapsed = time.perf_counter() - start
    print("%.0f" % (done / elapsed))


if __name__ == "__main__":
    main()
