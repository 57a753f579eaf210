"""Python names for FortiOS wire names, by one rule that never collides.

Wire segments keep FortiOS's spelling (`phase1-interface`, `tacacs+accounting`,
`802-1X-settings`, `global`); attributes cannot. The rule: `+` becomes `_plus_`, `-` and
`.` become `_`, runs of `_` fold to one, a leading digit gets a `_` in front, and a Python
keyword or a method name of the tree (`list`, `get`, …: monitor has actions named so)
gets a `_` behind. The tree keeps a table from Python name back to wire name, so
the mapping round-trips by lookup, and a test checks that no two wire names under one
parent share a Python name. `node["wire-name"]` always works as well.
"""

from __future__ import annotations

import keyword
import re

_RUNS = re.compile(r"_+")
#: The public members of hfortix.api.Node; an endpoint named so would be hidden by them.
RESERVED = frozenset({
    "list", "get", "exists", "create", "update", "delete", "set", "post", "move", "clone", "schema", "endpoint",
    "ensure", "ensure_many", "iterate", "fields",
})


def python_name(wire: str) -> str:
    name = _RUNS.sub("_", wire.replace("+", "_plus_").replace("-", "_").replace(".", "_")).strip("_")
    if not name:
        raise ValueError(f"no Python name for wire name {wire!r}")
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in RESERVED:
        name += "_"
    return name


#: Keyword options of the tree's methods. A field with one of these names (system api-user's
#: `vdom`, firewall ldb-monitor's `timeout`, ...) is passed with a `_` behind: `vdom_=[...]`.
CALL_OPTIONS = frozenset({"data", "vdom", "timeout", "dry_run", "params"})


def field_keyword(wire: str) -> str:
    """The keyword argument for a field's wire name: `allow-routing` -> `allow_routing`.

    The rule of `python_name`, except that only hard keywords (`from`, `class`, `as`) and the
    methods' own options (`CALL_OPTIONS`) take a `_` behind: soft keywords such as `type` and
    `match` are valid keyword arguments, and method names cannot clash with keywords.
    """
    name = _RUNS.sub("_", wire.replace("+", "_plus_").replace("-", "_").replace(".", "_")).strip("_")
    if not name:
        raise ValueError(f"no keyword for field name {wire!r}")
    if name[0].isdigit():
        name = "_" + name
    if keyword.iskeyword(name) or name in CALL_OPTIONS:
        name += "_"
    return name


def field_name(python: str, wire_fields: dict[str, object] | None) -> str:
    """The wire name of a keyword argument (see `field_keyword`): a known field of that exact
    spelling, else the field whose keyword it is; unknown names come back unchanged."""
    if wire_fields is None:
        return python
    if python in wire_fields and field_keyword(python) == python:
        return python
    hyphenated = python.replace("_", "-")
    if hyphenated in wire_fields and field_keyword(hyphenated) == python:
        return hyphenated
    for wire in wire_fields:  # IPS-logs, 802-1X-settings, vdom_: names with capitals or odd starts
        if field_keyword(wire) == python:
            return wire
    return python
