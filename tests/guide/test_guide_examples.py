"""Every ```python block of the user guide, run against a fresh FortiGate emulator on 127.0.0.1.

The guide (`async_guide.md` here, a verbatim copy of ../shared/seed/000_ad9d247b713589dc.txt,
checked below) is the user-facing contract: "every example in it must run as written". Each
block runs in a fresh namespace against its own `FortiGateEmulator` (HTTPS, its own CA), with
only these changes, all mechanical (see README.md next to this file):

* REWRITES below, a table of regex substitutions, points the guide's hosts, tokens and
  `FortiOS(...)` placeholders at the emulator; FORTIOS_HOST / FORTIOS_TOKEN are set, and
  SSL_CERT_FILE names the emulator CA(s), so `verify=True` (the default) trusts the emulator
  as it would trust a FortiGate whose CA is installed. `verify=False` stays: it must work, with
  exactly one InsecureTransportWarning per client, which the test expects (and only that one).
* Imports carry forward: the guide is read top to bottom as one session (block 7 uses the
  `asyncio` and `FortiOS` block 6 imported), so each block first runs the top-level imports of
  the blocks before it. Nothing else carries over: every block gets a fresh emulator.
* Each block is compiled as a Jupyter/IPython cell (`ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`): a block
  with a top-level `await` / `async with` runs inside an `async def` driver under asyncio.run;
  the others run as plain scripts (those ending in `asyncio.run(...)` run that as written).
* Lines `# ... WRONG` / `# ... CORRECT` split a block into parts that run in order in one
  namespace; each WRONG part is run and asserted to fail the way the guide says.
* The one signature block (API Reference) is not code: it is checked against
  `FortiOS.__init__` (names, order, defaults, the mode values).
* Whatever a block leaves open in its namespace is closed afterwards (a fragment is part of a
  larger program); unclosed clients that the guide calls a leak are asserted to warn instead.
  Automatic garbage collection is off while a block runs and the test collects afterwards, so a
  client dropped unclosed is reported by the block that dropped it.
* A guard refuses any connection or name lookup that is not loopback.

Each block's spec (SPECS) seeds the emulator where the example assumes data and asserts what
the example visibly does: printed lines, the address table, the values it binds.
"""

from __future__ import annotations

import ast
import asyncio
import gc
import inspect
import itertools
import re
import socket
import warnings
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from loopback import refuse_other_hosts
from shared_data import SHARED, SKIP_REASON

from hfortix import ConfigurationError, FortiOS
from hfortix.emulator.profile import load_data
from hfortix.testing import FortiGateEmulator
from hfortix.transports import InsecureTransportWarning

HERE = Path(__file__).resolve().parent
GUIDE = HERE / "async_guide.md"
GUIDE_SOURCE = SHARED / "seed" / "000_ad9d247b713589dc.txt"  # the project's shared folder (tests/support)

# -- the rewriting rules ---------------------------------------------------------------------------

#: (pattern, replacement, why), applied in order to every block. They never add or remove a line, so
#: tracebacks keep the guide's line numbers. `\1`, `\g<n>` are the match's groups; then `{url}`,
#: `{token}`, `{url_N}`, `{token_N}` are filled from the running emulator(s) (emulator 1 is `url`/`token`).
REWRITES: list[tuple[str, str, str]] = [
    (r"""host=(['"])(?:192\.168\.\d+\.\d+|\.\.\.)\1""", r"host=\1{url}\1",
     "the guide's FortiGate (host='192.168.1.99', host='...') -> the emulator's URL"),
    (r"""token=(['"])(?:your-api-token|\.\.\.)\1""", r"token=\1{token}\1",
     "placeholder token (token='your-api-token', token='...') -> the emulator's token"),
    (r"""(['"])192\.168\.1\.(?P<n>[1-3])\1""", r"\1{url_\g<n>}\1",
     "Multiple FortiGates: host string '192.168.1.N' -> emulator N's URL (three emulators)"),
    (r"""(['"])token(?P<n>[1-3])\1""", r"\1{token_\g<n>}\1",
     "Multiple FortiGates: 'tokenN' -> emulator N's token"),
    (r"FortiOS\(\.\.\.(?:,\s*)?", "FortiOS(",
     "FortiOS(..., mode=...) Ellipsis placeholder -> removed; FORTIOS_HOST/FORTIOS_TOKEN supply host and token"),
]
#: What must not survive the rewriting: a real-world address or a placeholder.
LEFTOVERS = re.compile(r"192\.168\.|(['\"])\.\.\.\1|\(\.\.\.|your-api-token|\btoken\d\b")


def rewrite(source: str, facts: dict[str, str], used: set[int] | None = None) -> str:
    for number, (pattern, replacement, _why) in enumerate(REWRITES):
        def substitute(match: re.Match[str], replacement: str = replacement, number: int = number) -> str:
            if used is not None:
                used.add(number)
            return match.expand(replacement).format(**facts)

        source = re.sub(pattern, substitute, source)
    return source


# -- the guide, split into blocks and parts --------------------------------------------------------

FENCE = re.compile(r"^```(?P<lang>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
HEADING = re.compile(r"^#{1,6} +(?P<title>.+?)[ \t]*$", re.M)
MARKER = re.compile(r"^#.*\b(?P<label>WRONG|CORRECT)\b")  # "# (x) WRONG - ...", "# (v) ALSO CORRECT - ..."


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, in guide order
    heading: str  # the markdown heading the block sits under
    line: int  # guide line number of the block's first code line
    source: str


@dataclass(frozen=True)
class Part:
    label: str | None  # "WRONG", "CORRECT" or None (no marker)
    line: int
    source: str


def guide_blocks(text: str) -> list[Block]:
    no_code = FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)  # same offsets, no "# comment" headings
    blocks = []
    for number, match in enumerate(FENCE.finditer(text), 1):
        headings = [h["title"] for h in HEADING.finditer(no_code, 0, match.start())]
        line = text.count("\n", 0, match.start("body")) + 1
        blocks.append(Block(number, headings[-1], line, match["body"]))
    return blocks


def split_parts(source: str, first_line: int) -> list[Part]:
    """Cut a block at its `# ... WRONG` / `# ... CORRECT` comment lines (a block without any: one part)."""
    source_lines = source.splitlines(keepends=True)
    cuts = [index for index, text in enumerate(source_lines) if MARKER.match(text)]
    parts = []
    for start, end in itertools.pairwise([0, *cuts, len(source_lines)]):
        chunk = "".join(source_lines[start:end])
        if chunk.strip():
            marker = MARKER.match(source_lines[start])
            parts.append(Part(marker["label"] if marker else None, first_line + start, chunk))
    return parts


def compile_part(part: Part) -> Any:
    tree = ast.parse(part.source, str(GUIDE))
    ast.increment_lineno(tree, part.line - 1)  # tracebacks point at the guide's own lines
    return compile(tree, str(GUIDE), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def is_cell(code: Any) -> bool:
    """True when the code has a top-level await: evaluating it gives a coroutine to await."""
    return bool(code.co_flags & inspect.CO_COROUTINE)


GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")
BLOCKS = guide_blocks(GUIDE_TEXT)


def carried_imports(number: int) -> list[ast.stmt]:
    """The top-level imports of the blocks before block `number` (those that are code)."""
    imports: list[ast.stmt] = []
    for block in BLOCKS[: number - 1]:
        try:
            tree = ast.parse(block.source)
        except SyntaxError:  # the signature block
            continue
        imports += [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
    return imports


# -- what each block is expected to do -------------------------------------------------------------

ADDRESS = ("firewall", "address")
SEEDED_SUBNET = "10.0.0.1/32"
# The addresses a fresh emulator has, as a real FortiGate's factory defaults ("all", "none", ...).
FACTORY_ADDRESSES = len(dict(load_data("factory.json")["objects"])["firewall/address"])


@dataclass
class Run:
    emus: list[FortiGateEmulator]
    ns: dict[str, Any]
    capsys: pytest.CaptureFixture[str]
    out: str = ""

    def subnets(self, emulator: int = 0) -> dict[str, str]:
        return {row["name"]: row["subnet"] for row in self.emus[emulator].app.table(*ADDRESS)}

    def more_output(self) -> str:
        return self.capsys.readouterr().out


WrongCheck = Callable[[Callable[[], Awaitable[None]], dict[str, Any]], Awaitable[None]]


@dataclass(frozen=True)
class Spec:
    heading: str  # must occur in the block's heading: the spec list and the guide stay in step
    treatment: str  # "script", "cell" or "signature": asserted against what the block compiles to
    check: Callable[[Run], None] | None = None
    seed: tuple[str, ...] = ()  # address names that exist before the block runs (emulator 1)
    seed_others: tuple[tuple[str, ...], ...] = ()  # for emulators 2, 3, ...
    emulators: int = 1
    latency_ms: float = 0
    wrong: tuple[WrongCheck, ...] = ()  # one check per WRONG part, in order
    xfail: str | None = None


def lines(out: str) -> list[str]:
    return out.splitlines()


# checks, in guide order -----------------------------------------------------------------------

def check_sync_quick_start(run: Run) -> None:
    assert lines(run.out) == [f"Found {FACTORY_ADDRESSES + 1} addresses", "Address exists!"]  # + web-server


def check_async_quick_start(run: Run) -> None:
    assert lines(run.out) == [f"Found {FACTORY_ADDRESSES + 1} addresses", "Address exists!"]


def check_closed_after_get(run: Run) -> None:
    assert run.ns["result"]["name"] == "web-server"
    with pytest.raises(ConfigurationError, match="closed"):  # "Connection automatically closed"
        asyncio.run(run.ns["fgt"].api.cmdb.firewall.address.list())


def check_concurrent_requests(run: Run) -> None:
    app = run.emus[0].app
    assert lines(run.out) == [
        f"Addresses: {len(app.table('firewall', 'address'))}",
        f"Policies: {len(app.table('firewall', 'policy'))}",
        f"Services: {len(app.table('firewall.service', 'custom'))}",
    ]
    assert run.emus[0].stats.max_in_flight == 3  # "Run multiple requests concurrently"


def check_bulk_create(run: Run) -> None:
    assert lines(run.out) == ["Created: server1", "Created: server2", "Created: server3"]
    subnets = run.subnets()
    assert [subnets[f"server{n}"] for n in (1, 2, 3)] == [f"10.0.1.{n} 255.255.255.255" for n in (10, 11, 12)]


def check_update_or_create(run: Run) -> None:
    assert lines(run.out) == ["Created web-server"]  # not seeded: the create branch
    assert run.subnets()["web-server"] == "10.0.1.50 255.255.255.255"
    asyncio.run(run.ns["update_or_create"]("web-server", {"subnet": "10.0.1.51/32"}))  # now the update branch
    assert lines(run.more_output()) == ["Updated web-server"]
    assert run.subnets()["web-server"] == "10.0.1.51 255.255.255.255"


def check_safe_create(run: Run) -> None:
    # Seeded: the ResourceAlreadyExistsError branch prints its warning and updates instead.
    [line] = lines(run.out)
    assert line.endswith(" web-server already exists")
    assert run.subnets()["web-server"] == "10.0.1.50 255.255.255.255"
    # The other two branches, with the function the block defined.
    assert asyncio.run(run.ns["safe_create"]("db-server", "10.0.2.1/32"))["status"] == "success"
    assert lines(run.more_output())[0].endswith(" Created db-server")
    run.emus[0].inject(500, method="POST")  # a FortiOSAPIError that is not "already exists"
    assert asyncio.run(run.ns["safe_create"]("app-server", "10.0.2.2/32")) is None
    assert " Failed: " in run.more_output()
    assert "app-server" not in run.subnets()


def check_bulk_delete(run: Run) -> None:
    # Seeded with old-server1 only, so both printed branches show.
    assert lines(run.out) == ["[1/2] Deleted: old-server1", "[2/2] Not found: old-server2"]
    assert "old-server1" not in run.subnets()


def check_migration(run: Run) -> None:
    assert len(run.ns["result"]) == FACTORY_ADDRESSES  # listed before server1 was created
    assert run.subnets()["server1"] == "10.0.1.10 255.255.255.255"


def check_performance(run: Run) -> None:
    assert re.fullmatch(r"Sync: \d+\.\d\ds\nAsync: \d+\.\d\ds\n", run.out), run.out
    assert run.emus[0].stats.max_in_flight == 3  # "All three run concurrently!" (sync: one at a time)


def check_rate_limited(run: Run) -> None:
    # The block only defines the function: call it, as the heading says, with 12 items.
    items = [(f"host{n}", f"10.0.3.{n}/32") for n in range(12)]
    results = asyncio.run(run.ns["rate_limited_operations"](items))  # max_concurrent=5
    assert [result["status"] for result in results] == ["success"] * 12
    assert 1 < run.emus[0].stats.max_in_flight <= 5
    assert {f"host{n}" for n in range(12)} <= run.subnets().keys()


def check_fetch_with_timeout(run: Run) -> None:
    # The block only defines the function: call it (the timeout branch would take its 5 s).
    assert [row["name"] for row in asyncio.run(run.ns["fetch_with_timeout"]())] == list(run.subnets())


def check_multiple_fortigates(run: Run) -> None:
    counts = [len(run.subnets(n)) for n in range(3)]
    # seeded differently, so each line shows which FortiGate answered
    assert counts == [FACTORY_ADDRESSES, FACTORY_ADDRESSES + 1, FACTORY_ADDRESSES + 2]
    assert lines(run.out) == [f"{emu.url}: {count} addresses" for emu, count in zip(run.emus, counts, strict=True)]


def check_method_reference(run: Run) -> None:
    ns, subnets = run.ns, run.subnets()
    assert isinstance(ns["items"], list) and ns["item"]["name"] == "web-server"
    assert subnets["new-server"] == "10.0.1.100 255.255.255.255"
    assert subnets["web-server"] == "10.0.1.50 255.255.255.255"
    assert "old-server" not in subnets
    assert ns["exists"] is True


def check_type_hints(run: Run) -> None:
    assert inspect.iscoroutine(run.ns["addresses_coro"])
    assert [row["name"] for row in run.ns["addresses"]] == list(run.subnets())  # a list, annotated `dict`


def check_listed(run: Run) -> None:
    assert [row["name"] for row in run.ns["result"]] == list(run.subnets())


def check_exists_by_mode(run: Run) -> None:
    assert inspect.iscoroutine(run.ns["exists_coro"])
    assert run.ns["exists"] is False  # "test" is not there; a bool in both modes


# WRONG parts ----------------------------------------------------------------------------------

async def wrong_returns_a_coroutine(run: Callable[[], Awaitable[None]], ns: dict[str, Any]) -> None:
    """'Returns coroutine, not data!'"""
    await run()
    result = ns["result"]
    assert inspect.iscoroutine(result) and not isinstance(result, list)
    result.close()  # the point here is the type; the next check shows the warning


async def wrong_never_awaited(run: Callable[[], Awaitable[None]], ns: dict[str, Any]) -> None:
    """'Coroutine was never awaited': Python's RuntimeWarning when the coroutine is dropped."""
    await run()
    assert inspect.iscoroutine(ns["result"])
    with pytest.warns(RuntimeWarning, match="was never awaited"):
        del ns["result"]
        gc.collect()


async def wrong_resource_leak(run: Callable[[], Awaitable[None]], ns: dict[str, Any]) -> None:
    """'resource leak / Missing cleanup!': the client warns when collected unclosed."""
    await run()
    assert isinstance(ns["result"], list)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del ns["fgt"]
        gc.collect()
    leaks = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
    assert any("garbage-collected without 'await fgt.aclose()'" in message for message in leaks), caught
    assert len(leaks) == len(caught), [str(w.message) for w in caught]  # nothing but ResourceWarnings


async def wrong_aclose_in_sync_mode(run: Callable[[], Awaitable[None]], ns: dict[str, Any]) -> None:
    """'Cannot call 'aclose' in sync mode'."""
    with pytest.raises(ConfigurationError, match=r"^Cannot call 'aclose' in sync mode"):
        await run()


SPECS: list[Spec] = [
    Spec("Sync Mode (Default)", "script", check_sync_quick_start, seed=("web-server",)),
    Spec("Async Mode", "script", check_async_quick_start, seed=("web-server",)),
    Spec("Mode Parameter", "signature"),
    Spec("Async Context Manager", "cell", check_closed_after_get, seed=("web-server",)),
    Spec("Async Context Manager", "cell", check_closed_after_get, seed=("web-server",)),
    Spec("1. Concurrent Requests", "script", check_concurrent_requests, latency_ms=100),
    Spec("2. Bulk Operations", "script", check_bulk_create),
    Spec("3. Conditional Operations", "script", check_update_or_create),
    Spec("4. Error Handling", "script", check_safe_create, seed=("web-server",)),
    Spec("5. Progress Tracking", "script", check_bulk_delete, seed=("old-server1",)),
    Spec("From Sync to Async", "script", check_migration),
    Spec("From Sync to Async", "script", check_migration),
    Spec("Concurrent Operations", "script", check_performance, latency_ms=100),
    Spec("Rate Limiting", "script", check_rate_limited, latency_ms=50),
    Spec("Timeout Handling", "script", check_fetch_with_timeout),
    Spec("Multiple FortiGates", "script", check_multiple_fortigates, emulators=3,
         seed_others=(("extra-1",), ("extra-1", "extra-2"))),
    Spec("All Methods Support Async", "cell", check_method_reference, seed=("web-server", "old-server")),
    Spec("Type Hints & IDE Support", "cell", check_type_hints),
    Spec("1. Mode Must Be Consistent", "cell", check_listed, wrong=(wrong_returns_a_coroutine,)),
    Spec("2. Always Use Async Context Manager", "cell", wrong=(wrong_resource_leak,)),
    Spec("3. Helper Methods Return Coroutines in Async Mode", "cell", check_exists_by_mode),
    Spec('"RuntimeError: This event loop is already running"', "cell", check_listed),
    Spec('"Coroutine was never awaited"', "cell", check_listed, wrong=(wrong_never_awaited,)),
    Spec("\"Cannot call 'aclose' in sync mode\"", "cell", check_listed, wrong=(wrong_aclose_in_sync_mode,)),
]


# -- running a block -------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse (and record) any connection or name lookup that is not loopback."""
    refused = refuse_other_hosts(monkeypatch, "guide test")
    yield refused
    assert not refused, f"non-loopback traffic attempted: {refused}"


def emulator_facts(emus: list[FortiGateEmulator]) -> dict[str, str]:
    facts = {"url": emus[0].url, "token": str(emus[0].token)}
    for number, emu in enumerate(emus, 1):
        facts[f"url_{number}"], facts[f"token_{number}"] = emu.url, str(emu.token)
    return facts


async def close_leftovers(ns: dict[str, Any]) -> None:
    for value in list(ns.values()):
        if isinstance(value, FortiOS):
            if value.mode == "async":
                await value.aclose()
            else:
                value.close()


async def drive(parts: list[tuple[Part, Any]], ns: dict[str, Any], wrong: Iterator[WrongCheck]) -> None:
    """Run the parts of one cell in order, inside a running event loop."""
    for part, code in parts:
        async def run(code: Any = code) -> None:
            result = eval(code, ns)
            if inspect.iscoroutine(result):
                await result

        if part.label == "WRONG":
            await next(wrong)(run, ns)
        else:
            await run()
    await close_leftovers(ns)


def execute(block: Block, spec: Spec, source: str, ns: dict[str, Any]) -> None:
    parts = [(part, compile_part(part)) for part in split_parts(source, block.line)]
    wrong_parts = [part for part, _ in parts if part.label == "WRONG"]
    assert len(wrong_parts) == len(spec.wrong), "one check per WRONG part"
    cell = any(is_cell(code) for _, code in parts)
    assert spec.treatment == ("cell" if cell else "script"), f"block {block.number} is a {spec.treatment}?"
    imports = ast.Module(body=carried_imports(block.number), type_ignores=[])
    exec(compile(imports, "<imports of earlier blocks>", "exec", dont_inherit=True), ns)
    gc.collect()  # earlier garbage is not this block's
    gc.disable()  # and this block's cyclic garbage is collected, and checked, at the end
    try:
        if cell:
            asyncio.run(drive(parts, ns, iter(spec.wrong)))
        else:
            for _, code in parts:
                exec(code, ns)
            asyncio.run(close_leftovers(ns))
    finally:
        dropped = collect_garbage()
        gc.enable()
    assert not dropped, "garbage-collected unclosed: " + "; ".join(dropped)


def collect_garbage() -> list[str]:
    """Collect now, so that whatever the block dropped unclosed is reported by its own test.

    A FortiOS client sits in a reference cycle (client -> api -> client): dropped, it is
    finalized by the cyclic collector, at whatever moment that runs. Automatic collection is
    off while a block runs; this collects what the block left behind and returns the warnings
    that raised (a ResourceWarning in a finalizer could not fail the test otherwise).
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gc.collect()
    return [f"{w.category.__name__}: {w.message}" for w in caught]


def check_signature(block: Block) -> None:
    """The API Reference block `FortiOS(host: str, ...)` is a signature: compare it with __init__."""
    source = block.source.strip()
    assert source.startswith("FortiOS(") and source.endswith(")")
    function = ast.parse(f"def {source}: ...").body[0]
    assert isinstance(function, ast.FunctionDef)
    arguments = function.args.args
    guide_defaults = dict(zip([a.arg for a in arguments[len(arguments) - len(function.args.defaults):]],
                              function.args.defaults, strict=True))
    library = list(inspect.signature(FortiOS.__init__).parameters.values())[1:]  # without self
    positional = [p for p in library if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    assert [a.arg for a in arguments] == [p.name for p in positional[: len(arguments)]]
    for argument in arguments:
        parameter = next(p for p in library if p.name == argument.arg)
        if argument.arg in guide_defaults:
            assert parameter.default == ast.literal_eval(guide_defaults[argument.arg]), argument.arg
        else:  # required in the guide: the library may only widen that to None (FORTIOS_HOST fills it)
            assert parameter.default in (inspect.Parameter.empty, None), argument.arg
    mode = next(a for a in arguments if a.arg == "mode").annotation
    assert isinstance(mode, ast.Subscript) and ast.unparse(mode.value) == "Literal"
    values = ast.literal_eval(mode.slice)
    assert values == ("sync", "async")
    for value in values:  # FORTIOS_HOST / FORTIOS_TOKEN are set: both modes construct
        client = FortiOS(mode=value)
        assert client.mode == value
        asyncio.run(close_leftovers({"client": client}))
    with pytest.raises(ConfigurationError, match="mode must be 'sync' or 'async'"):
        FortiOS(mode="threads")


def spec_params() -> list[Any]:
    params = []
    for number, spec in enumerate(SPECS, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", spec.heading.lower()).strip("-")
        marks = [pytest.mark.xfail(strict=True, reason=spec.xfail)] if spec.xfail else []
        params.append(pytest.param(number, id=f"{number:02d}-{slug}", marks=marks))
    return params


@pytest.mark.parametrize("number", spec_params())
def test_guide_block(number: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                     capsys: pytest.CaptureFixture[str]) -> None:
    block, spec = BLOCKS[number - 1], SPECS[number - 1]
    assert spec.heading in block.heading, f"SPECS and the guide are out of step at block {number}"
    with ExitStack() as stack:
        emus = [stack.enter_context(FortiGateEmulator(latency_ms=spec.latency_ms)) for _ in range(spec.emulators)]
        for emu, names in zip(emus, (spec.seed, *spec.seed_others), strict=False):
            for name in names:
                emu.app.add_object(*ADDRESS, {"name": name, "subnet": SEEDED_SUBNET})
        bundle = tmp_path / "emulator-cas.pem"
        bundle.write_text("".join(Path(str(emu.ca)).read_text() for emu in emus))
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # verify=True trusts the emulators, as if installed
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        monkeypatch.setenv("FORTIOS_HOST", emus[0].url)
        monkeypatch.setenv("FORTIOS_TOKEN", str(emus[0].token))
        monkeypatch.delenv("FORTIOS_USERNAME", raising=False)
        monkeypatch.delenv("FORTIOS_PASSWORD", raising=False)
        if spec.treatment == "signature":
            check_signature(block)
            return
        source = rewrite(block.source, emulator_facts(emus))
        ns: dict[str, Any] = {"__name__": "__main__"}
        insecure = source.count("verify=False")
        if insecure:  # kept as written: it must work, with one InsecureTransportWarning per client
            with pytest.warns(InsecureTransportWarning) as record:
                execute(block, spec, source, ns)
            assert sum(issubclass(w.category, InsecureTransportWarning) for w in record) == insecure
        else:
            execute(block, spec, source, ns)
        run = Run(emus, ns, capsys, capsys.readouterr().out)
        if spec.check is not None:
            spec.check(run)


# -- bookkeeping: every block is handled, the rules are all used, nothing is left pointing outside ----

def test_every_block_is_handled() -> None:
    fences = re.findall(r"^```(\S*)", FENCE.sub("", GUIDE_TEXT), re.M)
    assert fences == [], f"an unclosed or unparsed fence: {fences}"
    assert [m["lang"] for m in FENCE.finditer(GUIDE_TEXT)] == ["python"] * len(BLOCKS)
    assert len(BLOCKS) == len(SPECS) == 24
    assert [spec.heading in block.heading for block, spec in zip(BLOCKS, SPECS, strict=True)] == [True] * 24
    labels = {block.number: [part.label for part in split_parts(block.source, block.line)] for block in BLOCKS}
    assert {number: found for number, found in labels.items() if found != [None]} == {
        19: ["WRONG", "CORRECT"],
        20: ["CORRECT", "CORRECT", "WRONG"],
        23: ["WRONG", "CORRECT"],
        24: ["WRONG", "CORRECT"],
    }
    assert [len(spec.wrong) for spec in SPECS] == [found.count("WRONG") for found in labels.values()]


def test_rewrites_are_all_used_and_leave_nothing_behind() -> None:
    facts = {"url": "https://127.0.0.1:1", "token": "T"}
    facts |= {f"{key}_{n}": value for key, value in list(facts.items()) for n in (1, 2, 3)}
    used: set[int] = set()
    for block in BLOCKS:
        after = rewrite(block.source, facts, used)
        assert after.count("\n") == block.source.count("\n")
        assert not LEFTOVERS.search(after), (block.number, LEFTOVERS.search(after))
    assert used == set(range(len(REWRITES)))


def test_the_copy_is_the_guide() -> None:
    if not GUIDE_SOURCE.exists():
        pytest.skip(SKIP_REASON)
    assert GUIDE.read_bytes() == GUIDE_SOURCE.read_bytes(), "the guide changed: copy it again and update SPECS"


def test_the_guard_refuses_other_hosts(loopback_only: list[str]) -> None:
    with pytest.raises(PermissionError, match="loopback only"):
        socket.create_connection(("192.0.2.1", 443), timeout=1)
    assert loopback_only == ["192.0.2.1"]
    loopback_only.clear()
