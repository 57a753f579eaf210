"""The emulator app's configuration transactions (FortiOS 7.4.1+)."""

from __future__ import annotations

import pytest

from hfortix.emulator.app import EmulatorApp

ROOT = "/api/v2/cmdb/"
ADDRESS = "/api/v2/cmdb/firewall/address"


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def app() -> EmulatorApp:
    return EmulatorApp(token="tok", clock=FakeClock())


def start(app: EmulatorApp, timeout: float = 30) -> int:
    status, answer = app.call("POST", f"{ROOT}?action=transaction-start", {"timeout": timeout})
    assert status == 200, answer
    assert answer["action"] == "transaction-start"
    return int(answer["results"]["transaction_id"])


def inside(transaction: int) -> list[tuple[str, str]]:
    return [("Authorization", "Bearer tok"), ("X-TRANSACTION-ID", str(transaction))]


def test_staged_writes_apply_only_at_commit(app: EmulatorApp) -> None:
    before = app.revision
    transaction = start(app)
    status, staged = app.call(
        "POST", ADDRESS, {"name": "staged", "subnet": "10.5.0.0/16"}, headers=inside(transaction)
    )
    assert status == 200 and staged["mkey"] == "staged" and staged["revision_changed"] is True
    app.call(
        "POST",
        "/api/v2/cmdb/firewall/addrgrp",
        {"name": "grp", "member": [{"name": "staged"}]},
        headers=inside(transaction),
    )
    assert app.get_object("firewall", "address", "staged") is None
    assert app.call("GET", f"{ADDRESS}/staged")[0] == 404
    assert app.call("GET", f"{ADDRESS}/staged", headers=inside(transaction))[0] == 200
    assert app.revision == before

    status, committed = app.call("POST", f"{ROOT}?action=transaction-commit", {"transaction_id": transaction})
    assert status == 200 and committed["revision_changed"] is True and committed["old_revision"] == before
    assert app.get_object("firewall", "address", "staged")["subnet"] == "10.5.0.0 255.255.0.0"
    assert app.get_object("firewall", "addrgrp", "grp") is not None
    assert app.revision == committed["revision"] != before


def test_abort_drops_every_staged_change(app: EmulatorApp) -> None:
    transaction = start(app)
    app.call("POST", ADDRESS, {"name": "never"}, headers=inside(transaction))
    app.call("DELETE", f"{ADDRESS}/FABRIC_DEVICE", headers=inside(transaction))
    before = app.revision
    status, aborted = app.call("POST", f"{ROOT}?action=transaction-abort", {"transaction_id": transaction})
    assert status == 200 and aborted["revision_changed"] is False
    assert app.get_object("firewall", "address", "never") is None
    assert app.get_object("firewall", "address", "FABRIC_DEVICE") is not None
    assert app.revision == before
    assert app.call("POST", ADDRESS, {"name": "x"}, headers=inside(transaction))[0] == 400


def test_staged_requests_are_checked_as_they_come(app: EmulatorApp) -> None:
    transaction = start(app)
    status, answer = app.call("POST", ADDRESS, {"name": "bad", "type": "bogus"}, headers=inside(transaction))
    assert (status, answer["error"]) == (500, -651)
    app.call("POST", ADDRESS, {"name": "dup"}, headers=inside(transaction))
    assert app.call("POST", ADDRESS, {"name": "dup"}, headers=inside(transaction))[1]["error"] == -5


def test_transaction_show_lists_open_transactions(app: EmulatorApp) -> None:
    first, second = start(app, 30), start(app, 90)
    app.call("POST", ADDRESS, {"name": "one"}, headers=inside(first))
    status, shown = app.call("GET", f"{ROOT}?action=transaction-show")
    assert status == 200
    listed = {entry["transaction_id"]: entry for entry in shown["results"]}
    assert set(listed) == {first, second}
    assert (listed[first]["requests"], listed[first]["timeout"], listed[second]["requests"]) == (1, 30.0, 0)


def test_a_transaction_expires_after_its_timeout(app: EmulatorApp) -> None:
    clock = app.clock
    assert isinstance(clock, FakeClock)
    transaction = start(app, timeout=10)
    app.call("POST", ADDRESS, {"name": "late"}, headers=inside(transaction))
    clock.now += 11
    status, answer = app.call("POST", f"{ROOT}?action=transaction-commit", {"transaction_id": transaction})
    assert (status, answer["error"]) == (400, -10002)
    assert app.get_object("firewall", "address", "late") is None
    assert app.call("GET", f"{ROOT}?action=transaction-show")[1]["results"] == []


@pytest.mark.parametrize("header", ["999", "abc"])
def test_an_unknown_transaction_id_is_refused(app: EmulatorApp, header: str) -> None:
    headers = [("Authorization", "Bearer tok"), ("X-TRANSACTION-ID", header)]
    assert app.call("POST", ADDRESS, {"name": "x"}, headers=headers)[0] == 400
    assert app.call("POST", f"{ROOT}?action=transaction-commit", {"transaction_id": header})[0] == 400


def test_transaction_requests_are_checked(app: EmulatorApp) -> None:
    assert app.call("POST", f"{ROOT}?action=transaction-start", {"timeout": -1})[0] == 400
    assert app.call("GET", f"{ROOT}?action=transaction-start")[0] == 405
    assert app.call("POST", f"{ROOT}?action=transaction-show")[0] == 405
    assert app.call("POST", f"{ROOT}?action=launch")[1]["error"] == -10000


def test_transactions_need_7_4_1() -> None:
    old = EmulatorApp(token="tok", firmware="7.4.0")
    status, answer = old.call("POST", f"{ROOT}?action=transaction-start", {"timeout": 5})
    assert (status, answer["error"]) == (400, -10000)
    headers = [("Authorization", "Bearer tok"), ("X-TRANSACTION-ID", "1")]
    assert old.call("POST", ADDRESS, {"name": "x"}, headers=headers)[0] == 400
    assert (
        EmulatorApp(token="tok", firmware="7.4.1").call(
            "POST", f"{ROOT}?action=transaction-start", {"timeout": 5}
        )[0]
        == 200
    )


def test_a_read_only_token_cannot_start_a_transaction() -> None:
    app = EmulatorApp(token="tok", readonly_token="ro")
    headers = [("Authorization", "Bearer ro")]
    assert app.call("POST", f"{ROOT}?action=transaction-start", {"timeout": 5}, headers=headers)[0] == 403
