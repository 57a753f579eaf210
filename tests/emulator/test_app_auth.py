"""The emulator app's authentication: tokens, both session flows by firmware, CSRF, lockout."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from hfortix.emulator.app import AppResponse, EmulatorApp
from hfortix.emulator.server import EmulatorServer

ADDRESS = "/api/v2/cmdb/firewall/address"
STATUS = "/api/v2/monitor/system/status"
HOST = ("Host", "fgt.example:8443")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def send(
    app: EmulatorApp, method: str, target: str, body: Any = None, headers: list[tuple[str, str]] | None = None
) -> AppResponse:
    payload = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    return app.handle(method, target, [HOST, *(headers or [])], payload)


def set_cookies(response: AppResponse) -> dict[str, str]:
    """Set-Cookie name -> value (quotes kept, attributes dropped)."""
    cookies = {}
    for name, value in response.headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            cookie_name, _, cookie_value = pair.partition("=")
            cookies[cookie_name] = cookie_value
    return cookies


def cookie_header(cookies: dict[str, str]) -> tuple[str, str]:
    return ("Cookie", "; ".join(f"{name}={value}" for name, value in cookies.items()))


def csrf_of(cookies: dict[str, str]) -> str:
    return next(value.strip('"') for name, value in cookies.items() if name.lower().startswith("ccsrf"))


def json_login(app: EmulatorApp, password: str = "secret") -> AppResponse:
    body = {
        "username": "admin",
        "secretkey": password,
        "ack_pre_disclaimer": True,
        "ack_post_disclaimer": True,
        "request_key": True,
    }
    return send(app, "POST", "/api/v2/authentication", body, [("Content-Type", "application/json")])


def form_login(app: EmulatorApp, password: str = "secret") -> AppResponse:
    form = urlencode({"username": "admin", "secretkey": password, "ajax": "1"}).encode()
    return send(app, "POST", "/logincheck", form, [("Content-Type", "application/x-www-form-urlencoded")])


# -- tokens ------------------------------------------------------------------------------------------


def test_a_bearer_token_or_access_token_parameter_authenticates() -> None:
    app = EmulatorApp(token="tok")
    assert send(app, "GET", ADDRESS, headers=[("Authorization", "Bearer tok")]).status == 200
    assert send(app, "GET", f"{ADDRESS}?access_token=tok").status == 200
    assert send(app, "GET", f"{ADDRESS}?access_token=tok&vdom=root").status == 200


@pytest.mark.parametrize(
    "headers", [[], [("Authorization", "Bearer wrong")], [("Authorization", "Basic tok")]]
)
def test_no_or_a_wrong_token_is_401_with_a_json_body_on_7x(headers: list[tuple[str, str]]) -> None:
    response = send(EmulatorApp(token="tok"), "GET", ADDRESS, headers=headers)
    assert response.status == 401
    assert json.loads(response.body) == {"http_method": "GET", "status": "error", "http_status": 401}
    assert send(EmulatorApp(token="tok"), "GET", f"{ADDRESS}?access_token=wrong").status == 401


def test_older_firmware_answers_401_with_its_html_page() -> None:
    response = send(EmulatorApp(token="tok", firmware="6.2.4"), "GET", STATUS)
    assert response.status == 401 and b"401 Authorization Required" in response.body
    assert ("Content-Type", "text/html") in response.headers


def test_without_credentials_the_app_makes_up_a_token() -> None:
    app, other = EmulatorApp(), EmulatorApp()
    assert app.token and app.token != other.token
    assert app.call("GET", STATUS)[0] == 200
    assert EmulatorApp(username="admin", password="secret").token is None


def test_a_read_only_token_reads_but_cannot_write() -> None:
    app = EmulatorApp(token="tok", readonly_token="ro")
    read_only = [("Authorization", "Bearer ro")]
    assert app.call("GET", ADDRESS, headers=read_only)[0] == 200
    for method, target in (
        ("POST", ADDRESS),
        ("PUT", f"{ADDRESS}/all"),
        ("DELETE", f"{ADDRESS}/all"),
        ("POST", "/api/v2/monitor/firewall/policy/reset"),
    ):
        status, answer = app.call(method, target, {"name": "x"}, headers=read_only)
        assert (status, answer["http_status"], answer["status"]) == (403, 403, "error")
        assert "serial" not in answer  # refusals do not say who the box is
    assert app.get_object("firewall", "address", "all") is not None


# -- JSON login (/api/v2/authentication) ------------------------------------------------------------


def test_json_login_on_7_6_3_and_later_gives_a_key_and_new_style_cookies() -> None:
    app = EmulatorApp(username="admin", password="secret", firmware="7.6.5")
    response = json_login(app)
    answer = json.loads(response.body)
    assert response.status == 200
    assert (answer["status_code"], answer["status_message"]) == (5, "LOGIN_SUCCESS")
    cookies = set_cookies(response)
    assert {name.rsplit("_", 1)[0] for name in cookies} == {"session_key_8443", "ccsrf_token_8443"}
    assert cookies[next(name for name in cookies if name.startswith("session_key_"))] == answer["session_key"]
    assert answer["session_key"] in app.sessions


def test_json_login_before_7_6_3_sets_the_legacy_cookies() -> None:
    response = json_login(EmulatorApp(username="admin", password="secret", firmware="7.4.3"))
    names = set(set_cookies(response))
    assert any(name.startswith("APSCOOKIE_") for name in names)
    assert any(name.startswith("ccsrftoken_8443_") for name in names)  # 7.4: port-suffixed only


def test_json_login_does_not_exist_before_6_4_2() -> None:
    app = EmulatorApp(username="admin", password="secret", firmware="6.4.0")
    assert json_login(app).status == 404
    assert json_login(EmulatorApp(username="admin", password="secret", firmware="6.4.4")).status == 200


def test_a_refused_json_login_says_so() -> None:
    app = EmulatorApp(username="admin", password="secret")
    response = json_login(app, "wrong")
    assert response.status == 200
    assert json.loads(response.body) == {"status_code": 0, "status_message": "LOGIN_FAILED"}
    assert not set_cookies(response) and not app.sessions


@pytest.mark.parametrize("firmware", ["7.6.5", "7.4.3"])
def test_a_json_session_works_by_key_or_by_cookie_and_writes_need_the_csrf_token(firmware: str) -> None:
    app = EmulatorApp(username="admin", password="secret", firmware=firmware)
    response = json_login(app)
    key, cookies = json.loads(response.body)["session_key"], set_cookies(response)
    by_key = [("Authorization", f"Bearer {key}")]
    by_cookie = [cookie_header(cookies)]
    csrf = [("X-CSRFTOKEN", csrf_of(cookies))]
    assert send(app, "GET", ADDRESS, headers=by_key).status == 200
    assert send(app, "GET", f"{ADDRESS}?access_token={key}").status == 200
    assert send(app, "GET", ADDRESS, headers=by_cookie).status == 200
    assert send(app, "POST", ADDRESS, {"name": "a"}, by_cookie).status == 403
    assert send(app, "POST", ADDRESS, {"name": "a"}, by_key).status == 403
    assert send(app, "POST", ADDRESS, {"name": "a"}, [*by_cookie, ("X-CSRFTOKEN", "forged")]).status == 403
    assert send(app, "POST", ADDRESS, {"name": "a"}, [*by_cookie, *csrf]).status == 200
    assert send(app, "POST", ADDRESS, {"name": "b"}, [*by_key, *csrf]).status == 200
    app.quirks.csrf_for_bearer_session = False
    assert send(app, "POST", ADDRESS, {"name": "c"}, by_key).status == 200


def test_json_logout_ends_the_session() -> None:
    app = EmulatorApp(username="admin", password="secret")
    key = json.loads(json_login(app).body)["session_key"]
    bearer = [("Authorization", f"Bearer {key}")]
    response = send(app, "DELETE", "/api/v2/authentication", headers=bearer)
    assert response.status == 200 and not app.sessions
    assert all(
        "expires=Thu, 01-Jan-1973" in value for name, value in response.headers if name == "Set-Cookie"
    )
    assert send(app, "GET", ADDRESS, headers=bearer).status == 401
    assert send(app, "DELETE", "/api/v2/authentication", headers=bearer).status == 401


def test_json_logout_by_session_key_in_the_body_and_renewal() -> None:
    clock = FakeClock()
    app = EmulatorApp(username="admin", password="secret", clock=clock)
    key = json.loads(json_login(app).body)["session_key"]
    clock.now += 200
    assert (
        send(app, "PUT", "/api/v2/authentication", headers=[("Authorization", f"Bearer {key}")]).status == 200
    )
    clock.now += 200  # 400 s after login, but 200 s after the renewal: still alive
    assert send(app, "GET", ADDRESS, headers=[("Authorization", f"Bearer {key}")]).status == 200
    assert send(app, "DELETE", "/api/v2/authentication", {"session_key": key}).status == 200
    assert not app.sessions


def test_an_idle_session_expires() -> None:
    clock = FakeClock()
    app = EmulatorApp(username="admin", password="secret", clock=clock)
    key = json.loads(json_login(app).body)["session_key"]
    bearer = [("Authorization", f"Bearer {key}")]
    clock.now += 299
    assert send(app, "GET", ADDRESS, headers=bearer).status == 200
    clock.now += 301
    assert send(app, "GET", ADDRESS, headers=bearer).status == 401 and not app.sessions


# -- form login (/logincheck) --------------------------------------------------------------------------


def test_logincheck_before_7_6_3_sets_apscookie_and_quoted_csrf_cookies() -> None:
    app = EmulatorApp(username="admin", password="secret", firmware="7.4.3")
    response = form_login(app)
    assert (response.status, response.body) == (200, b"1")
    cookies = set_cookies(response)
    session_cookie = next(name for name in cookies if name.startswith("APSCOOKIE_"))
    csrf = next(name for name in cookies if name.startswith("ccsrftoken_8443_"))
    assert cookies[csrf].startswith('"') and cookies[csrf].endswith('"') and "ccsrftoken" not in cookies
    by_cookie = [cookie_header(cookies)]
    assert send(app, "GET", ADDRESS, headers=by_cookie).status == 200
    assert send(app, "POST", ADDRESS, {"name": "a"}, by_cookie).status == 403
    assert (
        send(app, "POST", ADDRESS, {"name": "a"}, [*by_cookie, ("X-CSRFTOKEN", csrf_of(cookies))]).status
        == 200
    )
    logout = send(app, "POST", "/logout", headers=by_cookie)
    assert logout.status == 200 and set_cookies(logout)[session_cookie] == '"0%260"'
    assert send(app, "GET", ADDRESS, headers=by_cookie).status == 401


@pytest.mark.parametrize(
    ("firmware", "expected"),
    [
        ("6.4.4", ["ccsrftoken", "ccsrftoken_<n>"]),
        ("7.0.13", ["ccsrftoken", "ccsrftoken_<n>"]),
        ("7.0.14", ["ccsrftoken_<n>"]),  # fortiosapi issue 79
        ("7.2.3", ["ccsrftoken", "ccsrftoken_<n>"]),
        ("7.2.4", ["ccsrftoken_8443"]),  # fortigate-api issue 10, fortiosapi issue 79 (7.2.6)
        ("7.4.4", ["ccsrftoken_8443_<hash>"]),  # fortigate-api PR 18
        ("7.6.2", ["ccsrftoken_8443_<hash>"]),
    ],
)
def test_logincheck_csrf_cookie_names_follow_the_release(firmware: str, expected: list[str]) -> None:
    app = EmulatorApp(username="admin", password="secret", firmware=firmware)
    cookies = set_cookies(form_login(app))
    number = next(name for name in cookies if name.startswith("APSCOOKIE_"))[len("APSCOOKIE_"):]
    names = [name for name in cookies if name.startswith("ccsrf")]
    shapes = [name.replace(number, "<n>") for name in names]
    assert [shape if shape.count("_") < 2 else shape.rsplit("_", 1)[0] + "_<hash>" for shape in shapes] == expected
    writing = [cookie_header(cookies), ("X-CSRFTOKEN", csrf_of(cookies))]
    assert send(app, "POST", ADDRESS, {"name": f"made-on-{firmware}"}, writing).status == 200


@pytest.mark.parametrize(("http", "secure"), [(False, True), (True, False)])
def test_session_cookies_are_secure_only_over_https(http: bool, secure: bool) -> None:
    app = EmulatorApp(username="admin", password="secret", firmware="7.4.4")
    EmulatorServer(app, tls=not http)  # serving an app tells it whether clients come over TLS
    for response in (form_login(app), json_login(app)):
        attributes = [value.lower() for name, value in response.headers if name.lower() == "set-cookie"]
        assert attributes and all(("; secure" in value) is secure for value in attributes)


def test_logincheck_on_7_6_3_and_later_accepts_but_gives_no_session() -> None:
    app = EmulatorApp(username="admin", password="secret", firmware="7.6.3")
    response = form_login(app)
    assert (response.status, response.body, set_cookies(response)) == (200, b"1", {})
    assert not app.sessions


def test_a_refused_logincheck_answers_0_and_the_failed_csrf_marker() -> None:
    app = EmulatorApp(username="admin", password="secret", firmware="7.0.12")
    response = form_login(app, "wrong")
    assert (response.status, response.body) == (200, b"0")
    assert set_cookies(response) == {"ccsrftoken": '"0%260"'}


# -- lockout -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("login", [json_login, form_login])
def test_repeated_failed_logins_lock_the_user_out_for_a_while(login: Any) -> None:
    clock = FakeClock()
    app = EmulatorApp(
        username="admin",
        password="secret",
        firmware="7.4.3",
        lockout_threshold=3,
        lockout_seconds=60,
        clock=clock,
    )
    for _ in range(3):
        assert login(app, "wrong").status == 200
    locked = login(app, "secret")  # even the right password waits
    assert locked.status == 429 and ("Retry-After", "60") in locked.headers
    clock.now += 45
    assert ("Retry-After", "15") in login(app, "secret").headers
    clock.now += 16
    assert login(app, "secret").status == 200 and app.sessions


def test_a_successful_login_resets_the_failure_count() -> None:
    app = EmulatorApp(username="admin", password="secret", lockout_threshold=3, clock=FakeClock())
    for _ in range(2):
        json_login(app, "wrong")
    assert json.loads(json_login(app).body)["status_code"] == 5
    for _ in range(2):
        json_login(app, "wrong")
    assert json_login(app).status == 200


def test_a_token_app_can_also_take_logins() -> None:
    app = EmulatorApp(token="tok", username="admin", password="secret")
    assert json.loads(json_login(app).body)["status_code"] == 5
    assert send(app, "GET", ADDRESS, headers=[("Authorization", "Bearer tok")]).status == 200


def test_constructor_checks() -> None:
    with pytest.raises(ValueError, match="both"):
        EmulatorApp(username="admin")
    with pytest.raises(ValueError, match="vdoms"):
        EmulatorApp(vdoms=())
    for bad in (("root", "root"), ("root", "global"), ("a,b",), ("",)):
        with pytest.raises(ValueError):
            EmulatorApp(vdoms=bad)
