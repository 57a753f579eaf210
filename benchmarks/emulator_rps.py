"""Requests per second the FortiGate emulator serves, against a trivial h11 server measured in the same run.

    .venv/bin/python benchmarks/emulator_rps.py [--seconds 3] [--clients 4] [--backend asyncio]

For HTTP and HTTPS it starts `python -m hfortix emulator` and, as the baseline, a bare h11
echo server on the same stack (anyio, h11, the same kind of certificate), each in its own
process. Client processes (one httpx.Client each, so keep-alive: one connection per client)
send GETs as fast as answers come back. It prints requests per second for
monitor/system/status and for a cmdb table (firewall/address with a few rows), and the ratio
emulator / baseline.

The clients share the machine with the server, and on a small machine they, not the server,
are the bottleneck: then rps mostly measures httpx. So on Linux it also reads the server
process's CPU time and prints what one server CPU core could serve ("capacity" = requests per
server CPU second), emulator and baseline: the comparable figure for the server itself.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import ssl
import sys
import time
from typing import Any

from _common import process_cpu_seconds, ready_process  # benchmarks/ is sys.path[0]

TOKEN = "benchmark-token"
ENDPOINTS = {
    "monitor/system/status": "/api/v2/monitor/system/status",
    "cmdb/firewall/address": "/api/v2/cmdb/firewall/address",
}
TABLE_ROWS = 10


# -- the baseline: the least an h11 server over anyio can do -------------------------------------


async def serve_baseline(tls: bool) -> None:
    import anyio
    import h11
    from anyio.streams.tls import TLSStream

    from hfortix.emulator.tls import ServerCertificate

    certificate = ServerCertificate() if tls else None

    async def handle(stream: Any) -> None:
        async with stream:
            if certificate is not None:
                stream = await TLSStream.wrap(
                    stream, server_side=True, ssl_context=certificate.ssl_context, standard_compatible=False
                )
            connection = h11.Connection(h11.SERVER)
            target = b""
            while True:
                event = connection.next_event()
                if event is h11.NEED_DATA:
                    try:
                        connection.receive_data(await stream.receive())
                    except (anyio.EndOfStream, anyio.BrokenResourceError):
                        return
                elif isinstance(event, h11.Request):
                    target = event.target
                elif isinstance(event, h11.EndOfMessage):
                    body = b'{"status": "success", "echo": "%s"}' % target
                    headers = [("content-type", "application/json"), ("content-length", str(len(body)))]
                    await stream.send(
                        connection.send(h11.Response(status_code=200, headers=headers))
                        + connection.send(h11.Data(data=body))
                        + connection.send(h11.EndOfMessage())
                    )
                    connection.start_next_cycle()
                elif isinstance(event, h11.ConnectionClosed):
                    return

    try:
        with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as signals:
            async with await anyio.create_tcp_listener(local_host="127.0.0.1") as listener, \
                    anyio.create_task_group() as task_group:
                port = listener.extra(anyio.abc.SocketAttribute.local_port)
                scheme = "https" if tls else "http"
                ca = certificate.ca_path if certificate else None
                print(json.dumps({"url": f"{scheme}://127.0.0.1:{port}", "token": TOKEN, "ca": ca}), flush=True)
                task_group.start_soon(listener.serve, handle)
                async for _ in signals:
                    task_group.cancel_scope.cancel()
                    break
    finally:
        if certificate is not None:
            certificate.close()


# -- servers as child processes ------------------------------------------------------------------


def emulator_command(tls: bool, backend: str) -> list[str]:
    command = [sys.executable, "-m", "hfortix", "emulator", "--token", TOKEN, "--backend", backend]
    return command + ([] if tls else ["--http"])


def baseline_command(tls: bool) -> list[str]:
    return [sys.executable, os.path.abspath(__file__), "--serve-baseline"] + (["--tls"] if tls else [])


# -- load ----------------------------------------------------------------------------------------


def client_worker(
    url: str, ca: str | None, path: str, ready: Any, start: Any, stop_at: Any, results: Any
) -> None:
    import httpx

    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca) if ca else False
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=url, verify=verify, headers=headers, timeout=30) as client:
        client.get(path).raise_for_status()  # connect (and handshake) before the clock starts
        ready.put(True)
        start.wait()
        deadline = stop_at.value
        done = 0
        while time.monotonic() < deadline:
            client.get(path).raise_for_status()
            done += 1
    results.put(done)


def measure(server: dict[str, Any], path: str, clients: int, seconds: float) -> tuple[float, float | None]:
    """(requests per second, requests per server CPU second or None) for `clients` hammering `path`."""
    context = multiprocessing.get_context("spawn")
    ready, start, results = context.Queue(), context.Event(), context.Queue()
    stop_at = context.Value("d", 0.0)
    arguments = (server["url"], server["ca"], path, ready, start, stop_at, results)
    workers = [context.Process(target=client_worker, args=arguments) for _ in range(clients)]
    for worker in workers:
        worker.start()
    for _ in workers:  # every client has connected and is waiting for the start
        ready.get(timeout=120)
    cpu_before = process_cpu_seconds(server["pid"])
    began = time.monotonic()
    stop_at.value = began + seconds
    start.set()
    total = sum(results.get(timeout=seconds + 120) for _ in workers)
    elapsed = time.monotonic() - began
    cpu_after = process_cpu_seconds(server["pid"])
    for worker in workers:
        worker.join()
    for queue in (ready, results):
        queue.close()
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    return total / elapsed, (total / cpu if cpu else None)


def ratio(value: float | None, baseline: float | None) -> str:
    return f"{value / baseline:.2f}" if value and baseline else "n/a"


def number(value: float | None) -> str:
    return f"{value:.0f}" if value else "n/a"


def fill_table(url: str, ca: str | None) -> None:
    import httpx

    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=ca) if ca else False
    with httpx.Client(base_url=url, verify=verify, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        for n in range(TABLE_ROWS):
            address = {"name": f"bench-{n}", "subnet": f"10.9.{n}.0/24"}
            client.post(ENDPOINTS["cmdb/firewall/address"], json=address).raise_for_status()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client processes")
    parser.add_argument("--backend", choices=("asyncio", "trio"), default="asyncio")
    parser.add_argument("--serve-baseline", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tls", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        import anyio

        anyio.run(serve_baseline, args.tls)
        return 0
    if args.seconds <= 0 or args.clients < 1:
        parser.error("--seconds must be positive and --clients at least 1")

    print(f"{args.clients} keep-alive httpx clients, {args.seconds:g} s each, emulator on {args.backend}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'':32}  {'requests per second':^28}  {'capacity (per server CPU s)':^28}")
    print(f"{'scheme':6}  {'endpoint':24}  {'emulator':>8}  {'baseline':>8}  {'ratio':>8}"
          f"  {'emulator':>8}  {'baseline':>8}  {'ratio':>8}")
    for tls in (False, True):
        scheme = "https" if tls else "http"
        with ready_process(baseline_command(tls)) as baseline:
            base_rps, base_capacity = measure(baseline, "/echo", args.clients, args.seconds)
        with ready_process(emulator_command(tls, args.backend)) as emulator:
            fill_table(emulator["url"], emulator["ca"])
            for name, path in ENDPOINTS.items():
                rps, capacity = measure(emulator, path, args.clients, args.seconds)
                print(f"{scheme:6}  {name:24}  {rps:8.0f}  {base_rps:8.0f}  {ratio(rps, base_rps):>8}"
                      f"  {number(capacity):>8}  {number(base_capacity):>8}  {ratio(capacity, base_capacity):>8}",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
