"""Offline documentation: `endpoint.fields()` and `help(endpoint)` describe every field."""

from __future__ import annotations

import pydoc
import subprocess
import sys

import pytest

from hfortix import FortiOS
from hfortix.core import catalog
from hfortix.core.errors import ConfigurationError
from hfortix.fields import Field, Option, describe, fields_of, span


@pytest.fixture(scope="module")
def fgt() -> FortiOS:
    return FortiOS("127.0.0.1:1", token="unused")  # never sends: these tests only read the catalog


def test_fields_give_type_options_bounds_versions_and_references(fgt: FortiOS) -> None:
    fields = fgt.api.cmdb.firewall.address.fields()
    assert fields["route-tag"] == Field("route-tag", "route_tag", "integer", versions=(("v7.4.0", ""),))
    assert Option("route-tag", (("v7.4.0", ""),)) in fields["type"].options
    assert fields["associated-interface"].references == ("system.interface.name", "system.zone.name")
    assert fields["tagging"].mkey == "name" and fields["tagging"].children["category"].references
    policy = fgt.api.cmdb.firewall.policy.fields()
    assert [o.value for o in policy["action"].options] == ["accept", "deny", "ipsec"]
    bounded = next(f for f in fgt.api.cmdb.system.global_.fields().values() if f.max is not None)
    assert bounded.min is not None and f"{bounded.min}..{bounded.max}" in bounded.summary()


def test_monitor_fields_are_its_parameters(fgt: FortiOS) -> None:
    fields = fgt.api.monitor.system.interface.fields()
    assert fields["interface_name"].type == "string" and not fields["interface_name"].required
    assert fgt.api.monitor.endpoint_control.registration_password.check.fields()["password"].required


def test_help_shows_each_fields_type_options_and_version_range(fgt: FortiOS) -> None:
    text = pydoc.render_doc(fgt.api.cmdb.firewall.address, renderer=pydoc.plaintext)
    assert "table keyed by name (string), FortiOS 6.0.0+" in text
    assert "route_tag, route-tag: integer; FortiOS 7.4.0+" in text
    assert "interface-subnet (6.2.0+)" in text and "references system.interface.name" in text
    assert "allow_routing, allow-routing: string; one of enable, disable" in text
    namespace = pydoc.render_doc(fgt.api.cmdb.firewall, renderer=pydoc.plaintext)
    assert "a namespace of" in namespace and "address" in namespace
    assert "A namespace" in (type(fgt.api.cmdb).__doc__ or "")  # the class keeps its own docstring


def test_a_child_table_describes_its_rows_with_or_without_the_objects_key(fgt: FortiOS) -> None:
    realservers = fgt.api.cmdb.firewall.vip.realservers
    fields = realservers.fields()
    assert fields["id"].type == "integer" and fields["address"].references == ("firewall.address.name",)
    assert realservers(1).fields() == fields
    for node, calls in ((realservers, "Call it with the key of the cmdb.firewall.vip object"),
                        (realservers(1), "Calls: list get exists create delete")):
        text = pydoc.render_doc(node, renderer=pydoc.plaintext)
        assert "child table, rows keyed by id" in text and calls in text
        assert "address: string; FortiOS 6.4.0+; references firewall.address.name" in text
    below = fgt.api.cmdb.firewall.vip.realservers(1)  # a child table's own child tables, where it has them
    nested = [name for name in dir(below) if not name.startswith("_") and name not in dir(type(below))]
    for name in nested:
        assert getattr(below, name).fields() == getattr(below, name)(1).fields()
    assert "A table field seen from its table" in (type(realservers).__doc__ or "")  # the class keeps its own


def test_every_child_table_describes_its_rows() -> None:
    from hfortix.child_tables import table_fields
    from hfortix.fields import child_table_field, describe_child

    def walk(endpoint: catalog.Endpoint, path: tuple[str, ...]) -> int:
        count = 0
        for wire in table_fields(endpoint, path).values():
            spec = child_table_field(endpoint, (*path, wire))
            text = describe_child(wire, spec, "")
            assert spec.mkey is None or f"rows keyed by {spec.mkey}" in text
            assert all(name in text for name in spec.children)
            count += 1 + walk(endpoint, (*path, wire))
        return count

    assert sum(walk(endpoint, ()) for endpoint in catalog.endpoints() if endpoint.kind == "table") > 900  # 934


def test_every_endpoint_describes_itself() -> None:
    for endpoint in catalog.endpoints():
        text = describe(endpoint.key, endpoint)
        assert text.startswith(endpoint.key) and endpoint.key in text.splitlines()[0]
        for wire in fields_of(endpoint):
            assert wire in text


def test_a_namespace_has_no_fields(fgt: FortiOS) -> None:
    with pytest.raises(ConfigurationError, match="namespace"):
        fgt.api.cmdb.firewall.fields()


def test_version_spans_read_as_ranges() -> None:
    assert span((("v7.4.0", ""),)) == "7.4.0+"
    assert span((("v6.0.0", "v6.2.7"), ("v6.4.4", "v6.4.4"))) == "6.0.0-6.2.7, 6.4.4"


def test_the_stubs_are_never_imported() -> None:
    # Type checkers read hfortix/_tree; Python must not: it holds no .py at all (to the import
    # system it is an empty namespace package), and neither importing hfortix nor walking the
    # tree (nor help) reaches it.
    script = (
        "import sys, hfortix, pydoc;"
        "fgt = hfortix.FortiOS('127.0.0.1:1', token='t');"
        "pydoc.render_doc(fgt.api.cmdb.firewall.address); fgt.api.monitor.system.status.fields();"
        "assert not [m for m in sys.modules if m.startswith('hfortix._tree')], sys.modules;"
        "import importlib.util; spec = importlib.util.find_spec('hfortix._tree');"
        "assert spec is None or (spec.origin is None and not spec.has_location), spec"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)


def test_importing_hfortix_reads_no_field_descriptions() -> None:
    script = ("import sys, hfortix; hfortix.FortiOS('127.0.0.1:1', token='t');"
              "assert 'hfortix.fields' not in sys.modules")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
