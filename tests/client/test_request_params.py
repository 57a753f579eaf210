"""`fgt.request(..., params=...)` takes any query parameter; the modelled ones are checked as the tree checks them.

`filter`, `format`, `start`, `count`, `vdom`, `datasource`, ... given in `params` go through
the very same checks as the tree's keywords (`core.query.params_query`), so the raw escape
hatch and the tree send the same query for the same options, and refuse the same mistakes.
"""

from __future__ import annotations

from typing import Any

import pytest
from recording import Recorder

from hfortix import ConfigurationError, FortiOS
from hfortix.core import Request
from hfortix.core.query import field
from hfortix.emulator.app import EmulatorApp
from hfortix.transports import InMemoryTransport


def query_of(request: Request) -> str:
    return request.url.partition("?")[2]


def test_modelled_parameters_are_taken_and_sent_as_the_tree_sends_them() -> None:
    recorder = Recorder()
    fgt = FortiOS("fgt.test", token="t", transport=recorder)
    fgt.request("GET", "cmdb/firewall/address", params={"filter": "name=@web", "count": 5, "start": 0,
                                                        "format": ["name", "subnet"], "with_meta": True})
    fgt.api.cmdb.firewall.address.list(filter="name=@web", count=5, start=0, format=["name", "subnet"],
                                       with_meta=True)
    raw, tree = (query_of(request) for request in recorder.sent)
    assert raw == tree == "filter=name%3D%40web&format=name%7Csubnet&start=0&count=5&with_meta=1"


def test_both_spellings_of_exclude_default_values_and_a_structured_filter() -> None:
    recorder = Recorder()
    fgt = FortiOS("fgt.test", token="t", transport=recorder)
    fgt.request("GET", "cmdb/firewall/address", params={"exclude-default-values": True})
    fgt.request("GET", "cmdb/firewall/address", params={"exclude_default_values": True,
                                                        "filter": [field("type") == "ipmask"]})
    assert [query_of(r) for r in recorder.sent] == ["exclude-default-values=1",
                                                     "filter=type%3D%3Dipmask&exclude-default-values=1"]


def test_a_vdom_in_params_overrides_the_clients_default_and_may_not_be_given_twice() -> None:
    recorder = Recorder()
    fgt = FortiOS("fgt.test", token="t", transport=recorder, vdom="root")
    fgt.request("GET", "cmdb/firewall/address", params={"vdom": "dmz"})
    fgt.request("GET", "cmdb/firewall/address")
    assert [query_of(r) for r in recorder.sent] == ["vdom=dmz", "vdom=root"]
    with pytest.raises(ConfigurationError, match="vdom is given twice"):
        fgt.request("GET", "cmdb/firewall/address", params={"vdom": "dmz"}, vdom="root")
    assert len(recorder.sent) == 2


def test_unmodelled_parameters_pass_as_they_are() -> None:
    recorder = Recorder()
    FortiOS("fgt.test", token="t", transport=recorder).request(
        "GET", "monitor/system/resource/usage", params={"interval": "1-min", "resource": ["cpu", "mem"],
                                                        "unfiltered_count": True})
    assert query_of(recorder.sent[0]) == "interval=1-min&resource=cpu&resource=mem&unfiltered_count=true"


@pytest.mark.parametrize(("params", "message"), [
    ({"count": "ten"}, "count must be an int"),
    ({"count": 0}, "count must be >= 1"),
    ({"filter": "name"}, "malformed filter"),
    ({"with_meta": 1}, "with_meta must be True or False"),
    ({"scope": "world"}, "unknown scope"),
    ({"action": "move"}, "exactly one of before= or after="),
    ({"vdom": ["a", "a"]}, "names a VDOM twice"),
    ({"exclude-default-values": True, "exclude_default_values": True}, "given twice"),
])
def test_modelled_parameters_are_refused_exactly_as_the_tree_refuses_them(params: dict[str, Any],
                                                                           message: str) -> None:
    recorder = Recorder()
    with pytest.raises(ConfigurationError, match=message):
        FortiOS("fgt.test", token="t", transport=recorder).request("GET", "cmdb/firewall/address", params=params)
    assert recorder.sent == []


def test_the_emulator_answers_a_raw_filtered_page() -> None:
    app = EmulatorApp(token="t")
    with FortiOS("fgt.test", token="t", transport=InMemoryTransport(app)) as fgt:
        for n in range(4):
            fgt.api.cmdb.firewall.address.create(name=f"web-{n}", subnet=f"10.0.0.{n}/32")
        rows = fgt.request("GET", "cmdb/firewall/address", params={"filter": "name=@web", "count": 2, "start": 1,
                                                                    "format": "name"})
    assert rows == [{"name": "web-1", "q_origin_key": "web-1"}, {"name": "web-2", "q_origin_key": "web-2"}]


def test_the_trees_params_take_modelled_names_too() -> None:
    recorder = Recorder()
    FortiOS("fgt.test", token="t", transport=recorder).api.cmdb.firewall.address.list(params={"count": 5})
    assert [query_of(r) for r in recorder.sent] == ["count=5"]  # one page as asked, not paged by hfortix
