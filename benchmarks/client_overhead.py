"""What hfortix costs on top of raw httpx, against the FortiGate emulator on 127.0.0.1, measured in the same run.

    .venv/bin/python benchmarks/client_overhead.py [--n 800] [--m 200] [--objects 2000] [--server-process]

Four measurements, each hfortix against the raw httpx code a user would otherwise write (same
keep-alive pool size, `trust_env=False`, token in an `Authorization: Bearer` header, `.json()`):

1. sequential sync calls: `fgt.api.monitor.system.status.get()` and
   `fgt.api.cmdb.firewall.address.get("x")` against `httpx.Client.get(url, headers=...).json()`;
2. M concurrent async calls (asyncio.gather; a trio nursery under trio) against `httpx.AsyncClient`;
3. bulk: create K addresses (sync one by one; async with max_concurrency), list them back (the
   client pages 1000 rows at a time with start/count) and delete them, in objects per second;
4. no sockets at all: hfortix's own CPU per call (core request building, plan driving, envelope
   parsing, the endpoint tree, our transport's sans-IO HTTP), against a canned `hfortix.core.Response`.

Every figure is the median of --repeat runs after a warm-up, hfortix and httpx alternating. Times
are per call: "wall" (time.perf_counter), "client CPU" (time.thread_time of the thread that runs
the client) and "server CPU" (the emulator's: the other threads of this process, or with
--server-process the emulator process read from /proc, whose clock ticks at 10 ms, so this one is
the mean of the runs and only roughly right). Ratios are hfortix / httpx time per call (1.00 = no
overhead); "+us CPU" is what hfortix adds to the client's CPU per call.

By default the emulator runs in a background thread of this process: it shares the GIL and the
CPUs with the client, so wall times include its work. --server-process runs it as a child process
(`python -m hfortix emulator --port 0 --http`) so the client has the interpreter to itself. Plain
HTTP by default (TLS costs both clients the same); --tls for HTTPS. --latency-ms N makes the emulator
answer N ms late, like a real FortiGate, which is where async concurrency pays. Nothing leaves 127.0.0.1.
Timings are printed, never checked: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import shlex
import ssl
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from _common import process_cpu_seconds, ready_process  # benchmarks/ is sys.path[0]

from hfortix import FortiOS
from hfortix.core import Response, run_sync
from hfortix.core.auth import TokenAuth
from hfortix.core.envelope import parse_response
from hfortix.core.plans import RetryPolicy, Session
from hfortix.core.plans import send as send_plan

TOKEN = "benchmark-token"
STATUS = "/api/v2/monitor/system/status"
ADDRESSES = "/api/v2/cmdb/firewall/address"
ITEM = "x"  # the address that section 1 reads
PAGE_SIZE = 1000  # hfortix's default page_size; the raw pager uses the same
HEADERS = {"Authorization": f"Bearer {TOKEN}"}
SECTIONS = (
    "1. Sequential sync calls",
    "2. Concurrent async calls",
    "3. Bulk: create, list, delete",
    "4. hfortix's own CPU per call, no sockets",
)


# -- the emulator: a thread of this process, or a child process ----------------------------------


@dataclass(frozen=True)
class Server:
    url: str
    ca: str | None
    pid: int | None  # the emulator's own process, or None when it is a thread of ours

    @property
    def verify(self) -> ssl.SSLContext | bool:
        """What raw httpx gets: a context trusting only the emulator's CA (hfortix gets the path)."""
        return ssl.create_default_context(cafile=self.ca) if self.ca else True


@contextmanager
def server_in_thread(tls: bool, latency_ms: float) -> Iterator[Server]:
    from hfortix.testing import FortiGateEmulator

    with FortiGateEmulator(http=not tls, latency_ms=latency_ms, backend="asyncio", token=TOKEN) as emulator:
        yield Server(emulator.url, emulator.ca if tls else None, None)


@contextmanager
def server_process(tls: bool, latency_ms: float) -> Iterator[Server]:
    command = [sys.executable, "-m", "hfortix", "emulator", "--port", "0", "--token", TOKEN]
    command += ([] if tls else ["--http"]) + (["--latency-ms", f"{latency_ms:g}"] if latency_ms else [])
    with ready_process(command) as ready:
        yield Server(ready["url"], ready["ca"], ready["pid"])


# -- clocks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """`calls` operations: wall seconds, CPU seconds of the client's thread and of the server."""

    calls: int
    wall: float
    client_cpu: float
    server_cpu: float | None

    def per_call(self, seconds: float | None) -> float | None:
        return None if seconds is None else seconds / self.calls * 1e6


class Meter:
    """Reads the three clocks; call `start()` and `stop(calls)` in the thread that runs the client."""

    def __init__(self, server: Server) -> None:
        self.server_pid = server.pid
        self._started: tuple[float, float, float | None] = (0.0, 0.0, None)

    def _server_cpu(self) -> float | None:
        if self.server_pid is not None:
            return process_cpu_seconds(self.server_pid)
        return time.process_time() - time.thread_time()  # every other thread: the emulator's

    def start(self) -> None:
        gc.collect()
        self._started = (time.perf_counter(), time.thread_time(), self._server_cpu())

    def stop(self, calls: int) -> Sample:
        wall, cpu, server = time.perf_counter(), time.thread_time(), self._server_cpu()
        wall0, cpu0, server0 = self._started
        server_cpu = server - server0 if server is not None and server0 is not None else None
        return Sample(calls, wall - wall0, cpu - cpu0, server_cpu)


def median(samples: list[Sample]) -> Sample:
    """Medians of wall and client CPU; the mean of server CPU (a child's CPU clock ticks at 10 ms)."""
    servers = [s.server_cpu for s in samples if s.server_cpu is not None]
    return Sample(
        samples[0].calls,
        statistics.median(s.wall for s in samples),
        statistics.median(s.client_cpu for s in samples),
        statistics.fmean(servers) if len(servers) == len(samples) else None,
    )


def measure_pair(meter: Meter, repeat: int, calls: int, raw: Callable[[], object],
                 ours: Callable[[], object]) -> tuple[Sample, Sample]:
    """Median samples of `raw` and `ours` (each does `calls` operations), run alternately."""
    results: dict[str, list[Sample]] = {"raw": [], "ours": []}
    for round_ in range(repeat):
        order = [("raw", raw), ("ours", ours)]
        for name, run in order if round_ % 2 == 0 else order[::-1]:
            meter.start()
            run()
            results[name].append(meter.stop(calls))
    return median(results["raw"]), median(results["ours"])


async def ameasure_pair(meter: Meter, repeat: int, calls: int, raw: Callable[[], Awaitable[object]],
                        ours: Callable[[], Awaitable[object]]) -> tuple[Sample, Sample]:
    results: dict[str, list[Sample]] = {"raw": [], "ours": []}
    for round_ in range(repeat):
        order = [("raw", raw), ("ours", ours)]
        for name, run in order if round_ % 2 == 0 else order[::-1]:
            meter.start()
            await run()
            results[name].append(meter.stop(calls))
    return median(results["raw"]), median(results["ours"])


# -- output --------------------------------------------------------------------------------------


def fmt(value: float | None, spec: str = ".1f") -> str:
    return "n/a" if value is None else format(value, spec)


def ratio(value: float | None, baseline: float | None) -> str:
    return f"{value / baseline:.2f}" if value is not None and baseline else "n/a"


TABLE = (f"{'scenario':34} {'client':18} {'ops':>6} {'wall us/op':>11} {'ops/s':>9} {'client CPU us':>13}"
         f" {'server CPU us':>13} {'wall x':>7} {'CPU x':>6} {'+us CPU':>8}")


def heading(title: str) -> None:
    print(f"\n{title}")
    print(TABLE)
    print("-" * len(TABLE))


def row(scenario: str, client: str, sample: Sample, baseline: Sample | None = None) -> None:
    wall = sample.per_call(sample.wall)
    cpu = sample.per_call(sample.client_cpu)
    line = (f"{scenario:34} {client:18} {sample.calls:6d} {fmt(wall):>11} {sample.calls / sample.wall:9.0f}"
            f" {fmt(cpu):>13} {fmt(sample.per_call(sample.server_cpu)):>13}")
    if baseline is not None:
        base_cpu = baseline.per_call(baseline.client_cpu)
        added = None if cpu is None or base_cpu is None else cpu - base_cpu
        line += (f" {ratio(wall, baseline.per_call(baseline.wall)):>7} {ratio(cpu, base_cpu):>6}"
                 f" {fmt(added, '+.1f'):>8}")
    print(line, flush=True)


# -- 1. sequential sync ----------------------------------------------------------------------------


def raw_client(server: Server, connections: int) -> httpx.Client:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.Client(verify=server.verify, limits=limits, timeout=60, trust_env=False)


def raw_async_client(server: Server, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(verify=server.verify, limits=limits, timeout=60, trust_env=False)


def hfortix_client(server: Server, args: argparse.Namespace, mode: str = "sync",
                   max_concurrency: int | None = None) -> Any:
    return FortiOS(server.url, token=TOKEN, verify=server.ca or True, mode=mode,
                   max_concurrency=max_concurrency, max_connections=args.connections)


def sequential_sync(server: Server, args: argparse.Namespace, meter: Meter) -> dict[str, Sample]:
    heading(f"{SECTIONS[0]} (N={args.n}, keep-alive, median of {args.repeat})")
    item_url = f"{server.url}{ADDRESSES}/{ITEM}"
    status_url = f"{server.url}{STATUS}"
    added: dict[str, Sample] = {}
    with raw_client(server, args.connections) as client, hfortix_client(server, args) as fgt:
        cases = [  # the whole chain on every call, as users write it
            ("monitor/system/status", status_url, lambda: fgt.api.monitor.system.status.get()),
            (f"cmdb/firewall/address/{ITEM}", item_url, lambda: fgt.api.cmdb.firewall.address.get(ITEM)),
        ]
        for name, url, call in cases:
            def raw(url: str = url) -> None:
                for _ in range(args.n):
                    client.get(url, headers=HEADERS).json()

            def ours(call: Callable[[], object] = call) -> None:
                for _ in range(args.n):
                    call()

            for _ in range(args.warmup):
                client.get(url, headers=HEADERS).json()
                call()
            base, sample = measure_pair(meter, args.repeat, args.n, raw, ours)
            row(name, "httpx.Client", base)
            row("", "hfortix sync", sample, base)
            added[name] = Sample(args.n, sample.wall - base.wall, sample.client_cpu - base.client_cpu, None)
    return added


# -- 2. concurrent async ---------------------------------------------------------------------------


async def gather_asyncio(calls: list[Callable[[], Awaitable[object]]]) -> None:
    await asyncio.gather(*(call() for call in calls))


async def gather_trio(calls: list[Callable[[], Awaitable[object]]]) -> None:
    import trio

    async with trio.open_nursery() as nursery:
        for call in calls:
            nursery.start_soon(call)


async def concurrent_round(server: Server, args: argparse.Namespace, meter: Meter, loop: str) -> None:
    gather = gather_asyncio if loop == "asyncio" else gather_trio
    status_url = f"{server.url}{STATUS}"
    async with raw_async_client(server, args.connections) as client, \
            hfortix_client(server, args, mode="async") as fgt:
        async def raw_one() -> None:
            (await client.get(status_url, headers=HEADERS)).json()

        async def raw() -> None:
            await gather([raw_one] * args.m)

        async def ours_one() -> None:
            await fgt.api.monitor.system.status.get()

        async def ours() -> None:
            await gather([ours_one] * args.m)

        for _ in range(max(1, args.warmup // args.m)):  # also opens the pools' connections
            await raw()
            await ours()
        base, sample = await ameasure_pair(meter, args.repeat, args.m, raw, ours)
    label = "asyncio.gather" if loop == "asyncio" else "trio nursery"
    row(f"monitor/system/status, {loop}", "httpx.AsyncClient", base)
    row(f"  ({label})", "hfortix async", sample, base)


def concurrent_async(server: Server, args: argparse.Namespace, meter: Meter) -> None:
    heading(f"{SECTIONS[1]} (M={args.m} at once, pool of {args.connections} connections, median of {args.repeat})")
    asyncio.run(concurrent_round(server, args, meter, "asyncio"))
    import trio

    trio.run(concurrent_round, server, args, meter, "trio")


# -- 3. bulk ---------------------------------------------------------------------------------------


def address_rows(count: int) -> list[dict[str, str]]:
    return [{"name": f"bench-{i}", "subnet": f"10.{i // 256 % 256}.{i % 256}.0/24"} for i in range(count)]


def raw_list_all(client: httpx.Client, url: str) -> list[Any]:
    rows: list[Any] = []
    while True:
        page = client.get(url, params={"start": len(rows), "count": PAGE_SIZE}, headers=HEADERS).json()["results"]
        rows.extend(page)
        if len(page) < PAGE_SIZE:
            return rows


async def raw_alist_all(client: httpx.AsyncClient, url: str) -> list[Any]:
    rows: list[Any] = []
    while True:
        answer = await client.get(url, params={"start": len(rows), "count": PAGE_SIZE}, headers=HEADERS)
        page = answer.json()["results"]
        rows.extend(page)
        if len(page) < PAGE_SIZE:
            return rows


def check_listed(rows: list[Any], expected: int, who: str) -> None:
    if len(rows) != expected:  # a wrong count means the benchmark measured something else
        raise RuntimeError(f"{who} listed {len(rows)} addresses, expected {expected}")


Phases = dict[str, Sample]


def bulk_raw_sync(server: Server, args: argparse.Namespace, meter: Meter, rows: list[dict[str, str]],
                  listed: int) -> Phases:
    url = f"{server.url}{ADDRESSES}"
    with raw_client(server, args.connections) as client:
        client.get(f"{server.url}{STATUS}", headers=HEADERS).json()
        meter.start()
        for body in rows:
            client.post(url, json=body, headers=HEADERS).json()
        created = meter.stop(len(rows))
        meter.start()
        check_listed(raw_list_all(client, url), listed, "httpx")
        read = meter.stop(listed)
        meter.start()
        for body in rows:
            client.delete(f"{url}/{quote(body['name'], safe='')}", headers=HEADERS).json()
        deleted = meter.stop(len(rows))
    return {"create": created, "list": read, "delete": deleted}


def bulk_ours_sync(server: Server, args: argparse.Namespace, meter: Meter, rows: list[dict[str, str]],
                   listed: int) -> Phases:
    with hfortix_client(server, args) as fgt:
        fgt.api.monitor.system.status.get()
        address = fgt.api.cmdb.firewall.address
        meter.start()
        for body in rows:
            address.create(**body)
        created = meter.stop(len(rows))
        meter.start()
        check_listed(address.list(), listed, "hfortix")
        read = meter.stop(listed)
        meter.start()
        for body in rows:
            address.delete(body["name"])
        deleted = meter.stop(len(rows))
    return {"create": created, "list": read, "delete": deleted}


async def bulk_raw_async(server: Server, args: argparse.Namespace, meter: Meter, rows: list[dict[str, str]],
                         listed: int) -> Phases:
    url = f"{server.url}{ADDRESSES}"
    slots = asyncio.Semaphore(args.concurrency)
    async with raw_async_client(server, args.connections) as client:
        async def post(body: dict[str, str]) -> None:
            async with slots:
                (await client.post(url, json=body, headers=HEADERS)).json()

        async def delete(name: str) -> None:
            async with slots:
                (await client.delete(f"{url}/{quote(name, safe='')}", headers=HEADERS)).json()

        (await client.get(f"{server.url}{STATUS}", headers=HEADERS)).json()
        meter.start()
        await asyncio.gather(*(post(body) for body in rows))
        created = meter.stop(len(rows))
        meter.start()
        check_listed(await raw_alist_all(client, url), listed, "httpx async")
        read = meter.stop(listed)
        meter.start()
        await asyncio.gather(*(delete(body["name"]) for body in rows))
        deleted = meter.stop(len(rows))
    return {"create": created, "list": read, "delete": deleted}


async def bulk_ours_async(server: Server, args: argparse.Namespace, meter: Meter, rows: list[dict[str, str]],
                          listed: int) -> Phases:
    async with hfortix_client(server, args, mode="async", max_concurrency=args.concurrency) as fgt:
        await fgt.api.monitor.system.status.get()
        address = fgt.api.cmdb.firewall.address
        meter.start()
        await asyncio.gather(*(address.create(**body) for body in rows))
        created = meter.stop(len(rows))
        meter.start()
        check_listed(await address.list(), listed, "hfortix async")
        read = meter.stop(listed)
        meter.start()
        await asyncio.gather(*(address.delete(body["name"]) for body in rows))
        deleted = meter.stop(len(rows))
    return {"create": created, "list": read, "delete": deleted}


def bulk(server: Server, args: argparse.Namespace, meter: Meter) -> None:
    heading(f"{SECTIONS[2]} (K={args.objects} addresses; async: asyncio, at most {args.concurrency} in flight;"
            f" list pages {PAGE_SIZE} rows; median of {args.bulk_repeat})")
    with raw_client(server, args.connections) as client:
        existing = len(raw_list_all(client, f"{server.url}{ADDRESSES}"))

    def variants(rows: list[dict[str, str]]) -> dict[str, Callable[[], Phases]]:
        listed = existing + len(rows)
        return {
            "raw sync": lambda: bulk_raw_sync(server, args, meter, rows, listed),
            "ours sync": lambda: bulk_ours_sync(server, args, meter, rows, listed),
            "raw async": lambda: asyncio.run(bulk_raw_async(server, args, meter, rows, listed)),
            "ours async": lambda: asyncio.run(bulk_ours_async(server, args, meter, rows, listed)),
        }

    for warm_up in variants(address_rows(min(args.warmup, args.objects))).values():
        warm_up()  # untimed: the first create/delete/list of each kind also warms the emulator up
    rows = address_rows(args.objects)
    listed = existing + len(rows)
    timed = variants(rows)
    runs: dict[str, list[Phases]] = {name: [] for name in timed}
    for round_ in range(args.bulk_repeat):
        names = list(timed) if round_ % 2 == 0 else list(timed)[::-1]
        for name in names:
            runs[name].append(timed[name]())
    result = {name: {phase: median([run[phase] for run in done]) for phase in done[0]}
              for name, done in runs.items()}
    for phase, what in (("create", f"create x{len(rows)}"), ("list", f"list {listed} rows"),
                        ("delete", f"delete x{len(rows)}")):
        row(f"{what}, sequential", "httpx.Client", result["raw sync"][phase])
        row("", "hfortix sync", result["ours sync"][phase], result["raw sync"][phase])
        concurrency = "" if phase == "list" else f", {args.concurrency} at once"
        row(f"{what}, asyncio{concurrency}", "httpx.AsyncClient", result["raw async"][phase])
        row("", "hfortix async", result["ours async"][phase], result["raw async"][phase])
    sync_rate = result["ours sync"]["create"].calls / result["ours sync"]["create"].wall
    async_rate = result["ours async"]["create"].calls / result["ours async"]["create"].wall
    print(f"hfortix creates: {async_rate:.0f}/s async (max_concurrency={args.concurrency}) vs {sync_rate:.0f}/s"
          f" sync: x{async_rate / sync_rate:.2f}; 10,000 addresses would take about"
          f" {10_000 / async_rate:.1f} s async, {10_000 / sync_rate:.1f} s sync")


# -- 4. no sockets ---------------------------------------------------------------------------------


class CannedTransport:
    """A sync transport that answers every request with the same Response, at once."""

    def __init__(self, response: Response) -> None:
        self.response = response

    def send(self, request: Any) -> Response:
        return self.response

    def close(self) -> None:
        pass


def captured(client: httpx.Client, url: str) -> tuple[Response, httpx.Response]:
    """The emulator's real answer to GET `url`, as hfortix's Response and as httpx's."""
    answer = client.get(url, headers=HEADERS)
    answer.read()
    ours = Response(answer.status_code, tuple((k.decode(), v.decode()) for k, v in answer.headers.raw),
                    answer.content)
    return ours, answer


def per_call_us(iterations: int, repeat: int, call: Callable[[], object]) -> float:
    for _ in range(max(1, iterations // 10)):
        call()
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        for _ in range(iterations):
            call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) / iterations * 1e6


BUILD, PARSE, CORE = "core: Session.build", "core: parse_response", "core: run_sync(plans.send)"
FACADE, GLUE, RAW = "facade: fgt.api....get()", "h11: bytes out, Response in", "raw: build_request + .json()"
STEP_NOTES = {
    BUILD: "URL, headers, token -> Request",
    PARSE: "JSON -> Envelope, error check",
    CORE: "build + drive the plan + parse",
    FACADE: "tree, query, plan, runner: all above I/O",
    GLUE: "our transport's HTTP (sans-IO, h11)",
    RAW: "what raw httpx does instead",
}


def core_steps(server: Server, path: str, key: str | None, response: Response, raw_answer: httpx.Response,
               build_client: httpx.Client) -> tuple[dict[str, Callable[[], object]], Any]:
    """The no-socket steps for one endpoint, and the FortiOS client (on a canned transport) to close."""
    from hfortix.transports._http11 import HTTP11Connection, Limits, origin_of

    session = Session(server.url, TokenAuth(TOKEN), RetryPolicy())
    request = session.build("GET", path)
    url = request.url
    origin, target = origin_of(url)
    wire = (f"HTTP/1.1 {raw_answer.status_code} {raw_answer.reason_phrase}\r\n".encode()
            + b"".join(name + b": " + value + b"\r\n" for name, value in raw_answer.headers.raw)
            + b"\r\n" + raw_answer.content)
    connection = HTTP11Connection(Limits())

    def http11_cycle() -> object:
        connection.send_request(request, target, origin.host_header)
        answer = connection.receive_data(wire)
        connection.start_next_cycle()
        return answer
    fgt: Any = FortiOS(server.url, token=TOKEN, transport=CannedTransport(response))
    if key is None:
        get: Callable[[], object] = fgt.api.monitor.system.status.get
    else:
        address, item = fgt.api.cmdb.firewall.address, key

        def get() -> object:
            return address.get(item)
    steps: dict[str, Callable[[], object]] = {
        BUILD: lambda: session.build("GET", path),
        PARSE: lambda: parse_response(request, response),
        CORE: lambda: run_sync(send_plan(session, "GET", path), lambda _: response, time.sleep),
        FACADE: get,
        GLUE: http11_cycle,
        RAW: lambda: (build_client.build_request("GET", url, headers=HEADERS), raw_answer.json()),
    }
    return steps, fgt


def core_cpu(server: Server, args: argparse.Namespace, added: dict[str, Sample]) -> None:
    print(f"\n{SECTIONS[3]} ({args.core_iterations} calls, median of {args.repeat}; us per call, one thread)")
    paths = {"monitor/system/status": (STATUS, None), f"cmdb/firewall/address/{ITEM}": (f"{ADDRESSES}/{ITEM}", ITEM)}
    header = f"{'step':30} {'what it covers':42}" + "".join(f" {name:>23}" for name in paths)
    print(header)
    print("-" * len(header))
    measured: dict[str, dict[str, float]] = {}
    with raw_client(server, args.connections) as client:
        for name, (path, key) in paths.items():
            response, raw_answer = captured(client, f"{server.url}{path}")  # the emulator's real answer
            steps, fgt = core_steps(server, path, key, response, raw_answer, client)
            with fgt:
                measured[name] = {step: per_call_us(args.core_iterations, args.repeat, call)
                                  for step, call in steps.items()}
    for step, note in STEP_NOTES.items():
        print(f"{step:30} {note:42}" + "".join(f" {measured[name][step]:23.1f}" for name in paths))
    print(f"{'= expected extra client CPU':30} {'facade + h11 - raw (raw h11 not in it)':42}"
          + "".join(f" {measured[name][FACADE] + measured[name][GLUE] - measured[name][RAW]:23.1f}"
                    for name in paths))
    print(f"{'  measured extra client CPU':30} {'section 1, +us CPU (with sockets)':42}"
          + "".join(f" {fmt(added[name].per_call(added[name].client_cpu) if name in added else None):>23}"
                    for name in paths))
    print("(a hot loop keeps code and data in the CPU caches; between socket calls the same code runs colder,"
          " so the measured extra is usually larger)")


# -- main ------------------------------------------------------------------------------------------


def reproduce(args: argparse.Namespace) -> str:
    python = os.path.relpath(sys.executable) if not os.path.relpath(sys.executable).startswith("..") \
        else sys.executable
    script = os.path.relpath(os.path.abspath(__file__))
    options = [f"--n {args.n}", f"--m {args.m}", f"--objects {args.objects}", f"--concurrency {args.concurrency}",
               f"--connections {args.connections}", f"--repeat {args.repeat}", f"--bulk-repeat {args.bulk_repeat}",
               f"--warmup {args.warmup}", f"--core-iterations {args.core_iterations}"]
    options += ["--server-process"] if args.server_process else []
    options += ["--tls"] if args.tls else []
    options += [f"--latency-ms {args.latency_ms:g}"] if args.latency_ms else []
    return " ".join([shlex.quote(python), shlex.quote(script), *options])


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive integer")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--n", type=positive, default=800, help="sequential sync calls per measurement")
    parser.add_argument("--m", type=positive, default=200, help="concurrent async calls per measurement")
    parser.add_argument("--objects", type=positive, default=2000, help="addresses created, listed, deleted")
    parser.add_argument("--concurrency", type=positive, default=8, help="async bulk: requests in flight at once")
    parser.add_argument("--connections", type=positive, default=20,
                        help="connection pool size, both clients (hfortix's max_connections default)")
    parser.add_argument("--repeat", type=positive, default=5, help="measurements per figure (median)")
    parser.add_argument("--bulk-repeat", type=positive, default=3, help="bulk rounds (median)")
    parser.add_argument("--warmup", type=positive, default=100, help="calls of each client before timing")
    parser.add_argument("--core-iterations", type=positive, default=3000, help="calls per no-socket measurement")
    parser.add_argument("--server-process", action="store_true",
                        help="run the emulator as a child process instead of a thread of this one")
    parser.add_argument("--tls", action="store_true", help="HTTPS (the emulator's own CA) instead of HTTP")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="the emulator delays every answer this long (a real FortiGate takes milliseconds)")
    args = parser.parse_args(argv)
    if not 0 <= args.latency_ms <= 10_000:
        parser.error("--latency-ms must be between 0 and 10000")

    started = time.perf_counter()
    where = "a child process" if args.server_process else "a thread of this process (shares the GIL)"
    latency = f", answers delayed {args.latency_ms:g} ms" if args.latency_ms else ""
    print(f"hfortix client overhead vs raw httpx {httpx.__version__}; Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs; emulator in {where}, {'HTTPS' if args.tls else 'HTTP'} on 127.0.0.1{latency}")
    print("wall/client CPU/server CPU: per op; x: hfortix / httpx time per op; +us CPU: hfortix's extra client CPU")
    serve = server_process if args.server_process else server_in_thread
    took: list[str] = []

    def timed_section(number: int, run: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        result = run()
        took.append(f"{number}: {time.perf_counter() - began:.1f} s")
        return result

    with serve(args.tls, args.latency_ms) as server:
        meter = Meter(server)
        with raw_client(server, args.connections) as client:  # the address section 1 reads
            client.post(f"{server.url}{ADDRESSES}", json={"name": ITEM, "subnet": "192.0.2.0/24"},
                        headers=HEADERS).raise_for_status()
        added = timed_section(1, lambda: sequential_sync(server, args, meter))
        timed_section(2, lambda: concurrent_async(server, args, meter))
        timed_section(3, lambda: bulk(server, args, meter))
        timed_section(4, lambda: core_cpu(server, args, added))
    print(f"\ntook {time.perf_counter() - started:.1f} s ({', '.join(took)}); reproduce with:\n  {reproduce(args)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
