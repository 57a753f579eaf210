"""Reading a table, or a monitor answer that pages, one page at a time with start/count.

`plans.read_page` reads one page and returns its rows with the `Cursor` of the next page (None
at the end); `plans.list_all` and the facade's `iterate()` both loop over it, so the rule for
the end exists once, here: an empty or short page, or `size`/`matched_count` reached. A device
that ignores `start` sends the page it sent before; without a size to stop at that would loop
for ever, so a repeated page raises instead (`next_cursor`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import catalog
from .catalog import Endpoint
from .envelope import Envelope


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the next page starts, and the first row of the page before (to notice a repeat)."""

    start: int = 0
    previous: Any = None


class RepeatedPage(Exception):
    """The device answered a page with the rows of the page before: it ignores `start`."""


def pageable(endpoint: Endpoint) -> bool:
    """Whether `endpoint` pages with start/count: cmdb tables, and the monitor endpoints whose
    GET takes `count` in the catalog (firewall/session, firewall/sessions, firewall/load-balance,
    firewall/proxy/sessions, fortiview/proxy-statistics, utm/blacklisted-certificates; FortiOS's
    own schema pairs that `count` with an optional `start`)."""
    if endpoint.api == "cmdb":
        return endpoint.kind == "table"
    if endpoint.api != "monitor" or "GET" not in endpoint.methods:
        return False
    return "count" in catalog.details(endpoint).get("params", {}).get("GET", {})


def page_rows(envelope: Envelope) -> tuple[list[Any], int | None]:
    """The rows of one page and the number of rows in all pages, if the answer says it.

    Tables answer a list in `results` (7.x adds `size` and `matched_count`); monitor
    firewall/session since 6.2 answers `{"summary": {"matched_count": N}, "details": [...]}`.
    """
    results = envelope.results
    total = envelope.matched_count if envelope.matched_count is not None else envelope.size
    if isinstance(results, dict) and isinstance(results.get("details"), list):
        summary = results.get("summary")
        counted = summary.get("matched_count") if isinstance(summary, dict) else None
        if total is None and isinstance(counted, int) and not isinstance(counted, bool):
            total = counted
        return results["details"], total
    return (results if isinstance(results, list) else []), total


def next_cursor(cursor: Cursor, rows: list[Any], total: int | None, page_size: int) -> Cursor | None:
    """The cursor after a page of `rows`, or None when it was the last. Raises RepeatedPage."""
    if not rows:
        return None
    if cursor.previous is not None and rows[0] == cursor.previous:
        raise RepeatedPage(f"the page at start={cursor.start} repeats the page before it")
    start = cursor.start + len(rows)
    if total is not None and start >= total:
        return None
    if len(rows) < page_size:
        return None
    return Cursor(start, rows[0])
