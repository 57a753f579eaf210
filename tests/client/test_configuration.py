"""Configuration you can trust, over real sockets: ensure with diff and dry run, ensure_many,
child tables, iterate and firmware awareness, against emulators at 6.2.0, 7.2.8 and 7.6.5, in
sync mode and under asyncio and trio (one test body for the three, see tests/support/modes.py).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from modes import connect, resolve, take

from hfortix import (
    UNKNOWN,
    Change,
    ConfigurationError,
    FortiOS,
    InvalidResponseError,
    ResourceNotFoundError,
    UnsupportedError,
    ValidationError,
)
from hfortix.emulator.app import EmulatorApp
from hfortix.testing import FortiGateEmulator

pytestmark = pytest.mark.anyio
FIRMWARES = ["6.2.0", "7.2.8", "7.6.5"]
BULK = 10_000  # rows of the table iterate() walks


@pytest.fixture(scope="module", params=FIRMWARES)
def emu(request: pytest.FixtureRequest) -> Any:
    with FortiGateEmulator(http=True, firmware=request.param) as emulator:
        for index in range(BULK):  # set up without HTTP: the tests read it, they do not write it
            emulator.app.add_object("firewall", "address", {"name": f"bulk-{index:05}", "subnet": "10.8.0.1/32"})
        yield emulator


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def writes(emu: Any) -> list[tuple[str, str]]:
    return [(method, target) for method, target in emu.stats.received if method != "GET"]


def at_least(emu: Any, version: str) -> bool:
    return bool(emu.app.firmware.at_least(version))


# -- ensure ---------------------------------------------------------------------------------------


async def test_ensure_writes_only_what_differs(flavor: str, emu: Any) -> None:
    name = unique("web")
    async with connect(flavor, emu) as fgt:
        address = fgt.api.cmdb.firewall.address
        created = await resolve(address.ensure(name=name, subnet="10.1.0.5/32", comment="front"))
        assert isinstance(created, Change) and created.action == "create" and created.changed
        assert created.key == name and created.result["mkey"] == name and created.diff["comment"] == (None, "front")

        revision = emu.app.revision
        emu.stats.reset()
        again = await resolve(address.ensure({"name": name, "subnet": "10.1.0.5 255.255.255.255"}, comment="front"))
        assert again == Change("none", False, {}, None, name)
        assert writes(emu) == [] and emu.app.revision == revision  # nothing sent, the revision stays

        changed = await resolve(address.ensure(name=name, subnet="10.1.0.5", comment="back"))
        assert changed.action == "update" and changed.diff == {"comment": ("front", "back")}
        assert [method for method, _ in writes(emu)] == ["PUT"] and emu.app.revision != revision
        assert (await resolve(address.get(name)))["comment"] == "back"


async def test_a_dry_run_leaves_the_box_untouched(flavor: str, emu: Any) -> None:
    name = unique("dry")
    async with connect(flavor, emu) as fgt:
        address = fgt.api.cmdb.firewall.address
        revision = emu.app.revision
        emu.stats.reset()
        would = await resolve(address.ensure(name=name, subnet="10.1.1.0/24", dry_run=True))
        assert would.action == "create" and would.changed and would.result is None
        assert writes(emu) == [] and emu.app.revision == revision
        assert await resolve(address.exists(name)) is False

        await resolve(address.create(name=name, subnet="10.1.1.0/24"))
        revision = emu.app.revision
        would = await resolve(address.ensure(name=name, subnet="10.1.2.0/24", dry_run=True))
        assert would == Change("update", True, {"subnet": ("10.1.1.0 255.255.255.0", "10.1.2.0/24")}, None, name)
        assert emu.app.revision == revision
        assert (await resolve(address.get(name)))["subnet"] == "10.1.1.0 255.255.255.0"


async def test_ensure_compares_members_references_singletons_and_secrets(flavor: str, emu: Any) -> None:
    host1, host2, group, user = unique("h1"), unique("h2"), unique("grp"), unique("user")
    async with connect(flavor, emu) as fgt:
        for host in (host1, host2):
            await resolve(fgt.api.cmdb.firewall.address.create(name=host, subnet="10.2.0.1/32"))
        groups = fgt.api.cmdb.firewall.addrgrp
        await resolve(groups.ensure(name=group, member=[host1, host2]))
        for spelling in ([host2, host1], [{"name": host2}, {"name": host1, "q_origin_key": host1}]):
            assert (await resolve(groups.ensure(name=group, member=spelling))).action == "none"
        fewer = await resolve(groups.ensure(name=group, member=host1))
        assert fewer.action == "update" and list(fewer.diff) == ["member"]
        assert [m["name"] for m in (await resolve(groups.get(group)))["member"]] == [host1]

        system = fgt.api.cmdb.system.global_
        await resolve(system.ensure(hostname="fw-ensured"))
        assert (await resolve(system.ensure(hostname="fw-ensured"))).action == "none"

        users = fgt.api.cmdb.user.local
        await resolve(users.ensure(name=user, type="password", passwd="s3cret-1"))
        emu.stats.reset()
        secret = await resolve(users.ensure(name=user, type="password", passwd="s3cret-2"))
        assert secret == Change("none", False, {"passwd": (UNKNOWN, "s3cret-2")}, None, user)
        assert writes(emu) == []


async def test_ensure_many_keeps_failures_per_row_and_a_rerun_does_the_rest(flavor: str, emu: Any) -> None:
    names = [unique(f"many{i}") for i in range(4)]
    rows: list[dict[str, Any]] = [
        {"name": names[0], "subnet": "10.3.0.1/32"},
        {"name": names[1], "subnet": "10.3.0.300/32"},  # FortiOS refuses it
        {"name": names[2], "allow-routing": "enable"},  # a wire name
        {"name": names[3], "allow_routing": "enable"},  # a keyword name
    ]
    seen: list[tuple[int, int]] = []
    async with connect(flavor, emu) as fgt:
        address = fgt.api.cmdb.firewall.address
        emu.stats.reset()
        changes = await resolve(address.ensure_many(rows, progress=lambda done, total: seen.append((done, total)),
                                                    max_concurrency=2))
        assert [change.key for change in changes] == names
        assert [change.action for change in changes] == ["create"] * 4
        assert [change.error is None for change in changes] == [True, False, True, True]
        assert isinstance(changes[1].error, ValidationError) and not changes[1].changed
        assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
        assert emu.stats.max_in_flight <= 2
        rows[1]["subnet"] = "10.3.0.30/32"
        rerun = await resolve(address.ensure_many(rows))
        assert [change.action for change in rerun] == ["none", "create", "none", "none"]
        assert all(change.error is None for change in rerun)


async def test_ensure_and_ensure_many_refuse_bad_input_before_sending(flavor: str, emu: Any) -> None:
    async with connect(flavor, emu) as fgt:
        address = fgt.api.cmdb.firewall.address
        emu.stats.reset()
        with pytest.raises(ConfigurationError, match="key"):
            address.ensure(subnet="10.0.0.1/32")
        with pytest.raises(ConfigurationError, match="row 1"):
            address.ensure_many([{"name": "a"}, {"name": "b", "no_such_field": 1}])
        with pytest.raises(ConfigurationError, match="mapping"):
            address.ensure_many([{"name": "a"}, "b"])
        with pytest.raises(ConfigurationError, match="iterable"):
            address.ensure_many({"name": "a"})
        with pytest.raises(ConfigurationError, match="dry_run"):
            address.ensure(name="a", dry_run="yes")
        with pytest.raises(ConfigurationError, match="max_concurrency"):
            address.ensure_many([], max_concurrency=0)
        with pytest.raises(ConfigurationError, match="ensure_many"):
            fgt.api.cmdb.system.global_.ensure_many([{}])
        assert emu.stats.requests_total == 0


# -- child tables ----------------------------------------------------------------------------------


async def test_a_child_table_adds_and_removes_one_member(flavor: str, emu: Any) -> None:
    host1, host2, group = unique("c1"), unique("c2"), unique("cgrp")
    async with connect(flavor, emu) as fgt:
        for host in (host1, host2):
            await resolve(fgt.api.cmdb.firewall.address.create(name=host, subnet="10.4.0.1/32"))
        await resolve(fgt.api.cmdb.firewall.addrgrp.create(name=group, member=[{"name": host1}]))
        members = fgt.api.cmdb.firewall.addrgrp.member(group)
        emu.stats.reset()
        written = await resolve(members.create(name=host2))
        assert written["status"] == "success"
        assert writes(emu) == [("POST", f"/api/v2/cmdb/firewall/addrgrp/{group}/member")]
        assert [m["name"] for m in await resolve(members.list())] == [host1, host2]
        assert (await resolve(members.get(host2)))["name"] == host2
        assert await resolve(members.exists(host1)) is True
        await resolve(members.delete(host1))
        assert await resolve(members.exists(host1)) is False
        with pytest.raises(ResourceNotFoundError):
            await resolve(members.get(host1))
        group_row = await resolve(fgt.api.cmdb.firewall.addrgrp.get(group))
        assert [m["name"] for m in group_row["member"]] == [host2]


# -- iterate --------------------------------------------------------------------------------------


async def test_iterate_holds_one_page_at_a_time(flavor: str, emu: Any) -> None:
    async with connect(flavor, emu) as fgt:
        emu.stats.reset()
        rows = fgt.api.cmdb.firewall.address.iterate(page_size=1000, filter="name=@bulk-", format=["name"])
        assert emu.stats.requests_total == 0  # nothing is read before the first row is asked for

        def pages_read() -> int:
            return sum(target.startswith("/api/v2/cmdb/firewall/address?") for _, target in emu.stats.received)

        first = await take(rows, 1000)
        assert len(first) == 1000 and pages_read() == 1
        second = await take(rows, 1)
        assert pages_read() == 2 and second[0]["name"] == "bulk-01000"
        rest = await take(rows)
        names = [row["name"] for row in (*first, *second, *rest)]
        assert len(names) == BULK and len(set(names)) == BULK
        # 7.x stops at matched_count; 6.2 gives no counts, so only the empty 11th page ends it
        assert pages_read() == (10 if at_least(emu, "7.0.0") else 11)
        assert "start=1000&count=1000" in emu.stats.received[1][1]


async def test_iterate_pages_a_monitor_endpoint(flavor: str, emu: Any) -> None:
    emu.app.device.active_sessions = 2500
    try:
        async with connect(flavor, emu) as fgt:
            emu.stats.reset()
            sessions = await take(fgt.api.monitor.firewall.session.iterate(page_size=1000))
            assert len(sessions) == 2500 and len({row["saddr"] for row in sessions}) == 2500
            assert emu.stats.requests_total == 3  # the summary's matched_count ends it
            with pytest.raises(ConfigurationError, match="iterate"):
                fgt.api.monitor.system.status.iterate()
            with pytest.raises(ConfigurationError, match="start/count"):
                fgt.api.cmdb.firewall.address.iterate(start=5)
    finally:
        emu.app.device.active_sessions = 0


class IgnoresPaging:
    """A FortiGate that ignores start and count and says nothing of its table's size."""

    def __init__(self, app: EmulatorApp) -> None:
        self.app = app
        self.token = app.token

    def handle(self, method: str, target: str, headers: Any, body: bytes) -> Any:
        path, _, query = target.partition("?")
        kept = "&".join(p for p in query.split("&") if p and not p.startswith(("start=", "count=")))
        reply = self.app.handle(method, f"{path}?{kept}" if kept else path, headers, body)
        answer = json.loads(reply.body)
        if isinstance(answer, dict):
            for name in ("size", "matched_count", "next_idx", "limit_reached"):
                answer.pop(name, None)
        reply.body = json.dumps(answer).encode()
        return reply


async def test_a_device_that_ignores_paging_ends_in_an_error(flavor: str) -> None:
    app = EmulatorApp(token="paging-token-0123456789")
    for index in range(30):
        app.add_object("firewall", "address", {"name": f"n{index:02}", "subnet": "10.9.0.1/32"})
    with FortiGateEmulator(http=True, app=IgnoresPaging(app)) as emu:
        async with connect(flavor, emu, page_size=10) as fgt:
            address = fgt.api.cmdb.firewall.address
            with pytest.raises(InvalidResponseError, match="ignores start/count"):
                await take(address.iterate(page_size=10))
            emu.stats.reset()
            with pytest.raises(InvalidResponseError, match="ignores start/count"):
                await resolve(address.list())  # list() looped for ever before
            assert emu.stats.requests_total == 2


# -- firmware awareness -------------------------------------------------------------------------


async def test_firmware_is_learned_from_the_first_answer(flavor: str, emu: Any) -> None:
    version = emu.app.firmware.text
    async with connect(flavor, emu) as fgt:
        assert fgt.firmware is None
        emu.stats.reset()
        if at_least(emu, "6.2.8"):  # policy6 ended with 6.2.7: the refusal is explained, not "not found"
            with pytest.raises(UnsupportedError, match=r"6\.0\.0 to 6\.2\.7") as caught:
                await resolve(fgt.api.cmdb.firewall.policy6.list())
            assert caught.value.firmware == version and isinstance(caught.value.__cause__, ResourceNotFoundError)
        else:
            assert isinstance(await resolve(fgt.api.cmdb.firewall.policy6.list()), list)
        assert fgt.firmware == version and emu.stats.requests_total == 1  # learned with no extra request
        if at_least(emu, "6.2.8"):
            with pytest.raises(UnsupportedError):  # now known: refused before sending
                await resolve(fgt.api.cmdb.firewall.policy6.list())
            assert emu.stats.requests_total == 1
    async with connect(flavor, emu, firmware=None) as unchecked:
        if at_least(emu, "6.2.8"):
            with pytest.raises(ResourceNotFoundError):
                await resolve(unchecked.api.cmdb.firewall.policy6.list())
        assert unchecked.firmware is None


async def test_what_the_pinned_firmware_lacks_is_refused_before_sending(flavor: str, emu: Any) -> None:
    version = emu.app.firmware.text
    async with connect(flavor, emu, firmware=version) as fgt:
        assert fgt.firmware == version
        policy = fgt.api.cmdb.firewall.policy
        attempts = [
            ("7.4.0", lambda: policy.ensure(policyid=4242, pcp_outbound="enable", dry_run=True)),  # a 7.4 field
            ("7.6.3", lambda: policy.ensure(policyid=4242, http_policy_redirect="legacy", dry_run=True)),  # option
            ("7.4.0", lambda: policy.ztna_ems_tag_secondary(4242).list()),  # a 7.4 child table
            ("6.4.0", lambda: policy.create(policyid=4242, srcaddr6=[{"name": "all"}])),  # a 6.4 field
        ]
        for since, attempt in attempts:
            if at_least(emu, since):
                continue
            emu.stats.reset()
            with pytest.raises(UnsupportedError) as caught:
                await resolve(attempt())
            assert caught.value.firmware == version and f"{since} and later" in str(caught.value)
            assert emu.stats.requests_total == 0
        if at_least(emu, "7.4.0"):
            would = await resolve(policy.ensure(policyid=4242, pcp_outbound="enable", dry_run=True))
            assert would.action == "create"


def test_firmware_option_is_validated() -> None:
    assert FortiOS("127.0.0.1:1", token="t").firmware is None
    assert FortiOS("127.0.0.1:1", token="t", firmware="v7.2.8").firmware == "7.2.8"
    with pytest.raises(ConfigurationError, match="firmware"):
        FortiOS("127.0.0.1:1", token="t", firmware="latest")
    with pytest.raises(ConfigurationError, match="firmware"):
        FortiOS("127.0.0.1:1", token="t", firmware=7.2)  # type: ignore[arg-type]
