"""Child tables: `fgt.api.cmdb.firewall.addrgrp.member("grp1")`, for every table field of every table.

FortiOS serves the rows of an object's table field as a resource of their own:
`/api/v2/cmdb/firewall/addrgrp/grp1/member[/h1]`. So one member is added or removed without
rewriting the group (and racing whoever else edits it). A table node's attribute named after
a table field (by the `hfortix.names` rule: `ztna_ems_tag`, `list_`) is a `ChildField`; called
with the parent object's key it gives a `ChildTable` with `list get exists create delete`.
A child table's own table fields work the same way (`....realservers(1)` under a row).
"""

from __future__ import annotations

import difflib
from collections.abc import Coroutine, Mapping
from functools import cache
from typing import Any, Generic, Unpack, overload

from hfortix.core import catalog, plans, versions
from hfortix.core.catalog import Endpoint
from hfortix.core.errors import ConfigurationError
from hfortix.core.urls import api_path

from .api import NO_KEY, Node, _HelpText, _Trie, _value, check_option
from .fields import Field, child_table_field, describe_child
from .modes import AsyncMode, M, SyncMode
from .names import field_name, python_name
from .read_options import ReadOptions

Row = dict[str, Any]
Key = str | int
Steps = tuple[tuple[str, Key], ...]  # (table field, row key) from the object down


def _is_table(spec: Mapping[str, Any]) -> bool:
    return any(shape.get("type") == "table" for shape in spec.get("variants", [spec]))


@cache
def table_fields(endpoint: Endpoint, path: tuple[str, ...] = ()) -> dict[str, str]:
    """Python name -> wire name of the table fields of `endpoint`'s rows (of a child table's
    rows, following the field names in `path`)."""
    fields = catalog.details(endpoint).get("fields") or {}
    for wire in path:
        shape = versions.pick(fields.get(wire), None) or {}
        fields = shape.get("children") or {}
    names: dict[str, str] = {}
    for wire, spec in fields.items():
        if _is_table(spec):
            name = python_name(wire)
            if name in names:
                raise RuntimeError(f"catalog table fields {wire!r} and {names[name]!r} clash as {name!r}")
            names[name] = wire
    return names


def child_spec(endpoint: Endpoint, path: tuple[str, ...]) -> Mapping[str, Any]:
    """The catalog spec of the child table at `path` (its newest table shape)."""
    fields = catalog.details(endpoint).get("fields") or {}
    spec: Mapping[str, Any] = {}
    for wire in path:
        spec = versions.pick(fields.get(wire), None) or {}
        if spec.get("type") != "table":
            spec = next((v for v in spec.get("variants", ()) if v.get("type") == "table"), spec)
        fields = spec.get("children") or {}
    return spec


class ChildTable(Generic[M]):
    """The rows of one table field of one object, e.g. the members of address group grp1."""

    __slots__ = ("_key", "_label", "_steps", "_table", "_wire")
    __doc__ = _HelpText(__doc__)  # help(child table) describes its rows

    def __init__(self, table: Node[M], key: Key, steps: Steps, wire: str) -> None:
        self._table: Node[M] = table  # the top-level table node: its client, endpoint and checks
        self._key: Key = key
        self._steps: Steps = steps
        self._wire: str = wire
        calls = zip(self._path, (key, *(row for _, row in steps)), strict=True)  # .member('grp1')
        self._label = table._label + "".join(f".{python_name(w)}({k!r})" for w, k in calls)

    def __repr__(self) -> str:
        return f"<{self._label}: child table {self._spec.get('mkey')}>"

    def __getattr__(self, name: str) -> ChildField[M]:
        wires = table_fields(self._table.endpoint, self._path)
        wire = wires.get(name)
        if wire is None:
            hint = difflib.get_close_matches(name, list(wires), n=3)
            raise AttributeError(f"{self._label} rows have no child table {name!r}"
                                 + (f"; did you mean {', '.join(hint)}?" if hint else ""))
        return ChildField(self._table, wire, self)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *table_fields(self._table.endpoint, self._path)})

    def fields(self) -> dict[str, Field]:
        """The fields of this child table's rows by wire name (see hfortix.fields.Field)."""
        return dict(child_table_field(self._table.endpoint, self._path).children)

    def _help(self) -> str:
        spec = child_table_field(self._table.endpoint, self._path)
        return describe_child(self._label, spec, "Calls: list get exists create delete (one row at a time).")

    # -- where it is -------------------------------------------------------------------------

    @property
    def _path(self) -> tuple[str, ...]:
        return (*(wire for wire, _ in self._steps), self._wire)

    @property
    def _spec(self) -> Mapping[str, Any]:
        return child_spec(self._table.endpoint, self._path)

    def _url(self, key: Key | None = None) -> str:
        endpoint = self._table.endpoint
        return api_path(endpoint.api, endpoint.path, endpoint.name, self._key, (*self._steps, (self._wire, key)))

    def _checked(self, key: object, operation: str) -> Key:
        what = f"the key of the {self._wire} entry ({self._spec.get('mkey')})"
        checked: Key = self._table._checked_key(key, f"{self._label[len(self._table._label) + 1:]}.{operation}", what)
        return checked

    def _rows_below(self, key: object, wire: str) -> ChildTable[M]:
        """The child table `wire` of this table's row `key`."""
        row = self._checked(key, python_name(wire))
        return ChildTable(self._table, self._key, (*self._steps, (self._wire, row)), wire)

    def _body(self, data: Mapping[str, Any] | None, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A row from wire names (`data`) and keyword names (`_` for `-`), checked against the catalog."""
        if data is not None and not isinstance(data, Mapping):
            raise ConfigurationError(f"data must be a mapping of wire field names, got {type(data).__name__}")
        known = self._spec.get("children") or {}
        body = dict(data or {})
        for python, value in fields.items():
            wire = field_name(python, known)
            if wire not in known:
                hint = difflib.get_close_matches(python.replace("_", "-"), list(known), n=3)
                raise ConfigurationError(f"{self._label} rows have no field {python!r}"
                                         + (f"; did you mean {', '.join(hint)}?" if hint else ""))
            check_option(self._label, python, known[wire], value)
            body[wire] = value
        plans.check_json(body)
        return body

    def _run(self, make_plan: Any, body: Any = None, query: tuple[tuple[str, str], ...] = ()) -> Any:
        target = versions.Target(self._table.endpoint, self._path, self._label).reading(query)
        return self._table._client._run(lambda s: plans.for_firmware(s, target, make_plan(s), body))

    # -- the calls -----------------------------------------------------------------------------

    @overload
    def list(self: ChildTable[SyncMode], *, vdom: str | None = None, **options: Unpack[ReadOptions]) -> list[Row]: ...
    @overload
    def list(self: ChildTable[AsyncMode], *, vdom: str | None = None,
             **options: Unpack[ReadOptions]) -> Coroutine[Any, Any, list[Row]]: ...
    def list(self, **options: Any) -> Any:
        """Every row of the child table (FortiOS's read options apply: filter, format, …)."""
        query = self._table._read_query(options)
        timeout, url = options.get("timeout"), self._url()
        return self._run(lambda s: _value(plans.send(s, "GET", url, query, timeout=timeout)), query=query)

    @overload
    def get(self: ChildTable[SyncMode], key: Key, /, *, vdom: str | None = None,
            timeout: float | None = None) -> Row: ...
    @overload
    def get(self: ChildTable[AsyncMode], key: Key, /, *, vdom: str | None = None,
            timeout: float | None = None) -> Coroutine[Any, Any, Row]: ...
    def get(self, key: Key = NO_KEY, /, *, vdom: str | None = None, timeout: float | None = None) -> Any:
        """One row, by its key."""
        url, query = self._url(self._checked(key, "get")), self._table._query(vdom=vdom)
        return self._run(lambda s: _value(plans.send(s, "GET", url, query, timeout=timeout), True))

    @overload
    def exists(self: ChildTable[SyncMode], key: Key, /, *, vdom: str | None = None,
               timeout: float | None = None) -> bool: ...
    @overload
    def exists(self: ChildTable[AsyncMode], key: Key, /, *, vdom: str | None = None,
               timeout: float | None = None) -> Coroutine[Any, Any, bool]: ...
    def exists(self, key: Key = NO_KEY, /, *, vdom: str | None = None, timeout: float | None = None) -> Any:
        """Whether the child table holds a row with this key."""
        url, query = self._url(self._checked(key, "exists")), self._table._query(vdom=vdom)
        return self._run(lambda s: plans.exists(s, url, query, timeout=timeout))

    @overload
    def create(self: ChildTable[SyncMode], data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
               timeout: float | None = None, **fields: Any) -> Row: ...
    @overload
    def create(self: ChildTable[AsyncMode], data: Mapping[str, Any] | None = None, *,
               vdom: str | None = None, timeout: float | None = None,
               **fields: Any) -> Coroutine[Any, Any, Row]: ...
    def create(self, data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
               timeout: float | None = None, **fields: Any) -> Any:
        """Add one row (`member("grp1").create(name="h1")`); the rest of the object is untouched."""
        body = self._body(data, fields)
        url, query = self._url(), self._table._query(vdom=vdom)
        return self._run(lambda s: _value(plans.send(s, "POST", url, query, body, timeout=timeout)), body)

    @overload
    def delete(self: ChildTable[SyncMode], key: Key, /, *, vdom: str | None = None,
               timeout: float | None = None) -> Row: ...
    @overload
    def delete(self: ChildTable[AsyncMode], key: Key, /, *, vdom: str | None = None,
               timeout: float | None = None) -> Coroutine[Any, Any, Row]: ...
    def delete(self, key: Key = NO_KEY, /, *, vdom: str | None = None, timeout: float | None = None) -> Any:
        """Remove one row, by its key; the rest of the object is untouched."""
        url, query = self._url(self._checked(key, "delete")), self._table._query(vdom=vdom)
        return self._run(lambda s: _value(plans.send(s, "DELETE", url, query, timeout=timeout)))


class ChildField(Node[M]):
    """A table field seen from its table (`fgt.api.cmdb.firewall.addrgrp.member`): call it with
    the key of the object (of the row, under a child table) whose rows you want."""

    __slots__ = ("_above", "_table", "_wire")
    __doc__ = _HelpText(__doc__)  # help(...member) describes the child table's rows

    def __init__(self, table: Node[M], wire: str, above: ChildTable[M] | None = None) -> None:
        owner = above._label if above is not None else table._label
        Node.__init__(self, table._client, _Trie(), f"{owner}.{python_name(wire)}")
        self._table: Node[M] = table
        self._wire: str = wire
        self._above: ChildTable[M] | None = above  # the child table whose rows hold this field; None: the object's own

    def __repr__(self) -> str:
        return f"<{self._label}: child table; call it with the key of the row that holds it>"

    def fields(self) -> dict[str, Field]:
        """The fields of this child table's rows by wire name (no key needed to describe them)."""
        return dict(child_table_field(self._table.endpoint, self._child_path).children)

    def _help(self) -> str:
        what = "the row" if self._above is not None else f"the {self._table._label} object"
        calls = f"Call it with the key of {what} that holds it: {self._label}(key).list(), ..."
        return describe_child(self._label, child_table_field(self._table.endpoint, self._child_path), calls)

    @property
    def _child_path(self) -> tuple[str, ...]:
        """Its table field names from the object down (as ChildTable._path)."""
        return (*(self._above._path if self._above is not None else ()), self._wire)

    @property
    def endpoint(self) -> Endpoint:
        raise ConfigurationError(f"{self._label} is a child table: call it with the key of the object that "
                                 f"holds it first, as in {self._label}('grp1').list()")

    def __call__(self, key: Key, /) -> ChildTable[M]:
        if self._above is not None:
            return self._above._rows_below(key, self._wire)
        table = self._table
        what = f"the key of the {table._label} object ({table.endpoint.mkey}) that holds it"
        return ChildTable(table, table._checked_key(key, python_name(self._wire), what), (), self._wire)
