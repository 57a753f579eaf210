"""One log line per attempt, a WARNING per retry, no secret: the runner logs what the plan yields.

Core logs nothing (it does not import logging): a plan's `Request` says which attempt it is,
and a `Wait` before a retry says why and which attempt follows. The runner turns them into
lines on the `hfortix` logger: DEBUG `GET /api/v2/...?<query> -> 200 in 1.2 ms (attempt 1,
vdom root)` for every attempt, WARNING `... HTTP 503: retrying in 0.01 s (attempt 2 of 4)`
for every retry. Each record carries the facts as attributes too, for structured handlers.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from recording import JSON, OK, Scripted

from hfortix import FortiOS, ServerError
from hfortix.core import Response
from hfortix.testing import FortiGateEmulator

BUSY = Response(503, JSON, b'{"status":"error","http_status":503}')
LINE = re.compile(r"(?P<method>[A-Z]+) (?P<target>\S+) -> (?P<status>\S+) in [0-9.]+ ms "
                  r"\(attempt (?P<attempt>\d+), vdom (?P<vdom>\S+)\)")


def records(caplog: pytest.LogCaptureFixture, level: int) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "hfortix" and record.levelno == level]


def test_one_debug_line_per_attempt_and_a_warning_per_retry(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="hfortix")
    fgt = FortiOS("fgt.test", token="t", transport=Scripted(BUSY, BUSY, OK), vdom="root", retries=3,
                  backoff=0.001, max_backoff=0.001)
    fgt.api.cmdb.firewall.address.list(filter="name=@web")
    lines = [LINE.fullmatch(record.getMessage()) for record in records(caplog, logging.DEBUG)]
    assert all(lines) and len(lines) == 3
    assert [(m["method"], m["status"], m["attempt"], m["vdom"]) for m in lines if m] == [
        ("GET", "503", "1", "root"), ("GET", "503", "2", "root"), ("GET", "200", "3", "root")]
    assert lines[0] and lines[0]["target"] == \
        "/api/v2/cmdb/firewall/address?vdom=root&filter=name%3D%40web&start=0&count=1000"
    warnings = [record.getMessage() for record in records(caplog, logging.WARNING)]
    assert len(warnings) == 2
    assert re.fullmatch(r"GET /api/v2/cmdb/firewall/address\?\S+ HTTP 503: retrying in 0\.00[0-9]+ s "
                        r"\(attempt 2 of 4\)", warnings[0]), warnings[0]
    assert "(attempt 3 of 4)" in warnings[1]


def test_records_carry_the_facts_as_attributes(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="hfortix")
    FortiOS("fgt.test", token="t", transport=Scripted(OK)).api.monitor.system.status.get()
    [record] = records(caplog, logging.DEBUG)
    facts: dict[str, Any] = {name: getattr(record, name) for name in
                             ("http_method", "url_path", "query", "vdom", "status", "attempt")}
    assert facts == {"http_method": "GET", "url_path": "/api/v2/monitor/system/status", "query": "",
                     "vdom": None, "status": 200, "attempt": 1}
    assert isinstance(record.elapsed_ms, float)


def test_a_failure_is_logged_with_its_kind_and_nothing_when_not_enabled(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="hfortix")
    with pytest.raises(ServerError):
        FortiOS("fgt.test", token="t", transport=Scripted(BUSY), retries=0).api.monitor.system.status.get()
    [line] = [record.getMessage() for record in records(caplog, logging.DEBUG)]
    assert " -> 503 in " in line
    caplog.clear()
    caplog.set_level(logging.ERROR, logger="hfortix")
    FortiOS("fgt.test", token="t", transport=Scripted(OK)).api.monitor.system.status.get()
    assert records(caplog, logging.DEBUG) == []


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.anyio
async def test_async_mode_logs_the_same_with_no_secret(anyio_backend: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="hfortix")
    async with FortiGateEmulator() as emu, FortiOS(emu.host, token=emu.token, verify=emu.ca, mode="async",
                                                   token_in_query=True, backoff=0.001) as fgt:
        emu.inject("503", 1, path="/api/v2/cmdb/firewall/address")
        await fgt.api.cmdb.firewall.address.list()
        assert emu.token not in caplog.text and "access_token=***" in caplog.text
    debug = [record.getMessage() for record in records(caplog, logging.DEBUG)]
    assert [LINE.fullmatch(line)["attempt"] for line in debug] == ["1", "2"]  # type: ignore[index]
    assert len(records(caplog, logging.WARNING)) == 1


def test_core_does_not_log() -> None:
    core = Path(__file__).resolve().parents[2] / "src" / "hfortix" / "core"
    for source in core.rglob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+logging\b", source.read_text(), re.M), source.name
