"""Fixtures that run the command line: `hfortix` in a subprocess, as a user does (see
tests/support/shell_runner.py), and `hfortix_here` in this process through `hfortix.cli.main`,
the same code without the interpreter's start-up, for the many small cases (usage errors)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Mapping

import pytest
from shell_runner import Run, run_hfortix

from hfortix import cli


@pytest.fixture(scope="session")
def hfortix() -> Run:
    return run_hfortix


@pytest.fixture
def hfortix_here(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        for name in [name for name in os.environ if name.startswith("FORTIOS_")]:
            monkeypatch.delenv(name)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "stdin", io.StringIO())  # not a terminal: nothing to prompt on
        capsys.readouterr()
        try:
            status = cli.main(list(args))
        except SystemExit as stopped:  # argparse's usage errors
            status = stopped.code if isinstance(stopped.code, int) else 2
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(["hfortix", *args], status, captured.out, captured.err)

    return run
