"""The `hfortix` command line: ``python -m hfortix <subcommand> …``.

Subcommands live in `SUBCOMMANDS`, a registry: each one adds its own options to its own
argparse parser and runs with the parsed namespace, returning the exit status. To add one,
write a `Subcommand` and `register()` it (the integrator's `demo` goes here too).

Exit status: what the subcommand returns; 2 for bad options (argparse's convention, with a
message naming the problem); 130 when interrupted before the subcommand could handle it.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["SUBCOMMANDS", "Subcommand", "build_parser", "main", "register"]


@dataclass(frozen=True)
class Subcommand:
    """One ``hfortix <name>`` subcommand: `configure` adds its options, `run` does the work."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, argparse.ArgumentParser], int]


SUBCOMMANDS: dict[str, Subcommand] = {}


def register(subcommand: Subcommand) -> Subcommand:
    if subcommand.name in SUBCOMMANDS:
        raise ValueError(f"a subcommand named {subcommand.name!r} is already registered")
    SUBCOMMANDS[subcommand.name] = subcommand
    return subcommand


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hfortix", description="hfortix: a Python SDK for the FortiOS REST API, and a FortiGate emulator"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for subcommand in SUBCOMMANDS.values():
        sub = commands.add_parser(subcommand.name, help=subcommand.help, description=subcommand.help)
        subcommand.configure(sub)
        sub.set_defaults(_subcommand=subcommand, _parser=sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args._subcommand.run(args, args._parser)
        return status
    except KeyboardInterrupt:
        return 130


# -- hfortix emulator -------------------------------------------------------------------------


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a fraction between 0 and 1")
    return value


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not positive")
    return value


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port {value} is outside 0-65535")
    return value


def _rate_limit(text: str) -> Any:
    from hfortix.emulator.faults import parse_rate_limit

    try:
        return parse_rate_limit(text)
    except (TypeError, ValueError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _configure_emulator(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        'When ready, prints one JSON line on stdout: {"url", "host", "token", "ca"}; then serves until '
        "SIGINT or SIGTERM and exits 0. Faults apply to /api/ requests except /api/v2/authentication."
    )
    listen = parser.add_argument_group("listening")
    listen.add_argument("--port", type=_port, default=0, help="TCP port (default 0: any free port)")
    listen.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                        help="address to listen on (default 127.0.0.1; anything else is reachable by others)")
    listen.add_argument("--http", action="store_true", help="serve plain HTTP instead of HTTPS")
    listen.add_argument("--cert-name", dest="cert_names", action="append", default=[], metavar="NAME",
                        help="another host name or address the generated certificate is valid for (repeatable; "
                             "loopback names and --bind are always included)")
    listen.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio", help="event loop")

    device = parser.add_argument_group("the emulated FortiGate")
    device.add_argument("--token", help="API token (default: a random one, printed)")
    device.add_argument("--readonly-token", help="a second token with read-only rights")
    device.add_argument("--username", help="admin user for session login (needs --password)")
    device.add_argument("--password", help="the admin user's password")
    device.add_argument("--vdom", dest="vdoms", action="extend", nargs="+", metavar="NAME",
                        help="VDOM names (repeatable; default: root)")
    device.add_argument("--firmware", default="7.6.5", help="FortiOS version to emulate (default 7.6.5)")
    device.add_argument("--serial", help="serial number")
    device.add_argument("--hostname", help="host name")
    device.add_argument("--seed", type=int, default=0, help="seed for generated data and fault decisions")

    state = parser.add_argument_group("configuration and state")
    state.add_argument("--config", metavar="FILE",
                       help="start from this FortiOS configuration (a backup, as config/backup answers it)")
    state.add_argument("--state-dir", metavar="DIR",
                       help="keep the CA and the configuration here across restarts (saved soon after each change)")
    state.add_argument("--answers", metavar="FILE",
                       help="serve these monitor answers, recorded from a real box with 'hfortix record'")

    limits = parser.add_argument_group("server limits (defaults: see hfortix.emulator.server)")
    limits.add_argument("--max-connections", type=_positive_int, metavar="N",
                        help="close connections beyond N open ones (default 1024)")
    limits.add_argument("--header-timeout", type=_non_negative, metavar="S",
                        help="seconds a client has to send a request head (default 10)")
    limits.add_argument("--idle-timeout", type=_non_negative, metavar="S",
                        help="seconds a keep-alive connection may idle between requests (default 120)")

    faults = parser.add_argument_group("fault injection")
    faults.add_argument("--latency-ms", type=_non_negative, default=0.0, metavar="N",
                        help="delay every answer by N ms")
    faults.add_argument("--jitter-ms", type=_non_negative, default=0.0, metavar="N",
                        help="plus a random extra delay up to N ms")
    faults.add_argument("--error-rate", type=_rate, default=0.0, metavar="F",
                        help="fraction answered 500 or 503")
    faults.add_argument("--reset-rate", type=_rate, default=0.0, metavar="F",
                        help="fraction reset (RST) in mid-answer")
    faults.add_argument("--truncate-rate", type=_rate, default=0.0, metavar="F",
                        help="fraction whose body is cut short")
    faults.add_argument("--stall-rate", type=_rate, default=0.0, metavar="F", help="fraction never answered")
    faults.add_argument("--stall-seconds", type=_non_negative, default=30.0, metavar="S",
                        help="how long a stalled connection is held (default 30)")
    faults.add_argument("--rate-limit", type=_rate_limit, metavar="EVERY[:LENGTH[:RETRY_AFTER]]",
                        help="every EVERY-th request starts a burst of LENGTH 429 answers with "
                             "Retry-After: RETRY_AFTER seconds (e.g. 100:3:1; defaults 1 and 1)")


def _run_emulator(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import anyio

    from hfortix.emulator.faults import FaultInjector, Faults
    from hfortix.emulator.server import EmulatorServer
    from hfortix.emulator.state import StateDir

    if (args.username is None) != (args.password is None):
        parser.error("--username and --password go together")
    try:
        faults = Faults(
            latency_ms=args.latency_ms, jitter_ms=args.jitter_ms, error_rate=args.error_rate,
            rate_limit_burst=args.rate_limit, reset_rate=args.reset_rate, truncate_rate=args.truncate_rate,
            stall_rate=args.stall_rate, stall_seconds=args.stall_seconds,
        )
        app = make_app(args)
        state = StateDir(args.state_dir) if args.state_dir else None
        if state is not None:
            state.restore(app)
        injector = FaultInjector(faults, seed=args.seed)
        limits = {name: getattr(args, name) for name in ("max_connections", "header_timeout", "idle_timeout")
                  if getattr(args, name) is not None}
        server = EmulatorServer(
            app, host=args.bind, port=args.port, tls=not args.http, cert_names=args.cert_names, faults=injector,
            state_dir=args.state_dir, **limits,
        )
    except (TypeError, ValueError, OSError) as exc:
        parser.error(str(exc))
    if server.bind_host not in ("127.0.0.1", "::1", "localhost"):
        print(f"hfortix emulator: listening on {args.bind}: other machines can reach it", file=sys.stderr)
    try:
        anyio.run(_serve_until_signalled, server, app, state, backend=args.backend)
    except (OSError, BaseExceptionGroup) as exc:  # the port is taken, the address is not ours, …
        problem = _sole_os_error(exc)
        if problem is None:
            raise
        print(f"hfortix emulator: cannot listen on {args.bind} port {args.port}: {problem}", file=sys.stderr)
        return 1
    if state is not None:
        state.save(app)
    return 0


def _sole_os_error(exc: BaseException) -> OSError | None:
    """The OSError that `exc` is or (through task groups) only wraps; None if it holds anything else."""
    while isinstance(exc, BaseExceptionGroup) and len(exc.exceptions) == 1:
        exc = exc.exceptions[0]
    return exc if isinstance(exc, OSError) else None


def make_app(args: argparse.Namespace) -> Any:
    """The `EmulatorApp` for the parsed options (only the options given are passed on)."""
    from hfortix.emulator.app import EmulatorApp
    from hfortix.testing import read_config

    options: dict[str, Any] = {
        "token": args.token, "username": args.username, "password": args.password,
        "firmware": args.firmware, "seed": args.seed,
    }
    if args.vdoms:
        options["vdoms"] = tuple(args.vdoms)
    for name in ("readonly_token", "serial", "hostname"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    if getattr(args, "config", None):
        options["config"] = read_config(args.config)
    if getattr(args, "answers", None):
        from hfortix.emulator.recorded import RecordedAnswers

        options["answers"] = RecordedAnswers.read(args.answers)
    return EmulatorApp(**options)


async def _serve_until_signalled(server: Any, app: Any, state: Any) -> None:
    import anyio

    # The signal receiver is in place before the ready line goes out, so a SIGTERM sent the
    # moment a supervisor reads that line still means "shut down cleanly", not "die".
    with _signal_receiver() as signals:
        async with anyio.create_task_group() as task_group:
            await task_group.start(server.serve)
            token = getattr(app, "token", None)
            print(json.dumps({"url": server.url, "host": server.host, "token": token, "ca": server.ca_path}),
                  flush=True)
            async with anyio.create_task_group() as keeping:
                if state is not None:
                    keeping.start_soon(state.keep, app)  # saved soon after each change
                async for _ in signals:
                    break
                keeping.cancel_scope.cancel()
            server.stop()


def _signal_receiver() -> Any:
    import anyio

    if sys.platform == "win32":  # no signal receivers there: Ctrl+C arrives as KeyboardInterrupt
        return _Forever()
    return anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM)


class _Forever:
    """Stands in for a signal receiver where there is none: never yields."""

    def __enter__(self) -> _Forever:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def __aiter__(self) -> _Forever:
        return self

    async def __anext__(self) -> None:
        import anyio

        await anyio.sleep_forever()


register(Subcommand(
    name="emulator",
    help="run a FortiGate emulator on this machine until SIGINT/SIGTERM",
    configure=_configure_emulator,
    run=_run_emulator,
))


# -- hfortix record ---------------------------------------------------------------------------


def _configure_record(parser: argparse.ArgumentParser) -> None:
    parser.epilog = ("Serials and secrets are always redacted. The file is what 'hfortix emulator --answers FILE' "
                     "serves. Token and user may also come from FORTIOS_TOKEN / FORTIOS_USERNAME / FORTIOS_PASSWORD.")
    parser.add_argument("--host", required=True, help="the FortiGate: address[:port], or a URL")
    parser.add_argument("--token", help="API token")
    parser.add_argument("--username", help="admin user for a session login (with --password)")
    parser.add_argument("--password", help="the admin user's password")
    parser.add_argument("--vdom", help="the VDOM to read (default: the management VDOM)")
    trust = parser.add_mutually_exclusive_group()
    trust.add_argument("--ca", metavar="FILE", help="CA certificate (PEM) to verify the FortiGate with")
    trust.add_argument("--insecure", action="store_true", help="do not verify the FortiGate's certificate")
    parser.add_argument("--endpoint", dest="endpoints", action="append", metavar="PATH",
                        help="a monitor endpoint to read, such as system/status (repeatable; default: a common set)")
    parser.add_argument("--redact-addresses", action="store_true",
                        help="also replace IP and MAC addresses (consistently) with documentation ones")
    parser.add_argument("--out", required=True, metavar="FILE", help="where to write the answers (JSON)")


def _run_record(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from hfortix import ConfigurationError, FortiOS, FortiOSError
    from hfortix.record import ENDPOINTS, checked_endpoint, record

    if (args.username is None) != (args.password is None):
        parser.error("--username and --password go together")
    try:
        endpoints = [checked_endpoint(key) for key in args.endpoints or ENDPOINTS]
    except ConfigurationError as exc:
        parser.error(str(exc))
    credentials = {name: getattr(args, name) for name in ("token", "username", "password", "vdom")
                   if getattr(args, name) is not None}
    verify: Any = False if args.insecure else (args.ca or True)
    try:
        with FortiOS(args.host, verify=verify, **credentials) as fgt:
            document = record(fgt.request, endpoints, redact_addresses=args.redact_addresses)
    except FortiOSError as exc:
        print(f"hfortix record: {exc}", file=sys.stderr)
        return 1
    with open(args.out, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=1, sort_keys=True)
        file.write("\n")
    skipped = f", {len(document['skipped'])} refused" if document["skipped"] else ""
    print(f"hfortix record: {len(document['answers'])} answers from FortiOS {document['recorded']['version']}"
          f"{skipped}, written to {args.out}", file=sys.stderr)
    return 0


register(Subcommand(
    name="record",
    help="record a FortiGate's monitor answers (redacted) for the emulator's --answers",
    configure=_configure_record,
    run=_run_record,
))


def _run_demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from hfortix.demo import main as demo  # imports the client and the emulator: only when asked

    return demo()


register(Subcommand(
    name="demo",
    help="run the user guide's patterns (sync, asyncio, sessions, VDOMs) against a local emulator",
    configure=lambda parser: None,
    run=_run_demo,
))


# The shell's commands (get, set, delete, backup, endpoints, fields, fleet) register themselves.
import hfortix.shell  # noqa: E402, F401
