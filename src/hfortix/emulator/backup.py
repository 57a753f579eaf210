"""The configuration backup: the emulator's configuration as FortiOS configuration text.

What `GET|POST /api/v2/monitor/system/config/backup` answers and `execute backup` writes:

    #config-version=FGVM64-7.6.5-FW-build3510-250101:opmode=0:vdom=0:user=admin
    #conf_file_ver=…
    #buildno=3510
    #global_vdom=1
    config firewall address
        edit "web"
            set uuid 1b0e…
            set subnet 10.0.1.50 255.255.255.255
        next
    end

As FortiOS's own backups do, a row shows only the fields that differ from their defaults.
A box with several VDOMs (`vdom=1`) lists them first (`config vdom` / `edit root` / `next`),
then its global tables inside `config global` … `end` and each VDOM's tables inside
`config vdom` / `edit <name>` … `next` / `end`, not indented further. `scope=vdom` gives one
VDOM's tables alone, headed `#global_vdom=0:vd_name=<name>/<name>`.

Tables come in catalog order with the `system` tables first (FortiOS starts with them); an
empty table that exists is written as `config …` / `end`, so reading the text back empties it.
The build date in the first line is synthetic (`BUILD_DATE`): the emulator knows no real one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .configtext import INDENT, bare_value, quote
from .device import VDOM_TABLE, Device
from .schema import Field, Schema
from .store import GLOBAL, ConfigStore

__all__ = ["BUILD_DATE", "MODEL", "config_words", "render"]

MODEL = "FGVM64"
BUILD_DATE = "250101"


def config_words(schema: Schema) -> str:
    """ "firewall.service/custom" -> "firewall service custom" (the words after `config`)."""
    return f"{schema.path.replace('.', ' ')} {schema.name}"


def render(
    device: Device, store: ConfigStore, *, scope: str = "global", vdom: str | None = None, user: str = "admin"
) -> str:
    """The backup text of `store`: the whole box (`scope="global"`) or one VDOM (`"vdom"`)."""
    vdoms = device.vdoms(store)
    multi = len(vdoms) > 1
    firmware = device.identity.firmware
    revision_number = int(device.revisions.current[:13], 16)
    lines = [
        f"#config-version={MODEL}-{firmware.text}-FW-build{firmware.build:04d}-{BUILD_DATE}"
        f":opmode=0:vdom={int(multi)}:user={user}",
        f"#conf_file_ver={revision_number}",
        f"#buildno={firmware.build:04d}",
    ]
    if scope == "vdom":
        name = vdom or device.management_vdom
        lines.append(f"#global_vdom=0:vd_name={name}/{name}")
        lines.extend(_tables(device, store, name, global_scope=False))
        return "\n".join(lines) + "\n"
    lines.append("#global_vdom=1")
    if not multi:
        lines.extend(_tables(device, store, GLOBAL, global_scope=True))
        lines.extend(_tables(device, store, vdoms[0] if vdoms else "root", global_scope=False))
        return "\n".join(lines) + "\n"
    lines.append("config vdom")
    for name in vdoms:
        lines.extend((f"edit {name}", "next"))
    lines.extend(("end", "config global"))
    lines.extend(_tables(device, store, GLOBAL, global_scope=True))
    lines.extend(("end", "config vdom"))
    for name in vdoms:
        lines.append(f"edit {name}")
        lines.extend(_tables(device, store, name, global_scope=False))
        lines.append("next")
    lines.append("end")
    return "\n".join(lines) + "\n"


def _ordered(device: Device) -> list[Schema]:
    schemas = [schema for schema in device.catalog.schemas() if schema.kind in ("table", "singleton")]
    return sorted(schemas, key=lambda schema: schema.path.split(".")[0] != "system")  # stable


def _tables(device: Device, store: ConfigStore, scope: str, *, global_scope: bool) -> Iterator[str]:
    for schema in _ordered(device):
        if (schema.scope == "global") != global_scope or schema.key == VDOM_TABLE:
            continue
        if schema.kind == "singleton":
            row = store.singleton(scope, schema.key)
            if row is not None:
                yield f"config {config_words(schema)}"
                yield from _fields(schema.fields, row, schema.template, schema.mkey, 1)
                yield "end"
            continue
        rows = store.peek_rows(scope, schema.key)
        if rows is None:
            continue
        yield f"config {config_words(schema)}"
        for key, row in rows.items():
            yield f"{INDENT}edit {_key(schema.mkey_type, key)}"
            yield from _fields(schema.fields, row, schema.template, schema.mkey, 2)
            yield f"{INDENT}next"
        yield "end"


def _key(mkey_type: str | None, key: Any) -> str:
    return str(key) if mkey_type == "integer" else quote(str(key))


def _fields(
    fields: Mapping[str, Field], row: Mapping[str, Any], defaults: Mapping[str, Any], mkey: str | None, depth: int
) -> Iterator[str]:
    pad = INDENT * depth
    for name, spec in fields.items():
        if name == mkey or name not in row:
            continue
        value = row[name]
        if value == defaults.get(name, spec.default):
            continue
        if spec.type == "object":
            yield f"{pad}config {name}"
            yield from _fields(spec.children, value, spec.template or {}, None, depth + 1)
            yield f"{pad}end"
        elif spec.type == "table" and _members_only(spec):
            yield f"{pad}set {name} " + " ".join(_key(spec.mkey_type, child.get(spec.mkey)) for child in value)
        elif spec.type == "table":
            yield f"{pad}config {name}"
            for child in value:
                yield f"{pad}{INDENT}edit {_key(spec.mkey_type, child.get(spec.mkey))}"
                yield from _fields(spec.children, child, spec.template or {}, spec.mkey, depth + 2)
                yield f"{pad}{INDENT}next"
            yield f"{pad}end"
        else:
            yield f"{pad}set {name} {_value(spec, value)}"


def _members_only(spec: Field) -> bool:
    """A child table of keys alone (`srcaddr`, `member`): FortiOS writes `set srcaddr "a" "b"`."""
    return set(spec.children) <= {spec.mkey}


def _value(spec: Field, value: Any) -> str:
    if spec.type == "integer":
        return str(value)
    text = str(value)
    if spec.multi:
        tokens = text.split()
        if not tokens:
            return quote("")
        return " ".join(token if spec.options or bare_value(token) else quote(token) for token in tokens)
    if spec.options and text in spec.option_set:
        return text
    if not spec.references and bare_value(text):
        return text
    return quote(text)
