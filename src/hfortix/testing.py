"""Test helpers: a FortiGate emulator on loopback, started and stopped by a context manager.

    with FortiGateEmulator() as emu:                     # sync code: served from a background thread
        with FortiOS(emu.host, token=emu.token, verify=emu.ca) as fgt:
            ...

    async with FortiGateEmulator() as emu:               # async code: a task in the running loop
        ...                                              # (asyncio or trio)

`emu.app` is the emulator's state (assert on it), `emu.stats` what the server saw (request
counts, the most requests in flight at once, a log of (method, target)), and `emu.faults` /
`emu.inject(...)` make requests fail on purpose. The app, the stats and the fault script live
as long as the `FortiGateEmulator` object: enter it again and the same FortiGate "reboots"
with its configuration (on a new port when `port=0`). With `state_dir=`, the CA and the
configuration also outlive the object (and the process).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import ssl
from collections.abc import Sequence
from types import TracebackType
from typing import Any

import anyio
import anyio.abc
import anyio.from_thread

from hfortix.emulator.faults import FaultInjector, FaultKind, Faults
from hfortix.emulator.server import (
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_CONNECTIONS,
    App,
    EmulatorServer,
    ServerStats,
)
from hfortix.emulator.state import StateDir

__all__ = ["FaultInjector", "Faults", "FortiGateEmulator", "ServerStats"]

BACKENDS = ("asyncio", "trio")


class FortiGateEmulator:
    """A FortiGate on loopback: HTTPS (its own CA, see `ca`) unless `http=True`.

    * `host`, `port`: where to listen; port 0 picks a free port (see `port` once running).
    * `token`, `username`/`password`, `vdoms`, `firmware`, `seed` and `**app_options`
      (`readonly_token`, `serial`, `hostname`, `lockout_threshold`, …) configure the
      `EmulatorApp`; with neither token nor user, the app makes a random token (`token`).
    * `latency_ms` slows every answer (shorthand for ``Faults(latency_ms=…)``); `faults`
      sets fault rates; `seed` also seeds the fault decisions.
    * `backend`: the event loop of the background thread used by ``with`` ("asyncio" or
      "trio"); ``async with`` always runs in the caller's loop.
    * `app`: serve this object instead of building an `EmulatorApp` (then leave the app
      options out).
    * `config`: a FortiOS configuration (a backup) to start from: a path to the file, or the
      text itself (a `str` with a line break in it).
    * `state_dir`: a folder that keeps the CA and the configuration across restarts (the
      configuration is saved there within `SAVE_EVERY` seconds of each change while it serves
      and when it stops, and loaded when the emulator is made).
    * `max_connections`, `header_timeout`, `idle_timeout`, `max_body_bytes`: the server's
      limits (see `EmulatorServer`).
    """

    def __init__(
        self,
        *,
        http: bool = False,
        port: int = 0,
        host: str = "127.0.0.1",
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        vdoms: Sequence[str] = ("root",),
        firmware: str = "7.6.5",
        latency_ms: float = 0,
        seed: int = 0,
        faults: Faults | None = None,
        backend: str = "asyncio",
        app: App | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        config: str | os.PathLike[str] | None = None,
        state_dir: str | os.PathLike[str] | None = None,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        header_timeout: float = DEFAULT_HEADER_TIMEOUT,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        **app_options: Any,
    ) -> None:
        if not isinstance(http, bool):
            raise TypeError(f"http must be True or False, got {http!r}")
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
        if faults is not None and not isinstance(faults, Faults):
            raise TypeError(f"faults must be a Faults instance or None, got {type(faults).__name__}")
        fault_rates = faults if faults is not None else Faults()
        if latency_ms:
            if fault_rates.latency_ms:
                raise ValueError("give latency_ms either as an argument or inside faults, not both")
            fault_rates = dataclasses.replace(fault_rates, latency_ms=latency_ms)  # validated by Faults
        if app is None:
            from hfortix.emulator.app import EmulatorApp  # the app is large: load it only when used

            app = EmulatorApp(
                token=token, username=username, password=password, vdoms=tuple(vdoms),
                firmware=firmware, seed=seed, config=read_config(config), **app_options,
            )
        else:
            given = {"token": token, "username": username, "password": password, "config": config}
            given.update(app_options)
            clashing = sorted(name for name, value in given.items() if value is not None)
            if clashing or tuple(vdoms) != ("root",) or firmware != "7.6.5":
                clashing += ["vdoms"] if tuple(vdoms) != ("root",) else []
                clashing += ["firmware"] if firmware != "7.6.5" else []
                ignored = ", ".join(clashing)
                raise ValueError(f"app= was given, so these app options would be ignored: {ignored}")
        self.app: Any = app
        self.http = http
        self.backend = backend
        self.faults = FaultInjector(fault_rates, seed=seed)
        self.stats = ServerStats()
        self._token = token
        self.state = StateDir(state_dir) if state_dir is not None else None
        if self.state is not None:
            if not callable(getattr(app, "backup", None)) or not callable(getattr(app, "load_config", None)):
                raise TypeError("state_dir= keeps an EmulatorApp's configuration: this app has no backup()")
            self.state.restore(app)
        self._server_options: dict[str, Any] = dict(
            host=host, port=port, tls=not http, faults=self.faults, stats=self.stats,
            max_body_bytes=max_body_bytes, max_connections=max_connections,
            header_timeout=header_timeout, idle_timeout=idle_timeout,
            state_dir=state_dir,
        )
        EmulatorServer(app, **self._server_options)  # checks host, port and the rest now rather than at start
        self._server: EmulatorServer | None = None
        self._running = False
        self._exit_stack: contextlib.ExitStack | None = None
        self._serve_future: Any = None
        self._task_group: anyio.abc.TaskGroup | None = None
        self._keeper: anyio.CancelScope | None = None  # async mode: the state keeper's scope

    # -- what tests use ----------------------------------------------------------------------

    @property
    def token(self) -> str | None:
        """The API token to use (the app's own if it made one up)."""
        return getattr(self.app, "token", self._token)

    @property
    def host(self) -> str:
        """``127.0.0.1:PORT``: what `FortiOS(host)` takes."""
        return self._live_server().host

    @property
    def url(self) -> str:
        """``https://127.0.0.1:PORT`` (``http://`` with `http=True`)."""
        return self._live_server().url

    @property
    def port(self) -> int:
        port = self._live_server().port
        assert port is not None
        return port

    @property
    def ca(self) -> str:
        """Path of the CA certificate (PEM) to verify the emulator with (``verify=emu.ca``).

        Raises RuntimeError with `http=True`: plain HTTP has no certificate to trust."""
        ca = self._live_server().ca_path
        if ca is None:
            raise RuntimeError("this emulator serves plain HTTP (http=True): it has no CA to verify it with")
        return ca

    def ssl_context(self) -> ssl.SSLContext:
        """A client `SSLContext` trusting only this emulator's CA (e.g. for httpx's ``verify=``)."""
        return ssl.create_default_context(cafile=self.ca)

    def inject(
        self,
        kind: FaultKind | str | int,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Make the next `count` requests fail as `kind`: see `FaultInjector.next`."""
        self.faults.next(kind, count, method=method, path=path, retry_after=retry_after)

    @property
    def running(self) -> bool:
        return self._running

    def __repr__(self) -> str:
        where = self.url if self._running else "stopped"
        return f"<FortiGateEmulator {where}>"

    def _save_state(self) -> None:
        if self.state is not None:
            self.state.save(self.app)

    def _live_server(self) -> EmulatorServer:
        if not self._running or self._server is None:
            raise RuntimeError(
                "the emulator is not running: use 'with FortiGateEmulator(...) as emu:' "
                "(or 'async with') and read addresses inside the block"
            )
        return self._server

    def _fresh_server(self) -> EmulatorServer:
        if self._running:
            raise RuntimeError("this emulator is already running; a FortiGateEmulator runs once at a time")
        return EmulatorServer(self.app, **self._server_options)  # a server serves once; the app lives on

    # -- sync: a background thread with its own event loop ---------------------------------

    def __enter__(self) -> FortiGateEmulator:
        server = self._fresh_server()
        with contextlib.ExitStack() as stack:
            portal = stack.enter_context(anyio.from_thread.start_blocking_portal(self.backend))
            self._serve_future, _ = portal.start_task(server.serve)  # returns once it listens
            stack.callback(self._stop_in_thread, portal, server)
            if self.state is not None:
                keeping, keeper = portal.start_task(self._keep_state)
                stack.callback(keeping.result)
                stack.callback(portal.call, keeper.cancel)
            self._exit_stack = stack.pop_all()
        self._server = server
        self._running = True
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        stack, self._exit_stack = self._exit_stack, None
        if stack is None:
            raise RuntimeError("__exit__ without __enter__: this emulator was not started with 'with'")
        try:
            stack.close()
        finally:
            self._running = False
            self._save_state()

    async def _keep_state(self, *, task_status: anyio.abc.TaskStatus[anyio.CancelScope]) -> None:
        """Save the configuration soon after each change while serving (StateDir.keep), until
        the scope it reports is cancelled; the save at the end is `_save_state`'s."""
        assert self.state is not None
        with anyio.CancelScope() as scope:
            task_status.started(scope)
            await self.state.keep(self.app)

    def _stop_in_thread(self, portal: anyio.from_thread.BlockingPortal, server: EmulatorServer) -> None:
        future, self._serve_future = self._serve_future, None
        portal.call(server.stop)
        future.result()  # a crash of the server surfaces here

    # -- async: a task in the caller's event loop -------------------------------------------

    async def __aenter__(self) -> FortiGateEmulator:
        server = self._fresh_server()
        task_group = anyio.create_task_group()
        await task_group.__aenter__()
        try:
            await task_group.start(server.serve)
            self._keeper = await task_group.start(self._keep_state) if self.state is not None else None
        except BaseException as exc:
            await task_group.__aexit__(type(exc), exc, exc.__traceback__)
            raise
        self._task_group = task_group
        self._server = server
        self._running = True
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> bool | None:
        task_group, self._task_group = self._task_group, None
        if task_group is None or self._server is None:
            raise RuntimeError("__aexit__ without __aenter__: the emulator was not started with 'async with'")
        try:
            if self._keeper is not None:
                self._keeper.cancel()
            self._server.stop()
            return await task_group.__aexit__(exc_type, exc, traceback)
        finally:
            self._running = False
            self._save_state()


def read_config(config: str | os.PathLike[str] | None) -> str | None:
    """Configuration text from `config`: the text itself (a str with a line break), else a file."""
    if config is None or (isinstance(config, str) and "\n" in config):
        return config
    try:
        with open(config, encoding="utf-8") as file:
            return file.read()
    except OSError as exc:
        raise ValueError(f"cannot read the configuration file {os.fspath(config)!r}: {exc.strerror}") from exc
