"""The cmdb endpoints of one firmware, compiled from the catalog into what the emulator checks.

A `Schema` is one table, singleton or read-only endpoint with the fields that exist on the
chosen firmware (fields and option values outside their version ranges are dropped), each
`Field` with its default, bounds, options and references, and a `template`: the object a
POST starts from. Compiling is lazy and cached per firmware, shared by every app in the
process, so an app never re-reads the catalog per request.

Defaults (the catalog has none, wire format "Known gaps" 2) follow one documented rule:
integers 0 clamped into [min, max]; enumerated strings "enable" for a `status` field, else
"disable", "none" or "default" when offered, else the first option; IPv4 subnet-like fields
(`SUBNET_FIELDS`) "0.0.0.0 0.0.0.0"; other strings ""; child tables []; nested objects their
own template. `data/factory.json` `default_overrides` corrects the few the rule gets wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint, in_ranges

from .profile import load_data

_CHECKS = load_data("value_checks.json")
# String fields FortiOS stores as "address mask" (ipv4-classnet): a CIDR sent there comes back
# as "10.0.1.0 255.255.255.0". Recognised by name (data/value_checks.json "kinds"), as the
# catalog records no native types.
SUBNET_FIELDS = frozenset(_CHECKS["kinds"]["network"])
KINDS: Mapping[str, str] = {
    name: kind for kind, names in _CHECKS["kinds"].items() if kind != "about" for name in names
}
UUID_FIELDS = frozenset({"uuid"})
NULL_UUID = "00000000-0000-0000-0000-000000000000"
EMPTY_SUBNET = "0.0.0.0 0.0.0.0"
_PREFERRED_OPTION_DEFAULTS = ("disable", "none", "default")


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a reference field points: `table` ("firewall/address"), maybe a child table of it
    (`child_path`, e.g. ("zone",) for system.sdwan.zone.name), and the referenced `field`."""

    table: str
    child_path: tuple[str, ...]
    field: str

    @property
    def dotted(self) -> str:
        """The FortiOS datasource name of the table, as `datasource=1` reports it."""
        return ".".join((self.table.replace("/", "."), *self.child_path))


@dataclass(frozen=True, slots=True, eq=False)
class Field:
    name: str
    type: str  # "string" | "integer" | "table" | "object"
    multi: bool = False
    options: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    references: tuple[Reference, ...] = ()
    children: Mapping[str, Field] = field(default_factory=dict)
    mkey: str | None = None  # child tables
    mkey_type: str | None = None
    template: Mapping[str, Any] | None = None  # child tables and nested objects
    default: Any = ""
    option_set: frozenset[str] = frozenset()
    kind: str | None = None  # strings holding addresses: "network", "address", "network6", "mac"
    size: int | None = None  # strings: the longest value accepted (None: any length)


@dataclass(frozen=True, slots=True)
class ReferenceSite:
    """A place in a row that holds references: `path` of field names from the row down to a
    string/integer field (through child tables and nested objects), and what it points to."""

    schema_key: str
    path: tuple[str, ...]
    references: tuple[Reference, ...]
    multi: bool = True  # several space-separated references in one string, or one (may hold spaces)


@dataclass(frozen=True, slots=True, eq=False)
class Schema:
    endpoint: Endpoint
    key: str  # "path/name", as used everywhere in the emulator
    kind: str  # "table" | "singleton" | "readonly"
    mkey: str | None
    mkey_type: str | None
    fields: Mapping[str, Field]
    scope: str  # "global" | "vdom"
    template: Mapping[str, Any]
    reference_sites: tuple[ReferenceSite, ...] = field(default=())
    type_id: int = 0  # a stable number per table, reported as q_type by with_meta

    @property
    def path(self) -> str:
        return self.endpoint.path

    @property
    def name(self) -> str:
        return self.endpoint.name

    @property
    def integer_key(self) -> bool:
        return self.mkey_type == "integer"


def _pick_variant(spec: Mapping[str, Any], firmware: str) -> Mapping[str, Any] | None:
    """The shape of a field on `firmware`, or None if the field does not exist there."""
    if "variants" in spec:
        for variant in spec["variants"]:
            if "versions" not in variant or in_ranges(variant["versions"], firmware):
                return variant  # type: ignore[no-any-return]
        return None
    if "versions" in spec and not in_ranges(spec["versions"], firmware):
        return None
    return spec


def _options(spec: Mapping[str, Any], firmware: str) -> tuple[str, ...]:
    kept = []
    for entry in spec.get("options", ()):
        if isinstance(entry, list):
            value, ranges = entry
            if in_ranges(ranges, firmware):
                kept.append(value)
        else:
            kept.append(entry)
    return tuple(kept)


def _option_default(name: str, options: tuple[str, ...]) -> str:
    if name == "status" and "enable" in options:
        return "enable"
    for preferred in _PREFERRED_OPTION_DEFAULTS:
        if preferred in options:
            return preferred
    return options[0]


class CmdbCatalog:
    """Every cmdb endpoint of one firmware, compiled on first use."""

    def __init__(self, firmware: str) -> None:
        self.firmware = firmware
        self._endpoints: dict[tuple[str, str], Endpoint] = {}
        self._type_ids: dict[tuple[str, str], int] = {}
        for index, endpoint in enumerate(catalog.endpoints()):
            if endpoint.api == "cmdb" and endpoint.available_in(firmware):
                self._endpoints[(endpoint.path, endpoint.name)] = endpoint
                self._type_ids[(endpoint.path, endpoint.name)] = 100 + index
        self._schemas: dict[tuple[str, str], Schema] = {}
        self._referrers: dict[str, tuple[ReferenceSite, ...]] | None = None
        scopes = load_data("scopes.json")
        self._global_prefixes = tuple(scopes["global_path_prefixes"])
        self._vdom_exceptions = frozenset(scopes["vdom_exceptions"])
        self._global_endpoints = frozenset(scopes["global_endpoints"])
        self._overrides: Mapping[str, Mapping[str, list[Any]]] = {
            key: value
            for key, value in load_data("factory.json")["default_overrides"].items()
            if key != "about"
        }

    # -- lookups ---------------------------------------------------------------------------

    def endpoint(self, path: str, name: str) -> Endpoint | None:
        return self._endpoints.get((path, name))

    def schema(self, path: str, name: str) -> Schema | None:
        """The compiled endpoint at path/name on this firmware, or None."""
        compiled = self._schemas.get((path, name))
        if compiled is None:
            endpoint = self._endpoints.get((path, name))
            if endpoint is None:
                return None
            compiled = self._compile(endpoint)
            self._schemas[(path, name)] = compiled
        return compiled

    def schema_by_key(self, key: str) -> Schema | None:
        path, _, name = key.partition("/")
        return self.schema(path, name)

    def schemas(self) -> list[Schema]:
        """Every endpoint of this firmware (compiles them all)."""
        return [schema for path, name in self._endpoints if (schema := self.schema(path, name))]

    def referrers(self, table_key: str) -> tuple[ReferenceSite, ...]:
        """Every place in any table of this firmware that can reference rows of `table_key`."""
        if self._referrers is None:
            index: dict[str, list[ReferenceSite]] = {}
            for schema in self.schemas():
                for site in schema.reference_sites:
                    for target in {reference.table for reference in site.references}:
                        index.setdefault(target, []).append(site)
            self._referrers = {key: tuple(sites) for key, sites in index.items()}
        return self._referrers.get(table_key, ())

    def scope_of(self, path: str, name: str) -> str:
        key = f"{path}/{name}"
        if key in self._global_endpoints:
            return "global"
        top = path.split(".", 1)[0]
        if top in self._global_prefixes and key not in self._vdom_exceptions:
            return "global"
        return "vdom"

    # -- compiling -------------------------------------------------------------------------

    def _resolve_datasource(self, dotted: str) -> Reference | None:
        """ "system.sdwan.zone.name" -> Reference("system/sdwan", ("zone",), "name")."""
        parts = dotted.split(".")
        if len(parts) < 3:
            return None
        # The longest endpoint path wins: "firewall.service.custom.name" is firewall.service/custom.
        for split in range(len(parts) - 2, 0, -1):
            path, name = ".".join(parts[:split]), parts[split]
            if (path, name) in self._endpoints:
                return Reference(f"{path}/{name}", tuple(parts[split + 1 : -1]), parts[-1])
        return None

    def _compile_fields(
        self,
        specs: Mapping[str, Any],
        overrides: Mapping[str, list[Any]],
        sizes: Mapping[str, int] | None = None,
        key: str | None = None,
    ) -> dict[str, Field]:
        """The fields of one level; `sizes` are the table's own string sizes, `key` its mkey."""
        fields: dict[str, Field] = {}
        for name, raw in specs.items():
            spec = _pick_variant(raw, self.firmware)
            if spec is None:
                continue
            fields[name] = self._compile_field(name, spec, overrides.get(name), _size(name, sizes or {}, key))
        return fields

    def _compile_field(
        self, name: str, spec: Mapping[str, Any], candidates: list[Any] | None, size: int | None = None
    ) -> Field:
        kind = spec["type"]
        if kind in ("table", "object"):
            children = self._compile_fields(spec.get("children", {}), {}, key=spec.get("mkey"))
            mkey = spec.get("mkey") if kind == "table" else None
            template = _template(children, mkey)
            return Field(
                name,
                kind,
                children=MappingProxyType(children),
                mkey=mkey,
                mkey_type=spec.get("mkey_type"),
                template=MappingProxyType(template),
                default=[] if kind == "table" else template,
            )
        options = _options(spec, self.firmware)
        references = tuple(
            reference
            for dotted in spec.get("datasource", ())
            if (reference := self._resolve_datasource(dotted))
        )
        minimum, maximum = spec.get("min"), spec.get("max")
        if kind == "integer" and minimum is None and maximum is None:  # bounds the catalog lacks
            minimum, maximum = _INTEGER_BOUNDS.get(name, _INTEGER_BOUNDS["unbounded"])
        multi = bool(spec.get("multi"))
        default: Any
        if kind == "integer":
            default = ""
            if not multi:
                default = 0 if minimum is None else max(0, minimum)
                default = default if maximum is None else min(default, maximum)
        elif options and not multi:
            default = _option_default(name, options)
        elif name in SUBNET_FIELDS and not multi:
            default = EMPTY_SUBNET
        elif name in UUID_FIELDS:
            default = NULL_UUID
        else:
            default = ""
        for candidate in candidates or ():
            if not options or candidate in options:
                default = candidate
                break
        return Field(
            name,
            kind,
            multi=multi,
            options=options,
            minimum=minimum,
            maximum=maximum,
            references=references,
            default=default,
            option_set=frozenset(options),
            kind=None if options else KINDS.get(name),
            size=size if kind == "string" and not options else None,
        )

    def _compile(self, endpoint: Endpoint) -> Schema:
        key = f"{endpoint.path}/{endpoint.name}"
        specs = catalog.details(endpoint).get("fields", {}) if endpoint.kind != "readonly" else {}
        sizes = _SIZES["tables"].get(key, {})
        fields = self._compile_fields(specs, self._overrides.get(key, {}), sizes, endpoint.mkey)
        mkey = endpoint.mkey if endpoint.kind == "table" else None
        if mkey is not None and mkey not in fields:  # a few catalog tables leave their key out
            key_type = "integer" if endpoint.mkey_type == "integer" else "string"
            fields = {mkey: Field(mkey, key_type, default=0 if key_type == "integer" else ""), **fields}
        sites: list[ReferenceSite] = []
        _collect_sites(key, fields, (), sites)
        return Schema(
            endpoint=endpoint,
            key=key,
            kind=endpoint.kind,
            mkey=mkey,
            mkey_type=endpoint.mkey_type,
            fields=MappingProxyType(fields),
            scope=self.scope_of(endpoint.path, endpoint.name),
            template=MappingProxyType(_template(fields, mkey)),
            reference_sites=tuple(sites),
            type_id=self._type_ids.get((endpoint.path, endpoint.name), 0),
        )


_INTEGER_BOUNDS: Mapping[str, list[int]] = _CHECKS["integer_bounds"]
_SIZES: Mapping[str, Any] = _CHECKS["string_sizes"]
_UNLIMITED = frozenset(_SIZES["unlimited"])


def _size(name: str, sizes: Mapping[str, int], key: str | None) -> int | None:
    """The longest string field `name` takes: the table's own size, else the rule for keys and
    for other strings (data/value_checks.json "string_sizes")."""
    if name in sizes:
        return sizes[name]
    if name == key:
        return int(_SIZES["key"])
    return None if name in _UNLIMITED else int(_SIZES["any"])


def _template(fields: Mapping[str, Field], mkey: str | None) -> dict[str, Any]:
    """A fresh object: the key first, then `q_origin_key` (as FortiOS orders them), then the rest."""
    template: dict[str, Any] = {}
    if mkey is not None and mkey in fields:
        template[mkey] = fields[mkey].default if fields[mkey].type != "integer" else 0
        template["q_origin_key"] = template[mkey]
    for name, spec in fields.items():
        if name not in template:
            template[name] = dict(spec.default) if spec.type == "object" else spec.default
    return template


def _collect_sites(
    key: str, fields: Mapping[str, Field], prefix: tuple[str, ...], out: list[ReferenceSite]
) -> None:
    for name, spec in fields.items():
        if spec.references:
            out.append(ReferenceSite(key, (*prefix, name), spec.references, spec.multi))
        if spec.children:
            _collect_sites(key, spec.children, (*prefix, name), out)


@cache
def cmdb_catalog(firmware: str) -> CmdbCatalog:
    """The compiled cmdb catalog of `firmware` ("7.6.5"), shared by every app of the process."""
    return CmdbCatalog(firmware)
