"""Constructor validation, Timeouts, and the Transport/AsyncTransport protocols."""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

import pytest

from hfortix.core import Request, Response, errors
from hfortix.transports import (
    AsyncH11Transport,
    AsyncHTTPTransport,
    AsyncioTransport,
    AsyncTransport,
    H11Transport,
    HTTPTransport,
    InsecureTransportWarning,
    Timeouts,
    Transport,
    TrioTransport,
)

ALL_SOCKET_TRANSPORTS = [H11Transport, AsyncH11Transport, HTTPTransport, AsyncHTTPTransport, AsyncioTransport,
                         TrioTransport]


class UserTransport:
    """What a user might write: no base class, just the methods."""

    def send(self, request: Request) -> Response:
        return Response(200, (), b"canned")

    def close(self) -> None:
        pass


class UserAsyncTransport:
    async def send(self, request: Request) -> Response:
        return Response(200, (), b"canned")

    async def aclose(self) -> None:
        pass


def test_protocols_recognise_user_written_transports() -> None:
    assert isinstance(UserTransport(), Transport)
    assert not isinstance(UserTransport(), AsyncTransport)
    assert isinstance(UserAsyncTransport(), AsyncTransport)
    assert not isinstance(UserAsyncTransport(), Transport)
    assert not isinstance(object(), Transport)


def test_our_transports_satisfy_exactly_their_protocol() -> None:
    with HTTPTransport() as sync_transport:
        assert isinstance(sync_transport, Transport)
        assert not isinstance(sync_transport, AsyncTransport)
    for async_class in (AsyncHTTPTransport, AsyncioTransport, TrioTransport):
        async_transport = async_class()
        assert isinstance(async_transport, AsyncTransport)
        assert not isinstance(async_transport, Transport)


def test_timeouts_defaults_and_per_request_override() -> None:
    timeouts = Timeouts()
    assert (timeouts.connect, timeouts.read, timeouts.write, timeouts.pool) == (10.0, 60.0, 60.0, 60.0)
    assert timeouts.for_request(None) == {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}
    assert timeouts.for_request(3) == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 60.0}
    with pytest.raises(AttributeError):
        timeouts.read = 1  # type: ignore[misc]


@pytest.mark.parametrize("bad", [0, -1, float("inf"), float("nan"), True, "5", None])
def test_timeouts_reject_non_positive_or_non_numbers(bad: Any) -> None:
    with pytest.raises(errors.ConfigurationError, match=r"Timeouts\.read"):
        Timeouts(read=bad)
    for transport_class in ALL_SOCKET_TRANSPORTS:
        with pytest.raises(errors.ConfigurationError, match="timeout"):
            transport_class(timeout=bad)


def test_a_bad_request_timeout_is_a_configuration_error(http_server: Any) -> None:
    with HTTPTransport() as transport, pytest.raises(errors.ConfigurationError, match=r"Request\.timeout"):
        transport.send(Request("GET", http_server.url("/echo"), timeout=-1))


@pytest.mark.parametrize("transport_class", ALL_SOCKET_TRANSPORTS)
@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"max_connections": 0}, "max_connections"),
        ({"max_connections": True}, "max_connections"),
        ({"max_connections": 2, "max_keepalive_connections": 3}, "max_keepalive_connections"),
        ({"max_keepalive_connections": -1}, "max_keepalive_connections"),
        ({"verify": 1}, "verify"),
        ({"verify": "/nonexistent/ca.pem"}, "no CA bundle"),
    ],
)
def test_bad_options_raise_configuration_error_naming_them(
    transport_class: type[Any], options: dict[str, Any], problem: str
) -> None:
    with pytest.raises(errors.ConfigurationError, match=problem):
        transport_class(**options)


def test_a_file_that_is_not_a_ca_bundle_is_rejected(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(errors.ConfigurationError, match="cannot load CA certificates"):
        HTTPTransport(verify=str(junk))


def test_a_ca_path_may_be_a_pathlike(ca_bundle: str) -> None:
    with HTTPTransport(verify=Path(ca_bundle)):
        pass


@pytest.mark.parametrize("transport_class", ALL_SOCKET_TRANSPORTS)
def test_an_unverifying_ssl_context_also_warns(transport_class: type[Any]) -> None:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with pytest.warns(InsecureTransportWarning) as caught:
        transport_class(verify=context)
    assert len(caught) == 1 and caught[0].filename == __file__


@pytest.mark.parametrize("transport_class", [H11Transport, AsyncH11Transport])
@pytest.mark.parametrize(("options", "problem"), [
    ({"max_response_bytes": 0}, "max_response_bytes"),
    ({"max_header_bytes": 100}, "max_header_bytes"),
    ({"keepalive_expiry": -1}, "keepalive_expiry"),
    ({"keepalive_expiry": float("nan")}, "keepalive_expiry"),
])
def test_our_transports_check_their_own_options(transport_class: type[Any], options: dict[str, Any],
                                                problem: str) -> None:
    with pytest.raises(errors.ConfigurationError, match=problem):
        transport_class(**options)
