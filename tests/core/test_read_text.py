"""`plans.read_text`: a file answer (the configuration backup) as text, driven with no sockets."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfortix import AuthenticationError, InvalidResponseError, MethodNotAllowedError
from hfortix.core import Request, Response, catalog, run_sync
from hfortix.core.auth import TokenAuth
from hfortix.core.plans import RetryPolicy, Session, read_text

BACKUP = catalog.find("monitor", "system", "config", "backup")
assert BACKUP is not None
PATH = "/api/v2/monitor/system/config/backup"
TEXT = "#config-version=FGT60F-7.4.5-FW-build2702-240530:opmode=0:vdom=0:user=admin\nconfig system global\nend\n"


def session(firmware: str | None = None, learns: bool = True) -> Session:
    s = Session("https://127.0.0.1:8443", TokenAuth("tok"), RetryPolicy(retries=0), random.Random(1))
    s.firmware, s.learns_firmware = firmware, learns
    return s


def backup(s: Session, device: Any) -> Any:
    plan = read_text(s, BACKUP, PATH, (("scope", "global"),), {"scope": "global"})  # type: ignore[arg-type]
    return run_sync(plan, device, lambda _: None)


def text(body: bytes, content_type: str = "text/plain") -> Response:
    return Response(200, (("Content-Type", content_type),), body)


def error(status: int, version: str = "v7.4.5", **extra: Any) -> Response:
    body = {"http_method": "GET", "status": "error", "http_status": status, "version": version, **extra}
    return Response(status, (("Content-Type", "application/json"),), json.dumps(body).encode())


def test_the_text_comes_back_whole_and_names_the_firmware() -> None:
    s = session()
    assert backup(s, lambda request: text(TEXT.encode())) == TEXT
    assert s.firmware == "7.4.5"  # from the `#config-version=` line: no envelope to learn from


def test_a_405_that_names_a_7_4_5_firmware_turns_the_get_into_a_post() -> None:
    seen: list[Request] = []

    def device(request: Request) -> Response:
        seen.append(request)
        return text(TEXT.encode()) if request.method == "POST" else error(405)

    assert backup(session(), device) == TEXT
    assert [r.method for r in seen] == ["GET", "POST"] and json.loads(seen[1].content) == {"scope": "global"}
    seen.clear()
    with pytest.raises(MethodNotAllowedError):  # pinned to an older release: no second guess
        backup(session("7.2.8", learns=False), device)
    assert [r.method for r in seen] == ["GET"]


def test_an_error_envelope_raises_its_typed_error() -> None:
    with pytest.raises(AuthenticationError):
        backup(session(), lambda request: error(401))


@pytest.mark.parametrize(
    ("response", "problem"),
    [(text(b'{"http_method": "GET", "results": {}, "status": "success"}', "application/json"), "JSON envelope"),
     (text(b'{"results": {}}', "text/plain"), "JSON envelope"),
     (text(b"  \n"), "empty file"),
     (text(b"\xff\xfe config", "text/plain; charset=utf-8"), "not utf-8 text"),
     (text(b"config", "text/plain; charset=no-such-charset"), "not no-such-charset text")],
)
def test_a_success_that_is_no_configuration_text_is_an_invalid_response(response: Response, problem: str) -> None:
    with pytest.raises(InvalidResponseError, match=problem):
        backup(session(), lambda request: response)


def test_the_charset_of_the_answer_is_used() -> None:
    body = "#config-version=x\nset comment \"caf\u00e9\"\n"
    assert backup(session(), lambda request: text(body.encode("latin-1"), "text/plain; charset=ISO-8859-1")) == body


@given(st.text(min_size=1).filter(lambda t: t.strip() and t.lstrip()[:1] not in "{["))
def test_any_utf8_text_answer_is_returned_unchanged(body: str) -> None:
    assert backup(session(), lambda request: text(body.encode())) == body
