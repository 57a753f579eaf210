"""Correct code using the test kit as users write it: mypy --strict and pyright must report nothing. Never run."""

from typing import Any, assert_type

from hfortix import FortiOS
from hfortix.pytest_plugin import fortigate, fortios
from hfortix.testing import FortiGateEmulator


def with_the_emulator(emu: FortiGateEmulator) -> None:
    assert_type(emu.ca, str)  # verify=emu.ca needs no cast
    with FortiOS(emu.host, token=emu.token, verify=emu.ca) as fgt:
        assert_type(fgt.api.cmdb.firewall.address.exists("web"), bool)


def test_like_a_user(fortigate: FortiGateEmulator, fortios: FortiOS[Any]) -> None:
    assert_type(fortigate.app.backup(), Any)
    fortios.api.cmdb.firewall.address.list()


assert callable(fortigate) and callable(fortios)
