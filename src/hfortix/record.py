"""Record a real FortiGate's monitor answers for the emulator (`hfortix record`).

`record(fgt)` reads a chosen set of monitor endpoints (`ENDPOINTS` unless told otherwise) and
returns a `hfortix-answers/1` document (hfortix/emulator/recorded.py) that the emulator serves
with `--answers FILE`. Before anything is written, the recording is redacted:

* the box's serial becomes `{serial}` (the emulator puts its own back), other Fortinet serials
  (access points, switches, peers) `REDACTED-SERIAL-<n>`;
* values under secret-looking keys (password, secret, token, psk, private key, api key,
  session key, cookie) become `REDACTED`;
* with `redact_addresses=True`, every IPv4 address (netmasks, 0.0.0.0 and 255.255.255.255
  stay) becomes one of 198.18.0.0/15 (RFC 2544's test range), every IPv6 address one of
  2001:db8::/32 and every MAC address a locally administered one, the same address always
  mapped alike, so the answers stay consistent with each other.

An endpoint the box refuses (a feature its model lacks) is left out and named in `skipped`.
"""

from __future__ import annotations

import ipaddress
import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from hfortix.core import catalog
from hfortix.core.errors import ConfigurationError, FortiOSAPIError
from hfortix.emulator.recorded import FORMAT, SERIAL

__all__ = ["ENDPOINTS", "Redactor", "checked_endpoint", "record"]

# What monitoring and inventory tools read most: status, resources, interfaces, HA, licences,
# certificates, logging, policies and their counters, routing, SD-WAN, VPN, Wi-Fi.
ENDPOINTS = (
    "system/status", "system/resource/usage", "system/interface", "system/ha-statistics",
    "system/ha-checksums", "system/available-certificates", "system/link-monitor",
    "system/sdn-connector/status", "license/status", "log/current-disk-usage", "log/device/state",
    "log/fortianalyzer", "firewall/policy", "firewall/ippool", "router/ipv4", "router/bgp/neighbors",
    "router/bgp/paths", "router/ospf/neighbors", "virtual-wan/health-check", "vpn/ipsec", "wifi/client",
)

_SECRET_KEY = re.compile(
    r"password|passwd|secret|token|psk|private[-_]?key|api[-_]?key|session[-_]?key|cookie", re.IGNORECASE
)
# Fortinet serial numbers: F + product letters and model, then digits (FGT60E4Q16000000,
# FGVM02TM22000001, FP221ETF18000000), and FortiSwitch's S + model (S124EN5918000000).
_SERIAL = re.compile(r"\b(?:F[A-Z0-9]{11,17}|S[0-9]{3}[A-Z0-9]{9,13})\b")
_IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])")
_MAC = re.compile(r"\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b")


class Redactor:
    """Replaces serials, secrets and (if asked) addresses throughout a JSON value."""

    def __init__(self, serial: str, *, addresses: bool = False) -> None:
        self.serial = serial
        self.addresses = addresses
        self._serials: dict[str, str] = {}
        self._mapped: dict[str, str] = {}
        self._ipv4 = (str(ipaddress.IPv4Address("198.18.0.1") + n) for n in itertools.count())
        self._ipv6 = (str(ipaddress.IPv6Address("2001:db8::1") + n) for n in itertools.count())
        self._macs = (":".join(f"{byte:02x}" for byte in (2, 0, *n.to_bytes(4, "big"))) for n in itertools.count(1))

    def __call__(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {self._text(str(name)): self(item, str(name)) for name, item in value.items()}
        if isinstance(value, list):
            return [self(item, key) for item in value]
        if isinstance(value, str | int) and not isinstance(value, bool) and _SECRET_KEY.search(key) and value:
            return "REDACTED"
        return self._text(value) if isinstance(value, str) else value

    def _text(self, text: str) -> str:
        text = _SERIAL.sub(self._serial, text)
        if self.addresses:
            text = _MAC.sub(lambda match: self._map(match.group(0).lower(), self._macs), text)
            text = _IPV4.sub(self._v4, text)
            text = _IPV6.sub(self._v6, text)
        return text

    def _serial(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if found == self.serial:
            return SERIAL
        if sum(char.isdigit() for char in found) < 4:  # a word, not a serial number
            return found
        return self._serials.setdefault(found, f"REDACTED-SERIAL-{len(self._serials) + 1}")

    def _map(self, found: str, fresh: Iterable[str]) -> str:
        if found not in self._mapped:
            self._mapped[found] = next(iter(fresh))
        return self._mapped[found]

    def _v4(self, match: re.Match[str]) -> str:
        found = match.group(0)
        try:
            address = ipaddress.IPv4Address(found)
        except ValueError:
            return found  # not an address (a version "1.2.3.4567" has been left alone above)
        if int(address) in (0, 0xFFFFFFFF) or _is_netmask(address):
            return found
        return self._map(found, self._ipv4)

    def _v6(self, match: re.Match[str]) -> str:
        found = match.group(0)
        try:
            address = ipaddress.IPv6Address(found)
        except ValueError:
            return found  # "12:30:45" and the like
        if address.is_unspecified or address.is_loopback:
            return found
        return self._map(str(address), self._ipv6)


def _is_netmask(address: ipaddress.IPv4Address) -> bool:
    host_bits = ~int(address) & 0xFFFFFFFF  # a netmask's host part is 2**k - 1
    return host_bits & (host_bits + 1) == 0


def record(
    request: Callable[..., Any], endpoints: Iterable[str] = ENDPOINTS, *, redact_addresses: bool = False
) -> dict[str, Any]:
    """A redacted `hfortix-answers/1` document of `endpoints` read with `request` (a sync
    client's `fgt.request`)."""
    keys = [checked_endpoint(key) for key in endpoints]
    status = request("GET", "monitor/system/status", raw=True)
    if not isinstance(status, dict):
        raise ConfigurationError("record reads one VDOM at a time: give a single vdom")
    answers: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for key in keys:
        try:
            envelope = status if key == "system/status" else request("GET", f"monitor/{key}", raw=True)
        except FortiOSAPIError as problem:
            code = f", error {problem.error_code}" if problem.error_code else ""
            skipped[key] = f"HTTP {problem.http_status}{code}"
            continue
        answers[key] = {"GET": envelope.get("results")}
    redact = Redactor(str(status.get("serial", "")), addresses=redact_addresses)
    return {
        "format": FORMAT,
        "recorded": {"version": status.get("version"), "build": status.get("build"), "vdom": status.get("vdom")},
        "redacted": {"serials": True, "secrets": True, "addresses": redact_addresses},
        "answers": redact(answers),
        "skipped": skipped,
    }


def checked_endpoint(key: str) -> str:
    """`key` as a monitor endpoint key ("system/status"); ConfigurationError if it is none."""
    key = key.strip("/").removeprefix("monitor/").removesuffix("/select")
    path, _, rest = key.partition("/")
    name, _, action = rest.partition("/")
    endpoint = catalog.find("monitor", path, name, action or None) or catalog.find("monitor", path, name, "select")
    if endpoint is None or "GET" not in endpoint.methods or (action and endpoint.action != action):
        raise ConfigurationError(f"{key!r} is not a monitor endpoint one can GET (such as 'system/status')")
    return key
