"""The two modes a FortiOS client runs in, as types, so a type checker can tell them apart."""

from typing import Literal


class SyncMode:
    """Calls return their value."""


class AsyncMode:
    """Calls return a coroutine of their value: `await` it (asyncio or trio)."""


ModeName = Literal["sync", "async"]
