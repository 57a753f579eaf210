"""A folder that keeps an emulator's state across restarts (`--state-dir`).

It holds the CA the HTTPS server is built on (`ca.pem`, `ca-key.pem`: see tls.py), so a client
configured with the first run's CA trusts every later run, and the configuration, saved as
FortiOS configuration text (`config.conf`, what the backup endpoint answers) when the emulator
stops and loaded again when it starts. A saved configuration is the newest state of the box:
it is loaded after any `--config` file.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

__all__ = ["CONFIG_FILE", "StateDir"]

CONFIG_FILE = "config.conf"


class StateDir:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise ValueError(f"the state folder {self.path!r} is a file, not a folder")
        os.makedirs(self.path, mode=0o700, exist_ok=True)  # it holds the CA's private key

    @property
    def config_path(self) -> str:
        return os.path.join(self.path, CONFIG_FILE)

    def restore(self, app: Any) -> bool:
        """Load the saved configuration into `app` (an `EmulatorApp`); False if none was saved."""
        try:
            with open(self.config_path, encoding="utf-8") as file:
                text = file.read()
        except FileNotFoundError:
            return False
        app.load_config(text)
        return True

    def save(self, app: Any) -> None:
        """Write `app`'s configuration (atomically: a crash leaves the previous file whole)."""
        descriptor, temporary = tempfile.mkstemp(dir=self.path, prefix=".config-", suffix=".conf")
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(app.backup())
            os.replace(temporary, self.config_path)
        except BaseException:
            os.unlink(temporary)
            raise
