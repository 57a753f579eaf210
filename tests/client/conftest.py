"""`flavor`: one test body for sync mode, asyncio and trio (with tests/support/modes.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sync", "asyncio", "trio"])
def flavor(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def anyio_backend(flavor: str) -> str:
    return "trio" if flavor == "trio" else "asyncio"
