"""FortiOS query options: a structured filter builder and one builder for every query parameter.

Filters (wire format 6.3) have the shape `<field><operator><value>`. A comma inside one
`filter=` value means OR; repeated `filter=` parameters mean AND::

    from hfortix.core.query import field, build_query

    build_query(filter=[field("name").contains("web") | field("name").contains("srv"),
                        field("type") == "ipmask"])
    # (("filter", "name=@web,name=@srv"), ("filter", "type==ipmask"))

Escaping inside a filter value (the emulator reads it the same way): a literal backslash is
written `\\\\` and a literal comma `\\,`; a bare comma separates OR terms. No other escape exists,
so a backslash followed by anything else is malformed. Percent-encoding for the URL happens
later, in `encode_query`, so `&`, `=`, `#` and any Unicode in a value are safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, TypeAlias
from urllib.parse import quote

from .errors import ConfigurationError

__all__ = [
    "OPERATORS",
    "AnyOf",
    "Condition",
    "Field",
    "FilterLike",
    "build_query",
    "encode_query",
    "field",
    "named_fields",
    "params_query",
    "parse_filter",
]

# Longest first, so that `<=` is never read as `<` followed by a value starting with `=`.
OPERATORS: Final = ("==", "=*", "!=", "!*", "=@", "!@", "<=", ">=", "<", ">")

_FIELD_NAME = re.compile(r"[A-Za-z0-9_.-]+")
# A field name can hold no operator character, so the first operator after it is the one.
_TERM = re.compile(r"([A-Za-z0-9_.-]+)(" + "|".join(re.escape(op) for op in OPERATORS) + r")(.*)", re.DOTALL)
_SORT_ITEM = re.compile(r"[A-Za-z0-9_.-]+(,[A-Za-z]+)?")


def _check_value_type(value: object, what: str) -> str:
    """str stays, int becomes decimal text; bool is an int in Python but never a FortiOS value."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ConfigurationError(f"{what} must be a str or an int, not {type(value).__name__}")
    text = str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates cannot go on the wire
        raise ConfigurationError(f"{what} is not valid Unicode text: {value!r}") from exc
    return text


def _check_field_name(name: object) -> str:
    if not isinstance(name, str):
        raise ConfigurationError(f"a field name must be a str, not {type(name).__name__}")
    if not _FIELD_NAME.fullmatch(name):
        raise ConfigurationError(f"invalid field name {name!r}: use only letters, digits, '_', '.' and '-'")
    return name


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,")


@dataclass(frozen=True, slots=True)
class Condition:
    """One filter term, `field op value`; `str()` gives its wire text (value escaped)."""

    field: str
    op: str
    value: str

    def __post_init__(self) -> None:
        _check_field_name(self.field)
        if self.op not in OPERATORS:
            raise ConfigurationError(f"unknown filter operator {self.op!r}; expected one of {OPERATORS}")
        if not isinstance(self.value, str):
            raise ConfigurationError(f"a Condition value must be a str, not {type(self.value).__name__}")
        _check_value_type(self.value, f"the value of filter field {self.field!r}")
        # `a<` + `=b` would be written `a<=b` and read back as `a` `<=` `b`: refuse the ambiguity.
        if self.op in ("<", ">") and self.value.startswith("="):
            raise ConfigurationError(
                f"a {self.op!r} filter value cannot start with '=' (it would read as {self.op + '='!r})"
            )

    def __str__(self) -> str:
        return f"{self.field}{self.op}{_escape(self.value)}"

    def __or__(self, other: Condition | AnyOf) -> AnyOf:
        return AnyOf((self,)) | other


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Conditions joined by OR: one `filter=` parameter whose terms are comma-separated."""

    conditions: tuple[Condition, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.conditions, tuple):
            raise ConfigurationError(f"AnyOf takes a tuple of Conditions, not {type(self.conditions).__name__}")
        if not self.conditions:
            raise ConfigurationError("AnyOf needs at least one Condition")
        for condition in self.conditions:
            if not isinstance(condition, Condition):
                raise ConfigurationError(f"AnyOf holds Conditions only, not {type(condition).__name__}")

    def __str__(self) -> str:
        return ",".join(str(condition) for condition in self.conditions)

    def __or__(self, other: Condition | AnyOf) -> AnyOf:
        if isinstance(other, Condition):
            return AnyOf((*self.conditions, other))
        if isinstance(other, AnyOf):
            return AnyOf((*self.conditions, *other.conditions))
        return NotImplemented


class Field:
    """A named field; its comparison operators and methods make `Condition`s.

    `==` and `!=` build conditions rather than compare, so a Field is not hashable.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = _check_field_name(name)

    def __repr__(self) -> str:
        return f"field({self.name!r})"

    def _make(self, op: str, value: str | int) -> Condition:
        return Condition(self.name, op, _check_value_type(value, f"the value of filter field {self.name!r}"))

    def eq(self, value: str | int) -> Condition:
        """`==`: equal (case-sensitive per the Terraform guide; verify on a device)."""
        return self._make("==", value)

    def ieq(self, value: str | int) -> Condition:
        """`=*`: equal, case-insensitive."""
        return self._make("=*", value)

    def ne(self, value: str | int) -> Condition:
        """`!=`: not equal (case-sensitive)."""
        return self._make("!=", value)

    def ine(self, value: str | int) -> Condition:
        """`!*`: not equal, case-insensitive."""
        return self._make("!*", value)

    def contains(self, value: str | int) -> Condition:
        """`=@`: contains (case-insensitive)."""
        return self._make("=@", value)

    def not_contains(self, value: str | int) -> Condition:
        """`!@`: does not contain."""
        return self._make("!@", value)

    def lt(self, value: str | int) -> Condition:
        """`<`: less than."""
        return self._make("<", value)

    def le(self, value: str | int) -> Condition:
        """`<=`: less than or equal."""
        return self._make("<=", value)

    def gt(self, value: str | int) -> Condition:
        """`>`: greater than."""
        return self._make(">", value)

    def ge(self, value: str | int) -> Condition:
        """`>=`: greater than or equal."""
        return self._make(">=", value)

    def __eq__(self, value: str | int) -> Condition:  # type: ignore[override]
        return self.eq(value)

    def __ne__(self, value: str | int) -> Condition:  # type: ignore[override]
        return self.ne(value)

    def __lt__(self, value: str | int) -> Condition:
        return self.lt(value)

    def __le__(self, value: str | int) -> Condition:
        return self.le(value)

    def __gt__(self, value: str | int) -> Condition:
        return self.gt(value)

    def __ge__(self, value: str | int) -> Condition:
        return self.ge(value)

    __hash__ = None  # type: ignore[assignment]


def field(name: str) -> Field:
    """The filter field `name` (letters, digits, `_`, `.` and `-`)."""
    return Field(name)


def _split_terms(text: str) -> list[str]:
    """Split on unescaped commas, keeping escapes in place; reject a dangling or unknown escape."""
    terms: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            following = text[index + 1 : index + 2]
            if following not in ("\\", ","):
                shown = "end of text" if not following else repr(following)
                raise ConfigurationError(
                    f"malformed filter {text!r}: a backslash must be followed by '\\' or ',', not {shown}"
                )
            current.append(char + following)
            index += 2
            continue
        if char == ",":
            terms.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    terms.append("".join(current))
    return terms


def _unescape(value: str) -> str:
    # Only `\\` and `\,` survive _split_terms, so a left-to-right pass is exact.
    return re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL)


def parse_filter(text: str) -> AnyOf:
    """Read one wire `filter=` value back into an `AnyOf`; raise ConfigurationError if malformed."""
    if not isinstance(text, str):
        raise ConfigurationError(f"a filter must be a str, not {type(text).__name__}")
    if not text:
        raise ConfigurationError("empty filter: expected <field><operator><value>")
    conditions = []
    for term in _split_terms(text):
        match = _TERM.fullmatch(term)
        if match is None:
            raise ConfigurationError(
                f"malformed filter term {term!r} in {text!r}: expected <field><operator><value> "
                f"with an operator from {OPERATORS}"
            )
        name, op, value = match.groups()
        conditions.append(Condition(name, op, _unescape(value)))
    return AnyOf(tuple(conditions))


# A filter text is read twice per call (checked by build_query, its fields named for the
# catalog check) and the same few come again and again: read once per text per process. Only
# str reaches it; a malformed text raises and is not kept.
_parsed_filter = lru_cache(maxsize=256)(parse_filter)


def named_fields(query: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(option, field) for every field a built query's filter, format and sort name, in order;
    a dotted name (`member.name`) by its first part, the field of the table itself."""
    named = []
    for option, value in query:
        if option == "filter":
            names = [condition.field for condition in _parsed_filter(value).conditions]
        elif option == "format":
            names = value.split("|")
        elif option == "sort":
            names = [value.split(",", 1)[0]]
        else:
            continue
        named += [(option, name.split(".", 1)[0]) for name in names]
    return named


FilterLike: TypeAlias = str | Condition | AnyOf

# Names build_query models; `extra` may not repeat them (in either spelling).
_MODELLED = frozenset(
    {
        "vdom", "scope", "filter", "format", "sort", "start", "count", "datasource", "with_meta",
        "skip", "exclude-default-values", "exclude_default_values", "action", "before", "after", "nkey",
    }
)
_SCOPES = ("global", "vdom", "both")
# The cmdb actions of wire format 6.3 and 6.5 (the transaction ones are what fgt.transaction() sends).
_ACTIONS = ("schema", "default", "move", "clone", "transaction-start", "transaction-commit", "transaction-abort",
            "transaction-show")
_ExtraValue: TypeAlias = str | int | bool | Sequence[str | int | bool]


def _names(value: object, what: str) -> list[str]:
    """A str is one item; any other sequence is a list of str items. Never iterate a str."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, Sequence):
        raise ConfigurationError(f"{what} must be a str or a sequence of str, not {type(value).__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise ConfigurationError(f"each {what} item must be a str, not {type(item).__name__}")
    return items


def _vdom_param(vdom: str | Sequence[str]) -> str:
    if vdom == "*":
        return "*"
    names = _names(vdom, "vdom")
    if not names:
        raise ConfigurationError("vdom list is empty: give at least one VDOM name, or '*' for all")
    for name in names:
        if not name or any(char.isspace() or char in ",*" for char in name):
            raise ConfigurationError(
                f"invalid vdom name {name!r}: a name is non-empty with no whitespace, ',' or '*' "
                "(pass several VDOMs as a list, or '*' alone for all)"
            )
    if len(set(names)) != len(names):
        raise ConfigurationError(f"vdom list names a VDOM twice: {names!r}")
    return ",".join(names)


def _filter_params(value: FilterLike | Sequence[FilterLike]) -> list[str]:
    items: Sequence[object] = [value] if isinstance(value, (str, Condition, AnyOf)) else value
    if isinstance(items, (bytes, bytearray)) or not isinstance(items, Sequence):
        raise ConfigurationError(
            f"filter must be a str, Condition, AnyOf or a sequence of them, not {type(value).__name__}"
        )
    texts = []
    for item in items:
        if isinstance(item, str):
            _parsed_filter(item)  # validate; the text is sent exactly as given
            texts.append(item)
        elif isinstance(item, (Condition, AnyOf)):
            texts.append(str(item))
        else:
            raise ConfigurationError(f"each filter must be a str, Condition or AnyOf, not {type(item).__name__}")
    return texts


def _format_param(value: str | Sequence[str]) -> str:
    names = [part for item in _names(value, "format") for part in item.split("|")]
    if not names:
        raise ConfigurationError("format is empty: name at least one field")
    for name in names:
        if not _FIELD_NAME.fullmatch(name):
            raise ConfigurationError(f"invalid format field {name!r}: use letters, digits, '_', '.', '-'")
    return "|".join(names)


def _sort_params(value: str | Sequence[str]) -> list[str]:
    items = _names(value, "sort")
    for item in items:
        if not _SORT_ITEM.fullmatch(item):
            raise ConfigurationError(f"invalid sort {item!r}: expected '<field>' or '<field>,<direction>'")
    return items


def _int_param(value: object, name: str, minimum: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigurationError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ConfigurationError(f"{name} must be >= {minimum}, got {value}")
    return str(value)


def _key_param(value: object, name: str) -> str:
    text = _check_value_type(value, name)
    if not text:
        raise ConfigurationError(f"{name} must not be empty")
    return text


def _action_params(
    action: str | None, before: str | int | None, after: str | int | None, nkey: str | int | None
) -> list[tuple[str, str]]:
    if action is None:
        given = [name for name, v in (("before", before), ("after", after), ("nkey", nkey)) if v is not None]
        if given:
            needs = "action='clone'" if given == ["nkey"] else "action='move'"
            raise ConfigurationError(f"{' and '.join(given)} given without {needs}")
        return []
    if not isinstance(action, str):
        raise ConfigurationError(f"action must be a str, not {type(action).__name__}")
    if action not in _ACTIONS:
        raise ConfigurationError(f"unknown action {action!r}; expected one of {_ACTIONS}")
    pairs = [("action", action)]
    if action == "move":
        if nkey is not None:
            raise ConfigurationError("nkey belongs to action='clone', not action='move'")
        if (before is None) == (after is None):
            raise ConfigurationError("action='move' needs exactly one of before= or after=")
        if before is not None:
            pairs.append(("before", _key_param(before, "before")))
        else:
            pairs.append(("after", _key_param(after, "after")))
    elif action == "clone":
        if before is not None or after is not None:
            raise ConfigurationError("before/after belong to action='move', not action='clone'")
        if nkey is None:
            raise ConfigurationError("action='clone' needs nkey= (the key of the copy)")
        pairs.append(("nkey", _key_param(nkey, "nkey")))
    elif before is not None or after is not None or nkey is not None:
        raise ConfigurationError(f"action={action!r} takes no before, after or nkey")
    return pairs


def _extra_params(extra: Mapping[str, _ExtraValue]) -> list[tuple[str, str]]:
    if not isinstance(extra, Mapping):
        raise ConfigurationError(f"params must be a mapping of parameter names to values, not {type(extra).__name__}")
    pairs: list[tuple[str, str]] = []
    for name, value in extra.items():
        if not isinstance(name, str):
            raise ConfigurationError(f"params: parameter names must be str, not {type(name).__name__} ({name!r})")
        if not name:
            raise ConfigurationError("params: parameter names must not be empty")
        if name in _MODELLED:
            keyword = name.replace("-", "_")
            raise ConfigurationError(f"extra parameter {name!r} is modelled: use build_query({keyword}=...)")
        if isinstance(value, (str, int)):
            values: Sequence[object] = [value]
        elif isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
            values = value
        else:
            raise ConfigurationError(
                f"parameter {name!r} must be a str, an int, a bool or a sequence of them, not {type(value).__name__}"
            )
        pairs.extend((name, _extra_value(item, name)) for item in values)
    return pairs


def _extra_value(value: object, name: str) -> str:
    # FortiOS's monitor and log APIs read a boolean parameter as the words true and false.
    if isinstance(value, bool):
        return "true" if value else "false"
    return _check_value_type(value, f"parameter {name!r}")


def params_query(params: Mapping[str, object] | None, **options: Any) -> tuple[tuple[str, str], ...]:
    """`build_query(**options)` plus `params`, a mapping of wire parameter names: what
    `fgt.request(params=...)` and the tree's `params=` take.

    A modelled name in `params` (`filter`, `count`, `vdom`, `exclude-default-values`, ...) is
    checked exactly as its `build_query` keyword is, so the raw escape hatch and the tree
    cannot disagree; any other name goes out as given (see `extra`). A name given both as a
    keyword and in `params` is refused.
    """
    if params is None:
        return build_query(**options)
    if not isinstance(params, Mapping):
        raise ConfigurationError(f"params must be a mapping of parameter names to values, not {type(params).__name__}")
    modelled: dict[str, object] = {}
    extra: dict[str, Any] = {}
    for name, value in params.items():
        if not (isinstance(name, str) and name in _MODELLED):
            extra[name] = value
            continue
        keyword = name.replace("-", "_")
        if options.get(keyword) not in (None, False) or keyword in modelled:
            raise ConfigurationError(f"{keyword} is given twice: once as {keyword}= and once in params")
        modelled[keyword] = value
    return build_query(**{**options, **modelled}, extra=extra)


def build_query(
    *,
    vdom: str | Sequence[str] | None = None,
    scope: str | None = None,
    filter: FilterLike | Sequence[FilterLike] | None = None,  # noqa: A002 - the FortiOS name
    format: str | Sequence[str] | None = None,  # noqa: A002 - the FortiOS name
    sort: str | Sequence[str] | None = None,
    start: int | None = None,
    count: int | None = None,
    datasource: bool = False,
    with_meta: bool = False,
    skip: bool = False,
    exclude_default_values: bool = False,
    action: str | None = None,
    before: str | int | None = None,
    after: str | int | None = None,
    nkey: str | int | None = None,
    extra: Mapping[str, _ExtraValue] | None = None,
) -> tuple[tuple[str, str], ...]:
    """Validate FortiOS query options and return them as (name, value) pairs.

    The order is fixed, so the same options always give the same URL: vdom, scope, each
    filter (in the order given), format, each sort, start, count, datasource, with_meta,
    skip, exclude-default-values, action, before/after/nkey, then `extra` in its mapping
    order (each sequence value as repeated parameters; a bool as `true`/`false`, the form
    FortiOS's monitor and log APIs read). An empty sequence for a repeated parameter (filter,
    sort, an extra value) sends nothing. Options left at their default send nothing.
    """
    pairs: list[tuple[str, str]] = []
    if vdom is not None:
        pairs.append(("vdom", _vdom_param(vdom)))
    if scope is not None:
        if not isinstance(scope, str):
            raise ConfigurationError(f"scope must be a str, not {type(scope).__name__}")
        if scope not in _SCOPES:
            raise ConfigurationError(f"unknown scope {scope!r}; expected one of {_SCOPES}")
        pairs.append(("scope", scope))
    if filter is not None:
        pairs.extend(("filter", text) for text in _filter_params(filter))
    if format is not None:
        pairs.append(("format", _format_param(format)))
    if sort is not None:
        pairs.extend(("sort", item) for item in _sort_params(sort))
    if start is not None:
        pairs.append(("start", _int_param(start, "start", 0)))
    if count is not None:
        pairs.append(("count", _int_param(count, "count", 1)))
    for name, flag in (
        ("datasource", datasource),
        ("with_meta", with_meta),
        ("skip", skip),
        ("exclude-default-values", exclude_default_values),
    ):
        if not isinstance(flag, bool):
            keyword = name.replace("-", "_")
            raise ConfigurationError(f"{keyword} must be True or False, not {type(flag).__name__}")
        if flag:
            pairs.append((name, "1"))
    pairs.extend(_action_params(action, before, after, nkey))
    if extra is not None:
        pairs.extend(_extra_params(extra))
    return tuple(pairs)


def encode_query(pairs: Sequence[tuple[str, str]]) -> str:
    """`name=value&...`, every name and value percent-encoded as UTF-8 with no safe characters."""
    if isinstance(pairs, (str, bytes, bytearray)) or not isinstance(pairs, Sequence):
        raise ConfigurationError(f"query must be a sequence of (name, value) pairs, not {type(pairs).__name__}")
    parts = []
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise ConfigurationError(f"each query item must be a (name, value) tuple, got {pair!r}")
        name, value = pair
        if not isinstance(name, str) or not isinstance(value, str):
            raise ConfigurationError(f"query names and values must be str, got {pair!r}")
        if not name:
            raise ConfigurationError("a query parameter name must not be empty")
        try:
            parts.append(f"{quote(name, safe='')}={quote(value, safe='')}")
        except UnicodeEncodeError as exc:
            raise ConfigurationError(f"query parameter {name!r} is not valid Unicode text") from exc
    return "&".join(parts)
