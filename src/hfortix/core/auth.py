"""How a request proves who sends it: an API token, or a login session.

The client's request plan uses one interface, `Auth`: `authorize()` every request; when
`needs_login`, run the `login()` plan first; on a 401, `invalidate()` and log in again if
`can_relogin`; on close, run the `logout()` plan.

Session login has two flows (docs/fortios-wire-format.md, 6.4):

* "authentication": `POST /api/v2/authentication` with JSON, FortiOS 6.4.2 and later. It is
  the only flow that still works on 7.6.3+, where `/logincheck` gives no session cookie.
* "logincheck": the legacy `POST /logincheck` form, for firmware older than 6.4.2.

"auto" tries the first and falls back to the second when the endpoint does not exist (404/405),
then remembers the flow that worked so a re-login goes straight to it.

Secrets (token, password, two-factor code, session key, CSRF token) never appear in a repr, a
str or an exception: errors name the user and the URL only.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Generator
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from ._http import Request, Response
from .cookies import SessionCookies
from .drivers import Plan, Step
from .errors import (
    AuthenticationError,
    ConfigurationError,
    FortiOSAPIError,
    InvalidResponseError,
    RateLimitError,
    error_class,
    parse_retry_after,
)

__all__ = ["Auth", "Flow", "SessionAuth", "TokenAuth"]

Flow = Literal["authentication", "logincheck"]
_FLOW_CHOICES = ("auto", "authentication", "logincheck")
_AUTHENTICATION_PATH = "/api/v2/authentication"
_LOGINCHECK_PATH = "/logincheck"
_LOGOUT_PATH = "/logout"
# FortiOS checks the CSRF token on these; a GET must not need (or leak) it.
_WRITE_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})
# Printable ASCII without space: what may travel in a header or a query parameter untouched.
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# /api/v2/authentication: `status_code` 5 (TF) or `status_message` LOGIN_SUCCESS (ANS).
_LOGIN_SUCCESS_CODE = 5
_LOGIN_SUCCESS_MESSAGE = "LOGIN_SUCCESS"


@runtime_checkable
class Auth(Protocol):
    """What the client's request plan needs from an authentication strategy."""

    def authorize(self, request: Request) -> Request:
        """`request` with the headers (or query) that authenticate it."""
        ...

    @property
    def needs_login(self) -> bool:
        """Whether `login()` must run before the next request."""
        ...

    def login(self, base_url: str) -> Plan[None]:
        """The login plan (yields nothing when there is nothing to do)."""
        ...

    def logout(self, base_url: str) -> Plan[None]:
        """The logout plan (yields nothing when there is nothing to do)."""
        ...

    def invalidate(self) -> None:
        """Forget the session (FortiOS answered 401) so the next call logs in again."""
        ...

    @property
    def can_relogin(self) -> bool:
        """Whether a new login can fix a 401."""
        ...


class TokenAuth:
    """A REST API admin's token, sent as `Authorization: Bearer <token>` on every request.

    With `in_query=True` it travels as the `access_token` query parameter instead. Only do
    that when something between you and the FortiGate strips the Authorization header: a URL
    ends up in proxy and server logs.
    """

    __slots__ = ("_header", "_in_query", "_token")

    def __init__(self, token: str, *, in_query: bool = False) -> None:
        if not isinstance(token, str):
            raise ConfigurationError(f"the API token must be a str, not {type(token).__name__}")
        if not _HEADER_SAFE.fullmatch(token):
            # Never echo the token: the message says what is wrong with it, not what it is.
            raise ConfigurationError(
                "the API token must be a non-empty string of printable ASCII characters "
                "without spaces or control characters"
            )
        if not isinstance(in_query, bool):
            raise ConfigurationError(f"in_query must be True or False, not {in_query!r}")
        self._token = token
        self._in_query = in_query
        self._header = (("Authorization", f"Bearer {token}"),)  # the same on every request: made once

    def authorize(self, request: Request) -> Request:
        if self._in_query:
            url = _with_query_parameter(request.url, "access_token", self._token)
            return dataclasses.replace(request, url=url)
        return request.with_headers(self._header)

    @property
    def needs_login(self) -> bool:
        return False

    def login(self, base_url: str) -> Plan[None]:
        _check_base_url(base_url)
        yield from ()

    def logout(self, base_url: str) -> Plan[None]:
        _check_base_url(base_url)
        yield from ()

    def invalidate(self) -> None:
        """A token cannot be renewed by the client: a 401 stays a 401."""

    @property
    def can_relogin(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"TokenAuth(token=<hidden>, in_query={self._in_query})"


class SessionAuth:
    """An admin's username and password, exchanged at login for a session.

    After login every request carries the session cookies, `Authorization: Bearer
    <session_key>` when FortiOS gave a session key, and `X-CSRFTOKEN` on writes
    (POST/PUT/DELETE), never on reads.

    `token_code` is a two-factor code (FortiToken, email, SMS). It is sent with the JSON
    login only; it is one-time, so a later re-login after a 401 will be refused.
    """

    __slots__ = (
        "_clock",
        "_cookies",
        "_flow",
        "_logged_in_with",
        "_password",
        "_proven_flow",
        "_session_key",
        "_token_code",
        "_username",
    )

    def __init__(
        self,
        username: str,
        password: str,
        *,
        flow: Literal["auto", "authentication", "logincheck"] = "auto",
        token_code: str | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        if not isinstance(username, str) or not username.strip():
            raise ConfigurationError("the username must be a non-empty str")
        if _CONTROL.search(username):
            raise ConfigurationError("the username must not contain control characters")
        if not isinstance(password, str) or not password:
            raise ConfigurationError(f"the password for user {username!r} must be a non-empty str")
        if not (_utf8_encodable(username) and _utf8_encodable(password)):
            # Lone surrogates (from bytes decoded with surrogateescape) cannot be sent at all.
            raise ConfigurationError(f"the username and password for user {username!r} must be valid Unicode")
        if flow not in _FLOW_CHOICES:
            raise ConfigurationError(f"flow must be one of {', '.join(_FLOW_CHOICES)}; got {flow!r}")
        if token_code is not None:
            if not isinstance(token_code, str) or not _HEADER_SAFE.fullmatch(token_code):
                raise ConfigurationError(
                    "token_code must be a non-empty str without spaces or control characters"
                )
            if flow == "logincheck":
                raise ConfigurationError(
                    "a two-factor token_code is only sent by the /api/v2/authentication login; "
                    "use flow='authentication' or 'auto'"
                )
        self._username = username
        self._password = password
        self._flow = flow
        self._token_code = token_code
        self._clock = clock  # epoch seconds, to read a lockout's Retry-After date; core has no clock
        self._proven_flow: Flow | None = None  # the flow that last logged in: re-logins use it
        self._logged_in_with: Flow | None = None
        self._session_key: str | None = None
        self._cookies = SessionCookies()

    @property
    def username(self) -> str:
        return self._username

    @property
    def session_flow(self) -> Flow | None:
        """The flow that made the current session, or None when not logged in."""
        return self._logged_in_with

    @property
    def needs_login(self) -> bool:
        return self._logged_in_with is None

    @property
    def can_relogin(self) -> bool:
        return True

    def authorize(self, request: Request) -> Request:
        """`request` with the session's Authorization, Cookie and (on writes) X-CSRFTOKEN.

        Not logged in (never, or invalidated by a concurrent 401), the request goes out as it
        is: FortiOS answers 401 and the client's plan logs in again, as for an expired session.
        """
        if self._logged_in_with is None:
            return request
        headers: dict[str, str] = {}
        if self._session_key is not None:
            headers["Authorization"] = f"Bearer {self._session_key}"
        cookie_header = self._cookies.header()
        if cookie_header is not None:
            headers["Cookie"] = cookie_header
        csrf_token = self._cookies.csrf_token()
        if csrf_token is not None and request.method in _WRITE_METHODS:
            headers["X-CSRFTOKEN"] = csrf_token
        return _with_headers(request, headers)

    def login(self, base_url: str) -> Plan[None]:
        """Log in, replacing any current session. Raises AuthenticationError on refusal."""
        base = _check_base_url(base_url)
        self._drop_session()
        if self._proven_flow is not None:
            yield from self._login_with(self._proven_flow, base)
        elif self._flow == "auto":
            if not (yield from self._login_with_authentication(base, fall_back=True)):
                if self._token_code is not None:
                    raise AuthenticationError(
                        f"user {self._username!r} has a two-factor token_code, but this FortiOS "
                        "(older than 6.4.2: no /api/v2/authentication) only offers /logincheck, "
                        "which hfortix does not drive with two-factor codes",
                        method="POST",
                        url=base + _AUTHENTICATION_PATH,
                    )
                yield from self._login_with_logincheck(base)
        else:
            yield from self._login_with(self._flow, base)

    def logout(self, base_url: str) -> Plan[None]:
        """End the session on the FortiGate. State is dropped whatever happens; 401 is fine."""
        base = _check_base_url(base_url)
        flow = self._logged_in_with
        if flow is None:
            return
        if flow == "authentication":
            request = Request("DELETE", base + _AUTHENTICATION_PATH)
        else:
            request = Request("POST", base + _LOGOUT_PATH)
        request = self.authorize(request)  # before dropping the session, which it needs
        try:
            response = yield from _send(request)
        finally:
            self._drop_session()
        # 401: the session had already expired. 3xx: /logout redirects to the login page.
        if response.status_code < 400 or response.status_code == 401:
            return
        raise _status_error(
            f"FortiOS did not accept the logout of user {self._username!r} (HTTP {response.status_code}); "
            "the local session is dropped anyway",
            response,
            request,
        )

    def invalidate(self) -> None:
        """Forget the session (FortiOS answered 401); the flow that worked is remembered."""
        self._drop_session()

    def __repr__(self) -> str:
        state = f"logged in with {self._logged_in_with}" if self._logged_in_with else "not logged in"
        return f"SessionAuth(username={self._username!r}, flow={self._flow!r}, {state})"

    # -- the two login flows ------------------------------------------------------------------

    def _drop_session(self) -> None:
        self._logged_in_with = None
        self._session_key = None
        self._cookies = SessionCookies()

    def _login_with(self, flow: Flow, base: str) -> Generator[Step, Response | None, None]:
        if flow == "authentication":
            yield from self._login_with_authentication(base, fall_back=False)
        else:
            yield from self._login_with_logincheck(base)

    def _login_with_authentication(
        self, base: str, *, fall_back: bool
    ) -> Generator[Step, Response | None, bool]:
        """POST /api/v2/authentication. False (only when `fall_back`) if the endpoint is missing."""
        body: dict[str, Any] = {
            "username": self._username,
            "secretkey": self._password,
            "ack_pre_disclaimer": True,
            "ack_post_disclaimer": True,
            "request_key": True,
        }
        if self._token_code is not None:
            body["token_code"] = self._token_code
        request = Request(
            "POST",
            base + _AUTHENTICATION_PATH,
            headers=(("Content-Type", "application/json"), ("Accept", "application/json")),
            content=json.dumps(body).encode(),
        )
        response = yield from _send(request)
        status = response.status_code
        if fall_back and status in (404, 405):
            return False  # firmware older than 6.4.2
        _raise_for_login_status(response, request, self._username, self._clock)
        if status in (404, 405):
            raise _status_error(
                f"this FortiOS has no JSON login ({request.method} {_AUTHENTICATION_PATH} answered "
                f"{status}): it is older than 6.4.2; use flow='logincheck' or 'auto'",
                response,
                request,
            )
        if status != 200:
            raise _status_error(
                f"FortiOS answered the login of user {self._username!r} with HTTP {status}", response, request
            )
        answer = _json_object(response, request)
        if not _authentication_succeeded(answer):
            raise AuthenticationError(
                _authentication_refusal(answer, self._username, self._token_code is not None),
                http_status=status,
                method=request.method,
                url=request.url,
                body=_shareable_body(response.content, answer),
                envelope=_without_secrets(answer),
            )
        session_key = answer.get("session_key")
        if session_key is not None and not (
            isinstance(session_key, str) and _HEADER_SAFE.fullmatch(session_key)
        ):
            raise InvalidResponseError(
                "FortiOS accepted the login but its session_key is not a printable string",
                http_status=status,
                method=request.method,
                url=request.url,
            )
        cookies = SessionCookies()
        cookies.update(response)
        if session_key is None and not cookies.has_session_cookie():
            raise _failure(
                InvalidResponseError,
                f"FortiOS accepted the login of user {self._username!r} but gave neither a session_key "
                "nor a session cookie",
                request,
                response,
            )
        self._start_session("authentication", cookies, session_key)
        return True

    def _login_with_logincheck(self, base: str) -> Generator[Step, Response | None, None]:
        """POST /logincheck: the legacy form login of every FortiOS release."""
        request = Request(
            "POST",
            base + _LOGINCHECK_PATH,
            headers=(("Content-Type", "application/x-www-form-urlencoded"),),
            # Form-encoded (UTF-8, "+" for space) so "&", "=" or "%" in a password stay in it.
            content=urlencode(
                {"username": self._username, "secretkey": self._password, "ajax": "1"}
            ).encode(),
        )
        response = yield from _send(request)
        status = response.status_code
        _raise_for_login_status(response, request, self._username, self._clock)
        if status not in (200, 302):
            raise _status_error(
                f"FortiOS answered the login of user {self._username!r} with HTTP {status}", response, request
            )
        cookies = SessionCookies()
        cookies.update(response)
        accepted = response.content.lstrip().startswith(b"1")
        if accepted and cookies.has_session_cookie():
            self._start_session("logincheck", cookies, None)
            return
        failed_login_marker = any(
            value.replace('"', "").strip().startswith("0%260")
            for name, value in _set_cookie_pairs(response)
            if name.lower().startswith("ccsrf")
        )
        if not accepted and (response.content.lstrip().startswith(b"0") or failed_login_marker):
            raise _failure(
                AuthenticationError,
                f"FortiOS refused the login of user {self._username!r}: wrong username or password, "
                "or the account is locked or not allowed from this address",
                request,
                response,
            )
        # KB2: 7.6.3+ accepts the form (200, or a 302 to the GUI) but sets no APSCOOKIE.
        if accepted or status == 302 or not cookies.has_session_cookie():
            raise _failure(
                AuthenticationError,
                f"{request.method} {_LOGINCHECK_PATH} answered {status} without a session cookie for user "
                f"{self._username!r}: FortiOS 7.6.3 and later no longer give sessions through /logincheck; "
                "this firmware needs /api/v2/authentication (flow='authentication' or 'auto')",
                request,
                response,
            )
        raise _failure(
            AuthenticationError,
            f"FortiOS set a session cookie for user {self._username!r} but did not confirm the login "
            "(is a pre-login disclaimer, a password change or a two-factor prompt pending?)",
            request,
            response,
        )

    def _start_session(self, flow: Flow, cookies: SessionCookies, session_key: str | None) -> None:
        self._cookies = cookies
        self._session_key = session_key
        self._logged_in_with = flow
        self._proven_flow = flow


# -- helpers ----------------------------------------------------------------------------------


def _send(request: Request) -> Generator[Step, Response | None, Response]:
    """Yield `request` and return its Response (a driver answers a Request, never with None)."""
    response = yield request
    if not isinstance(response, Response):
        raise TypeError(f"a plan driver answered a Request with {type(response).__name__}, not a Response")
    return response


def _check_base_url(base_url: str) -> str:
    """`base_url` (scheme, host, optional port and path prefix) without its trailing slash."""
    if not isinstance(base_url, str):
        raise ConfigurationError(f"base_url must be a str, not {type(base_url).__name__}")
    try:
        parts = urlsplit(base_url)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = urlsplit("")
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigurationError(f"base_url must look like https://host[:port], got {base_url!r}")
    return base_url.rstrip("/")


def _utf8_encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _with_headers(request: Request, headers: dict[str, str]) -> Request:
    """`request` with `headers` set, replacing any header of the same name (any case)."""
    return request.with_headers(headers) if headers else request


def _with_query_parameter(url: str, name: str, value: str) -> str:
    """`url` with `name=value` (percent-encoded) appended, replacing an earlier `name`."""
    parts = urlsplit(url)
    kept = [item for item in parts.query.split("&") if item and item.partition("=")[0] != name]
    kept.append(f"{quote(name, safe='')}={quote(value, safe='')}")
    return urlunsplit(parts._replace(query="&".join(kept)))


def _set_cookie_pairs(response: Response) -> list[tuple[str, str]]:
    """(name, raw value) of each Set-Cookie, before any parsing decides to drop it."""
    pairs = []
    for header_value in response.header_list("set-cookie"):
        name, _, value = header_value.split(";", 1)[0].partition("=")
        pairs.append((name.strip(), value.strip()))
    return pairs


def _raise_for_login_status(response: Response, request: Request, username: str,
                            clock: Callable[[], float] | None) -> None:
    """The answers that mean the same thing in both flows: refused (401/403) and locked out (429)."""
    status = response.status_code
    if status == 429:
        header = response.header("retry-after")
        retry_after = parse_retry_after(header, now=clock() if clock is not None and header else None)
        wait = f" (retry after {retry_after:g} s)" if retry_after is not None else ""
        raise _failure(
            RateLimitError,
            f"FortiOS is locking user {username!r} out (HTTP 429) after too many failed logins{wait}; "
            "a lockout grows with every new attempt, so hfortix did not retry: check the password "
            "(and the admin's trusted hosts), wait for it to end, then try again",
            request,
            response,
            retry_after=retry_after,
            lockout=True,
        )
    if status in (401, 403):
        raise _failure(
            AuthenticationError,
            f"FortiOS refused the login of user {username!r} (HTTP {status}): wrong username or password, "
            "or this address is not among the admin's trusted hosts",
            request,
            response,
        )


_Error = TypeVar("_Error", bound=FortiOSAPIError)


def _failure(error: type[_Error], message: str, request: Request, response: Response, **extra: Any) -> _Error:
    """`error` about this login or logout answer, with its status, method, URL and body."""
    return error(message, http_status=response.status_code, method=request.method, url=request.url,
                 body=response.content, **extra)


def _status_error(message: str, response: Response, request: Request) -> FortiOSAPIError:
    """An unexpected status; its class comes from the one error map (404, 405, 403, 5xx…)."""
    return _failure(error_class(response.status_code, None, None), message, request, response)


def _json_object(response: Response, request: Request) -> dict[str, Any]:
    try:
        answer = json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        answer = None
    if not isinstance(answer, dict):
        raise _failure(
            InvalidResponseError,
            f"{request.method} {_AUTHENTICATION_PATH} did not answer with a JSON object "
            "(is this a FortiGate running FortiOS 6.4.2 or later?)",
            request,
            response,
        )
    return answer


def _authentication_succeeded(answer: dict[str, Any]) -> bool:
    status_code = answer.get("status_code")
    status_message = answer.get("status_message")
    if status_code is None and status_message is None:
        return "session_key" in answer  # no verdict given: a session key is the success
    code_says_success = type(status_code) is int and status_code == _LOGIN_SUCCESS_CODE  # not True
    return code_says_success or status_message == _LOGIN_SUCCESS_MESSAGE


def _authentication_refusal(answer: dict[str, Any], username: str, has_token_code: bool) -> str:
    verdict = ", ".join(
        f"{key} {answer[key]!r}" for key in ("status_code", "status_message") if key in answer
    )
    message = f"FortiOS refused the login of user {username!r}" + (f" ({verdict})" if verdict else "")
    if not has_token_code and "TOKEN" in str(answer.get("status_message", "")).upper():
        message += "; this admin needs a two-factor code: pass token_code"
    return message


def _without_secrets(answer: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answer.items() if key != "session_key"}


def _shareable_body(content: bytes, answer: dict[str, Any]) -> bytes:
    """The raw body for an exception, unless it holds a session key."""
    return b"" if "session_key" in answer else content
