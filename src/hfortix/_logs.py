"""The log lines of the `hfortix` logger, written by the runners from what the plans yield.

Core does not log: a `Request` says which attempt of its call it is, and a `Wait` before a
retry says why and which attempt follows. Here they become one DEBUG line per attempt and one
WARNING per retry. Secrets never appear: query values such as `access_token` are masked
(`redact_url`), and headers (tokens, cookies, CSRF tokens) are not logged at all. Each record
also carries the facts as attributes (`http_method`, `url_path`, `query`, `vdom`, `status`,
`attempt`, `elapsed_ms`) for handlers that format records themselves.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl

from hfortix.core import Request, Wait
from hfortix.core.errors import redact_url

logger = logging.getLogger("hfortix")


def _target(request: Request) -> tuple[str, str, str | None]:
    """(path, query with secrets masked, the VDOM asked for or None) of a request."""
    url = redact_url(request.url)
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    path, _, query = (rest[slash:] if slash >= 0 else "/").partition("?")
    vdom = next((value for name, value in parse_qsl(query) if name == "vdom"), None)
    return path, query, vdom


def attempt(request: Request, status: int | str, started: float) -> None:
    """The DEBUG line of one attempt: `GET /api/v2/...?... -> 200 in 1.2 ms (attempt 1, vdom root)`."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    elapsed_ms = (time.perf_counter() - started) * 1e3
    path, query, vdom = _target(request)
    logger.debug(
        "%s %s%s -> %s in %.1f ms (attempt %d, vdom %s)", request.method, path, f"?{query}" if query else "",
        status, elapsed_ms, request.attempt, vdom or "-",
        extra={"http_method": request.method, "url_path": path, "query": query, "vdom": vdom, "status": status,
               "attempt": request.attempt, "elapsed_ms": elapsed_ms},
    )


def retry(wait: Wait, retries: int) -> None:
    """The WARNING before a retry: `GET /api/... HTTP 503: retrying in 0.52 s (attempt 2 of 4)`."""
    if wait.attempt < 2 or wait.request is None or not logger.isEnabledFor(logging.WARNING):
        return  # not a retry (another call's login is awaited), or nobody listens
    path, query, vdom = _target(wait.request)
    logger.warning(
        "%s %s%s %s: retrying in %.3g s (attempt %d of %d)", wait.request.method, path,
        f"?{query}" if query else "", wait.reason, wait.seconds, wait.attempt, retries + 1,
        extra={"http_method": wait.request.method, "url_path": path, "query": query, "vdom": vdom,
               "reason": wait.reason, "delay": wait.seconds, "attempt": wait.attempt},
    )
