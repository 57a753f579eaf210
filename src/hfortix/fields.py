"""What an endpoint's fields are, in data and in words: `endpoint.fields()`, `help(endpoint)`.

One reading of the catalog serves the run-time help, the generated stubs' docstrings and
the Markdown endpoint reference (tools/build_stubs.py), so the three never disagree. A
cmdb endpoint's fields come from its schema; a monitor or log endpoint's are its query
or body parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint, VersionRanges

from .names import field_keyword


@dataclass(frozen=True, slots=True)
class Option:
    """One enumerated value of a field; `versions` None: whenever the field exists."""

    value: str
    versions: VersionRanges | None = None

    def __str__(self) -> str:
        return self.value if self.versions is None else f"{self.value} ({span(self.versions)})"


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a cmdb object, or one parameter of a monitor or log endpoint.

    `name` is the wire name (what `data=` and rows use), `keyword` the keyword argument
    (`allow-routing` -> `allow_routing`). `versions` None: whenever the endpoint exists.
    `references` are the tables a value must name (`firewall.address.name`); `children`
    the fields of a child table's rows or of a nested object.
    """

    name: str
    keyword: str
    type: str  # cmdb: string | integer | table | object; monitor, log: string | int | boolean | ...
    multi: bool = False  # several values, sent as one space-separated string
    options: tuple[Option, ...] = ()
    min: int | None = None
    max: int | None = None
    versions: VersionRanges | None = None
    references: tuple[str, ...] = ()
    mkey: str | None = None  # child tables: the key of their rows
    children: Mapping[str, Field] = field(default_factory=dict)
    variants: tuple[Field, ...] = ()  # the same name with other shapes in other versions
    required: bool = False  # monitor and log parameters only

    def summary(self, references: bool = True) -> str:
        """One line: type, options, bounds, versions and references (`route-tag: integer; FortiOS 7.4.0+`)."""
        if self.variants:
            return "; or ".join(variant.summary(references) for variant in self.variants)
        parts = [self.type + (" (several, space-separated)" if self.multi else "")]
        if self.options:
            parts.append("one of " + ", ".join(map(str, self.options)))
        if self.min is not None or self.max is not None:
            parts.append(f"{'' if self.min is None else self.min}..{'' if self.max is None else self.max}")
        if self.mkey:
            parts.append(f"rows keyed by {self.mkey}")
        if self.required:
            parts.append("required")
        if self.versions:
            parts.append(f"FortiOS {span(self.versions)}")
        if self.references and references:
            parts.append("references " + ", ".join(self.references))
        return "; ".join(parts)


def span(ranges: VersionRanges) -> str:
    """`[("v7.4.0", "")]` -> `7.4.0+`; `[("v6.0.0", "v6.2.7")]` -> `6.0.0-6.2.7`."""
    return ", ".join(f"{first.lstrip('v')}+" if not last else first.lstrip("v") if first == last
                     else f"{first.lstrip('v')}-{last.lstrip('v')}" for first, last in ranges)


def _ranges(raw: Any) -> VersionRanges | None:
    return None if raw is None else tuple((first, last) for first, last in raw)


def _field(name: str, raw: Mapping[str, Any]) -> Field:
    if "variants" in raw:
        variants = tuple(_field(name, variant) for variant in raw["variants"])
        ranges = tuple(r for variant in variants for r in (variant.versions or ()))
        return Field(name, field_keyword(name), " | ".join(v.type for v in variants), versions=ranges or None,
                     variants=variants)
    options = tuple(Option(o) if isinstance(o, str) else Option(o[0], _ranges(o[1])) for o in raw.get("options", ()))
    return Field(
        name, field_keyword(name), raw["type"], multi=bool(raw.get("multi")), options=options, min=raw.get("min"),
        max=raw.get("max"), versions=_ranges(raw.get("versions")), references=tuple(raw.get("datasource", ())),
        mkey=raw.get("mkey"), children=fields_from(raw.get("children", {})), required=bool(raw.get("required")),
    )


def fields_from(raw: Mapping[str, Any]) -> dict[str, Field]:
    """Fields from a catalog `fields`/`children`/`params` mapping, in catalog order."""
    return {name: _field(name, spec) for name, spec in raw.items()}


def fields_of(endpoint: Endpoint) -> dict[str, Field]:
    """An endpoint's fields (cmdb) or parameters (monitor, log: every method's, GET's first)."""
    detail = catalog.details(endpoint)
    if "fields" in detail:
        return fields_from(detail["fields"])
    merged: dict[str, Any] = {}
    for params in detail.get("params", {}).values():
        for name, spec in params.items():
            merged.setdefault(name, spec)
    return fields_from(merged)


def describe(label: str, endpoint: Endpoint) -> str:
    """The text `help(fgt.api.cmdb.firewall.address)` shows: what the endpoint is, then every field."""
    lines = [headline(label, endpoint), ""]
    fields = fields_of(endpoint)
    heading = "Fields (keyword argument, wire name: details):" if endpoint.api == "cmdb" else \
        "Parameters (keyword argument, wire name: details):"
    if fields:
        lines.append(heading)
        lines.extend(field_lines(fields, "  "))
    elif endpoint.api == "cmdb":
        lines.append("No field schema in the catalog (FortiOS answers whatever it has).")
    else:
        lines.append("No parameters.")
    return "\n".join(lines)


def child_table_field(endpoint: Endpoint, path: tuple[str, ...]) -> Field:
    """The table field at `path` (field names from the object down) of `endpoint`'s rows: its
    row key, versions and `children` (the rows' fields); its table shape where it has several."""
    fields: Mapping[str, Field] = fields_of(endpoint)
    spec: Field | None = None
    for wire in path:
        spec = fields[wire]
        spec = next((variant for variant in spec.variants if variant.type == "table"), spec)
        fields = spec.children
    if spec is None or spec.type != "table":
        raise ValueError(f"{endpoint.key}: {'.'.join(path)!r} is no child table")
    return spec


def describe_child(label: str, spec: Field, calls: str) -> str:
    """The text `help(fgt.api.cmdb.firewall.addrgrp.member)` (and of `member("grp1")`) shows."""
    about = "; ".join(spec.summary().split("; ")[1:])  # what follows its type, "table"
    lines = [f"{label}: child table, {about}", calls, "", "Fields (keyword argument, wire name: details):"]
    return "\n".join([*lines, *field_lines(spec.children, "  ")])


def headline(label: str, endpoint: Endpoint) -> str:
    """`cmdb.firewall.address: table keyed by name (string), FortiOS 6.0.0+; GET POST PUT DELETE /api/v2/...`."""
    kind = {"table": f"table keyed by {endpoint.mkey} ({endpoint.mkey_type})", "singleton": "singleton",
            "readonly": "read-only", "action": endpoint.api}[endpoint.kind]
    versions = f", FortiOS {span(endpoint.versions)}" if endpoint.versions else ""
    return f"{label}: {kind}{versions}; {' '.join(endpoint.methods)} /api/v2/{endpoint.key}"


def field_lines(fields: Mapping[str, Field], indent: str, references: bool = True) -> list[str]:
    """One line per field (`allow_routing, allow-routing: string; one of enable, disable`), children indented."""
    lines = []
    for wire, spec in fields.items():
        name = spec.keyword if spec.keyword == wire else f"{spec.keyword}, {wire}"
        lines.append(f"{indent}{name}: {spec.summary(references)}")
        children = spec.children or next((v.children for v in spec.variants if v.children), {})
        lines.extend(field_lines(children, indent + "    ", references))
    return lines


def namespace_help(label: str, children: list[str]) -> str:
    """What `help(fgt.api.cmdb.firewall)` shows: the namespace's endpoints and namespaces."""
    return (f"{label}: a namespace of {len(children)} endpoints and namespaces "
            f"(node[\"wire-name\"] reaches any by its wire name):\n  " + "\n  ".join(children))

