"""Fuzz target: the FortiGate's Set-Cookie headers, which a client cannot trust, never break us.

The invariant (as in h11): parse or reject, nothing else. `parse_set_cookie` returns a tuple
or None; the jar ignores what it cannot parse; nothing the jar will echo in a Cookie or
X-CSRFTOKEN header can carry CR, LF, NUL or non-ASCII (header injection).

Run:  .venv/bin/python fuzz/fuzz_cookies.py [--iterations N] [--seed S] [--atheris ...]
It uses the shared command line of fuzz/_runner.py (hypothesis, or atheris) when that file is
there, else its own bounded loop of seeded mutations of SEEDS (`run_standalone`).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
from collections.abc import Callable, Sequence
from pathlib import Path

from hfortix.core import Response
from hfortix.core.cookies import SessionCookies, parse_set_cookie

Target = Callable[[bytes], None]

# What FortiGates really send (one Set-Cookie value per line), to mutate from.
SEEDS: tuple[bytes, ...] = (
    b'APSCOOKIE_11="Era%3D0%26Payload%3DabcDEF%26AuthHash%3Dxyz"; path=/; HttpOnly; secure',
    b'ccsrftoken="C0FFEE00112233"; path=/\nccsrftoken_443="C0FFEE00112233"; path=/',
    b'ccsrftoken="0%260"; path=/; expires=Thu, 01 Jan 1973 00:00:00 GMT',
    b"session_key_443_5f2a=k3yk3y; Path=/; HttpOnly; Secure; SameSite=Strict",
    b'ccsrf_token_443_5f2a="T0KEN"; Path=/; Max-Age=0',
    b'APSCOOKIE_11="0%260"; expires=Thursday, 01-Jan-73 00:00:00 GMT; path=/',
)


def _check_echoable(text: str | None) -> None:
    if text is not None:
        assert all(" " <= char < "\x7f" for char in text), "unsafe character in an echoed header"


def target(data: bytes) -> None:
    """Parse `data` as Set-Cookie values (one per line) and check the invariants."""
    text = data.decode("utf-8", errors="surrogateescape")  # every byte string becomes some str
    lines = text.split("\n")
    for line in lines:
        parsed = parse_set_cookie(line)
        if parsed is not None:
            name, value, attributes = parsed
            assert name and not any(char in name for char in ";= \t")
            _check_echoable(value)
            assert all(key == key.lower() and ";" not in key for key in attributes)
    jar = SessionCookies()
    jar.update(Response(200, tuple(("Set-Cookie", line) for line in lines)), now=0.0)
    _check_echoable(jar.header())
    _check_echoable(jar.csrf_token())
    _check_echoable(jar.session_key())
    assert len(jar.names()) == len(jar) <= len(lines)
    repr(jar)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randint(0, len(buffer))
        if choice < 0.4 and buffer:  # flip a byte
            buffer[min(position, len(buffer) - 1)] = rng.randrange(256)
        elif choice < 0.7:  # insert a byte that matters to the grammar
            buffer[position:position] = bytes([rng.choice(b';=", \t\r\n\x00%0\xff')])
        elif choice < 0.85 and buffer:  # delete a run
            del buffer[position : position + rng.randint(1, 8)]
        else:  # splice in part of another seed
            other = rng.choice(SEEDS)
            start = rng.randrange(len(other))
            buffer[position:position] = other[start : start + rng.randint(1, 30)]
    return bytes(buffer)


def run_standalone(fuzz_target: Target, *, iterations: int, seed: int) -> None:
    """A bounded, reproducible loop for when fuzz/_runner.py is not there."""
    rng = random.Random(seed)
    for _ in range(iterations):
        fuzz_target(_mutate(rng, rng.choice(SEEDS)))


def _shared_main() -> Callable[..., None] | None:
    """fuzz/_runner.py's `main` (shared command line, hypothesis or atheris), if it is there."""
    runner_path = Path(__file__).with_name("_runner.py")
    spec = importlib.util.spec_from_file_location("_fuzz_runner", runner_path)
    if not runner_path.exists() or spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shared_main: Callable[..., None] = module.main
    return shared_main


def main(argv: Sequence[str] | None = None) -> None:
    description = __doc__.splitlines()[0] if __doc__ else None
    shared_main = _shared_main()
    if shared_main is not None:
        shared_main(target, seeds=SEEDS, argv=argv, description=description)
        return
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    run_standalone(target, iterations=args.iterations, seed=args.seed)
    print(f"ok: {args.iterations} inputs, seed {args.seed}")


if __name__ == "__main__":
    main()
