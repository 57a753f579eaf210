"""HTTPTransport against a real HTTP/1.1 server on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import threading
import uuid
import warnings
from typing import Any

import httpx
import pytest

from hfortix.core import Request, Response, errors
from hfortix.transports import HTTPTransport, InsecureTransportWarning, Timeouts, TransportClosedError


def echo(response: Response) -> dict[str, Any]:
    assert response.status_code == 200, response
    report: dict[str, Any] = json.loads(response.content)
    return report


def test_request_goes_out_exactly_as_given(http_server: Any) -> None:
    headers = (("X-Dup", "1"), ("Accept", "application/json"), ("X-Dup", "2"))
    with HTTPTransport() as transport:
        response = transport.send(
            Request("POST", http_server.url("/echo?vdom=root&filter=name==a%2Fb"), headers, b"\x00{}\xff")
        )
    report = echo(response)
    assert report["method"] == "POST"
    assert report["target"] == "/echo?vdom=root&filter=name==a%2Fb"
    assert report["body"] == "\x00{}\xff"
    sent = [tuple(pair) for pair in report["headers"]]
    user_agent = dict(sent)["User-Agent"]
    assert user_agent.startswith("hfortix/")
    # Only framing is added: no Accept-Encoding, Connection or Cookie surprises.
    assert sent == [
        ("Host", http_server.origin.removeprefix("http://")),
        *headers,
        ("User-Agent", user_agent),
        ("Content-Length", "4"),
    ]


def test_callers_user_agent_and_host_are_kept(http_server: Any) -> None:
    headers = (("User-Agent", "my-tool/1"), ("Host", "fortigate.example"))
    with HTTPTransport() as transport:
        report = echo(transport.send(Request("GET", http_server.url("/echo"), headers)))
    assert [tuple(pair) for pair in report["headers"]] == [headers[1], headers[0]]  # Host first


def test_response_headers_keep_order_case_and_repeats(http_server: Any) -> None:
    with HTTPTransport() as transport:
        response = transport.send(Request("GET", http_server.url("/headers")))
    names = [name for name, _ in response.headers]
    assert names.index("X-Dup") < names.index("X-Mixed-Case")
    assert [pair for pair in response.headers if pair[0].startswith("X-")] == [
        ("X-Dup", "one"),
        ("X-Mixed-Case", "yes"),
        ("X-Dup", "two"),
    ]


def test_compressed_body_is_returned_as_sent(http_server: Any) -> None:
    with HTTPTransport() as transport:
        response = transport.send(Request("GET", http_server.url("/gzip")))
    assert response.header("Content-Encoding") == "gzip"
    assert gzip.decompress(response.content) == b"hello"


@pytest.mark.parametrize("status", [204, 404, 500])
def test_error_statuses_are_answers_not_exceptions(http_server: Any, status: int) -> None:
    with HTTPTransport() as transport:
        response = transport.send(Request("GET", http_server.url(f"/status?code={status}")))
    assert response.status_code == status


def test_redirects_are_returned_not_followed(http_server: Any) -> None:
    with HTTPTransport() as transport:
        response = transport.send(Request("GET", http_server.url("/redirect")))
    assert response.status_code == 302
    assert response.header("Location") == "/echo"


def test_cookies_from_the_server_are_not_sent_back(http_server: Any) -> None:
    with HTTPTransport() as transport:
        first = transport.send(Request("GET", http_server.url("/set-cookie")))
        assert first.header("Set-Cookie") == "session=secret; Path=/"
        report = echo(transport.send(Request("GET", http_server.url("/echo"))))
    assert "cookie" not in {name.lower() for name, _ in report["headers"]}


def test_keep_alive_reuses_one_connection(http_server: Any) -> None:
    with HTTPTransport() as transport:
        echo(transport.send(Request("GET", http_server.url("/echo"))))
        before = http_server.connections
        for _ in range(5):
            echo(transport.send(Request("POST", http_server.url("/echo"), content=b"x")))
        assert http_server.connections == before


def test_read_timeout_raises_timeout_error_without_the_query(http_server: Any) -> None:
    tag = uuid.uuid4().hex
    url = http_server.url(f"/hold?tag={tag}&access_token=SECRET")
    with HTTPTransport(timeout=Timeouts(read=0.1)) as transport:
        with pytest.raises(errors.TimeoutError) as caught:
            transport.send(Request("GET", url))
        http_server.release(tag)
        error = caught.value
        assert isinstance(error.__cause__, httpx.ReadTimeout)
        assert (error.method, error.url) == ("GET", http_server.url("/hold"))
        assert "read timeout" in str(error) and "SECRET" not in str(error)
        # The timed-out connection was dropped; the transport carries on.
        echo(transport.send(Request("GET", http_server.url("/echo"))))


def test_request_timeout_overrides_the_transports(http_server: Any) -> None:
    tag = uuid.uuid4().hex
    with HTTPTransport(timeout=30) as transport, pytest.raises(errors.TimeoutError):
        transport.send(Request("GET", http_server.url(f"/hold?tag={tag}"), timeout=0.1))
    http_server.release(tag)


def test_timeout_mid_body_raises_timeout_error(http_server: Any) -> None:
    tag = uuid.uuid4().hex
    with HTTPTransport(timeout=Timeouts(read=0.1)) as transport, pytest.raises(errors.TimeoutError):
        transport.send(Request("GET", http_server.url(f"/slow-body?tag={tag}")))
    http_server.release(tag)


def test_pool_timeout_when_every_connection_is_busy(http_server: Any) -> None:
    tag = uuid.uuid4().hex
    with HTTPTransport(max_connections=1, timeout=Timeouts(pool=0.1)) as transport:
        held = Request("GET", http_server.url(f"/hold?tag={tag}"))
        holder = threading.Thread(target=transport.send, args=(held,))
        holder.start()
        try:
            http_server.wait_until_holding(tag)
            with pytest.raises(errors.TimeoutError, match="pool timeout"):
                transport.send(Request("GET", http_server.url("/echo")))
        finally:
            http_server.release(tag)
            holder.join()
        echo(transport.send(Request("GET", http_server.url("/echo"))))


def test_refused_connection_raises_connection_error(refused_url: str) -> None:
    with HTTPTransport() as transport, pytest.raises(errors.ConnectionError) as caught:
        transport.send(Request("GET", refused_url + "?access_token=SECRET"))
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.url == refused_url
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize("path", ["/reset", "/truncate"])
def test_peer_hanging_up_raises_connection_error(http_server: Any, path: str) -> None:
    with HTTPTransport() as transport:
        with pytest.raises(errors.ConnectionError) as caught:
            transport.send(Request("GET", http_server.url(path)))
        assert isinstance(caught.value.__cause__, httpx.TransportError)
        echo(transport.send(Request("GET", http_server.url("/echo"))))


def test_invalid_header_raises_connection_error_not_httpx(http_server: Any) -> None:
    with HTTPTransport() as transport, pytest.raises(errors.ConnectionError):
        transport.send(Request("GET", http_server.url("/echo"), (("X-Bad", "a\r\nInjected: yes"),)))


def test_https_verified_against_a_ca_bundle(https_server: Any, ca_bundle: str) -> None:
    with HTTPTransport(verify=ca_bundle) as transport:
        report = echo(transport.send(Request("GET", https_server.url("/echo"))))
    assert report["method"] == "GET"


def test_https_with_a_callers_ssl_context(https_server: Any, certificate_authority: Any) -> None:
    import ssl

    context = ssl.create_default_context()
    certificate_authority.configure_trust(context)
    with HTTPTransport(verify=context) as transport:
        echo(transport.send(Request("GET", https_server.url("/echo"))))


def test_https_verification_failure_raises_connection_error(https_server: Any) -> None:
    transport = HTTPTransport()  # the system CAs do not know trustme's
    with transport, pytest.raises(errors.ConnectionError, match="CERTIFICATE_VERIFY_FAILED") as caught:
        transport.send(Request("GET", https_server.url("/echo")))
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_verify_false_warns_once_at_construction_and_never_per_request(https_server: Any) -> None:
    with pytest.warns(InsecureTransportWarning) as construction:
        transport = HTTPTransport(verify=False)
    assert len(construction) == 1
    assert construction[0].filename == __file__  # blames the caller's line, not ours
    with transport, warnings.catch_warnings(record=True) as later:
        warnings.simplefilter("always")
        for _ in range(3):
            echo(transport.send(Request("GET", https_server.url("/echo"))))
    assert later == []


def test_close_is_idempotent_and_a_closed_transport_refuses(http_server: Any) -> None:
    transport = HTTPTransport()
    echo(transport.send(Request("GET", http_server.url("/echo"))))
    transport.close()
    transport.close()
    assert transport.closed
    with pytest.raises(TransportClosedError, match="closed") as caught:
        transport.send(Request("GET", http_server.url("/echo?access_token=SECRET")))
    assert isinstance(caught.value, errors.ConnectionError) and isinstance(caught.value, errors.FortiOSError)
    assert caught.value.url == http_server.url("/echo") and "SECRET" not in str(caught.value)


def test_context_manager_closes(http_server: Any) -> None:
    with HTTPTransport() as transport:
        pass
    assert transport.closed
