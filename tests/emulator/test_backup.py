"""The configuration backup (FortiOS configuration text) and loading such text back.

Backups are what `monitor/system/config/backup` answers: a `text/plain` body, a GET before
FortiOS 7.4.5 and a POST from 7.4.5 on (GET answers 405; ansible collection issues 350, 361,
414). Loading reads the same text into the configuration; load -> backup -> load keeps it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hfortix.emulator.app import EmulatorApp
from hfortix.emulator.configtext import ConfigError, statements
from hfortix.testing import FortiGateEmulator

BACKUP = "/api/v2/monitor/system/config/backup"
AUTH = [("Authorization", "Bearer tok")]
POLICY = {
    "name": "web-out", "srcintf": [{"name": "port1"}], "dstintf": [{"name": "port2"}],
    "srcaddr": [{"name": "web"}], "dstaddr": [{"name": "all"}], "service": [{"name": "HTTPS"}],
    "schedule": "always", "action": "accept",
}


def configured(**options: Any) -> EmulatorApp:
    app = EmulatorApp(token="tok", **options)
    assert app.call("POST", "/api/v2/cmdb/firewall/address", {"name": "web", "subnet": "10.0.1.50/32"})[0] == 200
    assert app.call("POST", "/api/v2/cmdb/firewall/policy", POLICY)[0] == 200
    return app


def stored(app: EmulatorApp) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """The whole configuration: every non-empty table and every singleton, per scope."""
    store = app.device.store
    return {key: rows for key, rows in store._tables.items() if rows}, dict(store._singletons)


def block(text: str, header: str) -> str:
    """The `config …` block of `text` that starts with line `header`, up to its `end`."""
    start = text.index(header + "\n")
    return text[start : text.index("\nend\n", start) + 5]


# -- the answer on the wire --------------------------------------------------------------------


def test_a_backup_is_configuration_text_not_an_envelope() -> None:
    app = configured()
    response = app.handle("POST", f"{BACKUP}?scope=global", AUTH, b"")
    assert response.status == 200
    assert response.headers == [("Content-Type", "text/plain")]
    text = response.body.decode()
    first, *_ = text.splitlines()
    build = f"{app.firmware.build:04d}"
    assert first == f"#config-version=FGVM64-7.6.5-FW-build{build}-250101:opmode=0:vdom=0:user=admin"
    assert text.splitlines()[1].startswith("#conf_file_ver=")
    assert text.splitlines()[2:4] == [f"#buildno={build}", "#global_vdom=1"]
    uuid = app.get_object("firewall", "address", "web")["uuid"]  # type: ignore[index]
    assert block(text, "config firewall address").endswith(
        f'    edit "web"\n        set uuid {uuid}\n        set subnet 10.0.1.50 255.255.255.255\n    next\nend\n'
    )
    policy = block(text, "config firewall policy")
    assert "    edit 1\n" in policy and '        set srcaddr "web"\n' in policy
    assert "        set action accept\n" in policy and '        set service "HTTPS"\n' in policy
    assert text.endswith("end\n")


@pytest.mark.parametrize(
    ("firmware", "method", "refused"),
    [("7.6.5", "POST", "GET"), ("7.4.5", "POST", "GET"), ("7.4.4", "GET", "POST"), ("6.4.4", "GET", "POST")],
)
def test_a_backup_is_a_get_before_7_4_5_and_a_post_after(firmware: str, method: str, refused: str) -> None:
    app = EmulatorApp(token="tok", firmware=firmware)
    assert app.handle(method, f"{BACKUP}?scope=global", AUTH, b"").body.startswith(b"#config-version=FGVM64-")
    status, answer = app.call(refused, f"{BACKUP}?scope=global")
    assert status == 405
    assert [answer[key] for key in ("status", "path", "name", "action")] == ["error", "system", "config", "backup"]


def test_a_post_may_give_its_parameters_in_the_body() -> None:
    app = EmulatorApp(token="tok", vdoms=("root", "dmz"))
    response = app.handle("POST", BACKUP, AUTH, b'{"scope": "vdom", "vdom": "dmz"}')
    assert response.status == 200 and b"#global_vdom=0:vd_name=dmz/dmz\n" in response.body


@pytest.mark.parametrize(
    ("query", "status"), [("", 424), ("?scope=box", 400), ("?scope=global&destination=usb", 400),
                          ("?scope=vdom&vdom=nosuch", 403), ("?scope=global&vdom=nosuch", 400)],
)
def test_bad_backup_requests_get_fortios_errors(query: str, status: int) -> None:
    answer = EmulatorApp(token="tok").call("POST", BACKUP + query)
    assert answer[0] == status and answer[1]["status"] == "error"


def test_several_vdoms_back_up_as_global_and_vdom_sections() -> None:
    app = EmulatorApp(token="tok", vdoms=("root", "dmz"))
    assert app.call("POST", "/api/v2/cmdb/firewall/address?vdom=dmz", {"name": "dmz-only"})[0] == 200
    text = app.backup()
    assert ":vdom=1:user=admin\n" in text.splitlines()[0] + "\n"
    lines = text.splitlines()
    assert lines[4:10] == ["config vdom", "edit root", "next", "edit dmz", "next", "end"]
    assert lines[10] == "config global"
    global_part = text[text.index("config global\n") : text.index("\nend\nconfig vdom\nedit root\nconfig")]
    assert "config system global\n" in global_part and "config firewall address\n" not in global_part
    dmz = text[text.index("\nedit dmz\nconfig") :]
    assert '    edit "dmz-only"\n' in dmz and text.count('edit "dmz-only"') == 1
    one = app.backup(scope="vdom", vdom="dmz")
    assert one.splitlines()[3] == "#global_vdom=0:vd_name=dmz/dmz"
    assert "config system global\n" not in one and '    edit "dmz-only"\n' in one


# -- loading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("vdoms", [("root",), ("root", "dmz", "lab")])
def test_load_backup_load_keeps_the_configuration(vdoms: tuple[str, ...]) -> None:
    app = configured(vdoms=vdoms)
    assert app.call("PUT", "/api/v2/cmdb/system/interface/port1", {
        "secondaryip": [{"ip": "10.1.1.1/24", "allowaccess": "ping"}], "alias": 'up "link"',
    })[0] == 200
    assert app.call("PUT", "/api/v2/cmdb/system/global", {"hostname": "edge-1"})[0] == 200
    assert app.call("DELETE", "/api/v2/cmdb/firewall/address/FABRIC_DEVICE")[0] == 200
    text = app.backup()
    loaded = EmulatorApp(token="tok", config=text)
    assert loaded.vdoms == list(vdoms)
    assert stored(loaded) == stored(app)
    again = EmulatorApp(token="tok", config=loaded.backup())
    assert stored(again) == stored(app)
    assert loaded.backup().splitlines()[2:] == text.splitlines()[2:]  # all but conf_file_ver


def test_a_loaded_configuration_is_what_the_api_reads() -> None:
    app = EmulatorApp(token="tok", config="""\
config firewall address
    edit "all"
    next
    edit "lab net"
        set subnet 10.20.0.0 255.255.0.0
        set comment "first \\"lab\\""
    next
end
config firewall addrgrp
    edit "labs"
        set member "lab net" "all"
    next
end
config system global
    set hostname "lab-fw"
end
""")
    status, answer = app.call("GET", "/api/v2/cmdb/firewall/address/lab%20net")
    assert status == 200
    row = answer["results"][0]
    assert (row["subnet"], row["comment"], row["type"]) == ("10.20.0.0 255.255.0.0", 'first "lab"', "ipmask")
    group = app.get_object("firewall", "addrgrp", "labs")
    assert group is not None and [member["name"] for member in group["member"]] == ["lab net", "all"]
    assert app.singleton("system", "global")["hostname"] == "lab-fw"
    assert [row["name"] for row in app.table("firewall", "address")] == ["all", "lab net"]  # the text's table replaces
    assert app.get_object("firewall.service", "custom", "HTTPS") is not None  # tables it leaves out stay
    assert app.get_object("firewall", "addrgrp", "G Suite") is None  # ... but not rows left dangling


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("config firewall nothing\nend\n", 1, "there is no 'config firewall nothing'"),
        ('config firewall address\n    edit "a"\n        set colour 3\n    next\nend\n', 3, "unknown field 'colour'"),
        ('config firewall address\n    edit "a"\n        set type bogus\n    next\nend\n', 2, "option 'bogus' is not"),
        ('config firewall addrgrp\n    edit "g"\n        set member "ghost"\n    next\nend\n', 2, "node_check_object"),
        ('config firewall address\n    edit "a"\n        set comment "open\n', 3, "not closed"),
        ('config firewall address\n    edit "a"\n', 2, "'end' or 'next' is missing"),
        ("set hostname x\n", 1, "expected 'config <table>'"),
    ],
)
def test_bad_text_is_refused_whole_naming_its_line(text: str, line: int, problem: str) -> None:
    app = EmulatorApp(token="tok")
    before = stored(app)
    with pytest.raises(ConfigError) as caught:
        app.load_config(text)
    assert caught.value.line == line and problem in str(caught.value)
    assert stored(app) == before


def test_a_text_from_another_release_says_so() -> None:
    text = "#config-version=FGVM64-6.4.4-FW-build1803-201209:opmode=0:vdom=0:user=admin\n" \
           'config firewall address\n    edit "a"\n        set no-such-field 1\n    next\nend\n'
    with pytest.raises(ConfigError, match=r"from FortiOS 6\.4\.4, the emulator is FortiOS 7\.6\.5"):
        EmulatorApp(token="tok", config=text)


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40))
def test_any_comment_survives_backup_and_load(comment: str) -> None:
    app = EmulatorApp(token="tok")
    app.add_object("firewall", "address", {"name": "x", "comment": comment})
    loaded = EmulatorApp(token="tok", config=app.backup())
    assert loaded.get_object("firewall", "address", "x")["comment"] == comment  # type: ignore[index]


def test_statements_read_quotes_escapes_and_comments() -> None:
    text = '#config-version=x\nconfig a b\n    set c "d \\"e\\"" f\\ g\n    set h "i\nj"\nend\n'
    assert [s.words for s in statements(text)] == [
        ("config", "a", "b"), ("set", "c", 'd "e"', "f g"), ("set", "h", "i\nj"), ("end",),
    ]
    assert [s.line for s in statements(text)] == [2, 3, 4, 6]


# -- over sockets ------------------------------------------------------------------------------


def test_a_backup_over_https_as_a_client_sees_it() -> None:
    with FortiGateEmulator(token="tok") as emu, httpx.Client(base_url=emu.url, verify=emu.ssl_context()) as client:
        answer = client.post(BACKUP, params={"scope": "global"}, headers={"Authorization": "Bearer tok"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/plain"
    assert answer.text.startswith("#config-version=FGVM64-7.6.5-")
    assert answer.headers["content-length"] == str(len(answer.content))
