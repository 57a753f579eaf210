"""Which transport a FortiOS client gets, what it imports, and the options that shape it."""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
import subprocess
import sys
import warnings
from typing import Any

import pytest
import trio

from hfortix import ConfigurationError, FortiOS
from hfortix._transport_choice import environment_proxy
from hfortix.testing import FortiGateEmulator
from hfortix.transports import AsyncH11Transport, H11Transport, HTTPTransport, InsecureTransportWarning, _tls

IO_LIBRARIES = ("anyio", "httpx", "httpcore", "trio", "sniffio")

IMPORTS = f"""
import asyncio, json, sys
from hfortix import FortiOS
url, token, mode, transport = sys.argv[1:]
if mode == "sync":
    with FortiOS(url, token=token, transport=transport) as fgt:
        fgt.api.cmdb.firewall.address.list()
else:
    async def main():
        async with FortiOS(url, token=token, mode="async", transport=transport) as fgt:
            await fgt.api.cmdb.firewall.address.list()
    asyncio.run(main())
print(json.dumps(sorted({{name.split(".")[0] for name in sys.modules}} & set({IO_LIBRARIES!r}))))
"""


@pytest.fixture(scope="module")
def emu() -> Any:
    with FortiGateEmulator(http=True) as emulator:
        yield emulator


@pytest.mark.slow
@pytest.mark.parametrize(("mode", "transport", "expected"), [
    ("sync", "h11", []),  # neither anyio nor httpx
    ("async", "h11", ["anyio", "sniffio"]),  # anyio only (sniffio is anyio's own)
    ("sync", "httpx", ["anyio", "httpcore", "httpx", "sniffio", "trio"]),  # httpx's own imports, trio included
])
def test_each_mode_imports_only_what_it_uses(emu: Any, mode: str, transport: str, expected: list[str]) -> None:
    result = subprocess.run([sys.executable, "-c", IMPORTS, emu.url, emu.token, mode, transport],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.splitlines()[-1])
    assert loaded == expected


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_client_made_and_not_used_imports_no_socket_or_http_code(mode: str) -> None:
    # Its transport is made at its first call; start-up pays for neither h11 nor socket (an
    # async client looks anyio up once, when it is made).
    code = ("import sys; from hfortix import FortiOS; FortiOS('127.0.0.1', token='t', mode=sys.argv[1]); "
            "print(sorted({name.split('.')[0] for name in sys.modules} & {'h11', 'socket', 'ssl', 'anyio'}))")
    result = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == (["[]"] if mode == "sync" else ["['anyio']"])


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("options", "says"), [
    ({"verify": 5}, "verify must be True, False, a CA bundle path or an ssl.SSLContext"),
    ({"verify": "/no/such/ca.pem"}, "no CA bundle file or directory"),
    ({"timeout": -1}, "timeout must be a positive, finite number"),
    ({"timeout": True}, "timeout must be a number of seconds"),
])
def test_bad_transport_options_are_refused_when_the_client_is_made(mode: str, options: Any, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        FortiOS("127.0.0.1", token="t", mode=mode, **options)


@pytest.mark.parametrize("flavor", ["sync", "asyncio"])
def test_verify_false_warns_once_when_the_client_is_made(flavor: str) -> None:
    with FortiGateEmulator() as tls_emu:
        with pytest.warns(InsecureTransportWarning) as caught:
            fgt = FortiOS(tls_emu.host, token=tls_emu.token, verify=False, mode="sync" if flavor == "sync" else "async")
        assert len(caught) == 1 and caught[0].filename == __file__  # blames the user's line
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the transport, made at the first call, warns no more
            if flavor == "sync":
                with fgt:
                    assert fgt.api.monitor.system.status.get()["hostname"]
            else:
                async def call() -> Any:
                    async with fgt:
                        return await fgt.api.monitor.system.status.get()
                assert asyncio.run(call())["hostname"]


def test_the_default_is_our_own_transport_and_httpx_is_a_choice() -> None:
    assert isinstance(FortiOS("127.0.0.1", token="t")._runner.transport, H11Transport)
    assert isinstance(FortiOS("127.0.0.1", token="t", transport="h11")._runner.transport, H11Transport)
    assert isinstance(FortiOS("127.0.0.1", token="t", transport="httpx")._runner.transport, HTTPTransport)
    with pytest.raises(ConfigurationError, match="transport must be 'h11', 'httpx'"):
        FortiOS("127.0.0.1", token="t", transport="requests")


def test_max_connections_follows_max_concurrency_or_says_what_to_set() -> None:
    assert FortiOS("127.0.0.1", token="t")._runner.transport._pool.max_connections == 20
    fgt = FortiOS("127.0.0.1", token="t", max_concurrency=32)
    assert fgt._runner.transport._pool.max_connections == 32  # no silent cap at 20
    assert FortiOS("127.0.0.1", token="t", max_concurrency=8, max_connections=8)._runner.transport._pool \
        .max_connections == 8
    with pytest.raises(ConfigurationError, match="set max_connections=32"):
        FortiOS("127.0.0.1", token="t", max_concurrency=32, max_connections=20)
    with pytest.raises(ConfigurationError, match="max_connections"):
        FortiOS("127.0.0.1", token="t", max_connections=0)


@pytest.mark.parametrize("transport", ["h11", "httpx"])
def test_one_async_client_from_two_asyncio_runs(emu: Any, transport: str) -> None:
    """A notebook calls asyncio.run() once per cell; the client outlives each loop."""
    fgt: FortiOS[Any] = FortiOS(emu.url, token=emu.token, mode="async", transport=transport, max_concurrency=2)

    async def burst() -> list[Any]:
        return await asyncio.gather(*(fgt.api.monitor.system.status.get() for _ in range(4)))

    for _ in range(3):
        assert len(asyncio.run(burst())) == 4
    asyncio.run(fgt.aclose())


def test_our_transport_serves_asyncio_then_trio(emu: Any) -> None:
    fgt: FortiOS[Any] = FortiOS(emu.url, token=emu.token, mode="async")

    async def one() -> Any:
        return await fgt.api.monitor.system.status.get()

    assert asyncio.run(one()) == trio.run(one) == asyncio.run(one())
    asyncio.run(fgt.aclose())


@pytest.mark.parametrize(("transport", "says"), [
    (None, "transport: hfortix's own (h11), connecting to https://10.0.0.1 directly although HTTPS_PROXY names "
           "the proxy http://127.0.0.1:3128; pass transport='httpx' (pip install 'hfortix[httpx]') to go through it"),
    ("httpx", "transport: httpx, through the proxy http://127.0.0.1:3128 that HTTPS_PROXY names for "
              "https://10.0.0.1"),
])
def test_a_proxy_in_the_environment_is_logged_with_the_transport_used(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, transport: Any, says: str) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://user:secret@127.0.0.1:3128")
    caplog.set_level(logging.INFO, logger="hfortix")

    def made_and_closed() -> None:
        # The transport, and its log line, are made at the first call; made here without one
        # (10.0.0.1 is never contacted).
        fgt = FortiOS("10.0.0.1", token="t", transport=transport)
        assert caplog.records == []
        assert fgt._runner.transport is not None
        fgt.close()

    made_and_closed()
    assert [record.getMessage() for record in caplog.records] == [says]  # no proxy password either
    caplog.clear()
    monkeypatch.setenv("NO_PROXY", "10.0.0.1")
    made_and_closed()
    assert caplog.records == []


def test_tls_contexts_are_shared_lazy_and_cheap(monkeypatch: pytest.MonkeyPatch, emu: Any) -> None:
    built: list[Any] = []
    real_build = _tls._build
    monkeypatch.setattr(_tls, "_build", lambda key: built.append(key) or real_build(key))
    monkeypatch.setattr(_tls, "_contexts", {})
    with H11Transport() as transport:  # verify=True over http://: no context at all
        transport.send(_status(emu))
    assert built == []
    first, second = _tls.TLSSettings(True).context(), _tls.TLSSettings(True).context()
    assert first is second and len(built) == 1  # one per setting, shared by the process
    assert first.get_ca_certs() or first.cert_store_stats()["x509_ca"] >= 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        insecure = _tls.TLSSettings(False).context()
    assert insecure.verify_mode == ssl.CERT_NONE and insecure.cert_store_stats()["x509"] == 0  # no CA store
    assert insecure is not first and len(built) == 2
    assert AsyncH11Transport(verify=True)._tls.context() is first


def _status(emu: Any) -> Any:
    from hfortix.core import Request

    return Request("GET", emu.url + "/api/v2/monitor/system/status", (("Authorization", f"Bearer {emu.token}"),))


class Counting:
    """Our own transport, counting what it is asked to send."""

    def __init__(self) -> None:
        self.inner = H11Transport()
        self.sent: list[str] = []

    def send(self, request: Any) -> Any:
        self.sent.append(request.method)
        return self.inner.send(request)

    def close(self) -> None:
        self.inner.close()


def test_a_post_that_never_left_is_sent_again() -> None:
    import socket

    from hfortix import ConnectionError

    with socket.socket() as probe:  # a port nothing listens on: every attempt is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    counting = Counting()
    with FortiOS(f"http://127.0.0.1:{port}", token="t", retries=2, backoff=0.01, transport=counting) as fgt, \
            pytest.raises(ConnectionError) as caught:
        fgt.api.cmdb.firewall.address.create(name="never-left", subnet="10.0.0.1/32")
    assert caught.value.request_sent is False
    assert counting.sent == ["POST", "POST", "POST"]  # refused: nothing was sent, so it may go again


def test_the_httpx_transport_without_httpx_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx is the `httpx` extra, not a base dependency: asking for it without it is a clear
    # error at construction, before anything is sent, not an ImportError at the first call.
    monkeypatch.setitem(sys.modules, "httpx", None)  # as if it were not installed
    with pytest.raises(ConfigurationError, match=r"transport='httpx' needs httpx.*hfortix\[httpx\]"):
        FortiOS("127.0.0.1", token="t" * 30, transport="httpx")
    FortiOS("127.0.0.1", token="t" * 30).close()  # the default transport does not need it


def test_the_base_install_does_not_require_httpx() -> None:
    from importlib.metadata import requires

    required = [line for line in requires("hfortix") or [] if "extra ==" not in line]
    assert not any(line.startswith("httpx") for line in required), required
    assert any(line.startswith("httpx") and 'extra == "httpx"' in line for line in requires("hfortix") or [])


def test_an_httpx_transport_class_without_httpx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import hfortix.transports as transports

    monkeypatch.setitem(sys.modules, "httpx", None)  # as if it were not installed
    for module in ("hfortix.transports.sync_http", "hfortix.transports._client", "hfortix.transports._wire"):
        monkeypatch.delitem(sys.modules, module, raising=False)  # imported anew, so they meet the missing httpx
    monkeypatch.delitem(vars(transports), "HTTPTransport", raising=False)
    with pytest.raises(ModuleNotFoundError, match=r"HTTPTransport runs on httpx.*hfortix\[httpx\]"):
        transports.HTTPTransport  # noqa: B018 - the lookup is what is tested


@pytest.mark.parametrize("variable", ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"])
def test_each_proxy_variable_is_seen(monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    for name in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy",
                 "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert environment_proxy("https://10.0.0.1") is None
    monkeypatch.setenv(variable, "http://127.0.0.1:3128")
    found = environment_proxy("https://10.0.0.1")
    assert found is not None and found[0] == "http://127.0.0.1:3128"
    assert environment_proxy("http://10.0.0.1") == (None if variable.lower().startswith("https") else found)
