"""`ensure`: make one object (or a singleton) hold the given fields, writing only what differs.

The plan reads the object, compares it with what is wanted the way FortiOS compares values
(hfortix.core.compare) and then sends nothing ("none"), one PUT of exactly the changed fields
("update") or one POST of everything ("create"). A dry run stops after the read. Secrets
cannot be compared (FortiOS never echoes them): they show in the diff as `(UNKNOWN, wanted)`,
never count as a change and are not sent in an update; a create sends them, of course.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from . import catalog, compare
from .envelope import Envelope
from .errors import FortiOSAPIError, FortiOSError, InvalidResponseError, ResourceNotFoundError
from .plans import Parsed, Session, Step, explained, send
from .versions import Target, pick

Action = Literal["create", "update", "none"]


@dataclass(frozen=True, slots=True)
class Change:
    """What `ensure` did, or (dry run) would do.

    `diff` maps each wire field that differs to `(before, after)` (before is None for a
    create, `UNKNOWN` for a secret); `result` is FortiOS's write answer, None when nothing
    was sent. `error` is set only by `ensure_many`, for a row that failed; `action` is then
    what was attempted ("none" if it failed before a write was chosen).
    """

    action: Action
    changed: bool
    diff: dict[str, tuple[Any, Any]]
    result: Any | None = None
    key: str | int | None = None
    error: FortiOSError | None = None


@dataclass(frozen=True, slots=True)
class Wanted:
    """One ensure call: where the object lives and what it should hold (wire names)."""

    target: Target
    fields: Mapping[str, Any]
    item_path: str  # the object's URL (a singleton's own URL)
    collection_path: str | None  # where a missing object is created; None for a singleton
    query: Sequence[tuple[str, str]] = ()
    key: str | int | None = None
    timeout: float | None = None


def ensure(session: Session, wanted: Wanted, *, dry_run: bool = False,
           keep_errors: bool = False) -> Generator[Step, Any, Change]:
    """Read, compare, then write only the difference (see the module doc).

    Raises what the calls raise (UnsupportedError before anything is sent when the firmware
    lacks a field), or with `keep_errors` returns the failure in `Change.error`.
    """
    action: Action = "none"
    changes: dict[str, tuple[Any, Any]] = {}
    body = wanted.fields
    try:
        problem = wanted.target.problem(session.firmware, body)
        if problem is not None:
            raise problem
        fields = catalog.details(wanted.target.endpoint).get("fields")
        try:
            current = yield from _read(session, wanted)
            if current is None:
                action = "create"
                changes = {name: (None, value) for name, value in body.items()}
                if dry_run:
                    return Change(action, True, changes, None, wanted.key)
                written = yield from send(session, "POST", wanted.collection_path or wanted.item_path,
                                          wanted.query, _wire(fields, body, session), timeout=wanted.timeout)
                return Change(action, True, changes, _answer(written), wanted.key)
            changes = compare.diff(fields, current, body, session.firmware)
            update = {name: body[name] for name, (before, _) in changes.items() if before is not compare.UNKNOWN}
            if not update:
                return Change("none", False, changes, None, wanted.key)
            action = "update"
            if dry_run:
                return Change(action, True, changes, None, wanted.key)
            written = yield from send(session, "PUT", wanted.item_path, wanted.query,
                                      _wire(fields, update, session), timeout=wanted.timeout)
            return Change(action, True, changes, _answer(written), wanted.key)
        except FortiOSAPIError as refused:
            raise explained(session, wanted.target, body, refused) from refused
    except FortiOSError as failure:
        if not keep_errors:
            raise
        return Change(action, False, changes, None, wanted.key, failure)


def _read(session: Session, wanted: Wanted) -> Generator[Step, Any, Mapping[str, Any] | None]:
    """The object as the device holds it, or None if it does not exist."""
    try:
        parsed = yield from send(session, "GET", wanted.item_path, wanted.query, timeout=wanted.timeout)
    except ResourceNotFoundError:
        if wanted.collection_path is None:  # a singleton always exists: this is a real error
            raise
        return None
    results = parsed.results if isinstance(parsed, Envelope) else None
    if isinstance(results, list):
        results = results[0] if results else None
    if results is None and wanted.collection_path is not None:
        return None
    if not isinstance(results, Mapping):
        raise InvalidResponseError(f"GET {wanted.item_path} answered no object to compare with: {results!r:.200}",
                                   method="GET", url=wanted.item_path)
    return results


def _wire(fields: Mapping[str, Any] | None, body: Mapping[str, Any], session: Session) -> dict[str, Any]:
    return {name: compare.wire_value(pick((fields or {}).get(name), session.firmware), value)
            for name, value in body.items()}


def _answer(parsed: Parsed) -> Any:
    if isinstance(parsed, list):
        return {envelope.vdom: dict(envelope.raw) for envelope in parsed}
    return dict(parsed.raw)

