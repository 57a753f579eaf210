"""The sans-IO HTTP/1.1 connection reuses what it checked for the last request (and origin_of
what it split for a URL) only while nothing that goes on the wire differs: bytes, no sockets."""

from __future__ import annotations

import h11
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hfortix.core import Request
from hfortix.transports._http11 import HTTP11Connection, Limits, origin_of, request_head
from hfortix.transports._simple_http import simple_request_head

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


# -- a request head written without h11 (the first request of a connection) -----------------

_TEXT = st.text(st.sampled_from("aZ09-_.:/ \t\"=;,\r\n\x00\x7f\xe9\u20ac"), max_size=8)
# Mostly names and values of the simple shape (or nearly), some of anything.
_NAMES = st.one_of(st.sampled_from(["X-A", "Authorization", "Accept", "User-Agent"]),
                   st.sampled_from(["Host", "host", "Content-Length", "Transfer-Encoding", "X A", ""]), _TEXT)
_VALUES = st.one_of(st.sampled_from(["x", "a b", "a\tb", "Bearer t", ""]),
                    st.sampled_from(["0", "2", "02", "chunked", " x", "x ", "a\r\nB: c"]), _TEXT)


def by_h11(method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> bytes | None:
    """What h11 writes for the request, or None if it refuses it (at the head or the body)."""
    connection = h11.Connection(h11.CLIENT)
    try:
        data = connection.send(h11.Request(method=method, target=target, headers=headers)) or b""
        if body:
            connection.send(h11.Data(data=body))
        connection.send(h11.EndOfMessage())
    except (h11.LocalProtocolError, UnicodeError):
        return None
    return data


@settings(max_examples=400, deadline=None)
@example(method="GET", target="/x", headers=[("Content-Length", "")], body=b"", host=0)  # found by hypothesis
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "GET", "POST", "get", "GE T", ""]),
       target=st.sampled_from(["/api/v2/x?vdom=root", "/", "/x", "/api/v2/x?vdom=root", "/a b", "/caf\u00e9", ""]),
       headers=st.lists(st.tuples(_NAMES, _VALUES), max_size=4), body=st.sampled_from([b"", b"{}"]),
       host=st.integers(-1, 5))
def test_a_head_written_without_h11_is_h11s_own(method: str, target: str, headers: list[tuple[str, str]],
                                                body: bytes, host: int) -> None:
    if host >= 0:  # most requests have their one Host somewhere
        headers.insert(host, ("Host", "127.0.0.1:8080"))
    ours = simple_request_head(method, target, headers, len(body))
    if ours is not None:  # never what h11 would refuse, and byte for byte what it writes
        assert by_h11(method, target, headers, body) == ours


def test_the_first_request_of_a_connection_goes_the_short_way_as_h11_writes_it() -> None:
    connection = HTTP11Connection(Limits())
    request = Request("POST", URL, (("Authorization", "Bearer one"), ("X-Spaced", "a  b")), b'{"a":1}')
    _, target = origin_of(URL)
    sent = connection.send_request(request, target, "127.0.0.1:8080")
    assert connection._h11.our_state is h11.IDLE  # h11 was not asked
    head = request_head(request, "127.0.0.1:8080")
    assert sent == by_h11("POST", target, head, b'{"a":1}') + b'{"a":1}'
    response = connection.receive_data(ANSWER[:20])  # not whole: h11 catches up, as if it had sent it
    assert response is None and connection.receive_data(ANSWER[20:]) is not None
    assert connection.start_next_cycle()


def test_a_first_request_h11_refuses_is_refused_as_before() -> None:
    connection = HTTP11Connection(Limits())
    with pytest.raises(h11.LocalProtocolError):
        connection.send_request(Request("GET", URL, (("X-Bad", "a\r\nInjected: 1"),)), "/", "127.0.0.1:8080")
