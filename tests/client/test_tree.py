"""The endpoint tree: every catalog endpoint is reachable by Python names that round-trip."""

from __future__ import annotations

import keyword

import pytest

from hfortix import FortiOS
from hfortix.api import tree, wire_segments
from hfortix.core import catalog
from hfortix.core.errors import ConfigurationError
from hfortix.names import field_name, python_name


@pytest.fixture(scope="module")
def fgt() -> FortiOS:
    return FortiOS("127.0.0.1:1", token="unused")  # never sends: these tests only walk the tree


def test_every_endpoint_is_reachable_by_attribute_and_by_wire_name(fgt: FortiOS) -> None:
    for endpoint in catalog.endpoints():
        by_attr = getattr(fgt.api, endpoint.api)
        by_wire = getattr(fgt.api, endpoint.api)
        for wire in wire_segments(endpoint):
            name = python_name(wire)
            assert name.isidentifier() and not keyword.iskeyword(name)
            by_attr = getattr(by_attr, name)
            by_wire = by_wire[wire]
        assert by_attr.endpoint.key == by_wire.endpoint.key
        assert by_attr.endpoint.api == endpoint.api and by_attr.endpoint.path == endpoint.path


def test_no_two_wire_names_share_a_python_name() -> None:
    for api in catalog.APIS:
        stack = [tree(api)]
        while stack:
            node = stack.pop()
            assert len(node.by_python) == len(node.by_wire)
            stack.extend(node.by_wire.values())


@pytest.mark.parametrize(("wire", "python"), [
    ("phase1-interface", "phase1_interface"), ("global", "global_"), ("tacacs+", "tacacs_plus"),
    ("tacacs+accounting2", "tacacs_plus_accounting2"), ("802-1X-settings", "_802_1X_settings"),
    ("DoS-policy", "DoS_policy"), ("3g-modem", "_3g_modem"), ("clear_all", "clear_all"),
])
def test_python_names(wire: str, python: str) -> None:
    assert python_name(wire) == python


def test_reserved_names_cover_every_public_node_member() -> None:
    from hfortix.api import Node
    from hfortix.names import RESERVED

    assert {name for name in dir(Node) if not name.startswith("_")} == RESERVED
    assert python_name("list") == "list_"


def test_keyword_fields_map_to_wire_names() -> None:
    fields = {"name": {}, "allow-routing": {}, "IPS-logs": {}, "802-1x": {}}
    assert field_name("allow_routing", fields) == "allow-routing"
    assert field_name("IPS_logs", fields) == "IPS-logs"
    assert field_name("_802_1x", fields) == "802-1x"
    assert field_name("name", fields) == "name"


def test_fields_named_like_keywords_or_call_options_take_a_trailing_underscore() -> None:
    from hfortix.names import field_keyword

    fields = {"vdom": {}, "timeout": {}, "from": {}, "type": {}, "match": {}, "802-1x": {}, "data": {}}
    assert [field_keyword(wire) for wire in fields] == [
        "vdom_", "timeout_", "from_", "type", "match", "_802_1x", "data_"]
    for wire in fields:
        assert field_name(field_keyword(wire), fields) == wire


def test_misuse_is_a_clear_error(fgt: FortiOS) -> None:
    address = fgt.api.cmdb.firewall.address
    with pytest.raises(AttributeError, match="did you mean"):
        fgt.api.cmdb.firewall.adress  # noqa: B018
    with pytest.raises(ConfigurationError, match="namespace"):
        fgt.api.cmdb.firewall.list()
    with pytest.raises(ConfigurationError, match="no field 'subnett'"):
        address.create(name="x", subnett="1.1.1.1/32")
    with pytest.raises(ConfigurationError, match="needs the object's name"):
        address.get()
    with pytest.raises(ConfigurationError, match="needs the object's key"):
        address.update(subnet="1.1.1.1/32")
    with pytest.raises(ConfigurationError, match="singleton"):
        fgt.api.cmdb.system.global_.get("x")
    with pytest.raises(ConfigurationError, match="does not apply"):
        fgt.api.cmdb.system.global_.delete("x")
    with pytest.raises(ConfigurationError, match="unknown option"):
        address.list(fliter="name==x")
    with pytest.raises(ConfigurationError):
        address.list(count=0)


def test_repr_and_dir_help_exploration(fgt: FortiOS) -> None:
    assert "address" in dir(fgt.api.cmdb.firewall)
    assert repr(fgt.api.cmdb.firewall.address) == "<cmdb.firewall.address: table cmdb/firewall/address>"
    assert "unused" not in repr(fgt)  # the token itself never shows


def test_import_reads_no_catalog_and_a_touch_reads_one_path_file() -> None:
    import subprocess
    import sys

    script = (
        "import hfortix\n"
        "from hfortix.core import catalog\n"
        "assert catalog._index.cache_info().currsize == 0, 'import parsed the catalog'\n"
        "fgt = hfortix.FortiOS('127.0.0.1:1', token='t')\n"
        "assert catalog._index.cache_info().currsize == 0, 'constructing a client parsed the catalog'\n"
        "address = fgt.api.cmdb.firewall.address\n"
        "try:\n"
        "    address.create(name='x', bogus=1)\n"
        "except hfortix.ConfigurationError:\n"
        "    pass\n"
        "assert catalog._path_file.cache_info().currsize == 1, catalog._path_file.cache_info()\n"
        "print('lazy ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "lazy ok" in result.stdout, result.stderr


def test_every_table_field_of_every_table_is_a_child_table(fgt: FortiOS) -> None:
    from hfortix.child_tables import ChildField, ChildTable, table_fields

    count = 0
    for endpoint in catalog.endpoints():
        if endpoint.kind != "table":
            continue
        node = fgt.api.cmdb
        for wire in wire_segments(endpoint):
            node = getattr(node, python_name(wire))
        trie = tree("cmdb")
        for wire in wire_segments(endpoint):
            trie = trie.by_wire[wire]
        fields = table_fields(endpoint)
        assert not set(fields) & set(trie.by_python)  # a table has no sub-endpoint a field could hide
        for name, wire in fields.items():
            assert name == python_name(wire) and name in dir(node)
            field = getattr(node, name)
            assert isinstance(field, ChildField)
            rows = field(7 if endpoint.mkey_type == "integer" else "k")
            assert isinstance(rows, ChildTable) and rows._url("r").endswith(f"/{wire}/r")
            count += 1
    assert count > 700  # 760 in the 2.6.0 catalog


def test_child_table_names_follow_the_names_rule(fgt: FortiOS) -> None:
    policy = fgt.api.cmdb.firewall.policy
    assert policy.srcaddr(1)._url() == "/api/v2/cmdb/firewall/policy/1/srcaddr"
    assert policy.ztna_ems_tag(1)._url("t") == "/api/v2/cmdb/firewall/policy/1/ztna-ems-tag/t"
    assert repr(fgt.api.cmdb.firewall.addrgrp.member("g1")) == "<cmdb.firewall.addrgrp.member('g1'): child table name>"
    # table fields named like a method or a keyword take a _ behind, as endpoints do
    from hfortix.child_tables import table_fields

    clashing = {wire: name for endpoint in catalog.endpoints() if endpoint.kind == "table"
                for name, wire in table_fields(endpoint).items() if name != wire.replace("-", "_")}
    assert {"list": "list_", "class": "class_", "match": "match_"}.items() <= clashing.items()
    with pytest.raises(AttributeError, match="did you mean member"):
        _ = fgt.api.cmdb.firewall.addrgrp.membr
    with pytest.raises(TypeError, match="not a child table"):
        fgt.api.cmdb.firewall.addrgrp("g1")
    with pytest.raises(ConfigurationError, match="call it with the key"):
        fgt.api.cmdb.firewall.addrgrp.member.list()
    with pytest.raises(ConfigurationError, match="no field"):
        fgt.api.cmdb.firewall.addrgrp.member("g1").create(nmae="x")
