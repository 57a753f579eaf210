"""Where the project's shared data lives, for the few checks that compare committed copies with it.

The catalog data and the user guide are committed here (the package and the guide tests use
those copies); the project also keeps their sources in a `shared` folder beside the clone.
`HFORTIX_SHARED` names that folder when it is elsewhere. A clone without it skips the
comparisons with a reason that says so, and names no path outside the clone.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("HFORTIX_SHARED") or ROOT.parent / "shared")
SKIP_REASON = ("maintainer check: compares a committed copy with the project's shared data, which this clone "
               "does not have (set HFORTIX_SHARED to that folder to run it)")
