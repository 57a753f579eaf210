"""GET options of cmdb tables: filter, sort, start/count, format and the row decorations.

Read from the query independently of the client (urllib only), as FortiOS reads them:

* `filter=<field><op><value>`, ops `== =* != !* =@ !@ < <= > >=`. One `filter` with commas
  is an OR of its terms; repeated `filter`s are ANDed. In a value `\\,` is a literal comma and
  `\\\\` a literal backslash; any other backslash is malformed (400). `==`, `!=`, `=@` and `!@`
  ignore case, as the FortiOS REST API reference lists them (the terraform provider's guide
  calls `==`/`!=` case-sensitive; the reference is the box's own documentation); so do
  `=*`/`!*`. `<`... compare as numbers when both sides are numbers, else as text. A
  child-table field matches through its entries' keys (`srcaddr==all` is true when "all" is
  one of them); `!=`/`!*`/`!@` then need every entry to pass. A field the table does not have reads as "".
* `sort=<field>` or `sort=<field>,asc|desc`, repeatable: the first `sort` is the primary key.
* `start`/`count` page the filtered, sorted rows.
* `format=a|b`: only those fields (plus `q_origin_key`).
* `with_meta=1` adds q_path, q_name, q_ref (how many references point at the row), q_static,
  q_no_rename, q_no_edit, q_type, the meta keys real answers carry (available-certificates).
* `datasource=1` adds `"datasource": "<table>"` to each child entry that references a row.
* `exclude-default-values=1` leaves out fields still at their default.
* `skip=1` stands for the CLI's "skip" (hide attributes that do not apply): the emulator knows
  no attribute dependencies, so it hides the attributes that hold no value ("" or []).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import bad_request
from .schema import Schema

OPERATORS = ("==", "=*", "!=", "!*", "=@", "!@", "<=", ">=", "<", ">")
_TERM = re.compile(
    r"([A-Za-z0-9_.+-]+?)(" + "|".join(re.escape(op) for op in OPERATORS) + r")(.*)", re.DOTALL
)
_NEGATIVE = frozenset({"!=", "!*", "!@"})
_TRUE = frozenset({"1", "true", "yes", "enable"})


@dataclass(frozen=True, slots=True)
class Term:
    field: str
    op: str
    value: str


@dataclass(slots=True)
class ListOptions:
    filters: list[list[Term]] = field(default_factory=list)  # AND of ORs
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (field, descending)
    start: int = 0
    count: int | None = None
    format: list[str] | None = None
    with_meta: bool = False
    datasource: bool = False
    exclude_defaults: bool = False
    skip: bool = False

    @property
    def selects(self) -> bool:
        return bool(self.filters or self.sort or self.start or self.count is not None)

    @property
    def decorates(self) -> bool:
        return bool(self.format or self.with_meta or self.datasource or self.exclude_defaults or self.skip)


def flag(value: str | None) -> bool:
    return value is not None and value.strip().lower() in _TRUE


def split_terms(text: str) -> list[str]:
    """One filter's OR terms, split on unescaped commas; escapes stay for `_unescape`."""
    terms, current = [], []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            following = text[index + 1 : index + 2]
            if following not in ("\\", ","):
                raise bad_request(f"malformed filter {text!r}: a backslash must escape ',' or '\\'")
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


def parse_filter(text: str) -> list[Term]:
    terms = []
    for raw in split_terms(text):
        match = _TERM.fullmatch(raw)
        if match is None:
            raise bad_request(f"malformed filter term {raw!r}: expected <field><operator><value>")
        name, op, value = match.groups()
        terms.append(Term(name, op, _unescape(value)))
    return terms


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL)


def _integer(text: str | None, name: str, default: int | None) -> int | None:
    if text is None or text == "":
        return default
    try:
        number = int(text)
    except ValueError as exc:
        raise bad_request(f"{name} must be an integer, not {text!r}") from exc
    if number < 0:
        raise bad_request(f"{name} must not be negative")
    return number


def parse_options(query: Sequence[tuple[str, str]]) -> ListOptions:
    options = ListOptions()
    for name, value in query:
        if name == "filter":
            options.filters.append(parse_filter(value))
        elif name == "sort":
            field_name, _, direction = value.partition(",")
            direction = direction.strip().lower()
            if not field_name or direction not in ("", "asc", "desc"):
                raise bad_request(f"malformed sort {value!r}: expected <field> or <field>,asc|desc")
            options.sort.append((field_name, direction == "desc"))
        elif name == "format":
            options.format = [part for part in value.split("|") if part]
        elif name == "start":
            options.start = _integer(value, "start", 0) or 0
        elif name == "count":
            options.count = _integer(value, "count", None)
        elif name == "with_meta":
            options.with_meta = flag(value)
        elif name == "datasource":
            options.datasource = flag(value)
        elif name in ("exclude-default-values", "exclude_default_values"):
            options.exclude_defaults = flag(value)
        elif name == "skip":
            options.skip = flag(value)
    return options


# -- selecting ---------------------------------------------------------------------------------


def _texts(row: Mapping[str, Any], name: str) -> list[str]:
    value = row.get(name, "")
    if isinstance(value, list):
        texts = []
        for child in value:
            if isinstance(child, Mapping):
                key = child.get("q_origin_key", next(iter(child.values()), ""))
                texts.append(str(key))
        return texts
    if isinstance(value, Mapping):
        return [""]
    return [str(value)]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _compare(op: str, actual: str, wanted: str) -> bool:
    if op in ("==", "=*"):
        return actual.lower() == wanted.lower()
    if op in ("!=", "!*"):
        return actual.lower() != wanted.lower()
    if op == "=@":
        return wanted.lower() in actual.lower()
    if op == "!@":
        return wanted.lower() not in actual.lower()
    left, right = _number(actual), _number(wanted)
    if left is None or right is None:
        left, right = actual, wanted  # type: ignore[assignment]
    if op == "<":
        return left < right  # type: ignore[operator]
    if op == "<=":
        return left <= right  # type: ignore[operator]
    if op == ">":
        return left > right  # type: ignore[operator]
    return left >= right  # type: ignore[operator]


def matches(row: Mapping[str, Any], term: Term) -> bool:
    texts = _texts(row, term.field)
    if term.op in _NEGATIVE:
        return all(_compare(term.op, text, term.value) for text in texts)
    return any(_compare(term.op, text, term.value) for text in texts)


def _sort_key(name: str) -> Callable[[Mapping[str, Any]], tuple[int, Any]]:
    def key(row: Mapping[str, Any]) -> tuple[int, Any]:
        value = row.get(name, "")
        if isinstance(value, list):
            value = _texts(row, name)[0] if value else ""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return (1, str(value))
        return (0, value)

    return key


def select(rows: list[dict[str, Any]], options: ListOptions) -> tuple[list[dict[str, Any]], int]:
    """(the page of rows, how many rows matched the filters)."""
    selected = rows
    for any_of in options.filters:
        selected = [row for row in selected if any(matches(row, term) for term in any_of)]
    for name, descending in reversed(options.sort):
        selected = sorted(selected, key=_sort_key(name), reverse=descending)
    matched = len(selected)
    end = None if options.count is None else options.start + options.count
    if options.start or end is not None:
        selected = selected[options.start : end]
    return selected, matched


# -- decorating --------------------------------------------------------------------------------


@dataclass(slots=True)
class Decorations:
    """What decorating needs besides the rows: reference counts and reference resolution."""

    schema: Schema
    reference_counts: Mapping[Any, int] = field(default_factory=dict)
    resolve: Callable[[Any, tuple[str, ...], str], str | None] | None = None  # (field, path, value) -> table


def decorate(rows: list[dict[str, Any]], options: ListOptions, extra: Decorations) -> list[dict[str, Any]]:
    return [decorate_row(row, options, extra) for row in rows]


def decorate_row(row: Mapping[str, Any], options: ListOptions, extra: Decorations) -> dict[str, Any]:
    schema = extra.schema
    result: dict[str, Any] = dict(row)
    if options.datasource and extra.resolve is not None:
        for name, spec in schema.fields.items():
            if spec.type == "table" and spec.mkey and spec.children.get(spec.mkey) is not None:
                key_spec = spec.children[spec.mkey]
                if key_spec.references and isinstance(result.get(name), list):
                    result[name] = [
                        _with_datasource(child, spec.mkey, key_spec, extra) for child in result[name]
                    ]
    if options.exclude_defaults:
        template = schema.template
        result = {
            name: value
            for name, value in result.items()
            if name in (schema.mkey, "q_origin_key") or name not in template or template[name] != value
        }
    if options.skip:
        result = {
            name: value
            for name, value in result.items()
            if name in (schema.mkey, "q_origin_key") or value not in ("", [])
        }
    if options.format:
        wanted = set(options.format)
        result = {name: value for name, value in result.items() if name in wanted or name == "q_origin_key"}
    if options.with_meta:
        key = row.get(schema.mkey) if schema.mkey else None
        result.update(
            q_path=schema.path,
            q_name=schema.name,
            q_ref=extra.reference_counts.get(key, 0),
            q_static=False,
            q_no_rename=False,
            q_no_edit=False,
            q_type=schema.type_id,
        )
    return result


def _with_datasource(
    child: Mapping[str, Any], mkey: str, key_spec: Any, extra: Decorations
) -> dict[str, Any]:
    assert extra.resolve is not None
    table = extra.resolve(key_spec, (), str(child.get(mkey, "")))
    return {**child, "datasource": table} if table else dict(child)
