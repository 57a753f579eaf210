"""The commands that talk to one FortiGate: `get`, `set`, `delete`, `backup`.

Each is split in two so that `hfortix fleet` runs the very same thing on many FortiGates:
`prepare(args)` checks the command line offline and returns the call, `fn(client) -> value`
(a value in sync mode, a coroutine in async mode), and the command prints the value.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfortix.api import option_problem
from hfortix.core import catalog
from hfortix.core.catalog import Endpoint

from . import output, paths
from .base import UsageError, add_connection_options, connect, shell_command

Call = Callable[[Any], Any]


@dataclass(frozen=True)
class Prepared:
    """A device command, checked: the call to make on each FortiGate, and what names it."""

    call: Call
    label: str  # the endpoint's PATH, for messages
    columns: Sequence[str] | None = None  # --fields: the columns to show


def fields_of(endpoint: Endpoint) -> Mapping[str, Any]:
    return catalog.details(endpoint).get("fields") or {} if endpoint.api == "cmdb" else {}


def known_field(endpoint: Endpoint, name: str) -> str:
    """The wire name of a field typed on the command line (`_` may stand for `-`)."""
    fields = fields_of(endpoint)
    if not fields or name in fields:
        return name
    if name.replace("_", "-") in fields:
        return name.replace("_", "-")
    hints = difflib.get_close_matches(name, list(fields), n=3)
    raise UsageError(f"{endpoint.key} has no field {name!r}" + (f"; did you mean {', '.join(hints)}?" if hints else
                                                               f"; see: hfortix fields {endpoint.key}"))


def pairs(texts: Sequence[str], what: str) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{what} are NAME=VALUE, got {text!r}")
        found.append((name.strip(), value))
    return found


# -- get ------------------------------------------------------------------------------------


def configure_get(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="URL path under /api/v2, e.g. cmdb/firewall/address")
    parser.add_argument("key", metavar="KEY", nargs="?", help="one object of a table (its name or id)")
    parser.add_argument("--filter", action="append", default=[], metavar="EXPR",
                        help="FortiOS filter, e.g. name=@web (repeat for AND; a,b in one for OR)")
    parser.add_argument("--fields", metavar="A,B", help="only these fields (columns), in this order")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter of a monitor or log endpoint (repeatable)")
    output.add_output_option(parser)


def prepare_get(args: argparse.Namespace) -> Prepared:
    endpoint = paths.resolve(args.path)
    columns = [known_field(endpoint, name.strip()) for name in args.fields.split(",") if name.strip()] \
        if args.fields else None
    if args.key is not None and endpoint.kind != "table" and endpoint.api == "cmdb":
        raise UsageError(f"{endpoint.key} is a {endpoint.kind}: it takes no KEY")
    key = paths.key_of(endpoint, args.key) if args.key is not None else None
    options: dict[str, Any] = {}
    if args.filter:
        options["filter"] = args.filter
    if columns and endpoint.api == "cmdb":
        options["format"] = columns  # FortiOS sends only these
    if args.param:
        options["params"] = dict(pairs(args.param, "parameters"))

    def call(client: Any) -> Any:
        node = paths.node(client, endpoint)
        if endpoint.kind in ("table", "readonly") and key is None and endpoint.api == "cmdb":
            return node.list(**options)
        return node.get(key, **options) if key is not None else node.get(**options)

    return Prepared(call, endpoint.key, columns)


def shown(value: Any, columns: Sequence[str] | None) -> Any:
    """The value as `--fields` asks: each object cut to those fields, in that order."""
    if not columns:
        return value
    if isinstance(value, Mapping):
        return {name: value.get(name) for name in columns}
    if isinstance(value, list):
        return [shown(item, columns) if isinstance(item, Mapping) else item for item in value]
    return value


def several_vdoms(args: argparse.Namespace) -> bool:
    vdom = getattr(args, "vdom", None)
    return vdom is not None and (vdom == "*" or "," in vdom)


def by_vdom(value: Any) -> list[dict[str, Any]]:
    """{vdom: rows} as rows with a `vdom` column, for tables and CSV."""
    return [{"vdom": vdom, **row} for vdom, rows in value.items() for row in output.rows_of(rows)]


def run_get(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    prepared = prepare_get(args)
    with connect(args) as client:
        value = prepared.call(client)
    fmt = output.chosen(args)
    columns = prepared.columns
    if several_vdoms(args) and isinstance(value, Mapping):
        value = {vdom: shown(rows, columns) for vdom, rows in value.items()}
        if fmt in ("table", "csv"):
            value, columns = by_vdom(value), ["vdom", *columns] if columns else None
    else:
        value = shown(value, columns)
    output.emit(value, fmt, columns=columns)
    return 0


# -- set ------------------------------------------------------------------------------------


def configure_set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a cmdb table or singleton, e.g. cmdb/firewall/address")
    parser.add_argument("assignments", metavar="FIELD=VALUE", nargs="+",
                        help="the fields the object must hold (a table's key among them, e.g. name=web); "
                             "member lists as a,b; JSON for anything else ([...] or {...})")
    parser.add_argument("--dry-run", action="store_true", help="read and show the difference; write nothing")
    output.add_output_option(parser)


def field_value(spec: Mapping[str, Any] | None, name: str, text: str) -> Any:
    """A value typed on the command line, as the field takes it."""
    if text.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(text)
        except ValueError as exc:
            raise UsageError(f"{name}: {text!r} looks like JSON but is not: {exc}") from None
    kind = (spec or {}).get("type") or (spec or {}).get("variants", [{}])[-1].get("type")
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"{name} is an integer, not {text!r}") from None
    if kind == "table":  # a member list: names, comma-separated
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


def prepare_set(args: argparse.Namespace) -> Prepared:
    endpoint = paths.resolve(args.path)
    if endpoint.api != "cmdb" or endpoint.kind not in ("table", "singleton"):
        raise UsageError(f"set works on cmdb tables and singletons; {endpoint.key} is a {endpoint.api} "
                         f"{endpoint.kind} endpoint")
    fields = fields_of(endpoint)
    body: dict[str, Any] = {}
    for name, text in pairs(args.assignments, "fields"):
        wire = known_field(endpoint, name)
        body[wire] = value = field_value(fields.get(wire), wire, text)
        problem = option_problem(wire, fields.get(wire) or {}, value)  # as the tree checks keyword fields
        if problem is not None:
            raise UsageError(f"{endpoint.key}: {problem}")
    if endpoint.kind == "table" and endpoint.mkey not in body:
        raise UsageError(f"set {endpoint.key} needs the object's key: {endpoint.mkey}=...")
    dry_run = bool(args.dry_run)
    return Prepared(lambda client: paths.node(client, endpoint).ensure(body, dry_run=dry_run), endpoint.key)


def run_set(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    prepared = prepare_set(args)
    with connect(args) as client:
        change = prepared.call(client)
    output.emit_change(change, prepared.label, output.chosen(args), args.dry_run)
    return 0


# -- delete -----------------------------------------------------------------------------------


def configure_delete(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="a cmdb table, e.g. cmdb/firewall/address")
    parser.add_argument("key", metavar="KEY", help="the object to delete (its name or id)")
    output.add_output_option(parser)


def run_delete(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    endpoint = paths.resolve(args.path)
    if endpoint.api != "cmdb" or endpoint.kind != "table":
        raise UsageError(f"delete works on cmdb tables; {endpoint.key} is a {endpoint.api} {endpoint.kind} endpoint")
    key = paths.key_of(endpoint, args.key)
    with connect(args) as client:
        answer = paths.node(client, endpoint).delete(key)
    fmt = output.chosen(args)
    if fmt == "table":
        output.console().print(output.styled("deleted"), f"{endpoint.key} {key}")
    else:
        output.emit(answer, fmt)
    return 0


# -- backup -----------------------------------------------------------------------------------


def configure_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--file", metavar="FILE", help="write the configuration here (default: stdout)")
    add_scope_option(parser)


def add_scope_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scope", choices=("global", "vdom"),
                        help="the whole FortiGate (global, the default) or one VDOM (vdom: the --vdom one)")


def prepare_backup(args: argparse.Namespace) -> Prepared:
    vdom = getattr(args, "vdom", None)
    if vdom is not None and (vdom == "*" or "," in vdom):
        raise UsageError("a backup is of the whole FortiGate or of one VDOM: give one --vdom")
    scope = args.scope or ("vdom" if vdom else "global")
    return Prepared(lambda client: client.backup(scope), "monitor/system/config/backup")


def write_text(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8", newline="")


def run_backup(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    prepared = prepare_backup(args)
    with connect(args) as client:
        text = prepared.call(client)
    if args.file is None:
        sys.stdout.write(text)
    else:
        write_text(args.file, text)
        print(f"hfortix backup: wrote {len(text.encode())} bytes to {args.file}", file=sys.stderr)
    return 0


def with_connection(configure: Callable[[argparse.ArgumentParser], None]) -> Callable[[argparse.ArgumentParser], None]:
    def configure_all(parser: argparse.ArgumentParser) -> None:
        configure(parser)
        add_connection_options(parser)

    return configure_all


shell_command("get", "read a table, an object, a singleton or a monitor endpoint", with_connection(configure_get),
              run_get)
shell_command("set", "make an object hold these fields, changing only what differs (prints the diff)",
              with_connection(configure_set), run_set)
shell_command("delete", "delete an object of a table", with_connection(configure_delete), run_delete)
shell_command("backup", "the configuration as FortiOS configuration text", with_connection(configure_backup),
              run_backup)
