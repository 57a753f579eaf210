"""One test body for the three modes: a sync client's plain values and an async client's
awaitables and async iterators are resolved alike (see tests/client/test_configuration.py)."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from hfortix import FortiOS


async def resolve(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


async def take(rows: Any, count: int | None = None) -> list[Any]:
    """The first `count` rows (all when None) of a sync or async iterator."""
    taken: list[Any] = []
    if count == 0:
        return taken
    if hasattr(rows, "__anext__"):
        async for row in rows:
            taken.append(row)
            if len(taken) == count:
                break
    else:
        for row in rows:
            taken.append(row)
            if len(taken) == count:
                break
    return taken


@asynccontextmanager
async def connect(flavor: str, emu: Any, **options: Any) -> AsyncIterator[FortiOS[Any]]:
    """A client of `emu` in the flavor's mode ("sync", "asyncio" or "trio"), closed after."""
    mode = "sync" if flavor == "sync" else "async"
    if "transport" not in options:  # a transport of one's own carries its own TLS settings
        options.setdefault("verify", True if emu.http else emu.ca)
    if "username" not in options:
        options.setdefault("token", emu.token)
    fgt: FortiOS[Any] = FortiOS(emu.url, mode=mode, **options)
    try:
        yield fgt
    finally:
        if mode == "sync":
            fgt.close()
        else:
            await fgt.aclose()
