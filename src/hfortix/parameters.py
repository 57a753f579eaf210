"""The parameters of monitor and log endpoints, checked against the catalog before they are sent.

A monitor or log call takes the endpoint's own parameters as keywords:
`fgt.api.monitor.firewall.session.get(count=10, summary=True, filter_csf=False)`. The keyword
of a parameter follows the field rule (`names.field_keyword`: `_` for `-`, a `_` behind a
call option). A GET's parameters travel as query text, so there each value is checked against
the type the catalog gives: a `boolean` takes True or False (sent as `true`/`false`, see
`hfortix.core.query.build_query`), an `int` an int, a `string` a str; a POST's go in the JSON
body, whose types FortiOS reads itself. A name the catalog does not list for the endpoint is refused with the
names it does list; `params={...}` sends wire names unchecked, for what the catalog lacks.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint
from hfortix.core.errors import ConfigurationError

from .names import field_keyword, field_name

#: The catalog's parameter types that a keyword value is checked against, and what each takes.
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "boolean": ((bool,), "True or False"),
    "int": ((int,), "an int"),
    "string": ((str,), "a str"),
}


def declared(endpoint: Endpoint, method: str) -> dict[str, Any] | None:
    """The catalog's parameters of `endpoint` for `method` (None: the catalog says nothing)."""
    params = catalog.details(endpoint).get("params")
    if not isinstance(params, dict) or method not in params:
        return None
    return params[method]  # type: ignore[no-any-return]


def checked(label: str, endpoint: Endpoint, method: str, keywords: Mapping[str, Any]) -> dict[str, Any]:
    """`keywords` (Python names) as wire parameter names, every value of a known type checked."""
    known = declared(endpoint, method)
    wire_params: dict[str, Any] = {}
    for python, value in keywords.items():
        wire = field_name(python, known)
        if known is None:
            wire_params[wire] = value
            continue
        spec = known.get(wire)
        if spec is None:
            raise ConfigurationError(_unknown(label, python, known))
        kinds, expected = _TYPES.get(spec.get("type"), ((object,), "")) if method == "GET" else ((object,), "")
        if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
            raise ConfigurationError(
                f"{label}: parameter {python!r} is {spec.get('type')}: pass {expected}, not {value!r}"
            )
        wire_params[wire] = value
    return wire_params


def _unknown(label: str, python: str, known: Mapping[str, Any]) -> str:
    keywords = sorted(field_keyword(wire) for wire in known)
    close = difflib.get_close_matches(python, keywords, n=3)
    if close:
        hint = f"; did you mean {', '.join(close)}?"
    elif keywords:
        hint = f"; it takes {', '.join(keywords[:12])}{', …' if len(keywords) > 12 else ''}"
    else:
        hint = "; it takes no parameters"
    return f"{label} has no parameter {python!r}{hint} (params={{...}} sends wire names unchecked)"
