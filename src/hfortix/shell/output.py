"""Printing values: `-o json|table|csv|yaml` (a table on a terminal, JSON otherwise).

JSON and YAML print the value whole. Tables (rich) and CSV print rows: a list of objects as one
row each, one object as a field/value table (CSV: one row), member lists as their names.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from hfortix.core.compare import UNKNOWN
from hfortix.core.ensure import Change

FORMATS = ("json", "table", "csv", "yaml")
#: What a secret's "before" is in a diff: FortiOS never shows it, so it is never compared.
HIDDEN = "<not shown by FortiOS>"
_GOOD = frozenset({"enable", "accept", "up", "success", "ok", "create", "update"})
_BAD = frozenset({"disable", "deny", "down", "error", "failed"})


def add_output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", choices=FORMATS,
                        help="json, table, csv or yaml (default: table on a terminal, JSON otherwise)")


def chosen(args: argparse.Namespace) -> str:
    return str(args.output or ("table" if sys.stdout.isatty() else "json"))


def _plain(value: Any) -> Any:
    """`value` with what JSON and YAML cannot hold made plain (a secret's unknown "before")."""
    if value is UNKNOWN:
        return HIDDEN
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def emit(value: Any, fmt: str, *, columns: Sequence[str] | None = None) -> None:
    """Print `value` in `fmt`; `columns` picks (and orders) the columns of rows."""
    if fmt == "json":
        print(json.dumps(_plain(value), indent=2, ensure_ascii=False))
    elif fmt == "yaml":
        import yaml

        sys.stdout.write(yaml.safe_dump(_plain(value), sort_keys=False, allow_unicode=True))
    elif fmt == "csv":
        emit_csv(value, columns)
    else:
        emit_table(value, columns)


def rows_of(value: Any) -> list[dict[str, Any]]:
    """Rows for CSV and tables: objects as they are, anything else under a `value` column."""
    items = value if isinstance(value, list) else [value]
    return [dict(item) if isinstance(item, Mapping) else {"value": item} for item in items]


def column_names(rows: Iterable[Mapping[str, Any]], wanted: Sequence[str] | None = None) -> list[str]:
    if wanted:
        return list(wanted)
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(name for name in row if name != "q_origin_key"))
    return list(names)


def cell(value: Any) -> str:
    """One value as text: member lists by name (`web, db`), nested objects as compact JSON."""
    if value is None:
        return ""
    if value is UNKNOWN:
        return HIDDEN
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value)
    if isinstance(value, list) and all(isinstance(item, Mapping) for item in value):
        keys = [[name for name in item if name != "q_origin_key"] for item in value]
        if all(len(names) == 1 for names in keys):
            return ", ".join(cell(item[names[0]]) for item, names in zip(value, keys, strict=True))
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def emit_csv(value: Any, columns: Sequence[str] | None = None) -> None:
    rows = rows_of(value)
    names = column_names(rows, columns)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in names])


def console() -> Any:
    from rich.console import Console

    # Off a terminal (-o table into a file) there is no width to fit: let rows be as long as they are.
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 100_000)


def styled(text: str) -> Any:
    from rich.text import Text

    style = "green" if text in _GOOD else "red" if text in _BAD else ""
    return Text(text, style=style)  # Text, not a str: FortiOS values are never read as rich markup


def emit_table(value: Any, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    from rich import box
    from rich.table import Table

    out = console()
    if not isinstance(value, (list, Mapping)):
        out.print(styled(cell(value)))
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold cyan", title=title, title_justify="left")
    if isinstance(value, Mapping):  # one object: a field/value table reads better than one very wide row
        table.add_column("field", style="bold")
        table.add_column("value")
        for name, item in value.items():
            if name != "q_origin_key" and (not columns or name in columns):
                table.add_row(styled(str(name)), styled(cell(item)))
    else:
        rows = rows_of(value)
        names = column_names(rows, columns)
        for name in names:
            table.add_column(name)
        for row in rows:
            table.add_row(*(styled(cell(row.get(name))) for name in names))
    out.print(table)


# -- changes (set) ----------------------------------------------------------------------------


def change_record(change: Change, label: str, dry_run: bool) -> dict[str, Any]:
    """A `Change` as plain data: what JSON, YAML and the fleet's rows show."""
    diff = {name: {"before": before, "after": after} for name, (before, after) in change.diff.items()}
    record: dict[str, Any] = _plain({"path": label, "key": change.key, "action": change.action,
                                     "changed": change.changed, "dry_run": dry_run, "diff": diff})
    return record


def change_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per changed field (one row with no field when nothing changes)."""
    head = {"key": record["key"], "action": record["action"]}
    fields = record["diff"].items()
    rows = [{**head, "field": name, "before": values["before"], "after": values["after"]} for name, values in fields]
    return rows or [{**head, "field": None, "before": None, "after": None}]


def verb(action: str, dry_run: bool) -> str:
    if action == "none":
        return "unchanged"
    return f"would {action}" if dry_run else {"create": "created", "update": "updated"}.get(action, action)


def emit_change(change: Change, label: str, fmt: str, dry_run: bool) -> None:
    record = change_record(change, label, dry_run)
    if fmt in ("json", "yaml"):
        emit(record, fmt)
    elif fmt == "csv":
        emit_csv(change_rows(record), ("key", "action", "field", "before", "after"))
    else:
        from rich.text import Text

        out = console()
        what = f"{label} {change.key}" if change.key is not None else label
        out.print(Text.assemble((verb(change.action, dry_run), "bold green" if change.changed else "bold"),
                                f" {what}" + (" (dry run: nothing was written)" if dry_run and change.changed else "")))
        if change.diff:
            emit_diff(record["diff"])


def emit_diff(diff: Mapping[str, Mapping[str, Any]]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, header_style="bold cyan")
    for name in ("field", "before", "after"):
        table.add_column(name)
    for name, values in diff.items():
        table.add_row(Text(name, style="bold"), Text(cell(values["before"]), style="red"),
                      Text(cell(values["after"]), style="green"))
    console().print(table)
