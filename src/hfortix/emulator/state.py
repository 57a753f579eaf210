"""A folder that keeps an emulator's state across restarts (`--state-dir`).

It holds the CA the HTTPS server is built on (`ca.pem`, `ca-key.pem`: see tls.py), so a client
configured with the first run's CA trusts every later run, and the configuration, saved as
FortiOS configuration text (`config.conf`, what the backup endpoint answers), loaded again when
it starts. A saved configuration is the newest state of the box: it is loaded after any
`--config` file.

A FortiGate writes each change to flash as it is made, so a power cut loses nothing; the
emulator saves when it stops and, while it serves, within `SAVE_EVERY` seconds of a change
(`keep`), so a process killed outright loses at most that last moment. Saving after every
write instead would make a bulk of N creates write N growing files.
"""

from __future__ import annotations

import logging
import os
import tempfile
from typing import Any

import anyio

__all__ = ["CONFIG_FILE", "SAVE_EVERY", "StateDir"]

CONFIG_FILE = "config.conf"
SAVE_EVERY = 0.5  # seconds

logger = logging.getLogger("hfortix.emulator")


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
                file.flush()
                os.fsync(file.fileno())  # on disk before it replaces the last good file
            os.replace(temporary, self.config_path)
        except BaseException:
            os.unlink(temporary)
            raise

    async def keep(self, app: Any, every: float = SAVE_EVERY) -> None:
        """Save `app`'s configuration whenever its revision has moved, checking `every` seconds,
        until cancelled (run it beside the server). The file is written in a worker thread (the
        app's lock keeps the backup whole), so requests are not held up by the disk; a failed
        save is logged and tried again at the next change, and the save at shutdown still raises."""
        saved = app.revision
        while True:
            await anyio.sleep(every)
            revision = app.revision
            if revision == saved:
                continue
            try:
                await anyio.to_thread.run_sync(self.save, app)
            except OSError as exc:
                logger.error("could not save the configuration to %s: %s", self.config_path, exc)
                continue
            saved = revision  # a change made during the save moved it on: saved again next time
