"""URL building: mkey encoding, API paths, base URLs, full URLs and raw request paths."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hfortix.core.errors import ConfigurationError
from hfortix.core.urls import (
    api_path,
    base_url_for,
    build_url,
    normalize_request_path,
    quote_mkey,
)

BASE = "https://127.0.0.1:8443"
PREFIX = ["", "api", "v2", "cmdb", "firewall", "address"]
TRICKY_KEYS = [".", "..", "/", "../..", "a/../b", "?x=1", "#top", "%", "%2F", "%2e%2e", " ", "+", "\\"]
# Any Unicode, plus text built from the characters that matter in a URL so collisions are common.
mkey_text = st.one_of(
    st.sampled_from(TRICKY_KEYS),
    st.text(min_size=1),
    st.text(alphabet="./%?#+ &=;\\é2F", min_size=1),
)
mkey_int = st.integers(min_value=-(2**63), max_value=2**63)
mkey_any = st.one_of(mkey_text, mkey_int)


def path_segments(url: str) -> list[str]:
    return urlsplit(url).path.split("/")


# quote_mkey


@pytest.mark.parametrize(
    ("mkey", "expected"),
    [
        ("web server", "web%20server"),
        ("10.0.0.0/24", "10.0.0.0%2F24"),
        ("a#b?c", "a%23b%3Fc"),
        ("50%", "50%25"),
        ("a+b", "a%2Bb"),
        ("café", "caf%C3%A9"),
        ("&=;", "%26%3D%3B"),
        ("plain-name_1.x~", "plain-name_1.x~"),
        (".", "%2E"),
        ("..", "%2E%2E"),
        ("...", "..."),
        (0, "0"),
        (42, "42"),
        (-1, "-1"),
    ],
)
def test_quote_mkey(mkey: str | int, expected: str) -> None:
    assert quote_mkey(mkey) == expected


@pytest.mark.parametrize("mkey", [True, False, None, 1.5, b"bytes", ["a"]])
def test_quote_mkey_rejects_non_keys(mkey: object) -> None:
    with pytest.raises(TypeError, match="mkey must be a str or an int"):
        quote_mkey(mkey)  # type: ignore[arg-type]


def test_quote_mkey_rejects_empty_and_unencodable() -> None:
    with pytest.raises(ConfigurationError, match="must not be empty"):
        quote_mkey("")
    with pytest.raises(ConfigurationError, match="not valid Unicode"):
        quote_mkey("bad\ud800")


@settings(max_examples=200)
@given(mkey_any)
def test_quote_mkey_is_one_segment_that_decodes_back(mkey: str | int) -> None:
    quoted = quote_mkey(mkey)
    assert "/" not in quoted and "?" not in quoted and "#" not in quoted
    assert quoted not in (".", "..")
    assert unquote(quoted) == str(mkey)


# api_path


@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        (("cmdb", "firewall", "address"), {}, "/api/v2/cmdb/firewall/address"),
        (("cmdb", "firewall", "address", "web server"), {}, "/api/v2/cmdb/firewall/address/web%20server"),
        (("cmdb", "firewall", "policy", 7), {}, "/api/v2/cmdb/firewall/policy/7"),
        (
            ("cmdb", "vpn.ipsec", "phase1-interface", "to-hq"),
            {},
            "/api/v2/cmdb/vpn.ipsec/phase1-interface/to-hq",
        ),
        (("cmdb", "log.tacacs+accounting", "setting"), {}, "/api/v2/cmdb/log.tacacs+accounting/setting"),
        (
            ("cmdb", "switch-controller", "802-1X-settings"),
            {},
            "/api/v2/cmdb/switch-controller/802-1X-settings",
        ),
        (
            ("cmdb", "firewall", "addrgrp", "grp1"),
            {"children": [("member", "addr1")]},
            "/api/v2/cmdb/firewall/addrgrp/grp1/member/addr1",
        ),
        (
            ("cmdb", "firewall", "addrgrp", "grp1"),
            {"children": [("member", None)]},
            "/api/v2/cmdb/firewall/addrgrp/grp1/member",
        ),
        (
            ("cmdb", "router", "bgp", "x"),
            {"children": [("neighbor", "10.0.0.1"), ("conditional-advertise", 3)]},
            "/api/v2/cmdb/router/bgp/x/neighbor/10.0.0.1/conditional-advertise/3",
        ),
        (("monitor", "firewall", "policy"), {"action": "reset"}, "/api/v2/monitor/firewall/policy/reset"),
        (("monitor", "system", "status"), {}, "/api/v2/monitor/system/status"),
        (("log", "disk", "virus"), {"action": "archive"}, "/api/v2/log/disk/virus/archive"),
        (("service", "sniffer", "list"), {}, "/api/v2/service/sniffer/list"),
        (("cmdb", "system"), {}, "/api/v2/cmdb/system"),
    ],
)
def test_api_path(args: tuple[object, ...], kwargs: dict[str, object], expected: str) -> None:
    assert api_path(*args, **kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("rest", "firewall", "address"), {}, "unknown api"),
        (("CMDB", "firewall", "address"), {}, "unknown api"),
        (("cmdb", "", "address"), {}, "invalid path"),
        (("cmdb", "..", "address"), {}, "invalid path"),
        (("cmdb", ".", "address"), {}, "invalid path"),
        (("cmdb", "firewall/../system", "admin"), {}, "invalid path"),
        (("cmdb", "firewall", "address?x=1"), {}, "invalid endpoint name"),
        (("cmdb", "firewall", "add ress"), {}, "invalid endpoint name"),
        (("cmdb", "firewall", "addr%2F"), {}, "invalid endpoint name"),
        (("cmdb", "firewall", "address#frag"), {}, "invalid endpoint name"),
        (("cmdb", "firewall", ".."), {}, "invalid endpoint name"),
        (("cmdb", "firewall", "addrgrp", "g"), {"children": [("mem/ber", "a")]}, "invalid child table"),
        (("cmdb", "firewall", "addrgrp", "g"), {"children": [("..", "a")]}, "invalid child table"),
        (
            ("cmdb", "firewall", "addrgrp", "g"),
            {"children": [("member", None), ("x", "y")]},
            "only the last may be",
        ),
        (("cmdb", "firewall", "addrgrp"), {"children": [("member", "a")]}, "need the mkey"),
        (("cmdb", "firewall"), {"mkey": "x"}, "needs the endpoint name"),
        (("cmdb", "firewall", "policy", 1), {"action": "move"}, "build_query"),
        (("monitor", "firewall", "policy"), {"action": "re/set"}, "invalid action"),
        (("monitor", "firewall", "policy"), {"action": ""}, "invalid action"),
        (("cmdb", "firewall", "address", ""), {}, "must not be empty"),
    ],
)
def test_api_path_rejects(args: tuple[object, ...], kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        api_path(*args, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"api": 1, "path": "firewall"},
        {"api": "cmdb", "path": None},
        {"api": "cmdb", "path": "firewall", "name": 3},
        {"api": "cmdb", "path": "firewall", "name": "address", "mkey": True},
        {"api": "cmdb", "path": "firewall", "name": "address", "mkey": "a", "children": "member"},
        {"api": "cmdb", "path": "firewall", "name": "address", "mkey": "a", "children": [("member",)]},
        {"api": "cmdb", "path": "firewall", "name": "address", "mkey": "a", "children": [["member", "x"]]},
        {"api": "cmdb", "path": "firewall", "name": "address", "mkey": "a", "children": [("m", 1.0)]},
    ],
)
def test_api_path_type_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        api_path(**kwargs)  # type: ignore[arg-type]


@settings(max_examples=200)
@given(mkey_any)
def test_mkey_stays_one_segment_in_the_url(mkey: str | int) -> None:
    url = build_url(BASE, api_path("cmdb", "firewall", "address", mkey))
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE
    assert parts.query == "" and parts.fragment == ""
    segments = parts.path.split("/")
    assert segments[:-1] == PREFIX
    assert unquote(segments[-1]) == str(mkey)


@settings(max_examples=200)
@given(mkey_any, mkey_any, st.one_of(st.none(), mkey_any))
def test_child_keys_stay_one_segment_each(
    parent: str | int, member: str | int, leaf: str | int | None
) -> None:
    path = api_path("cmdb", "router", "bgp", parent, [("neighbor", member), ("conditional-advertise", leaf)])
    parts = urlsplit(build_url(BASE, path, [("vdom", "root")]))
    assert f"{parts.scheme}://{parts.netloc}" == BASE
    assert parse_qsl(parts.query) == [("vdom", "root")]
    segments = parts.path.split("/")
    expected = [
        "",
        "api",
        "v2",
        "cmdb",
        "router",
        "bgp",
        str(parent),
        "neighbor",
        str(member),
        "conditional-advertise",
    ]
    if leaf is not None:
        expected.append(str(leaf))
    assert [unquote(segment) for segment in segments] == expected
    # The fixed segments were not encoded at all; only the keys were.
    assert (
        segments[:6] == expected[:6] and segments[7] == "neighbor" and segments[9] == "conditional-advertise"
    )


# base_url_for


@pytest.mark.parametrize(
    ("host", "kwargs", "expected"),
    [
        ("192.168.1.99", {}, "https://192.168.1.99"),
        ("fw.example.com", {}, "https://fw.example.com"),
        ("fw.example.com:8443", {}, "https://fw.example.com:8443"),
        ("fw.example.com.", {}, "https://fw.example.com."),
        ("::1", {}, "https://[::1]"),
        ("2001:db8:0:0:0:0:0:1", {}, "https://[2001:db8::1]"),
        ("[::1]", {}, "https://[::1]"),
        ("[::1]:8443", {}, "https://[::1]:8443"),
        ("https://10.0.0.1:4443", {}, "https://10.0.0.1:4443"),
        ("https://10.0.0.1:4443/", {}, "https://10.0.0.1:4443"),
        ("http://127.0.0.1:8080", {}, "http://127.0.0.1:8080"),
        ("HTTPS://fw", {}, "https://fw"),
        ("127.0.0.1:8080", {"scheme": "http"}, "http://127.0.0.1:8080"),
        ("https://[::1]:443", {"scheme": "http"}, "https://[::1]:443"),
        ("localhost:1", {}, "https://localhost:1"),
        ("localhost:65535", {}, "https://localhost:65535"),
    ],
)
def test_base_url_for(host: str, kwargs: dict[str, str], expected: str) -> None:
    assert base_url_for(host, **kwargs) == expected


@pytest.mark.parametrize(
    ("host", "message"),
    [
        ("", "must not be empty"),
        (" 10.0.0.1", "whitespace"),
        ("10.0.0.1\n", "whitespace"),
        ("fw example", "whitespace"),
        ("10.0.0.1:0", "invalid port"),
        ("10.0.0.1:65536", "invalid port"),
        ("10.0.0.1:", "invalid port"),
        ("10.0.0.1:https", "invalid port"),
        ("10.0.0.1:-1", "invalid port"),
        ("[::1]:99999", "invalid port"),
        ("10.0.0.1/api", "path"),
        ("https://10.0.0.1/api/v2", "path"),
        ("https://10.0.0.1?x=1", "path, query"),
        ("https://10.0.0.1#x", "path, query"),
        ("admin:pw@10.0.0.1", "user info"),
        ("https://admin@10.0.0.1", "user info"),
        ("ftp://10.0.0.1", "unsupported scheme"),
        ("https://", "no host"),
        (":8443", "no host"),
        ("[::1", "unclosed"),
        ("[::1]8443", "unexpected"),
        ("[10.0.0.1]", "invalid IPv6"),
        ("fe80::1%eth0", "zone"),
        ("1:2:3", "invalid IPv6"),
        ("999.0.0.1", "invalid IPv4"),
        ("10.0.0", "invalid IPv4"),
        ("bad_host-.example", "invalid host name"),
        ("-bad.example", "invalid host name"),
        ("a..b", "invalid host name"),
        ("bücher.example", "invalid host name"),
        ("fw.example.com" + ".x" * 130, "invalid host name"),
    ],
)
def test_base_url_for_rejects(host: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        base_url_for(host)


def test_base_url_for_rejects_bad_arguments() -> None:
    with pytest.raises(TypeError, match="host must be a str"):
        base_url_for(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="scheme must be a str"):
        base_url_for("fw", scheme=None)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="unsupported scheme"):
        base_url_for("fw", scheme="ws")


@settings(max_examples=200)
@given(
    st.one_of(st.ip_addresses(v=4).map(str), st.ip_addresses(v=6).map(lambda ip: f"[{ip}]")),
    st.one_of(st.none(), st.integers(min_value=1, max_value=65535)),
    st.sampled_from(["http", "https"]),
)
def test_base_url_for_round_trips_through_urlsplit(host: str, port: int | None, scheme: str) -> None:
    given_host = host if port is None else f"{host}:{port}"
    parts = urlsplit(base_url_for(given_host, scheme=scheme))
    assert parts.scheme == scheme and parts.port == port and parts.path == ""
    assert parts.hostname is not None
    assert ipaddress.ip_address(parts.hostname) == ipaddress.ip_address(host.strip("[]"))


# build_url


def test_build_url_joins_base_path_and_query() -> None:
    url = build_url(
        "https://[::1]:443/", "/api/v2/cmdb/firewall/address", [("vdom", "root"), ("filter", "a==b&c")]
    )
    assert url == "https://[::1]:443/api/v2/cmdb/firewall/address?vdom=root&filter=a%3D%3Db%26c"
    assert build_url("http://127.0.0.1:8080", "/logincheck") == "http://127.0.0.1:8080/logincheck"


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("127.0.0.1:8443", "must start with https"),
        ("ftp://127.0.0.1", "must start with https"),
        ("https://127.0.0.1/api", "must not have a path"),
        ("https://127.0.0.1?x", "must not have a path"),
        ("https://127.0.0.1#x", "must not have a path"),
        ("https://user@127.0.0.1", "user info"),
        ("https://127.0.0.1:0", "invalid port"),
        ("https://127.0.0.1:70000", "invalid port"),
        ("https://[::1", "invalid base_url|unclosed"),
        ("https://", "no host"),
        ("https:// 127.0.0.1", "whitespace"),
        ("", "must not be empty"),
    ],
)
def test_build_url_rejects_bad_base_urls(base_url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        build_url(base_url, "/api/v2/cmdb/system/global")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("api/v2/cmdb", "single '/'"),
        ("//evil.example/api", "single '/'"),
        ("/api/v2/cmdb?x=1", "must not contain"),
        ("/api/v2/cmdb#x", "must not contain"),
        ("/api/v2\\cmdb", "must not contain"),
        ("/api/v2/cmdb/a b", "whitespace"),
        ("", "must not be empty"),
    ],
)
def test_build_url_rejects_bad_paths(path: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        build_url(BASE, path)


def test_build_url_rejects_bad_queries() -> None:
    with pytest.raises(TypeError):
        build_url(BASE, "/api/v2/cmdb", "vdom=root")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        build_url(BASE, "/api/v2/cmdb", [("vdom", 1)])  # type: ignore[list-item]
    with pytest.raises(ConfigurationError, match="name must not be empty"):
        build_url(BASE, "/api/v2/cmdb", [("", "x")])


@settings(max_examples=200)
@given(st.lists(st.tuples(st.text(min_size=1), st.text()), max_size=6))
def test_build_url_query_round_trips(pairs: list[tuple[str, str]]) -> None:
    parts = urlsplit(build_url(BASE, "/api/v2/monitor/system/status", pairs))
    assert parts.path == "/api/v2/monitor/system/status" and parts.fragment == ""
    assert parse_qsl(parts.query, keep_blank_values=True) == pairs


# normalize_request_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("monitor/system/status", "/api/v2/monitor/system/status"),
        ("/api/v2/monitor/system/status", "/api/v2/monitor/system/status"),
        ("api/v2/cmdb/firewall/address/web%20server", "/api/v2/cmdb/firewall/address/web%20server"),
        ("cmdb/firewall/address", "/api/v2/cmdb/firewall/address"),
        ("/cmdb/firewall/address/10.0.0.0%2F24", "/api/v2/cmdb/firewall/address/10.0.0.0%2F24"),
        ("cmdb/vpn.ipsec/phase1-interface", "/api/v2/cmdb/vpn.ipsec/phase1-interface"),
        ("cmdb/log.tacacs+accounting/setting", "/api/v2/cmdb/log.tacacs+accounting/setting"),
        ("log/disk/event/:session_id", "/api/v2/log/disk/event/:session_id"),
        ("service/sniffer/list", "/api/v2/service/sniffer/list"),
        ("cmdb", "/api/v2/cmdb"),
        ("/api/v2/cmdb/", "/api/v2/cmdb/"),
        ("monitor/", "/api/v2/monitor/"),
        ("cmdb/firewall/address/...", "/api/v2/cmdb/firewall/address/..."),
        ("cmdb/firewall/address/%2E%2E%2Ex", "/api/v2/cmdb/firewall/address/%2E%2E%2Ex"),
    ],
)
def test_normalize_request_path(path: str, expected: str) -> None:
    assert normalize_request_path(path) == expected


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("", "must not be empty"),
        ("cmdb/firewall/address/web server", "whitespace"),
        ("cmdb/firewall/address\tx", "whitespace"),
        ("monitor/system/status?vdom=root", "must not contain '\\?'"),
        ("monitor/system/status#x", "must not contain"),
        ("https://10.0.0.1/api/v2/monitor/system/status", "scheme or host"),
        ("//10.0.0.1/api/v2/monitor", "scheme or host"),
        ("api/v1/monitor/system/status", "does not name an API"),
        ("api/v2", "does not name an API"),
        ("/api/v2/", "does not name an API"),
        ("/", "does not name an API"),
        ("rest/system/status", "does not name an API"),
        ("CMDB/system/global", "does not name an API"),
        ("cmdb/../monitor/system", "traversal"),
        ("cmdb/firewall/..", "traversal"),
        ("cmdb/firewall/.", "traversal"),
        ("cmdb/firewall/%2e%2e/x", "traversal"),
        ("cmdb/firewall/%2E.", "traversal"),
        ("cmdb/firewall/%2e", "traversal"),
        ("cmdb/firewall/a%2F..%2Fb", "traversal"),
        ("cmdb/firewall/a%5C..", "traversal"),
        ("cmdb//firewall", "empty segment"),
        ("cmdb/firewall/a%zz", "two-digit hex"),
        ("cmdb/firewall/a%2", "two-digit hex"),
        ("cmdb/firewall/caf\u00e9", "percent-encode"),
        ("cmdb/firewall/a\\b", "percent-encode"),
        ("cmdb/firewall/<script>", "percent-encode"),
    ],
)
def test_normalize_request_path_rejects(path: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        normalize_request_path(path)


def test_normalize_request_path_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="path must be a str"):
        normalize_request_path(b"cmdb/system/global")  # type: ignore[arg-type]


@settings(max_examples=200)
@given(mkey_any)
def test_normalize_accepts_what_api_path_builds(mkey: str | int) -> None:
    path = api_path("cmdb", "firewall", "address", mkey)
    components = re.split(r"[/\\]", str(mkey))
    if "." in components or ".." in components:
        # Keys that read as traversal once decoded are refused on a raw path, by design.
        with pytest.raises(ConfigurationError, match="traversal"):
            normalize_request_path(path)
    else:
        assert normalize_request_path(path) == path
        assert normalize_request_path(path.removeprefix("/api/v2/")) == path
