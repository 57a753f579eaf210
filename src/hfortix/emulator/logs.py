"""The log API: `/api/v2/log/<device>/<type>[/<subtype>]` answers generated log lines.

Lines are deterministic: each comes from the app's `seed`, the request's device, type, subtype
and VDOM, and its index, so paging with `start=`/`rows=` walks one stable list (newest first),
whatever was asked before. Traffic lines name the VDOM's real policies and interfaces.

`<type>` alone (no subtype) is served for every type the catalog knows on that device: FortiOS's
own log schema marks the subtype optional. A numeric last segment is a search `session_id`.
`raw` answers the lines as one text (FortiOS's raw format, key=value pairs), `archive` and
`archive-download` answer the empty archive.
"""

from __future__ import annotations

import hashlib
import random
import time
from typing import Any

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint

from .device import Device
from .errors import bad_request, method_not_allowed, not_found
from .replies import Where, monitor_read
from .request import Incoming
from .store import ConfigStore

DEFAULT_ROWS = 20
# Log time runs back from here (2025-01-01T00:00:00Z): fixed, so lines never change.
_NEWEST = 1_735_689_600
_EVENT_MESSAGES = (
    ("0100032001", "Admin login successful", "login"),
    ("0100032003", "Admin logout successful", "logout"),
    ("0100044547", "Object attribute configured", "edit"),
    ("0100044546", "Attribute configured", "set"),
)
_PUBLIC_OCTETS = ((1, 223), (0, 255), (0, 255), (1, 254))  # (low, high) of each octet
_SERVICES = (("HTTPS", 6, 443), ("HTTP", 6, 80), ("DNS", 17, 53), ("SSH", 6, 22), ("NTP", 17, 123))


class LogHandler:
    def __init__(self, device: Device) -> None:
        self.device = device
        self._index: dict[tuple[str, str], dict[str, Endpoint]] = {}
        for endpoint in catalog.endpoints():
            if endpoint.api == "log":
                self._index.setdefault((endpoint.path, endpoint.name), {})[endpoint.action or ""] = endpoint

    def route(self, segments: list[str]) -> tuple[str, str, str | None, Endpoint | None]:
        """(device, type, subtype or None, the catalog endpoint when one matches exactly)."""
        if len(segments) not in (2, 3):
            raise not_found("no such log endpoint")
        actions = self._index.get((segments[0], segments[1]))
        if actions is None:
            raise not_found("no such log endpoint")
        if len(segments) == 2:
            return segments[0], segments[1], None, None
        subtype = segments[2]
        endpoint = actions.get(subtype)
        if endpoint is None and subtype.isdigit():
            endpoint = actions.get(":session_id")
            if endpoint is not None:
                return segments[0], segments[1], None, endpoint
        if endpoint is None:
            raise not_found("no such log endpoint")
        return segments[0], segments[1], subtype, endpoint

    def answer(
        self, request: Incoming, segments: list[str], store: ConfigStore, vdom: str
    ) -> tuple[int, Any]:
        source, log_type, subtype, endpoint = self.route(segments)
        methods = endpoint.methods if endpoint is not None else ("GET",)
        if request.method not in methods:
            raise method_not_allowed(f"{request.method} is not supported by the log API")
        where = Where(request.method, vdom, source, log_type, segments[2] if len(segments) > 2 else None)
        identity = self.device.identity
        if subtype in ("archive", "archive-download"):
            return 200, monitor_read(identity, where, [] if subtype == "archive" else {})
        start = _number(request.param("start"), "start", 0)
        rows = _number(request.param("rows"), "rows", DEFAULT_ROWS)
        kind = log_type if subtype in (None, "raw") else subtype
        total = self._total(source, log_type, kind, vdom)
        lines = [
            self._line(source, log_type, kind, vdom, index, store)
            for index in range(start, min(total, start + rows))
        ]
        session_id = _number(request.param("session_id"), "session_id", 0) or self._session_id(
            source, log_type, vdom
        )
        results: Any = lines
        if subtype == "raw":
            results = "\n".join(" ".join(f'{key}="{value}"' for key, value in line.items()) for line in lines)
        extra = {
            "session_id": session_id,
            "completed": 100,
            "total_lines": total,
            "start": start,
            "rows": len(lines),
            "subcategory": kind,
        }
        return 200, monitor_read(identity, where, results, **extra)

    # -- generated lines -----------------------------------------------------------------------

    def _random(self, *parts: object) -> random.Random:
        text = ":".join(str(part) for part in (self.device.seed, *parts))
        return random.Random(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big"))

    def _total(self, source: str, log_type: str, kind: str, vdom: str) -> int:
        return self._random("total", source, log_type, kind, vdom).randint(150, 2500)

    def _session_id(self, source: str, log_type: str, vdom: str) -> int:
        return self._random("session", source, log_type, vdom).randint(1000, 99999)

    def _line(
        self, source: str, log_type: str, kind: str, vdom: str, index: int, store: ConfigStore
    ) -> dict[str, Any]:
        rng = self._random("line", source, log_type, kind, vdom, index)
        moment = _NEWEST - index * 37 - rng.randint(0, 30)
        stamp = time.gmtime(moment)
        line: dict[str, Any] = {
            "date": time.strftime("%Y-%m-%d", stamp),
            "time": time.strftime("%H:%M:%S", stamp),
            "eventtime": moment * 1_000_000_000 + rng.randint(0, 999_999_999),
            "tz": "+0000",
        }
        if log_type == "event":
            logid, description, method = rng.choice(_EVENT_MESSAGES)
            line.update(
                logid=logid,
                type="event",
                subtype=kind,
                level="information",
                vd=vdom,
                logdesc=description,
                user="admin",
                ui=f"https(10.0.0.{rng.randint(2, 254)})",
                method=method,
                status="success",
                reason="none",
                profile="super_admin",
                msg=f"{description}: admin",
            )
            return line
        policies = [
            row
            for row in (self._rows(store, "firewall/policy", vdom))
            if isinstance(row.get("policyid"), int)
        ]
        interfaces = [str(row.get("name")) for row in self._rows(store, "system/interface", vdom)] or [
            "port1",
            "port2",
        ]
        policy = rng.choice(policies) if policies else {"policyid": 0, "uuid": ""}
        service, proto, port = rng.choice(_SERVICES)
        sent, received = rng.randint(40, 10**6), rng.randint(40, 10**7)
        common = {
            "vd": vdom,
            "srcip": f"10.0.{rng.randint(0, 255)}.{rng.randint(2, 254)}",
            "srcport": rng.randint(1024, 65535),
            "srcintf": rng.choice(interfaces),
            "srcintfrole": "lan",
            "dstip": ".".join(str(rng.randint(low, high)) for low, high in _PUBLIC_OCTETS),
            "dstport": port,
            "dstintf": rng.choice(interfaces),
            "dstintfrole": "wan",
            "sessionid": rng.randint(10**5, 10**8),
            "proto": proto,
            "service": service,
            "policyid": policy.get("policyid", 0),
        }
        if log_type == "traffic":
            line.update(logid="0000000013", type="traffic", subtype=kind, level="notice")
            line.update(common)
            line.update(
                srccountry="Reserved",
                dstcountry="United States",
                action=rng.choice(("accept", "close", "timeout")),
                policytype="policy",
                poluuid=policy.get("uuid", ""),
                trandisp="snat",
                duration=rng.randint(1, 600),
                sentbyte=sent,
                rcvdbyte=received,
                sentpkt=max(1, sent // 500),
                rcvdpkt=max(1, received // 500),
                appcat="unscanned",
            )
            return line
        line.update(
            logid=f"{rng.randint(1, 9999):010d}", type="utm", subtype=kind, eventtype=kind, level="warning"
        )
        line.update(common)
        line.update(action=rng.choice(("blocked", "passthrough", "monitored")), msg=f"{kind} event")
        return line

    def _rows(self, store: ConfigStore, key: str, vdom: str) -> list[dict[str, Any]]:
        schema = self.device.catalog.schema_by_key(key)
        if schema is None:
            return []
        table = store.peek_rows(self.device.scope_of(schema, vdom), key)
        return list(table.values()) if table else []


def _number(text: str | None, name: str, default: int) -> int:
    if text is None or text == "":
        return default
    try:
        number = int(text)
    except ValueError as exc:
        raise bad_request(f"{name} must be an integer") from exc
    if number < 0:
        raise bad_request(f"{name} must not be negative")
    return number
