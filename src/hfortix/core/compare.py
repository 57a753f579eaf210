"""Comparing configuration as FortiOS does: what `ensure` counts as the same value.

FortiOS answers in its own spelling, not in the one sent: `10.0.1.0/24` comes back as
`10.0.1.0 255.255.255.0`, `"80"` as `80`, a member `"x"` as `{"name": "x", "q_origin_key":
"x"}`. `canonical(spec, value)` maps every spelling of a value of a catalog field to one form,
and `diff` compares what a device holds with what a caller wants by those forms:

* integers: `80 == "80"`; strings: `5 == "5"`;
* IPv4 address and mask: `"10.0.0.1/32" == "10.0.0.1 255.255.255.255" == "10.0.0.1"`;
  IPv6 by value (`"2001:DB8::1/64" == "2001:db8:0::1/64"`); masks are not applied
  (`10.0.0.5/24` stays a host in its subnet);
* multi-value fields (`multi: true`) with options, references or integers compare as sets
  (`"a b" == "b a" == ["b", "a"]`); other multi-value strings keep their order, since some are
  ordered pairs (system ha `hbdev "port9" 0 "port10" 0`, vdom-property `session "0 100"`);
* member lists (a child table whose rows hold only their key) compare as sets of keys, in any
  spelling: `["x"]`, `"x"`, `[{"name": "x"}]`, `[{"name": "x", "q_origin_key": "x"}]`;
* other child tables compare as ordered lists of rows; rows and nested objects compare only
  the sub-fields the caller gives (the device's other sub-fields are its business);
* secrets (passwords, keys: fields named so, or values FortiOS echoes as `ENC ...` or `***`)
  cannot be compared: the diff holds `(UNKNOWN, wanted)` and they never count as a change.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping
from typing import Any, Final

from .versions import pick

__all__ = ["UNKNOWN", "canonical", "diff", "is_secret", "same", "wire_value"]


class _Unknown:
    """The value of a field the device does not echo (a password, a key)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()

Spec = Mapping[str, Any] | None

_V4 = r"\d{1,3}(?:\.\d{1,3}){3}"
_IPV4 = re.compile(rf"({_V4})(?:\s*/\s*(\d{{1,2}})|\s+({_V4}))?")
_INTEGER = re.compile(r"[+-]?\d+")
_SECRET_NAME = re.compile(
    r"(?:^|-)(?:(?:auth)?passw(?:or)?d\d*|pwd|passphrase|psk(?:secret)?|secret|uploadpass"
    r"|(?:auth|enc|private)?key|key-string)(?:-|$)"
)
# Names that contain a secret word but name something about it, or something public.
_NOT_SECRET = re.compile(r"public|site-key|search|parent|attribute|-(?:expire|attr|time|id|name|filter|policy)$")
_MASKED = re.compile(r"\*+")


def is_secret(name: str, spec: Spec, current: Any) -> bool:
    """Whether FortiOS keeps the value of field `name` to itself: a free-text field named like a
    secret, or a value it echoes encrypted (`"ENC …"`) or masked (`"****"`)."""
    if isinstance(current, str) and (current.startswith("ENC ") or _MASKED.fullmatch(current)):
        return True
    if spec is not None and (spec.get("type") != "string" or "options" in spec or "datasource" in spec):
        return False
    lowered = name.lower()
    return bool(_SECRET_NAME.search(lowered)) and not _NOT_SECRET.search(lowered)


def canonical(spec: Spec, value: Any, firmware: str | None = None) -> Any:
    """One form for every spelling FortiOS treats as the same value of a field of shape `spec`
    (a catalog field, already picked for the firmware; None for a field the catalog lacks)."""
    kind = spec.get("type") if spec is not None else None
    if kind == "table":
        return _table(spec or {}, value, firmware)
    if kind == "object":
        return _row((spec or {}).get("children") or {}, value, firmware) if isinstance(value, Mapping) \
            else _scalar(value)
    if spec is not None and spec.get("multi"):
        return _multi(spec, value)
    if kind == "integer":
        return _integer(value)
    if spec is None and isinstance(value, (list, tuple)):
        return [canonical(None, item) for item in value]
    if spec is None and isinstance(value, Mapping):
        return _row({}, value, firmware)
    return _scalar(value)


def same(spec: Spec, current: Any, wanted: Any, firmware: str | None = None) -> bool:
    """Whether a device holding `current` already has `wanted` (see the module doc)."""
    return _covers(canonical(spec, current, firmware), canonical(spec, wanted, firmware))


def diff(fields: Mapping[str, Any] | None, current: Mapping[str, Any], wanted: Mapping[str, Any],
         firmware: str | None = None) -> dict[str, tuple[Any, Any]]:
    """`{field: (current, wanted)}` for every wanted field the device does not hold as wanted,
    and `(UNKNOWN, wanted)` for every secret (see `is_secret`)."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in wanted.items():
        if name == "q_origin_key":
            continue
        spec = pick(fields.get(name), firmware) if fields else None
        held = current.get(name)
        if is_secret(name, spec, held):
            changes[name] = (UNKNOWN, value)
        elif not same(spec, held, value, firmware):
            changes[name] = (held, value)
    return changes


def wire_value(spec: Spec, value: Any) -> Any:
    """`value` as FortiOS takes it: the rows of a child table are objects, so a member given by
    name (`"x"`, `["x", "y"]`) goes as `[{"name": "x"}, ...]`; anything else as given."""
    if spec is None or spec.get("type") != "table" or isinstance(value, Mapping):
        return value
    mkey = spec.get("mkey") or "name"
    items = value if isinstance(value, (list, tuple)) else [] if value in (None, "") else [value]
    return [item if isinstance(item, Mapping) else {mkey: item} for item in items]


# -- forms ------------------------------------------------------------------------------------


def _covers(held: Any, wanted: Any) -> bool:
    if isinstance(wanted, dict):
        return isinstance(held, dict) and all(name in held and _covers(held[name], value)
                                              for name, value in wanted.items())
    if isinstance(wanted, list) and isinstance(held, list):
        return len(held) == len(wanted) and all(_covers(h, w) for h, w in zip(held, wanted, strict=True))
    return isinstance(held, bool) is isinstance(wanted, bool) and bool(held == wanted)  # True is not 1


def _scalar(value: Any) -> Any:
    if isinstance(value, str):
        return _address(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _integer(value: Any) -> Any:
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return _scalar(value)


def _address(text: str) -> str:
    """An IPv4 address/mask as "a.b.c.d m.m.m.m", an IPv6 one as "compressed/len"; else `text`."""
    import ipaddress  # here, as the first comparison needs it: `import hfortix` stays lighter

    stripped = text.strip()
    match = _IPV4.fullmatch(stripped)
    try:
        if match:
            address = ipaddress.IPv4Address(match[1])
            if match[2] is not None:
                mask: object = ipaddress.IPv4Network(f"0.0.0.0/{match[2]}").netmask
            else:
                mask = ipaddress.IPv4Address(match[3]) if match[3] is not None else "255.255.255.255"
            return f"{address} {mask}"
        if ":" in stripped:
            host, slash, length = stripped.partition("/")
            address6 = ipaddress.IPv6Address(host)
            if slash and not (length.isdigit() and int(length) <= 128):
                return text
            return f"{address6.compressed}/{int(length) if slash else 128}"
    except ValueError:
        return text
    return text


def _tokens(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if isinstance(item, Mapping):  # [{"name": "x"}] for a multi-value field
                item = next((v for k, v in item.items() if k != "q_origin_key"), "")
            items.append(item)
        return items
    if isinstance(value, str):
        try:
            return shlex.split(value)  # hbdev: "\"port9\" 0 \"port10\" 0 "
        except ValueError:
            return value.split()
    return [] if value is None else [value]


def _multi(spec: Mapping[str, Any], value: Any) -> str:
    integer = spec.get("type") == "integer"
    tokens = [str(_integer(token) if integer else _scalar(token)) for token in _tokens(value)]
    if integer or "options" in spec or "datasource" in spec:
        tokens = sorted(set(tokens))
    return " ".join(shlex.quote(token) if not token or any(c.isspace() for c in token) else token
                    for token in tokens)


def _row(children: Mapping[str, Any], row: Mapping[str, Any], firmware: str | None) -> dict[str, Any]:
    return {name: canonical(pick(children.get(name), firmware), value, firmware)
            for name, value in row.items() if name != "q_origin_key"}


def _table(spec: Mapping[str, Any], value: Any, firmware: str | None) -> Any:
    mkey = spec.get("mkey") or "name"
    children: Mapping[str, Any] = spec.get("children") or {}
    items = value if isinstance(value, (list, tuple)) else [] if value in (None, "") else [value]
    rows = [_row(children, item, firmware) if isinstance(item, Mapping)
            else {mkey: canonical(pick(children.get(mkey), firmware), item, firmware)} for item in items]
    if set(children) <= {mkey}:  # a member list: only the keys count, in any order
        return sorted((row.get(mkey, row) for row in rows), key=repr)
    return rows
