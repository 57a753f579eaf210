"""The FortiOS endpoint catalog, read lazily from the package's compact data.

`endpoints()` reads one small index (about 1,500 rows) on first use; `details(endpoint)`
reads the one per-path file that holds that endpoint's fields or parameters. Nothing is
read at import time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

APIS = ("cmdb", "monitor", "log", "service")
VersionRanges = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One REST endpoint: `/api/v2/{api}/{path}/{name}[/{action}]`."""

    api: str
    path: str
    name: str
    action: str | None
    kind: str  # cmdb: "table" | "singleton" | "readonly"; monitor and log: "action"
    mkey: str | None
    mkey_type: str | None
    methods: tuple[str, ...]
    versions: VersionRanges | None  # None: no version data (monitor, log, readonly)

    @property
    def key(self) -> str:
        """`api/path/name[/action]`, unique across the catalog."""
        tail = self.name if self.action is None else f"{self.name}/{self.action}"
        return f"{self.api}/{self.path}/{tail}"

    def available_in(self, firmware: str | None) -> bool:
        """Whether this endpoint exists on FortiOS `firmware` ("7.6.5" or "v7.6.5")."""
        return firmware is None or self.versions is None or in_ranges(self.versions, firmware)


def parse_version(text: str) -> tuple[int, ...]:
    """`"v7.6.5"` or `"7.6.5"` -> (7, 6, 5); raises ValueError on anything else."""
    body = text[1:] if text.startswith("v") else text
    parts = body.split(".")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        raise ValueError(f"not a FortiOS version: {text!r} (expected e.g. '7.6.5')")
    return tuple(int(part) for part in parts) + (0,) * (3 - len(parts))


def in_ranges(ranges: Any, firmware: str) -> bool:
    """Whether `firmware` falls in any [first, last] range ('' as last means 'still present')."""
    version = parse_version(firmware)
    for first, last in ranges:
        if parse_version(first) <= version and (not last or version <= parse_version(last)):
            return True
    return False


def _read(*parts: str) -> Any:
    from importlib import resources  # here: importlib.resources costs 12 ms of every start-up

    return json.loads(resources.files(__package__).joinpath("_catalog", *parts).read_text("utf-8"))


@cache
def _index() -> dict[str, Any]:
    index = _read("index.json")
    if index.get("format") != "hfortix-catalog/1":
        raise RuntimeError(f"hfortix catalog data has an unknown format: {index.get('format')!r}")
    return index  # type: ignore[no-any-return]


@cache
def endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint in the catalog."""
    rows = []
    for api, path, name, action, kind, mkey, mkey_type, methods, versions in _index()["endpoints"]:
        ranges = None if versions is None else tuple((a, b) for a, b in versions)
        rows.append(Endpoint(api, path, name, action, kind, mkey, mkey_type, tuple(methods), ranges))
    return tuple(rows)


@cache
def _by_key() -> dict[str, Endpoint]:
    return {endpoint.key: endpoint for endpoint in endpoints()}


def find(api: str, path: str, name: str, action: str | None = None) -> Endpoint | None:
    """The endpoint at api/path/name[/action], or None."""
    tail = name if action is None else f"{name}/{action}"
    return _by_key().get(f"{api}/{path}/{tail}")


def known_versions() -> tuple[str, ...]:
    """Every FortiOS version at which the catalog records a change."""
    return tuple(_index()["versions"])


@cache
def _path_file(api: str, path: str) -> dict[str, Any]:
    return _read(api, f"{path}.json")  # type: ignore[no-any-return]


def details(endpoint: Endpoint) -> dict[str, Any]:
    """`{"fields": ...}` for cmdb tables and singletons, `{"params": ...}` for monitor and log."""
    tail = endpoint.name if endpoint.action is None else f"{endpoint.name}/{endpoint.action}"
    return _path_file(endpoint.api, endpoint.path).get(tail, {})  # type: ignore[no-any-return]


def unknown_option(spec: Mapping[str, Any], value: Any) -> tuple[str, tuple[str, ...]] | None:
    """The first value in `value` that no FortiOS version offers for the field `spec` (a catalog
    field), beside every value some version offers; None when all are offered, or the field has
    no options, or `value` is no text (a multi-value field's text is split on spaces, a list is
    read item by item). FortiOS matches option values exactly: `ip-mask` is not `ipmask`."""
    choices = tuple(entry if isinstance(entry, str) else entry[0] for entry in spec.get("options", ()))
    if not choices:
        return None
    return next(((token, choices) for token in option_tokens(spec, value) if token not in choices), None)


def option_tokens(spec: Mapping[str, Any], value: Any) -> list[str]:
    """The option values `value` names for the field `spec`: a several-valued field's text word
    by word, a list's text items, one text whole; nothing for any other value."""
    if isinstance(value, str):
        return value.split() if spec.get("multi") else [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, str)]
    return []


def source() -> dict[str, Any]:
    """Where the catalog data came from (kept with the data, as its licence asks)."""
    return dict(_index()["source"])
