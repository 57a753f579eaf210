"""Monitor answers recorded from a real FortiGate (`hfortix record`), served by the emulator
(`--answers FILE`, `EmulatorApp(answers=...)`) in place of its own.

The file (format `hfortix-answers/1`):

    {"format": "hfortix-answers/1",
     "recorded": {"version": "v7.4.5", "build": 2702, "vdom": "root"},
     "redacted": {"serials": true, "secrets": true, "addresses": false},
     "answers": {"system/status": {"GET": {...the results...}}, "license/status": {"GET": ...}}}

Keys are monitor endpoints as `path/name[/action]` ("select" left out). A recorded answer is
what the box answered for its management VDOM; the emulator gives it for every VDOM, inside its
own envelope. Where the recording redacted the box's serial it wrote `{serial}`, which the
emulator replaces with its own.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Mapping
from typing import Any

__all__ = ["FORMAT", "SERIAL", "RecordedAnswers"]

FORMAT = "hfortix-answers/1"
SERIAL = "{serial}"


class RecordedAnswers:
    def __init__(self, document: Mapping[str, Any]) -> None:
        if not isinstance(document, Mapping) or document.get("format") != FORMAT:
            found = document.get("format") if isinstance(document, Mapping) else type(document).__name__
            raise ValueError(f"recorded answers must be a {FORMAT!r} document, not {found!r}")
        answers = document.get("answers")
        if not isinstance(answers, Mapping) or not all(
            isinstance(key, str) and isinstance(methods, Mapping) and set(methods) <= {"GET", "POST"}
            for key, methods in answers.items()
        ):
            raise ValueError("'answers' must map 'path/name' to {'GET': ..., 'POST': ...}")
        self.document = document
        self._answers: dict[tuple[str, str], Any] = {
            (key.strip("/").removesuffix("/select"), method): results
            for key, methods in answers.items()
            for method, results in methods.items()
        }

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> RecordedAnswers:
        try:
            with open(path, encoding="utf-8") as file:
                return cls(json.load(file))
        except OSError as exc:
            raise ValueError(f"cannot read the recorded answers {os.fspath(path)!r}: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise ValueError(f"{os.fspath(path)!r} is not JSON: {exc}") from exc

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: str, method: str, serial: str) -> tuple[bool, Any]:
        """(True, the recorded results with `serial` put back) or (False, None)."""
        if (key, method) not in self._answers:
            return False, None
        return True, _with_serial(copy.deepcopy(self._answers[(key, method)]), serial)


def _with_serial(value: Any, serial: str) -> Any:
    if isinstance(value, str):
        return value.replace(SERIAL, serial) if SERIAL in value else value
    if isinstance(value, list):
        return [_with_serial(item, serial) for item in value]
    if isinstance(value, dict):
        return {key: _with_serial(item, serial) for key, item in value.items()}
    return value
