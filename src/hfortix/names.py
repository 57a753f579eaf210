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


def field_name(python: str, wire_fields: dict[str, object] | None) -> str:
    """The wire name of a keyword argument: itself if FortiOS knows it, else `_` read as `-`."""
    if wire_fields is None or python in wire_fields:
        return python
    hyphenated = python.replace("_", "-")
    if hyphenated in wire_fields:
        return hyphenated
    for wire in wire_fields:  # IPS-logs, 802-1X-settings: names with capitals or odd starts
        if python_name(wire) == python:
            return wire
    return python
