"""Every FortiOS operation that takes one or more requests, written once as a plan.

A plan is a generator: it yields a `Request` and is sent back the `Response`, or yields a
`Wait` and is resumed when the time has passed; it returns its result. `drivers.run_sync`
and `drivers.run_async` run any of them over any transport, so login, re-login on 401,
retries with backoff, `exists`, pagination and update-or-create exist exactly once.
"""

from __future__ import annotations

import contextlib
import json
import random
import re
import threading
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from . import errors, paging, versions
from ._http import Request, Response, Wait
from .auth import Auth
from .catalog import Endpoint
from .envelope import Envelope, parse_response
from .errors import (
    ConfigurationError,
    FortiOSAPIError,
    MethodNotAllowedError,
    ResourceNotFoundError,
    TransportError,
    parse_retry_after,
)
from .urls import build_url, is_cmdb_collection

Step = Request | Wait
Plan = Generator[Step, Any, Any]
Parsed = Envelope | list[Envelope]
T = TypeVar("T")

#: Methods a retry may send again once they may have reached the server. POST creates and
#: acts (move, clone, monitor actions): sending it twice can do it twice, so it is not here.
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    Delays grow as `backoff * 2**attempt`, capped at `max_backoff`, with up to `jitter`
    (a fraction) added at random so a fleet of clients does not retry in lockstep. A
    `Retry-After` from the server wins over the computed delay (capped at `max_backoff`).
    """

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: float = 0.25
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})

    def __post_init__(self) -> None:
        if isinstance(self.retries, bool) or not isinstance(self.retries, int) or self.retries < 0:
            raise ConfigurationError(f"retries must be an integer >= 0, got {self.retries!r}")
        for name in ("backoff", "max_backoff", "jitter"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ConfigurationError(f"{name} must be a number >= 0, got {value!r}")
        object.__setattr__(self, "retry_statuses", frozenset(self.retry_statuses))

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return float(min(retry_after, self.max_backoff))
        base = min(self.backoff * 2.0**attempt, self.max_backoff)
        return base + base * self.jitter * rng.random()

    def may_retry(self, method: str, status: int | None) -> bool:
        """Whether an answer (`status`) or a failure after sending (None) may be retried.

        429 means FortiOS refused the request before acting on it, so any method may be
        sent again; other statuses and lost connections only for idempotent methods.
        """
        if status is None:
            return method in IDEMPOTENT
        if status not in self.retry_statuses:
            return False
        return status == 429 or method in IDEMPOTENT


@dataclass(slots=True)
class Session:
    """The sans-IO state of one client: where it talks, how it authenticates, how it retries."""

    base_url: str
    auth: Auth
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rng: random.Random = field(default_factory=random.Random)
    clock: Any = None  # optional callable returning epoch seconds, for HTTP-date Retry-After
    #: Headers the caller's context adds to every request (the facade's open transaction).
    context_headers: Callable[[], Sequence[tuple[str, str]]] | None = None
    # How the concurrent calls of one client share logins (see `ensure_login`):
    generation: int = 0  # bumped by every successful login
    logging_in: bool = False
    failed_login: tuple[int, errors.FortiOSError] | None = None  # (generation it failed at, why)
    login_guard: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    #: The FortiOS version calls are checked against ("7.6.5"); None: unknown, or checks off.
    firmware: str | None = None
    #: Take `firmware` from the first answer that names its version (firmware="auto").
    learns_firmware: bool = False

    def learn_firmware(self, version: object) -> None:
        """Keep the version an answer's envelope names, if this session learns and knows none yet."""
        if self.learns_firmware and self.firmware is None and isinstance(version, str):
            with contextlib.suppress(ConfigurationError):  # a version we cannot read checks nothing
                self.firmware = versions.firmware_text(version)

    def build(
        self,
        method: str,
        path: str,
        query: Sequence[tuple[str, str]] = (),
        body: Any = None,
        *,
        timeout: float | None = None,
        headers: Sequence[tuple[str, str]] = (),
    ) -> Request:
        """A request to `path` (an absolute `/api/v2/...` path), authorized."""
        all_headers = [("Accept", "application/json"), *headers]
        if self.context_headers is not None:
            all_headers.extend(self.context_headers())
        content = b""
        if body is not None:
            content = encode_json(body)
            all_headers.append(("Content-Type", "application/json"))
        request = Request(method, build_url(self.base_url, path, query), tuple(all_headers), content, timeout)
        return self.auth.authorize(request)


def encode_json(body: Any) -> bytes:
    try:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(f"request body is not JSON-serialisable: {exc}") from None


def send(
    session: Session,
    method: str,
    path: str,
    query: Sequence[tuple[str, str]] = (),
    body: Any = None,
    *,
    timeout: float | None = None,
    headers: Sequence[tuple[str, str]] = (),
    allow_bulk_delete: bool = False,
) -> Generator[Step, Any, Parsed]:
    """One FortiOS call: log in if needed, send, retry what may be retried, re-login once on 401.

    Returns the parsed envelope (or the list of per-VDOM envelopes); raises the typed error.
    A DELETE of a whole cmdb table (which FortiOS carries out by deleting every object it
    can) is refused before anything is sent, unless `allow_bulk_delete` says it is meant.
    """
    request, response = yield from exchange(session, method, path, query, body, timeout=timeout, headers=headers,
                                            allow_bulk_delete=allow_bulk_delete)
    return parsed_answer(session, request, response)


def exchange(
    session: Session,
    method: str,
    path: str,
    query: Sequence[tuple[str, str]] = (),
    body: Any = None,
    *,
    timeout: float | None = None,
    headers: Sequence[tuple[str, str]] = (),
    allow_bulk_delete: bool = False,
) -> Generator[Step, Any, tuple[Request, Response]]:
    """`send` up to the final answer, unread: the request that got it and the response (after
    login, retries and the re-login), for the few answers that are not an envelope (a backup)."""
    if method == "DELETE" and not allow_bulk_delete and is_cmdb_collection(path):
        raise ConfigurationError(
            f"refusing DELETE {path}: it names a whole table, and FortiOS would delete every object in it; "
            "name the object to delete (or pass allow_bulk_delete=True to fgt.request() if that is meant)"
        )
    if session.auth.needs_login:
        yield from ensure_login(session, session.generation)
    relogged = False
    attempt = 0
    while True:
        generation = session.generation  # the session this request is sent with
        request = session.build(method, path, query, body, timeout=timeout, headers=headers)
        try:
            response: Response = yield request
        except TransportError as failure:
            if attempt < session.retry.retries and _may_resend(session.retry, method, failure):
                yield Wait(session.retry.delay(attempt, session.rng))
                attempt += 1
                continue
            raise
        if response.status_code == 401 and session.auth.can_relogin and not relogged:
            relogged = True
            yield from ensure_login(session, generation)
            continue
        if attempt < session.retry.retries and session.retry.may_retry(method, response.status_code):
            now = session.clock() if session.clock is not None else None
            retry_after = parse_retry_after(response.header("Retry-After"), now=now)
            yield Wait(session.retry.delay(attempt, session.rng, retry_after))
            attempt += 1
            continue
        return request, response


def parsed_answer(session: Session, request: Request, response: Response) -> Parsed:
    """The envelope(s) of a final answer, or its typed error; learns the firmware (see `send`)."""
    if not session.learns_firmware or session.firmware is not None:
        return parse_response(request, response)
    try:  # firmware="auto": the first envelope, even an error's, names the version
        parsed = parse_response(request, response)
    except FortiOSAPIError as failure:
        session.learn_firmware((failure.envelope or {}).get("version"))
        raise
    first = parsed[0] if isinstance(parsed, list) and parsed else parsed
    session.learn_firmware(first.version if isinstance(first, Envelope) else None)
    return parsed


def for_firmware(session: Session, target: versions.Target, plan: Plan, body: Any = None) -> Plan:
    """Run `plan` for `target` unless the session's firmware lacks the endpoint, a field or an
    option value of `body` (UnsupportedError, before anything is sent).

    With firmware="auto" the first call goes out unchecked; if the device refuses it, the
    version its answer names explains the refusal: `policy6.list()` on 7.6.5 raises
    UnsupportedError (policy6 ended with 6.2.7), not ResourceNotFoundError.
    """
    problem = target.problem(session.firmware, body)
    if problem is not None:
        raise problem
    try:
        return (yield from plan)
    except FortiOSAPIError as refused:
        raise explained(session, target, body, refused) from refused


def explained(session: Session, target: versions.Target, body: Any, refused: FortiOSAPIError) -> Exception:
    """The UnsupportedError behind a device's refusal, when the firmware shows one; else the refusal."""
    problem = target.problem(session.firmware, body)
    if problem is None:
        return refused
    problem.__cause__ = refused
    return problem


#: How often a call waiting for another call's login looks again (seconds).
LOGIN_POLL = 0.02


def ensure_login(session: Session, seen_generation: int) -> Generator[Step, Any, None]:
    """Log in, unless another call of this client is already doing it or has done it since.

    `seen_generation` is the session generation the caller's last request was sent with. A
    hundred concurrent calls that meet an expired session make one login, not a hundred
    (which could also lock the account out): the first logs in, the others wait for it and
    then send with the new session, or raise the same error if that login failed.
    """
    waited = False
    while True:
        with session.login_guard:  # threads of a sync client: look and claim in one step
            if not session.logging_in:
                if session.generation != seen_generation and not session.auth.needs_login:
                    return
                failed = session.failed_login
                if waited and failed is not None and failed[0] == seen_generation:
                    raise failed[1]
                session.logging_in = True
                break
        waited = True
        yield Wait(LOGIN_POLL)  # never while holding the guard
    try:
        session.auth.invalidate()
        yield from session.auth.login(session.base_url)
        session.generation += 1  # before the flag drops, so no waiter sees "done" without it
        session.failed_login = None
    except errors.FortiOSError as exc:
        session.failed_login = (seen_generation, exc)
        raise
    finally:
        session.logging_in = False


def _may_resend(policy: RetryPolicy, method: str, failure: TransportError) -> bool:
    # A connection that was never made carried nothing: even a POST may go again.
    if not getattr(failure, "request_sent", True):
        return True
    return policy.may_retry(method, None)


def exists(session: Session, path: str, query: Sequence[tuple[str, str]] = (),
           *, timeout: float | None = None) -> Generator[Step, Any, bool]:
    """Whether the object at `path` (an item URL) exists: 404 / error -3 means no."""
    try:
        parsed = yield from send(session, "GET", path, query, timeout=timeout)
    except ResourceNotFoundError:
        return False
    if isinstance(parsed, list):  # several VDOMs: exists in all of them
        return all(_has_results(envelope) for envelope in parsed)
    return _has_results(parsed)


def _has_results(envelope: Envelope) -> bool:
    return envelope.results not in (None, [], {})


def list_all(
    session: Session,
    path: str,
    query: Sequence[tuple[str, str]] = (),
    *,
    page_size: int = 1000,
    timeout: float | None = None,
) -> Generator[Step, Any, list[Any]]:
    """Every row of a table, fetched `page_size` rows at a time with start/count."""
    rows: list[Any] = []
    cursor: paging.Cursor | None = paging.Cursor()
    while cursor is not None:
        page, cursor = yield from read_page(session, path, query, cursor, page_size=page_size, timeout=timeout)
        rows.extend(page)
    return rows


def read_page(
    session: Session,
    path: str,
    query: Sequence[tuple[str, str]],
    cursor: paging.Cursor,
    *,
    page_size: int = 1000,
    timeout: float | None = None,
) -> Generator[Step, Any, tuple[list[Any], paging.Cursor | None]]:
    """One page of a table (or of a monitor answer that pages) and the cursor of the next, or
    None after the last (see hfortix.core.paging)."""
    if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
        raise ConfigurationError(f"page_size must be a positive integer, got {page_size!r}")
    if any(name in ("start", "count") for name, _ in query):
        raise ConfigurationError("reading page by page sets start and count itself: do not pass them")
    page_query = [*query, ("start", str(cursor.start)), ("count", str(page_size))]
    parsed = yield from send(session, "GET", path, page_query, timeout=timeout)
    if isinstance(parsed, list):
        raise ConfigurationError("pages are read one VDOM at a time; read each VDOM on its own")
    rows, total = paging.page_rows(parsed)
    try:
        return rows, paging.next_cursor(cursor, rows, total, page_size)
    except paging.RepeatedPage as repeated:
        raise errors.api_error(
            method="GET", url=build_url(session.base_url, path, page_query), http_status=200,
            detail=f"{repeated}: the device ignores start/count and gives no size to stop at, "
                   "so reading on would never end", fallback=errors.InvalidResponseError,
        ) from None


def read(
    session: Session,
    endpoint: Endpoint,
    path: str,
    query: Sequence[tuple[str, str]],
    params: Mapping[str, Any],
    *,
    vdom_query: Sequence[tuple[str, str]] = (),
    timeout: float | None = None,
) -> Generator[Step, Any, Parsed]:
    """Read a monitor endpoint with the method its firmware wants (`versions.METHOD_CHANGES`):
    a GET with `query` (which holds `params`), or a POST with `params` as the JSON body.

    With firmware="auto" and nothing learned yet the catalog's method goes first; if the
    device refuses it (405) and its answer names a firmware that wants the other, that one
    is sent (once per client: the version is known from then on).
    """
    return (yield from _read_by_method(session, endpoint, path, query, params, vdom_query, timeout, parsed_answer))


def read_text(
    session: Session,
    endpoint: Endpoint,
    path: str,
    query: Sequence[tuple[str, str]],
    params: Mapping[str, Any],
    *,
    vdom_query: Sequence[tuple[str, str]] = (),
    timeout: float | None = None,
) -> Generator[Step, Any, str]:
    """`read` for an endpoint that answers a file (the configuration backup): the body as text.

    An error is still a JSON envelope and raises its typed error; a success that is JSON, or
    empty, or not text in its charset raises InvalidResponseError. A FortiOS configuration's
    first line names its firmware (`#config-version=FGVM64-7.6.5-FW-build…`), which
    firmware="auto" learns as it learns from an envelope.
    """
    return (yield from _read_by_method(session, endpoint, path, query, params, vdom_query, timeout, text_answer))


def _read_by_method(
    session: Session, endpoint: Endpoint, path: str, query: Sequence[tuple[str, str]], params: Mapping[str, Any],
    vdom_query: Sequence[tuple[str, str]], timeout: float | None,
    answer: Callable[[Session, Request, Response], T],
) -> Generator[Step, Any, T]:
    method = versions.read_method(endpoint, session.firmware)
    while True:
        try:
            if method == "POST":
                sent = yield from exchange(session, "POST", path, vdom_query, dict(params), timeout=timeout)
            else:
                sent = yield from exchange(session, "GET", path, query, timeout=timeout)
            return answer(session, *sent)
        except MethodNotAllowedError:
            wanted = versions.read_method(endpoint, session.firmware)
            if wanted == method:
                raise
            method = wanted


_CONFIG_VERSION = re.compile(rb"#config-version=[^-\n]*-(\d+\.\d+\.\d+)-")


def text_answer(session: Session, request: Request, response: Response) -> str:
    """The text of a file answer (see `read_text`), or the typed error of an envelope."""
    content_type = (response.header("Content-Type") or "").lower()
    if not 200 <= response.status_code <= 299 or "json" in content_type or response.content.lstrip()[:1] in (
            b"{", b"["):
        parsed_answer(session, request, response)  # raises the error an envelope (or a non-2xx) holds
        problem = "answered a JSON envelope, not a file"
    elif not response.content.strip():
        problem = "answered an empty file"
    else:
        charset = content_type.partition("charset=")[2].split(";")[0].strip() or "utf-8"
        found = _CONFIG_VERSION.match(response.content)
        if found is not None:
            session.learn_firmware(found.group(1).decode())
        try:
            return response.content.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            problem = f"answered a file that is not {charset} text ({exc})"
    raise errors.api_error(method=request.method, url=request.url, http_status=response.status_code,
                           body=response.content, detail=problem, fallback=errors.InvalidResponseError)


def update_or_create(
    session: Session,
    collection_path: str,
    item_path: str,
    data: Mapping[str, Any],
    query: Sequence[tuple[str, str]] = (),
    *,
    timeout: float | None = None,
) -> Generator[Step, Any, tuple[Literal["updated", "created"], Parsed]]:
    """PUT the object; if FortiOS says it does not exist, POST it to the collection."""
    try:
        parsed = yield from send(session, "PUT", item_path, query, dict(data), timeout=timeout)
        return "updated", parsed
    except ResourceNotFoundError:
        parsed = yield from send(session, "POST", collection_path, query, dict(data), timeout=timeout)
        return "created", parsed


def login(session: Session) -> Generator[Step, Any, None]:
    """Log in now (sessions log in lazily on first use; this forces it)."""
    yield from ensure_login(session, session.generation)


def logout(session: Session) -> Generator[Step, Any, None]:
    """End the session if there is one; errors of an already-dead session are swallowed."""
    try:
        yield from session.auth.logout(session.base_url)
    except (FortiOSAPIError, TransportError):
        return


#: Transactions are addressed to the cmdb root (FortiOS 7.4.1+).
TRANSACTION_PATH = "/api/v2/cmdb/"


def transaction_start(session: Session, timeout: int, query: Sequence[tuple[str, str]] = ()
                      ) -> Generator[Step, Any, int]:
    """Open a configuration transaction; its id goes in `X-TRANSACTION-ID` on the requests
    that belong to it, and nothing they change applies until `transaction_end(commit=True)`."""
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise ConfigurationError(f"a transaction timeout is whole seconds >= 1, got {timeout!r}")
    parsed = yield from send(session, "POST", TRANSACTION_PATH, (*query, ("action", "transaction-start")),
                             {"timeout": timeout})
    results = parsed.results if isinstance(parsed, Envelope) else None
    transaction_id = results.get("transaction_id") if isinstance(results, dict) else None
    if isinstance(transaction_id, bool) or not isinstance(transaction_id, int):
        raise errors.InvalidResponseError(
            f"transaction-start answered without a transaction_id (results: {results!r:.200})",
            method="POST", url=session.base_url + TRANSACTION_PATH,
        )
    return transaction_id


def transaction_end(session: Session, transaction_id: int, *, commit: bool,
                    query: Sequence[tuple[str, str]] = ()) -> Generator[Step, Any, Parsed]:
    """Commit (apply every staged change at once) or abort (drop them) a transaction."""
    action = "transaction-commit" if commit else "transaction-abort"
    return (yield from send(session, "POST", TRANSACTION_PATH, (*query, ("action", action)),
                            {"transaction_id": transaction_id}))
