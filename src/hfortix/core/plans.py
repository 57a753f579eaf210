"""Every FortiOS operation that takes one or more requests, written once as a plan.

A plan is a generator: it yields a `Request` and is sent back the `Response`, or yields a
`Wait` and is resumed when the time has passed; it returns its result. `drivers.run_sync`
and `drivers.run_async` run any of them over any transport, so login, re-login on 401,
retries with backoff, `exists`, pagination and update-or-create exist exactly once.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import re
import threading
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from . import attempts, errors, paging, versions
from ._http import Request, Response, Wait
from .auth import Auth, _utf8_encodable
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


#: Bounds of the retry settings: more retries than this, or a wait longer than an hour, is a
#: mistake (a script that should loop itself), not a retry policy.
MAX_RETRIES = 1000
MAX_WAIT = 3600.0
_MAX_EXPONENT = 64  # 2**64 * any backoff above 0 is far past MAX_WAIT; 2.0**1024 would overflow


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before sending a request again.

    Delays grow as `backoff * 2**attempt`, capped at `max_backoff`, with up to `jitter`
    (a fraction) added at random so a fleet of clients does not retry in lockstep. A
    `Retry-After` from the server wins over the computed delay (capped at `max_backoff`).
    `retries` is at most MAX_RETRIES; `backoff` and `max_backoff` are finite seconds from 0
    to MAX_WAIT; `jitter` is a fraction from 0 to 1.
    """

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: float = 0.25
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})

    def __post_init__(self) -> None:
        retries = self.retries
        if isinstance(retries, bool) or not isinstance(retries, int) or not 0 <= retries <= MAX_RETRIES:
            raise ConfigurationError(f"retries must be an integer from 0 to {MAX_RETRIES}, got {retries!r}")
        for name, top, unit in (("backoff", MAX_WAIT, " seconds"), ("max_backoff", MAX_WAIT, " seconds"),
                                ("jitter", 1.0, "")):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= top:
                # NaN fails every comparison, so it lands here too, as does infinity.
                raise ConfigurationError(f"{name} must be a finite number from 0 to {top:g}{unit}, got {value!r}")
        object.__setattr__(self, "retry_statuses", frozenset(self.retry_statuses))

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return float(min(retry_after, self.max_backoff))
        base = min(self.backoff * 2.0 ** min(attempt, _MAX_EXPONENT), self.max_backoff)
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
    #: Whether FortiOS has accepted this client's credentials since their last refusal: a 429
    #: before that is a lockout after failed logins (never retried), after it a rate limit.
    credentials_proven: bool = False
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
        attempt: int = 1,
    ) -> Request:
        """A request to `path` (an absolute `/api/v2/...` path), authorized; `attempt` (1, 2, ...)
        is which try of its call it is, for the runner's log line."""
        all_headers = [("Accept", "application/json"), *headers]
        if self.context_headers is not None:
            all_headers.extend(self.context_headers())
        content = b""
        if body is not None:
            content = encode_json(body)
            all_headers.append(("Content-Type", "application/json"))
        request = Request(method, build_url(self.base_url, path, query), tuple(all_headers), content, timeout,
                          attempt)
        return self.auth.authorize(request)


#: How deep a request body may nest; FortiOS's own objects go a few levels down.
MAX_BODY_DEPTH = 64


def encode_json(body: Any) -> bytes:
    """The JSON of a request body, after `check_json` found nothing json.dumps would change
    silently (a key 1 sent as "1") or refuse."""
    check_json(body)
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def check_json(value: Any, where: str = "data", depth: int = 0) -> None:
    """Refuse, naming the place (`data['member'][0]`), what JSON cannot carry as it is: a key
    that is not a str, NaN or infinity, a value of another type (bytes, sets, objects), text
    that is not valid Unicode, and nesting deeper than MAX_BODY_DEPTH (a cycle, too)."""
    if value is None or isinstance(value, (bool, int)):
        return
    if isinstance(value, str):
        if not _utf8_encodable(value):  # a lone surrogate
            raise ConfigurationError(f"{where} is not valid Unicode text: {value!r:.60}")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConfigurationError(f"{where} is {value!r}, which JSON cannot carry: give a finite number")
        return
    if depth >= MAX_BODY_DEPTH:
        raise ConfigurationError(f"{where} nests deeper than {MAX_BODY_DEPTH} levels (or refers to itself)")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ConfigurationError(
                    f"{where} has the key {key!r} ({type(key).__name__}): JSON object keys are str, "
                    f"and hfortix does not convert them"
                )
            check_json(item, f"{where}[{key!r}]", depth + 1)
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_json(item, f"{where}[{index}]", depth + 1)
        return
    raise ConfigurationError(
        f"{where} is a {type(value).__name__}, which JSON cannot carry: use str, int, float, bool, None, "
        "a list or a dict"
    )


def check_timeout(timeout: object) -> None:
    """A per-call `timeout`: None (the transport's own) or a finite number of seconds > 0."""
    if timeout is None:
        return
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise ConfigurationError(f"timeout must be a number of seconds or None, got {timeout!r}")
    if not (math.isfinite(timeout) and timeout > 0):
        raise ConfigurationError(f"timeout must be a finite number of seconds > 0, got {timeout!r}")


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
    exchanged = yield from exchange(session, method, path, query, body, timeout=timeout, headers=headers,
                                    allow_bulk_delete=allow_bulk_delete)
    return parsed_answer(session, exchanged)


@dataclass(frozen=True, slots=True)
class Exchanged:
    """How a call's attempts ended, its final answer still unread, with what the earlier
    attempts leave to judge that answer by."""

    request: Request
    response: Response
    resent: int = 0  # times the call was sent again
    may_have_arrived: bool = False  # an earlier attempt may have reached (and acted on) the box
    several_vdoms: bool = False
    now: float | None = None  # the clock when the answer came, if it holds a Retry-After


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
) -> Generator[Step, Any, Exchanged]:
    """`send` up to the final answer, unread (after login, retries and the re-login), for
    `parsed_answer` or for the few answers that are not an envelope (a backup)."""
    check_timeout(timeout)
    if method == "DELETE" and not allow_bulk_delete and is_cmdb_collection(path):
        raise ConfigurationError(
            f"refusing DELETE {path}: it names a whole table, and FortiOS would delete every object in it; "
            "name the object to delete (or pass allow_bulk_delete=True to fgt.request() if that is meant)"
        )
    if session.auth.needs_login:
        yield from ensure_login(session, session.generation)
    policy = session.retry
    relogged = False
    resent = 0  # times this call was sent again; the attempt under way is resent + 1
    may_have_arrived = False  # whether an earlier attempt of this call may have reached the FortiGate
    while True:
        generation = session.generation  # the session this request is sent with
        request = session.build(method, path, query, body, timeout=timeout, headers=headers, attempt=resent + 1)
        try:
            response: Response = yield request
        except TransportError as failure:
            if resent < policy.retries and _may_resend(policy, method, failure):
                may_have_arrived = may_have_arrived or getattr(failure, "request_sent", True)
                reason = f"{type(failure).__name__}: {failure}"
                yield Wait(policy.delay(resent, session.rng), reason, resent + 2, request)
                resent += 1
                continue
            if resent:
                attempts.amended(failure, attempts.attempts_note(resent + 1))
            if not _may_resend(policy, method, failure) and not isinstance(failure, errors.CertificateError):
                attempts.amended(failure, attempts.not_resent_note(method))
            raise
        status = response.status_code
        if status == 401 and session.auth.can_relogin and not relogged:
            relogged = True
            yield from ensure_login(session, generation)
            continue
        retry_after_header = response.header("Retry-After")
        now = session.clock() if session.clock is not None and retry_after_header is not None else None
        if status == 429 and not session.credentials_proven:
            raise attempts.lockout(_error_of(request, response, now))
        if status == 401:
            session.credentials_proven = False
        elif status not in attempts.UNPROVEN_STATUSES:
            session.credentials_proven = True
        if resent < policy.retries and policy.may_retry(method, status):
            may_have_arrived = may_have_arrived or status in (502, 504)  # a gateway: the box behind may have acted
            retry_after = parse_retry_after(retry_after_header, now=now)
            yield Wait(policy.delay(resent, session.rng, retry_after), f"HTTP {status}", resent + 2, request)
            resent += 1
            continue
        return Exchanged(request, response, resent, may_have_arrived, _several_vdoms(query), now)


def parsed_answer(session: Session, exchanged: Exchanged) -> Parsed:
    """The envelope(s) of a call's final answer, or its typed error (with what the attempts
    add to it); learns the firmware from the first envelope (firmware="auto")."""
    request, response = exchanged.request, exchanged.response
    policy, status, method = session.retry, response.status_code, request.method
    try:
        parsed = parse_response(request, response, now=exchanged.now)
    except FortiOSAPIError as error:
        if session.learns_firmware and session.firmware is None:  # firmware="auto": even an error names it
            session.learn_firmware((error.envelope or {}).get("version"))
        if (isinstance(error, ResourceNotFoundError) and method == "DELETE" and exchanged.may_have_arrived
                and not exchanged.several_vdoms):
            return attempts.deleted_earlier(error)
        if exchanged.resent:
            attempts.amended(error, attempts.attempts_note(exchanged.resent + 1))
        if status in policy.retry_statuses and not policy.may_retry(method, status):
            attempts.amended(error, attempts.not_resent_note(method))
        raise
    if session.learns_firmware and session.firmware is None:  # the first envelope names the version
        first = parsed[0] if isinstance(parsed, list) and parsed else parsed
        session.learn_firmware(first.version if isinstance(first, Envelope) else None)
    return parsed


def _error_of(request: Request, response: Response, now: float | None) -> errors.RateLimitError:
    """The RateLimitError that parse_response raises for a 429 answer."""
    try:
        parse_response(request, response, now=now)
    except errors.RateLimitError as error:
        return error
    raise AssertionError("a 429 answer always raises RateLimitError")  # pragma: no cover


def _several_vdoms(query: Sequence[tuple[str, str]]) -> bool:
    return any(name == "vdom" and ("," in value or value == "*") for name, value in query)


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
        session.credentials_proven = True
    except errors.FortiOSError as exc:
        session.failed_login = (seen_generation, exc)
        session.credentials_proven = False
        raise
    finally:
        session.logging_in = False


def _may_resend(policy: RetryPolicy, method: str, failure: TransportError) -> bool:
    if isinstance(failure, errors.CertificateError):  # an untrusted certificate stays untrusted
        return False
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
    answer: Callable[[Session, Exchanged], T],
) -> Generator[Step, Any, T]:
    method = versions.read_method(endpoint, session.firmware)
    while True:
        try:
            if method == "POST":
                sent = yield from exchange(session, "POST", path, vdom_query, dict(params), timeout=timeout)
            else:
                sent = yield from exchange(session, "GET", path, query, timeout=timeout)
            return answer(session, sent)
        except MethodNotAllowedError:
            wanted = versions.read_method(endpoint, session.firmware)
            if wanted == method:
                raise
            method = wanted


_CONFIG_VERSION = re.compile(rb"#config-version=[^-\n]*-(\d+\.\d+\.\d+)-")


def text_answer(session: Session, exchanged: Exchanged) -> str:
    """The text of a file answer (see `read_text`), or the typed error of an envelope."""
    request, response = exchanged.request, exchanged.response
    content_type = (response.header("Content-Type") or "").lower()
    if not 200 <= response.status_code <= 299 or "json" in content_type or response.content.lstrip()[:1] in (
            b"{", b"["):
        parsed_answer(session, exchanged)  # raises the error an envelope (or a non-2xx) holds
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
