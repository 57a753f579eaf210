"""`hfortix.Fleet`: `fn(client)` over many FortiGates, every device reported, in sync mode (threads)
and under asyncio and trio (tasks), against emulators on loopback; inventories; plain data."""

from __future__ import annotations

import io
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest
from modes import resolve

from hfortix import AuthenticationError, ConfigurationError, Device, DeviceResult, Fleet, FortiOS
from hfortix.fleet import load_inventory
from hfortix.testing import FortiGateEmulator

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def boxes() -> Any:
    with FortiGateEmulator(hostname="fw-a") as a, FortiGateEmulator(hostname="fw-b", latency_ms=20) as b:
        yield a, b


def devices(boxes: Any) -> list[Device]:
    a, b = boxes
    return [Device("a", a.host, token=a.token, ca=a.ca), Device("bad", b.host, token="wrong", ca=b.ca),
            Device("b", b.host, token=b.token, ca=b.ca)]


def mode(flavor: str) -> str:
    return "sync" if flavor == "sync" else "async"


def hostname(fgt: Any) -> Any:
    status = fgt.api.monitor.system.status.get()
    if fgt.mode == "sync":
        return status["hostname"]

    async def read() -> Any:
        return (await status)["hostname"]

    return read()


async def test_every_device_is_reported_and_one_failure_stops_none(flavor: str, boxes: Any) -> None:
    fleet = Fleet(devices(boxes), mode=mode(flavor))
    seen: list[tuple[int, int]] = []
    results = await resolve(fleet.map(hostname, max_concurrency=2, progress=lambda done, total: seen.append(
        (done, total))))
    assert [r.name for r in results] == ["a", "bad", "b"]  # member order, whatever finished first
    assert [r.value for r in results] == ["fw-a", None, "fw-b"]
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, AuthenticationError) and results[1].error.http_status == 401
    assert seen[-1] == (3, 3) and [done for done, _ in seen] == [1, 2, 3]


async def test_a_client_call_may_be_returned_unawaited_and_errors_of_fn_are_kept(flavor: str, boxes: Any) -> None:
    def broken(fgt: Any) -> Any:
        raise ValueError(f"no luck with {fgt.host}")

    fleet = Fleet(devices(boxes)[:1], mode=mode(flavor))
    [status] = await resolve(fleet.map(lambda fgt: fgt.api.monitor.system.status.get()))
    assert status.ok and status.value["hostname"] == "fw-a"
    [failed] = await resolve(fleet.map(broken))
    assert isinstance(failed.error, ValueError) and "no luck with" in str(failed.error)


async def test_clients_given_as_members_are_used_and_left_open(flavor: str, boxes: Any) -> None:
    a, _ = boxes
    client: FortiOS[Any] = FortiOS(a.host, token=a.token, verify=a.ca, mode=mode(flavor))
    try:
        [result] = await resolve(Fleet([client], mode=mode(flavor)).map(hostname))
        assert result == DeviceResult(a.host, "fw-a")
        assert await resolve(hostname(client)) == "fw-a"  # still open
    finally:
        await resolve(client.close() if client.mode == "sync" else client.aclose())


async def test_max_concurrency_bounds_the_devices_in_flight(flavor: str, boxes: Any) -> None:
    _, b = boxes  # 20 ms per answer, so devices worked on together overlap at the server
    many = [Device(f"b{index}", b.host, token=b.token, ca=b.ca) for index in range(6)]
    b.stats.reset()
    results = await resolve(Fleet(many, mode=mode(flavor)).map(hostname, max_concurrency=2))
    assert [r.value for r in results] == ["fw-b"] * 6
    assert 1 <= b.stats.max_in_flight <= 2


def test_bad_calls_are_refused(boxes: Any) -> None:
    fleet = Fleet(devices(boxes))

    async def coroutine_function(fgt: Any) -> None: ...

    with pytest.raises(ConfigurationError, match="mode='async'"):
        fleet.map(coroutine_function)
    with pytest.raises(ConfigurationError, match="max_concurrency"):
        fleet.map(hostname, max_concurrency=0)
    with pytest.raises(ConfigurationError, match="progress"):
        fleet.map(hostname, progress="yes")  # type: ignore[call-overload]
    with pytest.raises(ConfigurationError, match="async mode"):
        Fleet([FortiOS("127.0.0.1:9", token="t", mode="async")])  # type: ignore[list-item]
    with pytest.raises(ConfigurationError, match="unique"):
        Fleet([Device("x", "h1", token="t"), Device("x", "h2", token="t")])
    with pytest.raises(ConfigurationError, match="Device or a FortiOS"):
        Fleet(["10.0.0.1"])  # type: ignore[list-item]


def test_progress_true_draws_a_bar_only_on_a_terminal(boxes: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    fleet = Fleet(devices(boxes)[:1])
    for stream, drawn in ((io.StringIO(), False), (Terminal(), True)):
        monkeypatch.setattr(sys, "stderr", stream)
        assert fleet.map(hostname, progress=True)[0].value == "fw-a"
        assert ("FortiGates" in stream.getvalue()) is drawn and ("1/1" in stream.getvalue()) is drawn


# -- devices and inventories ------------------------------------------------------------------


def test_a_device_is_plain_picklable_data() -> None:
    device = Device("fw1", "192.0.2.1:8443", username="admin", password="secret", ca="/etc/ca.pem",
                    vdom=["root", "dmz"])  # type: ignore[arg-type]
    assert device.vdom == ("root", "dmz")
    assert pickle.loads(pickle.dumps(device)) == device
    assert "secret" not in repr(device) and "secret" not in repr(Device("t", "h", token="secret"))
    inventory = [device, Device("fw2", "192.0.2.2", token="tok", insecure=True)]
    assert pickle.loads(pickle.dumps(inventory)) == inventory  # a slice of it can go to another process
    assert pickle.loads(pickle.dumps(DeviceResult("fw1", {"hostname": "x"}))).value == {"hostname": "x"}


@pytest.mark.parametrize(
    ("fields", "problem"),
    [({"name": "", "host": "h", "token": "t"}, "needs a name"), ({"name": "n", "host": "h"}, "no credentials"),
     ({"name": "n", "host": "h", "username": "u"}, "no credentials"),
     ({"name": "n", "host": "h", "token": "t", "username": "u", "password": "p"}, "not both"),
     ({"name": "n", "host": "h", "token": "t", "ca": "x", "insecure": True}, "not both"),
     ({"name": "n", "host": "h", "token": "t", "vdom": 3}, "vdom must be"),
     ({"name": "n", "host": "h", "token": "t", "insecure": "yes"}, "insecure must be")],
)
def test_bad_devices_are_refused(fields: dict[str, Any], problem: str) -> None:
    with pytest.raises(ConfigurationError, match=problem):
        Device(**fields)


def test_an_inventory_with_defaults_and_secrets_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FW_PASSWORD", "from-env")
    path = tmp_path / "fleet.toml"
    path.write_text('[defaults]\nusername = "admin"\npassword_env = "FW_PASSWORD"\nca = "/etc/fortigate-ca.pem"\n\n'
                    '[[device]]\nname = "fw1"\nhost = "192.0.2.1"\nvdom = ["root", "dmz"]\n\n'
                    '[[device]]\nname = "fw2"\nhost = "192.0.2.2:8443"\npassword = "own"\n')
    fw1, fw2 = load_inventory(path)
    assert fw1 == Device("fw1", "192.0.2.1", username="admin", password="from-env", ca="/etc/fortigate-ca.pem",
                         vdom=("root", "dmz"))
    assert fw2.password == "own" and fw2.host == "192.0.2.2:8443"
    assert Fleet.from_inventory(path, mode="async").names == ["fw1", "fw2"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [("[[device]]\nname = \n", "not valid TOML"), ("", "lists no device"), ("[devices]\n", "unknown table"),
     ('[[device]]\nname = "a"\nhost = "h"\ntoken = "t"\nport = 1\n', r"unknown key\(s\) \['port'\]"),
     ('[[device]]\nname = "a"\nhost = "h"\ntoken_env = "HFORTIX_TEST_UNSET"\n', "HFORTIX_TEST_UNSET.*not set"),
     ('[[device]]\nname = "a"\nhost = "h"\n', "device 'a': no credentials"),
     ('[[device]]\nname = "a"\nhost = "h"\ntoken = "t"\n[[device]]\nname = "a"\nhost = "i"\ntoken = "t"\n',
      "named 'a'")],
)
def test_bad_inventories_name_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "fleet.toml"
    path.write_text(text)
    with pytest.raises(ConfigurationError, match=problem):
        load_inventory(path)
    with pytest.raises(ConfigurationError, match="cannot read the inventory"):
        load_inventory(tmp_path / "missing.toml")


def test_ensure_many_draws_a_bar_on_a_terminal(boxes: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    a, _ = boxes
    monkeypatch.setattr(sys, "stderr", Terminal())
    with FortiOS(a.host, token=a.token, verify=a.ca) as fgt:
        rows = [{"name": f"bar-{index}", "subnet": f"10.9.0.{index}/32"} for index in range(3)]
        changes = fgt.api.cmdb.firewall.address.ensure_many(rows, progress=True)
    assert [change.action for change in changes] == ["create"] * 3
    drawn = sys.stderr.getvalue()
    assert "ensure cmdb.firewall.address" in drawn and "3/3" in drawn


def test_a_device_with_a_password_ignores_a_token_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORTIOS_TOKEN", "someone-elses-token")  # FortiOS fills only what is not given
    with FortiGateEmulator(http=True, token="tok", username="admin", password="pw") as emu:
        [result] = Fleet([Device("s", emu.url, username="admin", password="pw")]).map(hostname)
        assert result.ok, result.error


def test_the_devices_of_a_fleet_share_one_tls_context_per_ca(boxes: Any, tmp_path: Path) -> None:
    a, _ = boxes
    fleet = Fleet([Device(f"a{index}", a.host, token=a.token, ca=a.ca) for index in range(3)]
                  + [Device("lost", a.host, token=a.token, ca=str(tmp_path / "missing.pem"))])
    results = fleet.map(hostname)
    assert [r.value for r in results[:3]] == ["fw-a"] * 3
    assert isinstance(results[3].error, ConfigurationError) and "missing.pem" in str(results[3].error)
    assert len({id(context) for context in fleet._contexts.values()}) == 1  # one context for a.ca
