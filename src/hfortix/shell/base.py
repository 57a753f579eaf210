"""What the shell's commands share: connection options, and failures as one line on stderr.

Exit statuses: 0 done; 1 a failure (the FortiGate refused, the network failed, a fleet device
failed, the `cli` extra is missing); 2 a usage error (bad options, an unknown path or field,
input hfortix refuses before sending anything); 130 interrupted.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import warnings
from collections.abc import Callable
from typing import Any

from hfortix.cli import Subcommand, register
from hfortix.core.errors import ConfigurationError, FortiOSError, UnsupportedError
from hfortix.progress import INSTALL_HINT

Run = Callable[[argparse.Namespace, argparse.ArgumentParser], int]


class UsageError(Exception):
    """The command line asks for something that cannot be: exit status 2, one line."""


def shell_command(name: str, summary: str, configure: Callable[[argparse.ArgumentParser], None], run: Run,
                  ) -> Subcommand:
    """Register `hfortix <name>`, running `run` with failures turned into one line and a status."""
    return register(Subcommand(name=name, help=summary, configure=configure, run=guarded(name, run)))


def guarded(name: str, run: Run) -> Run:
    def guarded_run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
        try:
            require_extra(name)
            return run(args, parser)
        except MissingExtra as missing:
            return fail(name, str(missing), 1)
        except UsageError as problem:
            return fail(name, str(problem), 2)
        except UnsupportedError as problem:  # the FortiGate's release lacks it: about the device
            return fail(name, describe(problem), 1)
        except ConfigurationError as problem:  # refused before sending: the input is wrong
            return fail(name, describe(problem), 2)
        except FortiOSError as problem:
            return fail(name, describe(problem), 1)
        except OSError as problem:  # a file to read or write (an inventory, a backup)
            return fail(name, f"{problem.filename or ''}: {problem.strerror or problem}".lstrip(": "), 1)

    return guarded_run


def fail(name: str, message: str, status: int) -> int:
    print(f"hfortix {name}: {message}", file=sys.stderr)
    return status


def describe(error: BaseException | None) -> str:
    """One line for an error: its kind and its message (which holds the HTTP status, FortiOS's
    error code and meaning, and its cli_error, see hfortix.core.errors.api_error)."""
    text = " ".join(str(error).split()) or "no details"
    return f"{type(error).__name__}: {text}"


class MissingExtra(Exception):
    pass


def require_extra(name: str) -> None:
    try:
        import rich  # noqa: F401 - only whether it is there
    except ImportError:
        raise MissingExtra(f"needs the command-line extra (rich, PyYAML), which is not installed: {INSTALL_HINT}"
                           ) from None


# -- connecting to one FortiGate ------------------------------------------------------------


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection (options win over FORTIOS_* environment variables)")
    group.add_argument("--host", help="FortiGate address, with a port if not 443 (env FORTIOS_HOST)")
    group.add_argument("--token", help="API token (env FORTIOS_TOKEN)")
    group.add_argument("--username", help="admin user for a session login (env FORTIOS_USERNAME)")
    group.add_argument("--password", help="the user's password (env FORTIOS_PASSWORD; asked for on a terminal)")
    verify = group.add_mutually_exclusive_group()
    verify.add_argument("--ca", metavar="PATH",
                        help="CA bundle that signed the FortiGate's certificate (env FORTIOS_CA)")
    verify.add_argument("--insecure", action="store_true", help="do not check the FortiGate's certificate at all")
    group.add_argument("--vdom", help="VDOM to work in; several as a,b or '*' for all")
    group.add_argument("--timeout", type=positive_number, default=60.0, metavar="SECONDS",
                       help="per request (default 60)")


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def vdom_option(text: str | None) -> str | list[str] | None:
    if text is None or text == "*" or "," not in text:
        return text
    return [name.strip() for name in text.split(",") if name.strip()]


def connect(args: argparse.Namespace) -> Any:
    """A sync `FortiOS` client from the connection options and the environment."""
    from hfortix import FortiOS

    host = args.host or os.environ.get("FORTIOS_HOST")
    if not host:
        raise UsageError("no FortiGate: pass --host or set FORTIOS_HOST")
    token, username, password = args.token, args.username, args.password
    if token is not None and (username is not None or password is not None):
        raise UsageError("pass --token or --username/--password, not both")
    if token is None and username is None:  # nothing on the command line: the environment
        token = os.environ.get("FORTIOS_TOKEN") or None
        username = None if token else os.environ.get("FORTIOS_USERNAME") or None
    if token is None:
        if username is None:
            raise UsageError("no credentials: pass --token (or set FORTIOS_TOKEN), or --username (FORTIOS_USERNAME)")
        password = password if password is not None else os.environ.get("FORTIOS_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise UsageError(f"no password for {username}: pass --password or set FORTIOS_PASSWORD")
            password = getpass.getpass(f"Password for {username}@{host}: ")
    ca = args.ca or os.environ.get("FORTIOS_CA") or None
    verify: bool | str = ca if ca is not None and not args.insecure else not args.insecure
    if args.insecure:
        from hfortix.transports import InsecureTransportWarning

        warnings.simplefilter("ignore", InsecureTransportWarning)  # said once, here, in our words
        print("hfortix: --insecure: the FortiGate's certificate is not checked", file=sys.stderr)
    return FortiOS(host, token=token, username=username, password=password, verify=verify,
                   vdom=vdom_option(args.vdom), timeout=args.timeout)
