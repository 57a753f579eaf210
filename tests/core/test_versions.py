"""Which FortiOS version has what (hfortix.core.versions), from the catalog, without sockets."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfortix import ConfigurationError, UnsupportedError
from hfortix.core import catalog
from hfortix.core.versions import Target, describe, firmware_text, pick, read_method


def target(path: str, name: str, children: tuple[str, ...] = (), api: str = "cmdb") -> Target:
    endpoint = catalog.find(api, path, name)
    assert endpoint is not None
    return Target(endpoint, children, f"{api}.{path}.{name}")


@pytest.mark.parametrize(("given_", "kept"), [("7.2.8", "7.2.8"), ("v7.6.5", "7.6.5"), (" 7.4 ", "7.4.0"),
                                              ("6", "6.0.0")])
def test_firmware_text(given_: str, kept: str) -> None:
    assert firmware_text(given_) == kept


@pytest.mark.parametrize("bad", ["", "auto", "7.2.8.1", "7.x", "seven", None, 7.2, ["7.2.8"]])
def test_a_bad_firmware_is_refused(bad: object) -> None:
    with pytest.raises(ConfigurationError, match="firmware must be a version"):
        firmware_text(bad)


def test_describe_ranges() -> None:
    assert describe((("v7.4.0", ""),)) == "7.4.0 and later"
    assert describe((("v6.0.0", "v6.2.7"), ("v7.0.0", ""))) == "6.0.0 to 6.2.7, 7.0.0 and later"


def test_an_endpoint_that_ended_is_unsupported_with_its_range() -> None:
    policy6 = target("firewall", "policy6")
    assert policy6.problem("6.2.0") is None and policy6.problem("6.2.7") is None
    problem = policy6.problem("7.6.5")
    assert isinstance(problem, UnsupportedError) and isinstance(problem, ConfigurationError)
    assert problem.firmware == "7.6.5" and problem.versions == (("6.0.0", "6.2.7"),)
    assert "7.6.5" in str(problem) and "6.0.0 to 6.2.7" in str(problem) and "policy6" in str(problem)
    copy = pickle.loads(pickle.dumps(problem))
    assert (str(copy), copy.firmware, copy.versions) == (str(problem), problem.firmware, problem.versions)


def test_a_newer_field_is_unsupported_on_an_older_release() -> None:
    policy = target("firewall", "policy")
    problem = policy.problem("7.2.8", {"policyid": 1, "pcp-outbound": "enable"})
    assert problem is not None and problem.versions == (("7.4.0", ""),)
    assert "'pcp-outbound'" in str(problem) and "7.2.8" in str(problem) and "7.4.0 and later" in str(problem)
    assert policy.problem("7.4.0", {"pcp-outbound": "enable"}) is None
    assert policy.problem(None, {"pcp-outbound": "enable"}) is None  # firmware=None: no checks
    assert policy.problem("7.2.8", {"not-in-the-catalog": 1}) is None  # the input checks' business


def test_an_option_value_has_its_own_range() -> None:
    policy = target("firewall", "policy")
    problem = policy.problem("7.2.8", {"http-policy-redirect": "legacy"})
    assert problem is not None and "option 'legacy'" in str(problem) and problem.versions == (("7.6.3", ""),)
    assert policy.problem("7.6.5", {"http-policy-redirect": "legacy"}) is None
    assert policy.problem("7.2.8", {"http-policy-redirect": "enable"}) is None


def test_fields_inside_child_rows_and_child_tables_are_checked() -> None:
    policy = target("firewall", "policy")
    assert policy.problem("7.2.8", {"ztna-ems-tag-secondary": [{"name": "x"}]}) is not None
    problem = target("firewall", "policy", ("ztna-ems-tag-secondary",)).problem("7.2.8")
    assert problem is not None and "child table 'ztna-ems-tag-secondary'" in str(problem)
    assert target("firewall", "policy", ("ztna-ems-tag-secondary",)).problem("7.4.0") is None
    assert target("firewall", "policy", ("srcaddr6",)).problem("6.2.0") is not None  # 6.4.0+
    assert target("firewall", "addrgrp", ("member",)).problem("6.2.0", {"name": "h1"}) is None


def test_a_field_whose_shape_changed_exists_where_any_shape_does() -> None:
    for endpoint in catalog.endpoints():
        fields = (catalog.details(endpoint).get("fields") or {}) if endpoint.api == "cmdb" else {}
        for name, spec in fields.items():
            if "variants" in spec:
                for variant in spec["variants"]:
                    first = variant["versions"][0][0]
                    assert pick(spec, first) is variant
                    assert Target(endpoint).problem(first, {name: None}) is None
                return
    pytest.fail("the catalog has no field with variants")


@given(st.sampled_from([e for e in catalog.endpoints() if e.api == "cmdb" and e.versions]))
def test_every_endpoint_exists_from_its_first_release(endpoint: catalog.Endpoint) -> None:
    assert endpoint.versions is not None
    for first, last in endpoint.versions:
        assert Target(endpoint).problem(first) is None
        if last:
            assert Target(endpoint).problem(last) is None


def test_the_backup_is_read_with_a_post_from_7_4_5() -> None:
    backup = catalog.find("monitor", "system", "config", "backup")
    status = catalog.find("monitor", "system", "status")
    assert backup is not None and status is not None
    assert read_method(backup, "7.4.4") == "GET" and read_method(backup, None) == "GET"
    assert read_method(backup, "7.4.5") == "POST" and read_method(backup, "7.6.5") == "POST"
    assert read_method(status, "7.6.5") == "GET"


def test_a_read_names_fields_of_the_table_or_says_which_it_does_not_have() -> None:
    address = target("firewall", "address")
    query = (("filter", "name=@web,sbunet==x"), ("format", "name|subnet"), ("sort", "name,desc"))
    with pytest.raises(ConfigurationError, match=r"no field 'sbunet' \(named in filter=\); did you mean subnet"):
        address.reading(query)
    reading = address.reading((("filter", "name=@web"), ("format", "name|subnet|q_origin_key"), ("sort", "name")))
    assert reading.reads == ("name", "subnet", "q_origin_key")
    assert address.reading((("vdom", "root"), ("count", "5"))) is address  # nothing named: nothing to check
    # A dotted filter field is checked by its first part, the table field.
    assert target("firewall", "addrgrp").reading((("filter", "member.name==h1"),)).reads == ("member",)
    with pytest.raises(ConfigurationError, match="no field 'nmae'"):
        target("firewall", "addrgrp", ("member",)).reading((("format", "nmae"),))


def test_a_field_a_read_names_is_checked_against_the_firmware() -> None:
    reading = target("firewall", "address").reading((("filter", "route-tag==1"),))  # 7.4.0+
    problem = reading.problem("7.2.8")
    assert problem is not None and "field 'route-tag'" in str(problem) and problem.versions == (("7.4.0", ""),)
    assert reading.problem("7.4.0") is None and reading.problem(None) is None


def test_every_option_any_version_offers_is_taken_and_no_other() -> None:
    def every_field(fields: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for spec in fields.values():
            yield spec
            yield from every_field(spec.get("children") or {})

    checked = 0
    for endpoint in catalog.endpoints():
        for spec in every_field(catalog.details(endpoint).get("fields") or {}):
            choices = [entry if isinstance(entry, str) else entry[0] for entry in spec.get("options", ())]
            if not choices:
                continue
            for choice in choices:
                assert catalog.unknown_option(spec, choice) is None
                assert catalog.unknown_option(spec, [choice]) is None
            wrong = next(f"{choice}x" for choice in choices if f"{choice}x" not in choices)
            assert catalog.unknown_option(spec, wrong) == (wrong, tuple(choices))
            checked += 1
    assert checked > 6000


def test_an_unknown_option_is_found_in_a_several_valued_field_and_nothing_else_is_judged() -> None:
    allowaccess = catalog.details(catalog.find("cmdb", "system", "interface"))["fields"]["allowaccess"]
    assert allowaccess.get("multi")
    assert catalog.unknown_option(allowaccess, "ping https ssh") is None
    assert catalog.unknown_option(allowaccess, "ping htps ssh")[0] == "htps"  # type: ignore[index]
    assert catalog.unknown_option(allowaccess, ["ping", "sssh"])[0] == "sssh"  # type: ignore[index]
    action = catalog.details(catalog.find("cmdb", "firewall", "policy"))["fields"]["action"]
    assert catalog.unknown_option(action, "accept deny") == ("accept deny", ("accept", "deny", "ipsec"))  # one value
    assert catalog.unknown_option(action, "Accept") is not None  # FortiOS matches exactly
    for not_text in (None, 5, {"name": "x"}):
        assert catalog.unknown_option(action, not_text) is None  # the value checks judge those
    assert catalog.unknown_option({"type": "string"}, "anything") is None
