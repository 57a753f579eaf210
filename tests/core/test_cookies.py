"""Set-Cookie parsing and the session cookie jar, with the cookie names every FortiOS release uses."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hfortix.core import Response
from hfortix.core.cookies import SessionCookies, parse_cookie_date, parse_set_cookie

NOW = datetime(2025, 6, 1, tzinfo=UTC).timestamp()
PAST = "Thu, 01 Jan 1973 00:00:00 GMT"
FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT"

# RFC 6265: token characters for names, cookie-octets for values.
NAME_CHARS = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"
VALUE_CHARS = "".join(
    chr(c) for c in range(0x21, 0x7F) if chr(c) not in '",;\\'
)
names = st.text(NAME_CHARS, min_size=1, max_size=30)
values = st.text(VALUE_CHARS, max_size=40)
attributes = st.lists(
    st.sampled_from(["Path=/", "HttpOnly", "Secure", f"Expires={FUTURE}", "SameSite=Strict", "Max-Age=600"]),
    max_size=4,
)


def jar_from(*set_cookies: str, now: float = NOW) -> SessionCookies:
    jar = SessionCookies()
    jar.update(Response(200, tuple(("Set-Cookie", value) for value in set_cookies)), now=now)
    return jar


# -- parse_set_cookie -------------------------------------------------------------------------


def test_quoted_value_loses_its_quotes() -> None:
    assert parse_set_cookie('ccsrftoken="ABC123"') == ("ccsrftoken", "ABC123", {})


def test_expires_keeps_its_comma_and_flag_attributes_have_empty_values() -> None:
    parsed = parse_set_cookie(f'APSCOOKIE_9="0%260"; Path=/; Expires={PAST}; HttpOnly; Secure')
    assert parsed == (
        "APSCOOKIE_9",
        "0%260",
        {"path": "/", "expires": PAST, "httponly": "", "secure": ""},
    )


def test_attribute_names_are_lowercased_and_whitespace_trimmed() -> None:
    parsed = parse_set_cookie("  session_key_443_ab12 = k3y ;  MAX-AGE = 0 ;SameSite=Lax")
    assert parsed == ("session_key_443_ab12", "k3y", {"max-age": "0", "samesite": "Lax"})


def test_empty_value_and_a_value_with_equals_signs() -> None:
    assert parse_set_cookie("a=") == ("a", "", {})
    assert parse_set_cookie("a=b=c==") == ("a", "b=c==", {})


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "no-equals-sign",
        "=value-without-name",
        "bad name=1",
        "na;me=1",
        'quo"te=1',
        "a=line\r\nX-Injected: 1",
        "a=nul\x00",
        "a=caf\u00e9",
        "\u00e9=1",
    ],
)
def test_garbage_gives_none(garbage: str) -> None:
    assert parse_set_cookie(garbage) is None


def test_a_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="str"):
        parse_set_cookie(b"a=1")  # type: ignore[arg-type]


@settings(max_examples=200)
@given(st.text())
def test_never_raises_on_any_text(text: str) -> None:
    parsed = parse_set_cookie(text)
    if parsed is not None:
        name, value, attrs = parsed
        assert name and ";" not in name and "=" not in name
        assert all(" " < c < "\x7f" for c in name)
        assert all(" " <= c < "\x7f" for c in value)
        assert all(key == key.lower() for key in attrs)


@settings(max_examples=200)
@given(st.text(alphabet=' ;=",\t\r\nabcAPSCOOKIE_0%6-:', max_size=60))
def test_never_raises_on_cookie_like_text(text: str) -> None:
    parsed = parse_set_cookie(text)
    assert parsed is None or isinstance(parsed[1], str)


@settings(max_examples=200)
@given(names, values, st.booleans(), attributes)
def test_valid_name_value_round_trips(name: str, value: str, quoted: bool, attrs: list[str]) -> None:
    wire_value = f'"{value}"' if quoted else value
    header = "; ".join([f"{name}={wire_value}", *attrs])
    parsed = parse_set_cookie(header)
    assert parsed is not None
    assert parsed[:2] == (name, value)
    assert set(parsed[2]) == {attr.split("=")[0].lower() for attr in attrs}


# -- parse_cookie_date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PAST, datetime(1973, 1, 1, tzinfo=UTC)),
        ("Thu, 01-Jan-1970 00:00:01 GMT", datetime(1970, 1, 1, 0, 0, 1, tzinfo=UTC)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)),
        ("Sun Nov  6 08:49:37 1994", datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC)),
        ("Wed, 09 Jun 2021 10:18:14 GMT", datetime(2021, 6, 9, 10, 18, 14, tzinfo=UTC)),
        ("Tue, 01 Jan 2069 00:00:00 GMT", datetime(2069, 1, 1, tzinfo=UTC)),
    ],
)
def test_cookie_dates_in_every_form_servers_send(text: str, expected: datetime) -> None:
    assert parse_cookie_date(text) == expected.timestamp()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tomorrow",
        "Thu, 31 Feb 2024 00:00:00 GMT",
        "Thu, 01 Jan 2024 25:00:00 GMT",
        "01 Jan 1500 00:00:00",
        "Thu, 01 Jan 1973",  # no time
    ],
)
def test_non_dates_give_none(text: str) -> None:
    assert parse_cookie_date(text) is None


@settings(max_examples=200)
@given(st.text())
def test_cookie_date_never_raises(text: str) -> None:
    result = parse_cookie_date(text)
    assert result is None or isinstance(result, float)


# -- SessionCookies: storing, echoing, deleting ----------------------------------------------


def test_header_echoes_every_cookie_as_the_server_set_it() -> None:
    jar = jar_from('APSCOOKIE_9="Era%3D0%26Payload%3Dx"; Path=/; HttpOnly', "ccsrftoken_443=ABC; Path=/")
    assert jar.header() == 'APSCOOKIE_9="Era%3D0%26Payload%3Dx"; ccsrftoken_443=ABC'
    assert jar.names() == ("APSCOOKIE_9", "ccsrftoken_443")
    assert len(jar) == 2


def test_empty_jar_has_no_header_token_or_key() -> None:
    jar = SessionCookies()
    assert jar.header() is None
    assert jar.csrf_token() is None
    assert jar.session_key() is None
    assert not jar.has_session_cookie()


def test_garbage_set_cookie_values_are_ignored() -> None:
    jar = jar_from("junk", "a=1\r\nInjected: yes", "good=1")
    assert jar.names() == ("good",)


def test_a_reset_cookie_replaces_the_old_value() -> None:
    jar = jar_from("a=1", "b=2", "a=3")
    assert jar.header() == "b=2; a=3"


@pytest.mark.parametrize(
    "deleting",
    [
        'APSCOOKIE_9="0%260"; Path=/',  # FortiOS logout and failed login
        "APSCOOKIE_9=0%260",
        f"APSCOOKIE_9=gone; Expires={PAST}",
        "APSCOOKIE_9=gone; Max-Age=0",
        "APSCOOKIE_9=gone; Max-Age=-1",
        f"APSCOOKIE_9=gone; Max-Age=0; Expires={FUTURE}",  # Max-Age wins over Expires
        "APSCOOKIE_9=gone; Max-Age=-" + "9" * 5000,  # no int() on server-controlled digits
    ],
)
def test_cookies_are_deleted_the_ways_fortios_deletes_them(deleting: str) -> None:
    jar = jar_from('APSCOOKIE_9="live"', "ccsrftoken=ABC", deleting)
    assert jar.names() == ("ccsrftoken",)


@pytest.mark.parametrize(
    "kept",
    [
        f"APSCOOKIE_9=live; Expires={FUTURE}",
        "APSCOOKIE_9=live; Max-Age=600",
        f"APSCOOKIE_9=live; Max-Age=600; Expires={PAST}",
        "APSCOOKIE_9=live; Max-Age=soon; Expires=not a date",  # invalid attributes are ignored
        "APSCOOKIE_9=live; Max-Age=" + "9" * 5000,
    ],
)
def test_cookies_with_a_future_or_no_expiry_are_kept(kept: str) -> None:
    assert jar_from(kept).names() == ("APSCOOKIE_9",)


def test_expiry_is_judged_against_now() -> None:
    set_cookie = "a=1; Expires=Wed, 09 Jun 2021 10:18:14 GMT"
    before = datetime(2021, 6, 9, 10, 18, 13, tzinfo=UTC).timestamp()
    assert jar_from(set_cookie, now=before).names() == ("a",)
    assert jar_from(set_cookie, now=before + 1).names() == ()


def test_clear_forgets_everything() -> None:
    jar = jar_from("a=1", "ccsrftoken=X")
    jar.clear()
    assert len(jar) == 0 and jar.header() is None


def test_update_takes_a_response() -> None:
    with pytest.raises(TypeError, match="Response"):
        SessionCookies().update(["a=1"])  # type: ignore[arg-type]


def test_repr_shows_names_only() -> None:
    jar = jar_from('ccsrftoken="SECRETCSRF"', "session_key_443_ab=SECRETKEY", "APSCOOKIE_3=SECRETSESSION")
    for text in (repr(jar), str(jar)):
        assert "ccsrftoken" in text and "session_key_443_ab" in text
        assert "SECRET" not in text


# -- CSRF token and session key under every naming variant ------------------------------------

CSRF_VARIANTS = ["ccsrftoken", "ccsrftoken_{port}", "ccsrf_token_{port}_{hash}"]


@pytest.mark.parametrize("template", CSRF_VARIANTS)
@pytest.mark.parametrize("quoted", [True, False])
def test_csrf_token_under_each_name(template: str, quoted: bool) -> None:
    name = template.format(port=8443, hash="9f86d081")
    value = '"ABC123"' if quoted else "ABC123"
    jar = jar_from('APSCOOKIE_11="x"; Path=/', f"{name}={value}; Path=/; Secure")
    assert jar.csrf_token() == "ABC123"


@settings(max_examples=200)
@given(
    template=st.sampled_from(CSRF_VARIANTS),
    port=st.integers(1, 65535),
    hash_=st.text("0123456789abcdef", min_size=1, max_size=32),
    token=st.text(VALUE_CHARS, min_size=1, max_size=40).filter(lambda t: t.lower() != "0%260"),
    quoted=st.booleans(),
    noise_first=st.booleans(),
)
def test_csrf_lookup_finds_the_token_under_every_variant(
    template: str, port: int, hash_: str, token: str, quoted: bool, noise_first: bool
) -> None:
    name = template.format(port=port, hash=hash_)
    csrf = f'{name}="{token}"' if quoted else f"{name}={token}"
    noise = [f"APSCOOKIE_{port}=session", f"session_key_{port}_{hash_}=key", "other=1"]
    cookies = [*noise, csrf] if noise_first else [csrf, *noise]
    assert jar_from(*cookies).csrf_token() == token


def test_the_failed_login_marker_is_never_a_csrf_token() -> None:
    jar = jar_from('ccsrftoken="ABC"', 'ccsrftoken="0%260"; Path=/')
    assert jar.csrf_token() is None
    assert jar.names() == ()


def test_marker_on_one_variant_leaves_a_real_token_under_another() -> None:
    jar = jar_from("ccsrf_token_443_ab=REAL", 'ccsrftoken_443="0%260"')
    assert jar.csrf_token() == "REAL"


def test_the_most_recently_set_csrf_cookie_wins() -> None:
    jar = jar_from("ccsrftoken=OLD", "ccsrftoken_443=OLD", "ccsrftoken=NEW")
    assert jar.csrf_token() == "NEW"


def test_lookalike_names_are_not_csrf_tokens() -> None:
    jar = jar_from("xccsrftoken=A", "ccsrftokens=B", "csrftoken=C", 'ccsrftoken_443=""')
    assert jar.csrf_token() is None


@pytest.mark.parametrize("name", ["session_key", "session_key_443_1a2b3c", "session_key_8443_ff"])
def test_session_key_under_each_name(name: str) -> None:
    jar = jar_from(f"{name}=KEY123; Path=/; HttpOnly", "ccsrf_token_443_1a2b3c=T")
    assert jar.session_key() == "KEY123"
    assert jar.has_session_cookie()


def test_apscookie_is_a_session_cookie_but_not_a_session_key() -> None:
    jar = jar_from('APSCOOKIE_1234567="Era%3D0"', "ccsrftoken=T")
    assert jar.has_session_cookie()
    assert jar.session_key() is None


def test_csrf_cookie_alone_is_no_session() -> None:
    assert not jar_from("ccsrftoken=T", "ccsrftoken_443=T").has_session_cookie()
