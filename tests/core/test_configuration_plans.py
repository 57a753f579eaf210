"""The plans behind ensure, iterate and firmware awareness, driven with no sockets."""

from __future__ import annotations

import json
import random
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fake_fortigate import FakeFortiGate, envelope
from hypothesis import given
from hypothesis import strategies as st

from hfortix import UNKNOWN, Change, InvalidResponseError, ResourceNotFoundError, UnsupportedError, ValidationError
from hfortix.core import Request, Response, catalog, run_sync
from hfortix.core.auth import TokenAuth
from hfortix.core.ensure import Wanted, ensure
from hfortix.core.paging import Cursor, next_cursor, page_rows, pageable
from hfortix.core.plans import RetryPolicy, Session, for_firmware, list_all, read, read_page, send
from hfortix.core.versions import Target

BASE = "https://127.0.0.1:8443"
ADDRESSES = "/api/v2/cmdb/firewall/address"
ADDRESS = catalog.find("cmdb", "firewall", "address")
POLICY6 = catalog.find("cmdb", "firewall", "policy6")
assert ADDRESS is not None and POLICY6 is not None


def session(firmware: str | None = None, learns: bool = False) -> Session:
    s = Session(BASE, TokenAuth("tok"), RetryPolicy(retries=0), random.Random(1))
    s.firmware, s.learns_firmware = firmware, learns
    return s


def drive(plan: Any, fake: Any) -> Any:
    return run_sync(plan, fake, lambda _: None)


def answer(method: str, results: object = None, status: int = 200, **extra: object) -> Response:
    return Response(status, (("Content-Type", "application/json"),), envelope(method, results, status=status, **extra))


# -- firmware -------------------------------------------------------------------------------------


def test_auto_learns_the_version_from_the_first_envelope_even_an_error() -> None:
    fake, s = FakeFortiGate(), session(learns=True)
    drive(send(s, "GET", ADDRESSES), fake)
    assert s.firmware == "7.6.5"
    s2 = session(learns=True)
    with pytest.raises(ResourceNotFoundError):
        drive(send(s2, "GET", f"{ADDRESSES}/missing"), fake)
    assert s2.firmware == "7.6.5"
    pinned = session("7.2.8", learns=False)
    drive(send(pinned, "GET", ADDRESSES), fake)
    assert pinned.firmware == "7.2.8"
    off = session(None, learns=False)
    drive(send(off, "GET", ADDRESSES), fake)
    assert off.firmware is None


def test_an_unsupported_endpoint_is_refused_before_anything_is_sent() -> None:
    fake, s = FakeFortiGate(), session("7.6.5")
    with pytest.raises(UnsupportedError, match=r"6\.0\.0 to 6\.2\.7"):
        drive(for_firmware(s, Target(POLICY6), send(s, "GET", "/api/v2/cmdb/firewall/policy6")), fake)
    assert fake.requests == []


def test_a_refusal_is_explained_by_the_learned_version() -> None:
    fake, s = FakeFortiGate(), session(learns=True)  # nothing known: the request goes out
    with pytest.raises(UnsupportedError) as caught:
        drive(for_firmware(s, Target(POLICY6), send(s, "GET", "/api/v2/cmdb/firewall/policy6")), fake)
    assert len(fake.requests) == 1 and isinstance(caught.value.__cause__, ResourceNotFoundError)
    fake.addresses["a"] = {"name": "a"}
    with pytest.raises(ResourceNotFoundError):  # a missing object of a known endpoint stays what it is
        drive(for_firmware(s, Target(ADDRESS), send(s, "GET", f"{ADDRESSES}/b")), fake)


def test_a_read_whose_method_changed_uses_the_one_the_firmware_wants() -> None:
    backup = catalog.find("monitor", "system", "config", "backup")
    assert backup is not None
    path, params = "/api/v2/monitor/system/config/backup", {"scope": "global"}
    seen: list[Request] = []

    def device(request: Request) -> Response:  # a 7.6.5 box: the backup is a POST
        seen.append(request)
        return answer(request.method, {"ok": True}) if request.method == "POST" else answer("GET", status=405)

    drive(read(session("7.6.5"), backup, path, (("scope", "global"),), params), device)
    assert [r.method for r in seen] == ["POST"] and json.loads(seen[0].content) == params
    seen.clear()
    learning = session(learns=True)
    drive(read(learning, backup, path, (("scope", "global"),), params), device)
    assert [r.method for r in seen] == ["GET", "POST"] and learning.firmware == "7.6.5"


# -- paging --------------------------------------------------------------------------------------


def test_which_endpoints_page() -> None:
    assert pageable(ADDRESS)
    assert pageable(catalog.find("monitor", "firewall", "session"))  # type: ignore[arg-type]
    assert not pageable(catalog.find("cmdb", "system", "global"))  # type: ignore[arg-type]
    assert not pageable(catalog.find("monitor", "system", "status"))  # type: ignore[arg-type]
    assert {e.key for e in catalog.endpoints() if e.api == "monitor" and pageable(e)} == {
        "monitor/firewall/session", "monitor/firewall/sessions", "monitor/firewall/load-balance",
        "monitor/firewall/proxy/sessions", "monitor/fortiview/proxy-statistics", "monitor/utm/blacklisted-certificates",
    }


def test_page_rows_reads_tables_and_session_answers() -> None:
    from hfortix.core.envelope import Envelope

    assert page_rows(Envelope(results=[1, 2], size=5)) == ([1, 2], 5)
    assert page_rows(Envelope(results=[1], size=5, matched_count=3)) == ([1], 3)
    sessions = {"summary": {"matched_count": 7}, "details": [{"saddr": "10.0.0.1"}]}
    assert page_rows(Envelope(results=sessions)) == ([{"saddr": "10.0.0.1"}], 7)
    assert page_rows(Envelope(results={"other": 1})) == ([], None)


def test_the_end_comes_with_an_empty_or_short_page_or_the_total() -> None:
    assert next_cursor(Cursor(), [], None, 10) is None
    assert next_cursor(Cursor(), [1, 2], None, 10) is None
    assert next_cursor(Cursor(), list(range(10)), 10, 10) is None
    assert next_cursor(Cursor(), list(range(10)), None, 10) == Cursor(10, 0)
    assert next_cursor(Cursor(), list(range(10)), 11, 10) == Cursor(10, 0)


class Paging:
    """A device with `rows` rows that honours (or ignores) start and count and says (or not) its size."""

    def __init__(self, rows: int, *, start: bool = True, count: bool = True, sizes: bool = True) -> None:
        self.rows = [{"name": f"r{i:05}"} for i in range(rows)]
        self.start, self.count, self.sizes = start, count, sizes
        self.requests: list[Request] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        query = dict(parse_qsl(urlsplit(request.url).query))
        first = int(query["start"]) if self.start else 0
        page = self.rows[first:first + int(query["count"])] if self.count else self.rows[first:]
        extra = {"size": len(self.rows), "matched_count": len(self.rows)} if self.sizes else {}
        return answer("GET", page, **extra)


@given(rows=st.integers(0, 60), page=st.integers(1, 25), start=st.booleans(), count=st.booleans(),
       sizes=st.booleans())
def test_list_all_reads_every_row_once_or_raises_but_never_loops(rows: int, page: int, start: bool, count: bool,
                                                                 sizes: bool) -> None:
    device = Paging(rows, start=start, count=count, sizes=sizes)
    try:
        got = drive(list_all(session(), ADDRESSES, page_size=page), device)
    except InvalidResponseError as refused:  # only a device that ignores start (it would repeat rows)
        assert not start and "ignores start" in str(refused) and len(device.requests) == 2
    else:
        assert got == device.rows
        assert len(device.requests) <= rows // page + 2


def test_read_page_returns_one_page_and_where_the_next_starts() -> None:
    device = Paging(25)
    rows, cursor = drive(read_page(session(), ADDRESSES, (), Cursor(), page_size=10), device)
    assert len(rows) == 10 and cursor == Cursor(10, {"name": "r00000"})
    rows, cursor = drive(read_page(session(), ADDRESSES, (), Cursor(20, "x"), page_size=10), device)
    assert len(rows) == 5 and cursor is None
    assert "start=20&count=10" in device.requests[-1].url


# -- ensure --------------------------------------------------------------------------------------


def wanted(fields: dict[str, Any], key: str = "web") -> Wanted:
    return Wanted(Target(ADDRESS), fields, f"{ADDRESSES}/{key}", ADDRESSES, (), key)


def test_ensure_creates_then_does_nothing_then_puts_only_what_changed() -> None:
    fake, s = FakeFortiGate(), session()
    fields = {"name": "web", "subnet": "10.0.0.1/32", "comment": "a"}
    created = drive(ensure(s, wanted(fields)), fake)
    assert created.action == "create" and created.changed and created.result["mkey"] == "web"
    assert created.diff == {"name": (None, "web"), "subnet": (None, "10.0.0.1/32"), "comment": (None, "a")}
    assert [r.method for r in fake.requests] == ["GET", "POST"]
    fake.addresses["web"]["subnet"] = "10.0.0.1 255.255.255.255"  # as FortiOS stores it
    fake.requests.clear()
    again = drive(ensure(s, wanted(fields)), fake)
    assert again == Change("none", False, {}, None, "web") and [r.method for r in fake.requests] == ["GET"]
    fake.requests.clear()
    changed = drive(ensure(s, wanted({**fields, "comment": "b"})), fake)
    assert changed.action == "update" and changed.diff == {"comment": ("a", "b")}
    assert [r.method for r in fake.requests] == ["GET", "PUT"]
    assert json.loads(fake.requests[1].content) == {"comment": "b"}  # only the changed field


def test_a_dry_run_only_reads() -> None:
    fake, s = FakeFortiGate(), session()
    would = drive(ensure(s, wanted({"name": "web", "comment": "a"}), dry_run=True), fake)
    assert would.action == "create" and would.changed and would.result is None
    fake.addresses["web"] = {"name": "web", "comment": "a"}
    would = drive(ensure(s, wanted({"name": "web", "comment": "b"}), dry_run=True), fake)
    assert would == Change("update", True, {"comment": ("a", "b")}, None, "web")
    assert [r.method for r in fake.requests] == ["GET", "GET"] and fake.addresses["web"]["comment"] == "a"


def test_secrets_are_never_a_change_nor_sent_in_an_update() -> None:
    fake, s = FakeFortiGate(), session()
    fake.addresses["web"] = {"name": "web", "comment": "a", "password": "ENC QUJD"}
    same = drive(ensure(s, wanted({"name": "web", "password": "new"})), fake)
    assert same == Change("none", False, {"password": (UNKNOWN, "new")}, None, "web")
    changed = drive(ensure(s, wanted({"name": "web", "password": "new", "comment": "b"})), fake)
    assert changed.action == "update" and json.loads(fake.requests[-1].content) == {"comment": "b"}


def test_failures_raise_or_are_kept_per_row() -> None:
    fake, s = FakeFortiGate(), session()
    fake.addresses["web"] = {"name": "web", "comment": "a"}
    fake.script += [answer("GET", [{"name": "web", "comment": "a"}]), answer("PUT", status=500, error=-651)]
    with pytest.raises(ValidationError):
        drive(ensure(s, wanted({"name": "web", "comment": "b"})), fake)
    fake.script += [answer("GET", [{"name": "web", "comment": "a"}]), answer("PUT", status=500, error=-651)]
    kept = drive(ensure(s, wanted({"name": "web", "comment": "b"}), keep_errors=True), fake)
    assert kept.action == "update" and not kept.changed and isinstance(kept.error, ValidationError)
    assert kept.diff == {"comment": ("a", "b")}
    unsupported = drive(ensure(session("7.2.8"), Wanted(Target(POLICY6), {"policyid": 1}, "/x/1", "/x"),
                               keep_errors=True), fake)
    assert unsupported.action == "none" and isinstance(unsupported.error, UnsupportedError)
