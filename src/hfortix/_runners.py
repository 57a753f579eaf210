"""Where plans meet transports: one runner per mode.

A runner owns the transport, bounds concurrency (`max_concurrency`) and logs what the plans
yield (`_logs`: a line per attempt, a warning per retry). Everything FortiOS-specific, logins
shared by concurrent calls included, stays in the plans of hfortix.core.
"""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any, TypeVar

from hfortix.core import Request, Response, Wait, run_async, run_sync
from hfortix.core.errors import ConfigurationError, FortiOSError
from hfortix.core.plans import Plan, Session
from hfortix.core.plans import logout as logout_plan

from . import _logs
from ._runtime import runtime_import

T = TypeVar("T")
_log = _logs.attempt


class SyncRunner:
    """The sync runner; hfortix's own transport is made at the first call (`make_transport`),
    so a client made and never used imports no socket or HTTP code."""

    def __init__(self, session: Session, transport: Any, max_concurrency: int | None,
                 make_transport: Callable[[], Any] | None = None) -> None:
        self.session = session
        self._transport = transport
        self._make_transport = make_transport
        self._making = threading.Lock()  # threads sharing a client make one transport
        self._slots = threading.BoundedSemaphore(max_concurrency) if max_concurrency else None
        self.closed = False

    @property
    def transport(self) -> Any:
        transport = self._transport
        if transport is None:
            with self._making:
                if self._transport is None:
                    assert self._make_transport is not None
                    self._transport = self._make_transport()
                transport = self._transport
        return transport

    def release(self) -> None:
        """Close the transport, if one was made (the client's finalizer, and close())."""
        with self._making:
            transport, self._make_transport = self._transport, None
        if transport is not None:
            transport.close()

    def send(self, request: Request) -> Response:
        started = time.perf_counter()
        try:
            if self._slots is None:
                response: Response = self.transport.send(request)
            else:
                with self._slots:
                    response = self.transport.send(request)
        except FortiOSError as exc:
            _log(request, type(exc).__name__, started)
            raise
        _log(request, response.status_code, started)
        return response

    def run(self, make_plan: Callable[[], Plan]) -> Any:
        if self.closed:
            raise ConfigurationError("this FortiOS client is closed")
        return run_sync(make_plan(), self.send, time.sleep, on_wait=self._retrying)

    def _retrying(self, wait: Wait) -> None:
        _logs.retry(wait, self.session.retry.retries)

    def pages(self, make_plan: Callable[[Any], Callable[[], Plan]], cursor: Any) -> Iterator[Any]:
        """The items of a paged plan, one plan per page (see `FortiOS._pages`)."""
        while cursor is not None:
            items, cursor = self.run(make_plan(cursor))
            yield from items

    def run_all(self, make_plans: Sequence[Callable[[], Plan]], limit: int,
                progress: Callable[[int, int], object] | None) -> list[Any]:
        """Each plan's result in order, one after another (`limit` is for async mode)."""
        results = []
        for done, make_plan in enumerate(make_plans, 1):
            results.append(self.run(make_plan))
            if progress is not None:
                progress(done, len(make_plans))
        return results

    def close(self) -> None:
        if self.closed:
            return
        try:
            run_sync(logout_plan(self.session), self.send, time.sleep)
        finally:
            self.closed = True
            self.release()


class AsyncRunner:
    """The async runner; the transport and the locks are made on first use, inside the loop."""

    def __init__(
        self, session: Session, transport: Any, max_concurrency: int | None,
        make_transport: Callable[[], Any],
    ) -> None:
        self.session = session
        self.transport = transport
        self._make_transport = make_transport
        self._max_concurrency = max_concurrency
        self._slots: Any = None
        self._loop: object = None  # the event loop the semaphore belongs to
        self.closed = False
        # Looked up once per client, not on every call: the facade's own imports (core and the
        # plans never see an event loop), made at run time only (see hfortix/_runtime.py).
        self._anyio: Any = runtime_import("anyio")
        self._current_loop: Callable[[], object] = runtime_import("hfortix.transports._loops").current_loop

    def _prepare(self) -> None:
        if self.transport is None:
            self.transport = self._make_transport()
        if not self._max_concurrency:
            return  # no semaphore, so nothing here belongs to a loop (the transport minds its own)
        loop = self._current_loop()
        if loop is not self._loop:
            # A new loop (a second asyncio.run() in a notebook): the old loop's semaphore
            # and its waiters belong to it, so this loop gets its own.
            self._loop = loop
            self._slots = self._anyio.Semaphore(self._max_concurrency)

    async def send(self, request: Request) -> Response:
        started = time.perf_counter()
        try:
            if self._slots is None:
                response: Response = await self.transport.send(request)
            else:
                async with self._slots:
                    response = await self.transport.send(request)
        except FortiOSError as exc:
            _log(request, type(exc).__name__, started)
            raise
        _log(request, response.status_code, started)
        return response

    async def run(self, make_plan: Callable[[], Plan]) -> Any:
        if self.closed:
            raise ConfigurationError("this FortiOS client is closed")
        self._prepare()
        return await run_async(make_plan(), self.send, self._anyio.sleep, on_wait=self._retrying)

    def _retrying(self, wait: Wait) -> None:
        _logs.retry(wait, self.session.retry.retries)

    async def pages(self, make_plan: Callable[[Any], Callable[[], Plan]], cursor: Any) -> AsyncIterator[Any]:
        """The items of a paged plan, one plan per page (see `FortiOS._pages`)."""
        while cursor is not None:
            items, cursor = await self.run(make_plan(cursor))
            for item in items:
                yield item

    async def run_all(self, make_plans: Sequence[Callable[[], Plan]], limit: int,
                      progress: Callable[[int, int], object] | None) -> list[Any]:
        """Each plan's result in order, with up to `limit` plans running at once."""
        results: list[Any] = [None] * len(make_plans)
        jobs = iter(enumerate(make_plans))  # shared: each worker takes the next plan
        done = 0

        async def worker() -> None:
            nonlocal done
            for index, make_plan in jobs:
                results[index] = await self.run(make_plan)
                done += 1
                if progress is not None:
                    progress(done, len(make_plans))

        try:
            async with self._anyio.create_task_group() as workers:
                for _ in range(min(limit, len(make_plans))):
                    workers.start_soon(worker)
        except BaseExceptionGroup as group:  # one worker's failure is the failure, not a group of it
            if len(group.exceptions) == 1:
                raise group.exceptions[0] from None
            raise
        return results

    async def aclose(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.transport is None:
            return
        try:
            await run_async(logout_plan(self.session), self.send, self._anyio.sleep)
        finally:
            await self.transport.aclose()

    def warn_if_unclosed(self) -> None:
        if not self.closed and self.transport is not None:
            warnings.warn(
                "an async FortiOS client was garbage-collected without 'await fgt.aclose()' "
                "or 'async with': its connections were not closed cleanly",
                ResourceWarning,
                stacklevel=2,
            )
