"""The two modes a FortiOS client runs in, as types, so a type checker can tell them apart."""

from typing import TYPE_CHECKING, Any, Literal


class SyncMode:
    """Calls return their value."""


class AsyncMode:
    """Calls return a coroutine of their value: `await` it (asyncio or trio)."""


ModeName = Literal["sync", "async"]

if TYPE_CHECKING:  # PEP 696 defaults exist from Python 3.13; typing_extensions has them for checkers
    from typing_extensions import TypeVar

    #: The mode of a client and of its endpoint tree. Its default, Any, is "mode not known": a
    #: bare `FortiOS` annotation is `FortiOS[Any]`, whose tree type checkers take as Any.
    M = TypeVar("M", bound="SyncMode | AsyncMode", default=Any)
else:  # at run time a plain TypeVar: importing hfortix must not import typing_extensions
    from typing import TypeVar

    M = TypeVar("M")
