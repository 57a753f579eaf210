"""cmdb: every table and singleton of the catalog, answered from the configuration store.

URLs: `/api/v2/cmdb/<path>/<name>[/<mkey>[/<child-table>[/<child-key>]...]]`.

Status and error choices (docs/fortios-wire-format.md 6.1/6.2; `Quirks` makes them switchable):

* missing object (GET/PUT/DELETE of a key, or a POST to the URL of a key that does not
  exist): 404, error -3;
* POST of a key that exists (also a clone onto one): `Quirks.duplicate_status` (424), error -5;
* POST of a table row without its key: 424, error -56, "Attribute '<mkey>' MUST be set.";
* a value the CLI refuses: `Quirks.validation_status` (500) with the CLI's error: unknown
  field -61, bad type or option or malformed address -651, integer out of range -650, string
  too long -72, reference to a missing object -651 ("node_check_object fail!");
* an attribute the row needs left empty (data/value_checks.json "required": a VLAN's parent
  interface): 424, error -56, "Attribute '<name>' MUST be set.";
* DELETE of a referenced object: 500, error -23;
* POST on a singleton, or a method the endpoint lacks: 405;
* unknown `action`: 400, error -10000.

POST without the integer key of a table (firewall/policy policyid) takes the next free id
(highest + 1), as FortiOS does. A PUT whose body names another key renames the object, and
references to it follow, as in FortiOS.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import factory
from .device import VDOM_TABLE, Device
from .errors import (
    ALREADY_EXISTS,
    EMPTY_VALUE,
    IN_USE,
    INVALID_ACTION,
    ApiError,
    ValueRejected,
    bad_request,
    cli_text,
    invalid_value,
    method_not_allowed,
    not_found,
)
from .listing import Decorations, ListOptions, decorate, decorate_row, parse_options, select
from .replies import Where, cmdb_read, cmdb_write
from .request import Incoming
from .schema import Field, Schema
from .store import GLOBAL, ConfigStore
from .values import convert, merge_object, parse_integer

READ_ACTIONS = ("schema", "default")
# (status, envelope) of one VDOM's answer.
Answer = tuple[int, dict[str, Any]]


def native_field_schema(spec: Field, mkey: str | None = None) -> dict[str, Any]:
    """A field in FortiOS's own schema format (`?action=schema`)."""
    if spec.type in ("table", "object"):
        node: dict[str, Any] = {"name": spec.name, "category": "table" if spec.type == "table" else "complex"}
        if spec.type == "table":
            node.update(mkey=spec.mkey, mkey_type=spec.mkey_type, member_table=True)
        node["children"] = {
            name: native_field_schema(child, spec.mkey) for name, child in spec.children.items()
        }
        return node
    node = {
        "name": spec.name,
        "category": "unitary",
        "type": "option" if spec.options else spec.type,
        "default": spec.default,
    }
    if spec.multi:
        node["multiple_values"] = True
    if spec.options:
        node["options"] = [{"name": option} for option in spec.options]
    if spec.minimum is not None:
        node["min-value"] = spec.minimum
    if spec.maximum is not None:
        node["max-value"] = spec.maximum
    if spec.references:
        node["datasource"] = [f"{reference.dotted}.{reference.field}" for reference in spec.references]
    if spec.name == mkey:
        node["required"] = True
    return node


def native_schema(schema: Schema) -> dict[str, Any]:
    category = {"table": "table", "singleton": "complex"}.get(schema.kind, "readonly")
    node: dict[str, Any] = {"name": schema.name, "category": category}
    if schema.kind == "table":
        node.update(mkey=schema.mkey, mkey_type=schema.mkey_type)
    node["children"] = {name: native_field_schema(spec, schema.mkey) for name, spec in schema.fields.items()}
    return node


class CmdbHandler:
    def __init__(self, device: Device) -> None:
        self.device = device
        self._schemas: dict[str, dict[str, Any]] = {}
        self._tree: list[dict[str, Any]] | None = None

    # -- entry point ----------------------------------------------------------------------------

    def answer(
        self,
        request: Incoming,
        schema: Schema,
        rest: list[str],
        store: ConfigStore,
        vdom: str,
        *,
        staged: bool,
    ) -> Answer:
        action = request.param("action")
        where = Where(request.method, vdom, schema.path, schema.name, action or None)
        if request.method not in schema.endpoint.methods:
            raise method_not_allowed(f"{request.method} is not supported by cmdb/{schema.key}")
        if request.method == "GET":
            return 200, self._read(request, schema, rest, store, vdom, where, action)
        if action and not (
            (action == "move" and request.method == "PUT") or (action == "clone" and request.method == "POST")
        ):
            raise ApiError(400, INVALID_ACTION, detail=f"unknown action {action!r} for {request.method}")
        write = _Write(self.device, request, schema, rest, store, vdom, staged=staged)
        return 200, write.run(where)

    # -- reads --------------------------------------------------------------------------------

    def _read(
        self,
        request: Incoming,
        schema: Schema,
        rest: list[str],
        store: ConfigStore,
        vdom: str,
        where: Where,
        action: str | None,
    ) -> dict[str, Any]:
        device = self.device
        identity = device.identity
        revision = device.revisions.current
        if action == "schema":
            if schema.key not in self._schemas:
                self._schemas[schema.key] = native_schema(schema)
            return cmdb_read(identity, where, self._schemas[schema.key], revision=revision)
        if action == "default":
            return cmdb_read(identity, where, dict(schema.template), revision=revision)
        if action:
            raise ApiError(400, INVALID_ACTION, detail=f"unknown action {action!r}")
        options = parse_options(request.query)
        scope = device.scope_of(schema, vdom)
        if schema.kind == "readonly":
            return cmdb_read(identity, where, [], revision=revision)
        if schema.kind == "singleton":
            row = device.singleton_row(schema, scope, store)
            if options.decorates:
                row = decorate_row(row, options, self._decorations(schema, store, vdom, options))
            singleton_revision = revision if device.quirks.singleton_revision else None
            return cmdb_read(identity, where, row, revision=singleton_revision)
        table = store.peek_rows(scope, schema.key) or {}
        if rest:
            key = device.table_key(schema, rest[0])
            found = table.get(key) if key is not None else None
            if found is None:
                raise not_found(f"{schema.key} {rest[0]!r} does not exist")
            if len(rest) > 1:
                children = self._child_read(schema, found, rest[1:], options)
                return cmdb_read(identity, where, children, revision=revision)
            if options.decorates:
                found = decorate_row(found, options, self._decorations(schema, store, vdom, options))
            return cmdb_read(identity, where, [found], revision=revision)
        rows = list(table.values())
        page, matched = select(rows, options) if options.selects else (rows, len(rows))
        if options.decorates:
            page = decorate(page, options, self._decorations(schema, store, vdom, options))
        counts = None
        if device.quirks.table_counts:
            counts = {
                "size": len(rows),
                "limit_reached": options.count is not None and options.start + len(page) < matched,
                "matched_count": matched,
                "next_idx": options.start + len(page) - 1 if page else options.start - 1,
            }
        return cmdb_read(identity, where, page, revision=revision, counts=counts)

    def _child_read(
        self, schema: Schema, row: Mapping[str, Any], segments: list[str], options: ListOptions
    ) -> Any:
        fields: Mapping[str, Field] = schema.fields
        node: Any = row
        while segments:
            spec = fields.get(segments[0])
            if spec is None or spec.type != "table":
                raise not_found(f"{segments[0]!r} is not a child table of {schema.key}")
            children = node.get(spec.name) or []
            if len(segments) == 1:
                return select(children, options)[0] if options.selects else list(children)
            index = _child_index(spec, children, segments[1])
            if index is None:
                raise not_found(f"{spec.name} entry {segments[1]!r} does not exist")
            if len(segments) == 2:
                return [children[index]]
            node, fields, segments = children[index], spec.children, segments[2:]
        return []

    def _decorations(
        self, schema: Schema, store: ConfigStore, vdom: str, options: ListOptions
    ) -> Decorations:
        device = self.device
        extra = Decorations(schema)
        if options.with_meta and schema.mkey:
            extra.reference_counts = device.reference_counts(schema, store, vdom)
        if options.datasource:
            extra.resolve = lambda spec, _path, token: device.resolve(spec.references, token, store, vdom)
        return extra

    def tree_schema(self) -> list[dict[str, Any]]:
        """`GET /api/v2/cmdb?action=schema`: every endpoint's schema."""
        if self._tree is None:
            self._tree = [
                {"path": schema.path, "name": schema.name, "schema": native_schema(schema)}
                for schema in self.device.catalog.schemas()
            ]
        return self._tree


def _child_index(spec: Field, children: list[dict[str, Any]], text: str) -> int | None:
    key: Any = parse_integer(text) if spec.mkey_type == "integer" else text
    for index, child in enumerate(children):
        if child.get(spec.mkey or "") == key:
            return index
    return None


class _Write:
    """One POST, PUT or DELETE on one VDOM."""

    def __init__(
        self,
        device: Device,
        request: Incoming,
        schema: Schema,
        rest: list[str],
        store: ConfigStore,
        vdom: str,
        *,
        staged: bool,
    ) -> None:
        self.device = device
        self.request = request
        self.schema = schema
        self.rest = rest
        self.store = store
        self.vdom = vdom
        self.staged = staged
        self.scope = device.scope_of(schema, vdom)
        self.quirks = device.quirks

    def run(self, where: Where) -> dict[str, Any]:
        schema, method, rest = self.schema, self.request.method, self.rest
        if schema.kind == "singleton":
            if method != "PUT" or rest:
                raise method_not_allowed(f"{method} is not allowed on the singleton cmdb/{schema.key}")
            return self._finish(where, None, self._put_singleton())
        if not rest:
            if method != "POST":
                raise method_not_allowed(f"{method} needs the key of a cmdb/{schema.key} entry in the URL")
            return self._create(where)
        key = self.device.table_key(schema, rest[0])
        table = self.store.rows(self.scope, schema.key)
        row = table.get(key) if key is not None else None
        if self.request.param("action") == "clone":
            return self._clone(where, key, row)
        if len(rest) > 1:
            if row is None:
                raise not_found(f"{schema.key} {rest[0]!r} does not exist")
            return self._child(where, key, row, rest[1:])
        if method == "POST":
            if row is not None:
                raise self._duplicate(key)
            raise not_found(f"{schema.key} {rest[0]!r} does not exist (POST creates on the table URL)")
        if row is None:
            raise not_found(f"{schema.key} {rest[0]!r} does not exist")
        if method == "DELETE":
            return self._delete(where, key)
        if self.request.param("action") == "move":
            return self._move(where, key)
        return self._update(where, key, row)

    # -- helpers -------------------------------------------------------------------------------

    def _body(self) -> Mapping[str, Any]:
        body = self.request.json()
        if not isinstance(body, Mapping):
            raise bad_request("the request body must be a JSON object")
        return body

    def _duplicate(self, key: Any) -> ApiError:
        return ApiError(
            self.quirks.duplicate_status, ALREADY_EXISTS, detail=f"object already exists (mkey='{key}')"
        )

    def _refused(self, problem: ValueRejected) -> ApiError:
        # A key given twice in one child list is a duplicate like any other; a missing attribute
        # answers like a missing key (424, -56).
        dependency = problem.code in (ALREADY_EXISTS, EMPTY_VALUE)
        status = self.quirks.duplicate_status if dependency else self.quirks.validation_status
        return ApiError(status, problem.code, problem.cli_error)

    def _checked(self, build: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        try:
            row = build()
            self.device.check_row(self.schema, row, self.store, self.vdom)
        except ValueRejected as problem:
            raise self._refused(problem) from problem
        return row

    def _finish(self, where: Where, mkey: Any, changed: bool) -> dict[str, Any]:
        revisions = self.device.revisions
        old = revisions.current
        if changed and not self.staged:
            old, _ = revisions.bump()
        return cmdb_write(
            self.device.identity,
            where,
            mkey=mkey,
            old_revision=old,
            revision=revisions.current,
            changed=changed,
        )

    # -- table rows ----------------------------------------------------------------------------

    def _create(self, where: Where) -> dict[str, Any]:
        schema, device = self.schema, self.device
        body = dict(self._body())
        mkey = schema.mkey or ""
        table = self.store.rows(self.scope, schema.key)
        if schema.integer_key:
            given = body.get(mkey)
            number = parse_integer(given) if given not in (None, "") else 0
            if number is None:
                raise self._refused(invalid_value(mkey, given, "an integer is expected"))
            if number == 0:  # FortiOS takes the next free id
                number = max((k for k in table if isinstance(k, int)), default=0) + 1
            body[mkey] = number
        elif body.get(mkey) in (None, ""):
            raise ApiError(
                self.quirks.duplicate_status,
                EMPTY_VALUE,
                cli_text(f"Attribute '{mkey}' MUST be set.", EMPTY_VALUE),
            )
        row = self._checked(lambda: device.new_row(schema, body))
        key = row[mkey]
        if key in table:
            raise self._duplicate(key)
        if schema.key == VDOM_TABLE:
            self._check_vdom_name(str(key))
        table[key] = row
        if schema.key == VDOM_TABLE:
            factory.seed_vdom(device, self.store, str(key), hostname=device.identity.hostname)
        return self._finish(where, key, True)

    def _check_vdom_name(self, name: str) -> None:
        if name == GLOBAL or not name or any(char in name for char in " ,*"):
            raise self._refused(invalid_value("name", name, "not a usable VDOM name"))

    def _update(self, where: Where, key: Any, row: dict[str, Any]) -> dict[str, Any]:
        schema, device = self.schema, self.device
        mkey = schema.mkey or ""
        body = self._body()
        updated = self._checked(lambda: merge_object(schema.fields, row, body, mkey=mkey))
        new_key = updated[mkey]
        table = self.store.rows(self.scope, schema.key)
        if new_key != key:
            if new_key in table:
                raise self._duplicate(new_key)
            if schema.key == VDOM_TABLE:
                raise self._refused(invalid_value(mkey, new_key, "a VDOM cannot be renamed"))
            # Keep the row's place (policy order) under its new key.
            replaced = {(new_key if k == key else k): (updated if k == key else v) for k, v in table.items()}
            table.clear()
            table.update(replaced)
            device.rename_references(schema, key, new_key, self.store, self.vdom)
            return self._finish(where, new_key, True)
        changed = updated != row
        table[key] = updated
        return self._finish(where, key, changed)

    def _delete(self, where: Where, key: Any) -> dict[str, Any]:
        schema, device = self.schema, self.device
        referrer = device.referrer_of(schema, key, self.store, self.vdom)
        if referrer is not None:
            raise ApiError(500, IN_USE, detail=f"{schema.key} {key!r} is used by {referrer}")
        del self.store.rows(self.scope, schema.key)[key]
        if schema.key == VDOM_TABLE:
            self.store.drop_scope(str(key))
        return self._finish(where, key, True)

    def _move(self, where: Where, key: Any) -> dict[str, Any]:
        schema, device = self.schema, self.device
        before, after = self.request.param("before"), self.request.param("after")
        if (before is None) == (after is None):
            raise bad_request("action=move needs exactly one of before= or after=")
        anchor_text = before if before is not None else after
        anchor = device.table_key(schema, anchor_text)
        table = self.store.rows(self.scope, schema.key)
        if anchor is None or anchor not in table:
            raise not_found(f"{schema.key} {anchor_text!r} (the move anchor) does not exist")
        if anchor == key:
            return self._finish(where, key, False)
        order = [k for k in table if k != key]
        position = order.index(anchor) + (0 if before is not None else 1)
        order.insert(position, key)
        changed = order != list(table)
        reordered = {k: table[k] for k in order}
        table.clear()
        table.update(reordered)
        return self._finish(where, key, changed)

    def _clone(self, where: Where, key: Any, row: dict[str, Any] | None) -> dict[str, Any]:
        schema, device = self.schema, self.device
        if self.request.method != "POST":
            raise ApiError(400, INVALID_ACTION, detail="action=clone is a POST")
        if row is None:
            raise not_found(f"{schema.key} {self.rest[0]!r} (the clone source) does not exist")
        nkey_text = self.request.param("nkey")
        if nkey_text in (None, ""):
            raise bad_request("action=clone needs nkey=<the new key>")
        nkey = device.table_key(schema, nkey_text)
        if nkey is None:
            raise self._refused(invalid_value(schema.mkey or "", nkey_text, "an integer is expected"))
        table = self.store.rows(self.scope, schema.key)
        if nkey in table:
            raise self._duplicate(nkey)
        mkey = schema.mkey or ""
        copy = {**row, mkey: nkey, "q_origin_key": nkey}
        for name in ("uuid",):
            if name in copy:
                copy[name] = device.new_uuid()
        table[nkey] = copy
        return self._finish(where, nkey, True)

    # -- singletons -------------------------------------------------------------------------

    def _put_singleton(self) -> bool:
        schema, device = self.schema, self.device
        row = device.singleton_row(schema, self.scope, self.store)
        body = self._body()
        updated = self._checked(lambda: merge_object(schema.fields, row, body))
        self.store.put_singleton(self.scope, schema.key, updated)
        return updated != row

    # -- child tables ---------------------------------------------------------------------------

    def _child(self, where: Where, key: Any, row: dict[str, Any], segments: list[str]) -> dict[str, Any]:
        method = self.request.method
        body = self._body() if method != "DELETE" else {}
        touched: list[Any] = [None]

        def operate(
            spec: Field, children: list[dict[str, Any]], child_text: str | None
        ) -> list[dict[str, Any]]:
            mkey = spec.mkey or ""
            if child_text is None:
                if method != "POST":
                    raise method_not_allowed(f"{method} needs the key of a {spec.name} entry in the URL")
                key_text = body.get(mkey)
                if key_text not in (None, "", 0) and _child_index(spec, children, str(key_text)) is not None:
                    raise self._duplicate(key_text)
                # Converting against the current entries numbers an integer key left out after them.
                created = convert(spec, [body], children)[0]
                touched[0] = created[mkey]
                return [*children, created]
            index = _child_index(spec, children, child_text)
            if method == "POST":
                if index is not None:
                    raise self._duplicate(child_text)
                raise not_found(f"{spec.name} entry {child_text!r} does not exist")
            if index is None:
                raise not_found(f"{spec.name} entry {child_text!r} does not exist")
            touched[0] = children[index].get(mkey)
            if method == "DELETE":
                return children[:index] + children[index + 1 :]
            updated = merge_object(spec.children, children[index], body, mkey=mkey)
            other = _child_index(spec, children, str(updated[mkey]))
            if other is not None and other != index:
                raise self._duplicate(updated[mkey])
            touched[0] = updated[mkey]
            return [*children[:index], updated, *children[index + 1 :]]

        updated = self._checked(lambda: _apply_child(self.schema.fields, row, segments, operate))
        self.store.rows(self.scope, self.schema.key)[key] = updated
        return self._finish(where, touched[0], updated != row)


def _apply_child(
    fields: Mapping[str, Field],
    node: Mapping[str, Any],
    segments: list[str],
    operate: Callable[[Field, list[dict[str, Any]], str | None], list[dict[str, Any]]],
) -> dict[str, Any]:
    """`node` with the child table named by `segments` changed by `operate` (a new object)."""
    spec = fields.get(segments[0])
    if spec is None or spec.type != "table":
        raise not_found(f"{segments[0]!r} is not a child table")
    children = list(node.get(spec.name) or [])
    if len(segments) <= 2:
        return {**node, spec.name: operate(spec, children, segments[1] if len(segments) == 2 else None)}
    index = _child_index(spec, children, segments[1])
    if index is None:
        raise not_found(f"{spec.name} entry {segments[1]!r} does not exist")
    children[index] = _apply_child(spec.children, children[index], segments[2:], operate)
    return {**node, spec.name: children}
