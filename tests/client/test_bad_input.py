"""Every bad input is refused with a typed error that names it, before anything is sent.

One table of bad calls across the public surface: `FortiOS(...)`, `fgt.request(...)`, every
method of the endpoint tree and `fgt.transaction(...)`. Each row gives the call, the class it
must raise (exactly) and a text the message must contain (the argument's name, or the field's).
A transport that records what it is sent proves that nothing went out. `ConfigurationError`
is also a `ValueError` and a `TypeError`, so `except TypeError` written for Python's own
errors keeps working.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from recording import AsyncRecorder, Recorder

from hfortix import ConfigurationError, FortiOS, FortiOSError

NAN, INF = math.nan, math.inf


@dataclass(frozen=True)
class Bad:
    id: str
    call: Callable[[Any], Any]  # takes the client (or, for "new", the recorder)
    names: str  # must appear in the message
    on: str = "client"  # "new": the call builds FortiOS itself; "client": it gets one
    error: type[FortiOSError] = ConfigurationError


def new(**options: Any) -> Callable[[Recorder], Any]:
    def build(recorder: Recorder) -> Any:
        options.setdefault("host", "fgt.test")
        if not {"token", "username", "password"} & set(options):
            options["token"] = "t"
        if options.pop("no_transport", False) is False:
            options.setdefault("transport", recorder)
        return FortiOS(**options)

    return build


def address(fgt: Any) -> Any:
    return fgt.api.cmdb.firewall.address


def session(fgt: Any) -> Any:
    return fgt.api.monitor.firewall.session


CONSTRUCTOR = [
    Bad("host=123", new(host=123), "host", "new"),
    Bad("host=bytes", new(host=b"fgt.test"), "host", "new"),
    Bad("host=''", new(host=""), "host", "new"),
    Bad("host with space", new(host="fgt test"), "host", "new"),
    Bad("host with path", new(host="https://fgt.test/api"), "host", "new"),
    Bad("host bad port", new(host="fgt.test:99999"), "host", "new"),
    Bad("host bad ipv4", new(host="300.1.2.3"), "host", "new"),
    Bad("host user info", new(host="admin@fgt.test"), "host", "new"),
    Bad("host scheme ftp", new(host="ftp://fgt.test"), "host", "new"),
    Bad("token=123", new(token=123), "token", "new"),
    Bad("token=''", new(token=""), "token", "new"),
    Bad("token with space", new(token="a b"), "token", "new"),
    Bad("token and password", new(token="t", username="u", password="p"), "token", "new"),
    Bad("username without password", new(username="u"), "password", "new"),
    Bad("password without username", new(password="p"), "username", "new"),
    Bad("username=5", new(username=5, password="p"), "username", "new"),
    Bad("password=5", new(username="u", password=5), "password", "new"),
    Bad("username=''", new(username="", password="p"), "username", "new"),
    Bad("password=''", new(username="u", password=""), "password", "new"),
    Bad("verify=5", new(verify=5, no_transport=True), "verify", "new"),
    Bad("verify=None", new(verify=None, no_transport=True), "verify", "new"),
    Bad("verify missing file", new(verify="/nonexistent/ca.pem", no_transport=True), "verify", "new"),
    Bad("vdom=5", new(vdom=5), "vdom", "new"),
    Bad("vdom=''", new(vdom=""), "vdom", "new"),
    Bad("vdom=[]", new(vdom=[]), "vdom", "new"),
    Bad("vdom list with int", new(vdom=["root", 1]), "vdom", "new"),
    Bad("vdom with space", new(vdom="a b"), "vdom", "new"),
    Bad("vdom=dict", new(vdom={"name": "root"}), "vdom", "new"),
    Bad("mode='fast'", new(mode="fast"), "mode", "new"),
    Bad("mode=1", new(mode=1), "mode", "new"),
    Bad("mode=None", new(mode=None), "mode", "new"),
    Bad("timeout=-1", new(timeout=-1, no_transport=True), "timeout", "new"),
    Bad("timeout=0", new(timeout=0, no_transport=True), "timeout", "new"),
    Bad("timeout='5'", new(timeout="5", no_transport=True), "timeout", "new"),
    Bad("timeout=nan", new(timeout=NAN, no_transport=True), "timeout", "new"),
    Bad("timeout=inf", new(timeout=INF, no_transport=True), "timeout", "new"),
    Bad("timeout=True", new(timeout=True, no_transport=True), "timeout", "new"),
    Bad("retries=-1", new(retries=-1), "retries", "new"),
    Bad("retries=1.5", new(retries=1.5), "retries", "new"),
    Bad("retries='3'", new(retries="3"), "retries", "new"),
    Bad("retries=True", new(retries=True), "retries", "new"),
    Bad("retries=10**6", new(retries=10**6), "retries", "new"),
    Bad("backoff=-1", new(backoff=-1), "backoff", "new"),
    Bad("backoff=nan", new(backoff=NAN), "backoff", "new"),
    Bad("backoff=inf", new(backoff=INF), "backoff", "new"),
    Bad("backoff='1'", new(backoff="1"), "backoff", "new"),
    Bad("max_backoff=nan", new(max_backoff=NAN), "max_backoff", "new"),
    Bad("max_backoff=inf", new(max_backoff=INF), "max_backoff", "new"),
    Bad("max_backoff=-5", new(max_backoff=-5), "max_backoff", "new"),
    Bad("max_concurrency=0", new(max_concurrency=0), "max_concurrency", "new"),
    Bad("max_concurrency=1.5", new(max_concurrency=1.5), "max_concurrency", "new"),
    Bad("max_concurrency=True", new(max_concurrency=True), "max_concurrency", "new"),
    Bad("page_size=0", new(page_size=0), "page_size", "new"),
    Bad("page_size='10'", new(page_size="10"), "page_size", "new"),
    Bad("page_size=10.0", new(page_size=10.0), "page_size", "new"),
    Bad("transport=object()", new(transport=object()), "transport", "new"),
    Bad("async transport in sync mode", lambda _: FortiOS("fgt.test", token="t", transport=AsyncRecorder()),
        "transport", "new"),
    Bad("sync transport in async mode", lambda r: FortiOS("fgt.test", token="t", transport=r, mode="async"),
        "transport", "new"),
    Bad("login_flow='magic'", new(username="u", password="p", login_flow="magic"), "login_flow", "new"),
    Bad("login_flow=5", new(username="u", password="p", login_flow=5), "login_flow", "new"),
    Bad("login_flow with a token", new(login_flow="logincheck"), "login_flow", "new"),
    Bad("token_in_query='yes'", new(token_in_query="yes"), "token_in_query", "new"),
    Bad("token_in_query with a session", new(username="u", password="p", token_in_query=True),
        "token_in_query", "new"),
    Bad("max_connections=0", new(max_connections=0, no_transport=True), "max_connections", "new"),
    Bad("max_connections='5'", new(max_connections="5", no_transport=True), "max_connections", "new"),
    Bad("verify with own transport", new(verify="ca.pem"), "verify", "new"),
    Bad("timeout with own transport", new(timeout=5), "timeout", "new"),
    Bad("max_connections with own transport", new(max_connections=5), "max_connections", "new"),
]

REQUEST = [
    Bad("method=5", lambda f: f.request(5, "monitor/system/status"), "method"),
    Bad("method='PATCH'", lambda f: f.request("PATCH", "monitor/system/status"), "method"),
    Bad("method=''", lambda f: f.request("", "monitor/system/status"), "method"),
    Bad("path=5", lambda f: f.request("GET", 5), "path"),
    Bad("path=''", lambda f: f.request("GET", ""), "path"),
    Bad("path without api", lambda f: f.request("GET", "system/status"), "path"),
    Bad("path traversal", lambda f: f.request("GET", "monitor/../cmdb/x"), "path"),
    Bad("path with host", lambda f: f.request("GET", "https://evil.example/api/v2/monitor/x"), "path"),
    Bad("path with query", lambda f: f.request("GET", "cmdb/firewall/address?x=1"), "path"),
    Bad("params=5", lambda f: f.request("GET", "monitor/system/status", params=5), "params"),
    Bad("params=list", lambda f: f.request("GET", "monitor/system/status", params=[("a", "b")]), "params"),
    Bad("params int name", lambda f: f.request("GET", "monitor/system/status", params={1: "x"}), "params"),
    Bad("params empty name", lambda f: f.request("GET", "monitor/system/status", params={"": "x"}), "params"),
    Bad("params float value", lambda f: f.request("GET", "monitor/system/status", params={"x": 1.5}), "'x'"),
    Bad("params None value", lambda f: f.request("GET", "monitor/system/status", params={"x": None}), "'x'"),
    Bad("params dict value", lambda f: f.request("GET", "monitor/system/status", params={"x": {"a": 1}}), "'x'"),
    Bad("params count='ten'", lambda f: f.request("GET", "cmdb/firewall/address", params={"count": "ten"}),
        "count"),
    Bad("params filter=5", lambda f: f.request("GET", "cmdb/firewall/address", params={"filter": 5}), "filter"),
    Bad("params vdom=5", lambda f: f.request("GET", "cmdb/firewall/address", params={"vdom": 5}), "vdom"),
    Bad("params start=-1", lambda f: f.request("GET", "cmdb/firewall/address", params={"start": -1}), "start"),
    Bad("params format=''", lambda f: f.request("GET", "cmdb/firewall/address", params={"format": ""}), "format"),
    Bad("params vdom twice", lambda f: f.request("GET", "cmdb/firewall/address", params={"vdom": "a"}, vdom="b"),
        "vdom"),
    Bad("vdom=5", lambda f: f.request("GET", "cmdb/firewall/address", vdom=5), "vdom"),
    Bad("vdom twice in list", lambda f: f.request("GET", "cmdb/firewall/address", vdom=["root", "root"]), "vdom"),
    Bad("data=5", lambda f: f.request("POST", "cmdb/firewall/address", data=5), "data"),
    Bad("data int key", lambda f: f.request("POST", "cmdb/firewall/address", data={1: "x"}), "data"),
    Bad("data nan", lambda f: f.request("POST", "cmdb/firewall/address", data={"a": NAN}), "data"),
    Bad("data object", lambda f: f.request("POST", "cmdb/firewall/address", data={"a": object()}), "data"),
    Bad("data nested int key", lambda f: f.request("POST", "cmdb/firewall/address", data={"a": {2: "x"}}), "data"),
    Bad("data None key in list", lambda f: f.request("PUT", "cmdb/firewall/address/x", data={"a": [1, {None: 1}]}),
        "data"),
    Bad("data bytes", lambda f: f.request("POST", "cmdb/firewall/address", data={"a": b"x"}), "data"),
    Bad("data set", lambda f: f.request("POST", "cmdb/firewall/address", data={"a": {1, 2}}), "data"),
    Bad("data list for GET", lambda f: f.request("GET", "cmdb/firewall/address", data=[1, 2]), "data"),
    Bad("raw='yes'", lambda f: f.request("GET", "monitor/system/status", raw="yes"), "raw"),
    Bad("timeout=-1", lambda f: f.request("GET", "monitor/system/status", timeout=-1), "timeout"),
    Bad("timeout='5'", lambda f: f.request("GET", "monitor/system/status", timeout="5"), "timeout"),
    Bad("timeout=nan", lambda f: f.request("GET", "monitor/system/status", timeout=NAN), "timeout"),
    Bad("timeout=True", lambda f: f.request("GET", "monitor/system/status", timeout=True), "timeout"),
    Bad("allow_bulk_delete='yes'", lambda f: f.request("DELETE", "cmdb/firewall/address/x", allow_bulk_delete="yes"),
        "allow_bulk_delete"),
    Bad("DELETE a whole table", lambda f: f.request("DELETE", "cmdb/firewall/address"), "allow_bulk_delete"),
]

TREE = [
    Bad("list(vdom=5)", lambda f: address(f).list(vdom=5), "vdom"),
    Bad("list(vdom=[])", lambda f: address(f).list(vdom=[]), "vdom"),
    Bad("list(vdom=[dict])", lambda f: address(f).list(vdom=[{"name": "root"}]), "vdom"),
    Bad("list(count='ten')", lambda f: address(f).list(count="ten"), "count"),
    Bad("list(count=0)", lambda f: address(f).list(count=0), "count"),
    Bad("list(count=True)", lambda f: address(f).list(count=True), "count"),
    Bad("list(start=-1)", lambda f: address(f).list(start=-1), "start"),
    Bad("list(start=1.5)", lambda f: address(f).list(start=1.5), "start"),
    Bad("list(filter=5)", lambda f: address(f).list(filter=5), "filter"),
    Bad("list(filter='name')", lambda f: address(f).list(filter="name"), "filter"),
    Bad("list(filter=[5])", lambda f: address(f).list(filter=[5]), "filter"),
    Bad("list(format=5)", lambda f: address(f).list(format=5), "format"),
    Bad("list(format='')", lambda f: address(f).list(format=""), "format"),
    Bad("list(format='a b')", lambda f: address(f).list(format="a b"), "format"),
    Bad("list(sort=5)", lambda f: address(f).list(sort=5), "sort"),
    Bad("list(sort='a,,b')", lambda f: address(f).list(sort="a,,b"), "sort"),
    Bad("list(scope='world')", lambda f: address(f).list(scope="world"), "scope"),
    Bad("list(scope=1)", lambda f: address(f).list(scope=1), "scope"),
    Bad("list(datasource='yes')", lambda f: address(f).list(datasource="yes"), "datasource"),
    Bad("list(with_meta=1)", lambda f: address(f).list(with_meta=1), "with_meta"),
    Bad("list(skip=None)", lambda f: address(f).list(skip=None), "skip"),
    Bad("list(exclude_default_values=0)", lambda f: address(f).list(exclude_default_values=0),
        "exclude_default_values"),
    Bad("list(params=5)", lambda f: address(f).list(params=5), "params"),
    Bad("list(params={x: 1.5})", lambda f: address(f).list(params={"x": 1.5}), "'x'"),
    Bad("list(params={1: x})", lambda f: address(f).list(params={1: "x"}), "params"),
    Bad("list(timeout=-1)", lambda f: address(f).list(timeout=-1), "timeout"),
    Bad("list(timeout='slow')", lambda f: address(f).list(timeout="slow"), "timeout"),
    Bad("list(timeout=inf)", lambda f: address(f).list(timeout=INF), "timeout"),
    Bad("list(cuont=5)", lambda f: address(f).list(cuont=5), "cuont"),
    Bad("get(3.5)", lambda f: address(f).get(3.5), "key"),
    Bad("get(None)", lambda f: address(f).get(None), "name"),
    Bad("get('')", lambda f: address(f).get(""), "key"),
    Bad("get(['x'])", lambda f: address(f).get(["x"]), "key"),
    Bad("get(b'x')", lambda f: address(f).get(b"x"), "key"),
    Bad("get(x, vdom=5)", lambda f: address(f).get("x", vdom=5), "vdom"),
    Bad("get(x, format=5)", lambda f: address(f).get("x", format=5), "format"),
    Bad("get(x, fromat=...)", lambda f: address(f).get("x", fromat="name"), "fromat"),
    Bad("get(x, timeout=0)", lambda f: address(f).get("x", timeout=0), "timeout"),
    Bad("exists(1.5)", lambda f: address(f).exists(1.5), "key"),
    Bad("exists(x, vdom=5)", lambda f: address(f).exists("x", vdom=5), "vdom"),
    Bad("exists(x, timeout=0)", lambda f: address(f).exists("x", timeout=0), "timeout"),
    Bad("create(5)", lambda f: address(f).create(5), "data"),
    Bad("create(data=5)", lambda f: address(f).create(data=5), "data"),
    Bad("create('name')", lambda f: address(f).create("name"), "data"),
    Bad("create(data=[...])", lambda f: address(f).create(data=[{"name": "x"}]), "data"),
    Bad("create unknown field", lambda f: address(f).create(name="x", no_such_field=1), "no_such_field"),
    Bad("delete() on a monitor endpoint", lambda f: f.api.monitor.system.status.delete(),
        "delete() does not apply to monitor.system.status, a monitor endpoint"),
    Bad("exists() on a singleton", lambda f: f.api.cmdb.system.global_.exists(), "a singleton endpoint"),
    Bad("delete() without a key", lambda f: address(f).delete(), "delete() needs the object's key (name)"),
    Bad("exists() without a key", lambda f: address(f).exists(), "exists() needs the object's key"),
    Bad("move() without a key", lambda f: f.api.cmdb.firewall.policy.move(), "key (policyid)"),
    Bad("clone() without the copy's key", lambda f: address(f).clone("a"), "needs the key of the copy"),
    Bad("child delete() without a key", lambda f: f.api.cmdb.firewall.addrgrp.member("g").delete(),
        "needs the key of the member entry"),
    Bad("create type='ip-mask'", lambda f: address(f).create(name="x", type="ip-mask"), "did you mean 'ipmask'"),
    Bad("create action='allow'", lambda f: f.api.cmdb.firewall.policy.create(name="p", action="allow"),
        "'allow' is not an option of action"),
    Bad("update allowaccess='ping htps'",
        lambda f: f.api.cmdb.system.interface.update("port1", allowaccess="ping htps"), "'https'"),
    Bad("update allowaccess=[ping, sssh]",
        lambda f: f.api.cmdb.system.interface.update("port1", allowaccess=["ping", "sssh"]), "'ssh'"),
    Bad("set status='on'", lambda f: f.api.cmdb.system.global_.update(admin_https_redirect="on"), "'on'"),
    Bad("ensure type='fqdnn'", lambda f: address(f).ensure(name="x", type="fqdnn"), "'fqdn'"),
    Bad("child create status='up'", lambda f: f.api.cmdb.firewall.vip.realservers("v").create(id=1, status="up"),
        "is not an option of status"),
    Bad("create({1: x})", lambda f: address(f).create({1: "x"}), "data"),
    Bad("create(data={1: x})", lambda f: address(f).create(data={1: "x", "name": "y"}), "data"),
    Bad("create comment=nan", lambda f: address(f).create(name="x", comment=NAN), "comment"),
    Bad("create comment={1: 2}", lambda f: address(f).create(name="x", comment={1: 2}), "comment"),
    Bad("create comment=object()", lambda f: address(f).create(name="x", comment=object()), "comment"),
    Bad("create deep nesting", lambda f: address(f).create(name="x", comment=_deep(200)), "comment"),
    Bad("create vdom=5", lambda f: address(f).create(name="x", vdom=5), "vdom"),
    Bad("create timeout=-1", lambda f: address(f).create(name="x", timeout=-1), "timeout"),
    Bad("update(x, 5)", lambda f: address(f).update("x", 5), "data"),
    Bad("update(x, data=5)", lambda f: address(f).update("x", data=5), "data"),
    Bad("update comment=object()", lambda f: address(f).update("x", comment=object()), "comment"),
    Bad("update no key", lambda f: address(f).update(comment="c"), "key"),
    Bad("update(3.5)", lambda f: address(f).update(3.5, comment="c"), "key"),
    Bad("update vdom=['a', 'a']", lambda f: address(f).update("x", comment="c", vdom=["a", "a"]), "vdom"),
    Bad("delete(3.5)", lambda f: address(f).delete(3.5), "key"),
    Bad("delete(x, vdom=[1])", lambda f: address(f).delete("x", vdom=[1]), "vdom"),
    Bad("delete(x, timeout='x')", lambda f: address(f).delete("x", timeout="x"), "timeout"),
    Bad("set no key", lambda f: address(f).set(subnet="10.0.0.1/32"), "key"),
    Bad("set(5)", lambda f: address(f).set(5), "data"),
    Bad("set(data=5)", lambda f: address(f).set(data=5), "data"),
    Bad("move(x) no target", lambda f: address(f).move("x"), "before"),
    Bad("move(x, before, after)", lambda f: address(f).move("x", before="a", after="b"), "before"),
    Bad("move(x, before=1.5)", lambda f: address(f).move("x", before=1.5), "before"),
    Bad("move(x, after='')", lambda f: address(f).move("x", after=""), "after"),
    Bad("clone(x, 1.5)", lambda f: address(f).clone("x", 1.5), "copy"),
    Bad("clone(x, '')", lambda f: address(f).clone("x", ""), "copy"),
    Bad("schema(vdom=5)", lambda f: address(f).schema(vdom=5), "vdom"),
    Bad("schema(timeout=-1)", lambda f: address(f).schema(timeout=-1), "timeout"),
    Bad("singleton update(key)", lambda f: f.api.cmdb.system.global_.update("x", hostname="a"), "key"),
    Bad("singleton get(key)", lambda f: f.api.cmdb.system.global_.get("x"), "key"),
    Bad("singleton unknown field", lambda f: f.api.cmdb.system.global_.update(hostnam="a"), "hostnam"),
    Bad("singleton list()", lambda f: f.api.cmdb.system.global_.list(), "list"),
    Bad("singleton create()", lambda f: f.api.cmdb.system.global_.create(hostname="a"), "create"),
    Bad("namespace list()", lambda f: f.api.cmdb.firewall.list(), "namespace"),
    Bad("monitor count='ten'", lambda f: session(f).get(count="ten"), "count"),
    Bad("monitor summary='maybe'", lambda f: session(f).get(count=10, summary="maybe"), "summary"),
    Bad("monitor summary=1", lambda f: session(f).get(count=10, summary=1), "summary"),
    Bad("monitor sourceport='x'", lambda f: session(f).get(count=10, sourceport="x"), "sourceport"),
    Bad("monitor sourceport=True", lambda f: session(f).get(count=10, sourceport=True), "sourceport"),
    Bad("monitor unknown param", lambda f: session(f).get(count=10, coutn=3), "coutn"),
    Bad("monitor param=object()", lambda f: session(f).get(count=10, params={"x": object()}), "'x'"),
    Bad("monitor post on a GET", lambda f: session(f).post(count=10), "post"),
    Bad("monitor create()", lambda f: session(f).create(name="x"), "create"),
    Bad("post(data=1)", lambda f: f.api.monitor.firewall.policy.reset.post(data=1), "data"),
    Bad("post(1)", lambda f: f.api.monitor.firewall.policy.reset.post(1), "data"),
    Bad("post({1: x})", lambda f: f.api.monitor.firewall.policy.reset.post({1: "x"}), "data"),
    Bad("post(policy=[object()])", lambda f: f.api.monitor.firewall.policy.clear_counters.post(policy=[object()]),
        "policy"),
    Bad("post(params=5)", lambda f: f.api.monitor.firewall.policy.reset.post(params=5), "params"),
    Bad("post(timeout=-1)", lambda f: f.api.monitor.firewall.policy.reset.post(timeout=-1), "timeout"),
    Bad("ensure(5)", lambda f: address(f).ensure(5), "data"),
    Bad("ensure(data=5)", lambda f: address(f).ensure(data=5), "data"),
    Bad("ensure dry_run='yes'", lambda f: address(f).ensure(name="x", dry_run="yes"), "dry_run"),
    Bad("ensure comment={1: 2}", lambda f: address(f).ensure(name="x", comment={1: 2}), "comment"),
    Bad("ensure_many(rows=5)", lambda f: address(f).ensure_many(5), "rows"),
    Bad("iterate(page_size=0)", lambda f: address(f).iterate(page_size=0), "page_size"),
    Bad("iterate(count=5)", lambda f: address(f).iterate(count=5), "count"),
    Bad("child table key None", lambda f: f.api.cmdb.firewall.addrgrp.member(None), "key"),
    Bad("child create(5)", lambda f: f.api.cmdb.firewall.addrgrp.member("g").create(5), "data"),
    Bad("child get(1.5)", lambda f: f.api.cmdb.firewall.addrgrp.member("g").get(1.5), "key"),
    Bad("calling a table", lambda f: address(f)("x"), "child table"),
    Bad("api-user vdom=[{...}]", lambda f: f.api.cmdb.system.api_user.create(name="u", vdom=[{"name": "root"}]),
        "vdom_="),
    Bad("ldb-monitor timeout='x'", lambda f: f.api.cmdb.firewall.ldb_monitor.create(name="m", timeout="x"),
        "timeout_="),
]

TRANSACTION = [
    Bad("transaction(timeout='x')", lambda f: f.transaction(timeout="x"), "timeout"),
    Bad("transaction(timeout=0)", lambda f: f.transaction(timeout=0), "timeout"),
    Bad("transaction(timeout=True)", lambda f: f.transaction(timeout=True), "timeout"),
    Bad("transaction(timeout=1.5)", lambda f: f.transaction(timeout=1.5), "timeout"),
    Bad("transaction(vdom=5)", lambda f: f.transaction(vdom=5), "vdom"),
    Bad("transaction(vdom='a b')", lambda f: f.transaction(vdom="a b"), "vdom"),
]

CASES = [
    Bad(f"{group}: {case.id}", case.call, case.names, case.on, case.error)
    for group, cases in (("FortiOS()", CONSTRUCTOR), ("request()", REQUEST), ("tree", TREE),
                         ("transaction()", TRANSACTION))
    for case in cases
]


def _deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


def test_the_table_is_large_and_its_ids_unique() -> None:
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORTIOS_HOST", "FORTIOS_TOKEN", "FORTIOS_USERNAME", "FORTIOS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_bad_input_raises_a_typed_error_naming_it_and_sends_nothing(case: Bad) -> None:
    recorder = Recorder()
    target = recorder if case.on == "new" else FortiOS("fgt.test", token="t", transport=recorder)
    with pytest.raises(FortiOSError) as raised:
        result = case.call(target)
        if hasattr(result, "__enter__"):  # transaction(): refused before the block opens
            with result:
                pass
    assert type(raised.value) is case.error, repr(raised.value)
    assert case.names in str(raised.value), str(raised.value)
    assert recorder.sent == []


def test_configuration_error_is_a_value_error_and_a_type_error() -> None:
    assert issubclass(ConfigurationError, ValueError) and issubclass(ConfigurationError, TypeError)
    with pytest.raises(TypeError):
        FortiOS(123, token="t")


ASYNC_TREE = [case for case in TREE if "post" not in case.id or "monitor" in case.id][:40]


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.parametrize("case", ASYNC_TREE, ids=lambda case: case.id)
@pytest.mark.anyio
async def test_async_tree_refuses_bad_input_before_sending(case: Bad, anyio_backend: str) -> None:
    recorder = AsyncRecorder()
    async with FortiOS("fgt.test", token="t", transport=recorder, mode="async") as fgt:
        with pytest.raises(FortiOSError) as raised:
            await case.call(fgt)
    assert type(raised.value) is case.error
    assert case.names in str(raised.value)
    assert recorder.sent == []
