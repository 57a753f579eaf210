"""The User-Agent every transport sends: `hfortix/<version>`."""

from __future__ import annotations

from functools import cache

__all__ = ["user_agent"]


@cache
def user_agent() -> str:
    # Looked up at the first request, not at import: importlib.metadata costs start-up time.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"hfortix/{version('hfortix')}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "hfortix/0+unknown"
