"""The two modes a FortiOS client runs in, as types, so a type checker can tell them apart."""

from typing import TYPE_CHECKING, Any, Literal


class SyncMode:
    """Calls return their value."""


class AsyncMode:
    """Calls return a coroutine of their value: `await` it (asyncio or trio)."""


class AnyMode:
    """The mode is not known to the type checker (a bare `FortiOS` annotation): calls type as Any.

    Never a real client's mode. The stubs' first overload of every call takes `self` in this
    mode, which only a client whose mode is Any matches, so mypy answers Any instead of
    picking the sync overload; pyright answers Any there on its own.
    """


ModeName = Literal["sync", "async"]

if TYPE_CHECKING:  # PEP 696 defaults exist from Python 3.13; typing_extensions has them for checkers
    from typing_extensions import TypeVar

    #: The mode of a client and of its endpoint tree; a bare `FortiOS` is `FortiOS[Any]`.
    M = TypeVar("M", bound="SyncMode | AsyncMode | AnyMode", default=Any)
else:  # at run time a plain TypeVar: importing hfortix must not import typing_extensions
    from typing import TypeVar

    M = TypeVar("M")
