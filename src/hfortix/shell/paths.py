"""PATH on the command line: the URL path under /api/v2 (`cmdb/firewall/address`), as the
catalog names every endpoint (`Endpoint.key`), turned into the endpoint and its tree node."""

from __future__ import annotations

import difflib
from functools import cache
from typing import Any

from hfortix.api import wire_segments
from hfortix.core import catalog
from hfortix.core.catalog import Endpoint

from .base import UsageError


@cache
def _by_key() -> dict[str, Endpoint]:
    return {endpoint.key: endpoint for endpoint in catalog.endpoints()}


def normalized(text: str) -> str:
    """`/api/v2/cmdb/firewall/address/` -> `cmdb/firewall/address` (a URL pasted whole works)."""
    path = text.strip().split("?", 1)[0].strip("/")
    for prefix in ("api/v2/", "v2/"):
        path = path.removeprefix(prefix)
    return path


def resolve(text: str) -> Endpoint:
    """The endpoint at PATH, or a UsageError that says what is there instead."""
    path = normalized(text)
    found = _by_key().get(path)
    if found is not None:
        return found
    parent, _, last = path.rpartition("/")
    table = _by_key().get(parent)
    if table is not None and table.kind == "table":
        raise UsageError(f"{path}: no such endpoint; {parent} is a table: give an object's key after the path, "
                         f"as in {parent} {last}")
    under = sorted(key for key in _by_key() if key.startswith(path + "/"))
    if under:
        more = f" (and {len(under) - 3} more)" if len(under) > 3 else ""
        raise UsageError(f"{path} is a namespace, not an endpoint: it holds {', '.join(under[:3])}{more}; "
                         f"see: hfortix endpoints {path}/")
    hints = difflib.get_close_matches(path, list(_by_key()), n=3, cutoff=0.75)
    hint = f"; did you mean {' or '.join(hints)}?" if hints else "; see: hfortix endpoints PATTERN"
    raise UsageError(f"{path}: no such endpoint{hint}")


def node(client: Any, endpoint: Endpoint) -> Any:
    """The endpoint's node in the client's tree (`client.api.cmdb["firewall"]["address"]`)."""
    step = getattr(client.api, endpoint.api)
    for wire in wire_segments(endpoint):
        step = step[wire]
    return step


def key_of(endpoint: Endpoint, text: str) -> str | int:
    """An object's key as typed: an integer for tables keyed by one (policies), else the text."""
    if endpoint.mkey_type == "integer":
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"{endpoint.key} is keyed by {endpoint.mkey}, an integer: not {text!r}") from None
    return text
