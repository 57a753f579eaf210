"""The factory configuration a fresh emulator starts with (data/factory.json).

Objects go through the same row building as API writes, leniently: a field or option value the
chosen firmware does not know is dropped, so one data file serves every release.
"""

from __future__ import annotations

from typing import Any

from .device import VDOM_TABLE, Device
from .profile import load_data
from .store import GLOBAL, ConfigStore
from .values import merge_object


def _substitute(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        for placeholder, replacement in names.items():
            value = value.replace(placeholder, replacement)
        return value
    if isinstance(value, list):
        return [_substitute(item, names) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, names) for key, item in value.items()}
    return value


def add_vdom(device: Device, store: ConfigStore, name: str) -> None:
    """Create the VDOM row (no factory objects: see `seed_vdom`)."""
    schema = device.catalog.schema_by_key(VDOM_TABLE)
    if schema is not None:
        store.rows(GLOBAL, VDOM_TABLE)[name] = device.new_row(schema, {"name": name}, lenient=True)


def seed(device: Device, store: ConfigStore, vdoms: list[str], *, hostname: str) -> None:
    """A factory-fresh configuration: the VDOMs, global objects, and each VDOM's objects."""
    for name in vdoms:
        add_vdom(device, store, name)
    _apply(device, store, vdoms, hostname=hostname, with_global=True)


def seed_vdom(device: Device, store: ConfigStore, vdom: str, *, hostname: str) -> None:
    """The factory objects of a VDOM created later (`POST /cmdb/system/vdom`)."""
    _apply(device, store, [vdom], hostname=hostname, with_global=False)


def _apply(device: Device, store: ConfigStore, vdoms: list[str], *, hostname: str, with_global: bool) -> None:
    names = {"{hostname}": hostname, "{mgmt_vdom}": vdoms[0] if vdoms else "root"}
    if with_global:
        names["{mgmt_vdom}"] = "root" if "root" in vdoms else names["{mgmt_vdom}"]
    for key, objects in load_data("factory.json")["objects"]:
        schema = device.catalog.schema_by_key(key)
        if schema is None:
            continue
        if schema.scope == "global":
            if not with_global:
                continue
            scopes = [GLOBAL]
        else:
            scopes = list(vdoms)
        content = _substitute(objects, names)
        for scope in scopes:
            if schema.kind == "singleton":
                current = device.singleton_row(schema, scope, store)
                store.put_singleton(scope, key, merge_object(schema.fields, current, content, lenient=True))
            elif schema.kind == "table":
                rows = store.rows(scope, key)
                for body in content:
                    row = device.new_row(schema, body, lenient=True)
                    rows[row[schema.mkey]] = row  # type: ignore[index]
