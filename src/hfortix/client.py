"""`FortiOS`: the class users meet. It joins hfortix.core (plans) to a transport (I/O)."""

from __future__ import annotations

import inspect
import os
import random
import time
import weakref
from collections.abc import Callable, Coroutine, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeAlias, TypedDict, Unpack, overload

from hfortix.core.auth import Auth, SessionAuth, TokenAuth
from hfortix.core.catalog import find as find_endpoint
from hfortix.core.errors import ConfigurationError
from hfortix.core.plans import Plan, RetryPolicy, Session, check_timeout, read_text
from hfortix.core.plans import send as send_plan
from hfortix.core.query import build_query, params_query
from hfortix.core.urls import api_path, base_url_for, normalize_request_path
from hfortix.core.versions import firmware_text

from ._runners import AsyncRunner, SyncRunner
from ._transport_choice import async_transport, check_options, sync_transport, transport_kind
from .api import _raw, _value
from .modes import AsyncMode, M, SyncMode
from .progress import Progress, reporting
from .transaction import Transaction, transaction_headers

if TYPE_CHECKING:  # importing the transports waits for the first client that needs one
    import ssl

    class PathLike(Protocol):
        """os.PathLike[str] to a type checker (pathlib.Path is one): naming os.PathLike would make
        pyright read the os stub (61 KB) for every script that builds a client."""

        def __fspath__(self) -> str: ...

    # `fgt.api` as type checkers see it, per mode: generated stubs (tools/build_stubs.py), never imported
    from ._tree import ApiAttribute
else:
    from .api import ApiAttribute

#: True (system CAs), False (no checks; warns once), a CA bundle path, or an ssl.SSLContext.
Verify: TypeAlias = "bool | str | PathLike | ssl.SSLContext"


class Timeouts(Protocol):
    """hfortix.transports.Timeouts (connect, read, write, pool seconds), described here so that a
    type checker reading this module need not read the transports behind them."""

    @property
    def connect(self) -> float: ...
    @property
    def read(self) -> float: ...
    @property
    def write(self) -> float: ...
    @property
    def pool(self) -> float: ...


class ClientOptions(TypedDict, total=False):
    """The keyword-only options of `FortiOS` (see its docstring and README)."""

    timeout: float | Timeouts | None
    retries: int
    backoff: float
    max_backoff: float
    max_concurrency: int | None
    page_size: int
    transport: Any
    login_flow: Literal["auto", "authentication", "logincheck"]
    token_in_query: bool
    max_connections: int | None
    firmware: str | None


_UNSET: Any = object()


class FortiOS(Generic[M]):
    """A client for one FortiGate.

    `FortiOS(host, token=...)` runs in sync mode: calls return values. With `mode="async"`
    calls return coroutines, under asyncio or trio (picked from the running loop on first
    use). `host` may carry a port or a scheme (`"10.0.0.1:8443"`, `"http://127.0.0.1:8080"`);
    `FORTIOS_HOST`, `FORTIOS_TOKEN`, `FORTIOS_USERNAME`, `FORTIOS_PASSWORD` fill what is not
    passed. A session (username/password) logs in on first use, renews once on a 401 and
    logs out on close. `firmware="auto"` learns the FortiOS version from the first answer;
    `firmware="7.2.8"` pins it; with a version known, an endpoint, field or option value that
    version lacks raises UnsupportedError before anything is sent (`firmware=None`: no checks).

    `transport`: None or "h11" (hfortix's own HTTP/1.1 client, direct), "httpx" (httpx, which
    also follows HTTP proxies named by the environment), or any transport object.
    `max_connections` (default 20) is raised to `max_concurrency` when that is larger; both
    given with `max_concurrency > max_connections` is a ConfigurationError, never a silent cap.
    """

    #: The endpoint tree: `fgt.api.cmdb.firewall.address.list()`.
    api = ApiAttribute()

    @overload
    def __init__(
        self: FortiOS[SyncMode], host: str | None = None, token: str | None = None, username: str | None = None,
        password: str | None = None, verify: Verify = True, vdom: str | list[str] | None = None,
        mode: Literal["sync"] = "sync", **options: Unpack[ClientOptions],
    ) -> None: ...
    @overload
    def __init__(
        self: FortiOS[AsyncMode], host: str | None = None, token: str | None = None, username: str | None = None,
        password: str | None = None, verify: Verify = True, vdom: str | list[str] | None = None, *,
        mode: Literal["async"], **options: Unpack[ClientOptions],
    ) -> None: ...
    @overload
    def __init__(  # a mode chosen at run time: the type checker cannot tell which
        self: FortiOS[Any], host: str | None = None, token: str | None = None, username: str | None = None,
        password: str | None = None, verify: Verify = True, vdom: str | list[str] | None = None, *,
        mode: str, **options: Unpack[ClientOptions],
    ) -> None: ...
    def __init__(
        self, host: str | None = None, token: str | None = None, username: str | None = None,
        password: str | None = None, verify: Verify = True, vdom: str | list[str] | None = None,
        mode: str = "sync", *, timeout: float | Timeouts | None = 60.0, retries: int = 3, backoff: float = 0.5,
        max_backoff: float = 30.0, max_concurrency: int | None = None, page_size: int = 1000,
        transport: Any = None, login_flow: Literal["auto", "authentication", "logincheck"] = "auto",
        token_in_query: bool = False, max_connections: int | None = None, firmware: str | None = "auto",
    ) -> None:
        self._runner: Any = None  # set last; __del__ and close() look at it
        if mode not in ("sync", "async"):
            raise ConfigurationError(f"mode must be 'sync' or 'async', got {mode!r}")
        host = host if host is not None else os.environ.get("FORTIOS_HOST")
        if not host:
            raise ConfigurationError("no host: pass host='…' or set FORTIOS_HOST")
        if token is None and username is None and password is None:  # the environment fills only what is not given
            token = os.environ.get("FORTIOS_TOKEN") or None
            username = None if token else os.environ.get("FORTIOS_USERNAME") or None
            password = None if token else os.environ.get("FORTIOS_PASSWORD") or None
        auth = _auth(token, username, password, login_flow, token_in_query)
        if max_concurrency is not None and (isinstance(max_concurrency, bool) or not isinstance(
                max_concurrency, int) or max_concurrency < 1):
            raise ConfigurationError(f"max_concurrency must be a positive integer, got {max_concurrency!r}")
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise ConfigurationError(f"page_size must be a positive integer, got {page_size!r}")
        if vdom is not None:
            build_query(vdom=vdom)  # validates the name(s) now, not at the first call
        self.mode: str = mode
        self.host = host
        self.vdom = vdom
        self.page_size = page_size
        self.max_concurrency = max_concurrency
        # Core keeps no clock: the facade lends it the wall clock, to read Retry-After dates.
        session = Session(base_url_for(host), auth, RetryPolicy(retries, backoff, max_backoff), _JITTER,
                          clock=time.time)
        session.context_headers = lambda: transaction_headers(session)
        if firmware == "auto":
            session.learns_firmware = True
        elif firmware is not None:
            session.firmware = firmware_text(firmware)
        self._session = session
        options: dict[str, Any] = {"verify": verify,
                                   "max_connections": connection_limit(max_connections, max_concurrency)}
        if timeout is not None:  # None: the transport's own per-phase defaults
            options["timeout"] = timeout
        kind = transport_kind(transport)
        if kind is None:
            _check_transport(transport, mode)
            _check_unused_transport_options(verify, timeout, max_connections)
        if kind is not None:
            check_options(options)  # now: the transport itself is made at the first call
        if mode == "sync":
            make = None if kind is None else partial(sync_transport, kind, session.base_url, options)
            runner = SyncRunner(session, transport if kind is None else None, max_concurrency, make)
            self._runner = runner
            if kind is not None:
                # Scripts (and the guide) often drop a sync client without close(): release our
                # own pool when it is collected. A user's transport stays the user's to close.
                weakref.finalize(self, runner.release)
        else:
            named = kind or "h11"  # made at the first call, so an unused client holds nothing
            self._runner = AsyncRunner(session, transport if kind is None else None, max_concurrency,
                                       lambda: async_transport(named, session.base_url, options))

    def __repr__(self) -> str:
        kind = "token" if isinstance(self._session.auth, TokenAuth) else "session"
        return f"<FortiOS {self._session.base_url} mode={self.mode} auth={kind}>"

    # -- running plans -----------------------------------------------------------------------

    def _run(self, make_plan: Callable[[Session], Plan]) -> Any:
        session = self._session
        return self._runner.run(lambda: make_plan(session))

    def _pages(self, make_plan: Callable[[Session, Any], Plan], cursor: Any) -> Any:
        """The items of a paged plan (it returns `(items, next cursor or None)`), as an
        iterator in sync mode and an async iterator in async mode: one plan per page."""
        session = self._session
        return self._runner.pages(lambda at: (lambda: make_plan(session, at)), cursor)

    def _run_all(self, make_plans: Sequence[Callable[[Session], Plan]], limit: int, progress: Progress,
                 description: str = "") -> Any:
        """Every plan's result, in order; up to `limit` at once in async mode, one by one in sync.
        `progress`: a callable(done, total), or True for a bar (see hfortix.progress)."""
        every = [partial(make, self._session) for make in make_plans]
        if self.mode == "sync":
            with reporting(progress, description) as report:
                return self._runner.run_all(every, limit, report)

        async def run_all() -> Any:
            with reporting(progress, description) as report:
                return await self._runner.run_all(every, limit, report)

        return run_all()

    @property
    def firmware(self) -> str | None:
        """The FortiOS version calls are checked against ("7.6.5"): pinned with `firmware=`,
        learned from the first answer with `firmware="auto"` (None until then), None with
        `firmware=None` (no checks)."""
        return self._session.firmware

    @overload
    def request(self: FortiOS[SyncMode], method: str, path: str, params: Mapping[str, Any] | None = None,
                data: Any = None, vdom: str | list[str] | None = None, raw: bool = False, *,
                timeout: float | None = None, allow_bulk_delete: bool = False) -> Any: ...
    @overload
    def request(self: FortiOS[AsyncMode], method: str, path: str, params: Mapping[str, Any] | None = None,
                data: Any = None, vdom: str | list[str] | None = None, raw: bool = False, *,
                timeout: float | None = None, allow_bulk_delete: bool = False) -> Coroutine[Any, Any, Any]: ...
    def request(self, method: str, path: str, params: Mapping[str, Any] | None = None, data: Any = None,
                vdom: str | list[str] | None = None, raw: bool = False, *, timeout: float | None = None,
                allow_bulk_delete: bool = False) -> Any:
        """Any FortiOS URL: `fgt.request("GET", "monitor/system/status")`. Returns the results
        (a dict per VDOM when several are asked), or with `raw=True` the parsed envelope(s).
        A DELETE of a whole cmdb table is refused unless `allow_bulk_delete=True`."""
        if not isinstance(method, str) or method.upper() not in ("GET", "POST", "PUT", "DELETE"):
            raise ConfigurationError(f"method must be GET, POST, PUT or DELETE, got {method!r}")
        method = method.upper()
        for name, flag in (("raw", raw), ("allow_bulk_delete", allow_bulk_delete)):
            if not isinstance(flag, bool):
                raise ConfigurationError(f"{name} must be True or False, got {flag!r}")
        absolute = normalize_request_path(path)
        if vdom is None and not (isinstance(params, Mapping) and "vdom" in params):
            vdom = self.vdom
        query = params_query(params, vdom=vdom)
        if data is not None and not isinstance(data, Mapping):
            reads = method in ("GET", "DELETE")
            if reads or not isinstance(data, (list, tuple)):
                allowed = "a mapping" if reads else "a mapping or a list"
                raise ConfigurationError(f"data for {method} must be {allowed}, got {type(data).__name__}")
        check_timeout(timeout)

        def plan(session: Session) -> Any:
            calling = send_plan(session, method, absolute, query, data, timeout=timeout,
                                allow_bulk_delete=allow_bulk_delete)
            if raw:
                return _raw((yield from calling))
            return (yield from _value(calling))

        return self._run(plan)

    @overload
    def backup(self: FortiOS[SyncMode], scope: Literal["global", "vdom"] | None = None, *, vdom: str | None = None,
               timeout: float | None = None) -> str: ...
    @overload
    def backup(self: FortiOS[AsyncMode], scope: Literal["global", "vdom"] | None = None, *,
               vdom: str | None = None, timeout: float | None = None) -> Coroutine[Any, Any, str]: ...
    def backup(self, scope: Literal["global", "vdom"] | None = None, *, vdom: str | None = None,
               timeout: float | None = None) -> Any:
        """The configuration as FortiOS configuration text (`#config-version=…`): the whole box
        (`scope="global"`, the default) or one VDOM (`vdom="dmz"`, or `scope="vdom"` for the
        client's VDOM). Sent as the firmware wants it: a GET before FortiOS 7.4.5, a POST from
        7.4.5 on (with firmware="auto" and no version known yet, a GET, then a POST if refused)."""
        if scope not in (None, "global", "vdom"):
            raise ConfigurationError(f"scope must be 'global' or 'vdom', got {scope!r}")
        if vdom is not None and scope == "global":
            raise ConfigurationError("a global backup is of the whole FortiGate: leave vdom out, or pass "
                                     "scope='vdom' to back up that VDOM")
        scope = scope or ("vdom" if vdom is not None else "global")
        one: object = None
        if scope == "vdom":  # the VDOM named, else the client's (else the device's own choice)
            one = vdom if vdom is not None else self.vdom
            if one is not None and (not isinstance(one, str) or one == "*"):
                raise ConfigurationError(f"a VDOM backup is of one VDOM: pass vdom='name', not {one!r}")
        vdom_query: tuple[tuple[str, str], ...] = build_query(vdom=one) if isinstance(one, str) else ()
        params = {"scope": scope, **({"vdom": one} if isinstance(one, str) else {})}
        query = (*vdom_query, ("scope", scope))
        endpoint = find_endpoint("monitor", "system", "config", "backup")
        assert endpoint is not None  # the catalog has it (a packaging test reads it)
        path = api_path(endpoint.api, endpoint.path, endpoint.name, action=endpoint.action)
        return self._run(lambda s: read_text(s, endpoint, path, query, params, vdom_query=vdom_query,
                                             timeout=timeout))

    def transaction(self, *, timeout: int = 60, vdom: str | None = None) -> Transaction:
        """A FortiOS configuration transaction (7.4.1+): `with fgt.transaction():` in sync mode,
        `async with fgt.transaction():` in async mode. Writes inside apply together on commit
        (a clean exit) or not at all (an exception: abort). `timeout`: seconds FortiOS keeps
        it open."""
        return Transaction(self, timeout=timeout, vdom=vdom)

    def _vdom_query(self, vdom: str | None) -> tuple[tuple[str, str], ...]:
        return build_query(vdom=self.vdom if vdom is None else vdom)

    # -- lifetime --------------------------------------------------------------------------

    def close(self: FortiOS[SyncMode]) -> None:
        """Log out (sessions) and close the connections. Sync mode only."""
        if self.mode != "sync":
            raise ConfigurationError("Cannot call 'close' in async mode: use 'await fgt.aclose()'")
        self._runner.close()

    async def aclose(self: FortiOS[AsyncMode]) -> None:
        """Log out (sessions) and close the connections. Async mode only."""
        if self.mode != "async":
            raise ConfigurationError("Cannot call 'aclose' in sync mode: use 'fgt.close()'")
        await self._runner.aclose()

    def __enter__(self: FortiOS[SyncMode]) -> FortiOS[SyncMode]:
        if self.mode != "sync":
            raise ConfigurationError("Cannot use 'with' in async mode: use 'async with FortiOS(…, mode=\"async\")'")
        return self

    def __exit__(self: FortiOS[SyncMode], *exc_info: object) -> None:
        self.close()

    async def __aenter__(self: FortiOS[AsyncMode]) -> FortiOS[AsyncMode]:
        if self.mode != "async":
            raise ConfigurationError("Cannot use 'async with' in sync mode: use 'with FortiOS(…)'")
        return self

    async def __aexit__(self: FortiOS[AsyncMode], *exc_info: object) -> None:
        await self.aclose()

    def __del__(self) -> None:
        runner = getattr(self, "_runner", None)
        if isinstance(runner, AsyncRunner):
            runner.warn_if_unclosed()


def _auth(token: str | None, username: str | None, password: str | None, login_flow: object,
          token_in_query: object) -> Auth:
    """The Auth for the credentials given. An option of the other kind of credentials is an
    error, not ignored: `login_flow` only means something to a login, `token_in_query` to a token."""
    if login_flow not in _LOGIN_FLOWS:
        raise ConfigurationError(f"login_flow must be one of {', '.join(map(repr, _LOGIN_FLOWS))}, got {login_flow!r}")
    if not isinstance(token_in_query, bool):
        raise ConfigurationError(f"token_in_query must be True or False, got {token_in_query!r}")
    if token is not None:
        if username is not None or password is not None:
            raise ConfigurationError("pass either token or username/password, not both")
        if login_flow != "auto":
            raise ConfigurationError(
                f"login_flow={login_flow!r} chooses how a username/password session logs in; "
                "an API token does not log in (leave login_flow out)"
            )
        return TokenAuth(token, in_query=token_in_query)
    if token_in_query:
        raise ConfigurationError("token_in_query=True needs token=…: a username/password session has no API token")
    if username is not None and password is not None:
        return SessionAuth(username, password, flow=login_flow, clock=time.time)  # type: ignore[arg-type]
    if username is not None:
        raise ConfigurationError(f"username={username!r} needs password=… (or FORTIOS_PASSWORD) too")
    if password is not None:
        raise ConfigurationError("password=… needs username=… (or FORTIOS_USERNAME) too")
    raise ConfigurationError("no credentials: pass token=… (or FORTIOS_TOKEN), or username=… and password=…")


_LOGIN_FLOWS = ("auto", "authentication", "logincheck")
#: The options that configure the built-in transport, with their defaults.
_TRANSPORT_DEFAULTS = {"verify": True, "timeout": 60.0, "max_connections": None}


def _check_unused_transport_options(verify: object, timeout: object, max_connections: object) -> None:
    """With transport=…, the built-in transport's options would be ignored: refuse them."""
    given = {"verify": verify, "timeout": timeout, "max_connections": max_connections}
    for name, value in given.items():
        default = _TRANSPORT_DEFAULTS[name]
        same = value is default if isinstance(value, bool) or isinstance(default, bool) else value == default
        if not same:
            raise ConfigurationError(
                f"{name}={value!r} configures hfortix's own transport, which transport=… replaces: "
                f"set it on your transport instead"
            )


def _check_transport(transport: Any, mode: str) -> None:
    """A user's transport must match the mode: blocking send/close, or async send/aclose."""
    send = getattr(transport, "send", None)
    if mode == "sync":
        if not callable(send) or inspect.iscoroutinefunction(send) or not callable(getattr(transport, "close", None)):
            raise ConfigurationError(
                f"a sync FortiOS needs a transport with a blocking send(request) and close(); "
                f"{type(transport).__name__} is not one (an async transport needs mode='async')"
            )
    elif not inspect.iscoroutinefunction(send) or not inspect.iscoroutinefunction(getattr(transport, "aclose", None)):
        raise ConfigurationError(
            f"an async FortiOS needs a transport with 'async def send(request)' and 'async def aclose()'; "
            f"{type(transport).__name__} is not one"
        )


def connection_limit(max_connections: int | None, max_concurrency: int | None) -> int:
    """The pool size: never fewer connections than requests allowed in flight, and never silently."""
    if max_connections is None:
        return max(20, max_concurrency or 0)
    if isinstance(max_connections, bool) or not isinstance(max_connections, int) or max_connections < 1:
        raise ConfigurationError(f"max_connections must be a positive integer, got {max_connections!r}")
    if max_concurrency is not None and max_concurrency > max_connections:
        raise ConfigurationError(
            f"max_concurrency={max_concurrency} with max_connections={max_connections} would let only "
            f"{max_connections} requests be in flight: set max_connections={max_concurrency} (or leave it out, "
            "and it follows max_concurrency)"
        )
    return max_connections


# The retry jitter's random source, one per process: seeding a Random from os.urandom costs
# more than building the rest of a client, and jitter needs no per-client sequence. A forked
# child reseeds it, as the random module does its own, so workers do not retry in step.
# At the end of the module: pyright asks of each module-level call above a class whether it
# returns, and these two made it read the os and random stubs for any script naming FortiOS.
_JITTER = random.Random()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_JITTER.seed)
