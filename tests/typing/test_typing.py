"""mypy --strict and pyright over the probe files, as a user's project would run them.

`probes/mistakes.py` holds one deliberate mistake per line, marked by an `error:` comment (endpoint and
field typos, bad option values, wrong row keys, the wrong method for an endpoint's kind, a
missing await, a sync close() on an async client, ...); the other probes are correct code.
Both checkers must report exactly the marked lines: every mistake on its own line, nothing
else. The guide's "Type Hints & IDE Support" block is checked with them, as its readers would
run it (see `guide_block`). One run of each checker covers every file, the two side by side.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
PROBES = sorted((HERE / "probes").glob("*.py"))
GUIDE = HERE.parent / "guide" / "async_guide.md"
Reported = dict[str, set[int]]  # file name -> the lines a checker reports


def guide_block(folder: Path) -> Path:
    """The guide's Type Hints block, verbatim, as a probe: inside `async def` (the guide writes a
    top-level `await`, as a notebook cell does), and with mypy's `no-redef` and `type-arg` off
    (it annotates `addresses` twice and writes a bare `dict`; mypy reports both whatever the
    library's types, and neither is what the block is about). pyright checks it unchanged."""
    text = GUIDE.read_text()
    section = text[text.index("Type Hints & IDE Support"):]
    block = re.search(r"```python\n(.*?)```", section, re.S)
    assert block is not None, "the guide's Type Hints block is gone"
    lines = block.group(1).splitlines()
    imports = [line for line in lines if line.startswith(("from ", "import "))]
    body = [line for line in lines if line not in imports]
    probe = folder / "guide_type_hints.py"
    probe.write_text("\n".join([
        '# mypy: disable-error-code="no-redef, type-arg"', *imports, "", "",
        "async def type_hints_block() -> None:", *("    " + line if line else "" for line in body), ""]))
    return probe


def mypy_command(files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--no-error-summary", *map(str, files)]


def pyright_command(files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "pyright", "--outputjson", "--pythonpath", sys.executable, *map(str, files)]


def mypy_reports(output: str) -> Reported:
    reported: Reported = {}
    for match in re.finditer(r"^(.+?):(\d+): error: ", output, re.M):
        reported.setdefault(Path(match[1]).name, set()).add(int(match[2]))
    return reported


def pyright_reports(output: str) -> Reported:
    reported: Reported = {}
    for diagnostic in json.loads(output)["generalDiagnostics"]:
        if diagnostic["severity"] in ("error", "warning"):
            line = diagnostic["range"]["start"]["line"] + 1
            reported.setdefault(Path(diagnostic["file"]).name, set()).add(line)
    return reported


def marked(files: list[Path]) -> Reported:
    expected: Reported = {}
    for path in files:
        lines = {number for number, line in enumerate(path.read_text().splitlines(), 1) if "  # error: " in line}
        if lines:
            expected[path.name] = lines
    return expected


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Reported, str]]:
    # From a folder outside the checkout, as a user's project would: hfortix is found as installed.
    folder = tmp_path_factory.mktemp("typing")
    files = [*PROBES, guide_block(folder)]
    runs = {
        "mypy": subprocess.Popen(mypy_command(files), cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env=dict(os.environ)),
        "pyright": subprocess.Popen(pyright_command(files), cwd=folder, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=dict(os.environ)),
    }
    outputs = {name: run.communicate(timeout=600)[0] for name, run in runs.items()}
    return {"mypy": (mypy_reports(outputs["mypy"]), outputs["mypy"]),
            "pyright": (pyright_reports(outputs["pyright"]), outputs["pyright"])}


@pytest.mark.parametrize("checker", ["mypy", "pyright"])
def test_each_mistake_is_reported_on_its_line_and_nothing_else(checker: str, checked: dict[str, tuple[Reported, str]]
                                                                ) -> None:
    reported, output = checked[checker]
    expected = marked(PROBES)
    assert expected["mistakes.py"], "the mistakes probe lost its markers"
    assert reported == expected, output


def test_the_probes_cover_what_the_issue_lists() -> None:
    mistakes = (HERE / "probes" / "mistakes.py").read_text()
    for what in ("namespace typo", "endpoint typo", "field typo", "option", "row key", "singleton has no list",
                 "monitor endpoints get", "missing await", "aclose()"):
        assert what in mistakes, what


def test_both_checkers_find_hfortix_from_inside_the_checkout() -> None:
    # The README's editable install is a plain path entry (src/): seen from the checkout too,
    # where mypy also reads pyproject.toml's [tool.mypy].
    probe = HERE / "probes" / "correct_async.py"
    runs = [subprocess.Popen(command([probe]), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for command in (mypy_command, pyright_command)]
    mypy_output, pyright_output = (run.communicate(timeout=600)[0] for run in runs)
    assert runs[0].returncode == 0, mypy_output
    assert runs[1].returncode == 0 and not pyright_reports(pyright_output), pyright_output


def test_a_users_mypy_reads_no_other_package_through_hfortix(tmp_path: Path) -> None:
    # mypy follows every import of an installed typed package, those inside functions too; the
    # transports, anyio, rich and the rest are loaded by the running program only
    # (hfortix/_runtime.py), so `from hfortix import FortiOS` costs a user's mypy hfortix alone.
    script = tmp_path / "script.py"
    script.write_text('from hfortix import FortiOS\n\nprint(FortiOS("192.0.2.10", token="x"))\n')
    run = subprocess.run([*mypy_command([script]), "-v", "--cache-dir", str(tmp_path / "cache")], cwd=tmp_path,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    parsed = set(re.findall(r"Parsing \S+ \(([\w.]+)\)", run.stderr))
    stdlib = set(sys.stdlib_module_names) | {"builtins", "typing_extensions", "_typeshed", "mypy_extensions", "script"}
    others = sorted(name for name in parsed if name.split(".")[0] not in stdlib and name.split(".")[0] != "hfortix")
    assert "hfortix.client" in parsed and not others, others
    assert not any(name.startswith("hfortix.transports") for name in parsed)
