"""Token and session authentication, driven against a fake FortiGate of each firmware era.

No sockets: the login and logout plans run under `run_sync` (and once `run_async`) with the
fake below as the `send` function.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfortix.core import Request, Response, errors, run_async, run_sync
from hfortix.core.auth import Auth, SessionAuth, TokenAuth
from hfortix.core.drivers import Plan
from hfortix.core.errors import (
    AuthenticationError,
    ConfigurationError,
    FortiOSAPIError,
    FortiOSError,
    InvalidResponseError,
    MethodNotAllowedError,
    RateLimitError,
    ResourceNotFoundError,
    ServerError,
)

BASE = "https://192.0.2.10:8443"
USER = "api-admin"
# Characters that form-encoding and JSON must carry intact: space, &, =, +, %, quote, non-ASCII.
PASSWORD = 'Pa ss&word=+%"é'
ADDRESSES = "/api/v2/cmdb/firewall/address"
EXPIRED = "Thu, 01 Jan 1973 00:00:00 GMT"
Era = Literal["7.6.3", "7.0", "6.2"]
Flow = Literal["auto", "authentication", "logincheck"]


# -- a fake FortiGate --------------------------------------------------------------------------


@dataclass
class FakeSession:
    flow: str
    csrf: str
    ids: set[str]  # values that identify the session: the session key, the APSCOOKIE value


@dataclass
class FakeFortiGate:
    """Answers login, logout and one cmdb table the way each firmware era does (wire doc 6.4).

    * "7.6.3": /api/v2/authentication works with `session_key_<port>_<hash>` and
      `ccsrf_token_<port>_<hash>` cookies; /logincheck answers without a session cookie (KB2).
    * "7.0": both flows work; the legacy one sets `APSCOOKIE_<n>` and `ccsrftoken[_<port>]`.
    * "6.2": no /api/v2/authentication (404 or 405); /logincheck works.
    """

    era: Era
    port: int = 8443
    password: str = PASSWORD
    csrf_cookies: tuple[str, ...] = ("ccsrftoken", "ccsrftoken_{port}")  # legacy names to set
    quote_csrf: bool = True
    missing_endpoint_status: int = 404
    refusal_status: int = 200  # how /api/v2/authentication says "wrong password"
    logincheck_763_status: int = 200
    give_session_key: bool = True
    token_code: str | None = None  # two-factor code the admin needs
    retry_after: str | None = None  # set: every login answers 429
    requests: list[Request] = field(default_factory=list)
    sessions: list[FakeSession] = field(default_factory=list)
    issued: int = 0

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        path = urlsplit(request.url).path
        route = (request.method, path)
        if route == ("POST", "/api/v2/authentication"):
            return self.authentication(request)
        if route == ("POST", "/logincheck"):
            return self.logincheck(request)
        if route == ("DELETE", "/api/v2/authentication") and self.era != "6.2":
            return self.logout(request, "authentication")
        if route == ("POST", "/logout"):
            return self.logout(request, "logincheck")
        if path == ADDRESSES or path.startswith(ADDRESSES + "/"):
            return self.addresses(request)
        return Response(404, (), b"<html>Not Found</html>")

    # logins

    def next_secret(self, kind: str) -> str:
        self.issued += 1
        return f"{kind}{self.issued:04d}x{self.era.replace('.', '')}"

    def locked_out(self) -> Response | None:
        if self.retry_after is None:
            return None
        return Response(429, (("Retry-After", self.retry_after),), b"")

    def authentication(self, request: Request) -> Response:
        if self.era == "6.2":
            return Response(self.missing_endpoint_status, (), b"<html>Not Found</html>")
        if (locked := self.locked_out()) is not None:
            return locked
        assert request.header("Content-Type") == "application/json"
        body = json.loads(request.content)
        assert body["ack_pre_disclaimer"] is body["ack_post_disclaimer"] is body["request_key"] is True
        if body["username"] != USER or body["secretkey"] != self.password:
            return self.json(self.refusal_status, {"status_code": 0, "status_message": "LOGIN_FAILED"})
        if self.token_code is not None and body.get("token_code") != self.token_code:
            return self.json(200, {"status_code": 4, "status_message": "LOGIN_TOKEN_CODE_REQUIRED"})
        key, csrf = self.next_secret("key"), self.next_secret("csrf")
        self.sessions.append(FakeSession("authentication", csrf, {key}))
        answer: dict[str, Any] = {"status_code": 5, "status_message": "LOGIN_SUCCESS"}
        if self.give_session_key:
            answer["session_key"] = key
        if self.era == "7.6.3":
            cookies = [
                f"session_key_{self.port}_5f2a9c={key}; Path=/; HttpOnly; Secure; SameSite=Strict",
                f'ccsrf_token_{self.port}_5f2a9c="{csrf}"; Path=/; Secure',
            ]
        else:
            cookies = [f'APSCOOKIE_{self.port}="{key}"; Path=/; HttpOnly', *self.csrf_set_cookies(csrf)]
        return self.json(200, answer, cookies)

    def logincheck(self, request: Request) -> Response:
        if (locked := self.locked_out()) is not None:
            return locked
        assert request.header("Content-Type") == "application/x-www-form-urlencoded"
        form = parse_qs(request.content.decode(), keep_blank_values=True, strict_parsing=True)
        assert form["ajax"] == ["1"]
        if form["username"] != [USER] or form["secretkey"] != [self.password]:
            marker = [f'{name.format(port=self.port)}="0%260"; Path=/' for name in self.csrf_cookies]
            return Response(200, self.set_cookies(marker), b"0")
        if self.era == "7.6.3":  # KB2: accepted, but no APSCOOKIE
            if self.logincheck_763_status == 302:
                return Response(302, (("Location", "/ng/"),), b"")
            return Response(200, (), b'1document.location="/ng/";\n')
        session_id, csrf = self.next_secret("aps"), self.next_secret("csrf")
        self.sessions.append(FakeSession("logincheck", csrf, {session_id}))
        cookies = [f'APSCOOKIE_{self.port}="Era%3D0%26Payload%3D{session_id}"; Path=/; HttpOnly; Secure']
        return Response(200, self.set_cookies(cookies + self.csrf_set_cookies(csrf)), b"1")

    def csrf_set_cookies(self, csrf: str) -> list[str]:
        value = f'"{csrf}"' if self.quote_csrf else csrf
        return [f"{name.format(port=self.port)}={value}; Path=/" for name in self.csrf_cookies]

    # the session in use

    def session_of(self, request: Request) -> FakeSession | None:
        presented: set[str] = set()
        authorization = request.header("Authorization") or ""
        if authorization.startswith("Bearer "):
            presented.add(authorization.removeprefix("Bearer "))
        for pair in (request.header("Cookie") or "").split("; "):
            value = pair.partition("=")[2].strip('"')
            presented.add(value.removeprefix("Era%3D0%26Payload%3D"))
        return next((session for session in self.sessions if session.ids & presented), None)

    def logout(self, request: Request, flow: str) -> Response:
        session = self.session_of(request)
        if session is None or session.flow != flow:
            return self.json(401, {"http_status": 401})
        if request.header("X-CSRFTOKEN") != session.csrf:
            return self.json(403, {"http_status": 403})
        self.sessions.remove(session)
        cleared = [f'APSCOOKIE_{self.port}="0%260"; Path=/; Expires={EXPIRED}', 'ccsrftoken="0%260"; Path=/']
        return self.json(200, {"status": "success"}, cleared)

    def addresses(self, request: Request) -> Response:
        session = self.session_of(request)
        if session is None:
            return self.json(401, {"http_status": 401})
        if request.method != "GET" and request.header("X-CSRFTOKEN") != session.csrf:
            return self.json(403, {"http_status": 403})
        return self.json(200, {"status": "success", "http_method": request.method, "results": []})

    # helpers

    @staticmethod
    def set_cookies(values: list[str]) -> tuple[tuple[str, str], ...]:
        return tuple(("Set-Cookie", value) for value in values)

    def json(self, status: int, body: dict[str, Any], cookies: list[str] | None = None) -> Response:
        headers = (("Content-Type", "application/json"), *self.set_cookies(cookies or []))
        return Response(status, headers, json.dumps(body).encode())

    def paths(self) -> list[tuple[str, str]]:
        return [(request.method, urlsplit(request.url).path) for request in self.requests]


def drive(plan: Plan[None], fortigate: Callable[[Request], Response]) -> None:
    def no_sleep(seconds: float) -> None:
        raise AssertionError(f"a login plan should not wait, asked for {seconds} s")

    run_sync(plan, fortigate, no_sleep)


def call(auth: Auth, fortigate: FakeFortiGate, method: str = "GET", path: str = ADDRESSES) -> Request:
    """Send one API request as the client would and return what went on the wire."""
    content = b'{"name": "a"}' if method in ("POST", "PUT") else b""
    request = auth.authorize(Request(method, BASE + path, content=content))
    response = fortigate(request)
    assert response.status_code == 200, (response.status_code, response.content)
    return request


def logged_in(era: Era, flow: Flow = "auto", **fake: Any) -> tuple[SessionAuth, FakeFortiGate]:
    fortigate = FakeFortiGate(era, **fake)
    auth = SessionAuth(USER, fortigate.password, flow=flow)
    drive(auth.login(BASE), fortigate)
    return auth, fortigate


def no_send(request: Request) -> Response:
    raise AssertionError(f"nothing should be sent, got {request.method} {request.url}")


# -- TokenAuth ----------------------------------------------------------------------------------


def test_token_goes_in_a_bearer_header() -> None:
    request = TokenAuth("f1n3t0k3n").authorize(Request("GET", BASE + ADDRESSES + "?vdom=root"))
    assert request.header("Authorization") == "Bearer f1n3t0k3n"
    assert request.url == BASE + ADDRESSES + "?vdom=root"


def test_token_replaces_an_existing_authorization_header_and_keeps_the_rest() -> None:
    original = Request(
        "POST",
        BASE + ADDRESSES,
        headers=(("authorization", "Basic old"), ("Content-Type", "application/json")),
        content=b"{}",
        timeout=3.0,
    )
    request = TokenAuth("tok").authorize(original)
    assert [value for name, value in request.headers if name.lower() == "authorization"] == ["Bearer tok"]
    assert request.header("Content-Type") == "application/json"
    assert (request.content, request.timeout) == (b"{}", 3.0)


@pytest.mark.parametrize(
    ("url", "expected_query"),
    [
        (BASE + ADDRESSES, "access_token=a%2Bb%2Fc%3D"),
        (
            BASE + ADDRESSES + "?vdom=root&filter=name%3D%3Dx",
            "vdom=root&filter=name%3D%3Dx&access_token=a%2Bb%2Fc%3D",
        ),
        (BASE + ADDRESSES + "?access_token=old&vdom=root", "vdom=root&access_token=a%2Bb%2Fc%3D"),
    ],
)
def test_token_in_query_is_encoded_and_merged(url: str, expected_query: str) -> None:
    request = TokenAuth("a+b/c=", in_query=True).authorize(Request("GET", url))
    assert urlsplit(request.url).query == expected_query
    assert urlsplit(request.url).path == ADDRESSES
    assert request.header("Authorization") is None


def test_token_auth_has_no_login_logout_or_relogin() -> None:
    auth = TokenAuth("tok")
    assert isinstance(auth, Auth)
    assert auth.needs_login is False
    assert auth.can_relogin is False
    drive(auth.login(BASE), no_send)
    drive(auth.logout(BASE), no_send)
    auth.invalidate()
    assert auth.authorize(Request("GET", BASE)).header("Authorization") == "Bearer tok"


@pytest.mark.parametrize(
    "token", ["", "has space", "line\nbreak", "tab\t", "nul\x00", "caf\u00e9", 123, None]
)
def test_bad_tokens_are_refused_without_echoing_them(token: Any) -> None:
    with pytest.raises(ConfigurationError) as caught:
        TokenAuth(token)
    if isinstance(token, str) and token:
        assert token not in str(caught.value)


def test_in_query_must_be_a_bool() -> None:
    with pytest.raises(ConfigurationError, match="in_query"):
        TokenAuth("tok", in_query="yes")  # type: ignore[arg-type]


def test_token_repr_hides_the_token() -> None:
    auth = TokenAuth("SECRETTOKEN", in_query=True)
    assert "SECRETTOKEN" not in repr(auth) and "SECRETTOKEN" not in str(auth)
    assert "in_query=True" in repr(auth)


# -- SessionAuth: logging in on each firmware era ---------------------------------------------


def test_763_logs_in_with_the_json_flow_and_hashed_cookies() -> None:
    auth, fortigate = logged_in("7.6.3")
    assert fortigate.paths() == [("POST", "/api/v2/authentication")]
    body = json.loads(fortigate.requests[0].content)
    assert body == {
        "username": USER,
        "secretkey": PASSWORD,
        "ack_pre_disclaimer": True,
        "ack_post_disclaimer": True,
        "request_key": True,
    }
    assert not auth.needs_login and auth.session_flow == "authentication"
    session = fortigate.sessions[0]
    key = next(iter(session.ids))

    read = call(auth, fortigate, "GET")
    assert read.header("Authorization") == f"Bearer {key}"
    assert read.header("Cookie") == f'session_key_8443_5f2a9c={key}; ccsrf_token_8443_5f2a9c="{session.csrf}"'
    assert read.header("X-CSRFTOKEN") is None
    assert call(auth, fortigate, "POST").header("X-CSRFTOKEN") == session.csrf


@pytest.mark.parametrize("status", [200, 302])
def test_763_logincheck_without_a_session_cookie_explains_the_firmware_change(status: int) -> None:
    fortigate = FakeFortiGate("7.6.3", logincheck_763_status=status)
    auth = SessionAuth(USER, PASSWORD, flow="logincheck")
    with pytest.raises(AuthenticationError, match=r"7\.6\.3.*/api/v2/authentication") as caught:
        drive(auth.login(BASE), fortigate)
    assert caught.value.http_status == status
    assert USER in str(caught.value)
    assert auth.needs_login


def test_64_to_74_prefers_the_json_flow() -> None:
    auth, fortigate = logged_in("7.0")
    assert fortigate.paths() == [("POST", "/api/v2/authentication")]
    assert auth.session_flow == "authentication"
    key = next(iter(fortigate.sessions[0].ids))
    assert call(auth, fortigate, "GET").header("Authorization") == f"Bearer {key}"
    call(auth, fortigate, "DELETE", ADDRESSES + "/a")


def test_64_to_74_legacy_flow_when_forced() -> None:
    auth, fortigate = logged_in("7.0", flow="logincheck")
    assert fortigate.paths() == [("POST", "/logincheck")]
    assert parse_qs(fortigate.requests[0].content.decode()) == {
        "username": [USER],
        "secretkey": [PASSWORD],
        "ajax": ["1"],
    }
    assert auth.session_flow == "logincheck"
    read = call(auth, fortigate, "GET")
    assert read.header("Authorization") is None  # the legacy flow has no session key
    assert (read.header("Cookie") or "").startswith('APSCOOKIE_8443="Era%3D0%26Payload%3Daps')
    assert call(auth, fortigate, "PUT", ADDRESSES + "/a").header("X-CSRFTOKEN") == fortigate.sessions[0].csrf


@pytest.mark.parametrize("missing_status", [404, 405])
def test_pre_642_falls_back_to_logincheck(missing_status: int) -> None:
    auth, fortigate = logged_in("6.2", missing_endpoint_status=missing_status)
    assert fortigate.paths() == [("POST", "/api/v2/authentication"), ("POST", "/logincheck")]
    assert auth.session_flow == "logincheck"
    call(auth, fortigate, "POST")


@pytest.mark.parametrize(
    ("missing_status", "error"), [(404, ResourceNotFoundError), (405, MethodNotAllowedError)]
)
def test_pre_642_with_the_json_flow_forced_says_so(missing_status: int, error: type[FortiOSAPIError]) -> None:
    fortigate = FakeFortiGate("6.2", missing_endpoint_status=missing_status)
    auth = SessionAuth(USER, PASSWORD, flow="authentication")
    with pytest.raises(error, match=r"older than 6\.4\.2.*flow='logincheck'"):
        drive(auth.login(BASE), fortigate)
    assert fortigate.paths() == [("POST", "/api/v2/authentication")]


def test_without_a_session_key_the_cookies_carry_the_session() -> None:
    auth, fortigate = logged_in("7.0", give_session_key=False)
    read = call(auth, fortigate, "GET")
    assert read.header("Authorization") is None
    assert read.header("Cookie") is not None
    call(auth, fortigate, "POST")


def test_a_base_url_path_prefix_and_trailing_slash_are_kept_right() -> None:
    sent: list[Request] = []

    def proxy(request: Request) -> Response:
        sent.append(request)
        return Response(200, (), b'{"status_code": 5, "session_key": "k"}')

    drive(SessionAuth(USER, PASSWORD).login("https://proxy.example/fgt1/"), proxy)
    assert [request.url for request in sent] == ["https://proxy.example/fgt1/api/v2/authentication"]


# -- every cookie variant carries its CSRF token to writes, and only to writes ----------------

LEGACY_CSRF_NAMINGS = [("ccsrftoken",), ("ccsrftoken_{port}",), ("ccsrftoken", "ccsrftoken_{port}")]


@pytest.mark.parametrize("names", LEGACY_CSRF_NAMINGS)
@pytest.mark.parametrize("quoted", [True, False])
@pytest.mark.parametrize("flow", ["authentication", "logincheck"])
@pytest.mark.parametrize("port", [443, 8443])
def test_legacy_csrf_cookie_variants(names: tuple[str, ...], quoted: bool, flow: Flow, port: int) -> None:
    auth, fortigate = logged_in("7.0", flow=flow, csrf_cookies=names, quote_csrf=quoted, port=port)
    csrf = fortigate.sessions[0].csrf
    for method in ("POST", "PUT", "DELETE"):
        assert call(auth, fortigate, method, ADDRESSES + "/a").header("X-CSRFTOKEN") == csrf
    assert call(auth, fortigate, "GET").header("X-CSRFTOKEN") is None


@pytest.mark.parametrize("era", ["7.6.3", "7.0"])
def test_csrf_header_is_on_writes_never_on_reads(era: Era) -> None:
    auth, fortigate = logged_in(era)
    csrf = fortigate.sessions[0].csrf
    methods = ("GET", "POST", "PUT", "DELETE")
    sent = {method: call(auth, fortigate, method, ADDRESSES + "/a") for method in methods}
    assert {method: request.header("X-CSRFTOKEN") for method, request in sent.items()} == {
        "GET": None,
        "POST": csrf,
        "PUT": csrf,
        "DELETE": csrf,
    }


def test_writes_without_the_csrf_token_would_be_refused() -> None:
    # The fake enforces CSRF: proof that the header we add is what makes writes pass.
    auth, fortigate = logged_in("7.0", flow="logincheck")
    cookie = auth.authorize(Request("GET", BASE)).header("Cookie") or ""
    bare = Request("POST", BASE + ADDRESSES, headers=(("Cookie", cookie),))
    assert fortigate(bare).status_code == 403


# -- wrong credentials, lockout, odd answers -------------------------------------------------


@pytest.mark.parametrize("refusal_status", [200, 401])
def test_wrong_password_with_the_json_flow(refusal_status: int) -> None:
    fortigate = FakeFortiGate("7.6.3", password="right", refusal_status=refusal_status)
    auth = SessionAuth(USER, "WRONGPASSWORD")
    with pytest.raises(AuthenticationError) as caught:
        drive(auth.login(BASE), fortigate)
    assert USER in str(caught.value)
    assert "WRONGPASSWORD" not in str(caught.value)
    assert fortigate.paths() == [("POST", "/api/v2/authentication")]  # no fallback on a refusal
    assert auth.needs_login


@pytest.mark.parametrize("era", ["7.0", "6.2"])
def test_wrong_password_with_logincheck(era: Era) -> None:
    fortigate = FakeFortiGate(era, password="right")
    auth = SessionAuth(USER, "WRONGPASSWORD", flow="logincheck" if era == "7.0" else "auto")
    with pytest.raises(AuthenticationError, match="wrong username or password") as caught:
        drive(auth.login(BASE), fortigate)
    assert USER in str(caught.value) and "WRONGPASSWORD" not in str(caught.value)
    assert auth.needs_login


def test_failed_login_marker_alone_means_wrong_credentials() -> None:
    answer = Response(200, (("Set-Cookie", 'ccsrftoken="0%260"; path=/'),), b"")
    auth = SessionAuth(USER, PASSWORD, flow="logincheck")
    with pytest.raises(AuthenticationError, match="wrong username or password"):
        drive(auth.login(BASE), lambda request: answer)


def test_two_factor_code_is_sent_and_its_absence_explained() -> None:
    fortigate = FakeFortiGate("7.6.3", token_code="123456")
    with pytest.raises(AuthenticationError, match="token_code") as caught:
        drive(SessionAuth(USER, PASSWORD).login(BASE), fortigate)
    assert "LOGIN_TOKEN_CODE_REQUIRED" in str(caught.value)

    auth = SessionAuth(USER, PASSWORD, token_code="123456")
    drive(auth.login(BASE), fortigate)
    assert json.loads(fortigate.requests[-1].content)["token_code"] == "123456"
    assert not auth.needs_login


def test_two_factor_code_on_firmware_without_the_json_flow() -> None:
    fortigate = FakeFortiGate("6.2")
    with pytest.raises(AuthenticationError, match="two-factor"):
        drive(SessionAuth(USER, PASSWORD, token_code="123456").login(BASE), fortigate)
    assert fortigate.paths() == [("POST", "/api/v2/authentication")]  # the password never went to /logincheck


@pytest.mark.parametrize("era", ["7.6.3", "6.2"])
@pytest.mark.parametrize(("retry_after", "seconds"), [("60", 60.0), ("Thu, 01 Jan 1998 00:00:00 GMT", 0.0)])
def test_429_lockout_raises_rate_limit_with_retry_after(era: Era, retry_after: str, seconds: float) -> None:
    fortigate = FakeFortiGate(era, retry_after=retry_after)
    with pytest.raises(RateLimitError) as caught:
        drive(SessionAuth(USER, PASSWORD, clock=lambda: NOW).login(BASE), fortigate)
    assert caught.value.retry_after == seconds
    assert caught.value.http_status == 429
    assert caught.value.lockout is True and "after too many failed logins" in str(caught.value)
    assert PASSWORD not in str(caught.value)


NOW = 1_700_000_000.0  # SessionAuth reads a Retry-After date with the clock it is given (core has none)


def test_429_with_a_future_date_or_garbage_retry_after() -> None:
    future = FakeFortiGate("7.6.3", retry_after="Fri, 01 Jan 2100 00:00:00 GMT")
    with pytest.raises(RateLimitError) as caught:
        drive(SessionAuth(USER, PASSWORD, clock=lambda: NOW).login(BASE), future)
    assert caught.value.retry_after == 4102444800.0 - NOW
    garbage = FakeFortiGate("7.6.3", retry_after="soon")
    with pytest.raises(RateLimitError) as caught:
        drive(SessionAuth(USER, PASSWORD, clock=lambda: NOW).login(BASE), garbage)
    assert caught.value.retry_after is None
    without_clock = FakeFortiGate("7.6.3", retry_after="Fri, 01 Jan 2100 00:00:00 GMT")
    with pytest.raises(RateLimitError) as caught:
        drive(SessionAuth(USER, PASSWORD).login(BASE), without_clock)
    assert caught.value.retry_after is None  # a date needs a clock


def scripted(*answers: Response) -> Callable[[Request], Response]:
    queue: Iterator[Response] = iter(answers)
    return lambda request: next(queue)


@pytest.mark.parametrize(
    ("answer", "error", "message"),
    [
        (Response(200, (), b"<html>login</html>"), InvalidResponseError, "JSON object"),
        (Response(200, (), b"[1, 2]"), InvalidResponseError, "JSON object"),
        (Response(200, (), b'{"status_code": 5}'), InvalidResponseError, "neither a session_key nor"),
        (Response(200, (), b'{"status_code": true}'), AuthenticationError, "refused"),
        (Response(500, (), b"oops"), ServerError, "HTTP 500"),
        (Response(400, (), b"{}"), FortiOSAPIError, "HTTP 400"),
        (Response(403, (), b"{}"), AuthenticationError, "trusted hosts"),
    ],
)
def test_odd_json_login_answers_raise_clear_errors(
    answer: Response, error: type[Exception], message: str
) -> None:
    auth = SessionAuth(USER, PASSWORD, flow="authentication")
    with pytest.raises(error, match=message):
        drive(auth.login(BASE), scripted(answer))
    assert auth.needs_login


def test_a_session_key_alone_is_a_success() -> None:
    auth = SessionAuth(USER, PASSWORD)
    drive(auth.login(BASE), scripted(Response(200, (), b'{"session_key": "k3y"}')))
    assert auth.authorize(Request("GET", BASE)).header("Authorization") == "Bearer k3y"


def test_an_unusable_session_key_is_refused_without_showing_it() -> None:
    auth = SessionAuth(USER, PASSWORD)
    answer = Response(200, (), b'{"status_code": 5, "session_key": "SECRET\\r\\nKEY"}')
    with pytest.raises(InvalidResponseError) as caught:
        drive(auth.login(BASE), scripted(answer))
    assert "SECRET" not in str(caught.value) and b"SECRET" not in caught.value.body


def test_a_refusal_never_carries_a_session_key_in_the_error() -> None:
    refusal = {"status_code": 0, "status_message": "LOGIN_FAILED", "session_key": "SECRETKEY"}
    answer = Response(200, (), json.dumps(refusal).encode())
    with pytest.raises(AuthenticationError) as caught:
        drive(SessionAuth(USER, PASSWORD).login(BASE), scripted(answer))
    assert "SECRETKEY" not in str(caught.value) and b"SECRETKEY" not in caught.value.body
    assert caught.value.envelope == {"status_code": 0, "status_message": "LOGIN_FAILED"}


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (Response(404, (), b""), "HTTP 404"),
        (Response(200, (("Set-Cookie", "APSCOOKIE_1=x"),), b"<html>disclaimer</html>"), "did not confirm"),
    ],
)
def test_odd_logincheck_answers_raise_clear_errors(answer: Response, message: str) -> None:
    auth = SessionAuth(USER, PASSWORD, flow="logincheck")
    with pytest.raises(FortiOSAPIError, match=message):
        drive(auth.login(BASE), scripted(answer))


def test_a_driver_that_answers_a_request_with_none_is_a_type_error() -> None:
    plan = SessionAuth(USER, PASSWORD).login(BASE)
    assert isinstance(next(plan), Request)
    with pytest.raises(TypeError, match="not a Response"):
        plan.send(None)


# -- re-login, invalidate ---------------------------------------------------------------------


@pytest.mark.parametrize(("era", "expected_flow"), [("7.6.3", "authentication"), ("6.2", "logincheck")])
def test_relogin_goes_straight_to_the_flow_that_worked(era: Era, expected_flow: str) -> None:
    auth, fortigate = logged_in(era)
    auth.invalidate()
    assert auth.needs_login and auth.session_flow is None and auth.can_relogin
    bare = Request("GET", BASE + ADDRESSES)
    assert auth.authorize(bare) == bare  # no stale session left to send
    fortigate.requests.clear()
    drive(auth.login(BASE), fortigate)
    path = "/api/v2/authentication" if expected_flow == "authentication" else "/logincheck"
    assert fortigate.paths() == [("POST", path)]
    assert auth.session_flow == expected_flow
    call(auth, fortigate, "POST")


def test_login_again_replaces_the_session() -> None:
    auth, fortigate = logged_in("7.6.3")
    first = call(auth, fortigate).header("Authorization")
    drive(auth.login(BASE), fortigate)
    assert call(auth, fortigate).header("Authorization") not in (None, first)


def test_a_failed_relogin_leaves_no_session_behind() -> None:
    auth, fortigate = logged_in("7.6.3")
    fortigate.password = "changed"
    with pytest.raises(AuthenticationError):
        drive(auth.login(BASE), fortigate)
    assert auth.needs_login
    bare = Request("POST", BASE + ADDRESSES)
    assert auth.authorize(bare) == bare


# -- logout -----------------------------------------------------------------------------------


def test_logout_of_a_json_session_deletes_it_with_the_session_headers() -> None:
    auth, fortigate = logged_in("7.6.3")
    session = fortigate.sessions[0]
    drive(auth.logout(BASE), fortigate)
    logout = fortigate.requests[-1]
    assert (logout.method, urlsplit(logout.url).path) == ("DELETE", "/api/v2/authentication")
    assert logout.header("Authorization") == f"Bearer {next(iter(session.ids))}"
    assert logout.header("X-CSRFTOKEN") == session.csrf
    assert fortigate.sessions == [] and auth.needs_login


@pytest.mark.parametrize("era", ["7.0", "6.2"])
def test_logout_of_a_legacy_session_posts_to_logout_with_csrf(era: Era) -> None:
    auth, fortigate = logged_in(era, flow="logincheck" if era == "7.0" else "auto")
    csrf = fortigate.sessions[0].csrf
    drive(auth.logout(BASE), fortigate)
    logout = fortigate.requests[-1]
    assert (logout.method, urlsplit(logout.url).path) == ("POST", "/logout")
    assert logout.header("X-CSRFTOKEN") == csrf
    assert fortigate.sessions == [] and auth.needs_login


def test_logout_when_not_logged_in_sends_nothing() -> None:
    drive(SessionAuth(USER, PASSWORD).logout(BASE), no_send)


def test_logout_of_an_expired_session_is_quiet() -> None:
    auth, fortigate = logged_in("7.6.3")
    fortigate.sessions.clear()  # the FortiGate forgot it: the logout gets 401
    drive(auth.logout(BASE), fortigate)
    assert auth.needs_login


def test_logout_that_the_server_fails_still_drops_the_session() -> None:
    auth, _ = logged_in("7.6.3")
    with pytest.raises(ServerError, match="dropped anyway"):
        drive(auth.logout(BASE), scripted(Response(500, (), b"")))
    assert auth.needs_login


def test_logout_that_the_transport_fails_still_drops_the_session() -> None:
    auth, _ = logged_in("7.0", flow="logincheck")

    def broken(request: Request) -> Response:
        raise errors.ConnectionError("reset", method=request.method, url=request.url)

    with pytest.raises(errors.ConnectionError):
        drive(auth.logout(BASE), broken)
    assert auth.needs_login


def test_logout_keeps_the_proven_flow_for_the_next_login() -> None:
    auth, fortigate = logged_in("6.2")
    drive(auth.logout(BASE), fortigate)
    fortigate.requests.clear()
    drive(auth.login(BASE), fortigate)
    assert fortigate.paths() == [("POST", "/logincheck")]


def test_logout_then_calls_are_unauthenticated() -> None:
    auth, fortigate = logged_in("7.6.3")
    stale = auth.authorize(Request("GET", BASE + ADDRESSES))
    drive(auth.logout(BASE), fortigate)
    assert fortigate(stale).status_code == 401


# -- the async driver runs the same plans -------------------------------------------------------


def test_login_and_logout_under_run_async() -> None:
    fortigate = FakeFortiGate("6.2")
    auth = SessionAuth(USER, PASSWORD)

    async def send(request: Request) -> Response:
        return fortigate(request)

    async def scenario() -> None:
        await run_async(auth.login(BASE), send, asyncio.sleep)
        call(auth, fortigate, "POST")
        await run_async(auth.logout(BASE), send, asyncio.sleep)

    asyncio.run(scenario())
    assert fortigate.paths()[-1] == ("POST", "/logout")
    assert auth.needs_login


# -- validation and secrecy -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("", PASSWORD), {}, "username"),
        (("   ", PASSWORD), {}, "username"),
        ((None, PASSWORD), {}, "username"),
        (("ad\nmin", PASSWORD), {}, "control"),
        ((USER, ""), {}, "password"),
        ((USER, None), {}, "password"),
        ((USER, "bad\udcffsurrogate"), {}, "Unicode"),
        ((USER, PASSWORD), {"flow": "magic"}, "flow"),
        ((USER, PASSWORD), {"token_code": ""}, "token_code"),
        ((USER, PASSWORD), {"token_code": "12 34"}, "token_code"),
        ((USER, PASSWORD), {"token_code": 123456}, "token_code"),
        ((USER, PASSWORD), {"flow": "logincheck", "token_code": "123456"}, "authentication"),
    ],
)
def test_bad_session_arguments_are_configuration_errors(
    args: tuple[Any, ...], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigurationError, match=message) as caught:
        SessionAuth(*args, **kwargs)
    assert PASSWORD not in str(caught.value)
    assert isinstance(caught.value, (FortiOSError, ValueError))


@pytest.mark.parametrize(
    "base_url", ["192.0.2.1", "ftp://192.0.2.1", "https://", "https://h/?x=1", "https://[::1", 42]
)
def test_bad_base_urls_are_configuration_errors(base_url: Any) -> None:
    for auth in (SessionAuth(USER, PASSWORD), TokenAuth("tok")):
        for plan in (auth.login(base_url), auth.logout(base_url)):
            with pytest.raises(ConfigurationError, match="base_url"):
                drive(plan, no_send)


def test_session_auth_is_an_auth() -> None:
    assert isinstance(SessionAuth(USER, PASSWORD), Auth)


def test_no_secret_in_any_repr_or_str_of_a_logged_in_auth() -> None:
    fortigate = FakeFortiGate("7.6.3", token_code="654321")
    auth = SessionAuth(USER, PASSWORD, token_code="654321")
    texts = [repr(auth), str(auth)]
    drive(auth.login(BASE), fortigate)
    texts += [repr(auth), str(auth), repr(TokenAuth("SECRETTOKEN")), str(TokenAuth("SECRETTOKEN"))]
    session = fortigate.sessions[0]
    assert USER in texts[0] and "logged in with authentication" in texts[2]
    for secret in (PASSWORD, "654321", session.csrf, *session.ids, "SECRETTOKEN"):
        assert not any(secret in text for text in texts), secret


@pytest.mark.parametrize(
    ("era", "flow", "fake"),
    [
        ("7.6.3", "authentication", {"password": "other"}),
        ("7.6.3", "logincheck", {}),
        ("6.2", "auto", {"password": "other"}),
        ("7.0", "auto", {"retry_after": "30"}),
    ],
)
def test_no_secret_in_a_login_error(era: Era, flow: Flow, fake: dict[str, Any]) -> None:
    with pytest.raises(FortiOSError) as caught:
        drive(SessionAuth(USER, PASSWORD, flow=flow).login(BASE), FakeFortiGate(era, **fake))
    error = caught.value
    texts = [str(error), repr(error), repr(error.args), str(getattr(error, "url", ""))]
    assert USER in texts[0]
    assert not any(PASSWORD in text for text in texts)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(password=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40))
def test_any_password_reaches_the_fortigate_intact(password: str) -> None:
    cases: tuple[tuple[Era, Flow], ...] = (("7.6.3", "authentication"), ("7.0", "logincheck"))
    for era, flow in cases:
        fortigate = FakeFortiGate(era, password=password)
        auth = SessionAuth(USER, password, flow=flow)
        drive(auth.login(BASE), fortigate)
        assert not auth.needs_login
