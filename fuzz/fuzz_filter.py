"""Fuzz target: `parse_filter` reads any text as a filter or raises ConfigurationError, nothing else.

The invariant (as in h11): parse or reject. Whatever parses is canonical, so printing the
result gives the input back; any other exception, or a wrong round trip, is a bug.

Run:  .venv/bin/python fuzz/fuzz_filter.py [--iterations N] [--seed S]
      .venv/bin/python fuzz/fuzz_filter.py --atheris [libFuzzer options]   (needs atheris)
"""

from __future__ import annotations

from _runner import main  # fuzz/ is sys.path[0] when this file is run as a script

from hfortix.core.errors import ConfigurationError
from hfortix.core.query import AnyOf, parse_filter

# Real-looking filters to splice random bytes into, so the fuzzer reaches past the operator.
SEEDS: tuple[bytes, ...] = (
    b"name==web-server",
    b"name=@a\\,b,type==ipmask",
    b"policyid>=10",
    b"comment!@x\\\\y",
    b"srcintf=*PORT1,dstintf!*port2,id<5,id<=6,id>7",
    "name==caf\u00e9\\,\u2603".encode(),
)


def target(data: bytes) -> None:
    """Parse `data` (as UTF-8, bad bytes replaced) and check the invariant."""
    text = data.decode("utf-8", errors="replace")
    try:
        parsed = parse_filter(text)
    except ConfigurationError:
        return
    assert isinstance(parsed, AnyOf), f"parse_filter returned {type(parsed).__name__}"
    assert str(parsed) == text, f"round trip changed {text!r} into {str(parsed)!r}"


if __name__ == "__main__":
    main(target, seeds=SEEDS, description=__doc__.splitlines()[0] if __doc__ else None)
