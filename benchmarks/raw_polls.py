"""Drive an emulator the same way every time, without any HTTP client: for a steady count of
the emulator's own work (`valgrind --tool=cachegrind` on the emulator process, say).

    .venv/bin/python benchmarks/raw_polls.py PORT [--clients 200] [--polls 5] [--runs 1]

Each run opens `--clients` connections, sends each the status poll hfortix sends (the same
bytes), all before reading any answer, `--polls` times, then closes them: the pattern of
`many_clients.py`, at the pace of the emulator alone.
"""

from __future__ import annotations

import argparse
import json
import socket
import sys

from _common import TOKEN


def answer(sock: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.lower().split(b"\r\n")
    length = next(int(line.split(b":")[1]) for line in lines if line.startswith(b"content-length:"))
    while len(body) < length:
        body += sock.recv(65536)
    if json.loads(body).get("status") != "success":
        raise SystemExit(f"unexpected answer: {body[:200]!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--polls", type=int, default=5)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    request = (f"GET /api/v2/monitor/system/status HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n"
               f"Accept: application/json\r\nAuthorization: Bearer {TOKEN}\r\n"
               "User-Agent: hfortix/0.1.0\r\n\r\n").encode()
    for _ in range(args.runs):
        socks = [socket.create_connection(("127.0.0.1", args.port)) for _ in range(args.clients)]
        for _ in range(args.polls):
            for sock in socks:
                sock.sendall(request)
            for sock in socks:
                answer(sock)
        for sock in socks:
            sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
