"""The `cli` extra is optional: without rich (and PyYAML) the shell says what to install, the
emulator still runs, and the library never imports them for its own work."""

from __future__ import annotations

import json
import subprocess
import sys

from shell_runner import Run, run_hfortix

BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("rich", "yaml"):
            raise ImportError(f"No module named {name!r} (blocked by the test)")
        return None
sys.meta_path.insert(0, Block())
"""
WITHOUT_EXTRA = BLOCK + "from hfortix.__main__ import main\nsys.exit(main(sys.argv[1:]))\n"


def test_without_the_extra_the_shell_says_what_to_install(hfortix: Run) -> None:
    for args in (["get", "monitor/system/status", "--host", "127.0.0.1:9", "--token", "t"], ["endpoints"]):
        done = run_hfortix(*args, code=WITHOUT_EXTRA)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.strip().splitlines() == [
            f"hfortix {args[0]}: needs the command-line extra (rich, PyYAML), which is not installed: "
            "pip install 'hfortix[cli]'"]
    help_text = run_hfortix("--help", code=WITHOUT_EXTRA)  # the command line itself still works
    assert help_text.returncode == 0 and "emulator" in help_text.stdout and "fleet" in help_text.stdout


def test_the_emulator_runs_without_the_extra() -> None:
    with subprocess.Popen([sys.executable, "-c", WITHOUT_EXTRA, "emulator", "--http"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            ready = json.loads(process.stdout.readline())
            assert ready["url"].startswith("http://127.0.0.1:")
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_the_library_imports_neither_rich_nor_yaml() -> None:
    code = BLOCK.replace("raise ImportError", "raise AssertionError") + """
import hfortix
from hfortix import FortiOS, Fleet, Device
from hfortix.emulator.app import EmulatorApp
from hfortix.transports import InMemoryTransport
app = EmulatorApp(token="t")
with FortiOS("fgt.test", token="t", transport=InMemoryTransport(app)) as fgt:
    assert fgt.api.monitor.system.status.get()["hostname"]
    seen = []
    changes = fgt.api.cmdb.firewall.address.ensure_many([{"name": "a", "subnet": "10.0.0.1/32"}],
                                                        progress=lambda done, total: seen.append(done))
    assert changes[0].action == "create" and seen == [1]
    fgt.api.cmdb.firewall.address.ensure_many([{"name": "b"}], progress=True)  # no terminal: no bar, no rich
    assert fgt.backup().startswith("#config-version=")
assert not {"rich", "yaml"} & set(sys.modules), sorted({"rich", "yaml"} & set(sys.modules))
print("no rich")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL, check=False)
    assert done.returncode == 0 and "no rich" in done.stdout, done.stderr
