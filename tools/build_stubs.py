"""Generate the typed endpoint tree, `src/hfortix/_tree/**.pyi`, from the catalog: the only generated code.

Run from the repository root:  python tools/build_stubs.py [path/to/fortios_monitor_native.json]

Type checkers see `fgt.api` through these stubs (client.py takes `ApiAttribute` from
`hfortix._tree` under TYPE_CHECKING); Python never imports them. Every namespace and endpoint
is a typed attribute, every field a typed keyword argument (`names.field_keyword`), every row
a TypedDict of wire names, monitor results typed where FortiOS's own schema
(`fortios_monitor_native.json`) knows them. See docs/design.md ("Typed by generated stubs")
for why the tree is shaped as it is; in short:

* The cmdb tree is generic in the mode M and in what a write answers in that mode (W: the
  answer, or a coroutine of it) and what ensure answers (C), so the per-endpoint methods
  (create, update, set, ensure: the ones that take the endpoint's fields) are written once,
  not once per mode. Overloads on the mode live only in the shared base classes (_kinds.pyi).
* Modules: `<api>/__init__.pyi` -> `<api>/<namespace>/__init__.pyi` (namespace classes) ->
  `<api>/<namespace>/_<n>_.pyi` (endpoints with their TypedDicts, small ones together: see
  `packed`). pyright opens a module only when a name from it is needed, so a script opens only
  the endpoint modules it uses; mypy reads everything, and pays per module.

The signatures of every method live in one place: the templates under "Methods" below.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hfortix.api import tree
from hfortix.core import catalog
from hfortix.core.catalog import Endpoint
from hfortix.core.paging import pageable
from hfortix.fields import Field, describe, field_lines, fields_from
from hfortix.names import python_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "hfortix" / "_tree"
NATIVE = ROOT.parent / "shared" / "data" / "fortios_monitor_native.json"
APIS = ("cmdb", "monitor", "log", "service")
MODULE_WEIGHT = 150  # what the endpoints of one module may weigh together (see `packed`)
ENDPOINT_WEIGHT = 4  # an endpoint's own weight beside its fields': its class, methods and docstring
SHARED_AT = 5  # a child table or object shape used this often is written once, in cmdb/_structures.pyi

# -- Methods: the one place their signatures are written ------------------------------------------
#
# `params` follow `self`. Placeholders name an endpoint's own types: {F} its fields (a TypedDict
# of keyword arguments), {Q} its query parameters (a TypedDict extending ReadOptions), {BODY} its
# POST body fields; {R} the row or result type, {VDOM} the vdom parameter (one VDOM, or several
# for `several`). A method answering WriteResult or Change is written once, answering W or C
# (what the tree's mode makes of them); any other is written per mode: sync (the value), async
# (a coroutine of it; an async iterator for `iterates`). A client whose mode is not known has a
# tree of Any (see ApiAttribute), so no overload for it is needed.

CALL = "vdom: str | None = None, timeout: float | None = None"
READ = "vdom: {VDOM}, **options: Unpack[ReadOptions]"
# An endpoint's fields TypedDict also holds the write options (data, vdom, timeout: see
# Module.fields_typeddict), because a parameter costs mypy far more than a TypedDict item;
# a child table's does not (it also types the rows sent inside the parent's fields).
WRITE = "_data: Data = None, /, **fields: Unpack[{F}]"
CHILD_WRITE = f"_data: Data = None, /, *, data: Data = None, {CALL}, **fields: Unpack[{{F}}]"
#: The write options an endpoint's fields TypedDict holds, beside its fields.
WRITE_OPTIONS = {"data": "Data", "vdom": "str | None", "timeout": "float | None"}
MODE_FREE = {"WriteResult": "W", "Change": "C"}


@dataclass(frozen=True)
class Method:
    name: str
    params: str
    returns: str
    doc: str
    several: bool = False  # vdom="*" or a list of VDOMs answers {vdom: returns}
    iterates: bool = False  # sync: Iterator[R]; async: AsyncIterator[R]

    @property
    def marks(self) -> set[str]:
        """The endpoint's own types the signature names; none: written once, in a base class."""
        return {mark for mark in ("F", "Q", "BODY") if "{" + mark + "}" in self.params}


LIST = Method("list", f"*, {READ}", "builtins.list[{R}]",
              "Every row (paged with start/count unless given); several VDOMs: {vdom: rows}.", several=True)
GET_ITEM = Method("get", f"key: Key, /, *, {READ}", "{R}", "The object with this key.", several=True)
EXISTS = Method("exists", f"key: Key, /, *, {CALL}", "bool", "Whether an object with this key exists.")
CREATE = Method("create", WRITE, "WriteResult",
                "Create an object from keyword fields (or `data=`, wire names).")
DELETE = Method("delete", f"key: Key, /, *, {CALL}", "WriteResult", "Delete the object with this key.")
ENSURE_METHOD = Method("ensure", "_data: Data = None, /, *, dry_run: bool = False, **fields: Unpack[{F}]", "Change",
                       "Make the object so; writes only what differs (`dry_run`: none).")

TABLE = (
    LIST, GET_ITEM, EXISTS, CREATE,
    Method("update", f"_key: Key | None = None, {WRITE}", "WriteResult",
           "Change the given fields of an object (its key positional, or as its key field)."),
    DELETE,
    Method("set", WRITE, "WriteResult",
           "Update the object if it exists, else create it."),
    Method("move", f"key: Key, /, *, before: Key | None = None, after: Key | None = None, {CALL}", "WriteResult",
           "Put object `key` just before or after another."),
    Method("clone", f"key: Key, new_key: Key, /, *, {CALL}", "WriteResult",
           "Copy object `key` to a new object `new_key`."),
    Method("schema", f"*, {CALL}", "Any", "The FortiGate's own schema of this table."),
    ENSURE_METHOD,
    Method("ensure_many", "rows: Iterable[Mapping[str, Any]], /, *, dry_run: bool = False, vdom: str | None = None, "
           "progress: Progress = None, max_concurrency: int | None = None",
           "builtins.list[Change]", "`ensure` for each row (wire names); one Change per row, failures collected."),
    Method("iterate", "*, page_size: int = 1000, vdom: str | None = None, **options: Unpack[ReadOptions]", "{R}",
           "The rows one page at a time.", iterates=True),
)
SINGLETON = (
    Method("get", f"*, {READ}", "{R}", "The settings.", several=True),
    Method("update", "**fields: Unpack[{F}]", "WriteResult", "Change the given fields (or `data=`, wire names)."),
    Method("schema", f"*, {CALL}", "Any", "The FortiGate's own schema of these settings."),
    ENSURE_METHOD,
)
READONLY = (
    Method("list", f"*, {READ}", "builtins.list[dict[str, Any]]", "What FortiOS lists here.", several=True),
    Method("get", f"*, {READ}", "Any", "What FortiOS answers here.", several=True),
)
CHILD_TABLE = (  # one VDOM at a time, and get() takes no read options
    Method("list", "*, vdom: str | None = None, **options: Unpack[ReadOptions]", "builtins.list[{R}]",
           "Every row of this object's child table."),
    Method("get", f"key: Key, /, *, {CALL}", "{R}", "The row with this key."),
    EXISTS, Method("create", CHILD_WRITE, "WriteResult", CREATE.doc), DELETE,
)
MONITOR_GET = Method("get", "_key: Key | None = None, /, *, vdom: {VDOM}, **options: Unpack[{Q}]", "{R}",
                     "The answer (`key` is sent as mkey).", several=True)
MONITOR_POST = Method("post", f"_data: Data = None, /, *, {CALL}, params: Mapping[str, Any] | None = None{{BODY}}",
                      "{R}", "Run the action with these body fields (or `data=`).")
MONITOR_ITERATE = Method("iterate", "*, page_size: int = 1000, vdom: str | None = None, **options: Unpack[{Q}]",
                         "Any", "The answer one page (start/count) at a time.", iterates=True)


@dataclass(frozen=True)
class Base:
    """A generic base class of _kinds.pyi: the methods of one kind that need no endpoint's own types."""

    name: str
    params: str  # its type parameters
    methods: tuple[Method, ...]
    doc: str
    defaults: Mapping[str, str] = field(default_factory=dict)  # what the base puts for {Q}, {BODY}
    extends: str = "Endpoint[M]"


CMDB = "M, W, C"  # the cmdb tree's type parameters
BASES = (
    Base("Table", f"R, {CMDB}", TABLE, "A cmdb table: objects with a key."),
    Base("Singleton", f"R, {CMDB}", SINGLETON, "A cmdb singleton: one set of settings."),
    Base("Readonly", "M", READONLY, "A cmdb endpoint FortiOS only reads (no field schema)."),
    Base("ChildTable", f"R, {CMDB}", CHILD_TABLE, "The rows of one object's child table (`addrgrp.member(\"grp1\")`).",
         extends="Described, Generic[R, M, W, C]"),
    Base("Get", "R, M", (MONITOR_GET,), "A monitor or log endpoint answering GET.", {"Q": "ReadOptions"}),
    Base("PagedGet", "R, M", (MONITOR_ITERATE,), "A monitor endpoint paged with start/count.", {"Q": "ReadOptions"},
         "Get[R, M]"),
    Base("Post", "R, M", (MONITOR_POST,), "A monitor endpoint answering POST.", {"BODY": ""}),
)


def render(method: Method, owner: str, values: Mapping[str, str], indent: str = "    ") -> list[str]:
    """`method` on class `owner` (`Address[M, W, C]`: its own type parameters), filled from `values`."""

    def fill(text: str, vdom: str) -> str:
        for mark, value in {**values, "VDOM": vdom}.items():
            text = text.replace("{" + mark + "}", value)
        return text

    returns = fill(method.returns, "")
    if returns in MODE_FREE and "W, C]" in owner:
        return [f"{indent}def {method.name}(self, {fill(method.params, 'OneVdom = None')}) -> {MODE_FREE[returns]}:",
                docstring(method.doc, indent + "    ")]
    variants: list[tuple[str, str, str]] = []
    # Several VDOMs answer {vdom: answer}: an overload of its own, unless the answer is Any anyway.
    several = method.several and returns != "Any"
    for mode in ("SyncMode", "AsyncMode"):
        shapes = [("SeveralVdoms", f"dict[str, {returns}]"), ("OneVdom = None", returns)] if several \
            else [("SeveralVdoms | OneVdom = None" if method.several else "", returns)]
        for vdom, answer in shapes:
            if method.iterates:
                answer = f"{'Iterator' if mode == 'SyncMode' else 'AsyncIterator'}[{answer}]"
            elif mode == "AsyncMode":
                answer = f"Coroutine[Any, Any, {answer}]"
            variants.append((mode, fill(method.params, vdom), answer))
    # A several-VDOM overload overlaps the one-VDOM one on the str "*", which it claims first.
    # (mypy says so only for some answer types; pyproject.toml lets the others go unused.)
    lines = []
    for number, (mode, params, answer) in enumerate(variants):
        ignore = "  # type: ignore[overload-overlap]" if several and number in (0, 2) else ""
        lines.append(f"{indent}@overload")
        name, params_of_owner = owner.split("[", 1)
        self_type = name + "[" + re.sub(r"\bM\b", mode, params_of_owner)
        lines.append(f"{indent}def {method.name}(self: {self_type}, {params}) -> {answer}:{ignore}")
        lines.append(docstring(method.doc, indent + "    ") if number == 0 else f"{indent}    ...")
    return lines


KINDS_HEADER = '''\
"""Typing only, generated by tools/build_stubs.py: what every endpoint kind can do.

Never imported at run time (hfortix.api.Node does all of this); type checkers read it
through `hfortix._tree`. M is the client's mode; in the cmdb tree W is what a write answers
in that mode (the answer, or a coroutine of it) and C what ensure() answers.
"""

import builtins
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Mapping
from typing import Any, Generic, Literal, TypeAlias, Unpack, overload

from typing_extensions import TypeVar

from hfortix.api import Node
from hfortix.core.catalog import Endpoint as EndpointRecord
from hfortix.core.ensure import Change as Change
from hfortix.fields import Field
from hfortix.modes import AsyncMode, M, SyncMode
from hfortix.progress import Progress
from hfortix.read_options import OneVdom, ReadOptions, SeveralVdoms

R = TypeVar("R")
W = TypeVar("W", default=Any)
C = TypeVar("C", default=Any)
#: FortiOS's answer to a write (mkey, revision, ...).
WriteResult: TypeAlias = dict[str, Any]
EnableDisable: TypeAlias = Literal["enable", "disable"]
#: An object's key; the wire-named fields every write takes instead of (or beside) keywords.
Key: TypeAlias = str | int
Data: TypeAlias = Mapping[str, Any] | None


T = TypeVar("T")


class Described:
    """`help(...)` and `fields()` describe it offline: a child table's rows."""

    def fields(self) -> dict[str, Field]: ...


class Accessor(Described, Generic[T]):
    """A table's child table by the parent object's key: `fgt.api.cmdb.firewall.addrgrp.member("grp1")`."""

    def __call__(self, key: Key, /) -> T: ...


class Namespace(Generic[M]):
    """A namespace of the endpoint tree; `node["wire-name"]` reaches any child by its wire name."""

    def __getitem__(self, wire: str) -> Node[M]: ...


class Endpoint(Namespace[M]):
    """An endpoint: `help(endpoint)` and `endpoint.fields()` describe it offline."""

    @property
    def endpoint(self) -> EndpointRecord: ...
    def fields(self) -> dict[str, Field]: ...
'''


def kinds_module() -> str:
    out = [KINDS_HEADER]
    for base in BASES:
        generic = f", Generic[{base.params}]" if base.params != "M" and "Generic" not in base.extends else ""
        out += ["", "", f"class {base.name}({base.extends}{generic}):", docstring(base.doc, "    "), ""]
        for method in base.methods:
            if method.marks <= set(base.defaults):  # else written per endpoint, with its own types
                out += render(method, f"{base.name}[{base.params}]", {"R": "R", **base.defaults})
    return "\n".join(out) + "\n"


# -- text ------------------------------------------------------------------------------------------


def camel(name: str) -> str:
    text = "".join(part[:1].upper() + part[1:] for part in name.replace(".", "_").split("_") if part)
    return text if text[:1].isalpha() else "N" + text


def literal(values: Iterable[str]) -> str:
    return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]"


def indented(lines: Iterable[str]) -> str:
    """Docstring lines after the first, indented as a docstring's body is."""
    return "\n".join(("    " + line) if line else "" for line in lines).lstrip()


def docstring(text: str, indent: str) -> str:
    return f'{indent}"""' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'


NATIVE_TYPES = {"string": "str", "int": "int", "integer": "int", "boolean": "bool", "double": "float",
                "number": "float", "object": "dict[str, Any]", "array": "builtins.list[Any]"}
#: GET options the tree already types (ReadOptions): a monitor parameter of that name is one of them.
READ_OPTIONS = {"scope", "filter", "format", "sort", "start", "count", "datasource", "with_meta", "skip",
                "exclude_default_values", "params", "timeout"}


def _shapes(fields: Mapping[str, Field]) -> Iterator[Field]:
    for spec in fields.values():
        yield from spec.variants or (spec,)


# -- one module of endpoints: their classes and TypedDicts -----------------------------------------


def shape(fields: Mapping[str, Field], keyed: bool) -> Any:
    """What makes two child tables or nested objects the same type: every field but its references."""
    def one(spec: Field) -> Any:
        return (spec.name, spec.type, spec.multi, spec.options, spec.versions, spec.min, spec.max,
                shape(spec.children, spec.type == "table") if spec.children else None, tuple(map(one, spec.variants)))
    return keyed, tuple(one(spec) for spec in fields.values())


class Module:
    """The text of one stub module; `names` is shared by the modules of one namespace.

    Child tables and nested objects of a shape used more than once in the cmdb tree (531 are
    just `{name}`) are written once, in `shared` (cmdb/_structures.pyi), and imported from there."""

    def __init__(self, names: set[str], shared: Shared | None = None, references: bool = True) -> None:
        self.blocks: list[str] = []
        self.names = names
        self.shared = shared
        self.references = references  # a shared shape serves fields of many references: it names none
        self.imports: set[str] = set()  # names taken from the shared module
        self.aliases: dict[tuple[str, ...], str] = {}
        self.structures: dict[Any, tuple[str, str]] = {}
        self.keyword_typeddicts: dict[Any, str] = {}
        self.child_classes: dict[Any, str] = {}

    def claim(self, name: str) -> str:
        candidate, number = name, 2
        while candidate in self.names:
            candidate, number = f"{name}{number}", number + 1
        self.names.add(candidate)
        return candidate

    def owner(self, fields: Mapping[str, Field], keyed: bool) -> Module:
        """The module that writes this shape: the shared one where several use it."""
        if self.shared is not None and self.shared.counts[shape(fields, keyed)] >= SHARED_AT:
            return self.shared.module
        return self

    def options_type(self, spec: Field, prefix: str) -> str:
        """A Literal of every value any version has, named once per module after its first field
        (`AddressTypeOptions`: the name an error message shows)."""
        values = tuple(o.value for o in spec.options)
        if values == ("enable", "disable"):
            return "_k.EnableDisable"
        if values not in self.aliases:
            alias = self.claim(prefix + camel(spec.keyword) + "Options")
            self.aliases[values] = alias
            self.blocks.insert(0, f"{alias}: TypeAlias = {literal(values)}")
        return self.aliases[values]

    # -- cmdb fields -------------------------------------------------------------------------

    def value_type(self, spec: Field, prefix: str, row: bool) -> str:
        """The type of a field's value: in a row read back (`row`) or as an argument."""
        if spec.variants:
            return " | ".join(dict.fromkeys(self.value_type(v, prefix, row) for v in spec.variants))
        if spec.type in ("table", "object"):
            shape_ = self.structure(prefix + camel(spec.keyword), spec.children, spec.type == "table")[0 if row else 1]
            return f"builtins.list[{shape_}]" if spec.type == "table" else shape_
        scalar = "int" if spec.type == "integer" else self.options_type(spec, prefix) if spec.options else "str"
        if spec.multi and not row:  # several values: one space-separated string, or a list
            return f"str | builtins.list[{scalar}]"
        return "str" if spec.multi else scalar

    def taken(self, owner: Module, *names: str) -> tuple[str, ...]:
        if owner is not self:
            self.imports.update(names)
        return names

    def structure(self, prefix: str, fields: Mapping[str, Field], keyed: bool) -> tuple[str, str]:
        """The row TypedDict (read back) and the argument TypedDict (to send) of a child table or
        nested object, both of wire names; where every keyword is its wire name, the argument one
        is the keyword TypedDict (with docstrings)."""
        owner, key = self.owner(fields, keyed), shape(fields, keyed)
        if owner is not self:
            prefix = owner.shared_prefix(fields)
        if key not in owner.structures:
            row = owner.row_typeddict(prefix + "Row", prefix, fields, keyed)
            if all(spec.keyword == wire and wire.isidentifier() for wire, spec in fields.items()):
                argument = owner.keywords(prefix, fields, keyed)
            else:
                argument = owner.claim(prefix + "In")
                items = ", ".join(f"{json.dumps(wire)}: {owner.value_type(spec, prefix, False)}"
                                  for wire, spec in fields.items())
                owner.blocks.append(f"{argument} = TypedDict({json.dumps(argument)}, {{{items}}}, total=False)")
            owner.structures[key] = row, argument
        row, argument = owner.structures[key]
        self.taken(owner, row, argument)
        return row, argument

    def keywords(self, prefix: str, fields: Mapping[str, Field], keyed: bool) -> str:
        """The TypedDict of keyword arguments for these fields (`**fields: Unpack[...]`)."""
        owner, key = self.owner(fields, keyed), shape(fields, keyed)
        if owner is not self:
            prefix = owner.shared_prefix(fields)
        if key not in owner.keyword_typeddicts:
            owner.keyword_typeddicts[key] = owner.fields_typeddict(prefix + "Fields", prefix, fields)
        return self.taken(owner, owner.keyword_typeddicts[key])[0]

    def child_class(self, prefix: str, label: str, spec: Field) -> str:
        """The class of a child table's node (`addrgrp.member("grp1")`): its rows, and create()."""
        owner, key = self.owner(spec.children, True), shape(spec.children, True)
        if owner is not self:
            prefix = owner.shared_prefix(spec.children)
        if key not in owner.child_classes:
            row, _ = owner.structure(prefix, spec.children, True)
            kwargs = owner.keywords(prefix, spec.children, True)
            name = owner.claim(prefix + ("Children" if owner is not self else ""))
            doc = f"The rows of a child table keyed by {spec.mkey}." if owner is not self \
                else f"The {spec.name} rows of one {label} object."
            doc += "\n\nFields (keyword argument, wire name: details):\n" + indented(
                field_lines(spec.children, "  ", references=owner.references))
            body = [f"class {name}(_k.ChildTable[{row}, {CMDB}]):", docstring(doc, "    ")]
            body += render(CHILD_TABLE[3], f"{name}[{CMDB}]", {"F": kwargs})
            owner.blocks.append("\n".join(body))
            owner.child_classes[key] = name
        return self.taken(owner, owner.child_classes[key])[0]

    def shared_prefix(self, fields: Mapping[str, Field]) -> str:
        """A shared shape is named after its fields: `Name`, `IdName`, ..."""
        return camel("_".join(spec.keyword for spec in list(fields.values())[:3])) or "Empty"

    def row_typeddict(self, name: str, prefix: str, fields: Mapping[str, Field], keyed: bool) -> str:
        # total: FortiOS answers every field of the object, and pyright flags reading a
        # not-required key (`row["name"]`) as an error.
        name = self.claim(name)
        lines = [f"    {json.dumps(wire)}: {self.value_type(spec, prefix, True)}," for wire, spec in fields.items()]
        if keyed and "q_origin_key" not in fields:
            lines.append('    "q_origin_key": str,')
        self.blocks.append(f"{name} = TypedDict({json.dumps(name)}, {{\n" + "\n".join(lines) + "\n})")
        return name

    def fields_typeddict(self, name: str, prefix: str, fields: Mapping[str, Field], options: bool = False) -> str:
        clashes = [k for k, n in Counter(spec.keyword for spec in fields.values()).items() if n > 1]
        if clashes:
            raise SystemExit(f"{prefix}: fields share the keyword(s) {clashes}")
        # The functional form: a class-based TypedDict costs mypy several times as much per key.
        # (`<wtp-id>`, `default value` are no keywords: only data= can send them.)
        name = self.claim(name)
        lines = [f"    {json.dumps(spec.keyword)}: {self.value_type(spec, prefix, False)},"
                 for spec in fields.values() if spec.keyword.isidentifier()]
        if options:  # an endpoint's, not a child table's: see WRITE
            lines += [f"    {json.dumps(option)}: {kind}," for option, kind in WRITE_OPTIONS.items()]
        self.blocks.append(f"{name} = TypedDict({json.dumps(name)}, {{\n" + "\n".join(lines) + "\n}, total=False)")
        return name

    # -- monitor and log parameters and results ------------------------------------------------

    def params_typeddict(self, name: str, params: Mapping[str, Field], base: str | None) -> str:
        """A monitor or log endpoint's parameters (the class docstring describes them): a query's
        extend ReadOptions; a body's stand alone, in the cheaper functional form."""
        name = self.claim(name)
        items = [(spec.keyword, NATIVE_TYPES.get(spec.type, "Any")) for spec in params.values()]
        if base is None:
            pairs = ", ".join(f"{json.dumps(wire)}: {kind}" for wire, kind in items)
            self.blocks.append(f"{name} = TypedDict({json.dumps(name)}, {{{pairs}}}, total=False)")
        else:
            self.blocks.append("\n".join([f"class {name}({base}, total=False):",
                                          *(f"    {wire}: {kind}" for wire, kind in items)]))
        return name

    def result_type(self, schema: Mapping[str, Any], prefix: str) -> str:
        kind = schema.get("type")
        if kind == "array":
            return f"builtins.list[{self.result_type(schema['items'], prefix)}]" if schema.get("items") \
                else "builtins.list[Any]"
        if kind == "object":
            extra = schema.get("additionalProperties")
            if extra is not None or not schema.get("properties"):  # free keys: TypedDicts cannot say so
                return f"dict[str, {self.result_type(extra, prefix) if isinstance(extra, dict) else 'Any'}]"
            name = self.claim(prefix)
            items = [f"    {json.dumps(key)}: {self.result_type(value, prefix + camel(python_name(key)))},"
                     for key, value in schema["properties"].items()]
            self.blocks.append(f"{name} = TypedDict({json.dumps(name)}, {{\n" + "\n".join(items) + "\n})")
            return name
        return NATIVE_TYPES.get(kind or "", "Any")


# -- the tree ------------------------------------------------------------------------------------


@dataclass
class TreeNode:
    python: str
    label: str
    endpoint: Endpoint | None = None
    children: dict[str, TreeNode] = field(default_factory=dict)
    cls: str = ""  # its class name in the stubs


def build_tree(api: str) -> TreeNode:
    """hfortix.api's own tree of `api` (the one fgt.api walks), with labels."""
    def convert(trie: Any, python: str, label: str) -> TreeNode:
        node = TreeNode(python, label, trie.endpoint)
        node.children = {name: convert(child, name, f"{label}.{name}") for name, child in trie.by_python.items()}
        return node

    return convert(tree(api), api, api)


def walk(node: TreeNode) -> Iterator[TreeNode]:
    yield node
    for child in node.children.values():
        yield from walk(child)


@dataclass
class Shared:
    """The cmdb shapes used more than once, and the module that writes them."""

    counts: Counter[Any]
    module: Module = field(init=False)

    def __post_init__(self) -> None:
        self.module = Module(set(), references=False)

    @classmethod
    def of_cmdb(cls) -> Shared:
        counts: Counter[Any] = Counter()

        def count(fields: Mapping[str, Field]) -> None:
            for spec in _shapes(fields):
                if spec.type in ("table", "object"):
                    counts[shape(spec.children, spec.type == "table")] += 1
                    count(spec.children)

        for endpoint in catalog.endpoints():
            if endpoint.api == "cmdb":
                count(fields_from(catalog.details(endpoint).get("fields", {})))
        return cls(counts)


def imports_of(nodes: list[TreeNode], where: Mapping[str, str], here: str) -> list[str]:
    """`from ._2 import PolicyReset`: the classes of other modules of the namespace these nodes use."""
    wanted: dict[str, list[str]] = {}
    for node in nodes:
        for child in node.children.values():
            module = where.get(child.cls, ".")
            if module != here:
                wanted.setdefault(module, []).append(child.cls)
    return [f"from {module} import {', '.join(names)}" for module, names in sorted(wanted.items())]


def packed(endpoints: list[TreeNode], weight: Callable[[TreeNode], int]) -> list[list[TreeNode]]:
    """The endpoints in order, in modules weighing up to MODULE_WEIGHT (a heavier one alone).

    pyright reads a module whole when it needs one name from it, and mypy pays per module:
    so small endpoints share a module, and a big one (system.interface, firewall.policy)
    does not make a script that uses a small neighbour read it too."""
    chunks: list[list[TreeNode]] = []
    total = MODULE_WEIGHT
    for node in endpoints:
        heft = weight(node)
        if total + heft > MODULE_WEIGHT:
            chunks.append([])
            total = 0
        chunks[-1].append(node)
        total += heft
    return chunks


def subtree(top: TreeNode) -> Any:
    """What makes two namespaces the same: every endpoint below them, by relative path and details."""
    return tuple((tuple(node.label.split(".", 2)[2:]), node.endpoint and json.dumps(
        [node.endpoint.kind, node.endpoint.mkey, node.endpoint.methods, catalog.details(node.endpoint)],
        sort_keys=True)) for node in walk(top))


def type_params(api: str) -> str:
    return CMDB if api == "cmdb" else "M"


class Generator:
    def __init__(self, native: Mapping[tuple[str, str], Any]) -> None:
        self.native = native  # (endpoint key, method) -> FortiOS's schema of the results
        self.shared = Shared.of_cmdb()
        self.also: list[str] = []  # other namespaces the one being written serves

    def modules(self) -> dict[str, str]:
        files = {"_kinds.pyi": kinds_module(), "__init__.pyi": ROOT_MODULE}
        for api in APIS:
            files.update(self.api_modules(api))
        shared = self.shared.module
        files["cmdb/_structures.pyi"] = self.text(shared, "cmdb child tables and nested objects of shared shapes", "..")
        return files

    def api_modules(self, api: str) -> dict[str, str]:
        """{relative path: text} of one API's package."""
        root = build_tree(api)
        params = type_params(api)
        # Namespaces with the very same endpoints (log.disk, log.memory, log.fortianalyzer,
        # log.forticloud) share one module: the first of them.
        same: dict[Any, TreeNode] = {}
        first = {top.python: same.setdefault(subtree(top), top) for top in root.children.values()}
        body = [f"class {camel(api)}(_k.Namespace[M]{', Generic[' + params + ']' if params != 'M' else ''}):",
                docstring(f"fgt.api.{api}.", "    ")]
        body += [f"    {top}: _{first[top].python}.{camel(first[top].python)}[{params}]" for top in root.children]
        files = {f"{api}/__init__.pyi": "\n".join([
            docstring(f"Typing only, generated by tools/build_stubs.py: fgt.api.{api}.", ""), "",
            "from typing import Generic", "",
            "from hfortix.modes import M", "",
            "from .. import _kinds as _k",
            "from .._kinds import C, W",
            *[f"from . import {top.python} as _{top.python}" for top in same.values()], "", "", *body]) + "\n"}
        for top in same.values():
            also = [f"fgt.api.{api}.{name}" for name, node in first.items() if node is top and name != top.python]
            files.update({f"{api}/{top.python}/{name}": text
                          for name, text in self.namespace_package(top, also).items()})
        return files

    def namespace_package(self, top: TreeNode, also: list[str]) -> dict[str, str]:
        """One namespace's package; `also`: other namespaces its classes serve.

        `__init__.pyi` holds its namespace classes, `_<n>_.pyi` its endpoints with their
        TypedDicts, as `packed` groups them. pyright opens a module when a name from it is
        needed: touching fgt.api.cmdb.firewall.address opens the one endpoint module that holds it.
        """
        api = top.label.split(".")[0]
        self.also = also
        names: set[str] = set()
        for node in walk(top):
            suffix = node.label.split(".", 2)[2] if node is not top else top.python
            node.cls = Module(names).claim(camel(suffix))
        shared = self.shared if api == "cmdb" else None
        chunks = packed([node for node in walk(top) if node.endpoint is not None], self.weight)
        where = {node.cls: f"._{n}_" for n, chunk in enumerate(chunks) for node in chunk}
        what = f"fgt.api.{top.label}"
        files = {}
        for n, chunk in enumerate(chunks):
            module = Module(names, shared)
            module.blocks += [self.node_class(module, node) for node in chunk]
            files[f"_{n}_.pyi"] = self.text(module, what, "...", *imports_of(chunk, where, f"._{n}_"))
        spaces = [node for node in walk(top) if node.endpoint is None]
        init = Module(names, shared)
        init.blocks += [self.node_class(init, node) for node in spaces]
        files["__init__.pyi"] = self.text(init, what, "...", *imports_of(spaces, where, "."))
        return files

    def weight(self, node: TreeNode) -> int:
        """About how much stub text an endpoint makes: its fields (with its child tables'), its
        parameters and the properties of its typed results, beside its own ENDPOINT_WEIGHT."""
        assert node.endpoint is not None
        detail = catalog.details(node.endpoint)

        def fields(specs: Mapping[str, Field]) -> int:
            return sum(1 + fields(spec.children) for spec in _shapes(specs))

        def properties(schema: Any) -> int:
            if not isinstance(schema, dict):
                return 0
            inner = [schema.get("items"), schema.get("additionalProperties"), *schema.get("properties", {}).values()]
            return len(schema.get("properties", {})) + sum(map(properties, inner))

        return (ENDPOINT_WEIGHT + fields(fields_from(detail.get("fields", {})))
                + sum(fields(fields_from(params)) for params in detail.get("params", {}).values())
                + sum(properties(self.native.get((node.endpoint.key, method))) for method in node.endpoint.methods))

    def text(self, module: Module, what: str, up: str = "...", *imports: str) -> str:
        if module.imports:
            imports = (f"from {up[:-1]}_structures import {', '.join(sorted(module.imports))}", *imports)
        head = [docstring(f"Typing only, generated by tools/build_stubs.py: {what}.", ""), "",
                "import builtins",
                "from collections.abc import AsyncIterator, Coroutine, Iterator, Mapping",
                "from typing import Any, Generic, Literal, TypeAlias, TypedDict, Unpack, overload", "",
                "from hfortix.modes import AsyncMode, M, SyncMode",
                "from hfortix.read_options import OneVdom, ReadOptions, SeveralVdoms", "",
                f"from {up} import _kinds as _k",
                f"from {up}_kinds import C, Data, Key, W", *imports]
        return "\n".join(head) + "\n\n\n" + "\n\n\n".join(module.blocks) + "\n"

    def node_class(self, module: Module, node: TreeNode) -> str:
        api = node.label.split(".")[0]
        params = type_params(api)
        methods: list[str] = []
        if node.endpoint is None:
            bases, doc = [f"_k.Namespace[M]{', Generic[' + params + ']' if params != 'M' else ''}"], \
                f"fgt.api.{node.label}." + (f" The same endpoints serve {', '.join(self.also)}." if self.also else "")
        else:
            bases = self.endpoint_members(module, node, methods)
            doc = indented(describe(f"fgt.api.{node.label}", node.endpoint).splitlines())
        attributes = [f"    {child.python}: {child.cls}[{type_params(api)}]" for child in node.children.values()]
        return "\n".join([f"class {node.cls}({', '.join(bases)}):", docstring(doc, "    "), *attributes, *methods])

    def endpoint_members(self, module: Module, node: TreeNode, lines: list[str]) -> list[str]:
        """The base classes of an endpoint's class; appends its own methods to `lines`."""
        endpoint = node.endpoint
        assert endpoint is not None
        name = node.cls
        detail = catalog.details(endpoint)
        if endpoint.api == "cmdb":
            if endpoint.kind == "readonly":
                return ["_k.Readonly[M]", f"Generic[{CMDB}]"]
            fields = fields_from(detail.get("fields", {}))
            row = module.row_typeddict(name + "Row", name, fields, endpoint.kind == "table")
            kwargs = module.fields_typeddict(name + "Fields", name, fields, options=True)
            templates = TABLE if endpoint.kind == "table" else SINGLETON
            lines += [line for method in templates if method.marks
                      for line in render(method, f"{name}[{CMDB}]", {"R": row, "F": kwargs})]
            if endpoint.kind == "table":
                lines += self.child_tables(module, node, fields)
            return [f"_k.{'Table' if endpoint.kind == 'table' else 'Singleton'}[{row}, {CMDB}]"]
        bases = []
        for method in endpoint.methods:
            # Parameters are keywords by names.field_keyword, as hfortix.parameters reads them;
            # a GET's read options (filter, count, ...) are typed by ReadOptions already.
            params = detail.get("params", {}).get(method, {})
            skip = READ_OPTIONS if method == "GET" else set()
            typed = {wire: spec for wire, spec in fields_from(params).items() if spec.keyword not in skip}
            result = self.result(module, endpoint, method, name)
            if method == "GET":
                paged = pageable(endpoint)  # the runtime's own rule for iterate()
                if typed:
                    query = module.params_typeddict(name + "Query", typed, "ReadOptions")
                    lines += render(MONITOR_GET, f"{name}[M]", {"R": result, "Q": query})
                    if paged:
                        lines += render(MONITOR_ITERATE, f"{name}[M]", {"Q": query})
                    bases.append("_k.Endpoint[M]")
                else:
                    bases.append(f"_k.{'PagedGet' if paged else 'Get'}[{result}, M]")
            elif typed:
                body = module.params_typeddict(name + "Body", typed, None)
                lines += render(MONITOR_POST, f"{name}[M]", {"R": result, "BODY": f", **fields: Unpack[{body}]"})
                bases.append("_k.Endpoint[M]")
            else:
                bases.append(f"_k.Post[{result}, M]")
        return list(dict.fromkeys(bases)) or ["_k.Endpoint[M]"]

    def result(self, module: Module, endpoint: Endpoint, method: str, name: str) -> str:
        """The results type FortiOS's schema gives; Any where it has none. A POST's answer is
        typed only as an object or a list: without `results` the tree hands back the whole answer."""
        schema = self.native.get((endpoint.key, method))
        if not schema or (method == "POST" and schema.get("type") not in ("object", "array")):
            return "Any"
        return module.result_type(schema, name + ("Result" if method == "GET" else "PostResult"))

    def child_tables(self, module: Module, node: TreeNode, fields: Mapping[str, Field]) -> list[str]:
        """`addrgrp.member("grp1")`: an accessor per child table of a table."""
        lines = []
        for spec in _shapes(fields):
            if spec.type != "table":
                continue
            accessor = python_name(spec.name)
            if accessor in node.children:
                raise SystemExit(f"{node.label}: child table {spec.name!r} clashes with an endpoint")
            child = module.child_class(node.cls + camel(spec.keyword), f"fgt.api.{node.label}", spec)
            lines.append(f"    {accessor}: _k.Accessor[{child}[{CMDB}]]")
        return lines


ROOT_MODULE = '''\
"""Typing only, generated by tools/build_stubs.py: `fgt.api` as type checkers see it.

client.py declares `FortiOS.api` as an `ApiAttribute` under TYPE_CHECKING; at run time it is
hfortix.api.ApiAttribute, and nothing here is ever imported.
"""

from collections.abc import Coroutine
from typing import Any, Generic, overload

from hfortix.client import FortiOS
from hfortix.modes import AsyncMode, M, SyncMode

from . import cmdb as _cmdb
from . import log as _log
from . import monitor as _monitor
from . import service as _service
from ._kinds import C, Change, W, WriteResult


class Api(Generic[M, W, C]):
    """`fgt.api`: the four FortiOS APIs."""

    cmdb: _cmdb.Cmdb[M, W, C]
    monitor: _monitor.Monitor[M]
    log: _log.Log[M]
    service: _service.Service[M]


class ApiAttribute:
    """`FortiOS.api`: the tree in the client's mode; writes answer values (sync) or coroutines (async)."""

    @overload
    def __get__(self, client: None, owner: type[Any], /) -> ApiAttribute: ...
    @overload
    def __get__(self, client: FortiOS[SyncMode], owner: type[Any], /) -> Api[SyncMode, WriteResult, Change]: ...
    @overload
    def __get__(
        self, client: FortiOS[AsyncMode], owner: type[Any], /
    ) -> Api[AsyncMode, Coroutine[Any, Any, WriteResult], Coroutine[Any, Any, Change]]: ...
    # A client whose mode is not known (a bare `FortiOS`, or mode= a str) matches both: its
    # tree is Any to mypy and pyright alike, which reports nothing false either way.
'''


# -- FortiOS's own schema of monitor and log results -----------------------------------------------


def native_results(path: Path) -> dict[tuple[str, str], Any]:
    """(endpoint key, method) -> the schema of `results`, merged over every dump (6.0 to 7.0).

    A log record for one type (`virus/archive`) wins over the wildcard one (`:type/archive`)."""
    if not path.exists():
        return {}
    endpoints = [e for e in catalog.endpoints() if e.api in ("monitor", "log")]
    merged: dict[tuple[str, str], tuple[bool, Any]] = {}
    for dump in json.loads(path.read_text())["dumps"]:
        for record in dump["endpoints"]:
            if not record.get("response"):
                continue
            specific = record["name"] != ":type"
            for endpoint in _matches(dump["api"], record, endpoints):
                key = (endpoint.key, record["method"])
                was_specific, old = merged.get(key, (False, None))
                if specific or not was_specific:
                    merged[key] = specific, _merge(old if specific == was_specific else None, record["response"])
    return {key: schema for key, (_, schema) in merged.items() if schema}


def _matches(api: str, record: Mapping[str, Any], endpoints: list[Endpoint]) -> list[Endpoint]:
    method, path, name, action = record["method"], record["path"], record["name"], record["action"]
    if api == "monitor":  # `select` is the default action: the catalog's endpoint without one
        for wanted in [(path, name, action)] + ([(path, name, None)] if action == "select" else []):
            hits = [e for e in endpoints if e.api == "monitor" and method in e.methods
                    and (e.path, e.name, e.action) == wanted]
            if hits:
                return hits
        return []
    # log: `:source` is any device, `:type` any log type, `?subtype` any subtype (event/vpn, ...)
    special = {"archive", "archive-download", "raw"}
    return [e for e in endpoints if e.api == "log" and method in e.methods
            and name in (":type", e.name)
            and (e.action == action or (action == "?subtype" and e.action is not None
                                        and e.action not in special and not e.action.startswith(":")))]


def _merge(old: Any, new: Any) -> Any:
    if old is None:
        return new
    if not isinstance(old, dict) or not isinstance(new, dict) or old.get("type") != new.get("type"):
        return {}  # shapes disagree between versions: Any
    out = dict(old)
    if "properties" in old or "properties" in new:
        properties = dict(old.get("properties", {}))
        for key, value in new.get("properties", {}).items():
            properties[key] = _merge(properties.get(key), value)
        out["properties"] = properties
    for part in ("items", "additionalProperties"):
        if part in old or part in new:
            out[part] = _merge(old.get(part), new.get(part)) if part in old and part in new else {}
    return out


def build(native: Path = NATIVE) -> dict[str, str]:
    """{path under _tree/: text} of every stub module."""
    return Generator(native_results(native)).modules()


def replace_tree(out: Path, files: Mapping[str, str]) -> None:
    """Make `out` hold exactly `files` ({relative path: text}): nothing stale stays behind."""
    if out.exists():
        shutil.rmtree(out)
    for relative, text in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def main(native: Path = NATIVE, out: Path = OUT) -> None:
    files = build(native)
    replace_tree(out, files)
    lines = sum(text.count("\n") for text in files.values())
    print(f"{len(files)} stub modules, {lines} lines, written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else NATIVE)
