"""Answers hfortix used to misread.

* A multi-VDOM answer whose envelopes do not each name their VDOM: every real one does (all
  the multi-VDOM captures in shared/data), in the FortiGate's order, not the order asked, so
  there is nothing to map them by: InvalidResponseError, never `{None: <last>}`.
* `Retry-After` as an HTTP date: the facade gives the session a clock (`time.time`); core
  stays clock-free and is tested with a fake one.
* A DELETE whose first attempt reached the FortiGate (which deleted the object) but lost its
  answer, retried and answered 404: the delete happened, so it is reported done. A 404 with
  no earlier attempt that may have arrived stays ResourceNotFoundError.
"""

from __future__ import annotations

import json
import random
import time
from email.utils import formatdate
from typing import Any

import pytest
from fake_fortigate import FakeFortiGate, envelope
from recording import JSON, Scripted

from hfortix import FortiOS, InvalidResponseError, RateLimitError, ResourceNotFoundError
from hfortix.core import Request, Response, Wait, run_sync
from hfortix.core.auth import TokenAuth
from hfortix.core.envelope import parse_response
from hfortix.core.errors import ConnectionError
from hfortix.core.plans import RetryPolicy, Session, send
from hfortix.testing import FortiGateEmulator

BASE = "https://fgt.test"
ADDRESSES = "/api/v2/cmdb/firewall/address"


def array(*vdoms: str | None) -> bytes:
    items = []
    for vdom in vdoms:
        item: dict[str, Any] = {"http_method": "GET", "status": "success", "http_status": 200, "results": []}
        if vdom is not None:
            item["vdom"] = vdom
        items.append(item)
    return json.dumps(items).encode()


# -- multi-VDOM answers ------------------------------------------------------------------------

@pytest.mark.parametrize("vdoms", [(None, None), ("root", None), (None,), ("root", "root")])
def test_an_array_answer_must_name_each_vdom_once(vdoms: tuple[str | None, ...]) -> None:
    request = Request("GET", f"{BASE}{ADDRESSES}?vdom=*")
    with pytest.raises(InvalidResponseError, match="VDOM"):
        parse_response(request, Response(200, JSON, array(*vdoms)))


def test_a_well_formed_array_keeps_the_fortigates_order() -> None:
    request = Request("GET", f"{BASE}{ADDRESSES}?vdom=root,dmz")
    parsed = parse_response(request, Response(200, JSON, array("dmz", "root")))
    assert isinstance(parsed, list) and [envelope.vdom for envelope in parsed] == ["dmz", "root"]


def test_the_client_refuses_an_array_without_vdoms_instead_of_collapsing_it() -> None:
    fgt = FortiOS("fgt.test", token="t", transport=Scripted(Response(200, JSON, array(None, None))))
    with pytest.raises(InvalidResponseError):
        fgt.api.cmdb.firewall.address.list(vdom=["root", "dmz"])


# -- Retry-After as an HTTP date ---------------------------------------------------------------

def test_core_reads_an_http_date_with_the_sessions_clock() -> None:
    now = 1_700_000_000.0
    session = Session(BASE, TokenAuth("t"), RetryPolicy(retries=2, max_backoff=30), random.Random(0),
                      clock=lambda: now)
    session.credentials_proven = True  # a working client: a 429 is a rate limit, not a lockout
    later = formatdate(now + 12, usegmt=True)
    fake = FakeFortiGate("t")
    fake.script.append(Response(429, (("Retry-After", later),), b""))
    steps: list[object] = []
    run_sync(send(session, "GET", ADDRESSES), fake, steps.append)
    assert steps == [12.0]


def test_without_a_clock_core_cannot_read_a_date_and_uses_its_backoff() -> None:
    session = Session(BASE, TokenAuth("t"), RetryPolicy(retries=1, backoff=0.5, jitter=0), random.Random(0))
    session.credentials_proven = True
    fake = FakeFortiGate("t")
    fake.script.append(Response(429, (("Retry-After", formatdate(time.time() + 12, usegmt=True)),), b""))
    steps: list[object] = []
    run_sync(send(session, "GET", ADDRESSES), fake, steps.append)
    assert steps == [0.5]


def test_the_client_waits_until_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    ok = Response(200, JSON, envelope("GET", []))
    later = formatdate(time.time() + 5, usegmt=True)
    transport = Scripted(ok, Response(429, (("Retry-After", later),), b""), ok)
    fgt = FortiOS("fgt.test", token="t", transport=transport, max_backoff=30)
    fgt.api.cmdb.firewall.address.list(count=1)
    fgt.api.cmdb.firewall.address.list(count=1)
    assert len(waits) == 1 and 3.5 <= waits[0] <= 5.0  # the date has second precision


def test_an_exhausted_429_reports_the_date_as_seconds() -> None:
    later = formatdate(time.time() + 20, usegmt=True)
    ok = Response(200, JSON, envelope("GET", []))
    transport = Scripted(ok, Response(429, (("Retry-After", later),), b""))
    fgt = FortiOS("fgt.test", token="t", transport=transport, retries=0)
    fgt.api.cmdb.firewall.address.list(count=1)
    with pytest.raises(RateLimitError) as raised:
        fgt.api.cmdb.firewall.address.list(count=1)
    assert raised.value.retry_after is not None and 18 <= raised.value.retry_after <= 20


# -- a DELETE that happened although its answer was lost ---------------------------------------

def deleting_then_resetting(fake: FakeFortiGate, *, reached: bool = True) -> Any:
    calls = {"n": 0}

    def transport(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] == 1:
            if reached:
                fake(request)  # the FortiGate deletes it...
            failure = ConnectionError("connection reset by peer", method=request.method, url=request.url)
            failure.request_sent = reached  # type: ignore[attr-defined]
            raise failure  # ...and the answer is lost
        return fake(request)

    return transport


def token_session() -> Session:
    return Session(BASE, TokenAuth("tok"), RetryPolicy(retries=2, backoff=0), random.Random(0))


def test_a_delete_retried_after_a_reset_it_survived_is_done() -> None:
    fake = FakeFortiGate()
    fake.addresses["web"] = {"name": "web"}
    waits: list[Wait] = []
    parsed = run_sync(send(token_session(), "DELETE", f"{ADDRESSES}/web"), deleting_then_resetting(fake),
                      waits.append)
    assert fake.addresses == {} and len(fake.requests) == 2
    assert parsed.status == "success" and parsed.http_method == "DELETE"
    assert parsed.raw["deleted_by_an_earlier_attempt"] is True


def test_a_delete_of_a_missing_object_is_still_not_found() -> None:
    with pytest.raises(ResourceNotFoundError):
        run_sync(send(token_session(), "DELETE", f"{ADDRESSES}/web"), FakeFortiGate(), [].append)


def test_a_delete_whose_first_attempt_never_left_is_not_found_on_404() -> None:
    with pytest.raises(ResourceNotFoundError):
        run_sync(send(token_session(), "DELETE", f"{ADDRESSES}/web"),
                 deleting_then_resetting(FakeFortiGate(), reached=False), [].append)


def test_the_emulator_resetting_after_a_delete() -> None:
    with FortiGateEmulator() as emu, FortiOS(emu.host, token=emu.token, verify=emu.ca, backoff=0.001) as fgt:
        fgt.api.cmdb.firewall.address.create(name="web", subnet="10.0.0.1/32")
        emu.inject("reset", method="DELETE")
        answer = fgt.api.cmdb.firewall.address.delete("web")
        assert answer["status"] == "success" and not fgt.api.cmdb.firewall.address.exists("web")
        assert [method for method, _ in emu.stats.received].count("DELETE") == 2
