"""FortiOS's own idea of "the same value" (hfortix.core.compare), without sockets."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfortix import UNKNOWN
from hfortix.core import catalog
from hfortix.core.compare import canonical, diff, is_secret, same, wire_value

ADDRESS = catalog.details(catalog.find("cmdb", "firewall", "address"))["fields"]
ADDRGRP = catalog.details(catalog.find("cmdb", "firewall", "addrgrp"))["fields"]
POLICY = catalog.details(catalog.find("cmdb", "firewall", "policy"))["fields"]
HA = catalog.details(catalog.find("cmdb", "system", "ha"))["fields"]
STRING: dict[str, Any] = {"type": "string"}
INTEGER: dict[str, Any] = {"type": "integer"}


@pytest.mark.parametrize(("held", "wanted"), [
    ("10.0.0.1 255.255.255.255", "10.0.0.1/32"),
    ("10.0.0.1 255.255.255.255", "10.0.0.1"),
    ("10.0.1.0 255.255.255.0", "10.0.1.0/24"),
    ("10.0.1.0 255.255.255.0", " 10.0.1.0 / 24 "),
    ("0.0.0.0 0.0.0.0", "0.0.0.0/0"),
    ("10.0.0.0 0.0.0.255", "10.0.0.0 0.0.0.255"),  # a wildcard mask stays what it is
    ("2001:db8::1/64", "2001:DB8:0:0::1/64"),
    ("2001:db8::1/128", "2001:db8::1"),
])
def test_addresses_in_any_spelling_are_the_same(held: str, wanted: str) -> None:
    assert same(ADDRESS["subnet"], held, wanted)


@pytest.mark.parametrize(("held", "wanted"), [
    ("10.0.0.1 255.255.255.255", "10.0.0.2/32"),
    ("10.0.1.0 255.255.255.0", "10.0.1.0/25"),
    ("10.0.1.5 255.255.255.0", "10.0.1.0/24"),  # no mask is applied: a host is not its subnet
    ("10.0.0.0 0.0.0.255", "10.0.0.0/24"),
    ("2001:db8::1/64", "2001:db8::1/65"),
])
def test_different_addresses_differ(held: str, wanted: str) -> None:
    assert not same(ADDRESS["subnet"], held, wanted)


def test_integers_and_numeric_strings_are_the_same_as_fortios_stores_them() -> None:
    assert same(INTEGER, 80, "80") and same(INTEGER, 80, " 80 ") and not same(INTEGER, 80, "81")
    assert same(STRING, "5", 5) and not same(INTEGER, 1, True)


@pytest.mark.parametrize("wanted", [
    ["h1", "h2"], ["h2", "h1"], [{"name": "h2"}, {"name": "h1"}],
    [{"name": "h1", "q_origin_key": "h1"}, "h2"],
])
def test_member_lists_compare_by_name_in_any_order(wanted: Any) -> None:
    held = [{"name": "h1", "q_origin_key": "h1"}, {"name": "h2", "q_origin_key": "h2"}]
    assert same(ADDRGRP["member"], held, wanted)
    assert not same(ADDRGRP["member"], held, ["h1"])
    assert not same(ADDRGRP["member"], held, ["h1", "h2", "h3"])


def test_a_single_reference_may_be_a_bare_name() -> None:
    assert same(POLICY["srcaddr"], [{"name": "all", "q_origin_key": "all"}], "all")
    assert same(POLICY["srcaddr"], [], []) and same(POLICY["srcaddr"], [], None)


def test_option_sets_ignore_order_but_ordered_multi_values_keep_it() -> None:
    days = {"type": "string", "multi": True, "options": ["sunday", "monday", "tuesday"]}
    assert same(days, "monday sunday", "sunday monday") and same(days, "sunday monday", ["monday", "sunday"])
    assert not same(days, "sunday", "sunday monday")
    hbdev = HA["hbdev"]
    assert hbdev.get("multi") and "options" not in hbdev
    assert same(hbdev, '"port9" 0 "port10" 0 ', "port9 0 port10 0")
    assert not same(hbdev, '"port9" 50 "port10" 0 ', "port9 0 port10 50")  # pairs, not a set
    ports = {"type": "integer", "multi": True}
    assert same(ports, "443 80", [80, "443"])


def test_other_child_tables_compare_rows_in_order_by_the_fields_given() -> None:
    spec = {"type": "table", "mkey": "id", "children": {"id": INTEGER, "ip": STRING, "port": INTEGER}}
    held = [{"id": 1, "q_origin_key": 1, "ip": "10.0.0.1", "port": 80}, {"id": 2, "ip": "10.0.0.2", "port": 81}]
    assert same(spec, held, [{"id": "1", "ip": "10.0.0.1/32"}, {"id": 2, "port": "81"}])
    assert same(spec, held, [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}])  # rows without their ids: by position
    assert not same(spec, held, [{"id": 2}, {"id": 1}])
    assert not same(spec, held, [{"id": 1}])


def test_nested_objects_compare_only_the_sub_fields_given() -> None:
    spec = {"type": "object", "children": {"a": INTEGER, "b": STRING}}
    assert same(spec, {"a": 1, "b": "x"}, {"a": "1"}) and not same(spec, {"a": 1, "b": "x"}, {"b": "y"})


@pytest.mark.parametrize(("name", "secret"), [
    ("password", True), ("passwd", True), ("psksecret", True), ("preshared-key", True), ("private-key", True),
    ("login-passwd", True), ("auth-password-l1", True), ("key", True), ("passwd2", True), ("authpasswd", True),
    ("captcha-secret-key", True), ("psksecret-remote", True), ("key-string", True),
    ("public-key", False), ("ssh-public-key1", False), ("password-expire", False), ("passwd-time", False),
    ("password-attr", False), ("key-name", False), ("keytab", False), ("comment", False), ("sso-attribute-key", False),
    ("acme-eab-key-id", False), ("captcha-site-key", False),
])
def test_secret_field_names(name: str, secret: bool) -> None:
    assert is_secret(name, STRING, "") is secret


def test_echoed_secrets_are_recognised_by_their_form() -> None:
    assert is_secret("comment", STRING, "ENC AAAAbbbb==") and is_secret("comment", STRING, "********")
    assert not is_secret("password", {"type": "string", "options": ["enable", "disable"]}, "enable")


def test_diff_reports_exactly_what_differs_and_secrets_as_unknown() -> None:
    held = {"name": "web", "q_origin_key": "web", "subnet": "10.0.0.1 255.255.255.255", "comment": "a", "color": 0}
    assert diff(ADDRESS, held, {"name": "web", "subnet": "10.0.0.1/32", "color": "0"}) == {}
    assert diff(ADDRESS, held, {"name": "web", "comment": "b", "color": 0}) == {"comment": ("a", "b")}
    assert diff(ADDRESS, held, {"q_origin_key": "other"}) == {}
    assert diff(ADDRESS, held, {"fabric-object": "enable"}) == {"fabric-object": (None, "enable")}
    user = {"name": "u", "passwd": "ENC xyz", "type": "password"}
    assert diff(None, user, {"passwd": "s3cret", "type": "password"}) == {"passwd": (UNKNOWN, "s3cret")}


def test_members_given_by_name_are_sent_as_the_objects_fortios_takes() -> None:
    member = ADDRGRP["member"]
    assert wire_value(member, "h1") == [{"name": "h1"}]
    assert wire_value(member, ["h1", {"name": "h2", "q_origin_key": "h2"}]) == [{"name": "h1"},
                                                                             {"name": "h2", "q_origin_key": "h2"}]
    assert wire_value(member, None) == [] and wire_value(ADDRESS["subnet"], "10.0.0.1/32") == "10.0.0.1/32"
    assert wire_value(None, ["x"]) == ["x"]


def test_unknown_is_one_sentinel() -> None:
    assert repr(UNKNOWN) == "UNKNOWN" and pickle.loads(pickle.dumps(UNKNOWN)) is UNKNOWN
    assert type(UNKNOWN)() is UNKNOWN


# -- properties ---------------------------------------------------------------------------------

_octet = st.integers(0, 255)
_ipv4 = st.builds(lambda a, b, c, d: f"{a}.{b}.{c}.{d}", _octet, _octet, _octet, _octet)
_addresses = st.one_of(
    _ipv4, st.builds(lambda ip, n: f"{ip}/{n}", _ipv4, st.integers(0, 32)),
    st.builds(lambda ip, m: f"{ip} {m}", _ipv4, _ipv4),
    st.ip_addresses(v=6).map(str), st.builds(lambda ip, n: f"{ip}/{n}", st.ip_addresses(v=6), st.integers(0, 128)),
)
_words = st.text("abcxyz-_. /:", max_size=8)
_scalars = st.one_of(_words, _addresses, st.integers(-5, 5000), st.integers(0, 99).map(str))
_members = st.lists(st.one_of(_words, st.builds(lambda n: {"name": n, "q_origin_key": n}, _words)), max_size=5)
_specs_and_values = st.one_of(
    st.tuples(st.just(ADDRESS["subnet"]), _scalars),
    st.tuples(st.just(INTEGER), _scalars),
    st.tuples(st.just(ADDRGRP["member"]), _members),
    st.tuples(st.just(HA["hbdev"]), st.lists(_words, max_size=5).map(" ".join)),
    st.tuples(st.just({"type": "integer", "multi": True}), st.lists(st.integers(0, 9), max_size=5)),
    st.tuples(st.just(None), st.one_of(_scalars, st.lists(_scalars, max_size=3))),
)


@given(_specs_and_values)
def test_canonical_is_idempotent(spec_and_value: tuple[Any, Any]) -> None:
    spec, value = spec_and_value
    once = canonical(spec, value)
    assert canonical(spec, once) == once


@given(_specs_and_values)
def test_every_value_is_the_same_as_itself_and_its_canonical_form(spec_and_value: tuple[Any, Any]) -> None:
    spec, value = spec_and_value
    assert same(spec, value, value) and same(spec, canonical(spec, value), value)


_rows = st.fixed_dictionaries({"name": _words}, optional={
    "subnet": _addresses, "comment": _words, "color": st.integers(0, 32), "member": _members,
})


@given(_rows)
def test_the_diff_of_a_row_with_itself_is_empty(row: dict[str, Any]) -> None:
    fields = {**ADDRESS, "member": ADDRGRP["member"]}
    assert diff(fields, row, row) == {}


@given(_rows, st.text("qrs", min_size=1, max_size=5))
def test_a_one_field_change_diffs_exactly_that_field(row: dict[str, Any], comment: str) -> None:
    fields = {**ADDRESS, "member": ADDRGRP["member"]}
    wanted = {**row, "comment": comment}
    assert diff(fields, row, wanted) == {"comment": (row.get("comment"), comment)}
