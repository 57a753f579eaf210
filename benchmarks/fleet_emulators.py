"""Many emulated FortiGates from one process: `--count` emulators, each an `EmulatorApp` (its own
serial, host name and token) behind its own `EmulatorServer` on its own loopback port, all in one
event loop and sharing one TLS certificate (`--http` for plain HTTP).

    .venv/bin/python benchmarks/fleet_emulators.py --count 250 --first 0

Prints one JSON line when every server listens, `{"ca": PATH|null, "devices": [{"name", "host",
"token"}, ...]}` (the emulator CLI's ready-line contract, see _common.ready_process), then serves
until SIGINT/SIGTERM. `fleet_poll.py` starts several of these.
"""

from __future__ import annotations

import argparse
import json
import signal

import anyio

from hfortix.emulator.app import EmulatorApp
from hfortix.emulator.server import EmulatorServer
from hfortix.emulator.tls import ServerCertificate, names_for


async def serve(count: int, first: int, http: bool, firmware: str) -> None:
    certificate = None if http else ServerCertificate(names_for("127.0.0.1"))
    servers = []
    for index in range(first, first + count):
        app = EmulatorApp(token=f"token-{index}", serial=f"FGVM02TM{index:08d}", hostname=f"fgt-{index:04d}",
                          firmware=firmware)
        servers.append(EmulatorServer(app, tls=False if certificate is None else certificate.ssl_context))
    try:
        with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
            async with anyio.create_task_group() as group:
                for server in servers:
                    await group.start(server.serve)
                devices = [{"name": f"fgt-{index:04d}", "host": server.url, "token": f"token-{index}"}
                           for index, server in zip(range(first, first + count), servers, strict=True)]
                print(json.dumps({"ca": certificate.ca_path if certificate else None, "devices": devices}), flush=True)
                async for _ in signals:
                    break
                for server in servers:
                    server.stop()
    finally:
        if certificate is not None:
            certificate.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=250, help="emulators in this process (default 250)")
    parser.add_argument("--first", type=int, default=0, help="index of the first (names, serials, tokens)")
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS")
    parser.add_argument("--firmware", default="7.6.5")
    args = parser.parse_args()
    anyio.run(serve, args.count, args.first, args.http, args.firmware)


if __name__ == "__main__":
    main()
