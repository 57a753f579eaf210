"""Monitor and log parameters are sent the way FortiOS reads them, as the catalog types them.

The catalog (`core/_catalog/monitor/*.json`) gives each parameter a type. A `boolean` is sent
as `true`/`false` (`summary=True` used to raise a raw TypeError), an `int` as its digits; the
emulator reads them with the same types and answers 400 for a value of the wrong form, so a
client sending Python's `True` or `1` for a boolean would be caught here.
"""

from __future__ import annotations

from typing import Any

import pytest

from hfortix import BadRequestError, ConfigurationError, FortiOS
from hfortix.emulator.app import EmulatorApp
from hfortix.testing import FortiGateEmulator
from hfortix.transports import InMemoryTransport


def test_a_boolean_parameter_goes_out_as_true_or_false_and_the_emulator_accepts_it() -> None:
    with FortiGateEmulator() as emu, FortiOS(emu.host, token=emu.token, verify=emu.ca) as fgt:
        sessions = fgt.api.monitor.firewall.session.get(count=10, summary=True)
        assert sessions is not None
        fgt.api.monitor.firewall.session.get(count=10, summary=False, filter_csf=True)
        fgt.api.monitor.system.interface.get(include_vlan=True, include_aggregate=False)
        targets = [target for method, target in emu.stats.received if "session" in target or "interface" in target]
    assert any("summary=true" in target for target in targets)
    assert any("summary=false" in target and "filter-csf=true" in target for target in targets)
    assert any("include_vlan=true&include_aggregate=false" in target for target in targets)


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.anyio
async def test_the_same_in_async_mode(anyio_backend: str) -> None:
    async with FortiGateEmulator() as emu, \
            FortiOS(emu.host, token=emu.token, verify=emu.ca, mode="async") as fgt:
        await fgt.api.monitor.firewall.session.get(count=10, summary=True)
        assert any("summary=true" in target for _, target in emu.stats.received)


def test_the_raw_request_sends_a_bool_the_same_way() -> None:
    app = EmulatorApp(token="t")
    with FortiOS("fgt.test", token="t", transport=InMemoryTransport(app)) as fgt:
        fgt.request("GET", "monitor/firewall/session", params={"count": 10, "summary": True})


@pytest.mark.parametrize("query", ["summary=True", "summary=1", "summary=yes", "count=ten", "count=1.5"])
def test_the_emulator_refuses_a_parameter_of_the_wrong_form(query: str) -> None:
    app = EmulatorApp(token="t")
    base = "count=10&" if not query.startswith("count") else ""
    status, answer = app.call("GET", f"/api/v2/monitor/firewall/session?{base}{query}")
    assert status == 400 and answer["http_status"] == 400, answer


@pytest.mark.parametrize("text", ["True", "1", "yes"])
def test_a_boolean_written_as_text_by_hand_reaches_the_emulator_and_is_refused(text: str) -> None:
    with FortiOS("fgt.test", token="t", transport=InMemoryTransport(EmulatorApp(token="t"))) as fgt, \
            pytest.raises(BadRequestError, match="HTTP 400"):
        fgt.request("GET", "monitor/firewall/session", params={"count": 10, "summary": text})


@pytest.mark.parametrize(("options", "names"), [
    ({"count": 10, "summary": "true"}, "summary"),
    ({"count": 10, "summary": 1}, "summary"),
    ({"count": 10, "policyid": "5"}, "policyid"),
    ({"count": 10, "sumary": True}, "did you mean summary"),
])
def test_the_tree_checks_parameter_types_from_the_catalog(options: dict[str, Any], names: str) -> None:
    with FortiOS("fgt.test", token="t", transport=InMemoryTransport(EmulatorApp(token="t"))) as fgt, \
            pytest.raises(ConfigurationError, match=names):
        fgt.api.monitor.firewall.session.get(**options)


def test_params_sends_names_the_catalog_lacks_unchecked() -> None:
    app = EmulatorApp(token="t")
    with FortiOS("fgt.test", token="t", transport=InMemoryTransport(app)) as fgt:
        fgt.api.monitor.firewall.session.get(count=10, params={"new-in-8.0": True})
