"""429 after failed logins is a lockout: never retried into, and the error says so.

FortiOS answers 429 when it blocks a client after too many failed logins, and for API keys the
block doubles with every new attempt, so retrying makes it worse. A client whose credentials
have not worked yet (a fresh one, or one just refused with 401) takes a 429 as that lockout: no
retry, `RateLimitError.lockout` set, a message that says what to do. A client that has worked
takes a 429 as a rate limit and retries it as before. The emulator locks out both session
logins and API keys (`hfortix.emulator.auth`).
"""

from __future__ import annotations

from typing import Any

import pytest
from recording import JSON, OK, Scripted

from hfortix import AuthenticationError, FortiOS, RateLimitError
from hfortix.core import Response
from hfortix.emulator.app import EmulatorApp
from hfortix.testing import FortiGateEmulator
from hfortix.transports import InMemoryTransport

TOO_MANY = Response(429, (*JSON, ("Retry-After", "60")), b'{"status":"error","http_status":429}')
REFUSED = Response(401, JSON, b'{"status":"error","http_status":401}')


def client(transport: Any) -> FortiOS[Any]:
    return FortiOS("fgt.test", token="t", transport=transport, retries=5, backoff=0)


def test_a_fresh_clients_429_is_a_lockout_and_is_not_retried() -> None:
    transport = Scripted(TOO_MANY, OK)
    with pytest.raises(RateLimitError) as raised:
        client(transport).api.cmdb.firewall.address.list()
    assert len(transport.sent) == 1
    error = raised.value
    assert error.lockout is True and error.retry_after == 60
    assert "lockout after too many failed logins" in str(error) and "did not retry" in str(error)


def test_a_429_right_after_a_401_is_a_lockout_too() -> None:
    transport = Scripted(OK, REFUSED, TOO_MANY)
    fgt = client(transport)
    fgt.api.cmdb.firewall.address.list()
    with pytest.raises(AuthenticationError):
        fgt.api.cmdb.firewall.address.list()
    with pytest.raises(RateLimitError) as raised:
        fgt.api.cmdb.firewall.address.list()
    assert raised.value.lockout and len(transport.sent) == 3


def test_a_working_clients_429_is_a_rate_limit_and_is_retried() -> None:
    transport = Scripted(OK, TOO_MANY, TOO_MANY, OK)
    fgt = FortiOS("fgt.test", token="t", transport=transport, retries=5, backoff=0, max_backoff=0)
    fgt.api.cmdb.firewall.address.list()
    assert fgt.api.cmdb.firewall.address.list() == []
    assert len(transport.sent) == 4


def test_an_api_key_lockout_on_the_emulator_is_hit_once_not_retried_into() -> None:
    now = [1000.0]
    app = EmulatorApp(token="right", lockout_threshold=3, lockout_seconds=60, clock=lambda: now[0])
    wrong = FortiOS("fgt.test", token="wrong", transport=InMemoryTransport(app), retries=5, backoff=0)
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            wrong.api.monitor.system.status.get()
    before = app.request_count
    with pytest.raises(RateLimitError) as raised:
        wrong.api.monitor.system.status.get()
    assert raised.value.lockout and app.request_count == before + 1  # one attempt, no retries into it
    assert raised.value.retry_after == 60
    # Each attempt during the lockout doubles it, as on a FortiGate: which is why we never retry.
    status, _ = app.call("GET", "/api/v2/monitor/system/status")
    assert status == 429
    now[0] += 200  # 60 s, doubled twice, is 240 s
    status, _ = app.call("GET", "/api/v2/monitor/system/status")
    assert status == 429
    now[0] += 1000
    assert app.call("GET", "/api/v2/monitor/system/status")[0] == 200


def test_a_session_locked_out_after_failed_logins_over_sockets() -> None:
    with FortiGateEmulator(username="admin", password="right", lockout_threshold=2) as emu:
        for _ in range(2):
            with FortiOS(emu.host, username="admin", password="wrong", verify=emu.ca) as fgt, \
                    pytest.raises(AuthenticationError, match="refused the login"):
                fgt.api.monitor.system.status.get()
        emu.stats.reset()
        with FortiOS(emu.host, username="admin", password="right", verify=emu.ca, retries=5) as fgt, \
                pytest.raises(RateLimitError) as raised:
            fgt.api.monitor.system.status.get()
        assert raised.value.lockout and "locking user 'admin' out" in str(raised.value)
        assert [method for method, _ in emu.stats.received] == ["POST"]  # one login, no retry
