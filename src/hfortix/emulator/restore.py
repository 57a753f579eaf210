"""Load FortiOS configuration text (a backup, or a hand-written part of one) into the emulator.

Every value goes through the checks an API write gets (values.py), so a loaded configuration
is one the REST API could have built; references are checked once everything is read, so
the order of the tables does not matter. Loading is all or nothing: on any error the
configuration stays as it was and `ConfigError` names the line.

What the text holds replaces what the emulator holds: a table in the text is exactly the
rows the text lists (in its order, which is policy order), a singleton is its template plus
the text's values. Tables the text does not mention keep their factory content. A text with
VDOMs (`config vdom` / `edit <name>` / `next` first, as `backup.render` writes it) also
decides which VDOMs exist; without VDOMs, everything goes to one VDOM (`vdom`, else the
VDOM a `scope=vdom` backup names in its header, else the management VDOM). Rows the text
leaves alone that refer to something it removed (a factory address group, when the text's
address table lacks its members) are dropped, as on a box whose configuration the text had
been all along.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import factory
from .configtext import ConfigError, Statement, header, statements
from .device import VDOM_TABLE, Device
from .errors import ValueRejected
from .schema import Field, Schema
from .store import GLOBAL, ConfigStore, StagedStore
from .values import merge_object

__all__ = ["ConfigError", "load"]


@dataclass(slots=True)
class _Loaded:
    """What reading the text gave: VDOMs (None: not said) and the tables of each scope."""

    vdoms: list[str] | None = None
    # (scope, table key) -> rows by key (tables) or one row (singletons), and where each began
    tables: dict[tuple[str, str], dict[Any, tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    singletons: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)


def load(device: Device, store: ConfigStore, text: str, *, vdom: str | None = None) -> None:
    """Apply configuration `text` to `store` (the caller holds the app's lock)."""
    version, _, backup_vdom = header(text)
    reader = _Reader(device, statements(text), version)
    loaded = reader.read(vdom or backup_vdom or device.management_vdom)
    staged = StagedStore(store)
    if loaded.vdoms is not None:
        _set_vdoms(device, staged, loaded.vdoms)
    for (scope, key), rows in loaded.tables.items():
        table = staged.rows(scope, key)
        table.clear()
        table.update({mkey: row for mkey, (_, row) in rows.items()})
    for (scope, key), (_, row) in loaded.singletons.items():
        staged.put_singleton(scope, key, row)
    _drop_dangling(device, staged, loaded)
    _check_rows(device, staged, loaded)
    staged.commit()
    device.revisions.bump()


def _set_vdoms(device: Device, store: ConfigStore, names: list[str]) -> None:
    current = device.vdoms(store)
    for name in current:
        if name not in names:
            del store.rows(GLOBAL, VDOM_TABLE)[name]
            store.drop_scope(name)
    for name in names:
        if name not in current:
            factory.add_vdom(device, store, name)
            factory.seed_vdom(device, store, name, hostname=device.identity.hostname)


def _drop_dangling(device: Device, store: ConfigStore, loaded: _Loaded) -> None:
    """Drop rows not from the text whose references no longer resolve, until none is left
    (dropping a group may leave a policy that used it dangling in turn)."""
    management = device.vdoms(store)[0] if device.vdoms(store) else "root"
    dropped = True
    while dropped:
        dropped = False
        for key in sorted(store.table_keys()):
            schema = device.catalog.schema_by_key(key)
            if schema is None or not schema.reference_sites:
                continue
            for scope, rows in list(store.used_tables(key)):
                if (scope, key) in loaded.tables:
                    continue
                vdom = management if scope == GLOBAL else scope
                dangling = [mkey for mkey, row in rows.items() if not _resolves(device, schema, row, store, vdom)]
                table = store.rows(scope, key) if dangling else rows
                for mkey in dangling:
                    del table[mkey]
                dropped = dropped or bool(dangling)


def _resolves(device: Device, schema: Schema, row: Mapping[str, Any], store: ConfigStore, vdom: str) -> bool:
    try:
        device.check_references(schema, row, store, vdom)
    except ValueRejected:
        return False
    return True


def _check_rows(device: Device, store: ConfigStore, loaded: _Loaded) -> None:
    def rows() -> Iterator[tuple[str, str, int, dict[str, Any]]]:
        for (scope, key), table in loaded.tables.items():
            for line, row in table.values():
                yield scope, key, line, row
        for (scope, key), (line, row) in loaded.singletons.items():
            yield scope, key, line, row

    vdoms = device.vdoms(store)
    for scope, key, line, row in rows():
        schema = device.catalog.schema_by_key(key)
        assert schema is not None
        for vdom in [scope] if scope != GLOBAL else vdoms[:1]:
            try:
                device.check_row(schema, row, store, vdom)
            except ValueRejected as problem:
                raise ConfigError(line, _first_line(problem.cli_error)) from None


def _first_line(cli_error: str) -> str:
    return cli_error.splitlines()[0] if cli_error else "value refused"


class _Reader:
    """Reads statements into `_Loaded`, checking every value against the catalog."""

    def __init__(self, device: Device, source: Iterator[Statement], version: str | None) -> None:
        self.device = device
        self.source = source
        self.last_line = 0
        firmware = device.identity.firmware.text
        self.hint = (
            f" (the text is from FortiOS {version}, the emulator is FortiOS {firmware}: choose its firmware)"
            if version and version != firmware
            else ""
        )
        self.loaded = _Loaded()

    def next(self) -> Statement | None:
        statement = next(self.source, None)
        if statement is not None:
            self.last_line = statement.line
        return statement

    def expect(self) -> Statement:
        statement = self.next()
        if statement is None:
            raise ConfigError(self.last_line, "the text ends inside a block ('end' or 'next' is missing)")
        return statement

    def read(self, vdom: str) -> _Loaded:
        while (statement := self.next()) is not None:
            self.top_level(statement, vdom)
        return self.loaded

    def top_level(self, statement: Statement, vdom: str) -> None:
        if statement.verb != "config" or not statement.args:
            raise ConfigError(statement.line, f"expected 'config <table>', not {' '.join(statement.words)!r}")
        if statement.args == ("vdom",):
            self.vdom_block()
        elif statement.args == ("global",):
            while (inner := self.expect()).verb != "end":
                self.top_level(inner, vdom)
        else:
            self.table(statement, vdom)

    def vdom_block(self) -> None:
        """`config vdom`: VDOMs declared (`edit x` / `next`) or configured (`edit x` / … / `next`)."""
        declared = self.loaded.vdoms is None
        names: list[str] = []
        while (statement := self.expect()).verb != "end":
            if statement.verb != "edit" or len(statement.args) != 1:
                raise ConfigError(statement.line, "expected 'edit <vdom>' or 'end' in 'config vdom'")
            name = statement.args[0]
            names.append(name)
            while (inner := self.expect()).verb != "next":
                self.top_level(inner, name)
        if declared:
            self.loaded.vdoms = names

    def table(self, statement: Statement, vdom: str) -> None:
        words = statement.args
        path, name = ".".join(words[:-1]), words[-1]
        schema = self.device.catalog.schema(path, name)
        if schema is None or schema.kind not in ("table", "singleton"):
            raise ConfigError(statement.line, f"there is no 'config {' '.join(words)}'{self.hint}")
        scope = GLOBAL if schema.scope == "global" else vdom
        if schema.kind == "singleton":
            body = self.body(schema.fields, "end")
            row = self.checked(statement.line, lambda: merge_object(schema.fields, schema.template, body))
            self.loaded.singletons[(scope, schema.key)] = (statement.line, row)
            return
        rows = self.loaded.tables.setdefault((scope, schema.key), {})
        while (entry := self.expect()).verb != "end":
            if entry.verb != "edit" or len(entry.args) != 1:
                raise ConfigError(entry.line, f"expected 'edit <key>' or 'end' in 'config {' '.join(words)}'")
            body = self.body(schema.fields, "next")
            body[schema.mkey or ""] = entry.args[0]
            row = self.checked(entry.line, lambda body=body: self.device.new_row(schema, body))
            key = row[schema.mkey or ""]
            if key in rows:
                raise ConfigError(entry.line, f"{entry.args[0]!r} is edited twice in this 'config' block")
            rows[key] = (entry.line, row)

    def checked(self, line: int, build: Any) -> dict[str, Any]:
        try:
            return build()  # type: ignore[no-any-return]
        except ValueRejected as problem:
            raise ConfigError(line, _first_line(problem.cli_error) + self.hint) from None

    def body(self, fields: Mapping[str, Field], closing: str) -> dict[str, Any]:
        """`set`, `unset` and nested `config` statements up to `closing` ("next" or "end")."""
        body: dict[str, Any] = {}
        while (statement := self.expect()).verb != closing:
            verb, args = statement.verb, statement.args
            if verb not in ("set", "unset", "config") or not args:
                unexpected = " ".join(statement.words)
                raise ConfigError(statement.line, f"unexpected {unexpected!r} (before '{closing}')")
            spec = fields.get(args[0])
            if spec is None:
                raise ConfigError(statement.line, f"unknown field {args[0]!r}{self.hint}")
            if verb == "unset":
                body[spec.name] = spec.default
            elif verb == "set" and spec.type == "object":
                raise ConfigError(statement.line, f"{args[0]!r} holds fields: 'config' it, not 'set' it")
            elif verb == "set":
                body[spec.name] = _set_value(spec, args[1:])
            elif spec.type == "object":
                body[spec.name] = self.body(spec.children, "end")
            elif spec.type == "table":
                body[spec.name] = self.children(spec)
            else:
                raise ConfigError(statement.line, f"{args[0]!r} is a value: 'set' it, not 'config' it")
        return body

    def children(self, spec: Field) -> list[dict[str, Any]]:
        entries = []
        while (entry := self.expect()).verb != "end":
            if entry.verb != "edit" or len(entry.args) != 1:
                raise ConfigError(entry.line, f"expected 'edit <key>' or 'end' in 'config {spec.name}'")
            child = self.body(spec.children, "next")
            child[spec.mkey or ""] = entry.args[0]
            entries.append(child)
        return entries


def _set_value(spec: Field, words: tuple[str, ...]) -> Any:
    """A `set` statement's words as the JSON value the REST API would take for the field."""
    if spec.type == "table":  # a child table of keys alone: set member "a" "b"
        return [{spec.mkey or "": word} for word in words]
    return " ".join(words)
