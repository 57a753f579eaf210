"""The configuration database: rows of every table and singleton, per scope.

A scope is "global" (tables FortiOS keeps once for the whole box) or a VDOM name. Tables map
their key to a row, in the table's order (policy order matters: `action=move` reorders it).

`StagedStore` is a transaction's private copy-on-write view of a `ConfigStore`: it copies a
table the first time the transaction touches it (a shallow copy: rows are never modified in
place, see values.py) and hands its tables to the base store on commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

GLOBAL = "global"

Rows = dict[Any, dict[str, Any]]


class ConfigStore:
    """Every table and singleton of every scope. Not thread-safe: the app holds its lock."""

    def __init__(self) -> None:
        self._tables: dict[tuple[str, str], Rows] = {}
        self._singletons: dict[tuple[str, str], dict[str, Any]] = {}

    def rows(self, scope: str, key: str) -> Rows:
        """The table `key` of `scope` (created empty on first use); callers may change it."""
        table = self._tables.get((scope, key))
        if table is None:
            table = self._tables[(scope, key)] = {}
        return table

    def peek_rows(self, scope: str, key: str) -> Rows | None:
        """The table if it was ever used, without creating it (for scans)."""
        return self._tables.get((scope, key))

    def singleton(self, scope: str, key: str) -> dict[str, Any] | None:
        return self._singletons.get((scope, key))

    def put_singleton(self, scope: str, key: str, row: dict[str, Any]) -> None:
        self._singletons[(scope, key)] = row

    def drop_scope(self, scope: str) -> None:
        """Forget a deleted VDOM's configuration."""
        for store in (self._tables, self._singletons):
            for stored_key in [stored for stored in store if stored[0] == scope]:
                del store[stored_key]

    def table_keys(self) -> set[str]:
        """The keys of every table that has rows in some scope."""
        return {key for (_, key), rows in self._tables.items() if rows}

    def used_tables(self, key: str) -> Iterator[tuple[str, Rows]]:
        """(scope, rows) of every scope where table `key` has rows."""
        for (scope, table_key), rows in list(self._tables.items()):
            if table_key == key and rows:
                yield scope, rows

    def used_singletons(self, key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for (scope, table_key), row in list(self._singletons.items()):
            if table_key == key:
                yield scope, row


class StagedStore(ConfigStore):
    """A transaction's view: reads fall through to `base` until a table is copied."""

    def __init__(self, base: ConfigStore) -> None:
        super().__init__()
        self.base = base
        self._dropped: set[str] = set()

    def rows(self, scope: str, key: str) -> Rows:
        table = self._tables.get((scope, key))
        if table is None:
            base = self.base.peek_rows(scope, key) if scope not in self._dropped else None
            table = self._tables[(scope, key)] = dict(base) if base else {}
        return table

    def peek_rows(self, scope: str, key: str) -> Rows | None:
        table = self._tables.get((scope, key))
        if table is not None or scope in self._dropped:
            return table
        return self.base.peek_rows(scope, key)

    def singleton(self, scope: str, key: str) -> dict[str, Any] | None:
        row = self._singletons.get((scope, key))
        if row is not None or scope in self._dropped:
            return row
        return self.base.singleton(scope, key)

    def drop_scope(self, scope: str) -> None:
        super().drop_scope(scope)
        self._dropped.add(scope)

    def table_keys(self) -> set[str]:
        return super().table_keys() | self.base.table_keys()

    def used_tables(self, key: str) -> Iterator[tuple[str, Rows]]:
        seen = set()
        for scope, rows in super().used_tables(key):
            seen.add(scope)
            yield scope, rows
        for scope, rows in self.base.used_tables(key):
            if scope not in seen and scope not in self._dropped and (scope, key) not in self._tables:
                yield scope, rows

    def used_singletons(self, key: str) -> Iterator[tuple[str, dict[str, Any]]]:
        seen = set()
        for scope, row in super().used_singletons(key):
            seen.add(scope)
            yield scope, row
        for scope, row in self.base.used_singletons(key):
            if scope not in seen and scope not in self._dropped:
                yield scope, row

    def commit(self) -> None:
        """Apply every change to the base store (the caller holds the app's lock)."""
        for scope in self._dropped:
            self.base.drop_scope(scope)
        self.base._tables.update(self._tables)
        self.base._singletons.update(self._singletons)


class Revisions:
    """The configuration revision: a 32-hex string that changes on every change."""

    def __init__(self, seed: str) -> None:
        self._seed = seed
        self._counter = 0
        self.current = self._digest()

    def _digest(self) -> str:
        return hashlib.md5(f"{self._seed}:{self._counter}".encode(), usedforsecurity=False).hexdigest()

    def bump(self) -> tuple[str, str]:
        """Record a change; returns (old, new)."""
        old = self.current
        self._counter += 1
        self.current = self._digest()
        return old, self.current
