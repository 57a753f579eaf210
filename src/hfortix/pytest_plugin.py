"""The hfortix pytest plugin: a FortiGate emulator and a client as fixtures.

Installed with hfortix (a `pytest11` entry point), so any test can ask for them:

    def test_address(fortigate, fortios):
        fortios.api.cmdb.firewall.address.create(name="web", subnet="10.0.1.50/32")
        assert fortigate.app.get_object("firewall", "address", "web")["subnet"] == "10.0.1.50 255.255.255.255"

* `fortigate`: a running `FortiGateEmulator` (HTTPS on loopback, a fresh configuration for each
  test) with `host`, `url`, `token`, `ca`, `app` (its state), `stats` and `inject(...)`.
* `fortios`: a `FortiOS` client for it, logged in with its token; sync unless asked for
  `mode="async"`, which needs an async test (`@pytest.mark.anyio`, anyio's pytest plugin).

Choose the box with the `fortigate` marker, whose options are `FortiGateEmulator`'s (plus `mode`
for the client), or by parametrising the fixtures (indirectly):

    @pytest.mark.fortigate(firmware="7.4.5", vdoms=["root", "dmz"])
    def test_vdoms(fortios): ...

    @pytest.mark.parametrize("fortigate", ["7.2.8", "7.6.5"], indirect=True)   # firmware, or a dict
    def test_each_release(fortigate): ...

    @pytest.mark.parametrize("fortios", ["sync", "async"], indirect=True)
    @pytest.mark.anyio
    async def test_both_modes(fortios): ...

A parameter wins over the marker where both set an option.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from hfortix import FortiOS
    from hfortix.testing import FortiGateEmulator

__all__ = ["fortigate", "fortios"]

MARKER = "fortigate"
CLIENT_OPTIONS = ("mode",)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): the emulated FortiGate of the 'fortigate' and 'fortios' fixtures "
        "(FortiGateEmulator options such as firmware=, vdoms=, http=; mode='async' for the client)",
    )


def _options(request: pytest.FixtureRequest, parameter: Any) -> dict[str, Any]:
    """The marker's options, updated with a fixture parameter (a firmware, a mode, or a dict)."""
    options: dict[str, Any] = {}
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        if marker.args:
            raise pytest.UsageError(f"@pytest.mark.{MARKER} takes keyword options only, got {marker.args!r}")
        options.update(marker.kwargs)
    if isinstance(parameter, Mapping):
        options.update(parameter)
    elif isinstance(parameter, str):
        options["mode" if parameter in ("sync", "async") else "firmware"] = parameter
    elif parameter is not None:
        problem = f"a fortigate/fortios parameter is a firmware, 'sync'/'async' or a dict, not {parameter!r}"
        raise pytest.UsageError(problem)
    return options


@pytest.fixture
def fortigate(request: pytest.FixtureRequest) -> Iterator[FortiGateEmulator]:
    """A FortiGate emulator on loopback, fresh for the test (see the module documentation)."""
    from hfortix.testing import FortiGateEmulator

    options = _options(request, getattr(request, "param", None))
    emulator_options = {name: value for name, value in options.items() if name not in CLIENT_OPTIONS}
    if "vdoms" in emulator_options:
        emulator_options["vdoms"] = tuple(emulator_options["vdoms"])
    with FortiGateEmulator(**emulator_options) as emulator:
        yield emulator


def _client_arguments(emulator: FortiGateEmulator) -> tuple[str, dict[str, Any]]:
    """Where and how a client reaches `emulator`: its HTTPS host with its CA, or its plain URL."""
    if emulator.http:
        return emulator.url, {"token": emulator.token}
    return emulator.host, {"token": emulator.token, "verify": emulator.ca}


@pytest.fixture
def fortios(request: pytest.FixtureRequest, fortigate: FortiGateEmulator) -> Iterator[FortiOS[Any]]:
    """A FortiOS client of the `fortigate` fixture's emulator, sync unless `mode="async"`."""
    mode = _options(request, getattr(request, "param", None)).get("mode", "sync")
    if mode not in ("sync", "async"):
        raise pytest.UsageError(f"the fortios fixture's mode is 'sync' or 'async', not {mode!r}")
    if mode == "async":
        if "anyio_backend" not in request.fixturenames:
            raise pytest.UsageError(
                "an async 'fortios' client needs an async test run by anyio: mark it @pytest.mark.anyio"
            )
        yield request.getfixturevalue("_hfortix_async_client")
        return
    from hfortix import FortiOS

    host, options = _client_arguments(fortigate)
    with FortiOS(host, **options) as client:
        yield client


@pytest.fixture
async def _hfortix_async_client(fortigate: FortiGateEmulator) -> AsyncIterator[FortiOS[Any]]:
    """The async client behind `fortios` in async tests (closed in the test's own event loop)."""
    from hfortix import FortiOS

    host, options = _client_arguments(fortigate)
    async with FortiOS(host, mode="async", **options) as client:
        yield client

