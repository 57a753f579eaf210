"""Query options: the filter builder, parse_filter, build_query and encode_query."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import cast
from urllib.parse import parse_qsl

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hfortix.core.errors import ConfigurationError
from hfortix.core.query import (
    OPERATORS,
    AnyOf,
    Condition,
    Field,
    build_query,
    encode_query,
    field,
    parse_filter,
)

field_names = st.from_regex(r"[A-Za-z0-9_.-]+", fullmatch=True)
# Arbitrary Unicode plus text dense in the characters the escaping rule is about.
values = st.one_of(st.text(), st.text(alphabet="\\,=@!*<>&#%é ab", max_size=12))
operators = st.sampled_from(OPERATORS)


@st.composite
def conditions(draw: st.DrawFn) -> Condition:
    op = draw(operators)
    value = draw(values)
    # The one ambiguity of the wire form: `a<` + `=b` reads as `a<=b`; the builder refuses it.
    assume(not (op in ("<", ">") and value.startswith("=")))
    return Condition(draw(field_names), op, value)


any_ofs = st.lists(conditions(), min_size=1, max_size=4).map(lambda items: AnyOf(tuple(items)))


# The filter builder


@pytest.mark.parametrize(
    ("make", "wire"),
    [
        (lambda f: f.eq("web"), "name==web"),
        (lambda f: f.ieq("web"), "name=*web"),
        (lambda f: f.ne("web"), "name!=web"),
        (lambda f: f.ine("web"), "name!*web"),
        (lambda f: f.contains("web"), "name=@web"),
        (lambda f: f.not_contains("web"), "name!@web"),
        (lambda f: f.lt("web"), "name<web"),
        (lambda f: f.le("web"), "name<=web"),
        (lambda f: f.gt("web"), "name>web"),
        (lambda f: f.ge("web"), "name>=web"),
        (lambda f: f == "web", "name==web"),
        (lambda f: f != "web", "name!=web"),
        (lambda f: f < "web", "name<web"),
        (lambda f: f <= "web", "name<=web"),
        (lambda f: f > "web", "name>web"),
        (lambda f: f >= "web", "name>=web"),
    ],
)
def test_every_operator(make: Callable[[Field], Condition], wire: str) -> None:
    condition = make(field("name"))
    assert isinstance(condition, Condition)
    assert str(condition) == wire
    assert parse_filter(wire) == AnyOf((condition,))


def test_int_values_are_decimal_text() -> None:
    assert str(field("policyid") >= 10) == "policyid>=10"
    assert (field("policyid") == 7) == Condition("policyid", "==", "7")
    assert str(field("id").lt(-3)) == "id<-3"


def test_conditions_are_frozen_and_hashable() -> None:
    condition = field("name") == "a"
    with pytest.raises(AttributeError):
        condition.value = "b"  # type: ignore[misc]
    assert hash(condition) == hash(Condition("name", "==", "a"))
    assert len({condition, Condition("name", "==", "a")}) == 1


def test_field_is_not_hashable_because_eq_builds_conditions() -> None:
    with pytest.raises(TypeError):
        hash(field("name"))
    assert repr(field("name")) == "field('name')"


def test_or_makes_one_flat_any_of() -> None:
    a, b, c = field("name") == "a", field("name") == "b", field("type").contains("fqdn")
    assert a | b == AnyOf((a, b))
    assert (a | b) | c == AnyOf((a, b, c))
    assert a | (b | c) == AnyOf((a, b, c))
    assert (a | b) | (b | c) == AnyOf((a, b, b, c))
    assert str(a | b | c) == "name==a,name==b,type=@fqdn"


def test_or_with_something_else_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _ = (field("a") == "1") | "b==2"  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = AnyOf((field("a") == "1",)) | 3  # type: ignore[operator]


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        ("a,b", "f==a\\,b"),
        ("a\\b", "f==a\\\\b"),
        ("\\,", "f==\\\\\\,"),
        ("trailing\\", "f==trailing\\\\"),
        ("x&y=z", "f==x&y=z"),
        ("café ☕", "f==café ☕"),
        ("=@", "f===@"),
        ("", "f=="),
    ],
)
def test_escaping(value: str, wire: str) -> None:
    condition = field("f") == value
    assert str(condition) == wire
    assert parse_filter(wire) == AnyOf((condition,))


def test_escaping_survives_the_url() -> None:
    condition = field("comment").contains("a,b&c=d\\é") | (field("name") == "x")
    query = encode_query(build_query(filter=condition))
    assert query == "filter=comment%3D%40a%5C%2Cb%26c%3Dd%5C%5C%C3%A9%2Cname%3D%3Dx"
    ((name, text),) = parse_qsl(query)
    assert name == "filter" and parse_filter(text) == condition


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", ConfigurationError),
        ("a b", ConfigurationError),
        ("a=b", ConfigurationError),
        ("é", ConfigurationError),
        ("a,b", ConfigurationError),
        (None, TypeError),
        (3, TypeError),
    ],
)
def test_bad_field_names(name: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="field name"):
        field(name)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [True, None, 1.5, b"x", ["a"]])
def test_bad_value_types(value: object) -> None:
    with pytest.raises(TypeError, match="must be a str or an int"):
        field("name").eq(value)  # type: ignore[arg-type]


def test_bad_conditions() -> None:
    with pytest.raises(ConfigurationError, match="unknown filter operator"):
        Condition("name", "=", "x")
    with pytest.raises(TypeError, match="Condition value must be a str"):
        Condition("name", "==", 5)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="not valid Unicode"):
        field("name") == "\ud800"  # noqa: B015 - the comparison is the call under test
    with pytest.raises(ConfigurationError, match="cannot start with '='"):
        field("id") < "=5"  # noqa: B015
    with pytest.raises(ConfigurationError, match="cannot start with '='"):
        field("id").gt("=5")


def test_bad_any_ofs() -> None:
    with pytest.raises(ConfigurationError, match="at least one"):
        AnyOf(())
    with pytest.raises(TypeError, match="tuple"):
        AnyOf([field("a") == "b"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Conditions only"):
        AnyOf(("a==b",))  # type: ignore[arg-type]


# parse_filter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name==web", [("name", "==", "web")]),
        ("name===x", [("name", "==", "=x")]),
        ("id<==5", [("id", "<=", "=5")]),
        ("id<=5", [("id", "<=", "5")]),
        ("name!*A,name=*b", [("name", "!*", "A"), ("name", "=*", "b")]),
        ("a.b-c_d>=1", [("a.b-c_d", ">=", "1")]),
        ("v==a\\,b,w==c", [("v", "==", "a,b"), ("w", "==", "c")]),
        ("v==a==b", [("v", "==", "a==b")]),
        ("v=@", [("v", "=@", "")]),
    ],
)
def test_parse_filter(text: str, expected: list[tuple[str, str, str]]) -> None:
    parsed = parse_filter(text)
    assert [(c.field, c.op, c.value) for c in parsed.conditions] == expected
    assert str(parsed) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "name",
        "name=web",
        "==web",
        "name web==x",
        "name==a,",
        ",name==a",
        "name==a,,b==c",
        "name==a,b",
        "name==a\\",
        "name==a\\b",
        "name==a\\\\\\",
        "é==x",
        "name=!x",
    ],
)
def test_parse_filter_rejects(text: str) -> None:
    with pytest.raises(ConfigurationError, match="filter"):
        parse_filter(text)


def test_parse_filter_rejects_non_str() -> None:
    with pytest.raises(TypeError):
        parse_filter(b"name==a")  # type: ignore[arg-type]


@settings(max_examples=200)
@given(any_ofs)
def test_build_str_parse_round_trip(any_of: AnyOf) -> None:
    assert parse_filter(str(any_of)) == any_of


@settings(max_examples=200)
@given(conditions())
def test_single_condition_round_trip(condition: Condition) -> None:
    assert parse_filter(str(condition)).conditions == (condition,)


@settings(max_examples=200)
@given(st.text(alphabet="ab=!*@<>,\\", max_size=16))
def test_parse_filter_parses_or_raises_configuration_error(text: str) -> None:
    try:
        parsed = parse_filter(text)
    except ConfigurationError:
        return
    assert str(parsed) == text  # whatever parses is canonical: printing gives the same text back


# build_query


def test_build_query_defaults_send_nothing() -> None:
    assert build_query() == ()


def test_build_query_full_order() -> None:
    pairs = build_query(
        extra={"skip_to": 3, "key": ["name", "x"]},
        nkey="copy",
        action="clone",
        exclude_default_values=True,
        skip=True,
        with_meta=True,
        datasource=True,
        count=50,
        start=100,
        sort=["name", "policyid,desc"],
        format=["name", "subnet"],
        filter=[field("name").contains("web") | (field("name") == "x"), "type==ipmask"],
        scope="global",
        vdom=["root", "dmz"],
    )
    assert pairs == (
        ("vdom", "root,dmz"),
        ("scope", "global"),
        ("filter", "name=@web,name==x"),
        ("filter", "type==ipmask"),
        ("format", "name|subnet"),
        ("sort", "name"),
        ("sort", "policyid,desc"),
        ("start", "100"),
        ("count", "50"),
        ("datasource", "1"),
        ("with_meta", "1"),
        ("skip", "1"),
        ("exclude-default-values", "1"),
        ("action", "clone"),
        ("nkey", "copy"),
        ("skip_to", "3"),
        ("key", "name"),
        ("key", "x"),
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"vdom": "root"}, (("vdom", "root"),)),
        ({"vdom": "*"}, (("vdom", "*"),)),
        ({"vdom": ("a",)}, (("vdom", "a"),)),
        ({"scope": "both"}, (("scope", "both"),)),
        ({"filter": field("a") == 1}, (("filter", "a==1"),)),
        ({"filter": "a=@x\\,y"}, (("filter", "a=@x\\,y"),)),
        ({"filter": []}, ()),
        ({"format": "name|subnet"}, (("format", "name|subnet"),)),
        ({"format": "name"}, (("format", "name"),)),
        ({"sort": "name"}, (("sort", "name"),)),
        ({"sort": []}, ()),
        ({"start": 0, "count": 1}, (("start", "0"), ("count", "1"))),
        ({"action": "schema"}, (("action", "schema"),)),
        ({"action": "default"}, (("action", "default"),)),
        ({"action": "move", "before": 3}, (("action", "move"), ("before", "3"))),
        ({"action": "move", "after": "p 2"}, (("action", "move"), ("after", "p 2"))),
        ({"action": "clone", "nkey": 9}, (("action", "clone"), ("nkey", "9"))),
        ({"extra": {"rows": 10, "session_id": "abc"}}, (("rows", "10"), ("session_id", "abc"))),
        ({"extra": {"mkey": []}}, ()),
        # a bool parameter is what FortiOS's monitor and log APIs read: the words true and false
        ({"extra": {"summary": True, "filter-csf": False}}, (("summary", "true"), ("filter-csf", "false"))),
        ({"extra": {"flags": [True, 1]}}, (("flags", "true"), ("flags", "1"))),
        ({"datasource": False, "skip": False}, ()),
    ],
)
def test_build_query_options(kwargs: dict[str, object], expected: tuple[tuple[str, str], ...]) -> None:
    assert build_query(**kwargs) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"vdom": ""}, "invalid vdom name"),
        ({"vdom": "a,b"}, "invalid vdom name"),
        ({"vdom": "ro ot"}, "invalid vdom name"),
        ({"vdom": "ro*"}, "invalid vdom name"),
        ({"vdom": ["*"]}, "invalid vdom name"),
        ({"vdom": ["a", "*"]}, "invalid vdom name"),
        ({"vdom": ["a", ""]}, "invalid vdom name"),
        ({"vdom": []}, "vdom list is empty"),
        ({"vdom": ["a", "a"]}, "twice"),
        ({"scope": "all"}, "unknown scope"),
        ({"filter": "name"}, "malformed filter"),
        ({"filter": ["a==1", "oops"]}, "malformed filter"),
        ({"filter": "a==x\\y"}, "backslash"),
        ({"format": []}, "format is empty"),
        ({"format": ""}, "invalid format field"),
        ({"format": "name||x"}, "invalid format field"),
        ({"format": ["na me"]}, "invalid format field"),
        ({"sort": "na me"}, "invalid sort"),
        ({"sort": ["name,"]}, "invalid sort"),
        ({"sort": "a,b,c"}, "invalid sort"),
        ({"start": -1}, "start must be >= 0"),
        ({"count": 0}, "count must be >= 1"),
        ({"action": "purge"}, "unknown action"),
        ({"action": "move"}, "exactly one of before= or after="),
        ({"action": "move", "before": 1, "after": 2}, "exactly one of before= or after="),
        ({"action": "move", "before": 1, "nkey": 2}, "nkey belongs to action='clone'"),
        ({"action": "move", "before": ""}, "before must not be empty"),
        ({"action": "clone"}, "needs nkey"),
        ({"action": "clone", "nkey": 2, "after": 1}, "belong to action='move'"),
        ({"action": "schema", "nkey": 2}, "takes no before, after or nkey"),
        ({"before": 1}, "before given without action='move'"),
        ({"after": 1}, "after given without action='move'"),
        ({"nkey": "x"}, "nkey given without action='clone'"),
        ({"extra": {"": "x"}}, "must not be empty"),
        ({"extra": {"vdom": "root"}}, "is modelled"),
        ({"extra": {"exclude-default-values": "1"}}, "exclude_default_values="),
        ({"extra": {"with_meta": 1}}, "is modelled"),
        ({"extra": {"x": "\ud800"}}, "not valid Unicode"),
    ],
)
def test_build_query_rejects(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        build_query(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"vdom": 1},
        {"vdom": b"root"},
        {"vdom": ["a", 2]},
        {"scope": 1},
        {"filter": 5},
        {"filter": [5]},
        {"filter": b"a==1"},
        {"format": 1},
        {"sort": [None]},
        {"start": True},
        {"start": "0"},
        {"count": 1.0},
        {"datasource": 1},
        {"with_meta": "yes"},
        {"action": 1},
        {"action": "move", "before": True},
        {"action": "clone", "nkey": 1.5},
        {"extra": [("a", "b")]},
        {"extra": {1: "x"}},
        {"extra": {"x": None}},
        {"extra": {"x": [1.5]}},
        {"extra": {"x": b"raw"}},
    ],
)
def test_build_query_type_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        build_query(**kwargs)  # type: ignore[arg-type]


vdom_names = st.from_regex(r"[A-Za-z0-9_.-]{1,31}", fullmatch=True)
safe_keys = st.one_of(st.integers(min_value=0, max_value=2**32), st.text(min_size=1))


@st.composite
def query_options(draw: st.DrawFn) -> dict[str, object]:
    options: dict[str, object] = {}
    if draw(st.booleans()):
        options["vdom"] = draw(
            st.one_of(st.just("*"), vdom_names, st.lists(vdom_names, min_size=1, unique=True))
        )
    if draw(st.booleans()):
        options["scope"] = draw(st.sampled_from(["global", "vdom", "both"]))
    if draw(st.booleans()):
        options["filter"] = draw(st.lists(st.one_of(conditions(), any_ofs), max_size=3))
    if draw(st.booleans()):
        options["format"] = draw(st.lists(field_names, min_size=1, max_size=4))
    if draw(st.booleans()):
        options["start"] = draw(st.integers(min_value=0))
    if draw(st.booleans()):
        options["count"] = draw(st.integers(min_value=1))
    for flag in ("datasource", "with_meta", "skip", "exclude_default_values"):
        options[flag] = draw(st.booleans())
    action = draw(st.sampled_from([None, "schema", "default", "move", "clone"]))
    if action is not None:
        options["action"] = action
    if action == "move":
        options[draw(st.sampled_from(["before", "after"]))] = draw(safe_keys)
    if action == "clone":
        options["nkey"] = draw(safe_keys)
    if draw(st.booleans()):
        extra_names = st.text(min_size=1).filter(lambda name: name.replace("-", "_") not in _modelled_names())
        options["extra"] = draw(
            st.dictionaries(extra_names, st.one_of(st.text(), st.lists(st.text(), max_size=3)), max_size=3)
        )
    return options


def _modelled_names() -> set[str]:
    return {
        "vdom",
        "scope",
        "filter",
        "format",
        "sort",
        "start",
        "count",
        "datasource",
        "with_meta",
        "skip",
        "exclude_default_values",
        "action",
        "before",
        "after",
        "nkey",
    }


@settings(max_examples=200)
@given(query_options())
def test_build_query_round_trips_through_parse_qsl(options: dict[str, object]) -> None:
    pairs = build_query(**options)  # type: ignore[arg-type]
    decoded = parse_qsl(encode_query(pairs), keep_blank_values=True, strict_parsing=bool(pairs))
    assert decoded == list(pairs)
    # And the structured parts come back as what was asked for.
    filters = [parse_filter(value) for name, value in decoded if name == "filter"]
    asked = cast("list[Condition | AnyOf]", options.get("filter", []))
    assert filters == [item if isinstance(item, AnyOf) else AnyOf((item,)) for item in asked]
    if "vdom" in options:
        vdom = cast("str | list[str]", options["vdom"])
        assert dict(decoded)["vdom"] == (vdom if isinstance(vdom, str) else ",".join(vdom))
    assert build_query(**options) == pairs  # type: ignore[arg-type]  # deterministic


# encode_query


def test_encode_query_encodes_everything() -> None:
    assert encode_query([]) == ""
    assert (
        encode_query([("vdom", "*"), ("a b", "c/d?e#f&g=h+i%j")])
        == "vdom=%2A&a%20b=c%2Fd%3Fe%23f%26g%3Dh%2Bi%25j"
    )
    assert encode_query((("name", "é"), ("empty", ""))) == "name=%C3%A9&empty="


@pytest.mark.parametrize(
    ("pairs", "error"),
    [
        ("vdom=root", TypeError),
        (b"x", TypeError),
        ({"vdom": "root"}, TypeError),
        ([("vdom",)], TypeError),
        ([["vdom", "root"]], TypeError),
        ([("vdom", 1)], TypeError),
        ([(None, "x")], TypeError),
        ([("", "x")], ConfigurationError),
        ([("x", "\udc80")], ConfigurationError),
    ],
)
def test_encode_query_rejects(pairs: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        encode_query(pairs)  # type: ignore[arg-type]


@settings(max_examples=200)
@given(st.lists(st.tuples(st.text(min_size=1), st.text()), max_size=8))
def test_encode_query_round_trips(pairs: list[tuple[str, str]]) -> None:
    encoded = encode_query(pairs)
    assert all(char.isascii() and char not in " #/?+" for char in encoded)
    assert parse_qsl(encoded, keep_blank_values=True) == pairs


# The fuzz target and the shared fuzz loop (fuzz/ is not a package: load the files by path)

FUZZ_DIR = Path(__file__).resolve().parents[2] / "fuzz"


def _load_fuzz_module(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(FUZZ_DIR))  # fuzz_filter imports _runner as a script would
    spec = importlib.util.spec_from_file_location(f"fuzz_{name}_under_test", FUZZ_DIR / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fuzz_filter_target_holds_for_a_short_run(monkeypatch: pytest.MonkeyPatch) -> None:
    fuzz_filter = _load_fuzz_module("fuzz_filter", monkeypatch)
    runner = _load_fuzz_module("_runner", monkeypatch)
    for seed in fuzz_filter.SEEDS:  # the seeds themselves are valid, canonical filters
        fuzz_filter.target(seed)
        assert str(parse_filter(seed.decode())) == seed.decode()
    runner.run(fuzz_filter.target, iterations=200, seed=1, seeds=fuzz_filter.SEEDS)


def test_fuzz_runner_finds_a_broken_target(monkeypatch: pytest.MonkeyPatch) -> None:
    runner = _load_fuzz_module("_runner", monkeypatch)

    def leaks_configuration_errors(data: bytes) -> None:
        parse_filter(data.decode("utf-8", errors="replace"))

    with pytest.raises(ConfigurationError):
        runner.run(leaks_configuration_errors, iterations=200, seed=0)
    with pytest.raises(ValueError, match="iterations"):
        runner.run(leaks_configuration_errors, iterations=0, seed=0)
