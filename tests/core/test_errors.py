"""The error map: FortiOS codes and HTTP statuses to classes, messages, redaction, Retry-After."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hfortix.core import errors
from hfortix.core.errors import (
    AuthenticationError,
    BadRequestError,
    EntryInUseError,
    FortiOSAPIError,
    FortiOSError,
    InvalidResponseError,
    MethodNotAllowedError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ResourceAlreadyExistsError,
    ResourceNotFoundError,
    ServerError,
    ValidationError,
    api_error,
    code_from_cli_error,
    describe_code,
    error_class,
    parse_retry_after,
    redact_url,
)

CODES_FILE = Path(__file__).resolve().parents[2] / "src" / "hfortix" / "core" / "_error_codes.json"
CODES: dict[int, str] = {
    int(code): meaning for code, meaning in json.loads(CODES_FILE.read_text())["codes"].items()
}
SECRET_NAMES = ("access_token", "session_key", "token", "password", "secretkey")
ADDRESS_URL = "https://fgt.example:8443/api/v2/cmdb/firewall/address?vdom=root"
statuses = st.none() | st.integers(100, 599)


# --- the code list -----------------------------------------------------------------------------

def test_the_code_file_keeps_its_provenance_and_count() -> None:
    data = json.loads(CODES_FILE.read_text())
    assert data["format"] == "fortios-error-codes/1"
    assert "Fortinet" in data["about"] and data["copied_from"]
    assert data["count"] == len(data["codes"]) == 387
    assert all(code < 0 and meaning.strip() for code, meaning in CODES.items())


def test_describe_code_gives_the_meaning_or_none() -> None:
    assert describe_code(-3) == "object/entry does not exist"
    assert describe_code(-651) == "invalid input value"
    assert describe_code(-99999) is None
    assert describe_code(0) is None


@pytest.mark.parametrize("bad", ["-3", -3.0, True, None])
def test_describe_code_rejects_a_non_int(bad: object) -> None:
    with pytest.raises(TypeError, match="code must be an int"):
        describe_code(bad)  # type: ignore[arg-type]


def test_the_code_list_is_read_on_first_use_not_at_import() -> None:
    script = (
        "import hfortix.core.errors as e\n"
        "assert e._codes.cache_info().currsize == 0, 'read at import'\n"
        "assert e.describe_code(-5) == 'an entry with this key already exists'\n"
        "assert e._codes.cache_info().currsize == 1\n"
        "print('lazy ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "lazy ok" in result.stdout


def test_every_code_is_decided_exactly_once() -> None:
    by_class = set(errors._CODE_CLASSES)
    by_status = set(errors._DECIDED_BY_STATUS)
    assert not by_class & by_status
    assert by_class | by_status == set(CODES)
    groups = (errors._NOT_FOUND, errors._ALREADY_EXISTS, errors._IN_USE, errors._PERMISSION,
              errors._AUTHENTICATION, errors._BAD_REQUEST, errors._PAYLOAD_TOO_LARGE, errors._SERVER,
              errors._VALIDATION)
    listed = [code for group in groups for code in group]
    assert len(listed) == len(set(listed)), "a code is listed under two classes"


# --- error_class -------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "cls"), [
    (-3, ResourceNotFoundError),
    (-5, ResourceAlreadyExistsError),
    (-15, ResourceAlreadyExistsError),
    (-23, EntryInUseError),
    (-94, EntryInUseError),
    (-14, PermissionDeniedError),
    (-37, PermissionDeniedError),
    (-1, ValidationError),
    (-2, ValidationError),
    (-8, ValidationError),
    (-9, ValidationError),
    (-50, ValidationError),
    (-56, ValidationError),
    (-61, ValidationError),
    (-651, ValidationError),
    (-98, ValidationError),  # a *referenced* group is missing: not "the object is absent"
    (-30, AuthenticationError),
    (-10001, BadRequestError),
    (-181, PayloadTooLargeError),
    (-6, ServerError),
    (-360, ServerError),
])
def test_the_code_decides_before_the_status(code: int, cls: type[FortiOSAPIError]) -> None:
    for status in (None, 200, 400, 403, 404, 424, 500):
        assert error_class(status, code, None) is cls


@pytest.mark.parametrize(("status", "cls"), [
    (400, BadRequestError),
    (401, AuthenticationError),
    (403, PermissionDeniedError),
    (404, ResourceNotFoundError),
    (405, MethodNotAllowedError),
    (413, PayloadTooLargeError),
    (424, ValidationError),
    (429, RateLimitError),
    (500, ServerError),
    (502, ServerError),
    (503, ServerError),
    (599, ServerError),
    (200, FortiOSAPIError),
    (302, FortiOSAPIError),
    (409, FortiOSAPIError),
    (418, FortiOSAPIError),
    (None, FortiOSAPIError),
])
def test_without_a_code_the_status_decides(status: int | None, cls: type[FortiOSAPIError]) -> None:
    assert error_class(status, None, None) is cls


def test_codes_left_to_the_status_and_unknown_codes_fall_through() -> None:
    assert error_class(500, -4, None) is ServerError  # table full: the status says more
    assert error_class(400, -4, None) is BadRequestError
    assert error_class(404, -99999, None) is ResourceNotFoundError
    assert error_class(None, -99999, None) is FortiOSAPIError


def test_the_code_comes_from_cli_error_when_error_is_absent() -> None:
    cli = ("node_check_object fail! for name 10.0.0.1\n\nvalue parse error before '10.0.0.1'\n"
           "Command fail. Return code -651")
    assert code_from_cli_error(cli) == -651
    assert error_class(500, None, cli) is ValidationError
    assert error_class(500, None, "return code -3") is ResourceNotFoundError
    assert error_class(500, -5, cli) is ResourceAlreadyExistsError  # `error` wins over the text
    assert error_class(500, None, "Command fail.") is ServerError
    # absurdly long numbers are not codes (and must not make int() fail)
    assert code_from_cli_error("Return code -" + "9" * 5000) is None


@pytest.mark.parametrize("args", [("500", None, None), (500.0, None, None), (True, None, None),
                                  (500, "-3", None), (500, None, b"Return code -3")])
def test_error_class_rejects_wrong_types(args: tuple[object, object, object]) -> None:
    with pytest.raises(TypeError):
        error_class(*args)  # type: ignore[arg-type]


@settings(max_examples=200)
@given(status=statuses, code=st.none() | st.sampled_from(sorted(CODES)) | st.integers(-10**12, 10**12),
       cli_error=st.none() | st.text(max_size=80) | st.integers(-20000, 5).map("Return code {}".format))
def test_the_class_is_always_a_fortios_api_error(status: int | None, code: int | None,
                                                 cli_error: str | None) -> None:
    cls = error_class(status, code, cli_error)
    assert issubclass(cls, FortiOSAPIError)
    error = api_error(method="GET", url=ADDRESS_URL, http_status=status, error_code=code, cli_error=cli_error)
    assert type(error) is cls and isinstance(error, FortiOSError)


# --- api_error ---------------------------------------------------------------------------------

def test_the_message_names_request_status_code_meaning_and_cli_error() -> None:
    error = api_error(method="POST", url=ADDRESS_URL, http_status=500, error_code=-5,
                      cli_error="object already exists (mkey='web')", body=b'{"status":"error"}',
                      envelope={"status": "error", "error": -5})
    assert str(error) == ("POST /api/v2/cmdb/firewall/address?vdom=root: HTTP 500, FortiOS error -5 "
                          "(an entry with this key already exists): object already exists (mkey='web')")
    assert isinstance(error, ResourceAlreadyExistsError)
    assert (error.http_status, error.error_code, error.method) == (500, -5, "POST")
    assert error.error_meaning == "an entry with this key already exists"
    assert error.url == ADDRESS_URL and error.body == b'{"status":"error"}'
    assert error.envelope == {"status": "error", "error": -5}


@settings(max_examples=200)
@given(code=st.sampled_from(sorted(CODES)), status=statuses)
def test_every_code_gets_a_class_and_its_meaning_in_the_message(code: int, status: int | None) -> None:
    error = api_error(method="DELETE", url=ADDRESS_URL, http_status=status, error_code=code)
    assert f"FortiOS error {code} ({CODES[code]})" in str(error)
    assert error.error_meaning == CODES[code] and error.error_code == code
    assert isinstance(error, error_class(status, code, None))


def test_every_code_in_the_file_is_described_in_a_message() -> None:
    for code, meaning in CODES.items():
        assert meaning in str(api_error(method=None, url=None, http_status=None, error_code=code))


def test_a_code_read_from_cli_error_is_stored_and_explained() -> None:
    error = api_error(method="PUT", url=ADDRESS_URL, http_status=500,
                      cli_error="node_check_object fail!\n\nCommand fail. Return code -651")
    assert isinstance(error, ValidationError) and error.error_code == -651
    assert "FortiOS error -651 (invalid input value): node_check_object fail! Command fail." in str(error)
    assert "\n" not in str(error) and "\n" in (error.cli_error or "")  # the attribute stays whole


def test_long_or_unprintable_cli_error_is_cut_in_the_message_only() -> None:
    cli = "bad\x00value " + "x" * 2000
    error = api_error(method="PUT", url=ADDRESS_URL, http_status=500, cli_error=cli)
    assert error.cli_error == cli
    assert "\x00" not in str(error) and "\\x00" in str(error)
    assert len(str(error)) < 700 and str(error).endswith("…")


def test_messages_without_request_or_status_still_read() -> None:
    assert str(api_error(method=None, url=None, http_status=None)) == "FortiOS answered with an error"
    assert str(api_error(method=None, url=None, http_status=503)) == "HTTP 503"
    unknown = api_error(method="GET", url="https://h/api", http_status=500, error_code=-4242)
    assert str(unknown) == "GET /api: HTTP 500, FortiOS error -4242"


def test_rate_limit_carries_retry_after_and_fallback_only_fills_the_gap() -> None:
    limited = api_error(method="GET", url=ADDRESS_URL, http_status=429, retry_after=7)
    assert isinstance(limited, RateLimitError) and limited.retry_after == 7.0
    busy = api_error(method="GET", url=ADDRESS_URL, http_status=503, retry_after=2.5)
    assert isinstance(busy, ServerError) and busy.retry_after == 2.5
    assert type(api_error(method="GET", url=ADDRESS_URL, http_status=200,
                          fallback=InvalidResponseError)) is InvalidResponseError
    assert type(api_error(method="GET", url=ADDRESS_URL, http_status=404,
                          fallback=InvalidResponseError)) is ResourceNotFoundError


def test_errors_survive_pickling_with_their_state() -> None:
    error = api_error(method="GET", url=ADDRESS_URL, http_status=429, error_code=-14, cli_error="no",
                      retry_after=3)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error) and str(copy) == str(error)
    assert copy.__dict__ == error.__dict__
    limited = pickle.loads(pickle.dumps(RateLimitError("slow down", retry_after=9.0, http_status=429)))
    assert limited.retry_after == 9.0 and limited.http_status == 429


@pytest.mark.parametrize(("keyword", "value"), [
    ("method", b"GET"), ("url", 1), ("http_status", "500"), ("error_code", 1.5), ("cli_error", 3),
    ("body", "text"), ("envelope", [1]), ("retry_after", -1), ("retry_after", float("nan")),
    ("detail", 1), ("fallback", ValueError),
])
def test_api_error_rejects_bad_arguments(keyword: str, value: object) -> None:
    arguments: dict[str, object] = {"method": "GET", "url": ADDRESS_URL, "http_status": 500, keyword: value}
    with pytest.raises(TypeError, match=keyword):
        api_error(**arguments)  # type: ignore[arg-type]


# --- redaction ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://h/api/v2/cmdb/x?access_token=abc&vdom=root", "https://h/api/v2/cmdb/x?access_token=***&vdom=root"),
    ("https://h/x?vdom=root&ACCESS_TOKEN=abc", "https://h/x?vdom=root&ACCESS_TOKEN=***"),
    ("https://h/x?Session_Key=k&Token=t&PassWord=p&SecretKey=s",
     "https://h/x?Session_Key=***&Token=***&PassWord=***&SecretKey=***"),
    ("https://h/x?access%5Ftoken=abc", "https://h/x?access%5Ftoken=***"),
    ("https://h/x?token=a&token=b#token=c", "https://h/x?token=***&token=***#token=c"),
    ("https://h/x?tokens=a&my_token=b&token=&token", "https://h/x?tokens=a&my_token=b&token=&token"),
    ("https://admin:hunter2@h:8443/x?vdom=a", "https://admin:***@h:8443/x?vdom=a"),
    ("/api/v2/monitor/system/status?access_token=abc", "/api/v2/monitor/system/status?access_token=***"),
    ("https://h/x", "https://h/x"),
    ("", ""),
])
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_redact_url_rejects_a_non_str() -> None:
    with pytest.raises(TypeError, match="url must be a str"):
        redact_url(b"https://h/")  # type: ignore[arg-type]


@settings(max_examples=200)
@given(name=st.sampled_from(SECRET_NAMES), upper=st.lists(st.booleans(), min_size=12, max_size=12),
       secret=st.text(min_size=8, max_size=40), status=statuses)
def test_a_secret_in_the_query_never_reaches_the_error(name: str, upper: list[bool], secret: str,
                                                       status: int | None) -> None:
    name = "".join(char.upper() if flip else char for char, flip in zip(name, upper, strict=False))
    encoded = quote(secret, safe="")
    template = "https://fgt.example:8443/api/v2/cmdb/firewall/address?vdom=root&{}={}&format=name"
    known = str(api_error(method="GET", url=template.format(name, "***"), http_status=status))
    assume(encoded not in known and secret not in known)
    error = api_error(method="GET", url=template.format(name, encoded), http_status=status, error_code=-14)
    for text in (str(error), repr(error), error.url or ""):
        assert encoded not in text and secret not in text


# --- Retry-After -------------------------------------------------------------------------------

NOW = 784111000.0  # 1994-11-06 08:36:40 UTC, 777 s before the RFC's example date


@pytest.mark.parametrize(("value", "now", "expected"), [
    ("7", None, 7.0),
    (" 120 ", None, 120.0),
    ("1.5", None, 1.5),
    ("0", None, 0.0),
    ("-5", None, 0.0),
    ("Sun, 06 Nov 1994 08:49:37 GMT", NOW, 777.0),
    ("Sunday, 06-Nov-94 08:49:37 GMT", NOW, 777.0),
    ("Sun Nov  6 08:49:37 1994", NOW, 777.0),
    ("sun, 06 nov 1994 08:49:37 gmt", NOW, 777.0),
    ("Sun, 06 Nov 1994 08:49:37 GMT", NOW + 10_000, 0.0),  # a date in the past: go now
    ("Sun, 06 Nov 1994 08:49:37 GMT", None, None),  # a date needs the caller's clock
    ("Sun, 31 Feb 1994 08:49:37 GMT", NOW, None),
    ("Sun, 06 Foo 1994 08:49:37 GMT", NOW, None),
    (None, NOW, None),
    ("", NOW, None),
    ("soon", NOW, None),
    ("1e3", None, None),
    ("nan", None, None),
    ("inf", None, None),
    ("1_000", None, None),
    ("0x10", None, None),
])
def test_parse_retry_after(value: str | None, now: float | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=now) == expected


@settings(max_examples=200)
@given(value=st.text(max_size=40), now=st.none() | st.floats(-1e10, 1e10))
def test_parse_retry_after_is_total_and_never_negative(value: str, now: float | None) -> None:
    seconds = parse_retry_after(value, now=now)
    assert seconds is None or seconds >= 0.0


@pytest.mark.parametrize(("value", "now"), [(7, None), (b"7", None), ("7", "now"), ("7", float("inf")),
                                            ("7", True)])
def test_parse_retry_after_rejects_wrong_types(value: object, now: object) -> None:
    with pytest.raises(TypeError):
        parse_retry_after(value, now=now)  # type: ignore[arg-type]
