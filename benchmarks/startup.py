"""Start-up time and memory of hfortix, installed from a wheel, against `import httpx`.

    .venv/bin/python benchmarks/startup.py [--runs 15]

Goals (issue 8): `from hfortix import FortiOS; FortiOS(host, token=...)` in a fresh
interpreter takes no longer than `python -c "import httpx"` measured in the same run, and the
process's RSS after the first `list()` stays within 25 MB.

hfortix is timed from a wheel installed in a throwaway venv, as users get it: these machines
set PYTHONDONTWRITEBYTECODE=1, so an editable install would recompile hfortix at every start.
The wheel is built from a clean copy of this checkout; the dependencies (and httpx for the
baseline) come from this venv through a .pth file, so both commands run in the same
interpreter with the same site-packages. Medians of --runs starts, the two alternating.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from pathlib import Path

from _common import TOKEN, emulator, machine, verdict

ROOT = Path(__file__).resolve().parents[1]
HFORTIX = "from hfortix import FortiOS; FortiOS('127.0.0.1', token='t')"
HTTPX = "import httpx"
RSS = """
import sys
from hfortix import FortiOS
fgt = FortiOS(sys.argv[1], token=sys.argv[2])
fgt.api.cmdb.firewall.address.list()
print(next(line.split()[1] for line in open('/proc/self/status') if line.startswith('VmRSS')))
"""
BASE_RSS = "import httpx; print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmRSS')))"


def wheel_venv(work: Path) -> Path:
    """A venv with hfortix installed from a freshly built wheel; returns its python."""
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache"))
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"),
                    str(source)], check=True, capture_output=True)
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    *map(str, (work / "dist").glob("hfortix-*.whl"))], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # Appended after the venv's own site-packages: hfortix comes from the wheel, the rest from here.
    Path(site, "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def start_seconds(python: Path, code: str) -> float:
    started = time.perf_counter()
    subprocess.run([str(python), "-c", code], check=True, cwd="/")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--this-python", action="store_true",
                        help="time this interpreter's (editable) install instead of a wheel: only to test the script")
    args = parser.parse_args()
    print(f"start-up: {machine()}")
    with tempfile.TemporaryDirectory() as folder:
        python = Path(sys.executable) if args.this_python else wheel_venv(Path(folder))
        located = subprocess.run([str(python), "-c", "import hfortix; print(hfortix.__file__)"], check=True,
                                 capture_output=True, text=True, cwd="/").stdout.strip()
        assert args.this_python or located.startswith(folder), f"hfortix came from {located}, not the wheel"
        for code in (HFORTIX, HTTPX):  # the first start of each warms the OS file cache
            start_seconds(python, code)
        times: dict[str, list[float]] = {HFORTIX: [], HTTPX: []}
        for run in range(args.runs):
            for code in (HFORTIX, HTTPX) if run % 2 == 0 else (HTTPX, HFORTIX):
                times[code].append(start_seconds(python, code))
        ours, baseline = statistics.median(times[HFORTIX]), statistics.median(times[HTTPX])
        with emulator() as ready:
            rss_kb = int(subprocess.run([str(python), "-c", RSS, ready["url"], TOKEN], check=True,
                                        capture_output=True, text=True, cwd="/").stdout)
        base_kb = int(subprocess.run([str(python), "-c", BASE_RSS], check=True, capture_output=True,
                                     text=True, cwd="/").stdout)
        modules = subprocess.run([str(python), "-X", "importtime", "-c", HFORTIX], check=True, capture_output=True,
                                 text=True, cwd="/").stderr.splitlines()
    print(f"{'command (fresh interpreter, wheel install)':76} {'median ms':>10}")
    print(f"{'python -c ' + repr(HFORTIX):76} {ours * 1e3:10.1f}")
    print(f"{'python -c ' + repr(HTTPX) + '  (baseline)':76} {baseline * 1e3:10.1f}")
    print(f"start-up: hfortix / import httpx = {ours / baseline:.2f}, goal {verdict(ours / baseline, 1.0)}")
    print(f"RSS after FortiOS(...).api.cmdb.firewall.address.list(): {rss_kb / 1024:.1f} MB "
          f"(python -c 'import httpx': {base_kb / 1024:.1f} MB), goal {verdict(rss_kb / 1024, 25)}")
    slowest = sorted((line for line in modules if line.startswith("import time:") and "|" in line
                      and line.split("|")[1].strip().isdigit()), key=lambda line: -int(line.split("|")[1]))[:8]
    print("slowest imports of the hfortix start (-X importtime, cumulative us):")
    for line in slowest:
        print("   ", line.removeprefix("import time:").strip())
    print(f"reproduce with: {sys.executable} {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
