"""hfortix.core: the FortiOS REST protocol with no I/O.

It builds requests, parses answers, maps errors and writes every multi-step operation as a
plan (a generator of `Request` and `Wait`) that `drivers.run_sync` or `drivers.run_async`
runs over any transport. It imports no socket, ssl, HTTP library or event loop.
"""

from ._http import Request, Response, Wait
from .drivers import run_async, run_sync

__all__ = ["Request", "Response", "Wait", "run_async", "run_sync"]
