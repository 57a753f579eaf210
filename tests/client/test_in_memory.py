"""Users' unit tests need no sockets: FortiOS over the in-memory transports and the emulator app."""

from __future__ import annotations

import pytest

from hfortix import FortiOS, ResourceAlreadyExistsError
from hfortix.emulator.app import EmulatorApp
from hfortix.transports import AsyncInMemoryTransport, InMemoryTransport


def test_sync_client_over_the_app() -> None:
    app = EmulatorApp(token="unit-test-token")
    with FortiOS("fortigate.test", token="unit-test-token", transport=InMemoryTransport(app)) as fgt:
        fgt.api.cmdb.firewall.address.create(name="web", subnet="10.0.0.0/8")
        with pytest.raises(ResourceAlreadyExistsError):
            fgt.api.cmdb.firewall.address.create(name="web", subnet="10.0.0.0/8")
    assert app.get_object("firewall", "address", "web")["subnet"] == "10.0.0.0 255.0.0.0"


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.anyio
async def test_async_client_over_the_app_with_a_session(anyio_backend: str) -> None:
    app = EmulatorApp(username="admin", password="pw")
    transport = AsyncInMemoryTransport(app)
    async with FortiOS("fortigate.test", username="admin", password="pw", mode="async", transport=transport) as fgt:
        await fgt.api.cmdb.firewall.address.create(name="db", subnet="10.1.0.1/32")
        assert await fgt.api.cmdb.firewall.address.exists("db")
        assert app.sessions  # logged in through the app
    assert not app.sessions  # and logged out on close
