"""Offline discovery from the catalog: `endpoints [PATTERN]` and `fields PATH`.

The data is gathered by `endpoint_rows` and `field_rows` (plain rows from hfortix.core.catalog);
the commands only print them.
"""

from __future__ import annotations

import argparse
import fnmatch
from collections.abc import Iterator, Mapping
from typing import Any

from hfortix.core import catalog, versions
from hfortix.core.catalog import Endpoint

from . import output, paths
from .base import UsageError, shell_command


def firmware_option(text: str) -> str:
    from hfortix.core.errors import ConfigurationError

    try:
        return versions.firmware_text(text)
    except ConfigurationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_firmware_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--firmware", type=firmware_option, metavar="VERSION",
                        help="only what FortiOS VERSION has (e.g. 7.2.8)")


def matches(endpoint: Endpoint, pattern: str | None) -> bool:
    if not pattern:
        return True
    key = endpoint.key.lower()
    pattern = paths.normalized(pattern).lower() + ("/" if pattern.endswith("/") else "")
    if any(char in pattern for char in "*?["):
        return fnmatch.fnmatchcase(key, pattern)
    return pattern in key


def endpoint_rows(pattern: str | None = None, firmware: str | None = None) -> list[dict[str, Any]]:
    """The catalog's endpoints whose PATH holds `pattern` (a glob if it has * ? or [)."""
    return [
        {"path": endpoint.key, "kind": endpoint.kind, "key": endpoint.mkey, "methods": list(endpoint.methods),
         "versions": versions.describe(_plain(endpoint.versions)) if endpoint.versions is not None else ""}
        for endpoint in catalog.endpoints()
        if matches(endpoint, pattern) and endpoint.available_in(firmware)
    ]


def _plain(ranges: Any) -> tuple[tuple[str, str], ...]:
    return tuple((first, last) for first, last in ranges)


def field_rows(endpoint: Endpoint, firmware: str | None = None) -> list[dict[str, Any]]:
    """One row per field of a cmdb endpoint (child-table fields as `table.field`), or per
    parameter of a monitor or log endpoint: its type, options, bounds and versions."""
    details = catalog.details(endpoint)
    if endpoint.api == "cmdb":
        return list(_fields(details.get("fields") or {}, firmware, ""))
    return [
        {"field": name, "method": method, "type": spec.get("type", ""), "required": bool(spec.get("required"))}
        for method, params in (details.get("params") or {}).items() for name, spec in params.items()
    ]


def _fields(fields: Mapping[str, Any], firmware: str | None, prefix: str) -> Iterator[dict[str, Any]]:
    for name, spec in fields.items():
        shape = versions.pick(spec, firmware)
        if shape is None:  # not on this firmware
            continue
        ranges = [r for variant in spec.get("variants", [spec]) for r in variant.get("versions", ())]
        row = {
            "field": prefix + name,
            "type": shape.get("type", "") + (" (several)" if shape.get("multi") else ""),
            "options": [_option(option, firmware) for option in shape.get("options", ())
                        if _option(option, firmware) is not None],
            "range": f"{shape['min']}-{shape['max']}" if "min" in shape and "max" in shape else "",
            "references": list(shape.get("datasource", ())),
            "versions": versions.describe(_plain(ranges)) if ranges else "",
        }
        yield row
        if shape.get("type") in ("table", "object"):
            yield from _fields(shape.get("children") or {}, firmware, f"{prefix}{name}.")


def _option(option: Any, firmware: str | None) -> str | None:
    """An option value, with the releases it is limited to (`route-tag (7.4.0 and later)`)."""
    if isinstance(option, str):
        return option
    value, ranges = option
    if firmware is not None:
        return value if versions.in_ranges(ranges, firmware) else None
    return f"{value} ({versions.describe(_plain(ranges))})"


def configure_endpoints(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pattern", metavar="PATTERN", nargs="?",
                        help="part of the PATH (firewall/addr), or a glob (cmdb/*/address*)")
    add_firmware_option(parser)
    output.add_output_option(parser)


def run_endpoints(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    rows = endpoint_rows(args.pattern, args.firmware)
    if not rows:
        raise UsageError(f"no endpoint matches {args.pattern!r}" + (f" on FortiOS {args.firmware}" if args.firmware
                                                                     else ""))
    output.emit(rows, output.chosen(args))
    return 0


def configure_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="URL path under /api/v2, e.g. cmdb/firewall/address")
    add_firmware_option(parser)
    output.add_output_option(parser)


def run_fields(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    endpoint = paths.resolve(args.path)
    if args.firmware is not None and not endpoint.available_in(args.firmware):
        ranges = versions.describe(_plain(endpoint.versions or ()))
        raise UsageError(f"{endpoint.key} does not exist on FortiOS {args.firmware}; it exists in {ranges}")
    output.emit(field_rows(endpoint, args.firmware), output.chosen(args))
    return 0


shell_command("endpoints", "list the catalog's endpoints (offline)", configure_endpoints, run_endpoints)
shell_command("fields", "the fields of an endpoint: types, options, versions (offline)", configure_fields,
              run_fields)
