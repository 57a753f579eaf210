"""What one TLS handshake costs in CPU on each side, with Python's ssl module and nothing else.

    .venv/bin/python benchmarks/tls_handshake.py [--handshakes 300]

The floor under `many_clients.py` over HTTPS: each of its 200 clients makes its own connection,
so 200 handshakes are paid on each side before any request, whatever the HTTP client. Here a
blocking client and a blocking server (one thread each, in this process, over 127.0.0.1) do
nothing but handshake: TCP connect, TLS 1.3 with the emulator's certificate (trustme, ECDSA)
verified against its CA, two bytes each way, close. Each side's CPU is its thread's CPU time.
"""

from __future__ import annotations

import argparse
import socket
import ssl
import threading
import time

from _common import machine

from hfortix.emulator.tls import ServerCertificate


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--handshakes", type=int, default=300)
    parser.add_argument("--clients", type=int, default=200, help="the many_clients.py run to put the floor beside")
    args = parser.parse_args()
    certificate = ServerCertificate()
    client_context = ssl.create_default_context(cafile=certificate.ca_path)
    listener = socket.create_server(("127.0.0.1", 0), backlog=args.handshakes)
    port, server_cpu = listener.getsockname()[1], []

    def serve() -> None:
        start = time.thread_time()
        for _ in range(args.handshakes):
            connection, _ = listener.accept()
            with certificate.ssl_context.wrap_socket(connection, server_side=True) as tls:
                tls.recv(2)
                tls.sendall(b"ok")
        server_cpu.append(time.thread_time() - start)

    server = threading.Thread(target=serve)
    server.start()
    start = time.thread_time()
    for _ in range(args.handshakes):
        with client_context.wrap_socket(socket.create_connection(("127.0.0.1", port)),
                                        server_hostname="127.0.0.1") as tls:
            tls.sendall(b"hi")
            tls.recv(2)
    client_cpu = time.thread_time() - start
    server.join()
    listener.close()
    certificate.close()
    per_client, per_server = 1e3 * client_cpu / args.handshakes, 1e3 * server_cpu[0] / args.handshakes
    print(f"TLS handshakes: {machine()}; {ssl.OPENSSL_VERSION}")
    print(f"{args.handshakes} handshakes: client {per_client:.2f} ms CPU each, server {per_server:.2f} ms CPU each")
    print(f"so {args.clients} clients pay {args.clients * per_client / 1e3:.2f} s of client CPU and "
          f"{args.clients * per_server / 1e3:.2f} s of server CPU in handshakes alone, before any request")
    print(f"reproduce with: .venv/bin/python benchmarks/tls_handshake.py --handshakes {args.handshakes}")


if __name__ == "__main__":
    main()
