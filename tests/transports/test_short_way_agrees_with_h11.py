"""The short way past h11 never reads a message differently from h11, on either side.

The client connection (`_http11`) and the emulator (`emulator/simple_requests`) each read a
whole, simple message without h11; anything else they hand to h11, which stays the authority.
A short way that declines costs nothing but time, so the one property that matters is: when
it accepts, h11 reads the same bytes the same way (same status or request line, same headers,
same body, the connection kept). Hypothesis builds messages near the simple shape, with the
things that make it not simple mixed in (odd bytes, folding, framing headers, wrong lengths,
bytes past the body, other versions, tight limits), and compares the two readings.
"""

from __future__ import annotations

from typing import TypeVar

import h11
from hypothesis import event, given, settings
from hypothesis import strategies as st

from hfortix.core import Request, Response
from hfortix.emulator.simple_requests import SimpleRequest, simple_request
from hfortix.transports._http11 import HTTP11Connection, Limits, ProtocolFailure, TooLarge, origin_of

URL = "http://127.0.0.1:8080/api/v2/monitor/system/status"
REQUEST = Request("GET", URL, (("Authorization", "Bearer one"),))
FIRST_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
T = TypeVar("T")

PLAIN_NAMES = st.sampled_from([b"Content-Type", b"X-Id", b"Set-Cookie", b"Server", b"date", b"X-CSRFTOKEN"])
PLAIN_VALUES = st.from_regex(rb"\A[\x21-\x7e]{0,8}( [\x21-\x7e]{1,5})?\Z")
ODD_NAMES = st.sampled_from([
    b"content-length", b"Host", b"Connection", b"Transfer-Encoding", b"Expect", b"Upgrade", b"TE", b"Trailer",
    b"Keep-Alive", b"Bad Name", b"X:Colon", b"", b"X-\xe9", b" X-Lead",
])
ODD_VALUES = st.one_of(st.sampled_from([b"keep-alive", b"close", b"chunked", b"100-continue", b"caf\xc3\xa9",
                                        b"\x7f", b"a\x00b", b"x\r\n folded", b"a\rb", b"a\nb"]), st.binary(max_size=8))
WS = st.sampled_from([b"", b" ", b" ", b" ", b"\t", b"  "])
PLAIN_LINE = st.tuples(PLAIN_NAMES, WS, PLAIN_VALUES, WS).map(lambda p: p[0] + b":" + p[1] + p[2] + p[3])
ODD_LINE = st.one_of(
    st.tuples(ODD_NAMES, WS, PLAIN_VALUES | ODD_VALUES, WS).map(lambda p: p[0] + b":" + p[1] + p[2] + p[3]),
    st.tuples(PLAIN_NAMES, WS, ODD_VALUES, WS).map(lambda p: p[0] + b":" + p[1] + p[2] + p[3]),
    st.sampled_from([b" folded", b"\tfolded", b"NoColon", b"X-Id : space before colon"]),
)
# Mostly plain lines, so that the short way often accepts and the comparison bites.
LINES = st.lists(st.one_of(PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, PLAIN_LINE, ODD_LINE),
                 max_size=4)


def often(common: T, *others: T) -> st.SearchStrategy[T]:
    """`common` seven times in eight, else one of `others`."""
    return st.sampled_from([common] * 7 * len(others) + list(others))


@st.composite
def header_block(draw: st.DrawFn, body: bytes, *, host: bool, declared: bool = True) -> bytes:
    """Header lines and the empty line: a Content-Length that is right (mostly), wrong, doubled,
    malformed or missing, among plain lines and now and then an odd one."""
    lines = draw(LINES)
    length = draw(often(b"right", b"off", b"none", b"twice", b"odd") if declared else often(b"none", b"right"))
    if length in (b"right", b"twice"):
        lines += [b"Content-Length: " + str(len(body)).encode()] * (2 if length == b"twice" else 1)
    elif length == b"off":
        lines.append(b"Content-Length: " + str(len(body) + draw(st.sampled_from([-1, 1, 7]))).encode())
    elif length == b"odd":
        lines.append(b"Content-Length: " + draw(st.sampled_from([b"+1", b"0x1", b"1 1", b"", b"00", b"9" * 20])))
    if host:
        lines.append(draw(often(b"Host: 127.0.0.1", b"Host:", b"Host: a b", b"hOsT: x")))
    lines = draw(st.permutations(lines))
    return b"".join(line + b"\r\n" for line in lines) + b"\r\n"


@st.composite
def answers(draw: st.DrawFn) -> bytes:
    version = draw(often(b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2", b"http/1.1", b"HTTP/1.1 "))
    status = draw(often(b"200", b"404", b"500", b"204", b"304", b"100", b"101", b"099", b"600", b"20", b"2000"))
    reason = draw(often(b" OK", b" Not Found", b" ", b"", b" \tx", b" caf\xe9", b" a\x00", b" a\rb"))
    body = draw(st.binary(max_size=40))
    tail = draw(often(b"", b"x", b"\r\n", b"HTTP/1.1 200 OK\r\n\r\n"))
    return version + b" " + status + reason + b"\r\n" + draw(header_block(body, host=False)) + body + tail


@st.composite
def requests(draw: st.DrawFn) -> bytes:
    method = draw(st.sampled_from([b"GET", b"POST", b"PUT", b"DELETE"] * 3 + [b"HEAD", b"PATCH", b"get", b"CONNECT"]))
    target = draw(often(b"/api/v2/cmdb/firewall/address", b"/x?vdom=root&filter=name=@a", b"/", b"*", b"x",
                        b"/caf\xc3\xa9", b"/a b", b"http://h/x", b"/a\x7f"))
    version = draw(often(b"HTTP/1.1", b"HTTP/1.0", b"HTTP/1.2", b"HTTP/1.1 "))
    with_body = method in (b"POST", b"PUT") or draw(often(b"no", b"yes")) == b"yes"
    body = draw(st.binary(max_size=40)) if with_body else b""
    tail = draw(often(b"", b"G", b"\r\n", b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
    head = method + b" " + target + b" " + version + b"\r\n"
    host = draw(often(b"host", b"none")) == b"host"
    return head + draw(header_block(body, host=host, declared=method in (b"POST", b"PUT"))) + body + tail


# -- the client's reading ---------------------------------------------------------------------------


def h11_reading(answer: bytes, limits: Limits) -> tuple[Response, bool] | type[Exception]:
    """What a connection reads from `answer` through h11 (a first exchange never goes the short way)."""
    connection = HTTP11Connection(limits)
    _, target = origin_of(URL)
    connection.send_request(REQUEST, target, "127.0.0.1:8080")
    try:
        response = connection.receive_data(answer)
        if response is None:
            return ProtocolFailure  # h11 wants more: the short way must not have been content
        return response, connection.start_next_cycle()
    except (ProtocolFailure, TooLarge) as exc:
        return type(exc)


def short_reading(answer: bytes, limits: Limits) -> Response | None:
    """What the short way alone makes of `answer` on a connection's second, identical request."""
    connection = HTTP11Connection(limits)
    _, target = origin_of(URL)
    first = connection.send_request(REQUEST, target, "127.0.0.1:8080")
    assert connection.receive_data(FIRST_ANSWER) is not None and connection.start_next_cycle()
    assert connection.send_request(REQUEST, target, "127.0.0.1:8080") == first  # the short way out
    return connection._simple_response(answer)


@settings(max_examples=600, deadline=None)
@given(answers(), st.one_of(st.just(Limits()), st.builds(
    Limits, max_header_bytes=st.integers(45, 200), max_body_bytes=st.integers(2, 50))))
def test_an_answer_the_short_way_reads_is_read_the_same_by_h11(answer: bytes, limits: Limits) -> None:
    short = short_reading(answer, limits)
    event("the short way read it" if short is not None else "the short way declined")
    if short is not None:
        assert h11_reading(answer, limits) == (short, True)


@settings(max_examples=200, deadline=None)
@given(answers())
def test_the_connection_reads_an_answer_as_h11_does_whichever_way_it_takes(answer: bytes) -> None:
    """Through the public calls: the second exchange (short way out) ends as the first (h11) does."""
    expected = h11_reading(answer, Limits())
    connection = HTTP11Connection(Limits())
    _, target = origin_of(URL)
    connection.send_request(REQUEST, target, "127.0.0.1:8080")
    assert connection.receive_data(FIRST_ANSWER) is not None and connection.start_next_cycle()
    connection.send_request(REQUEST, target, "127.0.0.1:8080")
    try:
        response = connection.receive_data(answer)
        got: object = ProtocolFailure if response is None else (response, connection.start_next_cycle())
    except (ProtocolFailure, TooLarge) as exc:
        got = type(exc)
    assert got == expected


# -- the emulator's reading -------------------------------------------------------------------------


def h11_request(data: bytes) -> tuple[SimpleRequest, bool] | None:
    """The request h11 reads from `data` (None: not one whole request), and whether that was
    all of `data` and the connection may serve another once this one is answered."""
    connection = h11.Connection(h11.SERVER)
    try:
        connection.receive_data(data)
        request = connection.next_event()
        if not isinstance(request, h11.Request):
            return None
        body = b""
        while type(part := connection.next_event()) is h11.Data:
            body += part.data
        if type(part) is not h11.EndOfMessage:
            return None
    except h11.RemoteProtocolError:
        return None
    alone = not connection.trailing_data[0]  # nothing pipelined behind it
    connection.send(h11.Response(status_code=200, headers=[("Content-Length", "0")]))
    connection.send(h11.EndOfMessage())
    kept = connection.our_state is h11.DONE and connection.their_state is h11.DONE
    headers = [(name.decode("ascii"), value.decode("ascii")) for name, value in request.headers]
    return SimpleRequest(request.method.decode(), request.target.decode(), headers, body), alone and kept


@settings(max_examples=600, deadline=None)
@given(requests(), often(64 * 1024, 30, 60, 90, 120), often(1024 * 1024, 0, 3, 10))
def test_a_request_the_emulator_reads_the_short_way_is_read_the_same_by_h11(
        data: bytes, max_head: int, max_body: int) -> None:
    short = simple_request(data, max_head, max_body)
    event("the short way read it" if short is not None else "the short way declined")
    if short is not None:
        assert h11_request(data) == (short, True)
        assert data.index(b"\r\n\r\n") + 4 <= max_head and len(short.body) <= max_body
