"""Reading a FortiOS answer: the JSON envelope around every result, or the typed error in it.

FortiOS wraps results in an envelope: `{"http_method", "results", "vdom", "path", "name",
"status", "http_status", "serial", "version", "build", ...}`. Monitor answers often lack
`http_status`; writes add `mkey`, `revision`, `revision_changed`, `old_revision`; log reads
add `rows`, `session_id`, `start`, `total_lines`, `subcategory`. A multi-VDOM request
(`vdom=*`, `vdom=a,b`, legacy `global=1`) is answered with a JSON array of envelopes.

`parse_response` is total: for any status and any body it returns an Envelope (or a list of
them) or raises a FortiOSError, nothing else (the fuzz target and a property test hold it to
that).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ._http import Request, Response
from .errors import FortiOSAPIError, InvalidResponseError, api_error, parse_retry_after, redact_url

__all__ = ["Envelope", "parse_response", "results_of"]

_ENVELOPE_STATUSES = ("success", "error")
_JSON_STARTS = (b"{", b"[")
_DECODE = json.JSONDecoder().decode  # json.loads without options: what it decodes with
_STR_FIELDS = ("http_method", "status", "vdom", "path", "name", "action", "revision", "old_revision",
               "serial", "version", "subcategory")
_INT_FIELDS = ("http_status", "build", "size", "matched_count", "rows", "session_id", "start", "total_lines")
_CODE_TEXT = re.compile(r"\s*-?\d{1,9}\s*")
_QUOTE_LIMIT = 120  # characters of a non-JSON body quoted in the error message


def _empty_raw() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Envelope:
    """One FortiOS answer envelope.

    Each metadata field holds the value when FortiOS sent it with the documented type (str,
    int, bool; `mkey` str or int) and None otherwise; `raw` always has every key exactly as
    received, as a read-only view. Fields say what the body said: a monitor answer without
    `http_status` has `http_status=None` even though the HTTP status was 200.
    """

    results: Any = None
    http_method: str | None = None
    status: str | None = None
    http_status: int | None = None
    vdom: str | None = None
    path: str | None = None
    name: str | None = None
    action: str | None = None
    mkey: str | int | None = None
    revision: str | None = None
    revision_changed: bool | None = None
    old_revision: str | None = None
    serial: str | None = None
    version: str | None = None
    build: int | None = None
    size: int | None = None
    matched_count: int | None = None
    rows: int | None = None
    session_id: int | None = None
    start: int | None = None
    total_lines: int | None = None
    subcategory: str | None = None
    raw: Mapping[str, Any] = field(default_factory=_empty_raw, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.raw, Mapping):
            raise TypeError(f"raw must be a mapping, not {type(self.raw).__name__}")
        if not isinstance(self.raw, MappingProxyType):
            object.__setattr__(self, "raw", MappingProxyType(dict(self.raw)))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Envelope:
        """The Envelope of one decoded JSON object (fields of the wrong type become None)."""
        if not isinstance(data, Mapping):
            raise TypeError(f"an envelope is read from a mapping, not {type(data).__name__}")
        # Every answer comes through here: each field is set once, in place, with no keyword
        # dict and no __post_init__ (raw is already read-only): a third of what cls(**...) costs.
        get, put = data.get, object.__setattr__
        envelope = object.__new__(cls)
        for name in _STR_FIELDS:
            value = get(name)
            put(envelope, name, value if isinstance(value, str) else None)
        for name in _INT_FIELDS:
            value = get(name)
            put(envelope, name, value if isinstance(value, int) and not isinstance(value, bool) else None)
        mkey, changed = get("mkey"), get("revision_changed")
        put(envelope, "mkey", mkey if isinstance(mkey, str) or _is_int(mkey) else None)
        put(envelope, "revision_changed", changed if isinstance(changed, bool) else None)
        put(envelope, "results", get("results"))
        put(envelope, "raw", MappingProxyType(dict(data)))
        return envelope

    @property
    def failed(self) -> bool:
        """Whether the envelope reports a failure: `"status": "error"` or an error `http_status`."""
        return self.status == "error" or (self.http_status is not None and self.http_status >= 400)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _is_envelope(value: object) -> bool:
    if not isinstance(value, dict):
        return False
    # Keys that only FortiOS's envelope carries (tested one by one: every answer comes through
    # here). A JSON object with none of them (and no "status" of "success"/"error") is not an
    # envelope; see _bare_object_envelope for why a 2xx answer like that is still accepted.
    return ("http_method" in value or "http_status" in value or "results" in value
            or value.get("status") in _ENVELOPE_STATUSES)


def parse_response(
    request: Request, response: Response, *, now: float | None = None
) -> Envelope | list[Envelope]:
    """The envelope of a FortiOS answer (a list of them for a multi-VDOM answer), or the error.

    Raises (always a FortiOSAPIError subclass, built by `api_error`):
    * for any non-2xx status, with `error` / `cli_error` taken from the body when it is an
      envelope, and `retry_after` from a Retry-After header (`now`, epoch seconds from the
      caller's clock, lets an HTTP-date count too);
    * for a 2xx whose envelope, or any envelope of an array, reports a failure;
    * InvalidResponseError for a 2xx body that is empty, not JSON (an HTML login page, a proxy
      page: the message quotes its start), or JSON that is no envelope (a number, a string,
      an array that is not all envelopes, or whose envelopes do not each name a different VDOM).
    A 2xx JSON object without any envelope key is accepted as `Envelope(results=<object>)`.
    """
    if not isinstance(request, Request):
        raise TypeError(f"request must be a Request, not {type(request).__name__}")
    if not isinstance(response, Response):
        raise TypeError(f"response must be a Response, not {type(response).__name__}")
    retry_after = parse_retry_after(response.header("Retry-After"), now=now)
    decoded, problem = _decode(response.content)
    if not 200 <= response.status_code <= 299:
        raise _status_error(request, response, decoded, problem, retry_after)
    if problem is not None:
        raise _invalid(request, response, problem)
    if isinstance(decoded, dict):
        if not _is_envelope(decoded):
            return _bare_object_envelope(decoded)
        envelope = Envelope.from_mapping(decoded)
        _raise_if_failed(request, response, envelope, retry_after, vdoms=1)
        return envelope
    if isinstance(decoded, list) and all(_is_envelope(item) for item in decoded):
        envelopes = [Envelope.from_mapping(item) for item in decoded]
        for envelope in envelopes:
            _raise_if_failed(request, response, envelope, retry_after, vdoms=len(envelopes))
        vdoms = [envelope.vdom for envelope in envelopes]
        if None in vdoms or len(set(vdoms)) != len(vdoms):
            # A FortiGate names the VDOM in each envelope, in its own order (not the order asked):
            # without the names there is nothing to tell the results apart by.
            raise _invalid(request, response, f"a multi-VDOM answer must name each VDOM once, got {vdoms!r:.200}")
        return envelopes
    raise _invalid(request, response, f"the JSON is not a FortiOS envelope but {_describe_json(decoded)}")


def results_of(parsed: Envelope | list[Envelope]) -> Any:
    """What a user asked for: the `results` of one envelope, or `{vdom: results}` for a list."""
    if isinstance(parsed, Envelope):
        return parsed.results
    if isinstance(parsed, list) and all(isinstance(item, Envelope) for item in parsed):
        return {envelope.vdom: envelope.results for envelope in parsed}
    raise TypeError(f"results_of takes an Envelope or a list of them, not {type(parsed).__name__}")


def _bare_object_envelope(data: dict[str, Any]) -> Envelope:
    # Some monitor endpoints answer 200 with plain JSON instead of an envelope, e.g.
    # `GET /api/v2/monitor/?action=schema` gives {"directory": [...], "serial", "version", "build"}.
    # Rejecting those would make them unusable; the whole object is their result. No metadata
    # is read from it: in a bare object "name" or "size" are data, not envelope fields.
    return Envelope(results=data, raw=MappingProxyType(data))


def _decode(body: bytes) -> tuple[Any, str | None]:
    """The decoded JSON and None, or None and why the body is not JSON."""
    if not body or body.isspace():  # as `not body.strip()`, without copying a large body
        return None, "the body is empty"
    try:
        if body[:1] in _JSON_STARTS and body[1:2] != b"\x00":
            # What json.loads does for such bytes (they can only be UTF-8 to its detect_encoding),
            # without guessing the encoding of every answer.
            return _DECODE(body.decode("utf-8", "surrogatepass")), None
        return json.loads(body), None
    except RecursionError:
        return None, "the body nests too deeply to read as JSON"
    except ValueError:  # JSONDecodeError, UnicodeDecodeError, over-long integers
        return None, f"the body is not JSON: {_quote_start(body)}"


def _quote_start(body: bytes) -> str:
    """The start of a body, on one line, quoted with non-printable characters escaped."""
    text = " ".join(body[: _QUOTE_LIMIT * 4].decode("utf-8", "replace").split())
    cut = len(text) > _QUOTE_LIMIT or len(body) > _QUOTE_LIMIT * 4
    return repr(text[:_QUOTE_LIMIT]) + ("…" if cut else "")


def _describe_json(value: Any) -> str:
    if isinstance(value, list):
        return f"an array of {len(value)} item(s), not all envelopes"
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a string", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


def _error_code(value: object) -> int | None:
    """FortiOS's `error` as an int: it is a negative int, tolerated as a numeric string."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _CODE_TEXT.fullmatch(value):
        return int(value)
    return None


def _error_source(decoded: Any) -> dict[str, Any] | None:
    """The envelope that explains a failed answer: the object, or the first failing array item."""
    if isinstance(decoded, dict) and _is_envelope(decoded):
        return decoded
    if isinstance(decoded, list):
        envelopes: list[dict[str, Any]] = [item for item in decoded if _is_envelope(item)]
        failing = [item for item in envelopes if Envelope.from_mapping(item).failed]
        return (failing or envelopes)[0] if envelopes else None
    return None


def _status_error(request: Request, response: Response, decoded: Any, problem: str | None,
                  retry_after: float | None) -> FortiOSAPIError:
    source = _error_source(decoded) if problem is None else None
    details = []
    if problem is not None and response.content.strip():
        details.append(problem)
    location = response.header("Location")
    if 300 <= response.status_code <= 399 and location:
        details.append(f"redirected to {redact_url(location)}")
    return api_error(
        method=request.method,
        url=request.url,
        http_status=response.status_code,
        error_code=_error_code(source.get("error")) if source else None,
        cli_error=_str_or_none(source.get("cli_error")) if source else None,
        body=response.content,
        envelope=source,
        retry_after=retry_after,
        detail="; ".join(details) or None,
    )


def _raise_if_failed(request: Request, response: Response, envelope: Envelope,
                     retry_after: float | None, *, vdoms: int) -> None:
    if not envelope.failed:
        return
    # The envelope's own http_status (404, 500...) is FortiOS's verdict; the 200 is the wrapper's.
    claimed = envelope.http_status
    status = claimed if claimed is not None and 400 <= claimed <= 599 else response.status_code
    where = f" in VDOM {envelope.vdom!r}" if vdoms > 1 and envelope.vdom is not None else ""
    raise api_error(
        method=request.method,
        url=request.url,
        http_status=status,
        error_code=_error_code(envelope.raw.get("error")),
        cli_error=_str_or_none(envelope.raw.get("cli_error")),
        body=response.content,
        envelope=dict(envelope.raw),
        retry_after=retry_after,
        detail=f"the answer was HTTP {response.status_code} but its envelope reports an error{where}",
    )


def _invalid(request: Request, response: Response, problem: str) -> FortiOSAPIError:
    return api_error(
        method=request.method,
        url=request.url,
        http_status=response.status_code,
        body=response.content,
        detail=problem,
        fallback=InvalidResponseError,
    )
