"""Who the emulated FortiGate is (firmware, build, serial) and which FortiOS behaviours it shows.

`Quirks` gathers every behaviour that changed across FortiOS releases or that public sources
disagree on (docs/fortios-wire-format.md). `Quirks.for_firmware()` picks what a real FortiGate
of that release does; tests and users can flip any of them on `app.quirks` afterwards.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from hfortix.core.catalog import parse_version


@cache
def load_data(name: str) -> Any:
    """One of the emulator's JSON data files (hfortix/emulator/data/), parsed once per process."""
    return json.loads(resources.files(__package__).joinpath("data", name).read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class Firmware:
    """A FortiOS release: `text` "7.6.5", `version` "v7.6.5" (as in envelopes), `build`."""

    text: str
    numbers: tuple[int, ...]
    build: int

    @classmethod
    def parse(cls, firmware: str) -> Firmware:
        numbers = parse_version(firmware)
        text = ".".join(str(part) for part in numbers)
        builds: dict[str, int] = load_data("firmware.json")["builds"]
        # Builds not seen in a capture are synthetic: increasing with the version, never real.
        build = builds.get(f"v{text}", 1000 + numbers[1] * 100 + numbers[2] * 7 + numbers[0] * 400)
        return cls(text, numbers, build)

    @property
    def version(self) -> str:
        return f"v{self.text}"

    def at_least(self, other: str) -> bool:
        return self.numbers >= parse_version(other)


@dataclass(slots=True)
class Quirks:
    """FortiOS behaviours that depend on the release or that the sources leave open."""

    # POST of a key that exists: error -5. The SDK error table lists 424 for duplicates; some
    # older releases answer 500. 424 is also used for a POST without its key (-56).
    duplicate_status: int = 424
    # Values the CLI refuses (bad type, option, range, reference, unknown field): 500, as
    # "most CLI validation failures" are (wire format 6.1).
    validation_status: int = 500
    # The only real singleton GET we have (system/ha) carries no `revision`; tables do.
    singleton_revision: bool = False
    # 7.x monitor answers carry `"action": ""` when the URL has no action segment (fw-ippool
    # 7.0.11 capture, ansible issue #345); 6.x answers leave the key out.
    monitor_empty_action: bool = True
    # 7.x table GETs carry size / matched_count / next_idx / limit_reached beside results.
    table_counts: bool = True
    # JSON login (`POST /api/v2/authentication`) exists from 6.4.2 on.
    json_login: bool = True
    # /logincheck gives a session cookie before 7.6.3 only (KB2).
    logincheck_sessions: bool = False
    # The CSRF cookies /logincheck sets ({number}: the box's cookie number, {port}, {hash}):
    # `ccsrftoken` beside `ccsrftoken_<n>` until 7.0.13 and 7.2.3; then only suffixed names.
    # fortiosapi issue 79: 7.0.14 sends `ccsrftoken_<long number>`, 7.2.6 `ccsrftoken_10443`;
    # fortigate-api issue 10 and PR 9: 7.2.4 has no plain `ccsrftoken`; PR 18 (late 2023)
    # shows `ccsrftoken_443_3334d10`, taken here for 7.4 and later.
    logincheck_csrf_cookies: tuple[str, ...] = ("ccsrftoken", "ccsrftoken_{number}")
    # JSON login cookies are `session_key_<port>_<hash>`/`ccsrf_token_<port>_<hash>` from 7.6.3;
    # before, the JSON login sets the legacy APSCOOKIE_<n>/ccsrftoken pair.
    new_session_cookies: bool = True
    # Configuration transactions exist from 7.4.1 on.
    transactions: bool = True
    # A session write needs X-CSRFTOKEN even when the session key came as a Bearer token.
    csrf_for_bearer_session: bool = True
    # An idle session expires (FortiOS `admintimeout`, 5 minutes by default).
    session_idle_seconds: float = 300.0
    # 401 body: a JSON error envelope (7.x) or the HTML page older releases return.
    unauthorized_body: Literal["json", "html"] = "json"
    # Check reference (datasource) fields against the referenced tables.
    check_references: bool = True
    # The configuration backup is a GET before 7.4.5 and a POST from 7.4.5 on, where GET
    # answers 405 (ansible collection issues 350, 361, 414).
    config_backup_method: Literal["GET", "POST"] = "POST"

    @classmethod
    def for_firmware(cls, firmware: Firmware) -> Quirks:
        return cls(
            monitor_empty_action=firmware.at_least("7.0.0"),
            table_counts=firmware.at_least("7.0.0"),
            json_login=firmware.at_least("6.4.2"),
            logincheck_sessions=not firmware.at_least("7.6.3"),
            new_session_cookies=firmware.at_least("7.6.3"),
            transactions=firmware.at_least("7.4.1"),
            unauthorized_body="json" if firmware.at_least("7.0.0") else "html",
            config_backup_method="POST" if firmware.at_least("7.4.5") else "GET",
            logincheck_csrf_cookies=_logincheck_csrf_cookies(firmware),
        )


def _logincheck_csrf_cookies(firmware: Firmware) -> tuple[str, ...]:
    if firmware.at_least("7.4.0"):
        return ("ccsrftoken_{port}_{hash}",)
    if firmware.at_least("7.2.4"):
        return ("ccsrftoken_{port}",)
    if firmware.at_least("7.0.14") and not firmware.at_least("7.1.0"):
        return ("ccsrftoken_{number}",)
    return ("ccsrftoken", "ccsrftoken_{number}")


@dataclass(frozen=True, slots=True)
class Identity:
    """What every envelope says about the box."""

    serial: str
    hostname: str
    firmware: Firmware

    def tail(self) -> dict[str, Any]:
        """The `serial, version, build` keys that close every envelope."""
        return {"serial": self.serial, "version": self.firmware.version, "build": self.firmware.build}
