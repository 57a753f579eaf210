"""`hfortix fleet --inventory FILE <get|set|backup> ...`: a device command on every FortiGate.

The commands are the ones of `device` (their `prepare` gives the call), run by `hfortix.Fleet`
in async mode, up to `--max-concurrency` devices at once, with a progress bar on a terminal.
Every device is reported: its rows (with a `device` column) or its failure, one line on
stderr each; the exit status is 1 if any device failed.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import device, output
from .base import describe, positive_number, shell_command

PREPARE: dict[str, Callable[[argparse.Namespace], device.Prepared]] = {
    "get": device.prepare_get, "set": device.prepare_set, "backup": device.prepare_backup,
}


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def configure_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-d", "--dir", required=True, metavar="DIR",
                        help="write each FortiGate's configuration to DIR/<name>.conf")
    device.add_scope_option(parser)
    output.add_output_option(parser)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inventory", required=True, metavar="FILE",
                        help="TOML file with a [[device]] table per FortiGate (name, host, token or "
                             "username/password, ca or insecure, vdom; [defaults] for all)")
    parser.add_argument("--max-concurrency", type=positive_int, default=50, metavar="N",
                        help="FortiGates worked on at once (default 50)")
    parser.add_argument("--timeout", type=positive_number, default=60.0, metavar="SECONDS",
                        help="per request (default 60)")
    commands = parser.add_subparsers(dest="fleet_command", metavar="COMMAND", required=True)
    for name, summary, configure_command in (
        ("get", "read the same PATH on every FortiGate", device.configure_get),
        ("set", "make the same object hold these fields on every FortiGate", device.configure_set),
        ("backup", "back up every FortiGate's configuration into a folder", configure_backup),
    ):
        configure_command(commands.add_parser(name, help=summary, description=summary))


def file_name(name: str) -> str:
    """A device name as a file name: anything but letters, digits, `.`, `_` and `-` becomes `_`."""
    safe = re.sub(r"[^\w.-]", "_", name).lstrip(".")
    return safe or "_"


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import anyio

    from hfortix import Fleet

    command = args.fleet_command
    prepared = PREPARE[command](args)
    fleet = Fleet.from_inventory(args.inventory, mode="async", timeout=args.timeout)
    if command == "backup":
        Path(args.dir).mkdir(parents=True, exist_ok=True)
    results = anyio.run(lambda: fleet.map(prepared.call, max_concurrency=args.max_concurrency, progress=True))
    records: list[dict[str, Any]] = []
    failed = 0
    for result in results:
        value: Any = result.value
        if not result.ok:
            failed += 1
            print(f"hfortix fleet: {result.name}: {describe(result.error)}", file=sys.stderr)
            records.append({"device": result.name, "error": describe(result.error)})
        elif command == "get":
            records.append({"device": result.name, "value": device.shown(result.value, prepared.columns)})
        elif command == "set":
            records.append({"device": result.name, **output.change_record(value, prepared.label,
                                                                           args.dry_run)})
        else:
            target = Path(args.dir) / f"{file_name(result.name)}.conf"
            device.write_text(str(target), value)
            records.append({"device": result.name, "file": str(target), "bytes": len(value.encode())})
    show(command, records, output.chosen(args), prepared.columns)
    if failed:
        print(f"hfortix fleet: {failed} of {len(results)} FortiGate(s) failed", file=sys.stderr)
    return 1 if failed else 0


def show(command: str, records: list[dict[str, Any]], fmt: str, columns: Any) -> None:
    if fmt in ("json", "yaml"):
        output.emit(records, fmt)
        return
    rows: list[dict[str, Any]] = []
    for record in records:
        if "error" in record:
            continue  # already reported on stderr
        if command == "get":
            rows.extend({"device": record["device"], **row} for row in output.rows_of(record["value"]))
        elif command == "set":
            rows.extend({"device": record["device"], **row} for row in output.change_rows(record))
        else:
            rows.append(record)
    if command == "get" and columns:
        columns = ["device", *columns]
    elif command == "set":
        columns = ["device", "key", "action", "field", "before", "after"]
    else:
        columns = None
    output.emit(rows, fmt, columns=columns)


shell_command("fleet", "run get, set or backup on every FortiGate of an inventory", configure, run)
