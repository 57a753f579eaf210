"""`hfortix record`: read a real box's monitor answers into a redacted file the emulator serves
(`--answers FILE`). The "real box" here is an emulator with a serial, hostname and addresses of
its own; a second emulator then plays it from the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from hfortix import cli
from hfortix.emulator.app import EmulatorApp
from hfortix.emulator.recorded import RecordedAnswers
from hfortix.record import Redactor
from hfortix.testing import FortiGateEmulator

REAL_SERIAL = "FG100FTK20000001"
REAL = dict(token="real-token", serial=REAL_SERIAL, hostname="branch-7")


def recorded(tmp_path: Path, *options: str) -> dict[str, Any]:
    out = tmp_path / "answers.json"
    with FortiGateEmulator(**REAL) as box:  # type: ignore[arg-type]
        box.app.add_object("firewall", "address", {"name": "lab", "subnet": "172.16.9.0/24"})
        status = cli.main(["record", "--host", box.host, "--token", "real-token", "--ca", box.ca,
                           "--out", str(out), *options])
    assert status == 0
    return dict(json.loads(out.read_text()))


def test_a_recording_holds_the_answers_without_the_serial_or_secrets(tmp_path: Path) -> None:
    document = recorded(tmp_path)
    text = json.dumps(document)
    assert document["format"] == "hfortix-answers/1" and document["recorded"]["version"] == "v7.6.5"
    assert REAL_SERIAL not in text and "real-token" not in text and "{serial}" in text
    assert document["answers"]["system/status"]["GET"]["hostname"] == "branch-7"
    assert {"system/resource/usage", "license/status", "system/interface"} <= set(document["answers"])
    assert "192.168.1.99" in text  # addresses stay unless asked


def test_addresses_are_redacted_on_request_and_alike_throughout(tmp_path: Path) -> None:
    document = recorded(tmp_path, "--redact-addresses", "--endpoint", "system/interface",
                        "--endpoint", "system/status")
    assert set(document["answers"]) == {"system/interface", "system/status"}
    port1 = document["answers"]["system/interface"]["GET"]["port1"]
    assert "192.168.1.99" not in json.dumps(document) and port1["ip"].startswith("198.18.")
    assert port1["mac"].startswith("02:00:") and document["redacted"]["addresses"] is True


def test_an_emulator_plays_the_recorded_box(tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(recorded(tmp_path)))
    args = cli.build_parser().parse_args(["emulator", "--token", "t", "--answers", str(path)])
    played = cli.make_app(args)
    status, answer = played.call("GET", "/api/v2/monitor/system/status")
    assert status == 200 and answer["results"]["hostname"] == "branch-7"
    assert answer["serial"] == played.serial != REAL_SERIAL  # its own envelope
    certificates = json.dumps(played.call("GET", "/api/v2/monitor/system/available-certificates")[1])
    assert played.serial in certificates and "{serial}" not in certificates  # its serial put back
    assert played.call("GET", "/api/v2/monitor/router/ipv4")[0] == 200  # and its own answers beside them
    with FortiGateEmulator(token="t", answers=RecordedAnswers.read(path)) as emu, \
            httpx.Client(base_url=emu.url, verify=emu.ssl_context()) as client:
        over_https = client.get("/api/v2/monitor/system/status", headers={"Authorization": "Bearer t"})
    assert over_https.json()["results"]["hostname"] == "branch-7"


def test_the_redactor_keeps_masks_and_maps_consistently() -> None:
    redact = Redactor("FGVM02TM00000009", addresses=True)
    value = redact({
        "serial": "FGVM02TM00000009", "peer": "FP221ETF18001234", "word": "FORTIGATE",
        "ip": "10.1.2.3", "mask": "255.255.255.0", "any": "0.0.0.0", "again": ["10.1.2.3"],
        "v6": "2001:470::5", "time": "12:30:45", "psksecret": "hunter2", "api_key": 12345,
        "10.9.9.9": {"mac": "00:09:0f:aa:bb:cc"},
    })
    assert value["serial"] == "{serial}" and value["peer"] == "REDACTED-SERIAL-1" and value["word"] == "FORTIGATE"
    assert value["ip"] == value["again"][0] != "10.1.2.3" and value["mask"] == "255.255.255.0"
    assert value["any"] == "0.0.0.0" and value["v6"].startswith("2001:db8::") and value["time"] == "12:30:45"
    assert value["psksecret"] == value["api_key"] == "REDACTED"
    (key,) = [key for key in value if key.startswith("198.18.")]
    assert value[key]["mac"].startswith("02:00:")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["record", "--host", "h", "--out", "x", "--endpoint", "no/such"], "is not a monitor endpoint"),
        (["record", "--host", "h", "--out", "x", "--endpoint", "firewall/policy/reset"], "is not a monitor"),
        (["record", "--out", "x"], "--host"),
        (["record", "--host", "h", "--out", "x", "--ca", "c", "--insecure"], "not allowed with"),
    ],
)
def test_bad_record_options_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2 and message in capsys.readouterr().err


def test_a_box_that_cannot_be_reached_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(["record", "--host", "127.0.0.1:9", "--token", "t", "--out", str(tmp_path / "a.json")])
    assert status == 1 and "hfortix record:" in capsys.readouterr().err


def test_recorded_answers_are_checked() -> None:
    with pytest.raises(ValueError, match="hfortix-answers/1"):
        EmulatorApp(token="t", answers={"format": "other"})
    with pytest.raises(ValueError, match="'answers' must map"):
        RecordedAnswers({"format": "hfortix-answers/1", "answers": {"system/status": {"PATCH": {}}}})
