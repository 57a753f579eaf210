"""`data=` is the body as a keyword too, and a field named like a call option takes a `_` behind.

The README writes `create(data={...})` and `update(key, data={...})`; they must work, in sync
and async mode. A table with a real field called `data` (dlp exact-data-match) sets it with
`data_=`, as `field_keyword` says; system api-user's own `vdom` field is `vdom_=`. When a value
for a call option is wrong and the endpoint has a field of that name, the error says how to
set the field; no error repeats advice the caller has just followed.
"""

from __future__ import annotations

from typing import Any

import pytest
from recording import Recorder

from hfortix import ConfigurationError, FortiOS
from hfortix.emulator.app import EmulatorApp
from hfortix.names import field_keyword
from hfortix.transports import AsyncInMemoryTransport, InMemoryTransport


def client(recorder: Recorder) -> FortiOS[Any]:
    return FortiOS("fgt.test", token="t", transport=recorder)


def test_data_as_a_keyword_creates_updates_and_sets_on_the_emulator() -> None:
    app = EmulatorApp(token="t")
    with FortiOS("fgt.test", token="t", transport=InMemoryTransport(app)) as fgt:
        address = fgt.api.cmdb.firewall.address
        address.create(data={"name": "web", "subnet": "10.0.1.50/32"})
        address.update("web", data={"comment": "front end"})
        address.set(data={"name": "db", "subnet": "10.0.2.0/24"})
        assert address.set(data={"name": "db", "comment": "kept"})["action"] == "updated"
        fgt.api.monitor.firewall.policy.clear_counters.post(data={"policy": 0})
    rows = {row["name"]: row for row in app.table("firewall", "address")}
    assert rows["web"]["comment"] == "front end" and rows["db"]["comment"] == "kept"
    assert rows["db"]["subnet"] == "10.0.2.0 255.255.255.0"


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.anyio
async def test_data_as_a_keyword_in_async_mode(anyio_backend: str) -> None:
    app = EmulatorApp(token="t")
    async with FortiOS("fgt.test", token="t", transport=AsyncInMemoryTransport(app), mode="async") as fgt:
        await fgt.api.cmdb.firewall.address.create(data={"name": "web", "subnet": "10.0.1.50/32"})
        await fgt.api.cmdb.firewall.address.update("web", data={"comment": "async"})
    assert app.get_object("firewall", "address", "web")["comment"] == "async"  # type: ignore[index]


def test_keyword_fields_and_data_merge_the_fields_winning() -> None:
    recorder = Recorder()
    client(recorder).api.cmdb.firewall.address.create(data={"name": "a", "comment": "x"}, comment="y")
    assert recorder.bodies() == [{"name": "a", "comment": "y"}]


def test_a_real_field_named_data_is_data_() -> None:
    assert field_keyword("data") == "data_"
    recorder = Recorder()
    table = client(recorder).api.cmdb.dlp.exact_data_match
    table.create(name="edm", data_="resource-1")
    table.create({"name": "edm2", "data": "resource-2"})  # wire names in the body: as they are
    assert recorder.bodies() == [{"name": "edm", "data": "resource-1"}, {"name": "edm2", "data": "resource-2"}]


def test_a_string_for_data_on_that_table_says_how_to_set_the_field() -> None:
    recorder = Recorder()
    with pytest.raises(ConfigurationError, match=r"data must be a mapping.*set that field with data_=") as raised:
        client(recorder).api.cmdb.dlp.exact_data_match.create(name="edm", data="resource-1")
    assert "data={" not in str(raised.value)  # the advice just followed is not repeated
    assert recorder.sent == []


def test_api_user_vdom_field_is_vdom_and_the_wrong_way_says_so() -> None:
    recorder = Recorder()
    api_user = client(recorder).api.cmdb.system.api_user
    api_user.create(name="u", vdom_=[{"name": "root"}])
    assert recorder.bodies() == [{"name": "u", "vdom": [{"name": "root"}]}]
    for wrong in ([{"name": "root"}], {"name": "root"}):
        with pytest.raises(ConfigurationError, match=r"vdom.*set that field with vdom_=") as raised:
            api_user.create(name="u", vdom=wrong)
        assert "vdom= is the call's own option" in str(raised.value)
    assert len(recorder.sent) == 1


def test_an_option_of_a_table_without_such_a_field_gets_no_field_advice() -> None:
    with pytest.raises(ConfigurationError) as raised:
        client(Recorder()).api.cmdb.firewall.address.create(name="a", vdom=[{"name": "root"}])
    assert "vdom_" not in str(raised.value)


def test_an_unknown_field_mentions_data_once_and_a_bad_data_does_not_advise_data() -> None:
    address = client(Recorder()).api.cmdb.firewall.address
    with pytest.raises(ConfigurationError) as unknown:
        address.create(name="a", subnett="10.0.0.1/32")
    assert "did you mean subnet" in str(unknown.value) and str(unknown.value).count("data=") == 1
    with pytest.raises(ConfigurationError) as bad:
        address.create(data="name=a")
    assert "data=" not in str(bad.value) and "has no field" not in str(bad.value)


def test_a_monitor_field_with_a_hyphen_is_sent_by_its_wire_name() -> None:
    recorder = Recorder()
    client(recorder).api.monitor.firewall.session.get(count=10, filter_csf=True, security_policyid=3)
    query = recorder.sent[0].url.split("?", 1)[1]
    assert query == "count=10&filter-csf=true&security-policyid=3"
