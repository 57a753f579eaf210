"""The endpoint tree, `fgt.api.cmdb.firewall.address`, built from the catalog on first touch.

One class, `Node`, stands for every namespace and endpoint. Touching `fgt.api.cmdb` reads
the small catalog index once; nothing per endpoint is generated. A node's methods turn
the call into a plan from hfortix.core and hand it to the client, which runs it in its
mode: in sync mode a method returns the value, in async mode a coroutine of it.
"""

from __future__ import annotations

import difflib
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Mapping
from functools import cache, lru_cache, partial
from typing import TYPE_CHECKING, Any, Generic, Unpack, overload

from hfortix.core import catalog, paging, plans, versions
from hfortix.core.catalog import Endpoint
from hfortix.core.ensure import Change, Wanted
from hfortix.core.ensure import ensure as ensure_plan
from hfortix.core.errors import ConfigurationError
from hfortix.core.plans import check_json, check_timeout
from hfortix.core.query import build_query, params_query
from hfortix.core.urls import api_path

from . import parameters
from . import progress as progress_bars
from .modes import AsyncMode, M, SyncMode
from .names import field_keyword, field_name, python_name
from .progress import Progress
from .read_options import OneVdom, ReadOptions, SeveralVdoms

if TYPE_CHECKING:
    from .child_tables import ChildTable
    from .client import FortiOS
    from .fields import Field

Row = dict[str, Any]
Changes = list[Change]


_READ_OPTIONS = frozenset({*ReadOptions.__annotations__, "vdom"})
#: Rows ensure_many runs at once in async mode when neither it nor the client says.
ENSURE_CONCURRENCY = 4


class _Trie:
    __slots__ = ("by_python", "by_wire", "endpoint", "path")

    def __init__(self) -> None:
        self.by_python: dict[str, _Trie] = {}
        self.by_wire: dict[str, _Trie] = {}
        self.endpoint: Endpoint | None = None
        self.path: str | None = None  # the endpoint's own URL path, made on first use (Node._path)

    def child(self, wire: str) -> _Trie:
        node = self.by_wire.get(wire)
        if node is None:
            node = self.by_wire[wire] = _Trie()
            name = python_name(wire)
            if name in self.by_python:
                raise RuntimeError(f"catalog names {wire!r} and another clash as {name!r}")
            self.by_python[name] = node
        return node


def wire_segments(endpoint: Endpoint) -> list[str]:
    segments = [*endpoint.path.split("."), endpoint.name]
    if endpoint.action and not endpoint.action.startswith(":"):  # ':session_id' is a URL template
        segments.append(endpoint.action)
    return segments


@cache
def tree(api: str) -> _Trie:
    root = _Trie()
    for endpoint in catalog.endpoints():
        if endpoint.api != api:
            continue
        node = root
        for wire in wire_segments(endpoint):
            node = node.child(wire)
        if node.endpoint is None:
            node.endpoint = endpoint
    return root


class Api(Generic[M]):
    """`fgt.api`: the four FortiOS APIs."""

    def __init__(self, client: FortiOS[M]) -> None:
        self._client: FortiOS[M] = client

    @property
    def cmdb(self) -> Node[M]:
        return Node(self._client, tree("cmdb"), "cmdb")

    @property
    def monitor(self) -> Node[M]:
        return Node(self._client, tree("monitor"), "monitor")

    @property
    def log(self) -> Node[M]:
        return Node(self._client, tree("log"), "log")

    @property
    def service(self) -> Node[M]:
        return Node(self._client, tree("service"), "service")


def option_problem(field: str, spec: Mapping[str, Any], value: Any) -> str | None:
    """What is wrong with `value` for the field `spec` if no FortiOS version offers it as an
    option (`'ip-mask' is not an option of type; did you mean 'ipmask'? (...)`); else None."""
    unknown = catalog.unknown_option(spec, value)
    if unknown is None:
        return None
    token, choices = unknown
    hint = difflib.get_close_matches(token, choices, n=1)
    return (f"{token!r} is not an option of {field}" + (f"; did you mean {hint[0]!r}?" if hint else "")
            + f" (the options: {', '.join(choices)})")


def check_option(label: str, keyword: str, spec: Mapping[str, Any], value: Any) -> None:
    """Refuse a keyword field's value that no FortiOS version offers (`type="ip-mask"`): FortiOS
    would answer -651 for it; data= still sends any value unchecked."""
    problem = option_problem(keyword, spec, value)
    if problem is not None:
        raise ConfigurationError(f"{label}: {problem}; data={{...}} sends any value unchecked")


class _NoKey:
    """What a key-taking method's `key` is when the caller gave none: the method then says
    whether it applies to the endpoint at all before asking for the key (a TypeError about a
    missing argument would not tell that delete() is wrong for a monitor endpoint)."""

    def __repr__(self) -> str:
        return "no key"


NO_KEY: Any = _NoKey()


class _HelpText:
    """`Node.__doc__`: the class docstring when read from the class; from a node, that node's
    description (fields, types, versions), which is what `help(node)` prints."""

    def __init__(self, doc: str | None) -> None:
        self.doc = doc

    def __get__(self, node: Node[Any] | None, owner: type[Any] | None = None) -> str | None:
        return self.doc if node is None else node._help()


class ApiAttribute:
    """`FortiOS.api`: the client's `Api`, made on first use and then kept in the client's
    `__dict__` (which Python looks in first). Type checkers see hfortix._tree.ApiAttribute,
    which types the tree per mode."""

    def __get__(self, client: FortiOS[Any] | None, owner: type[Any]) -> Any:
        if client is None:
            return self
        api = client.__dict__["api"] = Api(client)
        return api


class Node(Generic[M]):
    """A namespace (`fgt.api.cmdb.firewall`) or an endpoint (`fgt.api.cmdb.firewall.address`)."""

    __slots__ = ("_client", "_label", "_trie")
    __doc__ = _HelpText(__doc__)  # help(node) describes that node

    def __init__(self, client: FortiOS[M], trie: _Trie, label: str) -> None:
        self._client: FortiOS[M] = client
        self._trie = trie
        self._label = label

    def __getattr__(self, name: str) -> Node[M]:
        child = self._trie.by_python.get(name)
        if child is None:
            fields: dict[str, str] = self._table_fields()
            if name in fields:  # a table field: a child table
                from .child_tables import ChildField  # (it builds on Node)

                return ChildField(self, fields[name])
            hint = difflib.get_close_matches(name, [*self._trie.by_python, *fields], n=3)
            raise AttributeError(
                f"{self._label} has no endpoint or namespace {name!r}"
                + (f"; did you mean {', '.join(hint)}?" if hint else "")
            )
        return Node(self._client, child, f"{self._label}.{name}")

    def __getitem__(self, wire: str) -> Node[M]:
        child = self._trie.by_wire.get(wire)
        if child is None:
            raise KeyError(f"{self._label} has no endpoint or namespace {wire!r}")
        return Node(self._client, child, f"{self._label}[{wire!r}]")

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._trie.by_python, *self._table_fields()})

    def _table_fields(self) -> dict[str, str]:
        """Python name -> wire name of this table's child tables ({} for anything else)."""
        endpoint = self._trie.endpoint
        if endpoint is None or endpoint.kind != "table":
            return {}
        from .child_tables import table_fields

        return table_fields(endpoint)

    def __call__(self, key: str | int, /) -> ChildTable[M]:
        """Only a child table (`fgt.api.cmdb.firewall.addrgrp.member`) is called: with the key of
        the object whose rows it gives."""
        raise ConfigurationError(f"{self._label} is not a child table: only a table field such as "
                        "fgt.api.cmdb.firewall.addrgrp.member is called (with the object's key)")

    def __repr__(self) -> str:
        endpoint = self._trie.endpoint
        what = f"{endpoint.kind} {endpoint.key}" if endpoint else "namespace"
        return f"<{self._label}: {what}>"

    # -- what the endpoint is ------------------------------------------------------------

    def fields(self) -> dict[str, Field]:
        """This endpoint's fields (cmdb) or parameters (monitor, log) by wire name, each with
        its type, options, bounds, version range and references (see hfortix.fields.Field)."""
        from .fields import fields_of  # read on first use: `import hfortix` stays as light as it was

        return fields_of(self.endpoint)

    def _help(self) -> str:
        from .fields import describe, namespace_help

        endpoint, children = self._trie.endpoint, sorted(self._trie.by_python)
        if endpoint is None:
            return namespace_help(self._label, children)
        return describe(self._label, endpoint) + (f"\n\nBelow it: {', '.join(children)}" if children else "")

    @property
    def endpoint(self) -> Endpoint:
        """The catalog record of this endpoint (a namespace has none: ConfigurationError)."""
        if self._trie.endpoint is None:
            children = ", ".join(sorted(self._trie.by_python)[:8])
            raise ConfigurationError(f"{self._label} is a namespace, not an endpoint (it holds {children}, …)")
        return self._trie.endpoint

    def _expect(self, operation: str, *kinds: str) -> Endpoint:
        endpoint = self.endpoint
        if endpoint.kind not in kinds:
            kind = endpoint.kind if endpoint.api == "cmdb" else endpoint.api  # monitor's are all "action"
            raise ConfigurationError(f"{operation}() does not apply to {self._label}, "
                                     f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} endpoint")
        return endpoint

    def _path(self) -> str:
        """The endpoint's own URL: a table's collection, a singleton, a monitor or log path."""
        path = self._trie.path
        if path is None:  # it depends on the endpoint alone: built (and checked) once per process
            endpoint = self.endpoint
            action = None if endpoint.api == "cmdb" or not endpoint.action or endpoint.action.startswith(":") \
                else endpoint.action
            path = self._trie.path = api_path(endpoint.api, endpoint.path, endpoint.name, action=action)
        return path

    def _item_path(self, key: object, operation: str) -> str:
        """The URL of one object of a table, after `key` is checked to really name one.

        A missing key must never fall back to the table's URL: FortiOS answers a DELETE
        there by deleting every object of the table it can, and a PUT or POST there acts
        on the table, not on an object.
        """
        endpoint = self.endpoint
        return api_path(endpoint.api, endpoint.path, endpoint.name, self._checked_key(key, operation))

    def _checked_key(self, key: object, operation: str, what: str | None = None) -> str | int:
        danger = "" if what else "; it would address the whole table"
        what = what or f"the object's key ({self.endpoint.mkey})"
        call = f"{self._label}.{operation}()"
        if key is NO_KEY:
            raise ConfigurationError(f"{call} needs {what}")
        if key is None:
            raise ConfigurationError(f"{call} needs {what}, got None{danger}")
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise ConfigurationError(f"{call}: {what} must be a str or an int, got {type(key).__name__}")
        if isinstance(key, str) and not key.strip():
            raise ConfigurationError(f"{call}: {what} is empty ({key!r}){danger}")
        if isinstance(key, int) and key < 0:
            raise ConfigurationError(f"{call}: {what} must not be negative, got {key}")
        return key

    def _fields(self, data: Mapping[str, Any] | None, fields: Mapping[str, Any]) -> dict[str, Any]:
        endpoint = self.endpoint
        known = catalog.details(endpoint).get("fields") if endpoint.api == "cmdb" else None
        if data is not None and not isinstance(data, Mapping):
            raise self._option_error("data", ConfigurationError(
                f"data must be a mapping of wire field names to values, got {type(data).__name__}"))
        body = dict(data) if data is not None else {}
        if endpoint.api != "cmdb":  # a monitor action: its parameters go in the body
            body.update(parameters.checked(self._label, endpoint, "POST", fields))
            fields = {}
        for python, value in fields.items():
            wire = field_name(python, known)
            if known is not None and wire not in known:
                hint = difflib.get_close_matches(python.replace("_", "-"), list(known), n=3)
                raise ConfigurationError(
                    f"{self._label} has no field {python!r}"
                    + (f"; did you mean {', '.join(hint)}?" if hint else "")
                    + " (data={...} sends wire names unchecked)"
                )
            if known is not None:
                check_option(self._label, python, known[wire], value)
            body[wire] = value
        return body

    def _option_error(self, option: str, error: ConfigurationError) -> ConfigurationError:
        """`error` about the call option `option`, plus how to set this endpoint's own field of
        that name if it has one (system api-user's `vdom` is a field: `vdom_=[...]`)."""
        endpoint = self.endpoint
        fields = (catalog.details(endpoint).get("fields") or {}) if endpoint.api == "cmdb" else {}
        if option not in fields:
            return error
        return ConfigurationError(
            f"{error}. {option}= is the call's own option; {self._label} also has a field {option!r}: "
            f"set that field with {field_keyword(option)}=..."
        )

    def _read_query(self, options: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        unknown = sorted(set(options) - _READ_OPTIONS)
        if unknown:
            hints = [f"{close[0]!r} for {name!r}" for name in unknown
                     if (close := difflib.get_close_matches(name, sorted(_READ_OPTIONS), n=1))]
            raise ConfigurationError(
                f"unknown option(s) {', '.join(map(repr, unknown))} for {self._label}"
                + (f"; did you mean {', '.join(hints)}?" if hints
                   else f"; the read options are {', '.join(sorted(_READ_OPTIONS))}")
            )
        return self._query(**options)

    def _query(self, *, vdom: Any = None, params: Mapping[str, Any] | None = None, timeout: Any = None,
               **rest: Any) -> tuple[tuple[str, str], ...]:
        """The query of a call, every option checked (the timeout too, which travels apart):
        nothing is sent unless all of them are good."""
        try:
            check_timeout(timeout)
        except ConfigurationError as exc:
            raise self._option_error("timeout", exc) from None
        if vdom is not None:
            try:
                if isinstance(vdom, str):
                    vdom_query(vdom)
                else:
                    build_query(vdom=vdom)
            except ConfigurationError as exc:
                raise self._option_error("vdom", exc) from None
        elif params is None or not (isinstance(params, Mapping) and "vdom" in params):
            vdom = self._client.vdom
        if params is None and not rest and (vdom is None or isinstance(vdom, str)):
            return vdom_query(vdom)  # most calls: the query names the VDOM, or nothing
        return params_query(params, vdom=vdom, **rest)

    def _run(self, make_plan: Callable[[plans.Session], plans.Plan], body: Any = None,
             query: tuple[tuple[str, str], ...] = ()) -> Any:
        """Run the plan in the client's mode, after checking the endpoint (the fields and option
        values of `body`, the fields a read `query` names) against the firmware (see
        plans.for_firmware)."""
        if body is not None:
            check_json(body)  # at the call, after the key: nothing is sent with a body JSON would change
        target = self._target(query)
        return self._client._run(lambda s: plans.for_firmware(s, target, make_plan(s), body))

    def _target(self, query: tuple[tuple[str, str], ...] = ()) -> versions.Target:
        target = versions.Target(self.endpoint, label=self._label)
        return target.reading(query) if self.endpoint.api == "cmdb" else target

    # -- reads -----------------------------------------------------------------------------

    # Several VDOMs ("*" or a list) answer {vdom: results}; the overloads say so to a type
    # checker. They overlap on the str "*", which the first one claims, as intended.
    @overload
    def list(  # type: ignore[overload-overlap]
        self: Node[SyncMode], *, vdom: SeveralVdoms, **options: Unpack[ReadOptions]
    ) -> dict[str, list[Row]]: ...
    @overload
    def list(self: Node[SyncMode], *, vdom: OneVdom = None, **options: Unpack[ReadOptions]) -> list[Row]: ...
    @overload
    def list(  # type: ignore[overload-overlap]
        self: Node[AsyncMode], *, vdom: SeveralVdoms, **options: Unpack[ReadOptions]
    ) -> Coroutine[Any, Any, dict[str, list[Row]]]: ...
    @overload
    def list(self: Node[AsyncMode], *, vdom: OneVdom = None,
             **options: Unpack[ReadOptions]) -> Coroutine[Any, Any, list[Row]]: ...
    def list(self, **options: Any) -> Any:
        """Every row of the table (paged with start/count unless you pass them); with several
        VDOMs, a dict from VDOM name to rows."""
        endpoint = self._expect("list", "table", "readonly")
        query = self._read_query(options)
        timeout = options.get("timeout")
        path = self._path()
        # Tables are paged (start/count) so 10,000 rows never come as one giant answer;
        # readonly endpoints answer whatever shape they have, in one GET.
        paged = (endpoint.kind == "table" and not any(name in ("start", "count") for name, _ in query)
                 and not _multi_vdom(query))
        client = self._client
        if paged:
            return self._run(lambda s: plans.list_all(s, path, query, page_size=client.page_size,
                                                        timeout=timeout), query=query)
        return self._run(lambda s: _value(plans.send(s, "GET", path, query, timeout=timeout)), query=query)

    @overload
    def get(
        self: Node[SyncMode], key: str | int | None = None, /, *, vdom: SeveralVdoms, **options: Unpack[ReadOptions]
    ) -> dict[str, Any]: ...
    @overload
    def get(self: Node[SyncMode], key: str | int | None = None, /, *, vdom: OneVdom = None,
            **options: Unpack[ReadOptions]) -> Any: ...
    @overload
    def get(
        self: Node[AsyncMode], key: str | int | None = None, /, *, vdom: SeveralVdoms,
        **options: Unpack[ReadOptions]
    ) -> Coroutine[Any, Any, dict[str, Any]]: ...
    @overload
    def get(self: Node[AsyncMode], key: str | int | None = None, /, *, vdom: OneVdom = None,
            **options: Unpack[ReadOptions]) -> Coroutine[Any, Any, Any]: ...
    def get(self, key: str | int | None = None, /, **options: Any) -> Any:
        """One object of a table (a dict), a singleton (a dict), or a monitor/log answer."""
        endpoint = self.endpoint
        if endpoint.kind == "table" and key is None:
            raise ConfigurationError(f"{self._label}.get() needs the object's {endpoint.mkey}; use list() for all")
        if endpoint.kind != "table" and key is not None and endpoint.api == "cmdb":
            raise ConfigurationError(f"{self._label} is a {endpoint.kind}: get() takes no key")
        if endpoint.api != "cmdb":
            options = self._monitor_options(options, key)
        query = self._read_query(options)
        timeout = options.get("timeout")
        path = self._item_path(key, "get") if endpoint.kind == "table" else self._path()
        single = endpoint.kind == "table"
        if endpoint.api != "cmdb":  # a monitor read whose method changed between releases picks it
            params, by_vdom = options.get("params") or {}, self._query(vdom=options.get("vdom"))
            return self._run(lambda s: _value(plans.read(s, endpoint, path, query, params, vdom_query=by_vdom,
                                                         timeout=timeout)))
        return self._run(lambda s: _value(plans.send(s, "GET", path, query, timeout=timeout), single), query=query)

    @overload
    def exists(self: Node[SyncMode], key: str | int, /, *, vdom: str | None = None,
               timeout: float | None = None) -> bool: ...
    @overload
    def exists(self: Node[AsyncMode], key: str | int, /, *, vdom: str | None = None,
               timeout: float | None = None) -> Coroutine[Any, Any, bool]: ...
    def exists(self, key: str | int = NO_KEY, /, *, vdom: str | None = None, timeout: float | None = None) -> Any:
        """Whether the table holds an object with this key."""
        self._expect("exists", "table")
        path, query = self._item_path(key, "exists"), self._query(vdom=vdom, timeout=timeout)
        return self._run(lambda s: plans.exists(s, path, query, timeout=timeout))

    # -- writes ----------------------------------------------------------------------------

    @overload
    def create(self: Node[SyncMode], data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
               timeout: float | None = None, **fields: Any) -> Row: ...
    @overload
    def create(self: Node[AsyncMode], data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
               timeout: float | None = None, **fields: Any) -> Coroutine[Any, Any, Row]: ...
    def create(self, data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
               timeout: float | None = None, **fields: Any) -> Any:
        """Create an object from `data` (wire names, positional or `data=`) and/or keyword
        fields (`_` for `-`). Returns FortiOS's write answer (mkey, revision, …). A field
        named like an option (`vdom`, `timeout`, `data`) takes a `_` behind: `vdom_=[...]`."""
        self._expect("create", "table")
        body = self._fields(data, fields)
        path, query = self._path(), self._query(vdom=vdom, timeout=timeout)
        return self._run(lambda s: _value(plans.send(s, "POST", path, query, body, timeout=timeout)), body)

    @overload
    def update(self: Node[SyncMode], key: str | int | None = None, /, data: Mapping[str, Any] | None = None,
               *, vdom: str | None = None, timeout: float | None = None, **fields: Any) -> Row: ...
    @overload
    def update(self: Node[AsyncMode], key: str | int | None = None, /, data: Mapping[str, Any] | None = None,
               *, vdom: str | None = None, timeout: float | None = None,
               **fields: Any) -> Coroutine[Any, Any, Row]: ...
    def update(self, key: str | int | None = None, /, data: Mapping[str, Any] | None = None, *,
               vdom: str | None = None, timeout: float | None = None, **fields: Any) -> Any:
        """Change an object (its key positional, or as its key field: `update(name="web", …)`)
        or a singleton. Only the fields given change."""
        endpoint = self._expect("update", "table", "singleton")
        body = self._fields(data, fields)
        if endpoint.kind == "table":
            key = self._key_of(key, body, "update")
        elif key is not None:
            raise ConfigurationError(f"{self._label} is a singleton: update() takes no key")
        path = self._item_path(key, "update") if endpoint.kind == "table" else self._path()
        query = self._query(vdom=vdom, timeout=timeout)
        return self._run(lambda s: _value(plans.send(s, "PUT", path, query, body, timeout=timeout)), body)

    @overload
    def delete(self: Node[SyncMode], key: str | int, /, *, vdom: str | None = None,
               timeout: float | None = None) -> Row: ...
    @overload
    def delete(self: Node[AsyncMode], key: str | int, /, *, vdom: str | None = None,
               timeout: float | None = None) -> Coroutine[Any, Any, Row]: ...
    def delete(self, key: str | int = NO_KEY, /, *, vdom: str | None = None, timeout: float | None = None) -> Any:
        """Delete the object with this key."""
        self._expect("delete", "table")
        path, query = self._item_path(key, "delete"), self._query(vdom=vdom, timeout=timeout)
        return self._run(lambda s: _value(plans.send(s, "DELETE", path, query, timeout=timeout)))

    @overload
    def set(self: Node[SyncMode], data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
            timeout: float | None = None, **fields: Any) -> Row: ...
    @overload
    def set(self: Node[AsyncMode], data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
            timeout: float | None = None, **fields: Any) -> Coroutine[Any, Any, Row]: ...
    def set(self, data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
            timeout: float | None = None, **fields: Any) -> Any:
        """Update the object if it exists, else create it (one PUT, and a POST only if needed).
        Returns the write answer with `"action": "updated"` or `"created"`."""
        self._expect("set", "table")
        body = self._fields(data, fields)
        key = self._key_of(None, body, "set")
        collection, item = self._path(), self._item_path(key, "set")
        query = self._query(vdom=vdom, timeout=timeout)

        def plan(session: plans.Session) -> Any:
            action, parsed = yield from plans.update_or_create(session, collection, item, body, query,
                                                               timeout=timeout)
            return {**_raw(parsed), "action": action}

        return self._run(plan, body)

    @overload
    def post(self: Node[SyncMode], data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
             timeout: float | None = None, params: Mapping[str, Any] | None = None, **fields: Any) -> Any: ...
    @overload
    def post(self: Node[AsyncMode], data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
             timeout: float | None = None, params: Mapping[str, Any] | None = None,
             **fields: Any) -> Coroutine[Any, Any, Any]: ...
    def post(self, data: Mapping[str, Any] | None = None, *, vdom: str | None = None,
             timeout: float | None = None, params: Mapping[str, Any] | None = None, **fields: Any) -> Any:
        """Run a monitor action (`fgt.api.monitor.firewall.policy.reset.post(policy=[1])`)."""
        endpoint = self._expect("post", "action")
        if "POST" not in endpoint.methods:
            raise ConfigurationError(f"{self._label}.post(): this endpoint answers only {', '.join(endpoint.methods)}"
                                     " (read it with get())")
        body = self._fields(data, fields)
        check_json(body)
        path, query = self._path(), self._query(vdom=vdom, params=params, timeout=timeout)
        return self._run(lambda s: _value(plans.send(s, "POST", path, query, body, timeout=timeout)))

    @overload
    def move(self: Node[SyncMode], key: str | int, /, *, before: str | int | None = None,
             after: str | int | None = None, vdom: str | None = None, timeout: float | None = None) -> Row: ...
    @overload
    def move(self: Node[AsyncMode], key: str | int, /, *, before: str | int | None = None,
             after: str | int | None = None, vdom: str | None = None,
             timeout: float | None = None) -> Coroutine[Any, Any, Row]: ...
    def move(self, key: str | int = NO_KEY, /, *, before: str | int | None = None, after: str | int | None = None,
             vdom: str | None = None, timeout: float | None = None) -> Any:
        """Reorder a table (policies): put object `key` just before or just after another."""
        self._expect("move", "table")
        path = self._item_path(key, "move")
        query = self._query(vdom=vdom, timeout=timeout, action="move", before=before, after=after)
        return self._run(lambda s: _value(plans.send(s, "PUT", path, query, timeout=timeout)))

    @overload
    def clone(self: Node[SyncMode], key: str | int, new_key: str | int, /, *, vdom: str | None = None,
              timeout: float | None = None) -> Row: ...
    @overload
    def clone(self: Node[AsyncMode], key: str | int, new_key: str | int, /, *, vdom: str | None = None,
              timeout: float | None = None) -> Coroutine[Any, Any, Row]: ...
    def clone(self, key: str | int = NO_KEY, new_key: str | int = NO_KEY, /, *, vdom: str | None = None,
              timeout: float | None = None) -> Any:
        """Copy object `key` to a new object `new_key`, on the FortiGate (one request)."""
        self._expect("clone", "table")
        path = self._item_path(key, "clone")
        new_key = self._checked_key(new_key, "clone", "the key of the copy")
        query = self._query(vdom=vdom, timeout=timeout, action="clone", nkey=new_key)
        return self._run(lambda s: _value(plans.send(s, "POST", path, query, timeout=timeout)))

    @overload
    def schema(self: Node[SyncMode], *, vdom: str | None = None, timeout: float | None = None) -> Any: ...
    @overload
    def schema(self: Node[AsyncMode], *, vdom: str | None = None,
               timeout: float | None = None) -> Coroutine[Any, Any, Any]: ...
    def schema(self, *, vdom: str | None = None, timeout: float | None = None) -> Any:
        """The FortiGate's own schema of this table or singleton (`?action=schema`)."""
        self._expect("schema", "table", "singleton")
        path = self._path()
        query = self._query(vdom=vdom, timeout=timeout, action="schema")
        return self._run(lambda s: _value(plans.send(s, "GET", path, query, timeout=timeout)))

    # -- configuration you can trust -----------------------------------------------------------

    @overload
    def ensure(self: Node[SyncMode], data: Mapping[str, Any] | None = None, *, dry_run: bool = False,
               vdom: str | None = None, timeout: float | None = None, **fields: Any) -> Change: ...
    @overload
    def ensure(self: Node[AsyncMode], data: Mapping[str, Any] | None = None, *, dry_run: bool = False,
               vdom: str | None = None, timeout: float | None = None,
               **fields: Any) -> Coroutine[Any, Any, Change]: ...
    def ensure(self, data: Mapping[str, Any] | None = None, *, dry_run: bool = False, vdom: str | None = None,
               timeout: float | None = None, **fields: Any) -> Any:
        """Make the object (its key among the fields) or the singleton hold these fields, writing
        only what differs: nothing, one PUT of the changed fields, or one POST if it is missing.
        Returns a `Change` (`action`, `changed`, `diff`, `result`); `dry_run=True` only reads.
        Secrets are never compared nor sent in an update (FortiOS does not echo them): see
        hfortix.core.compare."""
        _check_flag("dry_run", dry_run)
        wanted = self._wanted("ensure", self._fields(data, fields), vdom, timeout)
        return self._client._run(lambda s: ensure_plan(s, wanted, dry_run=dry_run))  # it checks the firmware

    @overload
    def ensure_many(self: Node[SyncMode], rows: Iterable[Mapping[str, Any]], /, *, dry_run: bool = False,
                    vdom: str | None = None, progress: Progress = None,
                    max_concurrency: int | None = None) -> Changes: ...
    @overload
    def ensure_many(self: Node[AsyncMode], rows: Iterable[Mapping[str, Any]], /, *, dry_run: bool = False,
                    vdom: str | None = None, progress: Progress = None,
                    max_concurrency: int | None = None) -> Coroutine[Any, Any, Changes]: ...
    def ensure_many(self, rows: Iterable[Mapping[str, Any]], /, *, dry_run: bool = False, vdom: str | None = None,
                    progress: Progress = None, max_concurrency: int | None = None) -> Any:
        """`ensure` for each row (wire or keyword field names), one `Change` per row in order. A
        row that fails gets its error in `Change.error` and never stops the others, so running it
        again changes only what is left. Async mode runs up to `max_concurrency` rows at once
        (default: the client's max_concurrency, else 4); `progress(done, total)` after each row, or
        `progress=True` for a bar on stderr when it is a terminal (see hfortix.progress)."""
        self._expect("ensure_many", "table")
        _check_flag("dry_run", dry_run)
        if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
            raise ConfigurationError(f"{self._label}.ensure_many() takes an iterable of rows (mappings), "
                                     f"got {type(rows).__name__}")
        progress_bars.check(progress)
        limit = max_concurrency if max_concurrency is not None else self._client.max_concurrency or ENSURE_CONCURRENCY
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ConfigurationError(f"max_concurrency must be a positive integer, got {limit!r}")
        every = []  # every row is checked before any is sent: bad input is refused whole
        for index, row in enumerate(rows):
            if not isinstance(row, Mapping):
                raise ConfigurationError(f"{self._label}.ensure_many(): row {index} is a {type(row).__name__}, "
                                         "not a mapping of fields")
            every.append(self._wanted("ensure_many", self._row_fields(row, index), vdom, None))
        row_plans = [partial(ensure_plan, wanted=wanted, dry_run=dry_run, keep_errors=True) for wanted in every]
        return self._client._run_all(row_plans, limit, progress, f"ensure {self._label}")

    @overload
    def iterate(self: Node[SyncMode], *, page_size: int = 1000, vdom: str | None = None,
                **read_options: Any) -> Iterator[Row]: ...
    @overload
    def iterate(self: Node[AsyncMode], *, page_size: int = 1000, vdom: str | None = None,
                **read_options: Any) -> AsyncIterator[Row]: ...
    def iterate(self, *, page_size: int = 1000, vdom: str | None = None, **read_options: Any) -> Any:
        """The rows of a table (or of a monitor endpoint that pages, such as
        monitor.firewall.session), `page_size` at a time, holding one page in memory: a sync
        iterator, or in async mode an async iterator (`async for row in ...iterate():`)."""
        endpoint = self.endpoint
        if not paging.pageable(endpoint):
            raise ConfigurationError(f"iterate() does not apply to {self._label}: it reads tables and the "
                                     "monitor endpoints that page with start/count")
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise ConfigurationError(f"page_size must be a positive integer, got {page_size!r}")
        if "start" in read_options or "count" in read_options:
            raise ConfigurationError(f"{self._label}.iterate() pages with start/count itself: leave them out")
        options = {**read_options, "vdom": vdom}
        if endpoint.api != "cmdb":
            options = self._monitor_options(options, None)
        query = self._read_query(options)
        if _multi_vdom(query):
            raise ConfigurationError(f"{self._label}.iterate() reads one VDOM; iterate each VDOM on its own")
        path, timeout = self._path(), options.get("timeout")
        target = self._target(query)
        return self._client._pages(lambda s, cursor: plans.for_firmware(
            s, target, plans.read_page(s, path, query, cursor, page_size=page_size, timeout=timeout)),
            paging.Cursor())

    def _wanted(self, operation: str, body: dict[str, Any], vdom: str | None, timeout: float | None) -> Wanted:
        endpoint = self._expect(operation, "table", "singleton")
        query = self._query(vdom=vdom, timeout=timeout)
        if _multi_vdom(query):
            raise ConfigurationError(f"{self._label}.{operation}() works on one VDOM at a time")
        target = versions.Target(endpoint, label=self._label)
        key = None if endpoint.kind == "singleton" else self._key_of(None, body, operation)
        check_json(body)  # before ensure reads: nothing goes out for a body it could not write
        if key is None:
            return Wanted(target, body, self._path(), None, query, None, timeout)
        return Wanted(target, body, self._item_path(key, operation), self._path(), query, key, timeout)

    def _row_fields(self, row: Mapping[str, Any], index: int) -> dict[str, Any]:
        """A row of ensure_many: wire names as they are, keyword names (`_` for `-`) translated."""
        known = catalog.details(self.endpoint).get("fields") or {}
        wire_names = {name: value for name, value in row.items() if name in known}
        try:
            return {**self._fields(None, {k: v for k, v in row.items() if k not in known}), **wire_names}
        except ConfigurationError as exc:
            raise ConfigurationError(f"row {index}: {exc}") from None

    def _monitor_options(self, options: Mapping[str, Any], key: str | int | None) -> dict[str, Any]:
        """Monitor and log endpoints take their own parameters: a keyword that is no read option
        is one of them (checked against the catalog), and a key is their `mkey`."""
        known = {name: value for name, value in options.items() if name in _READ_OPTIONS}
        own = {name: value for name, value in options.items() if name not in _READ_OPTIONS}
        extra = parameters.checked(self._label, self.endpoint, "GET", own) if own else {}
        if key is not None:
            extra["mkey"] = key
        if extra:
            given = known.get("params")
            if given is not None and not isinstance(given, Mapping):
                raise ConfigurationError(f"params must be a mapping of parameter names to values, "
                                         f"not {type(given).__name__}")
            known["params"] = {**(given or {}), **extra}
        return known

    def _key_of(self, key: str | int | None, body: dict[str, Any], operation: str) -> str | int:
        mkey = self.endpoint.mkey
        if key is None and mkey is not None:
            key = body.get(mkey)
        return self._checked_key(key, operation)


@lru_cache(maxsize=256)
def vdom_query(vdom: str | None) -> tuple[tuple[str, str], ...]:
    """`build_query(vdom=vdom)`, checked once per VDOM name per process (a bad name is never cached)."""
    return build_query(vdom=vdom)


def _check_flag(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise ConfigurationError(f"{name} must be True or False, got {value!r}")


def _multi_vdom(query: tuple[tuple[str, str], ...]) -> bool:
    return any(name == "vdom" and ("," in value or value == "*") for name, value in query)


def _raw(parsed: Any) -> Any:
    if isinstance(parsed, list):
        return {envelope.vdom: dict(envelope.raw) for envelope in parsed}
    return dict(parsed.raw)


def _value(plan: Any, single: bool = False) -> Any:
    """The user-facing value of a call: results for reads (one row for an item), the write
    answer for writes; per VDOM a dict."""
    parsed = yield from plan
    envelopes = parsed if isinstance(parsed, list) else [parsed]
    values = {}
    for envelope in envelopes:
        if envelope.http_method not in (None, "GET") and "results" not in envelope.raw:
            value: Any = dict(envelope.raw)
        else:
            value = envelope.results
            if single and isinstance(value, list):
                value = value[0] if value else None
        values[envelope.vdom] = value
    return values if isinstance(parsed, list) else values[parsed.vdom]
