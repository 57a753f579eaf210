"""FortiOS answer envelopes, with FortiOS's key order, and the reply the app hands back.

Key orders (docs/fortios-wire-format.md 6.1, the captures, ansible issue #345):

* cmdb GET:   http_method, [size, limit_reached, matched_count, next_idx], [revision], results,
              vdom, path, name, [action], status, http_status, serial, version, build
* cmdb write: http_method, revision, revision_changed, old_revision, mkey, status, http_status,
              vdom, path, name, [action], serial, version, build
* monitor:    http_method, results, vdom, path, name, [action], status, serial, version, build
* error:      http_method, [revision], [mkey], status, http_status, [error], [cli_error], vdom,
              path, name, [action], serial, version, build; a 401/403 refusal stops after
              name/action (FortiOS does not tell a refused client who it is)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError
from .profile import Identity

JSON = "application/json"


@dataclass(slots=True)
class Reply:
    """What a handler answers: status, a JSON-able body (or bytes), extra headers."""

    status: int
    body: Any
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = JSON

    def encode(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True, slots=True)
class Download:
    """An answer that is a file rather than an envelope (the configuration backup)."""

    body: bytes
    content_type: str = "text/plain"


@dataclass(frozen=True, slots=True)
class Where:
    """The request's place, echoed by every envelope."""

    method: str
    vdom: str
    path: str
    name: str
    action: str | None = None  # None: no "action" key


def _place(where: Where) -> dict[str, Any]:
    place: dict[str, Any] = {"vdom": where.vdom, "path": where.path, "name": where.name}
    if where.action is not None:
        place["action"] = where.action
    return place


def cmdb_read(
    identity: Identity,
    where: Where,
    results: Any,
    *,
    revision: str | None,
    counts: dict[str, Any] | None = None,
) -> dict[str, Any]:
    envelope: dict[str, Any] = {"http_method": where.method}
    if counts:
        envelope.update(counts)
    if revision is not None:
        envelope["revision"] = revision
    envelope["results"] = results
    envelope.update(_place(where))
    envelope["status"] = "success"
    envelope["http_status"] = 200
    envelope.update(identity.tail())
    return envelope


def cmdb_write(
    identity: Identity,
    where: Where,
    *,
    mkey: Any,
    old_revision: str,
    revision: str,
    changed: bool,
    results: Any = None,
) -> dict[str, Any]:
    envelope: dict[str, Any] = {
        "http_method": where.method,
        "revision": revision,
        "revision_changed": changed,
        "old_revision": old_revision,
    }
    if results is not None:
        envelope["results"] = results
    if mkey is not None:
        envelope["mkey"] = mkey
    envelope["status"] = "success"
    envelope["http_status"] = 200
    envelope.update(_place(where))
    envelope.update(identity.tail())
    return envelope


def monitor_read(identity: Identity, where: Where, results: Any, **extra: Any) -> dict[str, Any]:
    envelope: dict[str, Any] = {"http_method": where.method, "results": results}
    envelope.update(_place(where))
    envelope.update(extra)
    envelope["status"] = "success"
    envelope.update(identity.tail())
    return envelope


def error(
    identity: Identity, where: Where, problem: ApiError, *, mkey: Any = None, revision: str | None = None
) -> dict[str, Any]:
    envelope: dict[str, Any] = {"http_method": where.method}
    if revision is not None and not problem.anonymous:
        envelope["revision"] = revision
    if mkey is not None:
        envelope["mkey"] = mkey
    envelope["status"] = "error"
    envelope["http_status"] = problem.http_status
    if problem.error is not None:
        envelope["error"] = problem.error
    if problem.cli_error is not None:
        envelope["cli_error"] = problem.cli_error
    envelope.update(_place(where))
    if not problem.anonymous:
        envelope.update(identity.tail())
    return envelope


def overall_status(envelopes: list[dict[str, Any]]) -> int:
    """The HTTP status of a multi-VDOM answer: 200 unless every envelope failed alike."""
    statuses = {envelope.get("http_status", 200) for envelope in envelopes}
    if any(envelope.get("status") == "success" for envelope in envelopes) or not statuses:
        return 200
    return int(min(statuses))


UNAUTHORIZED_HTML = (
    b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<HTML><HEAD>\n<TITLE>401 Authorization Required'
    b"</TITLE>\n</HEAD><BODY>\nAuthorization Required\nThis server could not verify that you\nare authorized "
    b"to access the document\nrequested.\n</BODY></HTML>\n"
)
NOT_FOUND_HTML = (
    b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<HTML><HEAD>\n<TITLE>404 Not Found</TITLE>\n'
    b"</HEAD><BODY>\nNot Found\nThe requested URL was not found on this server.\n</BODY></HTML>\n"
)
