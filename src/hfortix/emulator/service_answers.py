"""Answers of the service API (`/api/v2/service/...`, the endpoints of tools/service_endpoints.json).

Fortinet documents this API on FNDN only, and no public capture of its answers exists: every
shape here is the emulator's own placeholder (listed in data/README.md), kept small and
consistent. The packet sniffer keeps state: `start` makes a capture (an id), `list` shows
it, `stop` ends it, `download` gives it as a pcap file (a valid, packet-less one: the emulator
sees no traffic), `delete` removes it; an unknown id is a 404 with FortiOS's -3.
"""

from __future__ import annotations

import struct
from typing import Any

from .errors import bad_request, not_found
from .monitor_answers import MonitorContext, answers
from .replies import Download
from .values import parse_integer

MAX_CAPTURES = 10
DEFAULT_PACKET_COUNT = 4000
# A pcap file header: magic, version 2.4, GMT offset 0, accuracy 0, snap length, Ethernet.
PCAP_HEADER = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)


def _captures(ctx: MonitorContext) -> dict[int, dict[str, Any]]:
    return ctx.device.captures


def _capture(ctx: MonitorContext) -> dict[str, Any]:
    number = parse_integer(ctx.param("id"))
    found = _captures(ctx).get(number) if number is not None else None
    if found is None:
        raise not_found(f"no packet capture {ctx.param('id')!r}")
    return found


@answers("service/sniffer/list")
def sniffer_list(ctx: MonitorContext) -> Any:
    return [dict(capture) for capture in _captures(ctx).values()]


@answers("service/sniffer/start", "POST")
def sniffer_start(ctx: MonitorContext) -> Any:
    captures = _captures(ctx)
    if len(captures) >= MAX_CAPTURES:
        raise bad_request(f"at most {MAX_CAPTURES} packet captures at once: delete one first")
    number = max(captures, default=0) + 1
    count = parse_integer(ctx.param("max_packet_count")) or DEFAULT_PACKET_COUNT
    captures[number] = {
        "id": number,
        "interface": str(ctx.param("interface") or "any"),
        "filter": str(ctx.param("filter") or ""),
        "max_packet_count": count,
        "packets": 0,
        "status": "running",
        "start_time": ctx.now,
    }
    return {"id": number}


@answers("service/sniffer/stop", "POST")
def sniffer_stop(ctx: MonitorContext) -> Any:
    capture = _capture(ctx)
    capture["status"] = "stopped"
    return {"id": capture["id"]}


@answers("service/sniffer/download", "POST")
def sniffer_download(ctx: MonitorContext) -> Any:
    _capture(ctx)
    return Download(PCAP_HEADER, "application/vnd.tcpdump.pcap")


@answers("service/sniffer/delete", "POST")
def sniffer_delete(ctx: MonitorContext) -> Any:
    capture = _capture(ctx)
    del _captures(ctx)[capture["id"]]
    return {"id": capture["id"]}


@answers("service/sniffer/meta")
def sniffer_meta(ctx: MonitorContext) -> Any:
    return {"max_captures": MAX_CAPTURES, "max_packet_count": 10_000, "packet_count": DEFAULT_PACKET_COUNT}


@answers("service/security-rating/report")
def security_rating_report(ctx: MonitorContext) -> Any:
    return {"type": str(ctx.param("type") or "psirt"), "checks": [], "passed": 0, "failed": 0}


@answers("service/security-rating/recommendations")
def security_rating_recommendations(ctx: MonitorContext) -> Any:
    return []


@answers("service/system/psirt-vulnerabilities")
def psirt_vulnerabilities(ctx: MonitorContext) -> Any:
    return []  # none known for the emulated build


@answers("service/system/fabric-time-in-sync")
def fabric_time_in_sync(ctx: MonitorContext) -> Any:
    return {"synchronized": True}


@answers("service/system/fabric-admin-lockout-exists-on-firmware-update")
def fabric_admin_lockout(ctx: MonitorContext) -> Any:
    return {"exists": False}
