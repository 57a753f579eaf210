"""The FortiGate emulator over real sockets (HTTP and HTTPS, asyncio and trio), with plain httpx.

The other emulator tests call `EmulatorApp.handle` in memory or serve a stand-in app; these drive
`FortiGateEmulator` end to end with one keep-alive `httpx.Client` per emulator:

* CRUD on one table of every top-level cmdb path, every singleton GET/PUT round trip, every
  read-only cmdb endpoint, every monitor and log GET;
* the FortiOS errors (duplicate, unknown field, bad value, out of range, missing key, in use,
  POST on a singleton, bad token, read-only token, missing CSRF token, lockout), both ways of
  sending a token, a session login with CSRF on writes, and multi-VDOM `vdom=*` answers;
* every fault kind as httpx sees it.

Everything the sweeps send is worked out from the endpoint catalog (`hfortix.core.catalog`),
never from the emulator's internals. The sweeps loop inside one test per emulator and collect
what went wrong, so a failure lists every endpoint at fault at once.
"""

from __future__ import annotations

import itertools
import json
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint, in_ranges
from hfortix.testing import FortiGateEmulator

FIRMWARE = "7.6.5"
TOKEN = "sockets-token"
READONLY_TOKEN = "sockets-readonly"
USERNAME, PASSWORD = "admin", "sockets-secret"
LOCKOUT_THRESHOLD = 3
VDOMS = ("root", "dmz")
ADDRESS = "/api/v2/cmdb/firewall/address"
ADDRGRP = "/api/v2/cmdb/firewall/addrgrp"
SERVICE = "/api/v2/cmdb/firewall.service/custom"
GLOBAL = "/api/v2/cmdb/system/global"
STATUS = "/api/v2/monitor/system/status"
LOGIN = "/api/v2/authentication"
ENVELOPE_KEYS = {"http_method", "results", "vdom", "path", "name", "status", "serial", "version", "build"}
COMBOS = [("asyncio", "https"), ("trio", "https"), ("asyncio", "http"), ("trio", "http")]


# -- the emulators and their clients -------------------------------------------------------------


@dataclass
class Box:
    """A running emulator and the one keep-alive client that talks to it."""

    emu: FortiGateEmulator
    client: httpx.Client
    backend: str
    scheme: str
    names: Iterator[int] = field(default_factory=itertools.count)

    def fresh(self, prefix: str = "sock") -> str:
        """A key no other test of this emulator uses, kept short as FortiOS limits name lengths."""
        return f"{prefix}-{next(self.names)}"


def verify_for(emu: FortiGateEmulator) -> ssl.SSLContext | bool:
    return emu.ssl_context() if not emu.http else True  # plain HTTP: nothing to verify


@pytest.fixture(scope="module", params=COMBOS, ids=lambda combo: "-".join(combo))
def box(request: pytest.FixtureRequest) -> Iterator[Box]:
    """A token-authenticated FortiGate with two VDOMs and a read-only token."""
    backend, scheme = request.param
    emulator = FortiGateEmulator(
        backend=backend,
        http=scheme == "http",
        token=TOKEN,
        readonly_token=READONLY_TOKEN,
        vdoms=VDOMS,
        firmware=FIRMWARE,
    )
    with emulator as emu:
        assert emu.url.startswith(f"{scheme}://127.0.0.1:")
        headers = {"Authorization": f"Bearer {TOKEN}"}
        with httpx.Client(base_url=emu.url, verify=verify_for(emu), headers=headers, timeout=30) as client:
            yield Box(emu, client, backend, scheme)


@pytest.fixture(scope="module", params=["asyncio", "trio"])
def session_box(request: pytest.FixtureRequest) -> Iterator[Box]:
    """A FortiGate with an admin user and no token: a session login is the only way in.

    HTTPS only: FortiOS marks its session cookies Secure, so a client sends them back over TLS only.
    """
    emulator = FortiGateEmulator(
        backend=request.param,
        username=USERNAME,
        password=PASSWORD,
        vdoms=VDOMS,
        firmware=FIRMWARE,
        lockout_threshold=LOCKOUT_THRESHOLD,
    )
    with emulator as emu, httpx.Client(base_url=emu.url, verify=verify_for(emu), timeout=30) as client:
        yield Box(emu, client, request.param, "https")


def without_credentials(box: Box, method: str, url: str, **options: Any) -> httpx.Response:
    """Send on the box's client, but without its default Authorization header."""
    request = box.client.build_request(method, url, **options)
    del request.headers["Authorization"]
    return box.client.send(request)


def problem(what: str, answer: httpx.Response) -> str:
    return f"{what}: {answer.status_code} {answer.text[:300]}"


def assert_none(failures: list[str], checked: int) -> None:
    shown = "\n  ".join(failures[:40])
    more = f"\n  … and {len(failures) - 40} more" if len(failures) > 40 else ""
    assert not failures, f"{len(failures)} of {checked} endpoints misbehaved:\n  {shown}{more}"


def check_error(
    answer: httpx.Response, status: int, code: int | None = None, cli: str | None = None
) -> dict[str, Any]:
    """An error envelope: HTTP status, FortiOS `error` code and `cli_error` text as FortiOS gives them."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    envelope: dict[str, Any] = answer.json()
    assert (envelope["status"], envelope["http_status"]) == ("error", status)
    if code is not None:
        assert envelope["error"] == code
    if cli is not None:
        assert cli in envelope["cli_error"]
        assert envelope["cli_error"].endswith(f"Command fail. Return code {code}")
    return envelope


# -- the catalog, read the way a client would ------------------------------------------------------


def on_firmware(spec: dict[str, Any] | None) -> dict[str, Any] | None:
    """A catalog field as it is on FIRMWARE (its variant for that version), or None if it is absent."""
    if spec is None:
        return None
    if "variants" in spec:
        return next((v for v in spec["variants"] if "versions" not in v or in_ranges(v["versions"], FIRMWARE)), None)
    if "versions" in spec and not in_ranges(spec["versions"], FIRMWARE):
        return None
    return spec


def options_of(spec: dict[str, Any]) -> list[str]:
    """The option values a field offers on FIRMWARE (an option may carry its own version range)."""
    return [
        entry if isinstance(entry, str) else entry[0]
        for entry in spec.get("options", ())
        if isinstance(entry, str) or in_ranges(entry[1], FIRMWARE)
    ]


def fields_of(endpoint: Endpoint) -> dict[str, dict[str, Any]]:
    """The endpoint's fields that exist on FIRMWARE."""
    return {
        name: spec
        for name, raw in catalog.details(endpoint).get("fields", {}).items()
        if (spec := on_firmware(raw)) is not None
    }


def cmdb(kind: str) -> list[Endpoint]:
    return [e for e in catalog.endpoints() if e.api == "cmdb" and e.kind == kind and e.available_in(FIRMWARE)]


def url_of(endpoint: Endpoint, key: Any = None) -> str:
    base = f"/api/v2/{endpoint.api}/{endpoint.path}/{endpoint.name}"
    return base if key is None else f"{base}/{quote(str(key), safe='')}"


FREE_TEXT = ("comment", "comments", "description")


def plain(spec: dict[str, Any]) -> bool:
    """A single value that names nothing elsewhere: no list of values, no reference to another table."""
    return spec["type"] in ("string", "integer") and not spec.get("multi") and not spec.get("datasource")


def change_for(fields: dict[str, dict[str, Any]], row: dict[str, Any], skip: str | None) -> tuple[str, Any] | None:
    """A field of `row` and a different value FortiOS accepts for it, chosen from the schema alone.

    In order of preference: a free-text comment (valid whatever else the object holds), an
    option field set to another of its options, an integer with bounds set to another value
    inside them; only then any other free string (the catalog does not say which strings hold
    addresses or names, so these come last). Reference and multi-value fields are never chosen.
    """
    candidates = {name: spec for name, spec in fields.items() if name != skip and name in row and plain(spec)}
    for name in FREE_TEXT:
        spec = candidates.get(name)
        if spec is not None and spec["type"] == "string" and not options_of(spec):
            return name, f"changed over {name}"
    for name, spec in candidates.items():
        other = [option for option in options_of(spec) if option != row[name]]
        if spec["type"] == "string" and other:
            return name, other[0]
    for name, spec in candidates.items():
        low, high = spec.get("min"), spec.get("max")
        if spec["type"] == "integer" and low is not None and high is not None and high > low:
            return name, low if row[name] != low else low + 1
    for name, spec in candidates.items():
        if spec["type"] == "string" and not options_of(spec):
            return name, "sock-text"  # short: FortiOS limits many strings to 15 characters or so
    return None


def sure_change(endpoint: Endpoint) -> bool:
    """Whether `change_for` finds a comment, an option or a bounded integer (not just a free string)."""
    fields = fields_of(endpoint)
    row: dict[str, Any] = {name: None for name in fields}  # no row yet: any value counts as another
    change = change_for(fields, row, endpoint.mkey)
    return change is not None and change[1] != "sock-text"


def key_is_free(endpoint: Endpoint) -> bool:
    """The key can be made up: not a reference to another table and not one of a fixed set of options."""
    spec = on_firmware(catalog.details(endpoint).get("fields", {}).get(endpoint.mkey or ""))
    return spec is None or (not spec.get("datasource") and not options_of(spec))


def crud_candidates() -> dict[str, list[Endpoint]]:
    """The tables of each top-level cmdb path (the part of `path` before any dot) that a minimal
    POST can create, in catalog order.

    The rule: a table on FIRMWARE with GET, POST, PUT and DELETE whose key is free (`key_is_free`)
    and that has a field `change_for` can change. The first table of each path with a comment,
    an option field or a bounded integer to change stands for it; a path with none (log: only
    custom-field, name and value) takes its first table with a free string instead. String keys
    get a fresh name, integer keys are left to the device. The catalog records no required
    attributes, so a table the device refuses as incomplete (424, error -56) gives way to the
    next candidate of its top-level path.
    """
    candidates: dict[str, list[Endpoint]] = {}
    for endpoint in cmdb("table"):
        top = endpoint.path.split(".")[0]
        candidates.setdefault(top, [])
        if not {"GET", "POST", "PUT", "DELETE"} <= set(endpoint.methods) or not key_is_free(endpoint):
            continue
        fields = fields_of(endpoint)
        if change_for(fields, {name: None for name in fields}, endpoint.mkey) is not None:
            candidates[top].append(endpoint)
    for tables in candidates.values():
        tables.sort(key=lambda endpoint: not sure_change(endpoint))  # stable: catalog order otherwise
    return candidates


# Answered with a file, not an envelope (tests/emulator/test_backup.py covers it).
FILE_ANSWERS = {"monitor/system/config/backup"}


def monitor_and_log_gets() -> list[Endpoint]:
    return [
        e
        for e in catalog.endpoints()
        if e.api in ("monitor", "log") and "GET" in e.methods and e.key not in FILE_ANSWERS
    ]


# Plausible values for required monitor/log parameters, by name (anything else: by type).
PARAMETER_VALUES: dict[str, Any] = {
    "ip": "192.0.2.10", "ip_address": "192.0.2.10", "ip_addresses": "192.0.2.10", "ipaddr": "192.0.2.10",
    "srcip": "192.0.2.10", "sourceip": "192.0.2.10", "dstip": "198.51.100.20", "dest": "198.51.100.20",
    "destination": "198.51.100.20", "server": "192.0.2.50", "mask": "255.255.255.0",
    "mac": "00:09:0f:09:00:01", "interface": "port1", "srcintf": "port1", "port": "port1",
    "protocol": "6", "domain": "example.com", "fortilink": "fortilink", "connector": "aws",
    "gateway-type": "vgw", "serial": "FGVM02TM00000002", "serial_no": "FGVM02TM00000002",
    "serial_a": "FGVM02TM00000001", "serial_b": "FGVM02TM00000002", "serials": ["FGVM02TM00000002"],
    "parent_peer1": "S124EN0000000001", "parent_peer2": "S124EN0000000002", "is_tier2": "false",
    "wtp": "FP221E0000000001", "wtp_id": "FP221E0000000001", "ap_interface": 0, "platform_type": "221E",
    "region_name": "floor-1", "checksum": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "time_period": "hour", "lang_name": "en", "scope": "global", "search": "port1", "session_id": "1",
    "ticket_id": "1", "extension": "zip", "filename": "avatar.png", "template": "default", "type": "local",
    "stat-key": "os_name", "timestamp_to": 1735689600, "path_name": "$.items", "client_name": "scim-1",
    "datasource": "cmdb", "report_name": "daily", "count": 20, "start": 0, "devs": ["port1"],
    "ids": [1], "filters": ["name==admin"], "port_ranges": [{"protocol": "TCP", "port": 8443}],
}
VALUES_BY_TYPE: dict[str, Any] = {"int": 1, "boolean": "true", "array": ["1"], "string": "default"}


def required_params(endpoint: Endpoint) -> dict[str, str]:
    declared = catalog.details(endpoint).get("params", {}).get("GET", {})
    params = {}
    for name, spec in declared.items():
        if spec.get("required"):
            value = PARAMETER_VALUES.get(name, VALUES_BY_TYPE.get(spec.get("type", "string"), "default"))
            params[name] = json.dumps(value) if isinstance(value, list) else str(value)
    return params


def get_target(endpoint: Endpoint) -> str:
    action = endpoint.action
    if action is not None and action.startswith(":"):  # a placeholder: log/<device>/<type>/:session_id
        action = "4242"
    target = f"/api/v2/{endpoint.api}/{endpoint.path}/{endpoint.name}" + (f"/{action}" if action else "")
    params = required_params(endpoint)
    return f"{target}?{urlencode(params)}" if params else target


# -- CRUD on one table of every top-level path ---------------------------------------------------


def crud(box: Box, endpoint: Endpoint, failures: list[str]) -> bool | None:
    """POST, GET, PUT, DELETE, GET of one table. None: the device refused the minimal POST as
    incomplete, so this table cannot stand for its path; False: something else went wrong."""
    client, mkey = box.client, endpoint.mkey or ""
    body = {} if endpoint.mkey_type == "integer" else {mkey: box.fresh()}  # integer keys: the device picks
    created = client.post(url_of(endpoint), json=body)
    if created.status_code == 424 and created.json().get("error") == -56:
        return None
    if created.status_code != 200:
        failures.append(problem(f"POST {endpoint.key} {body}", created))
        return False
    answer = created.json()
    key = answer.get("mkey")
    if (answer["status"], answer["revision_changed"]) != ("success", True) or key in (None, ""):
        failures.append(problem(f"POST {endpoint.key}: envelope", created))
        return False
    if endpoint.mkey_type != "integer" and key != body[mkey]:
        failures.append(f"POST {endpoint.key}: mkey {key!r}, sent {body[mkey]!r}")

    item = client.get(url_of(endpoint, key))
    rows = item.json().get("results") if item.status_code == 200 else None
    if not isinstance(rows, list) or len(rows) != 1 or rows[0].get(mkey) != key or rows[0].get("q_origin_key") != key:
        failures.append(problem(f"GET {endpoint.key}/{key}: not a one-element list with the key", item))
        return False
    listing = client.get(url_of(endpoint)).json()
    if key not in [row.get(mkey) for row in listing["results"]] or listing["size"] != len(listing["results"]):
        failures.append(f"GET {endpoint.key}: the table does not list {key!r} (size {listing.get('size')})")

    change = change_for(fields_of(endpoint), rows[0], mkey)
    if change is None:
        failures.append(f"{endpoint.key}: no field to change (the sample rule should have skipped it)")
        return False
    name, value = change
    updated = client.put(url_of(endpoint, key), json={name: value})
    answer = updated.json()
    if updated.status_code != 200 or answer.get("mkey") != key or answer.get("revision_changed") is not True:
        failures.append(problem(f"PUT {endpoint.key}/{key} {name}={value!r}", updated))
    else:
        stored = client.get(url_of(endpoint, key)).json()["results"][0].get(name)
        if stored != value:
            failures.append(f"PUT {endpoint.key}/{key}: {name} reads back {stored!r}, sent {value!r}")

    deleted = client.delete(url_of(endpoint, key))
    if deleted.status_code != 200 or deleted.json().get("mkey") != key:
        failures.append(problem(f"DELETE {endpoint.key}/{key}", deleted))
    gone = client.get(url_of(endpoint, key))
    if gone.status_code != 404 or gone.json().get("error") != -3:
        failures.append(problem(f"GET {endpoint.key}/{key} after DELETE: want 404/-3", gone))
    return True


def test_crud_on_a_table_of_every_top_level_path(box: Box) -> None:
    candidates = crud_candidates()
    assert len(candidates) >= 30  # antivirus … ztna: the catalog's top-level cmdb paths
    failures: list[str] = []
    sampled: dict[str, str] = {}
    connections = box.emu.stats.connections_total
    for top, tables in candidates.items():
        for endpoint in tables:
            outcome = crud(box, endpoint, failures)
            if outcome is not None:
                sampled[top] = endpoint.key
                break
    missing = sorted(set(candidates) - set(sampled))
    assert not missing, f"no table of these top-level paths could be created with a minimal body: {missing}"
    assert_none(failures, len(sampled))
    assert box.emu.stats.connections_total - connections <= 1  # every request rode one keep-alive connection


def test_a_key_with_a_slash_and_a_space_is_percent_encoded_in_the_url(box: Box) -> None:
    key = f"web/srv {box.fresh()}"
    assert box.client.post(ADDRESS, json={"name": key, "subnet": "10.20.0.0/16"}).status_code == 200
    target = f"{ADDRESS}/{quote(key, safe='')}"
    assert "%2F" in target and "%20" in target
    row = box.client.get(target).json()["results"][0]
    assert (row["name"], row["q_origin_key"], row["subnet"]) == (key, key, "10.20.0.0 255.255.0.0")
    assert box.client.delete(target).json()["mkey"] == key
    assert box.client.get(target).status_code == 404


# -- every singleton, every read-only endpoint, every monitor and log GET -------------------------------


def test_every_singleton_reads_as_an_object_and_takes_a_value_back(box: Box) -> None:
    failures: list[str] = []
    singletons = cmdb("singleton")
    for endpoint in singletons:
        read = box.client.get(url_of(endpoint))
        results = read.json().get("results") if read.status_code == 200 else None
        if not isinstance(results, dict) or read.json()["status"] != "success":
            failures.append(problem(f"GET {endpoint.key}: results is not an object", read))
            continue
        fields = fields_of(endpoint)
        # The field to send back: an option field, else another single non-reference value, else
        # (four singletons hold only child tables and objects) the first field it answered.
        writable = [n for n in fields if n in results]
        writable.sort(key=lambda n: (not plain(fields[n]), not options_of(fields[n])))
        if not writable:
            failures.append(f"GET {endpoint.key}: none of the catalog's fields in {sorted(results)[:5]}")
            continue
        body = {writable[0]: results[writable[0]]}
        written = box.client.put(url_of(endpoint), json=body)
        answer = written.json()
        if written.status_code != 200 or answer.get("status") != "success" or "mkey" in answer:
            failures.append(problem(f"PUT {endpoint.key} {body}", written))
            continue
        if answer["revision_changed"] is not False:
            failures.append(f"PUT {endpoint.key} {body}: the same value changed the revision")
        again = box.client.get(url_of(endpoint)).json()["results"]
        if again != results:
            failures.append(f"GET {endpoint.key} after PUT {body}: the object changed")
    assert_none(failures, len(singletons))


def test_every_read_only_cmdb_endpoint_answers_get_and_refuses_post(box: Box) -> None:
    failures: list[str] = []
    readonly = cmdb("readonly")
    for endpoint in readonly:
        read = box.client.get(url_of(endpoint))
        if read.status_code != 200 or read.json().get("status") != "success":
            failures.append(problem(f"GET {endpoint.key}", read))
        refused = box.client.post(url_of(endpoint), json={})
        if refused.status_code != 405:
            failures.append(problem(f"POST {endpoint.key}: want 405", refused))
    assert_none(failures, len(readonly))


def test_every_monitor_and_log_get_answers_an_envelope(box: Box) -> None:
    failures: list[str] = []
    endpoints = monitor_and_log_gets()
    assert len(endpoints) > 500
    connections = box.emu.stats.connections_total
    serial = box.emu.app.serial
    for endpoint in endpoints:
        target = get_target(endpoint)
        answer = box.client.get(target)
        if answer.status_code != 200 or not answer.headers["content-type"].startswith("application/json"):
            failures.append(problem(f"GET {target}", answer))
            continue
        envelope = answer.json()
        missing = ENVELOPE_KEYS - set(envelope)
        tail = (envelope.get("http_method"), envelope.get("status"), envelope.get("vdom"))
        if missing or tail != ("GET", "success", "root"):
            failures.append(f"GET {target}: missing {sorted(missing)}, (method, status, vdom) = {tail}")
        elif (envelope["path"], envelope["name"]) != (endpoint.path, endpoint.name):
            failures.append(f"GET {target}: names {envelope['path']}/{envelope['name']}")
        elif (envelope["serial"], envelope["version"]) != (serial, f"v{FIRMWARE}") or not isinstance(
            envelope["build"], int
        ):
            failures.append(f"GET {target}: serial/version/build {envelope['serial']} {envelope['version']}")
        elif endpoint.api == "log" and endpoint.action not in ("archive", "archive-download", "raw"):
            lines = envelope["results"]
            if not isinstance(lines, list) or envelope.get("rows") != len(lines) or not envelope["total_lines"]:
                failures.append(f"GET {target}: log rows {envelope.get('rows')} for {len(lines)} lines")
    assert_none(failures, len(endpoints))
    assert box.emu.stats.connections_total - connections <= 1


def test_a_required_monitor_parameter_left_out_is_424(box: Box) -> None:
    lookup = catalog.find("monitor", "router", "lookup")
    assert lookup is not None and catalog.details(lookup)["params"]["GET"]["destination"]["required"]
    check_error(box.client.get("/api/v2/monitor/router/lookup"), 424)
    assert box.client.get("/api/v2/monitor/router/lookup?destination=198.51.100.20").status_code == 200


# -- errors, over the wire --------------------------------------------------------------------------


def test_a_duplicate_is_424_error_minus_5(box: Box) -> None:
    name = box.fresh("dup")
    assert box.client.post(ADDRESS, json={"name": name}).status_code == 200
    check_error(box.client.post(ADDRESS, json={"name": name}), 424, -5)
    check_error(box.client.post(f"{ADDRESS}/{name}", json={}), 424, -5)


def test_a_post_without_its_key_is_424_error_minus_56(box: Box) -> None:
    check_error(box.client.post(ADDRESS, json={"subnet": "10.0.0.0/8"}), 424, -56, "Attribute 'name' MUST be set.")


def test_an_unknown_field_is_500_error_minus_61(box: Box) -> None:
    name = box.fresh("unknown")
    answer = box.client.post(ADDRESS, json={"name": name, "no-such-field": 1})
    envelope = check_error(answer, 500, -61, "command parse error before 'no-such-field'")
    assert (envelope["path"], envelope["name"], envelope["vdom"]) == ("firewall", "address", "root")
    assert box.client.get(f"{ADDRESS}/{name}").status_code == 404  # nothing was created


def test_a_bad_value_is_500_error_minus_651(box: Box) -> None:
    address = catalog.find("cmdb", "firewall", "address")
    assert address is not None and "bogus" not in options_of(fields_of(address)["type"])
    check_error(box.client.post(ADDRESS, json={"name": box.fresh(), "type": "bogus"}), 500, -651, "before 'bogus'")
    check_error(
        box.client.post(ADDRGRP, json={"name": box.fresh(), "member": [{"name": "no-such-address"}]}),
        500,
        -651,
        "node_check_object fail! for member.name no-such-address",
    )


def test_an_integer_out_of_range_is_500_error_minus_650(box: Box) -> None:
    service = catalog.find("cmdb", "firewall.service", "custom")
    assert service is not None
    spec = fields_of(service)["tcp-timewait-timer"]
    low, high = spec["min"], spec["max"]
    answer = box.client.post(SERVICE, json={"name": box.fresh(), "tcp-timewait-timer": high + 1})
    check_error(answer, 500, -650, f"value out of range [{low}-{high}]")
    name = box.fresh()
    assert box.client.post(SERVICE, json={"name": name, "tcp-timewait-timer": high}).status_code == 200
    assert box.client.delete(f"{SERVICE}/{name}").status_code == 200


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_a_missing_key_is_404_error_minus_3(box: Box, method: str) -> None:
    answer = box.client.request(method, f"{ADDRESS}/no-such-address", json={} if method == "PUT" else None)
    check_error(answer, 404, -3)


def test_an_object_in_use_cannot_be_deleted_500_error_minus_23(box: Box) -> None:
    address, group = box.fresh("used"), box.fresh("group")
    assert box.client.post(ADDRESS, json={"name": address}).status_code == 200
    assert box.client.post(ADDRGRP, json={"name": group, "member": [{"name": address}]}).status_code == 200
    envelope = check_error(box.client.delete(f"{ADDRESS}/{address}"), 500, -23)
    assert envelope["mkey"] == address
    assert box.client.delete(f"{ADDRGRP}/{group}").status_code == 200
    assert box.client.delete(f"{ADDRESS}/{address}").status_code == 200  # no longer in use


def test_post_on_a_singleton_is_405(box: Box) -> None:
    check_error(box.client.post(GLOBAL, json={"hostname": "x"}), 405)
    check_error(box.client.delete(GLOBAL), 405)


def test_unknown_endpoints_and_bodies_that_are_not_json(box: Box) -> None:
    envelope = check_error(box.client.get("/api/v2/cmdb/firewall/no-such-table"), 404)
    assert (envelope["path"], envelope["name"]) == ("firewall", "no-such-table")
    check_error(box.client.get("/api/v2/monitor/system/no-such-thing"), 404)
    check_error(box.client.post(ADDRESS, content=b"{not json", headers={"Content-Type": "application/json"}), 400)
    assert box.client.get("/not/api").status_code == 404


# -- tokens -----------------------------------------------------------------------------------------


def test_a_token_in_the_header_or_the_access_token_parameter(box: Box) -> None:
    assert box.client.get(ADDRESS).status_code == 200  # the client's Authorization: Bearer header
    by_query = without_credentials(box, "GET", ADDRESS, params={"access_token": TOKEN, "vdom": "root"})
    assert by_query.status_code == 200 and by_query.json()["vdom"] == "root"
    name = box.fresh("query")
    written = without_credentials(box, "POST", ADDRESS, params={"access_token": TOKEN}, json={"name": name})
    assert written.status_code == 200 and written.json()["mkey"] == name  # a token needs no CSRF token


@pytest.mark.parametrize("how", ["none", "wrong bearer", "wrong access_token", "basic"])
def test_a_missing_or_wrong_token_is_401(box: Box, how: str) -> None:
    if how == "none":
        answer = without_credentials(box, "GET", ADDRESS)
    elif how == "wrong access_token":
        answer = without_credentials(box, "GET", ADDRESS, params={"access_token": "wrong"})
    else:
        header = "Bearer wrong" if how == "wrong bearer" else f"Basic {TOKEN}"
        answer = box.client.get(ADDRESS, headers={"Authorization": header})
    assert answer.status_code == 401
    assert answer.json() == {"http_method": "GET", "status": "error", "http_status": 401}


def test_a_read_only_token_reads_but_every_write_is_403(box: Box) -> None:
    readonly = {"Authorization": f"Bearer {READONLY_TOKEN}"}
    assert box.client.get(f"{ADDRESS}/all", headers=readonly).status_code == 200
    for method, target in (("POST", ADDRESS), ("PUT", f"{ADDRESS}/all"), ("DELETE", f"{ADDRESS}/all"),
                           ("PUT", GLOBAL)):
        envelope = check_error(box.client.request(method, target, json={"comment": "x"}, headers=readonly), 403)
        assert "serial" not in envelope  # a refusal does not say who the box is
    assert box.client.get(f"{ADDRESS}/all").json()["results"][0]["comment"] != "x"


# -- VDOMs ------------------------------------------------------------------------------------------


def test_vdom_star_answers_a_json_array_of_per_vdom_envelopes(box: Box) -> None:
    name = box.fresh("dmz-only")
    assert box.client.post(ADDRESS, params={"vdom": "dmz"}, json={"name": name}).json()["vdom"] == "dmz"
    for vdoms in ("*", "root,dmz"):
        answer = box.client.get(ADDRESS, params={"vdom": vdoms})
        assert answer.status_code == 200
        envelopes = answer.json()
        assert isinstance(envelopes, list) and [e["vdom"] for e in envelopes] == list(VDOMS)
        names = {e["vdom"]: {row["name"] for row in e["results"]} for e in envelopes}
        assert name in names["dmz"] and name not in names["root"]
    status = box.client.get(STATUS, params={"vdom": "*"}).json()
    assert [(e["vdom"], e["status"]) for e in status] == [("root", "success"), ("dmz", "success")]
    assert box.client.get(f"{ADDRESS}/{name}", params={"vdom": "root"}).status_code == 404
    check_error(box.client.get(ADDRESS, params={"vdom": "no-such-vdom"}), 403)


# -- faults -----------------------------------------------------------------------------------------


@pytest.fixture
def faulty(box: Box) -> Iterator[Box]:
    """The box for a fault test: a scripted fault a failed test leaves behind must not hit the next test."""
    yield box
    box.emu.faults.clear()


@pytest.mark.parametrize("kind", ["500", "503"])
def test_an_injected_error_status_then_the_next_request_succeeds(faulty: Box, kind: str) -> None:
    box = faulty
    box.emu.inject(kind, count=2, path=ADDRESS)
    answers = [box.client.get(ADDRESS) for _ in range(3)]
    assert [a.status_code for a in answers] == [int(kind), int(kind), 200]
    envelope = answers[0].json()
    assert (envelope["status"], envelope["http_status"]) == ("error", int(kind))
    assert (envelope["path"], envelope["name"]) == ("firewall", "address")
    assert box.emu.faults.pending == 0


def test_an_injected_429_carries_retry_after(faulty: Box) -> None:
    box = faulty
    box.emu.inject("429", method="POST", retry_after=7, path=ADDRESS)
    assert box.client.get(ADDRESS).status_code == 200  # only a POST matches
    name = box.fresh("limited")
    limited = box.client.post(ADDRESS, json={"name": name})
    assert limited.status_code == 429 and limited.headers["retry-after"] == "7"
    assert limited.json()["http_status"] == 429
    assert box.client.get(f"{ADDRESS}/{name}").status_code == 404  # the refused POST never reached the box
    assert box.client.post(ADDRESS, json={"name": name}).status_code == 200


@pytest.mark.parametrize(
    ("kind", "raised", "message"),
    [
        # a reset reaches httpx as ECONNRESET (ReadError), or over TLS as the body cut short
        ("reset", (httpx.ReadError, httpx.RemoteProtocolError), None),
        ("truncate", httpx.RemoteProtocolError, "without sending complete message body"),
        ("drop", httpx.RemoteProtocolError, "without sending a response"),
    ],
    ids=["reset", "truncate", "drop"],
)
def test_a_broken_connection_surfaces_as_an_httpx_transport_error(
    faulty: Box, kind: str, raised: type[Exception] | tuple[type[Exception], ...], message: str | None
) -> None:
    box = faulty
    assert box.client.get(STATUS).status_code == 200  # a keep-alive connection is open
    box.emu.inject(kind, path=ADDRESS)
    with pytest.raises(raised, match=message):
        box.client.get(ADDRESS)
    assert box.client.get(ADDRESS).status_code == 200  # the client reconnects and carries on
    assert box.emu.faults.injected[kind] >= 1 and box.emu.faults.pending == 0


def test_a_stall_makes_the_client_time_out(faulty: Box) -> None:
    box = faulty
    box.emu.inject("stall", path=ADDRESS)
    with pytest.raises(httpx.ReadTimeout):
        box.client.get(ADDRESS, timeout=httpx.Timeout(30, read=0.3))
    assert box.client.get(ADDRESS).status_code == 200


# -- session login --------------------------------------------------------------------------------


def json_login(box: Box, username: str = USERNAME, password: str = PASSWORD) -> httpx.Response:
    body = {
        "username": username,
        "secretkey": password,
        "ack_pre_disclaimer": True,
        "ack_post_disclaimer": True,
        "request_key": True,
    }
    return box.client.post(LOGIN, json=body)


def csrf_token(box: Box) -> str:
    return next(value.strip('"') for name, value in box.client.cookies.items() if name.startswith("ccsrf"))


def test_session_login_cookies_and_csrf_on_writes(session_box: Box) -> None:
    box, client = session_box, session_box.client
    client.cookies.clear()
    assert client.get(ADDRESS).status_code == 401  # no token, no session
    login = json_login(box)
    answer = login.json()
    assert (login.status_code, answer["status_code"], answer["status_message"]) == (200, 5, "LOGIN_SUCCESS")
    port = box.emu.port
    names = {name.rsplit("_", 1)[0] for name in client.cookies}  # 7.6.3+: <name>_<port>_<hash>
    assert names == {f"session_key_{port}", f"ccsrf_token_{port}"}
    assert client.get(ADDRESS).status_code == 200  # the session cookie is enough to read
    name = box.fresh("session")
    check_error(client.post(ADDRESS, json={"name": name}), 403)  # but a write needs the CSRF token
    check_error(client.post(ADDRESS, json={"name": name}, headers={"X-CSRFTOKEN": "forged"}), 403)
    csrf = {"X-CSRFTOKEN": csrf_token(box)}
    assert client.post(ADDRESS, json={"name": name}, headers=csrf).status_code == 200
    assert client.put(f"{ADDRESS}/{name}", json={"comment": "by session"}, headers=csrf).status_code == 200
    assert client.delete(f"{ADDRESS}/{name}", headers=csrf).status_code == 200
    assert client.get(f"{ADDRESS}/{name}").status_code == 404


def test_session_key_as_bearer_and_logout(session_box: Box) -> None:
    box, client = session_box, session_box.client
    client.cookies.clear()
    key = json_login(box).json()["session_key"]
    csrf = csrf_token(box)
    client.cookies.clear()  # from here on the key alone identifies the session
    bearer = {"Authorization": f"Bearer {key}"}
    assert client.get(ADDRESS, headers=bearer).status_code == 200
    assert client.get(ADDRESS, params={"access_token": key}).status_code == 200
    check_error(client.post(ADDRESS, json={"name": box.fresh()}, headers=bearer), 403)
    assert client.post(ADDRESS, json={"name": box.fresh()}, headers={**bearer, "X-CSRFTOKEN": csrf}).status_code == 200
    logout = client.delete(LOGIN, headers=bearer)
    assert logout.status_code == 200 and logout.json()["status_message"] == "LOGOUT_SUCCESS"
    assert client.get(ADDRESS, headers=bearer).status_code == 401
    assert client.delete(LOGIN, headers=bearer).status_code == 401


def test_a_wrong_password_is_refused_and_logincheck_gives_no_session_on_7_6_5(session_box: Box) -> None:
    client = session_box.client
    client.cookies.clear()
    refused = json_login(session_box, password="wrong")
    assert refused.status_code == 200 and refused.json() == {"status_code": 0, "status_message": "LOGIN_FAILED"}
    assert not client.cookies
    form = {"username": USERNAME, "secretkey": PASSWORD, "ajax": "1"}
    accepted = client.post("/logincheck", data=form)
    assert (accepted.status_code, accepted.text) == (200, "1")
    assert not client.cookies and client.get(ADDRESS).status_code == 401  # KB2: no session cookie any more
    assert json_login(session_box).json()["status_code"] == 5  # the failure above was forgotten


def test_repeated_failed_logins_lock_the_user_out_with_429(session_box: Box) -> None:
    user = session_box.fresh("intruder")  # a user of its own: the admin is not locked out for other tests
    for _ in range(LOCKOUT_THRESHOLD):
        assert json_login(session_box, username=user, password="guess").json()["status_code"] == 0
    locked = json_login(session_box, username=user, password="guess")
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert (locked.json()["status"], locked.json()["http_status"]) == ("error", 429)
    form = session_box.client.post("/logincheck", data={"username": user, "secretkey": "guess", "ajax": "1"})
    assert (form.status_code, form.text) == (429, "2")  # logincheck's own "locked out" answer
    assert json_login(session_box).json()["status_code"] == 5  # another user still logs in


@pytest.mark.parametrize("http", [True, False], ids=["http", "https"])
def test_a_cookie_jar_keeps_a_logincheck_session_over_http_and_https(http: bool) -> None:
    """Over plain HTTP the session cookies are not `Secure`: a browser-like jar sends them back."""
    emulator = FortiGateEmulator(http=http, username=USERNAME, password=PASSWORD, firmware="7.4.4")
    with emulator as emu:
        verify: ssl.SSLContext | bool = emu.ssl_context() if not http else False
        with httpx.Client(base_url=emu.url, verify=verify) as client:
            login = client.post("/logincheck", data={"username": USERNAME, "secretkey": PASSWORD, "ajax": "1"})
            assert login.text == "1" and client.cookies
            assert client.get(ADDRESS).status_code == 200
