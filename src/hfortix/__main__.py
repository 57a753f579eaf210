"""``python -m hfortix``: the command line (see `hfortix.cli` for the subcommands)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from hfortix.cli import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
