"""Running the command line as a user would (tests/shell): `python -m hfortix ...` in a subprocess, against
emulators started once per module (in this process, on loopback)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping

Run = Callable[..., subprocess.CompletedProcess[str]]


def run_hfortix(*args: str, env: Mapping[str, str] | None = None, code: str | None = None,
                ) -> subprocess.CompletedProcess[str]:
    """`python -m hfortix *args` with only the FORTIOS_* variables of `env` (stdin: none, not a
    terminal, as in a script); `code` runs instead of `-m hfortix`, with args as sys.argv[1:]."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("FORTIOS_")}
    environment.update(env or {})
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "hfortix", *args]
    return subprocess.run(command, capture_output=True, text=True, env=environment, stdin=subprocess.DEVNULL,
                          timeout=120, check=False)
