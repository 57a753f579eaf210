"""Which FortiOS version has what: endpoints, fields, option values and read methods.

The catalog gives a version range to every cmdb endpoint and to the fields and option values
that did not always exist (a range left out means "as its parent"; a field may also change
shape between releases, listed as `variants`). `Target.problem` answers whether a call, and
the body it would send, fits one version, and if not which `UnsupportedError` to raise.
Nothing here sends anything: plans call it before they send (`plans.for_firmware`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from . import catalog
from .catalog import Endpoint, parse_version
from .errors import ConfigurationError, UnsupportedError
from .query import named_fields

Ranges = tuple[tuple[str, str], ...]

#: Reads whose HTTP method changed between releases: endpoint key -> ((first version, method), ...),
#: newest last. The configuration backup became a POST in 7.4.5 (issue 10).
METHOD_CHANGES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "monitor/system/config/backup": (("7.4.5", "POST"),),
}


_parsed = cache(parse_version)  # every call is checked: a handful of version strings, parsed once


def in_ranges(ranges: Iterable[Any], firmware: str) -> bool:
    """Whether `firmware` falls in any [first, last] range of the catalog ('' as last: still present)."""
    version = _parsed(firmware)
    return any(_parsed(first) <= version and (not last or version <= _parsed(last)) for first, last in ranges)


def firmware_text(value: object) -> str:
    """A FortiOS version as hfortix keeps it: `"v7.2.8"` or `"7.2.8"` -> `"7.2.8"`, `"7.4"` -> `"7.4.0"`."""
    if not isinstance(value, str):
        raise ConfigurationError(f"firmware must be a version such as '7.2.8', got {type(value).__name__}")
    try:
        return ".".join(str(part) for part in parse_version(value.strip()))
    except ValueError:
        raise ConfigurationError(f"firmware must be a version such as '7.2.8', got {value!r}") from None


def describe(ranges: Ranges) -> str:
    """`(("v7.4.0", ""),)` -> "7.4.0 and later"; `(("v6.0.0", "v6.2.7"),)` -> "6.0.0 to 6.2.7"."""
    spans = []
    for first, last in ranges:
        start = first.removeprefix("v")
        spans.append(f"{start} and later" if not last else f"{start} to {last.removeprefix('v')}")
    return ", ".join(spans) or "no release"


def _plain(ranges: Any) -> Ranges:
    return tuple((first.removeprefix("v"), last.removeprefix("v")) for first, last in ranges)


def pick(spec: Mapping[str, Any] | None, firmware: str | None) -> Mapping[str, Any] | None:
    """The shape of a catalog field on `firmware` (None if it has none there).

    Without a firmware, the newest shape: the variant still present, else the last one.
    """
    if spec is None:
        return None
    variants = spec.get("variants")
    if variants is None:
        if firmware is not None and "versions" in spec and not in_ranges(spec["versions"], firmware):
            return None
        return spec
    if firmware is None:
        current = [v for v in variants if any(not last for _, last in v.get("versions", [("", "")]))]
        return (current or variants)[-1]  # type: ignore[no-any-return]
    for variant in variants:
        if "versions" not in variant or in_ranges(variant["versions"], firmware):
            return variant  # type: ignore[no-any-return]
    return None


def _field_ranges(spec: Mapping[str, Any], kind: str | None = None) -> Ranges:
    shapes = spec.get("variants", [spec])
    return _plain(r for shape in shapes if kind in (None, shape.get("type")) for r in shape.get("versions", ()))


def _unsupported(what: str, firmware: str, ranges: Ranges) -> UnsupportedError:
    return UnsupportedError(
        f"{what} does not exist on FortiOS {firmware}; it exists in {describe(ranges)}",
        firmware=firmware, versions=ranges,
    )


@dataclass(frozen=True, slots=True)
class Target:
    """What a call addresses: an endpoint, and for a child table the table fields down to it."""

    endpoint: Endpoint
    children: tuple[str, ...] = ()  # child-table field names, outermost first
    label: str = ""  # how messages name it (`cmdb.firewall.addrgrp`)
    reads: tuple[str, ...] = ()  # the fields a read's filter, format and sort name (see `reading`)

    def reading(self, query: Iterable[tuple[str, str]]) -> Target:
        """This target, reading with `query`: each field its filter, format and sort name must be
        a field of the table (of the child table) in some release, else ConfigurationError: a
        misspelt name is an error before sending, never an answer with no rows or without the
        field. `problem` then also checks them against the firmware."""
        named = named_fields(query)
        if not named:
            return self
        fields = self._fields(None)
        if isinstance(fields, UnsupportedError):  # no such child table at all: the call says so
            fields = {}
        for option, name in named:
            if name not in fields and name != "q_origin_key":
                hint = difflib.get_close_matches(name, list(fields), n=3)
                raise ConfigurationError(
                    f"{self.label or self.endpoint.key} has no field {name!r} (named in {option}=)"
                    + (f"; did you mean {', '.join(hint)}?" if hint else ""))
        return replace(self, reads=tuple(dict.fromkeys(name for _, name in named)))

    def problem(self, firmware: str | None, body: Any = None) -> UnsupportedError | None:
        """Why this call (sending `body`) cannot work on `firmware`, or None if it can."""
        if firmware is None:
            return None
        endpoint = self.endpoint
        label = self.label or endpoint.key
        if endpoint.versions is not None and not in_ranges(endpoint.versions, firmware):
            return _unsupported(f"{label} ({endpoint.key})", firmware, _plain(endpoint.versions))
        fields = self._fields(firmware)
        if isinstance(fields, UnsupportedError):
            return fields
        for name in self.reads:
            spec = fields.get(name)
            if spec is not None and pick(spec, firmware) is None:
                return _unsupported(f"field {name!r} of {label}", firmware, _field_ranges(spec))
        return _body_problem(fields, body, firmware, label) if body is not None else None

    def _fields(self, firmware: str | None) -> Mapping[str, Any] | UnsupportedError:
        """The catalog fields of the rows this target addresses on `firmware` (None: the newest
        shape of each child table), or why a child table on the way is missing there."""
        fields: Mapping[str, Any] = catalog.details(self.endpoint).get("fields") or {}
        for name in self.children:
            spec = fields.get(name) or {}
            shape = pick(spec, firmware)
            if shape is None or shape.get("type") != "table":
                return _unsupported(f"the child table {name!r} of {self.label or self.endpoint.key}",
                                    firmware or "", _field_ranges(spec, "table"))
            fields = shape.get("children") or {}
        return fields


def _body_problem(fields: Mapping[str, Any], body: Any, firmware: str, where: str) -> UnsupportedError | None:
    if not isinstance(body, Mapping):
        return None
    for name, value in body.items():
        spec = fields.get(name)
        if spec is None:  # not in the catalog at all: input checks report it, not the version check
            continue
        shape = pick(spec, firmware)
        if shape is None:
            return _unsupported(f"field {name!r} of {where}", firmware, _field_ranges(spec))
        kind = shape.get("type")
        if kind in ("table", "object"):
            children = shape.get("children") or {}
            items = value if isinstance(value, (list, tuple)) else [value]
            for item in items:
                problem = _body_problem(children, item, firmware, f"{where} {name}")
                if problem is not None:
                    return problem
        elif "options" in shape:
            problem = _option_problem(shape, name, value, firmware, where)
            if problem is not None:
                return problem
    return None


def _option_problem(shape: Mapping[str, Any], name: str, value: Any, firmware: str,
                    where: str) -> UnsupportedError | None:
    limited = {entry[0]: entry[1] for entry in shape["options"] if isinstance(entry, list)}
    if not limited:
        return None
    for token in catalog.option_tokens(shape, value):
        ranges = limited.get(token)
        if ranges is not None and not in_ranges(ranges, firmware):
            return _unsupported(f"option {token!r} of field {name!r} of {where}", firmware, _plain(ranges))
    return None


def read_method(endpoint: Endpoint, firmware: str | None) -> str:
    """The HTTP method that reads `endpoint` on `firmware` (GET unless `METHOD_CHANGES` says otherwise)."""
    method = "GET"
    if firmware is not None:
        version = _parsed(firmware)
        for first, changed in METHOD_CHANGES.get(endpoint.key, ()):
            if version >= _parsed(first):
                method = changed
    return method if method in endpoint.methods else "GET"
