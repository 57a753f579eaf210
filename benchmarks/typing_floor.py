"""What pyright pays for the tree's shape alone: the stubs with every TypedDict taken out, against the anchor.

    .venv/bin/python benchmarks/typing_floor.py --anchor /tmp/anchor-venv/bin/python [--repeat 5]

typing_cost.py measures the stubs as they are. This asks how low any stubs of this shape could
go: a copy of `src/hfortix` whose `_tree` has no TypedDict at all (every row and fields
TypedDict becomes `dict[str, Any]`, every `**fields: Unpack[...]` becomes `**fields: Any`),
leaving the namespaces, endpoint classes, overloads, Literals and docstrings. If that
skeleton already costs pyright more than half of what the anchor's stubs cost (above a script
importing nothing), then no typing of rows and fields on this shape meets issue 9's goal.

Each side is checked from a fresh temporary folder, alternating, `--repeat` times; the figure
is the least CPU (user + system of pyright and its node process) and the least peak RSS,
the fairest on a machine whose speed swings (see RESULTS.md). Both copies must check their
script without an error (the anchor's script has four, from the anchor's own stubs). The copies are found by
pyright through a throwaway venv each whose `.pth` names the copy.
"""

from __future__ import annotations

import argparse
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
measure = runpy.run_path(str(HERE / "typing_cost.py"))["measure"]
SCRIPTS = HERE / "typing_cost"

_TYPEDDICT = re.compile(r'^(\w+) = TypedDict\("\w+", \{.*?\}(?:, total=False)?\)$', re.M | re.S)
_UNPACKED = re.compile(r"\*\*fields: Unpack\[\w+\]")


def skeleton(tree: Path) -> int:
    """Take every functional TypedDict out of the stubs under `tree`; how many were taken."""
    count = 0
    for stub in tree.rglob("*.pyi"):
        text, taken = _TYPEDDICT.subn(r"\1 = dict[str, Any]", stub.read_text())
        stub.write_text(_UNPACKED.sub("**fields: Any", text))
        count += taken
    return count


def copy_with_venv(folder: Path, name: str) -> str:
    """A copy of src/hfortix under folder/name, and the python of a venv that finds it."""
    shutil.copytree(ROOT / "src" / "hfortix", folder / name / "hfortix",
                    ignore=shutil.ignore_patterns("__pycache__"))
    venv = folder / f"{name}-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "copy.pth").write_text(str(folder / name) + "\n")
    return str(venv / "bin" / "python")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--anchor", required=True, help="python of the venv with hfortix-fortios 0.5.164")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pyright = str(Path(sys.executable).parent / "pyright")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        typed = copy_with_venv(folder, "typed")
        bare_tree = copy_with_venv(folder, "skeleton")
        taken = skeleton(folder / "skeleton" / "hfortix" / "_tree")
        sides = {"bare": (sys.executable, "bare_script.py"), "anchor": (args.anchor, "anchor_script.py"),
                 "typed": (typed, "hfortix_script.py"), "skeleton": (bare_tree, "hfortix_script.py")}
        best: dict[str, tuple[float, int]] = {}
        for _ in range(args.repeat):
            for side, (python, script) in sides.items():
                with tempfile.TemporaryDirectory() as work:
                    shutil.copy(SCRIPTS / script, Path(work) / "script.py")
                    _, cpu, rss, status = measure([pyright, "--pythonpath", python, "script.py"], Path(work))
                if status != 0 and side != "anchor":  # broken stubs would check fast and prove nothing
                    raise SystemExit(f"pyright reported errors on the {side} side (exit status {status})")
                cpu0, rss0 = best.get(side, (cpu, rss))
                best[side] = (min(cpu, cpu0), min(rss, rss0))
    print(f"pyright, least of {args.repeat} runs each; the skeleton: {taken} TypedDicts taken out of the stubs")
    bare_cpu, bare_rss = best["bare"]
    anchor_cpu = best["anchor"][0] - bare_cpu
    print(f"{'side':<9} {'CPU s':>6} {'MB':>5} {'CPU above bare':>15} {'MB above bare':>14} {'/ anchor':>9}")
    for side, (cpu, rss) in best.items():
        above = "" if side == "bare" else (f"{cpu - bare_cpu:>15.2f} {rss - bare_rss:>14.0f} "
                                           f"{(cpu - bare_cpu) / anchor_cpu:>9.2f}")
        print(f"{side:<9} {cpu:>6.2f} {rss:>5.0f} {above}")
    floor = (best["skeleton"][0] - bare_cpu) / anchor_cpu
    print(f"the goal is half the anchor above bare; the skeleton alone is {floor:.2f} of it: "
          + ("within reach" if floor <= 0.5 else "out of reach on this shape"))
    print(f"reproduce with: .venv/bin/python benchmarks/typing_floor.py --anchor {args.anchor} --repeat {args.repeat}")


if __name__ == "__main__":
    main()
