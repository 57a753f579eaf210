"""hfortix.core: the FortiOS REST protocol with no I/O.

It builds requests (`urls`, `query`, `auth`), parses answers (`envelope`), maps errors
(`errors`) and writes every multi-step operation as a plan (`plans`: a generator of
`Request` and `Wait`) that `run_sync` or `run_async` drives over any transport. It imports
no socket, ssl, HTTP library or event loop; `catalog` reads the endpoint data lazily.
"""

from ._http import Request, Response, Wait
from .auth import Auth, SessionAuth, TokenAuth
from .drivers import run_async, run_sync
from .envelope import Envelope, parse_response, results_of
from .plans import RetryPolicy, Session
from .query import build_query, field, parse_filter
from .urls import api_path, base_url_for, build_url

__all__ = [
    "Auth", "Envelope", "Request", "Response", "RetryPolicy", "Session", "SessionAuth", "TokenAuth", "Wait",
    "api_path", "base_url_for", "build_query", "build_url", "field", "parse_filter", "parse_response",
    "results_of", "run_async", "run_sync",
]
