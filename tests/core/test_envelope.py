"""parse_response: real FortiGate captures, every envelope shape, every error, and totality."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import pickle
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hfortix.core import Request, Response
from hfortix.core.envelope import Envelope, parse_response, results_of
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
)

CAPTURES = Path(__file__).resolve().parents[1] / "fixtures" / "captures"
INDEX: list[dict[str, Any]] = json.loads((CAPTURES / "INDEX.json").read_text())
BASE = "https://fgt.example:8443"
ADDRESS = f"{BASE}/api/v2/cmdb/firewall/address?vdom=root"
META = {"serial": "FGVM02TM00000001", "version": "v7.4.3", "build": 2573}


def get(url: str = ADDRESS, method: str = "GET") -> Request:
    return Request(method, url)


def answer(status: int, body: Any, headers: tuple[tuple[str, str], ...] = ()) -> Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Response(status, headers, content)


def envelope(**fields: Any) -> dict[str, Any]:
    return {"http_method": "GET", "vdom": "root", "path": "firewall", "name": "address",
            "status": "success", "http_status": 200, **META, **fields}


def failure(status: int, **fields: Any) -> dict[str, Any]:
    return envelope(status="error", http_status=status, **fields)


# --- real captures -----------------------------------------------------------------------------

@pytest.mark.parametrize("entry", INDEX, ids=[entry["file"] for entry in INDEX])
def test_every_capture_parses_with_its_metadata(entry: dict[str, Any]) -> None:
    content = (CAPTURES / entry["file"]).read_bytes()
    path = entry["request"].split(" ")[0].lstrip("/")  # "api/v2/cmdb/system/ha (without syscfg read)"
    parsed = parse_response(get(f"{BASE}/{path}"), Response(200, (), content))
    body = json.loads(content)
    if entry["multi_vdom_array"]:
        assert isinstance(parsed, list) and isinstance(body, list)
        assert [item.vdom for item in parsed] == [item["vdom"] for item in body]
        assert results_of(parsed) == {item["vdom"]: item["results"] for item in body}
        envelopes, raws = parsed, body
    else:
        assert isinstance(parsed, Envelope) and isinstance(body, dict)
        assert results_of(parsed) == body["results"]
        envelopes, raws = [parsed], [body]
    assert sorted(set().union(*(item.raw for item in envelopes))) == entry["envelope_keys"]
    for item, raw in zip(envelopes, raws, strict=True):
        assert dict(item.raw) == raw
        assert (item.status, item.http_method, item.version) == ("success", "GET", entry["version"])
        assert item.path == raw["path"] and item.name == raw["name"] and item.action == raw.get("action")
        assert isinstance(item.serial, str) and isinstance(item.build, int)
        assert item.http_status == raw.get("http_status")  # monitor answers mostly have none
        assert item.revision == raw.get("revision") and item.mkey is None and not item.failed


def test_capture_details() -> None:
    usage = parse_response(get(f"{BASE}/api/v2/monitor/system/resource/usage?scope=global"),
                           Response(200, (), (CAPTURES / "usage.json").read_bytes()))
    assert isinstance(usage, Envelope)
    assert (usage.vdom, usage.path, usage.name, usage.action, usage.http_status) == (
        "root", "system", "resource", "usage", None)
    config = parse_response(get(f"{BASE}/api/v2/cmdb/firewall/policy?vdom=*"),
                            Response(200, (), (CAPTURES / "fw-policy-config-pre64.json").read_bytes()))
    assert isinstance(config, list) and [item.vdom for item in config] == ["FG-traffic", "root"]
    assert all(item.http_status == 200 and isinstance(item.revision, str) and len(item.revision) == 32
               for item in config)
    ha = parse_response(get(f"{BASE}/api/v2/cmdb/system/ha"),
                        Response(200, (), (CAPTURES / "ha-config-no-access.json").read_bytes()))
    assert isinstance(ha, Envelope) and isinstance(ha.results, dict) and ha.revision is None  # a singleton
    select = parse_response(get(f"{BASE}/api/v2/monitor/firewall/policy/select?vdom=*"),
                            Response(200, (), (CAPTURES / "fw-policy-pre64.json").read_bytes()))
    assert isinstance(select, list) and {item.action for item in select} == {"select"}


def test_a_link_monitor_result_saying_error_is_data_not_a_failure() -> None:
    # results of link-monitor-error.json hold {"status": "error"} per probe; the envelope succeeded
    parsed = parse_response(get(f"{BASE}/api/v2/monitor/system/link-monitor?vdom=*"),
                            Response(200, (), (CAPTURES / "link-monitor-error.json").read_bytes()))
    assert isinstance(parsed, list) and [item.vdom for item in parsed] == ["bluecmd", "root"]
    assert parsed[0].results["google-dns-v4"]["port3"]["status"] == "error"


# --- synthetic shapes --------------------------------------------------------------------------

def test_table_item_and_singleton_reads() -> None:
    rows = [{"name": "a", "q_origin_key": "a"}, {"name": "b", "q_origin_key": "b"}]
    table = parse_response(get(), answer(200, envelope(results=rows, revision="f" * 32, size=2,
                                                       matched_count=2)))
    assert isinstance(table, Envelope)
    assert (table.results, table.size, table.matched_count, table.revision) == (rows, 2, 2, "f" * 32)
    item = parse_response(get(f"{BASE}/api/v2/cmdb/firewall/address/a"),
                          answer(200, envelope(results=rows[:1])))
    assert results_of(item) == rows[:1]
    body = envelope(path="system", name="global", results={"hostname": "fgt"})
    singleton = parse_response(get(f"{BASE}/api/v2/cmdb/system/global"), answer(200, body))
    assert isinstance(singleton, Envelope) and singleton.results == {"hostname": "fgt"}


def test_monitor_answer_without_http_status() -> None:
    body = envelope(path="system", name="status", results={"model": "FGVM"})
    del body["http_status"]
    parsed = parse_response(get(f"{BASE}/api/v2/monitor/system/status"), answer(200, body))
    assert isinstance(parsed, Envelope)
    assert parsed.http_status is None and parsed.status == "success" and parsed.results == {"model": "FGVM"}


def test_log_answer_carries_paging_fields() -> None:
    body = {"http_method": "GET", "results": [{"date": "2024-01-01", "logid": "0000000013"}], "vdom": "root",
            "rows": 1, "session_id": 12345, "start": 0, "total_lines": 250, "subcategory": "forward",
            "status": "success", **META}
    parsed = parse_response(get(f"{BASE}/api/v2/log/memory/traffic/forward?rows=1"), answer(200, body))
    assert isinstance(parsed, Envelope)
    assert (parsed.rows, parsed.session_id, parsed.start, parsed.total_lines, parsed.subcategory) == (
        1, 12345, 0, 250, "forward")


def test_write_answers_carry_mkey_and_revisions() -> None:
    body = envelope(http_method="POST", mkey="web", revision="1" * 32, revision_changed=True,
                    old_revision="0" * 32)
    parsed = parse_response(get(method="POST"), answer(200, body))
    assert isinstance(parsed, Envelope)
    assert (parsed.http_method, parsed.mkey, parsed.revision) == ("POST", "web", "1" * 32)
    assert (parsed.revision_changed, parsed.old_revision) == (True, "0" * 32)
    assert parsed.results is None and results_of(parsed) is None
    policy = parse_response(get(f"{BASE}/api/v2/cmdb/firewall/policy/7", "PUT"),
                            answer(200, envelope(http_method="PUT", mkey=7, revision_changed=False)))
    assert isinstance(policy, Envelope) and policy.mkey == 7 and policy.revision_changed is False


def test_fields_of_the_wrong_type_are_none_but_kept_in_raw() -> None:
    body = envelope(http_status="200", build="1112", vdom=["root"], mkey=True, revision_changed="yes",
                    size=2.0, results=[], extra={"x": 1})
    parsed = parse_response(get(), answer(200, body))
    assert isinstance(parsed, Envelope)
    read = (parsed.http_status, parsed.build, parsed.vdom, parsed.mkey, parsed.revision_changed, parsed.size)
    assert read == (None, None, None, None, None, None)
    assert parsed.raw["build"] == "1112" and parsed.raw["extra"] == {"x": 1}


def test_from_mapping_sets_every_field_as_the_constructor_would() -> None:
    # from_mapping fills the slots itself (it runs on every answer): a field added to Envelope
    # and forgotten there would be missing, not None.
    data = envelope(results=[{"name": "a"}], mkey="a", revision_changed=True, http_status=200, build=1)
    read = Envelope.from_mapping(data)
    assert read == Envelope(**{f.name: getattr(read, f.name) for f in dataclasses.fields(Envelope)})
    assert Envelope.from_mapping({}) == Envelope()


def test_envelopes_are_frozen_and_raw_is_read_only() -> None:
    parsed = parse_response(get(), answer(200, envelope(results=[])))
    assert isinstance(parsed, Envelope)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.vdom = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        parsed.raw["vdom"] = "other"  # type: ignore[index]
    built = Envelope(results=1, raw={"results": 1})
    with pytest.raises(TypeError):
        built.raw["results"] = 2  # type: ignore[index]
    with pytest.raises(TypeError, match="raw must be a mapping"):
        Envelope(raw=[("a", 1)])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="mapping"):
        Envelope.from_mapping([1])  # type: ignore[arg-type]


def test_a_bare_json_object_is_its_own_result() -> None:
    # GET /api/v2/monitor/?action=schema answers a plain object, not an envelope
    schema = {"directory": [{"path": "system", "name": "status"}], **META}
    parsed = parse_response(get(f"{BASE}/api/v2/monitor/?action=schema"), answer(200, schema))
    assert isinstance(parsed, Envelope)
    assert parsed.results == schema and dict(parsed.raw) == schema
    assert parsed.serial is None and parsed.status is None  # a bare object has no envelope fields


def test_multi_vdom_answers_become_lists_and_results_of_keys_them() -> None:
    body = [envelope(vdom="root", results=[{"name": "a"}]), envelope(vdom="dmz", results=[])]
    parsed = parse_response(get(f"{BASE}/api/v2/cmdb/firewall/address?vdom=*"), answer(200, body))
    assert isinstance(parsed, list) and [item.vdom for item in parsed] == ["root", "dmz"]
    assert results_of(parsed) == {"root": [{"name": "a"}], "dmz": []}
    assert parse_response(get(f"{BASE}/api/v2/cmdb/firewall/address?vdom=*"), answer(200, [])) == []
    assert results_of([]) == {}


def test_results_of_rejects_other_values() -> None:
    for bad in ({"results": 1}, [1], None):
        with pytest.raises(TypeError, match="Envelope"):
            results_of(bad)  # type: ignore[arg-type]


def test_parse_response_rejects_wrong_argument_types() -> None:
    with pytest.raises(TypeError, match="request must be a Request"):
        parse_response("GET /", answer(200, envelope()))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="response must be a Response"):
        parse_response(get(), b"{}")  # type: ignore[arg-type]


def test_a_json_body_with_a_utf8_bom_parses() -> None:
    content = b"\xef\xbb\xbf" + json.dumps(envelope(results=[])).encode()
    parsed = parse_response(get(), Response(200, (), content))
    assert isinstance(parsed, Envelope) and parsed.results == []


# --- errors ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "code", "cli_error", "cls"), [
    (404, -3, None, ResourceNotFoundError),
    (500, -3, None, ResourceNotFoundError),  # FortiOS sends -3 with 500 too
    (500, -5, "object already exists (mkey='web')", ResourceAlreadyExistsError),
    (424, -15, None, ResourceAlreadyExistsError),
    (500, -23, "entry is used", EntryInUseError),
    (403, -14, None, PermissionDeniedError),
    (500, -651, "value parse error before 'x'", ValidationError),
    (500, None, "node_check_object fail!\nCommand fail. Return code -651", ValidationError),
    (500, None, "Command fail. Return code -23", EntryInUseError),
    (500, None, "Command fail.", ServerError),
    (500, None, None, ServerError),
    (503, None, None, ServerError),
    (400, None, None, BadRequestError),
    (401, None, None, AuthenticationError),
    (403, None, None, PermissionDeniedError),
    (404, None, None, ResourceNotFoundError),
    (405, None, None, MethodNotAllowedError),
    (413, None, None, PayloadTooLargeError),
    (424, None, None, ValidationError),
    (429, None, None, RateLimitError),
    (409, None, None, FortiOSAPIError),
])
def test_error_answers_raise_the_mapped_class(status: int, code: int | None, cli_error: str | None,
                                              cls: type[FortiOSAPIError]) -> None:
    body = failure(status, http_method="POST", mkey="web")
    if code is not None:
        body["error"] = code
    if cli_error is not None:
        body["cli_error"] = cli_error
    content = json.dumps(body).encode()
    with pytest.raises(FortiOSAPIError) as caught:
        parse_response(get(method="POST"), Response(status, (), content))
    error = caught.value
    assert type(error) is cls
    assert (error.http_status, error.cli_error, error.method) == (status, cli_error, "POST")
    assert error.envelope == body and error.body == content
    assert str(error).startswith(f"POST /api/v2/cmdb/firewall/address?vdom=root: HTTP {status}")
    if error.error_code is not None:
        assert f"FortiOS error {error.error_code} ({error.error_meaning})" in str(error)
    assert (code or error.error_code) == error.error_code


def test_an_error_code_sent_as_text_is_read() -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        parse_response(get(), answer(500, failure(500, error="-3")))
    assert caught.value.error_code == -3


def test_429_reads_retry_after_seconds_or_date() -> None:
    with pytest.raises(RateLimitError) as caught:
        parse_response(get(), answer(429, b"", (("Retry-After", "30"),)))
    assert caught.value.retry_after == 30.0
    date = (("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"),)
    with pytest.raises(RateLimitError) as caught:
        parse_response(get(), answer(429, b"", date), now=784111000.0)
    assert caught.value.retry_after == 777.0
    with pytest.raises(RateLimitError) as caught:  # no clock, no date arithmetic
        parse_response(get(), answer(429, b"", date))
    assert caught.value.retry_after is None


@pytest.mark.parametrize(("body", "cls", "status"), [
    ({"status": "error", "http_status": 404, "error": -3}, ResourceNotFoundError, 404),
    ({"status": "error", "error": -651, "cli_error": "bad"}, ValidationError, 200),
    ({"status": "error"}, FortiOSAPIError, 200),
    ({"status": "success", "http_status": 403}, PermissionDeniedError, 403),
])
def test_a_2xx_whose_envelope_reports_an_error_raises(body: dict[str, Any], cls: type[FortiOSAPIError],
                                                      status: int) -> None:
    with pytest.raises(FortiOSAPIError) as caught:
        parse_response(get(), answer(200, {**envelope(), **body}))
    assert type(caught.value) is cls and caught.value.http_status == status
    assert "the answer was HTTP 200 but its envelope reports an error" in str(caught.value)


def test_one_failing_vdom_fails_a_multi_vdom_answer() -> None:
    body = [envelope(vdom="root", results=[]), failure(403, vdom="dmz", error=-14)]
    with pytest.raises(PermissionDeniedError) as caught:
        parse_response(get(f"{BASE}/api/v2/cmdb/firewall/address?vdom=*"), answer(200, body))
    assert "in VDOM 'dmz'" in str(caught.value) and caught.value.envelope == body[1]
    with pytest.raises(PermissionDeniedError) as caught:  # non-2xx array: the failing item explains
        parse_response(get(f"{BASE}/api/v2/cmdb/firewall/address?vdom=*"), answer(403, body))
    assert caught.value.error_code == -14


LOGIN_PAGE = (b"<!DOCTYPE html>\n<html lang=\"en\"><head><title>FortiGate</title></head>\r\n<body>\x00"
              + b"<form action=\"/logincheck\">" * 40 + b"</body></html>")


def test_an_html_page_at_200_is_an_invalid_response_quoting_its_start() -> None:
    with pytest.raises(InvalidResponseError) as caught:
        parse_response(get(), Response(200, (("Content-Type", "text/html"),), LOGIN_PAGE))
    message = str(caught.value)
    assert "the body is not JSON: '<!DOCTYPE html> <html lang=\"en\"><head><title>FortiGate" in message
    assert message.endswith("…") and len(message) < 300
    assert "\n" not in message and "\r" not in message and "\x00" not in message
    assert caught.value.body == LOGIN_PAGE and caught.value.http_status == 200


def test_non_json_error_pages_keep_the_status_class() -> None:
    with pytest.raises(AuthenticationError) as caught:
        parse_response(get(), Response(401, (), LOGIN_PAGE))
    assert "the body is not JSON" in str(caught.value)
    with pytest.raises(ServerError) as caught:
        parse_response(get(), Response(502, (), b"<html><body>502 Bad Gateway</body></html>"))
    assert "502 Bad Gateway" in str(caught.value)
    with pytest.raises(ServerError) as caught:
        parse_response(get(), Response(500, (), b""))
    assert str(caught.value) == "GET /api/v2/cmdb/firewall/address?vdom=root: HTTP 500"


def test_a_redirect_names_its_target_without_secrets() -> None:
    location = (("Location", "https://fgt.example/login?redir=%2F&access_token=SECRET"),)
    with pytest.raises(FortiOSAPIError) as caught:
        parse_response(get(), Response(302, location, b""))
    assert "redirected to https://fgt.example/login?redir=%2F&access_token=***" in str(caught.value)
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize(("content", "why"), [
    (b"", "the body is empty"),
    (b"  \r\n", "the body is empty"),
    (b'{"http_method":"GET","results":[{"name":', "the body is not JSON"),
    (b"\xff\xfe\xfa{}", "the body is not JSON"),
    (b"42", "not a FortiOS envelope but a number"),
    (b'"ok"', "not a FortiOS envelope but a string"),
    (b"null", "not a FortiOS envelope but null"),
    (b"true", "not a FortiOS envelope but a boolean"),
    (b"[1, 2, 3]", "an array of 3 item(s), not all envelopes"),
    (b'[{"status": "success", "results": []}, {"name": "x"}]', "not all envelopes"),
    (b"[" * 100_000, "the body nests too deeply to read as JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nests too deeply"),
    (b'{"results": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nests too deeply"),
    (b"1" * 5000, "the body is not JSON"),  # past Python's int digit limit
])
def test_bodies_that_are_not_envelopes_are_invalid_responses(content: bytes, why: str) -> None:
    with pytest.raises(InvalidResponseError, match="HTTP 200: ") as caught:
        parse_response(get(), Response(200, (), content))
    assert why in str(caught.value)


def test_secrets_in_the_request_url_never_reach_the_error() -> None:
    request = get(f"{BASE}/api/v2/cmdb/firewall/address?access_token=T0PS3CR3T&vdom=root")
    for response in (answer(500, failure(500, error=-5)), Response(200, (), b"<html>"), answer(200, 7)):
        with pytest.raises(FortiOSAPIError) as caught:
            parse_response(request, response)
        assert "T0PS3CR3T" not in str(caught.value) and "T0PS3CR3T" not in (caught.value.url or "")
        assert "access_token=***" in str(caught.value)


def test_a_raised_error_pickles() -> None:
    with pytest.raises(ResourceAlreadyExistsError) as caught:
        parse_response(get(method="POST"), answer(500, failure(500, error=-5)))
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is ResourceAlreadyExistsError and copy.__dict__ == caught.value.__dict__


# --- totality ----------------------------------------------------------------------------------

def _outcome(status: int, content: bytes, headers: tuple[tuple[str, str], ...] = ()) -> None:
    try:
        parsed = parse_response(get(), Response(status, headers, content))
    except FortiOSError:
        return
    assert 200 <= status <= 299
    assert isinstance(parsed, Envelope) or (
        isinstance(parsed, list) and all(isinstance(item, Envelope) for item in parsed))
    results_of(parsed)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)
field_names = st.sampled_from(["http_method", "results", "vdom", "path", "name", "action", "status",
                               "http_status", "error", "cli_error", "mkey", "revision", "revision_changed",
                               "old_revision", "serial", "version", "build", "size", "matched_count", "rows",
                               "session_id", "start", "total_lines", "subcategory"])
field_values = json_values | st.sampled_from(["error", "success", -3, -651, 404])
envelope_like = st.dictionaries(field_names, field_values, max_size=10)
statuses = st.integers(100, 599)
retry_after = st.lists(st.tuples(st.just("Retry-After"), st.text(max_size=30)), max_size=1).map(tuple)


@settings(max_examples=200, deadline=None)
@given(status=statuses, content=st.binary(max_size=300), headers=retry_after)
def test_any_bytes_parse_or_raise_a_fortios_error(status: int, content: bytes,
                                                  headers: tuple[tuple[str, str], ...]) -> None:
    _outcome(status, content, headers)


@settings(max_examples=200, deadline=None)
@given(status=statuses, value=json_values | envelope_like | st.lists(envelope_like, max_size=3))
def test_any_json_parses_or_raises_a_fortios_error(status: int, value: Any) -> None:
    _outcome(status, json.dumps(value).encode())


# --- the fuzz target (fuzz/ is not a package: load the files by path) ---------------------------

FUZZ_DIR = Path(__file__).resolve().parents[2] / "fuzz"


def _load_fuzz_module(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(FUZZ_DIR))  # fuzz_envelope imports _runner as a script would
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", FUZZ_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fuzz_envelope_target_holds_for_a_short_run(monkeypatch: pytest.MonkeyPatch) -> None:
    fuzz = _load_fuzz_module("fuzz_envelope", monkeypatch)
    runner = _load_fuzz_module("_runner", monkeypatch)
    first = fuzz.SEEDS[0]  # the seeds are real answers: the first one parses
    assert isinstance(parse_response(fuzz.REQUEST, Response(200, (), first[3:])), Envelope)
    for seed in fuzz.SEEDS:
        fuzz.target(seed)
    runner.run(fuzz.target, iterations=200, seed=1, seeds=fuzz.SEEDS)


def test_fuzz_envelope_target_catches_a_leaking_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    fuzz = _load_fuzz_module("fuzz_envelope", monkeypatch)

    def leaky(request: Request, response: Response, *, now: float | None = None) -> Envelope:
        return Envelope.from_mapping(json.loads(response.content))  # KeyError, JSONDecodeError...

    monkeypatch.setattr(fuzz, "parse_response", leaky)
    with pytest.raises(ValueError):
        fuzz.target(b"\x00\xc8\x00<html>")


@settings(max_examples=200, deadline=None)
@given(value=st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                          max_leaves=8),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
def test_bodies_decode_as_json_loads_decodes_them(value: object, encoding: str) -> None:
    from hfortix.core.envelope import _decode

    body = json.dumps(value, ensure_ascii=False).encode(encoding, "surrogatepass")
    assert _decode(body) == (json.loads(body), None)
