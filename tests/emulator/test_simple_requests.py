"""The emulator's short way: it takes only requests h11 reads the same, and writes h11's bytes."""

from __future__ import annotations

import socket

import h11
import pytest

from hfortix.emulator.simple_requests import SimpleRequest, head_bytes, simple_request
from hfortix.testing import FortiGateEmulator

HEAD = 64 * 1024
BODY = 1024 * 1024

SIMPLE = [
    b"GET /api/v2/monitor/system/status HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nAuthorization: Bearer x\r\n\r\n",
    b"GET /api/v2/cmdb/firewall/address?vdom=root&filter=name=@a HTTP/1.1\r\nhost: a\r\nX-Empty:\r\n\r\n",
    b"DELETE /api/v2/cmdb/firewall/address/a HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n",
    b"POST /api/v2/cmdb/firewall/address HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n{\"name\":\"a\"}",
    b"PUT /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nUser-Agent:  spaced  value \t\r\n\r\n",
]

FOR_H11 = [
    b"GET /x HTTP/1.1\r\nHost: a\r\n",  # the head is not whole yet
    b"GET /x HTTP/1.1\r\nHost: a\r\n\r\nGET /y HTTP/1.1\r\nHost: a\r\n\r\n",  # pipelined
    b"GET /x HTTP/1.0\r\nHost: a\r\n\r\n",
    b"HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /x HTTP/1.1\r\n\r\n",  # no Host
    b"GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
    b"GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    b"GET /x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n\r\n",
    b"GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nabc",  # the body is still coming
    b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nabcde",
    b"POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n",
    b"GET /x HTTP/1.1\r\nHost: a\r\nX-Fold: a\r\n b\r\n\r\n",  # obsolete line folding
    b"GET /x HTTP/1.1\r\nHost: a\r\nBad Name: a\r\n\r\n",
    b"GET /x HTTP/1.1\r\nHost: a\r\nX-Latin: caf\xe9\r\n\r\n",
    b"GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n",
    b"get /x HTTP/1.1\r\nHost: a\r\n\r\n",
]


def read_by_h11(data: bytes) -> SimpleRequest:
    connection = h11.Connection(h11.SERVER)
    connection.receive_data(data)
    request = connection.next_event()
    assert isinstance(request, h11.Request)
    body = b""
    while type(event := connection.next_event()) is h11.Data:
        body += event.data
    assert type(event) is h11.EndOfMessage
    headers = [(name.decode("ascii"), value.decode("ascii")) for name, value in request.headers]
    return SimpleRequest(request.method.decode(), request.target.decode(), headers, body)


@pytest.mark.parametrize("data", SIMPLE)
def test_a_simple_request_reads_as_h11_reads_it(data: bytes) -> None:
    assert simple_request(data, HEAD, BODY) == read_by_h11(data)


@pytest.mark.parametrize("data", FOR_H11)
def test_anything_else_is_left_to_h11(data: bytes) -> None:
    assert simple_request(data, HEAD, BODY) is None


def test_the_limits_leave_oversized_requests_to_h11() -> None:
    data = SIMPLE[3]
    assert simple_request(data, len(data) - 12, BODY) is not None
    assert simple_request(data, len(data) - 13, BODY) is None  # the head is over the limit
    assert simple_request(data, HEAD, 11) is None  # the body is over the limit


def test_head_bytes_are_what_h11_writes() -> None:
    event = h11.Response(status_code=200, headers=[("Content-Type", "application/json"), ("content-length", "2")],
                         reason=b"OK")
    connection = h11.Connection(h11.SERVER)
    connection.receive_data(b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n")
    connection.next_event()
    assert head_bytes(event) == connection.send(event)
    assert head_bytes(event) == b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 2\r\n\r\n"


def exchange_raw(sock: socket.socket, request: bytes) -> bytes:
    sock.sendall(request)
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(65536)
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = int(next(line.split(b":")[1] for line in lines if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def test_short_and_h11_answers_are_the_same_bytes_on_one_connection() -> None:
    short = b"GET /api/v2/monitor/system/status HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t\r\n\r\n"
    via_h11 = short.replace(b"Host: h\r\n", b"Host: h\r\nX-Fold: a\r\n\tb\r\n")  # folded: h11 reads it
    with FortiGateEmulator(token="t", http=True) as emulator:
        with socket.create_connection(("127.0.0.1", int(emulator.url.rsplit(":", 1)[1]))) as sock:
            answers = [exchange_raw(sock, request) for request in (short, via_h11, short, via_h11)]
        assert emulator.stats.requests_total == 4
    assert emulator.stats.connections_total == 1
    heads = {answer.split(b"\r\n\r\n")[0] for answer in answers}
    assert len(heads) == 1 and b"HTTP/1.1 200 OK" in heads.pop()
