"""A folder laid out as the installed package, for tools that cannot follow the editable
install's package-dir mapping (mypy): hfortix/ with core/ and transports/ linked inside."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shadow_tree(into: Path) -> Path:
    package = into / "hfortix"
    package.mkdir(parents=True)
    for entry in (ROOT / "hfortix").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    (package / "core").symlink_to(ROOT / "core")
    (package / "transports").symlink_to(ROOT / "transports")
    return into
