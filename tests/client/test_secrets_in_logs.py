"""No secret in any log record of any library, at any level, nor in any exception chain.

Every logger is set to DEBUG; a session client logs in, writes and logs out, and a token
client sends its token in the query (token_in_query=True) to an existing object, a missing
one (an error) and a closed port (another error), over both transports and both modes. Then
every record (message, arguments, formatted traceback) and every exception (str, repr,
attributes, the whole __cause__/__context__ chain as a traceback prints it) is searched for
the password, the token, each session key and each CSRF token.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hfortix import FortiOS, FortiOSError
from hfortix.testing import FortiGateEmulator

PASSWORD = "pw-Secret-4711"
TOKEN = "tok3n-Secret-0815-abcdefghijklmnop"


class Everything(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def every_logger_at_debug() -> Iterator[Everything]:
    handler = Everything()
    manager = logging.Logger.manager
    saved = {name: (log.level, log.propagate) for name, log in manager.loggerDict.items()
             if isinstance(log, logging.Logger)}
    root_level = logging.root.level
    logging.root.setLevel(logging.DEBUG)
    logging.root.addHandler(handler)
    for name in ("httpx", "httpcore", "h11", "anyio", "trio", "asyncio", "hfortix", *saved):
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).propagate = True
    try:
        yield handler
    finally:
        logging.root.removeHandler(handler)
        logging.root.setLevel(root_level)
        for name, (level, propagate) in saved.items():
            logging.getLogger(name).setLevel(level)
            logging.getLogger(name).propagate = propagate


def refused_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def run(mode: str, body: Callable[[Any], Any], fgt: Any) -> None:
    if mode == "sync":
        with fgt:
            body(fgt)
        return

    async def main() -> None:
        async with fgt:
            await body(fgt)

    asyncio.run(main())


def sync_or_async(mode: str, work: Callable[[Any, Callable[[Any], Any]], Any]) -> Callable[[Any], Any]:
    """`work(fgt, resolve)` where resolve waits for a value in async mode."""
    if mode == "sync":
        return lambda fgt: work(fgt, lambda value: value)

    async def body(fgt: Any) -> None:
        pending: list[Any] = []
        work(fgt, pending.append)
        for awaitable in pending:
            try:
                await awaitable
            except FortiOSError as exc:
                errors.append(exc)

    errors: list[BaseException] = []
    body.errors = errors  # type: ignore[attr-defined]
    return body


def texts_of(exc: BaseException) -> Iterator[str]:
    yield "".join(traceback.format_exception(exc))
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield repr(current)
        yield repr(current.args)
        yield from (repr(value) for value in vars(current).values())
        current = current.__cause__ or current.__context__


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("transport", ["h11", "httpx"])
def test_no_secret_in_any_log_record_or_exception(every_logger_at_debug: Everything, transport: str,
                                                   mode: str) -> None:
    errors: list[BaseException] = []
    secrets = {PASSWORD, TOKEN}
    with FortiGateEmulator(username="admin", password=PASSWORD, token=TOKEN) as emu:
        options = {"verify": emu.ca, "mode": mode, "transport": transport, "retries": 0}

        def session_work(fgt: Any, resolve: Callable[[Any], Any]) -> None:
            resolve(fgt.api.cmdb.firewall.address.create(name=f"s-{transport}-{mode}", subnet="10.4.4.4/32"))
            resolve(fgt.api.cmdb.firewall.address.list())

        def token_work(fgt: Any, resolve: Callable[[Any], Any]) -> None:
            resolve(fgt.api.cmdb.firewall.address.list())
            try:
                resolve(fgt.api.cmdb.firewall.address.get("no-such-address"))
            except FortiOSError as exc:
                errors.append(exc)

        session_body = sync_or_async(mode, session_work)
        session_fgt = FortiOS(emu.url, username="admin", password=PASSWORD, **options)  # type: ignore[arg-type]
        if mode == "sync":
            session_fgt.api.cmdb.firewall.address.list()  # log in now, to read the session's secrets
        else:
            asyncio.run(_first_call(session_fgt))
        secrets |= {value for session in emu.app.auth.sessions.values() for value in (session.key, session.csrf)}
        run(mode, session_body, session_fgt)
        token_body = sync_or_async(mode, token_work)
        run(mode, token_body, FortiOS(emu.url, token=TOKEN, token_in_query=True, **options))  # type: ignore[arg-type]
        errors += getattr(token_body, "errors", [])
    unreachable = sync_or_async(mode, lambda fgt, resolve: errors.append(_raised(lambda: resolve(
        fgt.api.cmdb.firewall.address.list()))))
    run(mode, unreachable, FortiOS(refused_url(), token=TOKEN, token_in_query=True, **{**options, "verify": True}))
    errors += getattr(unreachable, "errors", [])
    errors = [error for error in errors if error is not None]

    assert len(secrets) >= 4 and len(errors) == 2, errors  # a session key and a CSRF token were made
    records = every_logger_at_debug.records
    assert any(record.name.startswith("hfortix") for record in records)
    if transport == "httpx":
        assert any(record.name.startswith(("httpx", "httpcore")) for record in records)
    formatter = logging.Formatter()
    for record in records:
        shown = [formatter.format(record), repr(record.args), repr(record.msg)]
        for secret in secrets:
            assert not any(secret in text for text in shown), (record.name, record.getMessage())
    for error in errors:
        for text in texts_of(error):
            for secret in secrets:
                assert secret not in text, text


async def _first_call(fgt: Any) -> None:
    await fgt.api.cmdb.firewall.address.list()


def _raised(call: Callable[[], Any]) -> BaseException | None:
    try:
        call()
    except FortiOSError as exc:
        return exc
    return None
