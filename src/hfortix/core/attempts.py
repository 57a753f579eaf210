"""What a call's attempts tell: a lockout, a retry that ran out, a delete an earlier attempt made.

`plans.send` decides when to send again; this module words what it decided, so the errors
say how many attempts were made and why a request was not sent again, and it reads the few
answers whose meaning depends on the attempts before them.
"""

from __future__ import annotations

from typing import TypeVar

from .envelope import Envelope
from .errors import FortiOSAPIError, FortiOSError, RateLimitError

E = TypeVar("E", bound=FortiOSError)

#: The statuses that prove nothing about the credentials: a refusal, or a gateway's answer.
UNPROVEN_STATUSES = frozenset({401, 429, 502, 503, 504})


def amended(error: E, note: str) -> E:
    """`error` with `note` added to its message (`str(error)`, and `.message` of API errors)."""
    text = f"{error}; {note}" if str(error) else note
    error.args = (text, *error.args[1:])
    if isinstance(error, FortiOSAPIError):
        error.message = text
    return error


def attempts_note(attempts: int) -> str:
    return f"gave up after {attempts} attempts"


def not_resent_note(method: str) -> str:
    return (f"not sent again: a {method} that may have reached the FortiGate could be carried out twice "
            "(hfortix resends only GET, PUT and DELETE, or a request that never left)")


def lockout(error: RateLimitError) -> RateLimitError:
    """The 429 of a client whose credentials never worked: FortiOS's lockout after failed logins."""
    wait = f" (Retry-After: {error.retry_after:g} s)" if error.retry_after is not None else ""
    error.lockout = True
    return amended(error, (
        "this client's credentials have not worked yet, so this is FortiOS's lockout after too many failed "
        "logins (a wrong or expired API token, a wrong password, an address outside the trusted hosts), "
        f"not a rate limit{wait}. A lockout grows with every new attempt, so hfortix did not retry: fix the "
        "credentials, wait for it to end, then try again"
    ))


def deleted_earlier(error: FortiOSAPIError) -> Envelope:
    """The success of a DELETE whose earlier attempt reached the FortiGate and lost its answer:
    the retry found the object gone (404), which is what the earlier attempt did."""
    seen = error.envelope or {}
    kept: dict[str, object] = {key: seen[key] for key in ("vdom", "path", "name", "mkey", "serial", "version", "build")
                               if key in seen}
    return Envelope.from_mapping({
        "http_method": "DELETE", **kept, "status": "success", "http_status": 200,
        "deleted_by_an_earlier_attempt": True,
    })
