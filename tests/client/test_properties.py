"""Property tests across the public surface: odd keys, any query parameters, arbitrary envelopes.

* A key given to the tree (`/`, `..`, `.`, unicode, empty, blank, very long, a lone surrogate)
  either is refused with ConfigurationError before anything is sent, or reaches the FortiGate
  as exactly one path segment that the emulator's own parser (which never uses the client's
  URL code) reads back as that key.
* Any `params` mapping, through `fgt.request()` and the tree: ConfigurationError, or a query
  that decodes back to what was asked, modelled names checked, nothing else.
* Any JSON body, arrays of envelopes with any `vdom` values included: envelope(s) or a
  FortiOSError, and a list always names each VDOM once (no collapsed `{None: ...}`).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from recording import JSON, Recorder, answer

from hfortix import ConfigurationError, FortiOS, FortiOSError
from hfortix.core import Request, Response
from hfortix.core.envelope import parse_response, results_of
from hfortix.emulator.request import Incoming

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def new_recorder() -> Recorder:
    return Recorder(answer(results=[{"name": "x"}]))


ODD_KEYS = ["/", "..", ".", "a/b", "../x", "%2F", "%", "?", "#", "a?b#c", "\\", " web ", "é", "日本語", "🔥",
            "", " ", "\t", "\ud800", "x" * 5000, "a" * 70000, "+", "a+b", "=", "&", ";", "~", "0", "-1"]
keys = st.one_of(st.sampled_from(ODD_KEYS), st.text(max_size=40), st.text(min_size=1000, max_size=3000),
                 st.integers(min_value=-5, max_value=2**63))
CALLS = {
    "get": lambda table, key: table.get(key),
    "delete": lambda table, key: table.delete(key),
    "update": lambda table, key: table.update(key, comment="c"),
    "exists": lambda table, key: table.exists(key),
}


@PROPERTY
@given(key=keys, call=st.sampled_from(sorted(CALLS)))
def test_an_odd_key_is_one_segment_or_refused_before_sending(key: str | int, call: str) -> None:
    recorder = new_recorder()
    table = FortiOS("fgt.test", token="t", transport=recorder).api.cmdb.firewall.address
    try:
        CALLS[call](table, key)
    except ConfigurationError:
        assert recorder.sent == []
        assert (isinstance(key, int) and key < 0) or (isinstance(key, str) and (not key.strip() or _unencodable(key)))
        return
    [request] = recorder.sent
    target = request.url.split("://", 1)[1].split("/", 1)[1]
    incoming = Incoming.parse(request.method, "/" + target, [], b"")
    assert incoming.segments[:5] == ["api", "v2", "cmdb", "firewall", "address"]
    assert incoming.segments[5:] == [str(key)]
    assert urlsplit(request.url).hostname == "fgt.test"


def _unencodable(text: str) -> bool:
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)  # a lone surrogate has no UTF-8 form


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12), st.binary(max_size=4))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner,
                                                                                           max_size=2), max_leaves=6)
names = st.one_of(st.sampled_from(["filter", "count", "start", "format", "vdom", "with_meta", "datasource",
                                   "exclude-default-values", "exclude_default_values", "scope", "sort", "skip",
                                   "action", "access_token", "interval", "mkey"]),
                  st.text(max_size=10), st.integers(), st.none())


MODELLED = {"vdom", "scope", "filter", "format", "sort", "start", "count", "datasource", "with_meta", "skip",
            "exclude-default-values", "exclude_default_values", "action", "before", "after", "nkey"}


def plain_pairs(params: dict[Any, Any]) -> list[tuple[str, str]]:
    """What the unmodelled parameters must become, worked out apart from hfortix's own code."""
    pairs = []
    for name, value in params.items():
        if name in MODELLED:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, ("true" if item else "false") if isinstance(item, bool) else str(item)))
    return pairs


@PROPERTY
@given(params=st.one_of(st.dictionaries(names, values, max_size=4), values))
def test_any_params_give_a_query_or_a_configuration_error(params: Any) -> None:
    recorder = new_recorder()
    fgt = FortiOS("fgt.test", token="t", transport=recorder)
    try:
        fgt.request("GET", "monitor/system/status", params=params)
    except ConfigurationError:
        assert recorder.sent == []
        return
    [request] = recorder.sent
    sent = parse_qsl(urlsplit(request.url).query, keep_blank_values=True)
    assert params is None or isinstance(params, dict)
    params = params or {}
    assert [pair for pair in sent if pair[0] not in MODELLED] == plain_pairs(params)
    assert {name for name, _ in sent} <= {str(name) for name in params} | {"exclude-default-values"}


vdom_values = st.one_of(st.none(), st.sampled_from(["root", "dmz"]), st.text(max_size=6), st.integers(), st.booleans())


@st.composite
def envelope_arrays(draw: st.DrawFn) -> list[dict[str, Any]]:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        item: dict[str, Any] = {"http_method": "GET", "status": draw(st.sampled_from(["success", "error"])),
                                "http_status": draw(st.sampled_from([200, 404, 500])), "results": []}
        if draw(st.booleans()):
            item["vdom"] = draw(vdom_values)
        items.append(item)
    return items


@PROPERTY
@given(body=envelope_arrays(), status=st.sampled_from([200, 207, 404, 500]))
def test_an_array_of_envelopes_names_each_vdom_once_or_raises_our_error(body: list[dict[str, Any]],
                                                                       status: int) -> None:
    request = Request("GET", "https://fgt.test/api/v2/cmdb/firewall/address?vdom=*")
    try:
        parsed = parse_response(request, Response(status, JSON, json.dumps(body).encode()))
    except FortiOSError:
        return
    assert isinstance(parsed, list)
    vdoms = [envelope.vdom for envelope in parsed]
    assert all(isinstance(vdom, str) for vdom in vdoms) and len(set(vdoms)) == len(vdoms)
    assert len(results_of(parsed)) == len(parsed)
