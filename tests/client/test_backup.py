"""`fgt.backup()`: the configuration text, by the method the firmware wants (a GET before
FortiOS 7.4.5, a POST from 7.4.5 on), against emulators at 6.2.0, 7.2.8, 7.4.5 and 7.6.5 in sync
mode and under asyncio and trio."""

from __future__ import annotations

from typing import Any

import pytest
from modes import connect, resolve

from hfortix import AuthenticationError, ConfigurationError, FortiOSAPIError, MethodNotAllowedError
from hfortix.testing import FortiGateEmulator

pytestmark = pytest.mark.anyio
BACKUP = "/api/v2/monitor/system/config/backup"


@pytest.fixture(scope="module", params=["6.2.0", "7.2.8", "7.4.5", "7.6.5"])
def emu(request: pytest.FixtureRequest) -> Any:
    with FortiGateEmulator(http=True, firmware=request.param, vdoms=("root", "dmz")) as emulator:
        emulator.app.add_object("firewall", "address", {"name": "web", "subnet": "10.0.1.50/32"})
        yield emulator


def methods(emu: Any) -> list[str]:
    return [method for method, target in emu.stats.received if target.startswith(BACKUP)]


def wanted(emu: Any) -> str:
    return "POST" if emu.app.firmware.at_least("7.4.5") else "GET"


async def test_a_backup_is_the_configuration_text(flavor: str, emu: Any) -> None:
    emu.stats.reset()
    async with connect(flavor, emu) as fgt:  # firmware="auto", nothing known yet
        text = await resolve(fgt.backup())
        assert isinstance(text, str) and text == emu.app.backup()
        assert text.startswith(f"#config-version=FGVM64-{emu.app.firmware.text}-FW-") and 'edit "web"' in text
        # Unknown firmware: a GET first; a 7.4.5+ box refuses it (405) and names its version.
        assert methods(emu) == (["GET"] if wanted(emu) == "GET" else ["GET", "POST"])
        assert fgt.firmware == emu.app.firmware.text  # learned from the text, or from the 405
        emu.stats.reset()
        assert await resolve(fgt.backup(scope="global")) == text
        assert methods(emu) == [wanted(emu)]  # from then on, the right method at once


async def test_a_pinned_firmware_sends_its_method_at_once(flavor: str, emu: Any) -> None:
    emu.stats.reset()
    async with connect(flavor, emu, firmware=emu.app.firmware.text) as fgt:
        assert await resolve(fgt.backup()) == emu.app.backup()
    assert methods(emu) == [wanted(emu)]


async def test_a_vdom_backup(flavor: str, emu: Any) -> None:
    async with connect(flavor, emu) as fgt:
        dmz = await resolve(fgt.backup(vdom="dmz"))
        assert dmz == emu.app.backup(scope="vdom", vdom="dmz")
        assert "#global_vdom=0:vd_name=dmz/dmz" in dmz and "config system global\n" not in dmz
    async with connect(flavor, emu, vdom="dmz") as fgt:  # scope="vdom": the client's VDOM
        assert await resolve(fgt.backup(scope="vdom")) == dmz


async def test_an_error_answer_raises_its_typed_error(flavor: str, emu: Any) -> None:
    async with connect(flavor, emu, token="wrong") as fgt:
        with pytest.raises(AuthenticationError) as refused:
            await resolve(fgt.backup())
        assert refused.value.http_status == 401
    async with connect(flavor, emu) as fgt:
        with pytest.raises(FortiOSAPIError) as failed:
            await resolve(fgt.backup(vdom="nosuch"))
        assert failed.value.http_status in (400, 403, 404)
    if wanted(emu) == "POST":  # the wrong method pinned: the device's 405, not a retry
        async with connect(flavor, emu, firmware="7.2.8") as fgt:
            with pytest.raises(MethodNotAllowedError):
                await resolve(fgt.backup())


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [({"scope": "box"}, "scope must be"), ({"scope": "global", "vdom": "dmz"}, "whole FortiGate"),
     ({"vdom": ["root", "dmz"]}, "one VDOM")],
)
def test_bad_arguments_are_refused_before_sending(arguments: dict[str, Any], problem: str) -> None:
    from hfortix import FortiOS

    with FortiOS("127.0.0.1:9", token="t") as fgt, pytest.raises(ConfigurationError, match=problem):
        fgt.backup(**arguments)
    with FortiOS("127.0.0.1:9", token="t", vdom="*") as fgt, pytest.raises(ConfigurationError, match="one VDOM"):
        fgt.backup(scope="vdom")
