"""The only place a plan meets I/O: one driver, run with blocking or awaitable I/O.

A plan is a generator that yields `Request` (answered with a `Response`) or `Wait`
(answered with None once the time has passed) and returns its result. `_drive` walks any
plan; `run_async` awaits it, and `run_sync` steps the very same coroutine by hand: its
`send` and `sleep` are wrapped in coroutines that never suspend, so it finishes in one step
and needs no event loop. The loop is written once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar

from ._http import Request, Response, Wait

T = TypeVar("T")
Step = Request | Wait
Plan = Generator[Step, Any, T]


async def _drive(
    plan: Plan[T],
    send: Callable[[Request], Awaitable[Response]],
    sleep: Callable[[float], Awaitable[object]],
    on_wait: Callable[[Wait], object] | None,
) -> T:
    try:
        step = next(plan)
        while True:
            if isinstance(step, Wait):
                if on_wait is not None:
                    on_wait(step)
                await sleep(step.seconds)
                step = plan.send(None)
                continue
            try:
                response = await send(step)
            except Exception as exc:  # the plan sees I/O errors (to retry); cancellation passes by
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
    *,
    on_wait: Callable[[Wait], object] | None = None,
) -> T:
    """Drive `plan` to its result with an awaitable `send` and `sleep` (any event loop);
    `on_wait` sees each Wait before it is slept (the runner logs retries there)."""
    return await _drive(plan, send, sleep, on_wait)


def run_sync(plan: Plan[T], send: Callable[[Request], Response], sleep: Callable[[float], object], *,
             on_wait: Callable[[Wait], object] | None = None) -> T:
    """Drive `plan` to its result with a blocking `send` and `sleep` (and `on_wait`, as run_async)."""

    async def send_now(request: Request) -> Response:
        return send(request)

    async def sleep_now(seconds: float) -> object:
        return sleep(seconds)

    stepping = _drive(plan, send_now, sleep_now, on_wait)
    try:
        stepping.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    stepping.close()
    raise RuntimeError("a sync plan step tried to suspend: send and sleep must block, not await")
