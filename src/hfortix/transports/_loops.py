"""Which event loop is running, and a way to run cleanup inside it before it ends.

An async transport's connections, events and locks belong to the loop that made them. A
notebook (or a script) may call one client from several `asyncio.run()`s in turn: each
loop gets its own state, and when a loop ends, the async generator made by
`finalize_at_loop_end` is closed *by that loop* (asyncio.run and trio.run both close the
async generators still alive), so its connections are closed while their loop still runs.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncGenerator, Awaitable, Callable

import sniffio

from hfortix.core.errors import ConfigurationError

__all__ = ["current_loop", "finalize_at_loop_end", "loop_clock", "running_library"]

_SUPPORTED_LIBRARIES = ("asyncio", "trio")


def running_library() -> str:
    try:
        library = sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError as exc:
        raise ConfigurationError("no asyncio or trio event loop is running here") from exc
    if library not in _SUPPORTED_LIBRARIES:
        raise ConfigurationError(f"hfortix's async transports run under asyncio or trio, not {library}")
    return library


def loop_clock(loop: object) -> Callable[[], float]:
    """The clock of `loop` (from `current_loop()`), which its cancel scope deadlines use."""
    time = getattr(loop, "time", None)  # an asyncio loop; a trio token has none
    if callable(time):
        clock: Callable[[], float] = time
        return clock
    return sys.modules["trio"].current_time  # type: ignore[no-any-return]


def current_loop() -> object:
    """The running loop itself (asyncio) or its token (trio): compare with `is`."""
    if running_library() == "asyncio":
        import asyncio

        return asyncio.get_running_loop()
    trio = sys.modules["trio"]  # a trio loop is running, so trio is imported
    return trio.lowlevel.current_trio_token()


async def finalize_at_loop_end(cleanup: Callable[[], Awaitable[None]]) -> AsyncGenerator[None, None]:
    """Start with `agen = finalize_at_loop_end(f); await agen.asend(None)` in the loop; keep `agen`.

    `f()` runs when the loop shuts down (or when the owner calls `await agen.aclose()`).
    """
    try:
        yield
    finally:
        await cleanup()
