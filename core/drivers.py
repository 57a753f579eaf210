"""The only place a plan meets I/O: one sync driver and one async driver for every plan.

A plan is a generator that yields `Request` (answered with a `Response`) or `Wait`
(answered with None once the time has passed) and returns its result.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import TypeVar

from ._http import Request, Response, Wait

T = TypeVar("T")
Step = Request | Wait
Plan = Generator[Step, Response | None, T]


def run_sync(plan: Plan[T], send: Callable[[Request], Response], sleep: Callable[[float], object]) -> T:
    """Drive `plan` to its result with a blocking `send` and `sleep`."""
    try:
        step = next(plan)
        while True:
            if isinstance(step, Wait):
                sleep(step.seconds)
                step = plan.send(None)
            else:
                try:
                    response = send(step)
                except BaseException as exc:  # let the plan see (and maybe handle) I/O errors
                    step = plan.throw(exc)
                else:
                    step = plan.send(response)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    finally:
        plan.close()


async def run_async(
    plan: Plan[T],
    send: Callable[[Request], Awaitable[Response]],
    sleep: Callable[[float], Awaitable[object]],
) -> T:
    """Drive `plan` to its result with an awaitable `send` and `sleep` (any event loop)."""
    try:
        step = next(plan)
        while True:
            if isinstance(step, Wait):
                await sleep(step.seconds)
                step = plan.send(None)
            else:
                try:
                    response = await send(step)
                except BaseException as exc:
                    step = plan.throw(exc)
                else:
                    step = plan.send(response)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    finally:
        plan.close()
