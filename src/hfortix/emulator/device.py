"""The emulated FortiGate's state and the rules every part of the emulator shares.

`Device` owns the configuration store, the revision, VDOMs, references (checks, in-use scans,
renames) and the factory configuration. The cmdb handlers, the monitor answers and the app
all work through it; the app's lock guards it.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .errors import missing_attribute, missing_reference
from .profile import Identity, Quirks, load_data
from .schema import NULL_UUID, UUID_FIELDS, CmdbCatalog, Reference, ReferenceSite, Schema, cmdb_catalog
from .store import GLOBAL, ConfigStore, Revisions
from .values import merge_object, parse_integer

VDOM_TABLE = "system/vdom"


def values_at(node: Any, path: tuple[str, ...], *, multi: bool = True) -> Iterator[str]:
    """The reference tokens at `path` in a row: through child tables and nested objects, a
    multi-value string giving one token per value (a single value may hold spaces)."""
    if not isinstance(node, Mapping):
        return
    value = node.get(path[0])
    if len(path) == 1:
        if isinstance(value, str):
            yield from value.split() if multi else [value] if value else []
        elif isinstance(value, int) and not isinstance(value, bool) and value != 0:
            yield str(value)
        return
    if isinstance(value, list):
        for child in value:
            yield from values_at(child, path[1:], multi=multi)
    elif isinstance(value, Mapping):
        yield from values_at(value, path[1:], multi=multi)


def replace_token(node: Any, path: tuple[str, ...], old: str, new: Any, *, multi: bool = True) -> Any:
    """`node` with reference `old` at `path` renamed to `new` (a new object only if it changed)."""
    if not isinstance(node, Mapping) or path[0] not in node:
        return node
    value = node[path[0]]
    if len(path) == 1:
        if isinstance(value, str) and not multi and value == old:
            replaced: Any = new
        elif isinstance(value, str) and multi and old in value.split():
            replaced = " ".join(str(new) if token == old else token for token in value.split())
        elif isinstance(value, int) and not isinstance(value, bool) and str(value) == old:
            replaced = new
        else:
            return node
        updated = {**node, path[0]: replaced}
        if node.get("q_origin_key") == value:  # the renamed token was this child's own key
            updated["q_origin_key"] = replaced
        return updated
    if isinstance(value, list):
        children = [replace_token(child, path[1:], old, new, multi=multi) for child in value]
        if all(a is b for a, b in zip(children, value, strict=True)):
            return node
        return {**node, path[0]: children}
    if isinstance(value, Mapping):
        child = replace_token(value, path[1:], old, new, multi=multi)
        return node if child is value else {**node, path[0]: child}
    return node


class Device:
    def __init__(
        self,
        *,
        identity: Identity,
        quirks: Quirks,
        seed: int,
        clock: Callable[[], float],
    ) -> None:
        self.identity = identity
        self.quirks = quirks
        self.clock = clock
        self.seed = seed
        self.catalog: CmdbCatalog = cmdb_catalog(identity.firmware.text)
        self.store = ConfigStore()
        self.revisions = Revisions(f"{identity.serial}:{seed}")
        self.random = random.Random(seed)
        factory = load_data("factory.json")
        self._pseudo = {
            key: frozenset(values) for key, values in factory["pseudo_references"].items() if key != "about"
        }
        self._unchecked = frozenset(factory["unchecked_reference_tables"]["tables"])
        self._required: dict[str, Any] = load_data("value_checks.json")["required"]
        # Monitor state that config does not hold: policy counters cleared at these clock times.
        self.counters_cleared: dict[tuple[str, int], float] = {}
        # How many sessions monitor/firewall/session reports (tests set it; they are invented).
        self.active_sessions = 0
        self.captures: dict[int, dict[str, Any]] = {}  # the service API's packet captures by id

    # -- VDOMs ------------------------------------------------------------------------------

    def vdoms(self, store: ConfigStore | None = None) -> list[str]:
        rows = (store or self.store).peek_rows(GLOBAL, VDOM_TABLE)
        return [str(name) for name in rows] if rows else []

    @property
    def management_vdom(self) -> str:
        vdoms = self.vdoms()
        return "root" if "root" in vdoms or not vdoms else vdoms[0]

    def scope_of(self, schema: Schema, vdom: str) -> str:
        return GLOBAL if schema.scope == "global" else vdom

    # -- rows -------------------------------------------------------------------------------

    def new_uuid(self) -> str:
        return str(uuid.UUID(int=self.random.getrandbits(128), version=4))

    def with_fresh_uuids(self, schema: Schema, row: dict[str, Any]) -> dict[str, Any]:
        for name in UUID_FIELDS:
            if row.get(name) == NULL_UUID and name in schema.fields:
                row[name] = self.new_uuid()
        return row

    def new_row(self, schema: Schema, body: Mapping[str, Any], *, lenient: bool = False) -> dict[str, Any]:
        row = merge_object(schema.fields, schema.template, body, mkey=schema.mkey, lenient=lenient)
        return self.with_fresh_uuids(schema, row)

    def singleton_row(self, schema: Schema, scope: str, store: ConfigStore | None = None) -> dict[str, Any]:
        """A singleton's current value (its template until first written)."""
        row = (store or self.store).singleton(scope, schema.key)
        return row if row is not None else dict(schema.template)

    def table_key(self, schema: Schema, text: Any) -> Any:
        """An mkey as the table stores it: int for integer keys (None if not a number)."""
        if schema.integer_key:
            return parse_integer(text)
        return str(text)

    # -- references -------------------------------------------------------------------------

    def check_row(self, schema: Schema, row: Mapping[str, Any], store: ConfigStore, vdom: str) -> None:
        """Raise ValueRejected if `row` lacks an attribute it needs or names a missing object."""
        self.check_required(schema, row)
        self.check_references(schema, row, store, vdom)

    def check_required(self, schema: Schema, row: Mapping[str, Any]) -> None:
        """Attributes the row must hold (data/value_checks.json "required"): error -56."""
        rules = self._required.get(schema.key)
        if not rules:
            return
        needed = list(rules.get("always", ()))
        for condition, names in rules.get("when", {}).items():
            field, _, value = condition.partition("=")
            if str(row.get(field, "")) == value:
                needed.extend(names)
        for name in needed:
            if name in schema.fields and row.get(name) in (None, "", []):
                raise missing_attribute(name)

    def check_references(self, schema: Schema, row: Mapping[str, Any], store: ConfigStore, vdom: str) -> None:
        """Raise ValueRejected if `row` names an object that does not exist."""
        if not self.quirks.check_references:
            return
        for site in schema.reference_sites:
            for token in values_at(row, site.path, multi=site.multi):
                # A row may point into itself (an SD-WAN health check at the SD-WAN members it sets).
                if self.resolve(site.references, token, store, vdom, pending=(schema.key, row)) is None:
                    raise missing_reference(".".join(site.path), token)

    def resolve(
        self,
        references: tuple[Reference, ...],
        token: str,
        store: ConfigStore,
        vdom: str,
        pending: tuple[str, Mapping[str, Any]] | None = None,
    ) -> str | None:
        """The datasource name of the first table that holds `token`, or None.

        `pending` is a row being written (table key, row): it counts as stored already."""
        for reference in references:
            if reference.table in self._unchecked or token in self._pseudo.get(reference.table, ()):
                return reference.dotted
            target = self.catalog.schema_by_key(reference.table)
            if target is None:
                continue
            scope = self.scope_of(target, vdom)
            if not reference.child_path and reference.field == target.mkey:
                rows = store.peek_rows(scope, target.key)
                if rows and self.table_key(target, token) in rows:
                    return reference.dotted
                continue
            path = (*reference.child_path, reference.field)
            holders: list[Any] = []
            if pending is not None and pending[0] == target.key:
                holders.append(pending[1])
            if target.kind == "singleton":
                if not holders:  # a singleton being written replaces its stored self
                    holders.append(self.singleton_row(target, scope, store))
            else:
                holders.extend((store.peek_rows(scope, target.key) or {}).values())
            if any(token in values_at(holder, path) for holder in holders):
                return reference.dotted
        return None

    def _referrer_sites(self, schema: Schema) -> Iterator[tuple[Schema, ReferenceSite]]:
        for site in self.catalog.referrers(schema.key):
            if any(
                ref.table == schema.key and not ref.child_path and ref.field == schema.mkey
                for ref in site.references
            ):
                referrer = self.catalog.schema_by_key(site.schema_key)
                if referrer is not None:
                    yield referrer, site

    def _holders(
        self, referrer: Schema, target: Schema, store: ConfigStore, vdom: str
    ) -> Iterator[tuple[str, Any]]:
        """(scope, row) of every row of `referrer` that could point at `target` rows of `vdom`."""
        if referrer.kind == "singleton":
            for scope, row in store.used_singletons(referrer.key):
                if target.scope == "global" or scope in (vdom, GLOBAL):
                    yield scope, row
            return
        for scope, rows in store.used_tables(referrer.key):
            if target.scope == "global" or scope in (vdom, GLOBAL):
                for row in rows.values():
                    yield scope, row

    def referrer_of(self, schema: Schema, key: Any, store: ConfigStore, vdom: str) -> str | None:
        """Which table references row `key` of `schema` (the first found), or None."""
        token = str(key)
        for referrer, site in self._referrer_sites(schema):
            for _, row in self._holders(referrer, schema, store, vdom):
                if token in values_at(row, site.path, multi=site.multi):
                    return referrer.key
        return None

    def reference_counts(self, schema: Schema, store: ConfigStore, vdom: str) -> Counter[Any]:
        """How many references point at each row of `schema` (with_meta's q_ref)."""
        counts: Counter[Any] = Counter()
        for referrer, site in self._referrer_sites(schema):
            for _, row in self._holders(referrer, schema, store, vdom):
                for token in values_at(row, site.path, multi=site.multi):
                    counts[self.table_key(schema, token)] += 1
        return counts

    def rename_references(self, schema: Schema, old: Any, new: Any, store: ConfigStore, vdom: str) -> None:
        """Follow a rename, as FortiOS does: every reference to `old` now names `new`."""
        token = str(old)
        for referrer, site in self._referrer_sites(schema):
            if referrer.kind == "singleton":
                for scope, row in list(store.used_singletons(referrer.key)):
                    updated = replace_token(row, site.path, token, new, multi=site.multi)
                    if updated is not row:
                        store.put_singleton(scope, referrer.key, updated)
                continue
            for scope, rows in list(store.used_tables(referrer.key)):
                if not (schema.scope == "global" or scope in (vdom, GLOBAL)):
                    continue
                writable = store.rows(scope, referrer.key)
                for row_key, row in list(rows.items()):
                    updated = replace_token(row, site.path, token, new, multi=site.multi)
                    if updated is not row:
                        writable[row_key] = updated
