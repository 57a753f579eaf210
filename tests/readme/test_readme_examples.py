"""Every ```python block of README.md runs, as written, against a FortiGate emulator on 127.0.0.1.

The blocks are read from README.md when the tests are collected, so an example added later is
run too. Each block gets a fresh emulator (HTTPS, its own CA) and a fresh namespace; the only
changes are the substitutions in SUBSTITUTIONS below, which point the README's placeholders
(a TEST-NET address, the token `…`, a CA file) at that emulator. They never add or remove a
line, so a traceback points at the README's own line. Imports carry forward, as the README
reads as one session (the emulator block uses the `FortiOS` imported above it). A block with a
top-level `await` runs inside an async function under asyncio.run; the others run as scripts.
Warnings are errors (pytest's setting), and a guard refuses any traffic that is not loopback.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from loopback import refuse_other_hosts

from hfortix.testing import FortiGateEmulator

README = Path(__file__).resolve().parents[2] / "README.md"

#: (pattern, replacement, what it stands for): the only changes made to a block before it runs.
#: `{host}`, `{token}` and `{ca}` are filled from the block's emulator.
SUBSTITUTIONS: list[tuple[str, str, str]] = [
    (r"""(['"])192\.0\.2\.\d{1,3}(?::\d+)?\1""", r"\1{host}\1",
     "the README's FortiGate, a TEST-NET-1 address such as '192.0.2.10:8443' -> the emulator's host:port"),
    (r"""token=(['"])…\1""", r"token=\1{token}\1", "the placeholder token='…' -> the emulator's token"),
    (r"""verify=(['"])[\w./-]+\.pem\1""", r"verify=\1{ca}\1",
     "the FortiGate's CA bundle (verify='fortigate-ca.pem') -> the emulator's CA"),
]

FENCE = re.compile(r"^```python\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)

#: README sections whose blocks another test runs as written, because they need more than an
#: emulator (the fleet examples read the inventory file the section's TOML block shows).
RUN_ELSEWHERE = {"## Many FortiGates": Path(__file__).resolve().parents[1] / "shell" / "test_readme_fleet.py"}


@dataclass(frozen=True)
class Block:
    number: int
    line: int  # README line of the block's first code line
    source: str


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    return [Block(number, text.count("\n", 0, match.start("body")) + 1, match["body"])
            for number, match in enumerate(FENCE.finditer(text), 1)]


def section_of(block: Block) -> str:
    lines = README.read_text(encoding="utf-8").splitlines()[: block.line]
    return next((line for line in reversed(lines) if line.startswith("## ")), "")


BLOCKS = readme_blocks()


def substitute(source: str, facts: dict[str, str]) -> str:
    for pattern, replacement, _what in SUBSTITUTIONS:
        source = re.sub(pattern, lambda match, r=replacement: match.expand(r).format(**facts), source)
    return source


def carried_imports(block: Block) -> list[ast.stmt]:
    return [node for earlier in BLOCKS[: block.number - 1] for node in ast.parse(earlier.source).body
            if isinstance(node, ast.Import | ast.ImportFrom)]


def compiled(block: Block, source: str) -> Any:
    tree = ast.parse(source, str(README))
    ast.increment_lineno(tree, block.line - 1)  # tracebacks point at the README's own lines
    tree.body[:0] = carried_imports(block)
    return compile(tree, str(README), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    refused = refuse_other_hosts(monkeypatch, "README test")
    yield
    assert not refused, f"non-loopback traffic attempted: {refused}"


def test_the_readme_has_python_examples_and_every_placeholder_is_substituted() -> None:
    assert len(BLOCKS) >= 3
    facts = {"host": "127.0.0.1:1", "token": "T", "ca": "/tmp/ca.pem"}
    for block in BLOCKS:
        after = substitute(block.source, facts)
        assert after.count("\n") == block.source.count("\n")
        assert not re.search(r"192\.0\.2\.|\"…\"|'…'", after), (block.number, after)


def test_sections_run_elsewhere_have_their_test() -> None:
    sections = {section_of(block) for block in BLOCKS}
    for section, test in RUN_ELSEWHERE.items():
        assert section in sections and test.is_file(), (section, test)


@pytest.mark.parametrize("block", [block for block in BLOCKS if section_of(block) not in RUN_ELSEWHERE],
                         ids=lambda block: f"block{block.number}-line{block.line}")
def test_readme_block_runs_as_written(block: Block, capsys: pytest.CaptureFixture[str]) -> None:
    with FortiGateEmulator(vdoms=("root", "dmz")) as emu:
        code = compiled(block, substitute(block.source, {"host": emu.host, "token": str(emu.token),
                                                         "ca": str(emu.ca)}))
        namespace: dict[str, Any] = {"__name__": "__main__"}
        if inspect.CO_COROUTINE & code.co_flags:
            asyncio.run(eval(code, namespace))
        else:
            exec(code, namespace)
        for value in list(namespace.values()):  # what a block leaves open, its program would close
            if type(value).__name__ == "FortiOS" and getattr(value, "mode", None) == "sync":
                value.close()
        if 'create(name="web-server"' in block.source:  # the first example: what it visibly does
            rows = {row["name"]: row for row in emu.app.table("firewall", "address")}
            assert rows["web-server"]["comment"] == "front end" and "db" in rows
            assert "web-server 10.0.1.50 255.255.255.255" in capsys.readouterr().out
