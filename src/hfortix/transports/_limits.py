"""What a response may weigh, apart from the HTTP code: the options check it without importing h11."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MAX_BODY_BYTES", "MAX_HEADER_BYTES", "Limits"]

MAX_HEADER_BYTES = 64 * 1024  # status line and headers: FortiOS sends well under 2 KiB
MAX_BODY_BYTES = 256 * 1024 * 1024  # a full configuration listing of a large box is tens of MiB


@dataclass(frozen=True, slots=True)
class Limits:
    """What a response may weigh: the status line plus headers, and the body (bytes)."""

    max_header_bytes: int = MAX_HEADER_BYTES
    max_body_bytes: int = MAX_BODY_BYTES
