"""Check a JSON body against a schema and build the row FortiOS would store, in canonical form.

Rows are never changed in place once stored: `merge_object` always returns a new dict (sharing
the untouched values with the old row), so a GET can serialise rows outside the app's lock and
a transaction can copy a table with a shallow copy.

Canonical forms (FortiOS answers with its own spelling, not the one sent):
* integers sent as digit strings become integers;
* multi-value strings (a list or a space-separated string) become one space-separated string;
* IPv4 subnet-like fields (`schema.SUBNET_FIELDS`) sent as "10.0.1.0/24" become
  "10.0.1.0 255.255.255.0"; a bare address in `subnet` gets the host mask;

Checks by kind (data/value_checks.json; the error codes are FortiOS's own, errors.py): an
address field must hold an address of its kind (-651, "value parse error"), a string at most
its size (-72), an integer its bounds (-650), an option one of its options (-651).
* child-table items sent as bare strings become `{"<mkey>": value}`; every child row gets
  `q_origin_key`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any

from .errors import (
    ALREADY_EXISTS,
    ValueRejected,
    cli_text,
    invalid_value,
    out_of_range,
    too_long,
    unknown_field,
)
from .schema import Field

_INTEGER_TEXT = re.compile(r"[+-]?\d+")
_IPV4 = re.compile(r"\d{1,3}(\.\d{1,3}){3}")
_MAC = re.compile(r"[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}")


def _ipv6_network(text: str) -> bool:
    try:
        ipaddress.IPv6Network(text, strict=False)
    except ValueError:
        return False
    return True


def merge_object(
    fields: Mapping[str, Field],
    base: Mapping[str, Any],
    body: Mapping[str, Any],
    *,
    mkey: str | None = None,
    lenient: bool = False,
) -> dict[str, Any]:
    """`base` updated with the checked values of `body` (a new dict).

    `lenient` drops what the firmware does not accept instead of refusing it (factory data
    written once for every release).
    """
    row = dict(base)
    for name, value in body.items():
        spec = fields.get(name)
        if spec is None:
            if name == "q_origin_key" or lenient:  # a GET row sent back keeps its q_origin_key
                continue
            raise unknown_field(name)
        try:
            row[name] = convert(spec, value, row.get(name), lenient=lenient)
        except ValueRejected:
            if lenient:
                continue
            raise
    if mkey is not None and mkey in row:
        row["q_origin_key"] = row[mkey]
    return row


def convert(spec: Field, value: Any, current: Any, *, lenient: bool = False) -> Any:
    """`value` for field `spec` in canonical form; raises ValueRejected if FortiOS would refuse it."""
    if spec.type == "integer":
        return _integer(spec, value)
    if spec.type == "string":
        return _string(spec, value)
    if spec.type == "table":
        return _child_table(spec, value, current, lenient=lenient)
    if not isinstance(value, Mapping):  # nested object
        raise invalid_value(spec.name, value, "expected an object")
    base = current if isinstance(current, Mapping) else spec.template or {}
    return merge_object(spec.children, base, value, lenient=lenient)


def parse_integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    return None


def _integer(spec: Field, value: Any) -> Any:
    if spec.multi:
        tokens = _tokens(spec, value)
        numbers = [_bounded(spec, token) for token in tokens]
        return " ".join(str(number) for number in numbers)
    return _bounded(spec, value)


def _bounded(spec: Field, value: Any) -> int:
    number = parse_integer(value)
    if number is None:
        raise invalid_value(spec.name, value, "an integer is expected")
    if (spec.minimum is not None and number < spec.minimum) or (
        spec.maximum is not None and number > spec.maximum
    ):
        raise out_of_range(spec.name, number, spec.minimum, spec.maximum)
    return number


def _tokens(spec: Field, value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        tokens = []
        for item in value:
            if isinstance(item, Mapping) and len(item) == 1:  # ansible-style [{"name": "x"}]
                item = next(iter(item.values()))
            if isinstance(item, bool) or not isinstance(item, (str, int)):
                raise invalid_value(spec.name, item)
            tokens.append(str(item))
        return tokens
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise invalid_value(spec.name, value)
    return str(value).split()


def _string(spec: Field, value: Any) -> str:
    if spec.multi:
        tokens = _tokens(spec, value)
        for token in tokens:
            if spec.option_set and token not in spec.option_set:
                raise invalid_value(spec.name, token, f"option '{token}' is not one of: {' '.join(spec.options)}")
            if spec.kind is not None and spec.kind != "network":
                _of_kind(spec, token)
        return _sized(spec, " ".join(tokens))
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise invalid_value(spec.name, value)
    text = value if isinstance(value, str) else str(value)
    if spec.option_set and text not in spec.option_set:
        raise invalid_value(spec.name, text, f"option '{text}' is not one of: {' '.join(spec.options)}")
    if spec.kind is not None and text != "":  # empty: the address is not set
        text = canonical_subnet(spec.name, text) if spec.kind == "network" else _of_kind(spec, text)
    return _sized(spec, text)


def _sized(spec: Field, text: str) -> str:
    if spec.size is not None and len(text) > spec.size:
        raise too_long(spec.name, text, spec.size)
    return text


def _of_kind(spec: Field, text: str) -> str:
    """`text` if it is an address of the field's kind (address, network6, mac); else refused."""
    if spec.kind == "mac":
        if not _MAC.fullmatch(text):
            raise invalid_value(spec.name, text, "not a MAC address (xx:xx:xx:xx:xx:xx)")
        return text
    if spec.kind == "address" and "-" in text:  # a range: "10.0.0.1-10.0.0.9"
        for part in text.split("-", 1):
            _ip_address(spec.name, part.strip())
        return text
    if spec.kind == "address":
        _ip_address(spec.name, text)
        return text
    try:  # network6
        ipaddress.IPv6Network(text, strict=False)
    except ValueError as exc:
        raise invalid_value(spec.name, text, "not an IPv6 address or prefix") from exc
    return text


def _ip_address(name: str, text: str) -> None:
    try:
        ipaddress.ip_address(text)
    except ValueError as exc:
        raise invalid_value(name, text, "not an IP address") from exc


# Every IPv4 netmask by prefix length, and the set of them: a subnet's mask is read from these
# (ipaddress builds a network per call: a fifth of a create's time in the app).
_NETMASKS = {str(bits): str(ipaddress.IPv4Network(f"0.0.0.0/{bits}").netmask) for bits in range(33)}
_NETMASK_SET = frozenset(_NETMASKS.values())


def canonical_subnet(name: str, text: str) -> str:
    """ "10.0.1.0/24" or "10.0.1.0 255.255.255.0" -> "10.0.1.0 255.255.255.0" (a bare address
    in `subnet` gets the host mask); an IPv6 address or prefix, or "any", is kept as sent;
    anything else is refused, as FortiOS refuses it ("value parse error")."""
    stripped = text.strip()
    if stripped == "any" or (":" in stripped and _ipv6_network(stripped)):
        return text
    address, separator, rest = stripped.partition("/" if "/" in stripped else " ")
    rest = rest.strip()
    try:
        ipaddress.IPv4Address(address)
        if not separator:
            return f"{address} 255.255.255.255" if name == "subnet" else address
        mask = _NETMASKS.get(rest) or (rest if rest in _NETMASK_SET else None)
        if mask is None:  # anything else as ipaddress reads it (a prefix such as "024", or a refusal)
            mask = str(ipaddress.IPv4Network(f"0.0.0.0/{rest}").netmask)
            if "." in rest and mask != rest:  # ipaddress also reads host masks: FortiOS does not
                raise ValueError(f"{rest} is not a netmask")
    except ValueError as exc:
        raise invalid_value(name, text, "not an IPv4 address with a netmask, nor an IPv6 prefix") from exc
    return f"{address} {mask}"


def _child_table(spec: Field, value: Any, current: Any, *, lenient: bool) -> list[dict[str, Any]]:
    if not isinstance(value, (list, tuple)):
        raise invalid_value(spec.name, value, "expected a list of entries")
    mkey = spec.mkey or ""
    key_spec = spec.children.get(mkey)
    existing = {child.get(mkey): child for child in current} if isinstance(current, list) else {}
    children: list[dict[str, Any]] = []
    seen: set[Any] = set()
    # FortiOS numbers child entries itself when the id is left out (or 0): after every id in use.
    used_ids = {key for key in existing if isinstance(key, int)}
    if spec.mkey_type == "integer":
        used_ids |= {
            number
            for item in value
            if isinstance(item, Mapping) and (number := parse_integer(item.get(mkey)))
        }
    for item in value:
        if not isinstance(item, Mapping):
            if isinstance(item, (list, tuple, bool)) or item is None:
                raise invalid_value(spec.name, item, "expected an entry object")
            item = {mkey: item}
        key = item.get(mkey)
        if spec.mkey_type == "integer":
            key = parse_integer(key) if key not in (None, "") else 0
            if key is None:
                raise invalid_value(f"{spec.name}.{mkey}", item.get(mkey), "an integer is expected")
            if key == 0:
                key = max(used_ids, default=0) + 1
                used_ids.add(key)
            item = {**item, mkey: key}
        elif key_spec is not None and key is not None:
            key = _string(key_spec, key)
        if key in (None, ""):
            raise invalid_value(f"{spec.name}.{mkey}", "", f"entry attribute '{mkey}' must be set")
        if key in seen:
            raise ValueRejected(
                ALREADY_EXISTS, cli_text(f"entry '{key}' is given twice in {spec.name}", ALREADY_EXISTS)
            )
        seen.add(key)
        base = existing.get(key, spec.template or {})
        children.append(merge_object(spec.children, base, item, mkey=mkey, lenient=lenient))
    return children
