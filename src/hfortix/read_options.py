"""What every read takes: the options of list()/get() and the VDOM selectors.

A module of its own, importing nothing of hfortix, because the generated stubs name these
types in every read signature: a type checker then reads these few lines, not hfortix/api.py.
"""

from collections.abc import Mapping
from typing import Any, Literal, TypedDict


class ReadOptions(TypedDict, total=False):
    """Options every read takes (see hfortix.core.query.build_query for their meaning)."""

    scope: str
    filter: Any
    format: str | list[str]
    sort: str | list[str]
    start: int
    count: int
    datasource: bool
    with_meta: bool
    skip: bool
    exclude_default_values: bool
    params: Mapping[str, Any]
    timeout: float


#: What selects several VDOMs, and so a dict from VDOM name to results (a list, or "*").
SeveralVdoms = Literal["*"] | list[str] | tuple[str, ...]
OneVdom = str | None
