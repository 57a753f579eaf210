"""Fuzz target: `parse_response` reads any status and body as envelopes or raises a FortiOSError.

The invariant (as in h11): parse or raise our error, nothing else. A 2xx may give an Envelope
or a list of them; every other outcome is a FortiOSAPIError whose message can be printed and
never shows the secret in the request URL. KeyError, TypeError, UnicodeDecodeError or
RecursionError escaping is a bug.

Input layout: bytes 0-1 pick the HTTP status (100-599), byte 2 picks a Retry-After header,
the rest is the body.

Run:  .venv/bin/python fuzz/fuzz_envelope.py [--iterations N] [--seed S]
      .venv/bin/python fuzz/fuzz_envelope.py --atheris [libFuzzer options]   (needs atheris)
"""

from __future__ import annotations

import json

from _runner import main  # fuzz/ is sys.path[0] when this file is run as a script

from hfortix.core import Request, Response
from hfortix.core.envelope import Envelope, parse_response, results_of
from hfortix.core.errors import FortiOSAPIError, FortiOSError

SECRET = "FUZZ-S3CR3T-T0KEN"
REQUEST = Request("GET", f"https://192.0.2.1/api/v2/cmdb/firewall/address?vdom=root&access_token={SECRET}")
NOW = 1_700_000_000.0
RETRY_AFTER = ("", "7", "-1", "1.5", "Tue, 14 Nov 2023 22:13:30 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
               "soon")
_META = {"serial": "FGVM02TM00000001", "version": "v7.4.3", "build": 2573}


def _seed(status: int, body: object, retry: int = 0) -> bytes:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return status.to_bytes(2, "big") + bytes([retry]) + content


# Real-looking answers to splice random bytes into, so the fuzzer gets past json.loads.
SEEDS: tuple[bytes, ...] = (
    _seed(200, {"http_method": "GET", "results": [{"name": "a", "q_origin_key": "a"}], "vdom": "root",
                "path": "firewall", "name": "address", "status": "success", "http_status": 200,
                "size": 1, "matched_count": 1, **_META}),
    _seed(200, [{"http_method": "GET", "results": {}, "vdom": vdom, "path": "system", "name": "link-monitor",
                 "status": "success", **_META} for vdom in ("root", "dmz")]),
    _seed(200, {"http_method": "POST", "mkey": "web", "revision": "a" * 32, "revision_changed": True,
                "old_revision": "b" * 32, "status": "success", "http_status": 200, **_META}),
    _seed(500, {"http_method": "POST", "status": "error", "http_status": 500, "error": -651,
                "cli_error": "node_check_object fail!\nCommand fail. Return code -651", **_META}),
    _seed(200, {"http_method": "GET", "status": "error", "http_status": 404, "error": -3, **_META}),
    _seed(429, b"", 1),
    _seed(200, b"<!DOCTYPE html><html><body><form action=\"/logincheck\"></form></body></html>"),
    _seed(200, {"results": [{"date": "2024-01-01"}], "rows": 1, "session_id": 7, "start": 0,
                "total_lines": 9, "subcategory": "forward", "status": "success"}),
)


def target(data: bytes) -> None:
    """Parse `data` as (status, Retry-After, body) and check the invariant."""
    status = 100 + int.from_bytes(data[:2], "big") % 500
    retry = RETRY_AFTER[data[2] % len(RETRY_AFTER)] if len(data) > 2 else ""
    headers = (("Retry-After", retry),) if retry else ()
    response = Response(status, headers, data[3:])
    try:
        parsed = parse_response(REQUEST, response, now=NOW)
    except FortiOSAPIError as error:
        message = str(error)
        assert SECRET not in message and SECRET not in (error.url or ""), "a secret reached the error"
        assert error.retry_after is None or error.retry_after >= 0
        return
    except FortiOSError as error:  # parse_response documents FortiOSAPIError: anything else is a bug
        raise AssertionError(f"parse_response raised {type(error).__name__}") from error
    assert 200 <= status <= 299, f"HTTP {status} parsed instead of raising"
    items = parsed if isinstance(parsed, list) else [parsed]
    assert all(isinstance(item, Envelope) and not item.failed for item in items), "bad parse result"
    results_of(parsed)


if __name__ == "__main__":
    main(target, seeds=SEEDS, description=__doc__.splitlines()[0] if __doc__ else None)
