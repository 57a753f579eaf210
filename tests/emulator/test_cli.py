"""`python -m hfortix emulator`: options, the ready line, serving, and a clean exit on signals."""

from __future__ import annotations

import argparse
import json
import os
import selectors
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from hfortix import cli
from hfortix.__main__ import main

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# Runs the real command line with a stand-in app, so that the process mechanics (ready line,
# signals, exit status) are tested apart from FortiOS behaviour.
STAND_IN = """
import sys
from dataclasses import dataclass
import hfortix.cli as cli

@dataclass
class Reply:
    status: int
    headers: list
    body: bytes

class App:
    token = "stand-in-token"
    def handle(self, method, target, headers, body):
        return Reply(200, [("content-type", "application/json")], b'{"status": "success"}')

cli.make_app = lambda args: App()
sys.exit(cli.main(sys.argv[1:]))
"""


@contextmanager
def running(*command: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, Any]]]:
    """Start the command line, wait for its ready line, and always reap the process."""
    with subprocess.Popen(
        [sys.executable, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            yield process, json.loads(read_line(process))
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=60):
            raise AssertionError("the emulator printed no ready line within a minute")
    line = process.stdout.readline()
    assert line, f"the emulator exited early: {process.stderr.read() if process.stderr else ''}"
    return line


def stop(process: subprocess.Popen[str], signal_number: int = signal.SIGTERM) -> int:
    process.send_signal(signal_number)
    return process.wait(timeout=60)


# -- the process -----------------------------------------------------------------------------------


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_ready_line_then_serve_then_exit_0_on_signal(signal_number: int) -> None:
    with running("-c", STAND_IN, "emulator") as (process, ready):
        assert set(ready) == {"url", "host", "token", "ca"}
        assert ready["url"] == f"https://{ready['host']}" and ready["host"].startswith("127.0.0.1:")
        assert ready["token"] == "stand-in-token" and os.path.exists(ready["ca"])
        with httpx.Client(verify=ssl.create_default_context(cafile=ready["ca"])) as client:
            assert client.get(ready["url"] + "/api/v2/monitor/system/status").status_code == 200
        assert stop(process, signal_number) == 0
        assert not os.path.exists(ready["ca"])  # removed on the way out
        assert process.stdout is not None and process.stdout.read() == ""  # exactly one line on stdout


def test_http_trio_fixed_port_and_faults() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = ["--http", "--backend", "trio", "--port", str(port), "--rate-limit", "2:1:5", "--seed", "3"]
    with running("-c", STAND_IN, "emulator", *options) as (process, ready):
        assert ready == {"url": f"http://127.0.0.1:{port}", "host": f"127.0.0.1:{port}",
                         "token": "stand-in-token", "ca": None}
        with httpx.Client(base_url=ready["url"]) as client:
            answers = [client.get("/api/v2/cmdb/firewall/address") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 429, 200, 429]
        assert answers[1].headers["retry-after"] == "5"
        assert stop(process) == 0


def test_a_taken_port_exits_1_with_a_message() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = subprocess.run(
            [sys.executable, "-c", STAND_IN, "emulator", "--port", str(taken.getsockname()[1])],
            capture_output=True, text=True, timeout=60,
        )
    assert result.returncode == 1 and result.stdout == ""
    assert "cannot listen on 127.0.0.1 port" in result.stderr


def test_python_dash_m_hfortix_emulator_with_the_real_app() -> None:
    pytest.importorskip("hfortix.emulator.app", reason="the EmulatorApp has not landed yet")
    with running("-m", "hfortix", "emulator", "--token", "cli-token", "--vdom", "root", "dmz") as (process, ready):
        assert ready["token"] == "cli-token"
        with httpx.Client(base_url=ready["url"], verify=ssl.create_default_context(cafile=ready["ca"])) as client:
            authorised = {"Authorization": "Bearer cli-token"}
            assert client.get("/api/v2/cmdb/firewall/address", headers=authorised).status_code == 200
            assert client.get("/api/v2/cmdb/firewall/address?vdom=dmz", headers=authorised).status_code == 200
            assert client.get("/api/v2/cmdb/firewall/address").status_code == 401
        assert stop(process) == 0


def test_a_configuration_file_and_a_state_dir_survive_restarts(tmp_path: Any) -> None:
    backup = tmp_path / "backup.conf"
    backup.write_text('config firewall address\n    edit "all"\n    next\n    edit "from-file"\n'
                      '        set subnet 10.9.0.0 255.255.0.0\n    next\nend\n')
    state = tmp_path / "state"
    command = ("-m", "hfortix", "emulator", "--token", "t", "--config", str(backup), "--state-dir", str(state))
    authorised = {"Authorization": "Bearer t"}
    with running(*command) as (process, ready):
        first_ca = ready["ca"]
        with httpx.Client(base_url=ready["url"], verify=ssl.create_default_context(cafile=first_ca)) as client:
            assert client.get("/api/v2/cmdb/firewall/address/from-file", headers=authorised).status_code == 200
            assert client.post("/api/v2/cmdb/firewall/address", json={"name": "added"}, headers=authorised
                               ).status_code == 200
        assert stop(process) == 0
    assert os.path.exists(first_ca) and (state / "config.conf").exists()
    with running(*command) as (process, ready):
        assert ready["ca"] == first_ca  # the same CA file: clients built on the first run still trust it
        with httpx.Client(base_url=ready["url"], verify=ssl.create_default_context(cafile=first_ca)) as client:
            assert client.get("/api/v2/cmdb/firewall/address/added", headers=authorised).status_code == 200
        assert stop(process) == 0


def wait_for_saved(config: Any, text: str, seconds: float = 15.0) -> None:
    """Until the saved configuration holds `text` (the keeper saves within SAVE_EVERY of a change)."""
    deadline = time.monotonic() + seconds
    while not (config.exists() and text in config.read_text()):
        assert time.monotonic() < deadline, f"{text!r} was not saved to {config} within {seconds} s"
        time.sleep(0.05)


def test_a_change_is_saved_while_serving_so_a_killed_emulator_keeps_it(tmp_path: Any) -> None:
    state = tmp_path / "state"
    command = ("-m", "hfortix", "emulator", "--http", "--token", "t", "--state-dir", str(state))
    authorised = {"Authorization": "Bearer t"}
    with running(*command) as (process, ready):
        with httpx.Client(base_url=ready["url"]) as client:
            created = client.post("/api/v2/cmdb/firewall/address", json={"name": "before-the-kill"},
                                  headers=authorised)
            assert created.status_code == 200
        wait_for_saved(state / "config.conf", '"before-the-kill"')
        process.kill()  # SIGKILL: no clean shutdown, no save at exit
        assert process.wait(timeout=30) == -signal.SIGKILL
    with running(*command) as (process, ready):
        with httpx.Client(base_url=ready["url"]) as client:
            assert client.get("/api/v2/cmdb/firewall/address/before-the-kill", headers=authorised).status_code == 200
        assert stop(process) == 0


# -- options ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "required: COMMAND"),
        (["nonsense"], "invalid choice"),
        (["emulator", "--error-rate", "2"], "between 0 and 1"),
        (["emulator", "--reset-rate", "x"], "not a number"),
        (["emulator", "--error-rate", "0.6", "--stall-rate", "0.6"], "at most 1"),
        (["emulator", "--latency-ms", "-1"], "negative"),
        (["emulator", "--port", "70000"], "outside 0-65535"),
        (["emulator", "--port", "http"], "not a port number"),
        (["emulator", "--rate-limit", "3:5"], "cannot exceed"),
        (["emulator", "--rate-limit", "often"], "EVERY"),
        (["emulator", "--username", "admin"], "--username and --password go together"),
        (["emulator", "--backend", "curio"], "invalid choice"),
        (["emulator", "--bogus"], "unrecognized arguments"),
        (["emulator", "--cert-name", "no/such"], "neither an IP address nor a host name"),
        (["emulator", "--max-connections", "0"], "not positive"),
        (["emulator", "--idle-timeout", "-2"], "negative"),
        (["emulator", "--config", "/no/such/backup.conf"], "cannot read the configuration file"),
    ],
)
def test_bad_options_exit_2_naming_the_problem(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_app_option_errors_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(args: argparse.Namespace) -> object:
        raise ValueError("unknown firmware '9.9'")

    monkeypatch.setattr(cli, "make_app", refuse)
    with pytest.raises(SystemExit) as exit_info:
        main(["emulator", "--firmware", "9.9"])
    assert exit_info.value.code == 2 and "unknown firmware '9.9'" in capsys.readouterr().err


def test_subcommands_come_from_a_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[argparse.Namespace] = []

    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--times", type=int, default=1)

    def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        ran.append(args)
        return 7

    monkeypatch.setattr(cli, "SUBCOMMANDS", dict(cli.SUBCOMMANDS))
    cli.register(cli.Subcommand("hello", "say hello", configure, run))
    assert main(["hello", "--times", "3"]) == 7 and ran[0].times == 3
    with pytest.raises(ValueError, match="already registered"):
        cli.register(cli.Subcommand("emulator", "again", configure, run))
    assert "emulator" in cli.SUBCOMMANDS


def test_help_lists_the_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["emulator", "--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    for option in ("--port", "--bind", "--token", "--http", "--vdom", "--latency-ms", "--rate-limit"):
        assert option in help_text
