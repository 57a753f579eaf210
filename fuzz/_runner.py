"""The shared loop for fuzz targets: bounded and reproducible with hypothesis, or open-ended with atheris.

A target is `Callable[[bytes], None]` that returns quietly when the parser under test
behaved (parsed, or raised its documented error) and raises anything else (an assertion,
an unexpected exception) when it did not. `run()` feeds it `iterations` inputs; hypothesis
then shrinks a failing input to a small one and prints it. atheris stays optional: it is
imported only by `run_atheris()`.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

Target = Callable[[bytes], None]

__all__ = ["Target", "inputs", "main", "run", "run_atheris"]


def inputs(seeds: Sequence[bytes] = ()) -> st.SearchStrategy[bytes]:
    """Random bytes, UTF-8 text (so parsers see real characters, not only invalid bytes), and,
    when `seeds` are given, each seed with random bytes spliced in at a random place."""
    choices = [st.binary(max_size=256), st.text(max_size=128).map(lambda text: text.encode("utf-8"))]
    if seeds:
        choices.append(
            st.builds(_splice, st.sampled_from(list(seeds)), st.binary(max_size=16), st.integers(0))
        )
    return st.one_of(choices)


def _splice(seed: bytes, insert: bytes, where: int) -> bytes:
    position = where % (len(seed) + 1)
    return seed[:position] + insert + seed[position:]


def run(target: Target, *, iterations: int, seed: int, seeds: Sequence[bytes] = ()) -> None:
    """Call `target` on `iterations` generated inputs, reproducibly for a given `seed`."""
    if not callable(target):
        raise TypeError(f"target must be callable, not {type(target).__name__}")
    if isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1:
        raise ValueError(f"iterations must be an int >= 1, got {iterations!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, not {type(seed).__name__}")

    @hypothesis_seed(seed)
    @settings(
        max_examples=iterations,
        database=None,  # no example files left in the tree
        deadline=None,  # a slow input is not a failure here; timings vary by machine
        phases=(Phase.generate, Phase.shrink),
        report_multiple_bugs=False,  # one shrunk failure, raised as itself
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs(seeds))
    def loop(data: bytes) -> None:
        target(data)

    loop()


def run_atheris(target: Target, argv: Sequence[str]) -> None:
    """Hand `target` to atheris (coverage-guided, runs until stopped); argv goes to libFuzzer."""
    try:
        atheris = importlib.import_module("atheris")  # optional, not a dependency
    except ImportError as exc:
        raise SystemExit("atheris is not installed: pip install atheris, or run without --atheris") from exc
    atheris.Setup([*argv], target)
    atheris.Fuzz()


def main(
    target: Target,
    *,
    seeds: Sequence[bytes] = (),
    argv: Sequence[str] | None = None,
    iterations: int = 10_000,
    description: str | None = None,
) -> None:
    """The command line every target shares: `[--iterations N] [--seed S] [--atheris [libFuzzer args]]`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--iterations", type=int, default=iterations, help="inputs to try (default %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed, for reproducible runs")
    parser.add_argument("--atheris", action="store_true", help="fuzz with atheris until stopped")
    args, rest = parser.parse_known_args(argv)
    if args.atheris:
        run_atheris(target, [parser.prog, *rest])
        return
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.iterations < 1:
        parser.error("--iterations must be at least 1")
    run(target, iterations=args.iterations, seed=args.seed, seeds=seeds)
    print(f"ok: {args.iterations} inputs, seed {args.seed}")
