"""core imports no I/O: with socket, ssl, HTTP libraries and event loops made unimportable,
hfortix.core still imports whole and runs a plan end to end against an in-memory fake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BLOCKED = ["socket", "ssl", "select", "selectors", "httpx", "httpcore", "h11", "trio", "anyio", "asyncio",
           "requests", "urllib3", "sniffio"]

SCRIPT = f"""
import sys
BLOCKED = {BLOCKED!r}
for name in BLOCKED:
    sys.modules.pop(name, None)
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"core must not import {{name}}")
        return None
sys.meta_path.insert(0, Block())

import pkgutil, importlib
import hfortix.core as core
for info in pkgutil.iter_modules(core.__path__):
    importlib.import_module("hfortix.core." + info.name)

sys.path.insert(0, {str(Path(__file__).parents[1] / "support")!r})
from fake_fortigate import FakeFortiGate
from hfortix.core import run_sync, catalog
from hfortix.core.auth import TokenAuth
from hfortix.core.plans import Session, send, exists, list_all
fake = FakeFortiGate()
s = Session("https://127.0.0.1:1", TokenAuth("tok"))
run_sync(send(s, "POST", "/api/v2/cmdb/firewall/address", (), {{"name": "a/b"}}), fake, lambda _: None)
assert run_sync(exists(s, "/api/v2/cmdb/firewall/address/a%2Fb"), fake, lambda _: None)
assert [r["name"] for r in run_sync(list_all(s, "/api/v2/cmdb/firewall/address"), fake, lambda _: None)] == ["a/b"]
assert catalog.find("cmdb", "firewall", "address").mkey == "name"
loaded = sorted(set(BLOCKED) & set(sys.modules))
assert not loaded, loaded
print("sans-io ok")
"""


def test_core_runs_with_io_modules_blocked() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "sans-io ok" in result.stdout


def test_core_source_names_no_io_module() -> None:
    core = Path(__file__).resolve().parents[2] / "src" / "hfortix" / "core"
    for source in core.rglob("*.py"):
        for line in source.read_text().splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                assert words[1].split(".")[0] not in BLOCKED, f"{source.name}: {line.strip()}"
