"""A small in-memory FortiGate for testing plans without sockets: Request in, Response out.

Deliberately tiny and separate from hfortix.emulator: core's unit tests should not depend
on the emulator, and this one lets a test script exact answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qsl, unquote, urlsplit

from hfortix.core import Request, Response

Handler = Callable[[Request], Response]


def envelope(method: str, results: object = None, *, status: int = 200, vdom: str = "root",
             **extra: object) -> bytes:
    body: dict[str, object] = {"http_method": method, "vdom": vdom, "path": "firewall", "name": "address",
                               "status": "success" if status < 400 else "error", "http_status": status,
                               "serial": "FGVM02TM00000001", "version": "v7.6.5", "build": 3510}
    if results is not None:
        body["results"] = results
    body.update(extra)
    return json.dumps(body).encode()


class FakeFortiGate:
    """Addresses in a dict; records every request; `script` can queue canned responses."""

    def __init__(self, token: str = "tok") -> None:
        self.token = token
        self.addresses: dict[str, dict[str, object]] = {}
        self.requests: list[Request] = []
        self.script: list[Response] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request)
        if self.script:
            return self.script.pop(0)
        if request.header("Authorization") != f"Bearer {self.token}":
            return Response(401, (("Content-Type", "application/json"),), envelope(request.method, status=401))
        url = urlsplit(request.url)
        query = dict(parse_qsl(url.query))
        parts = url.path.split("/")
        if parts[:5] != ["", "api", "v2", "cmdb", "firewall"] or len(parts) < 6 or parts[5] != "address":
            return Response(404, (), envelope(request.method, status=404))
        key = unquote(parts[6]) if len(parts) > 6 else None
        return self._address(request, key, query)

    def _address(self, request: Request, key: str | None, query: dict[str, str]) -> Response:
        method = request.method
        if method == "GET" and key is None:
            rows = sorted(self.addresses.values(), key=lambda row: str(row["name"]))
            start, count = int(query.get("start", 0)), int(query.get("count", len(rows) or 1))
            return Response(200, (), envelope("GET", rows[start:start + count], size=len(rows)))
        if method == "GET":
            if key not in self.addresses:
                return Response(404, (), envelope("GET", status=404, error=-3))
            return Response(200, (), envelope("GET", [self.addresses[key]]))
        if method == "POST":
            data = json.loads(request.content)
            if data["name"] in self.addresses:
                return Response(500, (), envelope("POST", status=500, error=-5))
            self.addresses[data["name"]] = data
            return Response(200, (), envelope("POST", mkey=data["name"], revision="1" * 32))
        if method == "PUT":
            if key not in self.addresses:
                return Response(404, (), envelope("PUT", status=404, error=-3))
            self.addresses[key].update(json.loads(request.content))
            return Response(200, (), envelope("PUT", mkey=key, revision="2" * 32))
        if method == "DELETE":
            if self.addresses.pop(key or "", None) is None:
                return Response(404, (), envelope("DELETE", status=404, error=-3))
            return Response(200, (), envelope("DELETE", mkey=key))
        return Response(405, (), envelope(method, status=405))
