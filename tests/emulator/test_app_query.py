"""The emulator app's query options: filter, sort, paging, format, decorations, VDOMs."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from hfortix.emulator.app import EmulatorApp

ADDRESS = "/api/v2/cmdb/firewall/address"
FACTORY_ADDRESSES = [row["name"] for row in EmulatorApp(token="tok").table("firewall", "address")]
ROWS = [
    {"name": "Web", "comment": "front, public", "color": 3},
    {"name": "web-2", "comment": "back\\end", "color": 12},
    {"name": "db", "comment": "internal", "color": 7},
    {"name": "DB-backup", "comment": "", "color": 20},
]


@pytest.fixture
def app() -> EmulatorApp:
    app = EmulatorApp(token="tok", vdoms=("root", "dmz", "lab"))
    for row in ROWS:
        app.add_object("firewall", "address", row)
    return app


def names(app: EmulatorApp, query: str) -> list[str]:
    status, answer = app.call("GET", f"{ADDRESS}?{query}")
    assert status == 200, answer
    return [row["name"] for row in answer["results"]]


def filtered(app: EmulatorApp, *filters: str) -> list[str]:
    query = "&".join(f"filter={quote(text, safe='')}" for text in filters)
    return [name for name in names(app, query) if name not in FACTORY_ADDRESSES]


# -- filter ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name==web-2", ["web-2"]),
        ("name==web", ["Web"]),  # == ignores case, as the FortiOS REST reference lists it
        ("name==WEB-2", ["web-2"]),
        ("name=*WEB", ["Web"]),  # =* ignores case
        ("name!=Web", ["web-2", "db", "DB-backup"]),
        ("name!=WEB", ["web-2", "db", "DB-backup"]),  # so does !=
        ("name!*WEB", ["web-2", "db", "DB-backup"]),
        ("name=@WEB", ["Web", "web-2"]),  # contains, ignoring case
        ("name!@db", ["Web", "web-2"]),
        ("color<7", ["Web"]),
        ("color<=7", ["Web", "db"]),
        ("color>7", ["web-2", "DB-backup"]),
        ("color>=12", ["web-2", "DB-backup"]),
        ("color>9", ["web-2", "DB-backup"]),  # numbers compare as numbers, not text
        ("name<c", ["DB-backup", "Web"]),  # text compares as text
    ],
)
def test_each_filter_operator(app: EmulatorApp, text: str, expected: list[str]) -> None:
    assert sorted(filtered(app, text)) == sorted(expected)


def test_commas_inside_one_filter_mean_or(app: EmulatorApp) -> None:
    assert filtered(app, "name==db,name==Web") == ["Web", "db"]


def test_repeated_filters_mean_and(app: EmulatorApp) -> None:
    assert filtered(app, "name=@web", "color>5") == ["web-2"]
    assert filtered(app, "name=@web,name=@db", "color<10") == ["Web", "db"]


def test_escaped_comma_and_backslash_are_literal(app: EmulatorApp) -> None:
    assert filtered(app, r"comment==front\, public") == ["Web"]
    assert filtered(app, r"comment==back\\end") == ["web-2"]
    assert filtered(app, r"comment=@\,,comment=@\\") == ["Web", "web-2"]


@pytest.mark.parametrize("text", ["name", "name~web", r"name==a\b", "==web", "name==x\\"])
def test_malformed_filters_are_bad_requests(app: EmulatorApp, text: str) -> None:
    status, answer = app.call("GET", f"{ADDRESS}?filter={quote(text, safe='')}")
    assert (status, answer["status"]) == (400, "error")


def test_a_filter_on_a_child_table_matches_its_entries(app: EmulatorApp) -> None:
    app.add_object("firewall", "addrgrp", {"name": "g1", "member": [{"name": "Web"}, {"name": "db"}]})
    app.add_object("firewall", "addrgrp", {"name": "g2", "member": [{"name": "db"}]})
    groups = "/api/v2/cmdb/firewall/addrgrp"
    assert [g["name"] for g in app.call("GET", f"{groups}?filter=member==Web")[1]["results"]] == ["g1"]
    unlike_web = [g["name"] for g in app.call("GET", f"{groups}?filter=member!=Web")[1]["results"]]
    assert [name for name in unlike_web if name in ("g1", "g2")] == ["g2"]


def test_a_filter_on_an_unknown_field_matches_only_empty(app: EmulatorApp) -> None:
    assert filtered(app, "no-such-field==x") == []
    assert len(filtered(app, "no-such-field!=x")) == len(ROWS)


# -- sort, paging, counts ------------------------------------------------------------------------


def test_sort_ascending_descending_and_by_several_fields(app: EmulatorApp) -> None:
    assert names(app, "sort=color&filter=color>0") == ["Web", "db", "web-2", "DB-backup"]
    assert names(app, "sort=color,desc&filter=color>0") == ["DB-backup", "web-2", "db", "Web"]
    app.add_object("firewall", "address", {"name": "also-7", "color": 7})
    assert names(app, "sort=color&sort=name,desc&filter=color>5") == ["db", "also-7", "web-2", "DB-backup"]
    assert app.call("GET", f"{ADDRESS}?sort=name,sideways")[0] == 400


def test_start_and_count_page_the_filtered_sorted_rows(app: EmulatorApp) -> None:
    everything = names(app, "sort=name")
    assert names(app, "sort=name&start=2&count=3") == everything[2:5]
    assert names(app, "sort=name&start=6") == everything[6:]
    assert names(app, "start=100") == []
    assert app.call("GET", f"{ADDRESS}?count=x")[0] == 400
    assert app.call("GET", f"{ADDRESS}?start=-1")[0] == 400


def test_table_counts_describe_the_table_the_match_and_the_page(app: EmulatorApp) -> None:
    _, answer = app.call("GET", f"{ADDRESS}?filter=name=@web&start=1&count=1")
    size = len(FACTORY_ADDRESSES) + len(ROWS)
    assert (answer["size"], answer["matched_count"], answer["next_idx"], answer["limit_reached"]) == (
        size,
        2,
        1,
        False,
    )
    _, answer = app.call("GET", f"{ADDRESS}?count=2")
    assert (answer["size"], answer["matched_count"], answer["next_idx"], answer["limit_reached"]) == (
        size,
        size,
        1,
        True,
    )


def test_firmware_6_answers_without_table_counts() -> None:
    answer = EmulatorApp(token="tok", firmware="6.4.4").call("GET", ADDRESS)[1]
    assert not {"size", "matched_count", "next_idx"} & set(answer)


# -- format and decorations ---------------------------------------------------------------------------


def test_format_keeps_only_the_named_fields(app: EmulatorApp) -> None:
    _, answer = app.call("GET", f"{ADDRESS}/db?format=name|subnet")
    assert answer["results"] == [{"name": "db", "q_origin_key": "db", "subnet": "0.0.0.0 0.0.0.0"}]
    _, answer = app.call("GET", f"{ADDRESS}?format=color&filter=name==db")
    assert answer["results"] == [{"q_origin_key": "db", "color": 7}]


def test_exclude_default_values_and_skip(app: EmulatorApp) -> None:
    _, answer = app.call("GET", f"{ADDRESS}/db?exclude-default-values=1")
    assert answer["results"][0] == {
        "name": "db",
        "q_origin_key": "db",
        "uuid": app.get_object("firewall", "address", "db")["uuid"],
        "comment": "internal",
        "color": 7,
    }
    _, answer = app.call("GET", f"{ADDRESS}/db?skip=1")
    row = answer["results"][0]
    assert "fqdn" not in row and "macaddr" not in row and row["type"] == "ipmask" and row["cache-ttl"] == 0


def test_with_meta_counts_references(app: EmulatorApp) -> None:
    app.add_object("firewall", "addrgrp", {"name": "g1", "member": [{"name": "db"}]})
    app.add_object("firewall", "addrgrp", {"name": "g2", "member": [{"name": "db"}, {"name": "Web"}]})
    _, answer = app.call("GET", f"{ADDRESS}?with_meta=1&filter=name=*db")
    row = answer["results"][0]
    assert (row["q_path"], row["q_name"], row["q_ref"], row["q_static"]) == ("firewall", "address", 2, False)
    assert isinstance(row["q_type"], int)
    assert app.call("GET", f"{ADDRESS}/web-2?with_meta=1")[1]["results"][0]["q_ref"] == 0


def test_datasource_names_the_referenced_table(app: EmulatorApp) -> None:
    app.add_object("firewall", "addrgrp", {"name": "inner", "member": [{"name": "db"}]})
    app.add_object("firewall", "addrgrp", {"name": "outer", "member": [{"name": "Web"}, {"name": "inner"}]})
    _, answer = app.call("GET", "/api/v2/cmdb/firewall/addrgrp/outer?datasource=1")
    assert answer["results"][0]["member"] == [
        {"name": "Web", "q_origin_key": "Web", "datasource": "firewall.address"},
        {"name": "inner", "q_origin_key": "inner", "datasource": "firewall.addrgrp"},
    ]


def test_decorating_never_changes_the_stored_rows(app: EmulatorApp) -> None:
    stored = app.get_object("firewall", "address", "db")
    app.call("GET", f"{ADDRESS}?with_meta=1&datasource=1&format=name&skip=1")
    assert app.get_object("firewall", "address", "db") == stored


# -- VDOMs ---------------------------------------------------------------------------------------------


def test_several_vdoms_answer_an_array_of_envelopes(app: EmulatorApp) -> None:
    app.call("POST", f"{ADDRESS}?vdom=dmz", {"name": "dmz-only"})
    status, answer = app.call("GET", f"{ADDRESS}?vdom=root,dmz")
    assert status == 200 and isinstance(answer, list)
    assert [envelope["vdom"] for envelope in answer] == ["root", "dmz"]
    assert "dmz-only" in [row["name"] for row in answer[1]["results"]]
    assert "dmz-only" not in [row["name"] for row in answer[0]["results"]]
    status, everything = app.call("GET", f"{ADDRESS}?vdom=*")
    assert [envelope["vdom"] for envelope in everything] == ["root", "dmz", "lab"]
    assert [envelope["vdom"] for envelope in app.call("GET", f"{ADDRESS}?global=1")[1]] == [
        "root",
        "dmz",
        "lab",
    ]


@pytest.mark.parametrize("target", [f"{ADDRESS}?vdom=dmz&global=1", "/api/v2/monitor/system/status?global=1&vdom=lab"])
def test_global_1_answers_every_vdom_whatever_vdom_says(app: EmulatorApp, target: str) -> None:
    status, answer = app.call("GET", target)
    assert status == 200 and [envelope["vdom"] for envelope in answer] == ["root", "dmz", "lab"]


def test_one_vdom_answers_one_envelope(app: EmulatorApp) -> None:
    status, answer = app.call("GET", f"{ADDRESS}?vdom=lab")
    assert status == 200 and isinstance(answer, dict) and answer["vdom"] == "lab"
    assert app.call("GET", ADDRESS)[1]["vdom"] == "root"  # the management VDOM


def test_an_unknown_vdom_is_refused_like_a_vdom_the_admin_cannot_reach(app: EmulatorApp) -> None:
    status, answer = app.call("GET", f"{ADDRESS}?vdom=nowhere")
    assert status == 403
    assert answer == {
        "http_method": "GET",
        "status": "error",
        "http_status": 403,
        "vdom": "nowhere",
        "path": "firewall",
        "name": "address",
    }
    assert app.call("GET", f"{ADDRESS}?vdom=root,nowhere")[0] == 403


def test_scope_global_answers_one_envelope_for_the_management_vdom(app: EmulatorApp) -> None:
    status, answer = app.call("GET", "/api/v2/monitor/system/resource/usage?scope=global")
    assert status == 200 and isinstance(answer, dict) and answer["vdom"] == "root"
    assert isinstance(app.call("GET", "/api/v2/cmdb/system/interface?scope=global")[1], dict)


def test_writes_to_several_vdoms_apply_to_each(app: EmulatorApp) -> None:
    status, answer = app.call("POST", f"{ADDRESS}?vdom=dmz,lab", {"name": "both"})
    assert status == 200 and [envelope["mkey"] for envelope in answer] == ["both", "both"]
    assert app.get_object("firewall", "address", "both", vdom="lab") is not None
    status, again = app.call("POST", f"{ADDRESS}?vdom=root,dmz", {"name": "both"})
    statuses: list[Any] = [envelope["status"] for envelope in again]
    assert status == 200 and statuses == ["success", "error"]  # each VDOM answers for itself
