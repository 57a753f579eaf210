"""Many FortiGates at once: `Fleet(...).map(fn)` calls `fn(client)` on each and keeps every answer.

    fleet = Fleet.from_inventory("fleet.toml", mode="async")
    results = await fleet.map(lambda fgt: fgt.api.monitor.system.status.get(), max_concurrency=50)
    for result in results:
        print(result.name, result.value if result.ok else result.error)

One device's failure never stops the others: each `DeviceResult` holds a value or the error.
In async mode (asyncio or trio) up to `max_concurrency` devices are worked on at once as tasks;
in sync mode as many threads (a thread per device in flight: blocking clients need one each).

A device is plain data (`Device`, picklable), so an inventory can be split over the workers of
Celery, Ray or Dask and each part run with its own `Fleet` there; hfortix has no distribution
layer of its own. A device from the inventory gets a client of its own for the time `fn` runs
on it (opened before, closed after, so at most `max_concurrency` are open); a `FortiOS` client
given as a member is used as it is and left open for its owner.
"""

from __future__ import annotations

import contextlib
import inspect
import os
from collections.abc import Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, overload

from hfortix.core.errors import ConfigurationError, FortiOSError

from . import progress as progress_bars
from ._runtime import runtime_import
from .client import FortiOS
from .modes import AsyncMode, SyncMode

__all__ = ["Device", "DeviceResult", "Fleet", "load_inventory"]

M = TypeVar("M", SyncMode, AsyncMode)
T = TypeVar("T")

_TOKEN_KEYS = frozenset({"token", "token_env"})
_SESSION_KEYS = frozenset({"username", "password", "password_env"})
#: How long closing a device's client (a session's logout) may take after `fn` is done.
CLOSE_SECONDS = 10.0
#: The keys a `[[device]]` (or `[defaults]`) table of an inventory may have.
DEVICE_KEYS = frozenset({"name", "host", "token", "token_env", "username", "password", "password_env", "ca",
                         "insecure", "vdom"})


@dataclass(frozen=True, slots=True)
class Device:
    """One FortiGate: where it is and how to log in. Plain, picklable data (no connection)."""

    name: str
    host: str
    token: str | None = field(default=None, repr=False)
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    ca: str | None = None  # CA bundle (PEM) that signed the FortiGate's certificate
    insecure: bool = False  # no certificate checks at all
    vdom: str | tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for name in ("name", "host"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ConfigurationError(f"a device needs a {name} (a non-empty string), got {value!r}")
        where = f"device {self.name!r}"
        for name in ("token", "username", "password", "ca"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise ConfigurationError(f"{where}: {name} must be a non-empty string, got {type(value).__name__}")
        if not isinstance(self.insecure, bool):
            raise ConfigurationError(f"{where}: insecure must be true or false, got {self.insecure!r}")
        if self.insecure and self.ca is not None:
            raise ConfigurationError(f"{where}: give ca (check the certificate) or insecure (do not), not both")
        if self.token is not None and (self.username is not None or self.password is not None):
            raise ConfigurationError(f"{where}: give either a token or a username and password, not both")
        if self.token is None and (self.username is None or self.password is None):
            raise ConfigurationError(f"{where}: no credentials: give a token, or a username and a password")
        if isinstance(self.vdom, list):
            object.__setattr__(self, "vdom", tuple(self.vdom))
        vdoms = (self.vdom,) if isinstance(self.vdom, str) else self.vdom or ()
        if not isinstance(vdoms, tuple) or not all(isinstance(v, str) and v for v in vdoms):
            raise ConfigurationError(f"{where}: vdom must be a VDOM name or a list of them, got {self.vdom!r}")

    @property
    def verify(self) -> bool | str:
        """What `FortiOS(verify=)` gets: the CA bundle's path, True (the system's CAs) or False."""
        return self.ca if self.ca is not None else not self.insecure

    @overload
    def client(self, mode: Literal["sync"] = "sync", *, verify: Any = None, **options: Any) -> FortiOS[SyncMode]: ...
    @overload
    def client(self, mode: Literal["async"], *, verify: Any = None, **options: Any) -> FortiOS[AsyncMode]: ...
    def client(self, mode: str = "sync", *, verify: Any = None, **options: Any) -> Any:
        """A new `FortiOS` client for this device (`options`: any other `FortiOS` option;
        `verify`: an `ssl.SSLContext` to use instead of one made from `ca`/`insecure`)."""
        verify = self.verify if verify is None else verify
        vdom = list(self.vdom) if isinstance(self.vdom, tuple) else self.vdom
        return FortiOS(self.host, token=self.token, username=self.username, password=self.password,
                       verify=verify, vdom=vdom, mode=mode, **options)


@dataclass(frozen=True, slots=True)
class DeviceResult(Generic[T]):
    """What `fn` gave for one device: its `value`, or the `error` it raised (then `value` is None)."""

    name: str
    value: T | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def load_inventory(path: str | os.PathLike[str]) -> list[Device]:
    """The devices of a TOML inventory: a `[[device]]` table per FortiGate (`name`, `host`,
    `token` or `username` and `password`, `ca` or `insecure`, `vdom`), after an optional
    `[defaults]` table every device starts from. `token_env` / `password_env` name an
    environment variable to read the secret from, so the file need not hold it."""
    import tomllib  # here, not at the top: `import hfortix` need not pay for a TOML parser

    try:
        with open(path, "rb") as file:
            document = tomllib.load(file)
    except OSError as exc:
        raise ConfigurationError(f"cannot read the inventory {os.fspath(path)!r}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"the inventory {os.fspath(path)!r} is not valid TOML: {exc}") from None
    where = f"inventory {os.fspath(path)!r}"
    unknown = sorted(set(document) - {"device", "defaults"})
    if unknown:
        raise ConfigurationError(f"{where}: unknown table(s) {unknown}; it holds [[device]] and [defaults]")
    defaults = document.get("defaults", {})
    tables = document.get("device", [])
    if not isinstance(defaults, dict) or not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigurationError(f"{where}: devices are [[device]] tables and defaults one [defaults] table")
    if not tables:
        raise ConfigurationError(f"{where} lists no device: add a [[device]] table per FortiGate")
    devices = []
    for index, table in enumerate(tables, 1):
        # A device's own kind of credentials replaces the other kind from [defaults].
        dropped = _TOKEN_KEYS if _SESSION_KEYS & set(table) else _SESSION_KEYS if _TOKEN_KEYS & set(table) else set()
        entry = {**{key: value for key, value in defaults.items() if key not in dropped}, **table}
        label = f"{where}, device {entry.get('name', index)!r}"
        unknown = sorted(set(entry) - DEVICE_KEYS)
        if unknown:
            raise ConfigurationError(f"{label}: unknown key(s) {unknown}; known: {sorted(DEVICE_KEYS)}")
        for secret in ("token", "password"):
            variable = entry.pop(f"{secret}_env", None)
            if variable is not None and secret not in table:  # a device's own secret wins over a default's variable
                value = os.environ.get(str(variable))
                if not value:
                    raise ConfigurationError(f"{label}: {secret}_env names {variable!r}, which is not set")
                entry[secret] = value
        try:
            devices.append(Device(**entry))
        except ConfigurationError as exc:
            raise ConfigurationError(f"{where}: {exc}") from None
    _check_unique(device.name for device in devices)
    return devices


def _check_unique(names: Iterable[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ConfigurationError(f"two members of the fleet are named {name!r}: names must be unique")
        seen.add(name)


Member = Device | FortiOS[Any]


class Fleet(Generic[M]):
    """Several FortiGates worked on together (see the module doc).

    `members`: `Device`s (each gets a client of its own while `fn` runs) and/or `FortiOS`
    clients of the fleet's mode (used as they are; named by their host). `client_options` go
    to every client the fleet makes (`timeout=`, `retries=`, `firmware=`, ...).
    """

    @overload
    def __init__(self: Fleet[SyncMode], members: Iterable[Device | FortiOS[SyncMode]], *,
                 mode: Literal["sync"] = "sync", **client_options: Any) -> None: ...
    @overload
    def __init__(self: Fleet[AsyncMode], members: Iterable[Device | FortiOS[AsyncMode]], *,
                 mode: Literal["async"], **client_options: Any) -> None: ...
    def __init__(self, members: Iterable[Member], *, mode: str = "sync", **client_options: Any) -> None:
        if mode not in ("sync", "async"):
            raise ConfigurationError(f"mode must be 'sync' or 'async', got {mode!r}")
        if isinstance(members, (str, bytes, Mapping)) or not isinstance(members, Iterable):
            raise ConfigurationError(f"a fleet is made of Devices and FortiOS clients, got {type(members).__name__}")
        self.mode = mode
        self.members: tuple[Member, ...] = tuple(members)
        for member in self.members:
            if isinstance(member, FortiOS):
                if member.mode != mode:
                    raise ConfigurationError(f"the client of {member.host} is in {member.mode} mode; "
                                             f"this fleet is in {mode} mode")
            elif not isinstance(member, Device):
                raise ConfigurationError(f"a fleet member is a Device or a FortiOS client, "
                                         f"got {type(member).__name__}")
        _check_unique(self.names)
        self.client_options = client_options
        self._contexts: dict[bool | str, Any] = {}

    def _verify(self, device: Device) -> Any:
        """One SSLContext per CA bundle for the whole fleet: making one per client costs 1 to 70 ms
        (the system's CAs), far more than the rest of a status poll (see benchmarks/fleet_poll.py)."""
        if device.insecure:
            return False  # the transport's own context, and its warning
        context = self._contexts.get(device.verify)
        if context is None:
            import ssl  # here: `import hfortix.core` imports this package, and core imports no ssl

            try:
                folder = device.ca is not None and os.path.isdir(device.ca)  # an OpenSSL hashed CA directory
                context = ssl.create_default_context(cafile=None if folder else device.ca,
                                                     capath=device.ca if folder else None)
            except (OSError, ssl.SSLError) as exc:
                raise ConfigurationError(f"device {device.name!r}: cannot load the CA bundle {device.ca!r}: {exc}"
                                         ) from None
            context = self._contexts.setdefault(device.verify, context)
        return context

    @overload
    @classmethod
    def from_inventory(cls, path: str | os.PathLike[str], *, mode: Literal["sync"] = "sync",
                       **client_options: Any) -> Fleet[SyncMode]: ...
    @overload
    @classmethod
    def from_inventory(cls, path: str | os.PathLike[str], *, mode: Literal["async"],
                       **client_options: Any) -> Fleet[AsyncMode]: ...
    @classmethod
    def from_inventory(cls, path: str | os.PathLike[str], *, mode: str = "sync", **client_options: Any) -> Any:
        """The fleet of a TOML inventory file (see `load_inventory`)."""
        return cls(load_inventory(path), mode=mode, **client_options)  # type: ignore[call-overload]

    @property
    def names(self) -> list[str]:
        return [member.name if isinstance(member, Device) else member.host for member in self.members]

    def __len__(self) -> int:
        return len(self.members)

    def __repr__(self) -> str:
        return f"<Fleet of {len(self.members)} FortiGate(s), mode={self.mode}>"

    @overload
    def map(self: Fleet[SyncMode], fn: Callable[[FortiOS[SyncMode]], T], *, max_concurrency: int = 50,
            progress: progress_bars.Progress = None) -> list[DeviceResult[T]]: ...
    @overload
    def map(self: Fleet[AsyncMode], fn: Callable[[FortiOS[AsyncMode]], Coroutine[Any, Any, T]], *,
            max_concurrency: int = 50,
            progress: progress_bars.Progress = None) -> Coroutine[Any, Any, list[DeviceResult[T]]]: ...
    def map(self, fn: Callable[[Any], Any], *, max_concurrency: int = 50,
            progress: progress_bars.Progress = None) -> Any:
        """`fn(client)` for every member, up to `max_concurrency` at once; one `DeviceResult` per
        member, in member order. An exception `fn` raises becomes that device's `error` (the
        others go on); KeyboardInterrupt and cancellation stop the run. `progress=True` draws a
        bar on a terminal; a callable gets `(done, total)` after each device."""
        if not callable(fn):
            raise ConfigurationError(f"fn must be a callable taking a client, got {type(fn).__name__}")
        if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int) or max_concurrency < 1:
            raise ConfigurationError(f"max_concurrency must be a positive integer, got {max_concurrency!r}")
        progress_bars.check(progress)
        if self.mode == "sync":
            if inspect.iscoroutinefunction(fn):
                raise ConfigurationError("fn is a coroutine function: use a Fleet(..., mode='async')")
            return self._map_threads(fn, max_concurrency, progress)
        return self._map_tasks(fn, max_concurrency, progress)

    # -- sync: threads ---------------------------------------------------------------------

    def _map_threads(self, fn: Callable[[Any], Any], limit: int, progress: progress_bars.Progress) -> list[Any]:
        from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

        results: list[Any] = [None] * len(self.members)
        if not self.members:
            return results
        executor = ThreadPoolExecutor(max_workers=min(limit, len(self.members)), thread_name_prefix="hfortix-fleet")
        try:
            with progress_bars.reporting(progress, "FortiGates") as report:
                pending: dict[Future[Any], int] = {executor.submit(self._one_sync, fn, member): index
                                                   for index, member in enumerate(self.members)}
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:  # devices that finished together are reported one by one
                        results[pending.pop(future)] = future.result()
                        if report is not None:
                            report(len(self.members) - len(pending), len(self.members))
        finally:  # Ctrl+C: devices not started yet are not started; those in flight finish
            executor.shutdown(wait=True, cancel_futures=True)
        return results

    def _one_sync(self, fn: Callable[[Any], Any], member: Member) -> DeviceResult[Any]:
        name = member.name if isinstance(member, Device) else member.host
        try:
            if isinstance(member, FortiOS):
                return DeviceResult(name, _plain(fn(member)))
            with member.client("sync", verify=self._verify(member), **self.client_options) as client:
                return DeviceResult(name, _plain(fn(client)))
        except Exception as exc:  # one device's failure, whatever it is, is that device's alone
            return DeviceResult(name, None, exc)

    # -- async: tasks ----------------------------------------------------------------------

    async def _map_tasks(self, fn: Callable[[Any], Any], limit: int, progress: progress_bars.Progress) -> list[Any]:
        anyio = runtime_import("anyio")
        results: list[Any] = [None] * len(self.members)
        jobs = iter(enumerate(self.members))  # shared: each worker takes the next device
        done = 0
        with progress_bars.reporting(progress, "FortiGates") as report:

            async def worker() -> None:
                nonlocal done
                for index, member in jobs:
                    results[index] = await self._one_async(fn, member)
                    done += 1
                    if report is not None:
                        report(done, len(self.members))

            async with anyio.create_task_group() as workers:
                for _ in range(min(limit, len(self.members))):
                    workers.start_soon(worker)
        return results

    async def _one_async(self, fn: Callable[[Any], Any], member: Member) -> DeviceResult[Any]:
        name = member.name if isinstance(member, Device) else member.host
        client = member if isinstance(member, FortiOS) else None
        try:
            if client is None:
                assert isinstance(member, Device)
                client = member.client("async", verify=self._verify(member), **self.client_options)
                try:
                    return DeviceResult(name, await _awaited(fn(client)))
                finally:
                    await _close_quietly(client)
            return DeviceResult(name, await _awaited(fn(client)))
        except Exception as exc:  # one device's failure, whatever it is, is that device's alone
            return DeviceResult(name, None, exc)


def _plain(value: Any) -> Any:
    if inspect.isawaitable(value):
        close = getattr(value, "close", None)
        if callable(close):
            close()  # never awaited: close it so Python does not warn about it later
        raise ConfigurationError("fn returned an awaitable in a sync fleet: use Fleet(..., mode='async')")
    return value


async def _awaited(value: Any) -> Any:
    """`fn` may be a coroutine function or return a client call's coroutine: await either."""
    return await value if inspect.isawaitable(value) else value


async def _close_quietly(client: FortiOS[Any]) -> None:
    anyio = runtime_import("anyio")
    # Shielded (a cancelled run still logs its sessions out) but bounded, and quiet: the
    # device's answer is what matters; a failed logout is the session's own problem.
    with anyio.CancelScope(shield=True), anyio.move_on_after(CLOSE_SECONDS), contextlib.suppress(FortiOSError):
        await client.aclose()
