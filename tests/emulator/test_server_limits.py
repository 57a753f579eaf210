"""The emulator as a server under hostile or careless clients, and across restarts.

Connections that never send a request, send half a head, or idle between requests are closed
after `header_timeout` / `idle_timeout`; connections beyond `max_connections` are closed at
once; a body nested deeper than JSON parsing goes is a 400, not a 500; `state_dir` keeps the
CA and the configuration across restarts. The waits below only bound how long a test may
hang: the assertions are about what happens, never about how fast.
"""

from __future__ import annotations

import socket
import ssl
import time
from pathlib import Path

import anyio
import httpx
import pytest

from hfortix.testing import FortiGateEmulator

ADDRESS = "/api/v2/cmdb/firewall/address"
TOKEN = "limits-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def closed_by_server(sock: socket.socket, within: float = 10.0) -> bool:
    """Whether the server closes `sock` (EOF or reset) before `within` seconds pass."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


def wait_until(condition: object, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.02)
    return False


def test_a_connection_that_sends_nothing_is_closed_after_the_header_timeout() -> None:
    with FortiGateEmulator(http=True, token=TOKEN, header_timeout=0.3) as emu:
        with socket.create_connection(("127.0.0.1", emu.port)) as silent:
            assert closed_by_server(silent)
        assert wait_until(lambda: emu.stats.connections_timed_out == 1)


def test_half_a_request_head_is_not_waited_for_forever() -> None:
    emulator = FortiGateEmulator(http=True, token=TOKEN, header_timeout=0.3, idle_timeout=60)
    with emulator as emu, socket.create_connection(("127.0.0.1", emu.port)) as slow:
        slow.sendall(b"GET /api/v2/monitor/system/status HTTP/1.1\r\nHost: x\r\n")  # no blank line
        assert closed_by_server(slow)


def test_a_kept_alive_connection_is_closed_when_idle_and_clients_reconnect() -> None:
    with FortiGateEmulator(http=True, token=TOKEN, idle_timeout=0.3) as emu:
        with httpx.Client(base_url=emu.url, headers=AUTH) as client:
            assert client.get(ADDRESS).status_code == 200
            assert wait_until(lambda: emu.stats.connections_open == 0)
            assert client.get(ADDRESS).status_code == 200  # a new connection
        assert emu.stats.connections_total == 2 and emu.stats.connections_timed_out == 1


def test_connections_beyond_the_limit_are_closed_at_once() -> None:
    with FortiGateEmulator(http=True, token=TOKEN, max_connections=3) as emu:
        held = [socket.create_connection(("127.0.0.1", emu.port)) for _ in range(3)]
        try:
            assert wait_until(lambda: emu.stats.connections_open == 3)
            with socket.create_connection(("127.0.0.1", emu.port)) as extra:
                assert closed_by_server(extra, within=5)
            assert emu.stats.connections_refused == 1
        finally:
            for sock in held:
                sock.close()
        with httpx.Client(base_url=emu.url, headers=AUTH) as client:  # slots free again
            assert client.get(ADDRESS).status_code == 200


def test_the_default_limits_serve_hundreds_of_keep_alive_clients() -> None:
    with FortiGateEmulator(http=True, token=TOKEN) as emu:
        clients = [socket.create_connection(("127.0.0.1", emu.port)) for _ in range(250)]
        try:
            request = f"GET {ADDRESS}?count=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
            for sock in clients:
                sock.sendall(request.encode())
            for sock in clients:
                sock.settimeout(30)
                assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
        finally:
            for sock in clients:
                sock.close()
        assert emu.stats.connections_refused == 0


@pytest.mark.parametrize("body", [b"[" * 200_000, b'{"a":' * 100_000])
def test_a_deeply_nested_body_is_a_400_not_a_crash(body: bytes) -> None:
    with FortiGateEmulator(http=True, token=TOKEN) as emu, httpx.Client(base_url=emu.url, headers=AUTH) as client:
        answer = client.post(ADDRESS, content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400
        assert answer.json()["status"] == "error" and "cli_error" not in answer.json()  # no traceback text
        assert client.get(ADDRESS).status_code == 200


@pytest.mark.parametrize("mode", ["sync", "asyncio", "trio"])
def test_a_state_dir_is_saved_soon_after_a_change_while_serving(tmp_path: Path, mode: str) -> None:
    config = tmp_path / "state" / "config.conf"

    def saved(text: str) -> bool:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if config.exists() and text in config.read_text():
                return True
            time.sleep(0.05)
        return False

    if mode == "sync":
        with FortiGateEmulator(token=TOKEN, http=True, state_dir=config.parent) as emu:
            assert httpx.post(emu.url + ADDRESS, json={"name": "soon"}, headers=AUTH).status_code == 200
            assert saved('"soon"')  # before the block ends
        return

    async def main() -> None:
        async with FortiGateEmulator(token=TOKEN, http=True, state_dir=config.parent) as emu:
            async with httpx.AsyncClient(base_url=emu.url, headers=AUTH) as client:
                assert (await client.post(ADDRESS, json={"name": "soon"})).status_code == 200
            assert await anyio.to_thread.run_sync(saved, '"soon"')

    anyio.run(main, backend=mode)


def test_a_state_dir_keeps_the_ca_and_the_configuration(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with FortiGateEmulator(token=TOKEN, state_dir=state) as first:
        ca = first.ca
        trusted = ssl.create_default_context(cafile=ca)  # a client built once, from the first run
        with httpx.Client(base_url=first.url, verify=trusted, headers=AUTH) as client:
            assert client.post(ADDRESS, json={"name": "kept", "subnet": "10.7.0.0/16"}).status_code == 200
    pem = Path(ca).read_bytes()
    assert (state / "config.conf").read_text().startswith("#config-version=")
    with FortiGateEmulator(token=TOKEN, state_dir=state) as second:
        assert second.ca == ca and Path(second.ca).read_bytes() == pem
        with httpx.Client(base_url=second.url, verify=trusted, headers=AUTH) as client:
            kept = client.get(f"{ADDRESS}/kept")
        assert kept.status_code == 200 and kept.json()["results"][0]["subnet"] == "10.7.0.0 255.255.0.0"
    assert (state / "ca-key.pem").stat().st_mode & 0o077 == 0  # the CA's key: the owner's alone


def test_a_failed_save_while_serving_is_logged_and_tried_again(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from hfortix.emulator.state import StateDir

    class App:  # what StateDir.keep reads of an EmulatorApp
        revision, text = "r1", "first\n"

        def backup(self) -> str:
            return self.text

    state, app = StateDir(tmp_path / "state"), App()

    async def main() -> None:
        async with anyio.create_task_group() as keeping:
            keeping.start_soon(state.keep, app, 0.01)
            await anyio.sleep(0.05)  # it has read revision r1
            (tmp_path / "state").rename(tmp_path / "gone")  # the folder vanishes: saving fails
            app.revision, app.text = "r2", "second\n"
            with anyio.fail_after(10):
                while "could not save" not in caplog.text:
                    await anyio.sleep(0.01)
            (tmp_path / "state").mkdir()  # back: the next change is saved, the server never stopped
            app.revision, app.text = "r3", "third\n"
            with anyio.fail_after(10):
                while not Path(state.config_path).exists():
                    await anyio.sleep(0.01)
            keeping.cancel_scope.cancel()

    anyio.run(main)
    assert Path(state.config_path).read_text() == "third\n"
