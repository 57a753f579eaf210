"""Imports made by the running program only, never by a type checker reading hfortix.

mypy follows every import of an installed typed package, those inside functions too: a
function-level `import rich` made every user's `mypy` read rich and markdown_it (130 modules),
and the transports brought httpx, httpcore, h11, anyio and trio, about 55 MB and 2.5 s on each
run of a user's script (benchmarks/RESULTS.md, issue 9). A module named here by a string is
loaded when the code runs and read by no checker. hfortix's own `mypy -p hfortix` still checks
every one of these modules, as part of the package; what is lost is the checking of the few
calls made through the returned module, which the tests run.
"""

from __future__ import annotations

import importlib
from typing import Any


def runtime_import(module: str) -> Any:
    """The module `module`, imported now (once per process, as any import)."""
    return importlib.import_module(module)
