"""The server and the harness with the real EmulatorApp: a few smoke requests over real sockets."""

from __future__ import annotations

import httpx
import pytest

from hfortix.testing import FortiGateEmulator

pytest.importorskip("hfortix.emulator.app", reason="the EmulatorApp has not landed yet")

ADDRESSES = "/api/v2/cmdb/firewall/address"
STATUS = "/api/v2/monitor/system/status"


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def bearer(token: str | None) -> dict[str, str]:
    assert token, "the emulator should have a token"
    return {"Authorization": f"Bearer {token}"}


def test_sync_harness_with_the_real_app() -> None:
    with FortiGateEmulator() as emu, httpx.Client(base_url=emu.url, verify=emu.ssl_context()) as client:
        addresses = client.get(ADDRESSES, headers=bearer(emu.token))
        status = client.get(STATUS, headers=bearer(emu.token))
        unauthorised = client.get(ADDRESSES)
    assert addresses.status_code == 200 and addresses.json()["status"] == "success"
    assert isinstance(addresses.json()["results"], list)
    assert status.status_code == 200 and status.json()["status"] == "success"
    assert unauthorised.status_code == 401
    assert emu.stats.requests_total == 3 and emu.stats.connections_total == 1


def test_a_given_token_vdoms_and_firmware_reach_the_app() -> None:
    emu = FortiGateEmulator(http=True, token="given-token", vdoms=("root", "dmz"), firmware="7.4.3")
    with emu, httpx.Client(base_url=emu.url, headers=bearer("given-token")) as client:
        status = client.get(STATUS).json()
        in_dmz = client.get(ADDRESSES + "?vdom=dmz")
    assert emu.token == "given-token"
    assert status["version"] == "v7.4.3"
    assert in_dmz.status_code == 200 and in_dmz.json()["vdom"] == "dmz"


def test_fault_envelopes_carry_the_apps_identity() -> None:
    emu = FortiGateEmulator(http=True, token="t", serial="FGVM02TM99999999", firmware="7.4.3")
    with emu, httpx.Client(base_url=emu.url, headers=bearer("t")) as client:
        real = client.get(STATUS).json()
        emu.inject("503")
        injected = client.get(STATUS).json()
    assert injected["http_status"] == 503
    assert (injected["serial"], injected["version"], injected["build"]) == (real["serial"], real["version"],
                                                                            real["build"])


def test_state_written_over_the_wire_is_kept_across_restarts() -> None:
    emu = FortiGateEmulator(http=True, token="t")
    created = {"name": "restart-proof", "subnet": "10.1.2.0/24"}
    with emu, httpx.Client(base_url=emu.url, headers=bearer("t")) as client:
        assert client.post(ADDRESSES, json=created).status_code == 200
    with emu, httpx.Client(base_url=emu.url, headers=bearer("t")) as client:
        again = client.get(f"{ADDRESSES}/restart-proof")
    assert again.status_code == 200
    assert again.json()["results"][0]["subnet"] == "10.1.2.0 255.255.255.0"


@pytest.mark.anyio
async def test_async_harness_with_the_real_app(anyio_backend: str) -> None:
    async with FortiGateEmulator() as emu:
        client = httpx.AsyncClient(base_url=emu.url, verify=emu.ssl_context(), headers=bearer(emu.token))
        async with client:
            addresses = await client.get(ADDRESSES)
            status = await client.get(STATUS)
    assert addresses.status_code == 200 and status.status_code == 200
