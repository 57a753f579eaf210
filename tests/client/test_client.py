"""FortiOS against the emulator over real sockets: one module, three modes (sync, asyncio,
trio), HTTPS verified against the emulator's CA and plain HTTP.

Every test is an `async def` driven by anyio; in the "sync" flavour the client is a sync
FortiOS and `resolve()` hands its plain values straight back, so the same test body checks
all three. The emulator runs in its own thread, so blocking sync calls inside the test's
event loop are fine.
"""

from __future__ import annotations

import logging
import uuid
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anyio
import httpx
import pytest
from modes import connect, resolve

from hfortix import (
    AuthenticationError,
    CertificateError,
    ConfigurationError,
    ConnectionError,
    EntryInUseError,
    FortiOS,
    FortiOSError,
    MethodNotAllowedError,
    PermissionDeniedError,
    RateLimitError,
    ResourceAlreadyExistsError,
    ResourceNotFoundError,
    ServerError,
    TimeoutError,
    ValidationError,
)
from hfortix.core import Request, Response
from hfortix.testing import FortiGateEmulator

pytestmark = pytest.mark.anyio
FLAVORS = ["sync", "asyncio", "trio"]
RO_TOKEN = "read-only-token-0123456789"


@pytest.fixture(params=FLAVORS)
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def anyio_backend(flavor: str) -> str:
    return "trio" if flavor == "trio" else "asyncio"


@pytest.fixture(scope="module", params=["https", "http"])
def emu(request: pytest.FixtureRequest) -> Any:
    with FortiGateEmulator(http=request.param == "http", vdoms=("root", "dmz"),
                           readonly_token=RO_TOKEN) as emulator:
        yield emulator


@pytest.fixture
def fresh() -> Any:
    """An emulator of the test's own, for tests that inject faults or count requests."""
    with FortiGateEmulator() as emulator:
        yield emulator


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def test_crud_through_the_endpoint_tree(flavor: str, emu: Any) -> None:
    name = unique("web server/1")  # a space and a slash travel percent-encoded
    async with connect(flavor, emu) as fgt:
        address = fgt.api.cmdb.firewall.address
        assert await resolve(address.exists(name)) is False
        written = await resolve(address.create(name=name, subnet="10.0.1.50/32", comment="by test"))
        assert written["mkey"] == name and written["status"] == "success"
        assert await resolve(address.exists(name)) is True
        row = await resolve(address.get(name))
        assert row["name"] == name and row["subnet"] == "10.0.1.50 255.255.255.255"
        await resolve(address.update(name=name, comment="changed"))
        assert (await resolve(address.get(name)))["comment"] == "changed"
        assert name in [r["name"] for r in await resolve(address.list())]
        filtered = await resolve(address.list(filter=f"name=={name}"))
        assert [r["name"] for r in filtered] == [name]
        answer = await resolve(address.set(name=name, comment="upserted"))
        assert answer["action"] == "updated"
        await resolve(address.delete(name))
        assert await resolve(address.exists(name)) is False
        assert emu.app is not None


async def test_move_clone_and_schema(flavor: str, emu: Any) -> None:
    async with connect(flavor, emu) as fgt:
        policy = fgt.api.cmdb.firewall.policy
        ids = []
        for name in (unique("p1"), unique("p2"), unique("p3")):
            answer = await resolve(policy.create(name=name, srcintf=[{"name": "port1"}], dstintf=[{"name": "port2"}],
                                                 srcaddr=[{"name": "all"}], dstaddr=[{"name": "all"}],
                                                 service=[{"name": "ALL"}], schedule="always", action="accept"))
            ids.append(answer["mkey"])
        await resolve(policy.move(ids[2], before=ids[0]))
        order = [row["policyid"] for row in await resolve(policy.list()) if row["policyid"] in ids]
        assert order == [ids[2], ids[0], ids[1]]
        with pytest.raises(ConfigurationError):
            await resolve(policy.move(ids[0], before=ids[1], after=ids[2]))
        name = unique("orig")
        await resolve(fgt.api.cmdb.firewall.address.create(name=name, subnet="10.3.3.3/32"))
        await resolve(fgt.api.cmdb.firewall.address.clone(name, name + "-copy"))
        copy = await resolve(fgt.api.cmdb.firewall.address.get(name + "-copy"))
        assert copy["subnet"] == "10.3.3.3 255.255.255.255"
        schema = await resolve(fgt.api.cmdb.firewall.address.schema())
        assert isinstance(schema, dict) and schema


async def test_a_transaction_commits_together_or_aborts(flavor: str, emu: Any) -> None:
    first, second, group = unique("tx-a"), unique("tx-b"), unique("tx-g")
    async with connect(flavor, emu) as fgt, connect(flavor, emu) as observer:
        address = fgt.api.cmdb.firewall.address
        transaction = fgt.transaction(timeout=30)
        if flavor == "sync":
            transaction.__enter__()
        else:
            await transaction.__aenter__()
        await resolve(address.create(name=first, subnet="10.5.0.1/32"))
        await resolve(fgt.api.cmdb.firewall.addrgrp.create(name=group, member=[{"name": first}]))
        # Staged, not applied: another client (no transaction) does not see it yet.
        assert await resolve(observer.api.cmdb.firewall.address.exists(first)) is False
        if flavor == "sync":
            transaction.__exit__(None, None, None)
        else:
            await transaction.__aexit__(None, None, None)
        assert transaction.outcome == "committed"
        assert await resolve(observer.api.cmdb.firewall.addrgrp.exists(group)) is True

        aborted = fgt.transaction()
        if flavor == "sync":
            with pytest.raises(RuntimeError), aborted:
                address.create(name=second, subnet="10.5.0.2/32")
                raise RuntimeError("changed my mind")
        else:
            with pytest.raises(RuntimeError):
                async with aborted:
                    await address.create(name=second, subnet="10.5.0.2/32")
                    raise RuntimeError("changed my mind")
        assert aborted.outcome == "aborted"
        assert await resolve(address.exists(second)) is False


def test_transactions_refuse_misuse() -> None:
    fgt = FortiOS("127.0.0.1:1", token="t")
    with pytest.raises(ConfigurationError, match=r"with fgt\.transaction"):
        anyio.run(fgt.transaction().__aenter__)
    with pytest.raises(ConfigurationError):
        fgt.transaction(timeout=0).__enter__()


async def test_crud_through_request(flavor: str, emu: Any) -> None:
    name = unique("req")
    async with connect(flavor, emu) as fgt:
        await resolve(fgt.request("POST", "cmdb/firewall/address", data={"name": name, "subnet": "10.9.0.0/16"}))
        row = await resolve(fgt.request("GET", f"/api/v2/cmdb/firewall/address/{name}"))
        assert row[0]["subnet"] == "10.9.0.0 255.255.0.0"
        await resolve(fgt.request("PUT", f"cmdb/firewall/address/{name}", data={"comment": "x"}))
        raw = await resolve(fgt.request("GET", f"cmdb/firewall/address/{name}", raw=True))
        assert raw["status"] == "success" and raw["results"][0]["comment"] == "x"
        status = await resolve(fgt.request("GET", "monitor/system/status"))
        assert isinstance(status, dict) and status
        await resolve(fgt.request("DELETE", f"cmdb/firewall/address/{name}"))
        with pytest.raises(ResourceNotFoundError):
            await resolve(fgt.request("GET", f"cmdb/firewall/address/{name}"))


async def test_monitor_and_singletons(flavor: str, emu: Any) -> None:
    async with connect(flavor, emu) as fgt:
        status = await resolve(fgt.api.monitor.system.status.get())
        assert isinstance(status, dict)
        settings = await resolve(fgt.api.cmdb.system.global_.get())
        assert isinstance(settings, dict) and "hostname" in settings
        await resolve(fgt.api.cmdb.system.global_.update(admintimeout=30))
        assert (await resolve(fgt.api.cmdb.system.global_.get()))["admintimeout"] == 30


async def test_several_vdoms_answer_as_a_dict(flavor: str, emu: Any) -> None:
    name = unique("dmz-only")
    async with connect(flavor, emu) as fgt:
        await resolve(fgt.api.cmdb.firewall.address.create(name=name, subnet="10.7.0.1/32", vdom="dmz"))
        per_vdom = await resolve(fgt.api.cmdb.firewall.address.list(vdom="*"))
        assert set(per_vdom) == {"root", "dmz"}
        assert name in [r["name"] for r in per_vdom["dmz"]]
        assert name not in [r["name"] for r in per_vdom["root"]]
        both = await resolve(fgt.api.cmdb.firewall.address.list(vdom=["root", "dmz"]))
        assert set(both) == {"root", "dmz"}
        assert await resolve(fgt.api.cmdb.firewall.address.exists(name, vdom="dmz")) is True
        assert await resolve(fgt.api.cmdb.firewall.address.exists(name, vdom="root")) is False


async def test_client_default_vdom(flavor: str, emu: Any) -> None:
    name = unique("in-dmz")
    async with connect(flavor, emu, vdom="dmz") as fgt:
        await resolve(fgt.api.cmdb.firewall.address.create(name=name, subnet="10.7.0.2/32"))
        assert await resolve(fgt.api.cmdb.firewall.address.exists(name)) is True
    async with connect(flavor, emu) as fgt:
        assert await resolve(fgt.api.cmdb.firewall.address.exists(name)) is False


async def test_server_errors_come_back_typed(flavor: str, emu: Any) -> None:
    name, group = unique("used"), unique("grp")
    async with connect(flavor, emu) as fgt:
        address = fgt.api.cmdb.firewall.address
        await resolve(address.create(name=name, subnet="10.8.0.1/32"))
        with pytest.raises(ResourceAlreadyExistsError) as exists:
            await resolve(address.create(name=name, subnet="10.8.0.1/32"))
        assert exists.value.error_code in (-5, -15) and "already exists" in str(exists.value)
        with pytest.raises(ResourceNotFoundError):
            await resolve(address.get(unique("missing")))
        await resolve(fgt.api.cmdb.firewall.addrgrp.create(name=group, member=[{"name": name}]))
        with pytest.raises(EntryInUseError):
            await resolve(address.delete(name))
        with pytest.raises(ValidationError):
            await resolve(address.create(data={"name": unique("bad"), "type": "no-such-type"}))  # the device refuses it
        with pytest.raises(MethodNotAllowedError):
            await resolve(fgt.request("POST", "cmdb/system/global", data={"hostname": "x"}))
    async with connect(flavor, emu, token="not-the-token") as fgt:
        with pytest.raises(AuthenticationError):
            await resolve(fgt.api.cmdb.firewall.address.list())
    async with connect(flavor, emu, token=RO_TOKEN) as fgt:
        assert isinstance(await resolve(fgt.api.cmdb.firewall.address.list()), list)
        with pytest.raises(PermissionDeniedError):
            await resolve(fgt.api.cmdb.firewall.address.create(name=unique("ro"), subnet="1.1.1.1/32"))


@pytest.mark.parametrize("firmware", ["7.6.5", "7.2.0", "6.2.0"])
async def test_session_login_per_firmware(flavor: str, firmware: str) -> None:
    with FortiGateEmulator(username="admin", password="s3cret!", firmware=firmware) as emu:
        async with connect(flavor, emu, username="admin", password="s3cret!") as fgt:
            name = unique("via-session")
            await resolve(fgt.api.cmdb.firewall.address.create(name=name, subnet="10.1.1.1/32"))  # CSRF on writes
            assert await resolve(fgt.api.cmdb.firewall.address.exists(name)) is True
        logins = [t for m, t in emu.stats.received if m == "POST" and ("authentication" in t or "logincheck" in t)]
        assert len(logins) >= 1
        expected = "logincheck" if firmware == "6.2.0" else "authentication"
        assert expected in logins[-1]
        logouts = [t for m, t in emu.stats.received if t.startswith(("/logout", "/api/v2/authentication"))
                   and m in ("POST", "DELETE")]
        assert logouts, "close() logs out"
        with pytest.raises(AuthenticationError):
            async with connect(flavor, emu, username="admin", password="wrong") as fgt:
                await resolve(fgt.api.cmdb.firewall.address.list())


async def test_session_is_renewed_once_after_a_401(flavor: str) -> None:
    with FortiGateEmulator(username="admin", password="pw-1234") as emu:
        async with connect(flavor, emu, username="admin", password="pw-1234") as fgt:
            await resolve(fgt.api.cmdb.firewall.address.list())
            emu.app.auth.sessions.clear()  # the FortiGate forgets the session (a reboot, an admin kicking it)
            assert isinstance(await resolve(fgt.api.cmdb.firewall.address.list()), list)
        logins = [t for m, t in emu.stats.received if m == "POST" and "authentication" in t]
        assert len(logins) == 2


async def test_concurrent_calls_log_in_once_and_renew_once(flavor: str) -> None:
    with FortiGateEmulator(username="admin", password="pw-5678", latency_ms=20) as emu:
        async with connect(flavor, emu, username="admin", password="pw-5678") as fgt:

            async def burst() -> None:
                if flavor == "sync":
                    with ThreadPoolExecutor(8) as pool:
                        assert all(isinstance(rows, list) for rows in
                                   pool.map(lambda _: fgt.api.cmdb.firewall.address.list(), range(16)))
                else:
                    async with anyio.create_task_group() as group:
                        for _ in range(16):
                            group.start_soon(fgt.api.cmdb.firewall.address.list)

            await burst()
            emu.app.auth.sessions.clear()  # every call in the next burst meets an expired session
            await burst()
        logins = [t for m, t in emu.stats.received if m == "POST" and "authentication" in t]
        assert len(logins) == 2  # one login, one renewal: for threads and tasks alike


async def test_retries_on_503_and_429(flavor: str, fresh: Any) -> None:
    async with connect(flavor, fresh, backoff=0.01) as fgt:
        fresh.inject("503", 2, path="/api/v2/cmdb/firewall/address")
        assert isinstance(await resolve(fgt.api.cmdb.firewall.address.list()), list)
        fresh.inject("429", 1, retry_after=0, path="/api/v2/cmdb/firewall/address")
        assert isinstance(await resolve(fgt.api.cmdb.firewall.address.list()), list)
        gets = [t for m, t in fresh.stats.received if m == "GET" and t.startswith("/api/v2/cmdb/firewall/address")]
        assert len(gets) == 5
    async with connect(flavor, fresh, retries=0) as fgt:
        fresh.inject("429", 1, retry_after=3)
        with pytest.raises(RateLimitError) as limited:
            await resolve(fgt.api.cmdb.firewall.address.list())
        assert limited.value.retry_after == 3
        fresh.inject("500", 1)
        with pytest.raises(ServerError):
            await resolve(fgt.api.cmdb.firewall.address.list())


async def test_a_post_is_not_sent_twice(flavor: str, fresh: Any) -> None:
    name = unique("once")
    async with connect(flavor, fresh, backoff=0.01) as fgt:
        fresh.inject("reset", 1, method="POST")
        with pytest.raises(ConnectionError):
            await resolve(fgt.api.cmdb.firewall.address.create(name=name, subnet="10.2.2.2/32"))
        posts = [t for m, t in fresh.stats.received if m == "POST"]
        assert len(posts) == 1
        # It reached the FortiGate before the connection died: it exists, exactly once.
        assert await resolve(fgt.api.cmdb.firewall.address.exists(name)) is True
        fresh.inject("503", 1, method="POST")
        with pytest.raises(ServerError):
            await resolve(fgt.api.cmdb.firewall.address.create(name=unique("x"), subnet="10.2.2.3/32"))
        assert len([t for m, t in fresh.stats.received if m == "POST"]) == 2


async def test_timeouts_and_a_healthy_call_after(flavor: str, fresh: Any) -> None:
    async with connect(flavor, fresh, retries=0) as fgt:
        fresh.inject("stall", 1)
        with pytest.raises(TimeoutError):
            await resolve(fgt.api.cmdb.firewall.address.list(timeout=0.3))
        assert isinstance(await resolve(fgt.api.cmdb.firewall.address.list()), list)


async def test_cancellation_leaves_the_client_healthy(flavor: str, fresh: Any) -> None:
    if flavor == "sync":
        pytest.skip("a sync call cannot be cancelled from outside; its timeout= covers the case")
    async with connect(flavor, fresh, max_connections=1) as fgt:
        fresh.inject("stall", 1)
        with anyio.move_on_after(0.3) as scope:
            await fgt.api.cmdb.firewall.address.list()
        assert scope.cancelled_caught
        # max_connections=1: a leaked connection would make this call wait for the pool forever
        with anyio.fail_after(10):
            assert isinstance(await fgt.api.cmdb.firewall.address.list(), list)


async def test_max_concurrency_is_observed_at_the_server(flavor: str) -> None:
    with FortiGateEmulator(latency_ms=60) as emu:
        async with connect(flavor, emu, max_concurrency=3) as fgt:
            emu.stats.reset()
            if flavor == "sync":
                with ThreadPoolExecutor(10) as pool:
                    results = list(pool.map(lambda _: fgt.api.monitor.system.status.get(), range(12)))
            else:
                results = []

                async def one() -> None:
                    results.append(await fgt.api.monitor.system.status.get())

                async with anyio.create_task_group() as group:
                    for _ in range(12):
                        group.start_soon(one)
            assert len(results) == 12
            assert 2 <= emu.stats.max_in_flight <= 3


async def test_connection_failures_are_typed(flavor: str) -> None:
    with FortiGateEmulator(http=True) as emu:
        url, token = emu.url, emu.token  # nothing listens there once the block ends
    mode = "sync" if flavor == "sync" else "async"
    fgt: FortiOS[Any] = FortiOS(url, token=token, mode=mode, retries=1, backoff=0.01)
    try:
        with pytest.raises(ConnectionError):
            await resolve(fgt.api.cmdb.firewall.address.list())
    finally:
        await resolve(fgt.close() if mode == "sync" else fgt.aclose())


@pytest.mark.parametrize("transport", ["h11", "httpx"])
async def test_https_is_verified_and_an_untrusted_certificate_is_not_retried(
        flavor: str, emu: Any, transport: str, caplog: pytest.LogCaptureFixture) -> None:
    if emu.http:
        pytest.skip("plain HTTP")
    caplog.set_level(logging.DEBUG, logger="hfortix")
    # System CAs do not know the emulator; a retry could not change that, so none is made.
    async with connect(flavor, emu, verify=True, retries=5, backoff=30, transport=transport) as fgt:
        with pytest.raises(CertificateError, match=r"(?i)certificate") as caught:
            await resolve(fgt.api.cmdb.firewall.address.list())
    assert isinstance(caught.value, ConnectionError) and "not sent again" not in str(caught.value)
    assert not caught_retries(caplog)


def caught_retries(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "hfortix" and record.levelno == logging.WARNING]


class UserTransport:
    """A user's own transport: any object with send/close, here over a plain httpx.Client."""

    def __init__(self, verify: Any) -> None:
        self.client = httpx.Client(verify=verify)
        self.sent: list[str] = []

    def send(self, request: Request) -> Response:
        self.sent.append(request.method)
        answer = self.client.request(request.method, request.url, headers=list(request.headers),
                                     content=request.content)
        return Response(answer.status_code, tuple(answer.headers.multi_items()), answer.content)

    def close(self) -> None:
        self.client.close()


class AsyncUserTransport:
    def __init__(self, verify: Any) -> None:
        self.client = httpx.AsyncClient(verify=verify)
        self.sent: list[str] = []

    async def send(self, request: Request) -> Response:
        self.sent.append(request.method)
        answer = await self.client.request(request.method, request.url, headers=list(request.headers),
                                           content=request.content)
        return Response(answer.status_code, tuple(answer.headers.multi_items()), answer.content)

    async def aclose(self) -> None:
        await self.client.aclose()


async def test_a_user_written_transport(flavor: str, emu: Any) -> None:
    import ssl

    verify: Any = ssl.create_default_context(cafile=emu.ca) if not emu.http else True
    transport = UserTransport(verify) if flavor == "sync" else AsyncUserTransport(verify)
    async with connect(flavor, emu, transport=transport) as fgt:
        assert isinstance(await resolve(fgt.api.cmdb.firewall.address.list()), list)
    assert transport.sent == ["GET"]


async def test_debug_log_has_one_line_per_request_and_no_secret(flavor: str, emu: Any,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="hfortix")
    async with connect(flavor, emu, token_in_query=True) as fgt:
        await resolve(fgt.api.cmdb.firewall.address.list())
    lines = [r.getMessage() for r in caplog.records if r.name == "hfortix"]
    assert len(lines) == 1
    assert lines[0].startswith("GET /api/v2/cmdb/firewall/address?start=0&count=1000&access_token=*** -> 200")
    assert emu.token not in caplog.text


def test_wrong_close_for_the_mode_is_a_clear_error() -> None:
    fgt = FortiOS("127.0.0.1", token="t")
    with pytest.raises(ConfigurationError, match="Cannot call 'aclose' in sync mode"):
        anyio.run(fgt.aclose)
    fgt.close()
    afgt = FortiOS("127.0.0.1", token="t", mode="async")
    with pytest.raises(ConfigurationError, match="Cannot call 'close' in async mode"):
        afgt.close()
    with pytest.raises(ConfigurationError):
        FortiOS("127.0.0.1", token="t", mode="turbo")  # type: ignore[call-overload]
    with pytest.raises(ConfigurationError, match="credentials"):
        FortiOS("127.0.0.1")
    with pytest.raises(ConfigurationError, match="host"):
        FortiOS(token="t")


def test_a_transport_of_the_wrong_style_is_refused_at_construction() -> None:
    with pytest.raises(ConfigurationError, match="blocking send"):
        FortiOS("127.0.0.1", token="t", transport=AsyncUserTransport(True))
    with pytest.raises(ConfigurationError, match="async def send"):
        FortiOS("127.0.0.1", token="t", mode="async", transport=UserTransport(True))
    with pytest.raises(ConfigurationError):
        FortiOS("127.0.0.1", token="t", transport=object())


def test_environment_fills_what_is_not_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    with FortiGateEmulator(http=True) as emu:
        monkeypatch.setenv("FORTIOS_HOST", emu.url)
        monkeypatch.setenv("FORTIOS_TOKEN", emu.token)
        with FortiOS() as fgt:
            assert isinstance(fgt.api.cmdb.firewall.address.list(), list)


def test_verify_false_warns_once() -> None:
    with FortiGateEmulator() as emu, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with FortiOS(emu.host, token=emu.token, verify=False) as fgt:
            for _ in range(3):
                fgt.api.cmdb.firewall.address.list()
    assert len([w for w in caught if "verif" in str(w.message).lower()]) == 1


def test_an_unclosed_async_client_warns() -> None:
    async def leak() -> None:
        with FortiGateEmulator() as emu:
            fgt = FortiOS(emu.host, token=emu.token, verify=emu.ca, mode="async")
            await fgt.api.cmdb.firewall.address.list()
            with pytest.warns(ResourceWarning, match="aclose"):
                fgt.__del__()
            await fgt.aclose()

    anyio.run(leak)


def test_every_error_is_a_fortios_error() -> None:
    for error in (AuthenticationError, ConnectionError, TimeoutError, ValidationError, RateLimitError):
        assert issubclass(error, FortiOSError)
