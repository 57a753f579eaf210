"""Realistic answers for the monitor endpoints clients use most, consistent with cmdb state.

Shapes follow the real captures (tests/fixtures/captures, data/capture_samples.json): the same
keys, the same nesting. Counters and rates are invented, but deterministic: they come from the
app's `seed` and the object they describe, so two runs with one seed answer alike. Times are
wall-clock times (a FortiGate reports its own clock).

Every other monitor endpoint answers from data/monitor_shapes.json (see monitor.py).
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import backup
from .device import Device
from .errors import bad_request, method_not_allowed
from .profile import load_data
from .replies import Download
from .request import Incoming
from .store import ConfigStore
from .values import parse_integer

# Factory certificates in the captures name the capturing box's serial in their CN.
_CAPTURED_SERIAL = "FGT61E4QXXXXXXXX"
# A base for invented "first used" style timestamps: one day before now.
_DAY = 86_400


@dataclass(slots=True)
class MonitorContext:
    device: Device
    store: ConfigStore
    vdom: str
    request: Incoming
    params: dict[str, Any]

    def rows(self, key: str) -> list[dict[str, Any]]:
        """The rows of cmdb table `key` ("firewall/policy") seen from this VDOM ([] if unknown)."""
        schema = self.device.catalog.schema_by_key(key)
        if schema is None or schema.kind != "table":
            return []
        table = self.store.peek_rows(self.device.scope_of(schema, self.vdom), key)
        return list(table.values()) if table else []

    def singleton(self, key: str) -> dict[str, Any]:
        schema = self.device.catalog.schema_by_key(key)
        if schema is None or schema.kind != "singleton":
            return {}
        return self.device.singleton_row(schema, self.device.scope_of(schema, self.vdom), self.store)

    def random(self, *parts: object) -> random.Random:
        """A generator seeded by the app's seed and `parts`: the same object, the same numbers."""
        text = ":".join(str(part) for part in (self.device.seed, *parts))
        return random.Random(int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big"))

    @property
    def now(self) -> int:
        return int(time.time())

    @property
    def hostname(self) -> str:
        return str(self.singleton("system/global").get("hostname") or self.device.identity.hostname)

    def param(self, name: str) -> Any:
        return self.params.get(name)


Answer = Callable[[MonitorContext], Any]
ANSWERS: dict[tuple[str, str], Answer] = {}


def answers(key: str, method: str = "GET") -> Callable[[Answer], Answer]:
    def register(function: Answer) -> Answer:
        ANSWERS[(key, method)] = function
        return function

    return register


def _address_and_length(text: str) -> tuple[str, int]:
    """ "10.0.1.0 255.255.255.0" or "10.0.1.0/24" -> ("10.0.1.0", 24)."""
    parts = text.replace("/", " ").split()
    if not parts:
        return "0.0.0.0", 0
    if len(parts) == 1:
        return parts[0], 32
    try:
        length = ipaddress.IPv4Network(f"0.0.0.0/{parts[1]}").prefixlen
    except ValueError:
        length = 32
    return parts[0], length


def _mac(name: str) -> str:
    digest = hashlib.md5(name.encode(), usedforsecurity=False).digest()
    return ":".join(f"{byte:02x}" for byte in (0x00, 0x09, 0x0F, *digest[:3]))


# -- system -----------------------------------------------------------------------------------


@answers("system/status")
def system_status(ctx: MonitorContext) -> Any:
    return {
        "model_name": "FortiGate",
        "model_number": "VM64",
        "model": "FGVM64",
        "hostname": ctx.hostname,
        "log_disk_status": "available",
    }


@answers("system/time")
def system_time(ctx: MonitorContext) -> Any:
    return {"time": ctx.now}


@answers("system/resource/usage")
def resource_usage(ctx: MonitorContext) -> Any:
    usage = load_data("capture_samples.json")["usage"]
    wanted_resource = ctx.param("resource")
    wanted_interval = ctx.param("interval")
    now_ms = ctx.now * 1000
    results: dict[str, Any] = {}
    for resource in usage["resources"]:
        if wanted_resource and resource != wanted_resource:
            continue
        rng = ctx.random("usage", resource)
        peak = {"cpu": 40, "mem": 80, "disk": 10, "session": 500, "session6": 20}.get(resource, 5)
        historical = {}
        for interval, spec in usage["intervals"].items():
            if wanted_interval and interval != wanted_interval:
                continue
            step, points = spec["step_ms"], spec["points"]
            end = now_ms - now_ms % step
            values = [[end - index * step, rng.randint(0, peak)] for index in range(points)]
            historical[interval] = {"values": values, "start": values[-1][0], "end": end}
        results[resource] = [{"current": rng.randint(0, peak), "historical": historical}]
    return results


@answers("system/interface")
def system_interface(ctx: MonitorContext) -> Any:
    wanted = ctx.param("interface_name")
    global_scope = ctx.param("scope") == "global"
    results: dict[str, Any] = {}
    for row in ctx.rows("system/interface"):
        name = str(row.get("name", ""))
        if (wanted and name != wanted) or (not global_scope and row.get("vdom", ctx.vdom) != ctx.vdom):
            continue
        address, length = _address_and_length(str(row.get("ip", "")))
        rng = ctx.random("interface", name)
        packets = rng.randint(0, 10**7)
        results[name] = {
            "id": name,
            "name": name,
            "alias": row.get("alias", ""),
            "mac": _mac(name),
            "ip": address,
            "mask": length,
            "link": row.get("status", "up") == "up",
            "speed": 1000.0,
            "duplex": 1,
            "tx_packets": packets,
            "rx_packets": rng.randint(0, 10**7),
            "tx_bytes": packets * rng.randint(60, 1400),
            "rx_bytes": rng.randint(0, 10**10),
            "tx_errors": 0,
            "rx_errors": 0,
        }
        if row.get("type") == "vlan":
            results[name].update(vlanid=row.get("vlanid", 0), interface=row.get("interface", ""))
    return results


@answers("system/ha-statistics")
def ha_statistics(ctx: MonitorContext) -> Any:
    rng = ctx.random("ha-statistics")
    return [
        {
            "hostname": ctx.hostname,
            "serial_no": ctx.device.identity.serial,
            "tnow": int(ctx.device.clock() * 100),
            "sessions": rng.randint(10, 500),
            "tpacket": rng.randint(10**5, 10**9),
            "vir_usage": 0,
            "net_usage": rng.randint(0, 200),
            "tbyte": rng.randint(10**7, 10**11),
            "intr_usage": 0,
            "cpu_usage": rng.randint(0, 30),
            "mem_usage": rng.randint(30, 80),
        }
    ]


@answers("system/ha-checksums")
def ha_checksums(ctx: MonitorContext) -> Any:
    revision = ctx.device.revisions.current

    def checksum(part: str) -> str:
        return hashlib.md5(f"{revision}:{part}".encode(), usedforsecurity=False).hexdigest()

    sums = {"global": checksum("global")}
    sums.update({vdom: checksum(vdom) for vdom in ctx.device.vdoms(ctx.store)})
    sums["all"] = checksum("all")
    return [
        {
            "is_manage_master": 1,
            "is_root_master": 1,
            "serial_no": ctx.device.identity.serial,
            "checksum": sums,
        }
    ]


@answers("system/available-certificates")
def available_certificates(ctx: MonitorContext) -> Any:
    serial = ctx.device.identity.serial
    certificates = []
    for template in load_data("capture_samples.json")["certificates"]:
        certificate = {**template}
        for field in ("subject", "issuer"):
            if isinstance(certificate.get(field), dict):
                certificate[field] = {
                    key: (serial if value == _CAPTURED_SERIAL else value)
                    for key, value in certificate[field].items()
                }
            raw = f"{field}_raw"
            if isinstance(certificate.get(raw), str):
                certificate[raw] = certificate[raw].replace(_CAPTURED_SERIAL, serial)
        certificates.append(certificate)
    if ctx.param("scope") != "global":
        template = certificates[2] if len(certificates) > 2 else (certificates[0] if certificates else {})
        for key in ("vpn.certificate/local", "certificate/local"):
            for row in ctx.rows(key):
                certificates.append(
                    {
                        **template,
                        "name": row.get("name"),
                        "source": "user",
                        "range": "vdom",
                        "is_built_in": False,
                        "comments": row.get("comments", ""),
                        "q_ref": 0,
                        "q_static": False,
                    }
                )
    return certificates


@answers("system/link-monitor")
def link_monitor(ctx: MonitorContext) -> Any:
    wanted = ctx.param("mkey")
    results: dict[str, Any] = {}
    for row in ctx.rows("system/link-monitor"):
        name = str(row.get("name", ""))
        if wanted and name != wanted:
            continue
        interface = str(row.get("srcintf") or "port1")
        if row.get("status") == "disable":
            results[name] = {interface: {"status": "disable"}}
            continue
        results[name] = {interface: _probe_stats(ctx, "link-monitor", name, interface)}
    return results


def _probe_stats(ctx: MonitorContext, *parts: str) -> dict[str, Any]:
    rng = ctx.random(*parts)
    sent = rng.randint(10**4, 10**6)
    return {
        "status": "up",
        "latency": rng.uniform(1, 30),
        "jitter": rng.uniform(0, 3),
        "packet_loss": 0,
        "packet_sent": sent,
        "packet_received": sent - rng.randint(0, 100),
        "session": rng.randint(0, 800),
        "tx_bandwidth": rng.randint(10**4, 10**6),
        "rx_bandwidth": rng.randint(10**4, 10**6),
        "state_changed": ctx.now - rng.randint(60, _DAY),
    }


@answers("system/sdn-connector/status")
def sdn_connector_status(ctx: MonitorContext) -> Any:
    wanted = ctx.param("mkey")
    results = []
    for row in ctx.rows("system/sdn-connector"):
        if wanted and row.get("name") != wanted:
            continue
        enabled = row.get("status", "enable") == "enable"
        results.append(
            {
                "name": row.get("name"),
                "type": row.get("type", ""),
                "status": "Up" if enabled else "Disabled",
                "updating": False,
                "last_update": ctx.now - ctx.random("sdn", row.get("name")).randint(10, 3600),
            }
        )
    return results


@answers("system/config/backup", "GET")
@answers("system/config/backup", "POST")
def config_backup(ctx: MonitorContext) -> Any:
    """The configuration as FortiOS configuration text (see backup.py), not an envelope."""
    method = ctx.device.quirks.config_backup_method
    if ctx.request.method != method:
        firmware = ctx.device.identity.firmware.text
        raise method_not_allowed(f"the configuration backup is a {method} on FortiOS {firmware}")
    scope = ctx.param("scope")
    if scope not in ("global", "vdom"):
        raise bad_request(f"scope must be 'global' or 'vdom', not {scope!r}")
    if ctx.param("destination") not in (None, "", "file"):
        raise bad_request("the emulator backs up to 'file' only: it has no USB drive")
    vdom = ctx.param("vdom") or ctx.vdom
    if vdom not in ctx.device.vdoms(ctx.store):
        raise bad_request(f"no such VDOM: {vdom!r}")
    text = backup.render(ctx.device, ctx.store, scope=scope, vdom=vdom)
    return Download(text.encode("utf-8"))


# -- licences and logging ----------------------------------------------------------------------


@answers("license/status")
def license_status(ctx: MonitorContext) -> Any:
    captured = load_data("capture_samples.json")["license_status"]
    expires = ctx.now + 365 * _DAY
    contract = {"type": "cloud_service_contract", "status": "licensed", "expires": expires}
    results: dict[str, Any] = {
        "forticare": {"status": "registered", "account": "user@example.com", "company": "", "industry": ""},
        "fortiguard": {"type": "downloaded", "status": "licensed", "expires": expires},
        "antivirus": {**contract, "type": "downloaded", "version": "92.00000"},
        "ips": {**contract, "type": "downloaded", "version": "30.00000"},
        "web_filtering": {**contract, "type": "cloud_query"},
    }
    results.update({key: dict(value) for key, value in captured.items()})
    if ctx.device.identity.serial.startswith("FGVM"):  # a VM's licence (keys: the monitor schema)
        results["vm"] = {
            "type": "downloaded",
            "valid": True,
            "status": "licensed",
            "license_model": 1,
            "license_platform_name": "FGVM02",
            "expires": expires,
            "closed_network": False,
            "cpu_used": 1,
            "cpu_max": 2,
            "mem_used": 2048,
        }
    if isinstance(results.get("vdom"), dict):
        results["vdom"] = {
            **results["vdom"],
            "used": len(ctx.device.vdoms(ctx.store)),
            "max": 10,
            "can_upgrade": False,
        }
    return results


@answers("log/current-disk-usage")
def current_disk_usage(ctx: MonitorContext) -> Any:
    total = 32_000_000_000
    used = ctx.random("disk").randint(10**6, 10**9)
    return {"used_bytes": used, "free_bytes": total - used, "total_bytes": total}


@answers("log/device/state")
def log_device_state(ctx: MonitorContext) -> Any:
    state = {key: dict(value) for key, value in load_data("capture_samples.json")["log_device_state"].items()}
    faz = ctx.singleton("log.fortianalyzer/setting")
    if "fortianalyzer" in state:
        state["fortianalyzer"]["is_enabled"] = faz.get("status") == "enable"
    memory = ctx.singleton("log.memory/setting")
    if "memory" in state and memory:
        state["memory"]["is_enabled"] = memory.get("status") == "enable"
    return state


@answers("log/fortianalyzer")
def log_fortianalyzer(ctx: MonitorContext) -> Any:
    status = {
        key: (dict(value) if isinstance(value, dict) else value)
        for key, value in load_data("capture_samples.json")["log_fortianalyzer"].items()
    }
    setting = ctx.singleton("log.fortianalyzer/setting")
    enabled = setting.get("status") == "enable"
    status.update(
        device=ctx.hostname,
        registration="registered" if enabled else "unregistered",
        connection="allow" if enabled else "deny",
        received=ctx.random("faz").randint(0, 10**5) if enabled else 0,
        adom_name="root",
    )
    return status


# -- firewall ---------------------------------------------------------------------------------


def _wanted_ids(value: Any) -> set[int] | None:
    if value in (None, ""):
        return None
    items = value if isinstance(value, list) else str(value).strip("[]").split(",")
    return {number for item in items if (number := parse_integer(str(item).strip())) is not None}


def _policy_counters(ctx: MonitorContext, table: str, uuid_type: str) -> list[dict[str, Any]]:
    device = ctx.device
    wanted = _wanted_ids(ctx.param("policyid"))
    implicit: dict[str, Any] = {"policyid": 0, "active_sessions": 0, "bytes": 0, "packets": 0}
    if device.identity.firmware.at_least("6.4.0"):
        implicit["hit_count"] = 0
    rows = [implicit] if wanted is None or 0 in wanted else []
    for index, policy in enumerate(ctx.rows(table)):
        policyid = policy.get("policyid")
        if not isinstance(policyid, int) or (wanted is not None and policyid not in wanted):
            continue
        rng = ctx.random(table, ctx.vdom, policyid)
        cleared = (ctx.vdom, policyid) in device.counters_cleared
        row: dict[str, Any] = {"policyid": policyid, "uuid": policy.get("uuid", ""), "uuid_type": uuid_type}
        # The first policy always carries traffic, then two in three, so every shape shows.
        if cleared or (index > 0 and rng.random() < 1 / 3) or policy.get("status") == "disable":
            row.update(active_sessions=0, bytes=0, packets=0)
            rows.append(row)
            continue
        software, asic = rng.randint(10**4, 10**8), rng.randint(10**5, 10**9)
        software_packets, asic_packets = software // 300, asic // 700
        first = ctx.now - rng.randint(_DAY, 30 * _DAY)
        last = ctx.now - rng.randint(0, 3600)
        sessions = rng.randint(1, 50)
        row.update(
            active_sessions=sessions,
            bytes=software + asic,
            packets=software_packets + asic_packets,
            software_bytes=software,
            software_packets=software_packets,
            asic_bytes=asic,
            asic_packets=asic_packets,
            nturbo_bytes=0,
            nturbo_packets=0,
            last_used=last,
            first_used=first,
            hit_count=rng.randint(sessions, 10**5),
            session_last_used=last,
            session_first_used=first,
            session_count=sessions,
        )
        rows.append(row)
    return rows


@answers("firewall/policy")
def firewall_policy(ctx: MonitorContext) -> Any:
    v6_table = (
        ctx.param("ip_version") == "ipv6" and ctx.device.catalog.schema("firewall", "policy6") is not None
    )
    if v6_table:  # before 6.4 IPv6 policies had their own table
        return _policy_counters(ctx, "firewall/policy6", "firewall.policy6")
    return _policy_counters(ctx, "firewall/policy", "firewall.policy")


@answers("firewall/policy6")
def firewall_policy6(ctx: MonitorContext) -> Any:
    return _policy_counters(ctx, "firewall/policy6", "firewall.policy6")


def _clear_counters(ctx: MonitorContext, ids: set[int] | None) -> Any:
    for table in ("firewall/policy", "firewall/policy6"):
        for policy in ctx.rows(table):
            policyid = policy.get("policyid")
            if isinstance(policyid, int) and (ids is None or policyid in ids):
                ctx.device.counters_cleared[(ctx.vdom, policyid)] = ctx.device.clock()
    return {}


@answers("firewall/policy/reset", "POST")
def firewall_policy_reset(ctx: MonitorContext) -> Any:
    return _clear_counters(ctx, None)


@answers("firewall/policy/clear_counters", "POST")
def firewall_policy_clear_counters(ctx: MonitorContext) -> Any:
    return _clear_counters(ctx, _wanted_ids(ctx.param("policy")))


@answers("firewall/ippool")
def firewall_ippool(ctx: MonitorContext) -> Any:
    results: dict[str, Any] = {}
    for row in ctx.rows("firewall/ippool"):
        name = str(row.get("name", ""))
        try:
            start = int(ipaddress.IPv4Address(str(row.get("startip") or "0.0.0.0")))
            end = int(ipaddress.IPv4Address(str(row.get("endip") or "0.0.0.0")))
        except ValueError:
            start = end = 0
        addresses = max(1, end - start + 1)
        rng = ctx.random("ippool", name)
        total = 472 * addresses
        used = rng.randint(0, total // 10)
        results[name] = {
            "name": name,
            "blocks": 8,
            "block_size": 128,
            "fixed_port": row.get("type") == "fixed-port-range",
            "pba_per_ip": 472,
            "used": used,
            "total": total,
            "available": round(100.0 * (total - used) / total, 1),
            "clients": rng.randint(0, used) if used else 0,
            "natip_in_use": min(addresses, used),
            "natip_total": addresses,
        }
    return results


# -- routing and VPN --------------------------------------------------------------------------


@answers("router/ipv4")
def router_ipv4(ctx: MonitorContext) -> Any:
    routes = []
    installed = ctx.now - 3600
    for row in ctx.rows("system/interface"):
        if row.get("vdom", ctx.vdom) != ctx.vdom:
            continue
        address, length = _address_and_length(str(row.get("ip", "")))
        if address == "0.0.0.0":
            continue
        network = ipaddress.IPv4Network(f"{address}/{length}", strict=False)
        routes.append(_route("connect", str(network), 0, "0.0.0.0", str(row.get("name")), installed))
    for row in ctx.rows("router/static"):
        if row.get("status") == "disable":
            continue
        address, length = _address_and_length(str(row.get("dst", "")))
        routes.append(
            _route(
                "static",
                f"{address}/{length}",
                int(row.get("distance") or 10),
                str(row.get("gateway", "")),
                str(row.get("device", "")),
                installed,
                priority=int(row.get("priority") or 0),
            )
        )
    for name in ("ip_mask", "gateway", "type", "interface"):
        wanted = ctx.param(name)
        if wanted:
            routes = [route for route in routes if str(route[name]) == str(wanted)]
    return routes


def _route(
    kind: str, ip_mask: str, distance: int, gateway: str, interface: str, installed: int, priority: int = 0
) -> dict[str, Any]:
    return {
        "ip_version": 4,
        "type": kind,
        "ip_mask": ip_mask,
        "distance": distance,
        "metric": 0,
        "priority": priority,
        "vrf": 0,
        "gateway": gateway,
        "interface": interface,
        "is_tunnel_route": False,
        "install_date": installed,
    }


def _bgp_neighbors(ctx: MonitorContext, family: int) -> list[dict[str, Any]]:
    bgp = ctx.singleton("router/bgp")
    local = str(bgp.get("router-id") or "0.0.0.0")
    neighbors = []
    for neighbor in bgp.get("neighbor") or []:
        address = str(neighbor.get("ip", ""))
        if (":" in address) != (family == 6):
            continue
        neighbors.append(
            {
                "neighbor_ip": address,
                "local_ip": local,
                "remote_as": parse_integer(str(neighbor.get("remote-as") or 0)) or 0,
                "admin_status": neighbor.get("shutdown", "disable") != "enable",
                "state": "Established",
                "type": "ipv4" if family == 4 else "ipv6",
            }
        )
    return neighbors


@answers("router/bgp/neighbors")
def bgp_neighbors(ctx: MonitorContext) -> Any:
    return _bgp_neighbors(ctx, 4)


@answers("router/bgp/neighbors6")
def bgp_neighbors6(ctx: MonitorContext) -> Any:
    return _bgp_neighbors(ctx, 6)


@answers("router/bgp/paths")
def bgp_paths(ctx: MonitorContext) -> Any:
    bgp = ctx.singleton("router/bgp")
    neighbors = [str(n.get("ip")) for n in bgp.get("neighbor") or [] if ":" not in str(n.get("ip", ""))]
    paths = []
    for index, network in enumerate(bgp.get("network") or []):
        address, length = _address_and_length(str(network.get("prefix", "")))
        learned = neighbors[index % len(neighbors)] if neighbors else "0.0.0.0"
        paths.append(
            {
                "nlri_prefix": address,
                "nlri_prefix_len": length,
                "learned_from": learned,
                "next_hop": learned,
                "origin": "igp",
                "is_best": True,
            }
        )
    return paths


@answers("router/ospf/neighbors")
def ospf_neighbors(ctx: MonitorContext) -> Any:
    ospf = ctx.singleton("router/ospf")
    return [
        {
            "neighbor_ip": str(neighbor.get("ip", "")),
            "priority": neighbor.get("priority", 1),
            "state": "Full",
            "router_id": str(neighbor.get("ip", "")),
        }
        for neighbor in ospf.get("neighbor") or []
    ]


@answers("vpn/ipsec")
def vpn_ipsec(ctx: MonitorContext) -> Any:
    wanted = ctx.param("tunnel")
    phase2 = ctx.rows("vpn.ipsec/phase2-interface")
    tunnels = []
    for phase1 in ctx.rows("vpn.ipsec/phase1-interface"):
        name = str(phase1.get("name", ""))
        if wanted and name != wanted:
            continue
        rng = ctx.random("ipsec", ctx.vdom, name)
        selectors: list[dict[str, Any]] = []
        for serial, selector in enumerate((p2 for p2 in phase2 if p2.get("phase1name") == name), start=1):
            selectors.append(
                {
                    "proxysrc": [
                        {
                            "subnet": str(selector.get("src-subnet", "")),
                            "port": 0,
                            "protocol_id": 0,
                            "protocol_name": "",
                        }
                    ],
                    "proxydst": [
                        {
                            "subnet": str(selector.get("dst-subnet", "")),
                            "port": 0,
                            "protocol_id": 0,
                            "protocol_name": "",
                        }
                    ],
                    "status": "up",
                    "p2name": selector.get("name"),
                    "p2serial": serial,
                    "incoming_bytes": rng.randint(0, 10**9),
                    "outgoing_bytes": rng.randint(0, 10**9),
                    "expire": rng.randint(60, 43200),
                }
            )
        tunnels.append(
            {
                "proxyid": selectors,
                "name": name,
                "comments": phase1.get("comments", ""),
                "wizard-type": "custom",
                "connection_count": 1 if selectors else 0,
                "creation_time": rng.randint(60, _DAY),
                "username": "",
                "type": "automatic",
                "incoming_bytes": sum(s["incoming_bytes"] for s in selectors),
                "outgoing_bytes": sum(s["outgoing_bytes"] for s in selectors),
                "rgwy": str(phase1.get("remote-gw", "")),
                "tun_id": str(phase1.get("remote-gw", "")),
            }
        )
    return tunnels


@answers("virtual-wan/health-check")
def sdwan_health_check(ctx: MonitorContext) -> Any:
    sdwan = ctx.singleton("system/sdwan") or ctx.singleton("system/virtual-wan-link")
    members = {
        member.get("seq-num"): str(member.get("interface", "")) for member in sdwan.get("members") or []
    }
    wanted = ctx.param("health_check_name")
    results: dict[str, Any] = {}
    for check in sdwan.get("health-check") or []:
        name = str(check.get("name", ""))
        if wanted and name != wanted:
            continue
        chosen = [members.get(member.get("seq-num")) for member in check.get("members") or []] or list(
            members.values()
        )
        results[name] = {}
        for interface in filter(None, chosen):
            stats = _probe_stats(ctx, "health-check", name, interface)
            stats["sla_targets_met"] = [sla.get("id") for sla in check.get("sla") or []] or [1]
            results[name][interface] = {
                key: stats[key]
                for key in (
                    "status",
                    "latency",
                    "jitter",
                    "packet_loss",
                    "packet_sent",
                    "packet_received",
                    "sla_targets_met",
                    "session",
                    "tx_bandwidth",
                    "rx_bandwidth",
                    "state_changed",
                )
            }
    return results


# -- sessions ---------------------------------------------------------------------------------


@answers("firewall/session")
def firewall_sessions(ctx: MonitorContext) -> Any:
    """`device.active_sessions` invented sessions, paged by start/count as FortiOS pages them,
    the total in summary.matched_count (the 6.2+ shape)."""
    total = ctx.device.active_sessions
    start = max(parse_integer(ctx.param("start")) or 0, 0)
    count = max(parse_integer(ctx.param("count")) or 0, 0)
    details = [
        {
            "proto": "tcp", "srcintf": "port1", "dstintf": "port2",
            "saddr": f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}", "sport": 1024 + index % 64000,
            "daddr": "192.0.2.10", "dport": 443, "policyid": 1, "policytype": "policy", "vf": ctx.vdom,
            "duration": index % 3600, "expiry": str(3600 - index % 3600), "sentbyte": 1000 + index,
            "rcvdbyte": 5000 + index,
        }
        for index in range(start, min(start + count, total))
    ]
    counts = ("matched_count", "session_count", "matched_npu_count", "npu_session_count", "matched_nturbo_count",
              "nturbo_session_count", "setup_rate")
    summary = {name: total if name in ("matched_count", "session_count") else 0 for name in counts}
    return {"summary": summary, "details": details}


# -- wifi -------------------------------------------------------------------------------------


@answers("wifi/client")
def wifi_client(ctx: MonitorContext) -> Any:
    template = load_data("capture_samples.json")["wifi_client"]
    clients = []
    for vap in ctx.rows("wireless-controller/vap"):
        name = str(vap.get("name", ""))
        rng = ctx.random("wifi", name)
        for index in range(2):
            mac = _mac(f"{name}:{index}")
            address = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
            clients.append(
                {
                    **template,
                    "sta_mac": mac,
                    "mac": mac,
                    "sta_ip": address,
                    "ip": address,
                    "vap_name": name,
                    "ssid": str(vap.get("ssid") or name),
                    "association_time": ctx.now - rng.randint(60, _DAY),
                    "idle_time": rng.randint(0, 300),
                }
            )
    return clients
