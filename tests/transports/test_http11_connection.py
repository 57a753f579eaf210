"""The sans-IO HTTP/1.1 connection reuses what it checked for the last request (and origin_of
what it split for a URL) only while nothing that goes on the wire differs: bytes, no sockets."""

from __future__ import annotations

import pytest

from hfortix.core import Request
from hfortix.transports._http11 import HTTP11Connection, Limits, origin_of

URL = "http://127.0.0.1:8080/api/v2/monitor/system/status"
ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


def exchange(connection: HTTP11Connection, request: Request, host_header: str = "127.0.0.1:8080") -> bytes:
    _, target = origin_of(request.url)
    sent = connection.send_request(request, target, host_header)
    response = connection.receive_data(ANSWER)
    assert response is not None and response.content == b"{}"
    assert response.headers == (("Content-Type", "application/json"), ("Content-Length", "2"))
    assert connection.start_next_cycle()
    return sent


def head_lines(sent: bytes) -> list[bytes]:
    return sent.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def test_the_same_request_again_gives_the_same_bytes() -> None:
    connection = HTTP11Connection(Limits())
    request = Request("GET", URL, (("Authorization", "Bearer one"),))
    first = exchange(connection, request)
    assert exchange(connection, Request("GET", URL, (("Authorization", "Bearer one"),))) == first
    assert head_lines(first)[:2] == [b"GET /api/v2/monitor/system/status HTTP/1.1", b"Host: 127.0.0.1:8080"]


@pytest.mark.parametrize(("changed", "expected"), [
    (Request("GET", URL, (("Authorization", "Bearer two"),)), b"Authorization: Bearer two"),
    (Request("GET", URL + "?vdom=root", (("Authorization", "Bearer one"),)),
     b"GET /api/v2/monitor/system/status?vdom=root HTTP/1.1"),
    (Request("POST", URL, (("Authorization", "Bearer one"),)), b"POST /api/v2/monitor/system/status HTTP/1.1"),
    (Request("PUT", URL, (("Authorization", "Bearer one"),), b'{"a":1}'), b"Content-Length: 7"),
])
def test_a_request_that_differs_is_sent_as_it_is(changed: Request, expected: bytes) -> None:
    connection = HTTP11Connection(Limits())
    exchange(connection, Request("GET", URL, (("Authorization", "Bearer one"),)))
    assert expected in head_lines(exchange(connection, changed))


def test_a_body_of_another_length_gets_its_own_content_length() -> None:
    connection = HTTP11Connection(Limits())
    assert b"Content-Length: 2" in head_lines(exchange(connection, Request("POST", URL, (), b"{}")))
    sent = exchange(connection, Request("POST", URL, (), b'{"b":2}'))
    assert b"Content-Length: 7" in head_lines(sent) and sent.endswith(b'{"b":2}')


def test_another_host_header_is_sent() -> None:
    connection = HTTP11Connection(Limits())
    exchange(connection, Request("GET", URL))
    assert b"Host: fgt.example:8080" in head_lines(exchange(connection, Request("GET", URL), "fgt.example:8080"))


def test_non_ascii_response_headers_are_still_read() -> None:
    connection = HTTP11Connection(Limits())
    connection.send_request(Request("GET", URL), "/", "127.0.0.1:8080")
    response = connection.receive_data(b"HTTP/1.1 200 OK\r\nX-Name: caf\xc3\xa9\r\nX-Old: \xe9\r\n"
                                       b"Content-Length: 0\r\n\r\n")
    assert response is not None
    assert response.headers == (("X-Name", "caf\u00e9"), ("X-Old", "\u00e9"), ("Content-Length", "0"))


def test_origin_of_answers_again_and_refuses_again() -> None:
    assert origin_of(URL) == origin_of(URL)
    for _ in range(2):  # a refusal is not remembered as an answer
        with pytest.raises(ValueError, match="no host"):
            origin_of("http:///api/v2/monitor/system/status")


KEPT = "the connection is kept"
CLOSED = "the connection is closed"


@pytest.mark.parametrize(("answer", "content", "afterwards"), [
    (ANSWER, b"{}", KEPT),
    (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", b"{}", KEPT),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", b"{}", CLOSED),
    (b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}", b"{}", CLOSED),
    (b"HTTP/1.1 200 OK\r\nX-Fold: a\r\n b\r\nContent-Length: 2\r\n\r\n{}", b"{}", KEPT),
    (b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", b"", KEPT),
    (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", b"{}", KEPT),
])
def test_an_answer_the_short_way_does_not_take_is_read_by_h11(answer: bytes, content: bytes, afterwards: str) -> None:
    connection = HTTP11Connection(Limits())
    request = Request("GET", URL, (("Authorization", "Bearer one"),))
    first = exchange(connection, request)
    for _ in range(2):  # the same request again: the short way out, whatever comes back
        _, target = origin_of(URL)
        assert connection.send_request(request, target, "127.0.0.1:8080") == first
        split = len(answer) // 2
        assert connection.receive_data(answer[:split]) is None  # half an answer: h11 takes over
        response = connection.receive_data(answer[split:])
        assert response is not None and response.content == content
        assert connection.start_next_cycle() is (afterwards == KEPT)
        if afterwards == CLOSED:
            return
        assert connection.send_request(request, target, "127.0.0.1:8080") == first
        response = connection.receive_data(answer)
        assert response is not None and response.content == content
        assert connection.start_next_cycle()


def test_the_short_way_keeps_the_limits() -> None:
    from hfortix.transports._http11 import ProtocolFailure, TooLarge

    connection = HTTP11Connection(Limits(max_header_bytes=80, max_body_bytes=4))
    request = Request("GET", URL)
    exchange(connection, request)
    _, target = origin_of(URL)
    connection.send_request(request, target, "127.0.0.1:8080")
    with pytest.raises(TooLarge, match="body exceeds 4 bytes"):
        connection.receive_data(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{\"a\"}")
    connection = HTTP11Connection(Limits())
    exchange(connection, request)
    connection.send_request(request, target, "127.0.0.1:8080")
    with pytest.raises(ProtocolFailure, match="the server closed the connection"):  # as without the short way
        connection.receive_data(b"")
