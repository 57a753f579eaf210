"""Plans driven with no sockets and no clock: the fake FortiGate answers, Waits are recorded."""

from __future__ import annotations

import json
import random

import pytest
from fake_fortigate import FakeFortiGate, envelope
from hypothesis import given
from hypothesis import strategies as st

from hfortix.core import Request, Response, Wait, run_async, run_sync
from hfortix.core.auth import SessionAuth, TokenAuth
from hfortix.core.errors import (
    AuthenticationError,
    ConfigurationError,
    ConnectionError,
    ResourceAlreadyExistsError,
    ResourceNotFoundError,
    ServerError,
)
from hfortix.core.plans import RetryPolicy, Session, exists, list_all, send, update_or_create

BASE = "https://127.0.0.1:8443"
ADDRESSES = "/api/v2/cmdb/firewall/address"


def session(retries: int = 3) -> Session:
    return Session(BASE, TokenAuth("tok"), RetryPolicy(retries=retries), random.Random(1))


def drive(plan, fake, waits=None):
    return run_sync(plan, fake, (waits if waits is not None else []).append)


def test_create_get_update_delete_round_trip() -> None:
    fake, s = FakeFortiGate(), session()
    written = drive(send(s, "POST", ADDRESSES, (), {"name": "web server", "subnet": "10.0.0.1/32"}), fake)
    assert written.mkey == "web server"
    item = drive(send(s, "GET", f"{ADDRESSES}/web%20server"), fake)
    assert item.results == [{"name": "web server", "subnet": "10.0.0.1/32"}]
    drive(send(s, "PUT", f"{ADDRESSES}/web%20server", (), {"subnet": "10.0.0.2/32"}), fake)
    assert fake.addresses["web server"]["subnet"] == "10.0.0.2/32"
    drive(send(s, "DELETE", f"{ADDRESSES}/web%20server"), fake)
    assert fake.addresses == {}
    assert all(r.header("Authorization") == "Bearer tok" for r in fake.requests)
    assert json.loads(fake.requests[0].content) == {"name": "web server", "subnet": "10.0.0.1/32"}


def test_typed_errors_come_out_of_plans() -> None:
    fake, s = FakeFortiGate(), session()
    fake.addresses["a"] = {"name": "a"}
    with pytest.raises(ResourceAlreadyExistsError):
        drive(send(s, "POST", ADDRESSES, (), {"name": "a"}), fake)
    with pytest.raises(ResourceNotFoundError):
        drive(send(s, "GET", f"{ADDRESSES}/missing"), fake)


def test_exists_is_false_on_404_and_true_on_a_row() -> None:
    fake, s = FakeFortiGate(), session()
    fake.addresses["a"] = {"name": "a"}
    assert drive(exists(s, f"{ADDRESSES}/a"), fake) is True
    assert drive(exists(s, f"{ADDRESSES}/b"), fake) is False
    fake.script.append(Response(500, (), envelope("GET", status=500)))
    with pytest.raises(ServerError):  # anything but "not found" is an error, not False
        drive(exists(s, f"{ADDRESSES}/a"), fake)


@given(rows=st.integers(0, 40), page=st.integers(1, 15))
def test_list_all_pages_until_the_table_ends(rows: int, page: int) -> None:
    fake, s = FakeFortiGate(), session()
    for i in range(rows):
        fake.addresses[f"a{i:03}"] = {"name": f"a{i:03}"}
    got = drive(list_all(s, ADDRESSES, page_size=page), fake)
    assert [row["name"] for row in got] == sorted(fake.addresses)
    assert len(fake.requests) == max(1, -(-rows // page))  # the table's size ends the last full page


def test_list_all_rejects_own_paging_and_bad_page_size() -> None:
    with pytest.raises(ConfigurationError):
        drive(list_all(session(), ADDRESSES, (("start", "0"),)), FakeFortiGate())
    with pytest.raises(ConfigurationError):
        drive(list_all(session(), ADDRESSES, page_size=0), FakeFortiGate())


def test_update_or_create_puts_then_posts_only_when_missing() -> None:
    fake, s = FakeFortiGate(), session()
    action, _ = drive(update_or_create(s, ADDRESSES, f"{ADDRESSES}/x", {"name": "x", "subnet": "1"}), fake)
    assert action == "created" and [r.method for r in fake.requests] == ["PUT", "POST"]
    action, _ = drive(update_or_create(s, ADDRESSES, f"{ADDRESSES}/x", {"name": "x", "subnet": "2"}), fake)
    assert action == "updated" and fake.requests[-1].method == "PUT"
    assert fake.addresses["x"]["subnet"] == "2"


def test_503_is_retried_with_growing_waits_then_succeeds() -> None:
    fake, s = FakeFortiGate(), session()
    fake.script += [Response(503, (), b"busy"), Response(503, (), b"busy")]
    waits: list[float] = []
    result = drive(send(s, "GET", ADDRESSES), fake, waits)
    assert result.results == [] and len(waits) == 2 and waits[1] > waits[0] > 0


def test_retry_after_is_honoured_and_retries_run_out() -> None:
    fake, s = FakeFortiGate(), session(retries=2)
    s.credentials_proven = True  # a client that has worked: its 429 is a rate limit (else a lockout)
    fake.script += [Response(429, (("Retry-After", "7"),), b"")] * 3
    waits: list[float] = []
    with pytest.raises(Exception) as caught:
        drive(send(s, "GET", ADDRESSES), fake, waits)
    assert waits == [7.0, 7.0] and len(fake.requests) == 3
    assert type(caught.value).__name__ == "RateLimitError"


def test_a_post_is_not_sent_again_after_a_503_or_a_lost_connection() -> None:
    fake, s = FakeFortiGate(), session()
    fake.script.append(Response(503, (), b"busy"))
    with pytest.raises(ServerError):
        drive(send(s, "POST", ADDRESSES, (), {"name": "a"}), fake)
    assert len(fake.requests) == 1

    def reset(request: Request) -> Response:
        fake.requests.append(request)
        raise ConnectionError("reset by peer")

    fake.requests.clear()
    with pytest.raises(ConnectionError):
        drive(send(s, "POST", ADDRESSES, (), {"name": "a"}), reset)
    assert len(fake.requests) == 1


def test_a_get_is_sent_again_after_a_lost_connection() -> None:
    fake, s = FakeFortiGate(), session()
    failures = [ConnectionError("reset")]

    def flaky(request: Request) -> Response:
        if failures:
            raise failures.pop()
        return fake(request)

    waits: list[float] = []
    assert drive(send(s, "GET", ADDRESSES), flaky, waits).results == [] and len(waits) == 1


def test_jittered_backoff_stays_within_bounds() -> None:
    policy, rng = RetryPolicy(backoff=1, max_backoff=8, jitter=0.5), random.Random(3)
    for attempt in range(10):
        base = min(2**attempt, 8)
        assert base <= policy.delay(attempt, rng) <= base * 1.5


def test_retry_policy_validates() -> None:
    for bad in ({"retries": -1}, {"retries": True}, {"backoff": -1}, {"jitter": "x"}):
        with pytest.raises(ConfigurationError):
            RetryPolicy(**bad)


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.anyio
async def test_the_async_driver_runs_the_same_plan(anyio_backend: str) -> None:
    fake, s = FakeFortiGate(), session()
    fake.script.append(Response(503, (), b""))
    waits: list[float] = []

    async def send_async(request: Request) -> Response:
        return fake(request)

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    fake.addresses["a"] = {"name": "a"}
    assert await run_async(exists(s, f"{ADDRESSES}/a"), send_async, sleep) is True
    assert len(waits) == 1


def test_driver_feeds_waits_and_closes_the_plan() -> None:
    seen: list[object] = []

    def plan():
        yield Wait(1.5)
        response = yield Request("GET", BASE + "/x")
        return response.status_code

    assert run_sync(plan(), lambda r: Response(204), seen.append) == 204
    assert seen == [1.5]


class SessionFortiGate(FakeFortiGate):
    """The fake, with JSON session login; `forget()` drops every session as a reboot would."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions: set[str] = set()
        self.logins = 0

    def forget(self) -> None:
        self.sessions.clear()

    def __call__(self, request: Request) -> Response:
        if request.url.endswith("/api/v2/authentication") and request.method == "POST":
            self.requests.append(request)
            self.logins += 1
            key = f"key{self.logins}"
            self.sessions.add(key)
            body = {"status_code": 5, "status_message": "LOGIN_SUCCESS", "session_key": key}
            cookies = (("Set-Cookie", f"ccsrf_token_443_abc=\"csrf{self.logins}\"; path=/"),)
            return Response(200, cookies, json.dumps(body).encode())
        bearer = (request.header("Authorization") or "").removeprefix("Bearer ")
        if bearer not in self.sessions:
            self.requests.append(request)
            return Response(401, (), envelope(request.method, status=401))
        self.token = bearer
        return super().__call__(request)


def test_a_session_logs_in_lazily_and_once_again_after_a_401() -> None:
    fake = SessionFortiGate()
    s = Session(BASE, SessionAuth("admin", "pw"), RetryPolicy(), random.Random(1))
    drive(send(s, "POST", ADDRESSES, (), {"name": "a"}), fake)
    assert fake.logins == 1 and fake.requests[-1].header("X-CSRFTOKEN") == "csrf1"
    fake.forget()
    assert drive(exists(s, f"{ADDRESSES}/a"), fake) is True
    assert fake.logins == 2

    def refusing(request: Request) -> Response:  # logs in, then refuses every session: renew once, then raise
        answer = fake(request)
        return answer if request.url.endswith("/authentication") else Response(401, (), b"")

    with pytest.raises(AuthenticationError):
        drive(send(s, "GET", ADDRESSES), refusing)
    assert fake.logins == 3  # one renewal after the first 401, then the second 401 is the error


def test_transaction_plans_read_the_id_and_refuse_an_answer_without_one() -> None:
    from hfortix.core.errors import InvalidResponseError
    from hfortix.core.plans import transaction_end, transaction_start

    fake, s = FakeFortiGate(), session()
    fake.script.append(Response(200, (), envelope("POST", {"transaction_id": 7})))
    assert drive(transaction_start(s, 30), fake) == 7
    sent = fake.requests[-1]
    assert sent.method == "POST" and sent.url.endswith("/api/v2/cmdb/?action=transaction-start")
    assert json.loads(sent.content) == {"timeout": 30}
    fake.script.append(Response(200, (), envelope("POST", {"status": "ok"})))
    with pytest.raises(InvalidResponseError):
        drive(transaction_start(s, 30), fake)
    with pytest.raises(ConfigurationError):
        drive(transaction_start(s, 0), fake)
    fake.script.append(Response(200, (), envelope("POST")))
    drive(transaction_end(s, 7, commit=False), fake)
    assert fake.requests[-1].url.endswith("action=transaction-abort")
    assert json.loads(fake.requests[-1].content) == {"transaction_id": 7}


def test_concurrent_calls_share_one_login_and_one_renewal() -> None:
    """Two plans stepped by hand, interleaved as two tasks would be: one login between them."""
    fake = SessionFortiGate()
    s = Session(BASE, SessionAuth("admin", "pw"), RetryPolicy(), random.Random(1))
    first, second = send(s, "GET", ADDRESSES), send(s, "GET", ADDRESSES)
    login = next(first)
    assert login.url.endswith("/api/v2/authentication")
    assert isinstance(next(second), Wait)  # the second call waits for the first one's login
    request = first.send(fake(login))
    assert request.header("Authorization") == "Bearer key1"
    resumed = second.send(None)  # the login is done: the second call sends with the new session
    assert isinstance(resumed, Request) and resumed.header("Authorization") == "Bearer key1"
    with pytest.raises(StopIteration):
        first.send(fake(request))
    with pytest.raises(StopIteration):
        second.send(fake(resumed))
    assert fake.logins == 1

    fake.forget()  # both calls now meet an expired session
    first, second = send(s, "GET", ADDRESSES), send(s, "GET", ADDRESSES)
    a, b = next(first), next(second)
    relogin = first.send(fake(a))  # 401 -> the first call renews
    assert relogin.url.endswith("/api/v2/authentication")
    assert isinstance(second.send(fake(b)), Wait)  # 401 too, but a renewal is under way: wait
    retried_a = first.send(fake(relogin))
    retried_b = second.send(None)
    assert retried_a.header("Authorization") == retried_b.header("Authorization") == "Bearer key2"
    for plan, request in ((first, retried_a), (second, retried_b)):
        with pytest.raises(StopIteration):
            plan.send(fake(request))
    assert fake.logins == 2


def test_callers_waiting_on_a_failed_login_get_its_error_without_trying_again() -> None:
    fake = SessionFortiGate()
    s = Session(BASE, SessionAuth("admin", "wrong"), RetryPolicy(), random.Random(1))
    first, second = send(s, "GET", ADDRESSES), send(s, "GET", ADDRESSES)
    login = next(first)
    assert isinstance(next(second), Wait)
    refused = Response(401, (), json.dumps({"status_code": 0, "status_message": "LOGIN_FAILED"}).encode())
    with pytest.raises(AuthenticationError):
        first.send(refused)
    with pytest.raises(AuthenticationError):
        second.send(None)
    assert login.method == "POST" and fake.logins == 0  # one attempt in all: no lockout storm
