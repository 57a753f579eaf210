"""Request and Response: validated on construction, and their reprs never show a secret."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfortix.core import Request, Response, Wait
from hfortix.core.auth import SessionAuth, TokenAuth


@pytest.mark.parametrize("bad", [
    {"method": "get"}, {"method": "G ET"}, {"url": "ftp://x"}, {"url": "/relative"},
    {"headers": [("a",)]}, {"headers": [("a", 1)]}, {"headers": "Accept: x"}, {"content": "text"},
])
def test_a_bad_request_is_refused(bad: dict[str, object]) -> None:
    fields = {"method": "GET", "url": "https://127.0.0.1/api/v2/x", "headers": (), "content": b"", **bad}
    with pytest.raises((TypeError, ValueError)):
        Request(**fields)  # type: ignore[arg-type]


def test_bad_responses_and_waits_are_refused() -> None:
    for status in (99, 600, "200", True):
        with pytest.raises(ValueError):
            Response(status)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Response(200, (), "text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Wait(-1)


def test_with_headers_replaces_by_name_in_any_case_and_keeps_the_rest() -> None:
    request = Request("POST", "https://127.0.0.1/x", (("accept", "a"), ("authorization", "old")), b"{}", 3.0)
    changed = request.with_headers({"Authorization": "Bearer new"})
    assert changed.headers == (("accept", "a"), ("Authorization", "Bearer new"))
    assert (changed.method, changed.url, changed.content, changed.timeout) == ("POST", request.url, b"{}", 3.0)
    assert request.header("authorization") == "old"  # the original is untouched
    with pytest.raises(TypeError):
        request.with_headers({"X": 1})  # type: ignore[dict-item]


@given(secret=st.text(min_size=1).map(lambda text: "SECRET" + text))
def test_reprs_never_show_tokens_cookies_or_csrf(secret: str) -> None:
    request = Request(
        "POST", f"https://127.0.0.1/api/v2/cmdb/x?vdom=root&access_token={quote(secret, safe='')}",
        (("Authorization", f"Bearer {secret}"), ("Cookie", f"APSCOOKIE_1={secret}"), ("X-CSRFTOKEN", secret)),
        f"secretkey={secret}".encode(),
    )
    response = Response(200, (("Set-Cookie", f"ccsrftoken={secret}"),), secret.encode())
    for shown in (repr(request), str(request), repr(response)):
        assert "SECRET" not in shown


def test_auth_objects_keep_their_secrets_out_of_reprs() -> None:
    token, password = "SECRET-TOKEN-123", "SECRET-PASSWORD"
    assert token not in repr(TokenAuth(token))
    assert password not in repr(SessionAuth("admin", password))
    authorized = TokenAuth(token).authorize(Request("GET", "https://127.0.0.1/api/v2/x"))
    assert authorized.header("Authorization") == f"Bearer {token}" and token not in repr(authorized)
