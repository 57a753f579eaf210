"""Who is asking: API tokens, login sessions (both flows), CSRF, logout and login lockout.

* Token: `Authorization: Bearer <token>` or `?access_token=<token>`. A read-only token may only
  read: a write answers 403.
* JSON login, `POST /api/v2/authentication` (6.4.2+): `{"username", "secretkey", ...}` answers
  `{"status_code": 5, "status_message": "LOGIN_SUCCESS", "session_key": ...}` and sets the
  session cookies: `session_key_<port>_<hash>` and `ccsrf_token_<port>_<hash>` on 7.6.3+, the
  legacy `APSCOOKIE_<n>`/`ccsrftoken` pair before. A refused login answers 200 with
  `{"status_code": 0, "status_message": "LOGIN_FAILED"}` (as /logincheck answers 200 with "0").
  `DELETE` logs out, `PUT` renews the session.
* Form login, `POST /logincheck` (`username`, `secretkey`, `ajax=1`): body `1` with cookies
  `APSCOOKIE_<n>="…"` and the CSRF token in `ccsrftoken="<token>"` and `ccsrftoken_<n>` until
  7.0.13/7.2.3, then under port-suffixed names only (`Quirks.logincheck_csrf_cookies`); on
  7.6.3+ body `1` and no session cookie at all (KB2). A refused login: body `0` and the CSRF
  cookies set to `"0%260"`. `POST /logout` ends the session and re-sets them to "0%260".
* A session is identified by its cookie or by `Bearer <session_key>`; its writes need
  `X-CSRFTOKEN` (403 without). Idle sessions expire after `Quirks.session_idle_seconds`.
* `lockout_threshold` failed logins in a row for one username lock that username out for
  `lockout_seconds` (measured with the app's clock): logins answer 429 with Retry-After.
* API keys likewise: `lockout_threshold` requests in a row with a wrong token lock token
  requests out (any token: FortiOS blocks the source) for `lockout_seconds`, and every token
  request during the lockout doubles it, as FortiOS does for API keys.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import ApiError, bad_request, forbidden
from .profile import Identity, Quirks
from .replies import Reply
from .request import Incoming

WRITE_METHODS = frozenset({"POST", "PUT", "DELETE", "PATCH"})
LOGIN_SUCCESS = 5
LOGIN_FAILED = 0
_EXPIRED = "Thu, 01-Jan-1973 00:00:00 GMT"


@dataclass(slots=True)
class Session:
    key: str  # the session_key (JSON flow) and the session cookie's value
    csrf: str
    username: str
    flow: str  # "authentication" | "logincheck"
    last_used: float


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller."""

    readonly: bool
    session: Session | None = None
    bearer: bool = False  # the credential came as a Bearer token / access_token


@dataclass(slots=True)
class _Failures:
    count: int = 0
    locked_until: float = 0.0
    duration: float = 0.0  # of the running lockout (API keys: it doubles on every attempt)


#: The `_failures` entry of API keys (usernames cannot contain a space).
_API_KEYS = "api keys"


def _bearer(request: Incoming) -> str | None:
    """The token a request carries (Authorization: Bearer, or ?access_token=), or None."""
    authorization = request.header("authorization")
    if authorization and authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return request.param("access_token")


def _same(given: str | None, expected: str | None) -> bool:
    return (
        given is not None and expected is not None and hmac.compare_digest(given.encode(), expected.encode())
    )


class Authenticator:
    def __init__(
        self,
        *,
        token: str | None,
        readonly_token: str | None,
        username: str | None,
        password: str | None,
        identity: Identity,
        quirks: Quirks,
        clock: Callable[[], float],
        lockout_threshold: int,
        lockout_seconds: float,
    ) -> None:
        self.token = token
        self.readonly_token = readonly_token
        self.username = username
        self.password = password
        self.identity = identity
        self.quirks = quirks
        self.clock = clock
        self.lockout_threshold = lockout_threshold
        self.lockout_seconds = lockout_seconds
        self.sessions: dict[str, Session] = {}
        self.https = True  # clients reach the box over HTTPS (the server says otherwise)
        self._failures: dict[str, _Failures] = {}
        self._issued: set[str] = set()  # every session key handed out: an expired one is no failed login
        digest = hashlib.md5(identity.serial.encode(), usedforsecurity=False).hexdigest()
        self._cookie_hash = digest[:8]
        self._cookie_number = str(int(digest[8:16], 16))

    # -- cookie names ---------------------------------------------------------------------------

    def session_cookie_name(self, port: str, flow: str) -> str:
        if flow == "authentication" and self.quirks.new_session_cookies:
            return f"session_key_{port}_{self._cookie_hash}"
        return f"APSCOOKIE_{self._cookie_number}"

    def csrf_cookie_names(self, port: str, flow: str) -> list[str]:
        if flow == "authentication" and self.quirks.new_session_cookies:
            return [f"ccsrf_token_{port}_{self._cookie_hash}"]
        names = self.quirks.logincheck_csrf_cookies
        return [name.format(number=self._cookie_number, port=port, hash=self._cookie_hash) for name in names]

    # -- identifying a request ------------------------------------------------------------------

    def identify(self, request: Incoming) -> Principal | None:
        """The caller, or None (answer 401)."""
        bearer = _bearer(request)
        if bearer is not None:
            if _same(bearer, self.token):
                self._failures.pop(_API_KEYS, None)
                return Principal(readonly=False, bearer=True)
            if _same(bearer, self.readonly_token):
                self._failures.pop(_API_KEYS, None)
                return Principal(readonly=True, bearer=True)
            session = self._live_session(self.sessions.get(bearer))
            if session is not None:
                return Principal(readonly=False, session=session, bearer=True)
            if bearer not in self._issued:
                self._count_failure(_API_KEYS)
        for name, value in request.cookies.items():
            if name.startswith(("APSCOOKIE_", "session_key_")):
                session = self._live_session(self.sessions.get(value))
                if session is not None:
                    return Principal(readonly=False, session=session)
        return None

    def _live_session(self, session: Session | None) -> Session | None:
        if session is None:
            return None
        now = self.clock()
        if now - session.last_used > self.quirks.session_idle_seconds:
            self.sessions.pop(session.key, None)
            return None
        session.last_used = now
        return session

    def authorize_write(self, principal: Principal, request: Incoming) -> None:
        """Raise 403 for a read-only caller or a session write without its CSRF token."""
        if request.method not in WRITE_METHODS:
            return
        if principal.readonly:
            raise forbidden("this API token is read-only")
        session = principal.session
        if session is None or (principal.bearer and not self.quirks.csrf_for_bearer_session):
            return
        if not _same(request.header("x-csrftoken"), session.csrf):
            raise forbidden("a session write needs the X-CSRFTOKEN header")

    # -- logins ---------------------------------------------------------------------------------

    def api_key_lockout(self, request: Incoming) -> Reply | None:
        """The 429 of a token request while API keys are locked out (None: not locked out)."""
        if _bearer(request) is None:
            return None
        locked = self._locked_out(_API_KEYS)
        if locked is not None:
            failures = self._failures[_API_KEYS]
            failures.duration *= 2
            failures.locked_until = self.clock() + failures.duration
        return locked

    def _locked_out(self, username: str) -> Reply | None:
        failures = self._failures.get(username)
        if failures is None or failures.locked_until <= 0:
            return None
        remaining = failures.locked_until - self.clock()
        if remaining <= 0:
            self._failures.pop(username, None)
            return None
        return Reply(
            429,
            {
                "status": "error",
                "http_status": 429,
                "status_message": "too many failed logins: access blocked",
            },
            [("Retry-After", str(max(1, math.ceil(remaining))))],
        )

    def _check_password(self, username: str, password: str) -> bool:
        accepted = (
            self.username is not None
            and self.password is not None
            and _same(username, self.username)
            and _same(password, self.password)
        )
        if accepted:
            self._failures.pop(username, None)
            return True
        self._count_failure(username)
        return False

    def _count_failure(self, who: str) -> None:
        failures = self._failures.setdefault(who, _Failures())
        failures.count += 1
        if failures.count >= self.lockout_threshold:
            failures.duration = self.lockout_seconds
            failures.locked_until = self.clock() + self.lockout_seconds
            failures.count = 0

    def _new_session(self, username: str, flow: str) -> Session:
        session = Session(
            key=secrets.token_hex(16),
            csrf=secrets.token_hex(16),
            username=username,
            flow=flow,
            last_used=self.clock(),
        )
        self.sessions[session.key] = session
        self._issued.add(session.key)
        return session

    def _session_cookies(self, session: Session, port: str) -> list[tuple[str, str]]:
        cookies = []
        name = self.session_cookie_name(port, session.flow)
        quoted = session.flow == "logincheck" or not self.quirks.new_session_cookies
        value = f'"{session.key}"' if quoted else session.key
        secure = "; Secure" if self.https else ""  # a Secure cookie never comes back over plain HTTP
        cookies.append(("Set-Cookie", f"{name}={value}; path=/; HttpOnly{secure}; SameSite=Strict"))
        for csrf_name in self.csrf_cookie_names(port, session.flow):
            csrf_value = f'"{session.csrf}"' if quoted else session.csrf
            cookies.append(("Set-Cookie", f"{csrf_name}={csrf_value}; path=/{secure}; SameSite=Strict"))
        return cookies

    def login_json(self, request: Incoming) -> Reply:
        body = request.json()
        if not isinstance(body, dict):
            raise bad_request("the login body must be a JSON object")
        username = str(body.get("username", ""))
        password = str(body.get("secretkey", body.get("password", "")))
        locked = self._locked_out(username)
        if locked is not None:
            return locked
        if not self._check_password(username, password):
            return Reply(200, {"status_code": LOGIN_FAILED, "status_message": "LOGIN_FAILED"})
        session = self._new_session(username, "authentication")
        answer: dict[str, Any] = {"status_code": LOGIN_SUCCESS, "status_message": "LOGIN_SUCCESS"}
        if body.get("request_key", True) is not False:
            answer["session_key"] = session.key
            answer["session_key_timeout"] = int(self.quirks.session_idle_seconds)
        return Reply(200, answer, self._session_cookies(session, request.port))

    def login_form(self, request: Incoming) -> Reply:
        form = request.form()
        username, password = form.get("username", ""), form.get("secretkey", "")
        locked = self._locked_out(username)
        if locked is not None:
            locked.content_type = "text/html"
            locked.body = b"2"  # logincheck's own "admin is locked out" answer, with the 429
            return locked
        if not self._check_password(username, password):
            failed = [
                ("Set-Cookie", f'{name}="0%260"; path=/; expires={_EXPIRED}')
                for name in self.csrf_cookie_names(request.port, "logincheck")[:1]
            ]
            return Reply(200, b"0", failed, content_type="text/html")
        if not self.quirks.logincheck_sessions:  # 7.6.3+: accepted, but no session (KB2)
            return Reply(200, b"1", content_type="text/html")
        session = self._new_session(username, "logincheck")
        return Reply(200, b"1", self._session_cookies(session, request.port), content_type="text/html")

    def logout_form(self, request: Incoming) -> Reply:
        principal = self.identify(request)
        if principal is not None and principal.session is not None:
            self.sessions.pop(principal.session.key, None)
        expired = [
            ("Set-Cookie", f'{name}="0%260"; path=/; expires={_EXPIRED}')
            for name in (f"APSCOOKIE_{self._cookie_number}", *self.csrf_cookie_names(request.port, "logincheck"))
        ]
        return Reply(200, b"", expired, content_type="text/html")

    def logout_json(self, request: Incoming) -> Reply:
        principal = self.identify(request)
        key = None
        if principal is not None and principal.session is not None:
            key = principal.session.key
        else:
            body = request.json() if request.body.strip() else {}
            candidate = body.get("session_key") if isinstance(body, dict) else None
            if isinstance(candidate, str) and candidate in self.sessions:
                key = candidate
        if key is None:
            raise ApiError(401, detail="no session to log out")
        session = self.sessions.pop(key)
        port = request.port
        expired = [
            ("Set-Cookie", f"{name}=; path=/; expires={_EXPIRED}")
            for name in (
                self.session_cookie_name(port, session.flow),
                *self.csrf_cookie_names(port, session.flow),
            )
        ]
        return Reply(200, {"status_code": LOGIN_SUCCESS, "status_message": "LOGOUT_SUCCESS"}, expired)

    def renew(self, request: Incoming) -> Reply:
        principal = self.identify(request)  # identifying a live session renews it
        if principal is None or principal.session is None:
            raise ApiError(401, detail="no session to renew")
        return Reply(200, {"status_code": LOGIN_SUCCESS, "status_message": "SESSION_RENEWED"})
