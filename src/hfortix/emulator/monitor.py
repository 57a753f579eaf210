"""monitor: every monitor endpoint of the catalog answers its methods with a FortiOS envelope.

Routing: `/api/v2/monitor/<path>/<name>[/<action>]`. FortiOS treats `select` as the implicit
action, so `/firewall/policy` and `/firewall/policy/select` are one endpoint; the envelope's
`action` echoes the URL's action segment (7.x answers `""` without one, 6.x leaves it out).

Answers: monitor_answers.py for the common endpoints (data consistent with cmdb state), else
the example data/monitor_shapes.json holds for the endpoint (from FortiOS's own monitor
schema), else `[]` for a GET and `{}` for a POST. A required parameter left out answers 424
("missing required parameter", wire format 6.1).
"""

from __future__ import annotations

import copy
from typing import Any

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint

from .device import Device
from .errors import ApiError, method_not_allowed, not_found
from .monitor_answers import ANSWERS, MonitorContext
from .profile import load_data
from .replies import Download, Where, monitor_read
from .request import Incoming
from .store import ConfigStore

Answer = tuple[int, dict[str, Any] | Download]


def endpoint_key(endpoint: Endpoint) -> str:
    """ "path/name[/action]" with the implicit "select" left out."""
    key = f"{endpoint.path}/{endpoint.name}"
    return key if endpoint.action in (None, "select") else f"{key}/{endpoint.action}"


def request_params(request: Incoming) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name, value in request.query:
        params.setdefault(name, value)
    if request.method != "GET" and request.body.strip():
        body = request.json()
        if isinstance(body, dict):
            params.update(body)
    return params


class MonitorHandler:
    def __init__(self, device: Device) -> None:
        self.device = device
        self._index: dict[tuple[str, str], dict[str | None, Endpoint]] = {}
        for endpoint in catalog.endpoints():
            if endpoint.api == "monitor":
                self._index.setdefault((endpoint.path, endpoint.name), {})[endpoint.action] = endpoint
        self._directory: list[dict[str, Any]] | None = None

    def route(self, segments: list[str]) -> tuple[Endpoint, str | None]:
        """(the endpoint, the action segment as sent or None); 404 if there is none."""
        if len(segments) < 2 or len(segments) > 3:
            raise not_found("no such monitor endpoint")
        actions = self._index.get((segments[0], segments[1]))
        if actions is None:
            raise not_found("no such monitor endpoint")
        if len(segments) == 2:
            endpoint = actions.get(None) or actions.get("select")
            label = None
        else:
            label = segments[2]
            endpoint = actions.get(label) or (actions.get(None) if label == "select" else None)
        if endpoint is None:
            raise not_found("no such monitor endpoint")
        return endpoint, label

    def where(self, request: Incoming, segments: list[str], vdom: str) -> Where:
        path = segments[0] if segments else ""
        name = segments[1] if len(segments) > 1 else ""
        label = segments[2] if len(segments) > 2 else None
        if label is None and self.device.quirks.monitor_empty_action:
            label = ""
        return Where(request.method, vdom, path, name, label)

    def answer(
        self, request: Incoming, endpoint: Endpoint, segments: list[str], store: ConfigStore, vdom: str
    ) -> Answer:
        where = self.where(request, segments, vdom)
        methods = set(endpoint.methods)
        if request.method not in methods:
            raise method_not_allowed(f"{request.method} is not supported by monitor/{endpoint_key(endpoint)}")
        params = request_params(request)
        declared = catalog.details(endpoint).get("params", {}).get(request.method, {})
        missing = [name for name, spec in declared.items() if spec.get("required") and name not in params]
        if missing:
            raise ApiError(424, detail=f"missing required parameter(s): {', '.join(missing)}")
        key = endpoint_key(endpoint)
        handler = ANSWERS.get((key, request.method))
        if handler is not None:
            results = handler(MonitorContext(self.device, store, vdom, request, params))
            if isinstance(results, Download):
                return 200, results
        else:
            results = self._example(key, request.method)
        return 200, monitor_read(self.device.identity, where, results)

    @staticmethod
    def _example(key: str, method: str) -> Any:
        shapes: dict[str, dict[str, Any]] = load_data("monitor_shapes.json")["shapes"]
        example = shapes.get(key, {}).get(method)
        if example is None:
            return [] if method == "GET" else {}
        return copy.deepcopy(example)

    def directory(self) -> list[dict[str, Any]]:
        """`GET /api/v2/monitor/?action=schema`: FortiOS's monitor directory."""
        if self._directory is None:
            entries = []
            for endpoint in catalog.endpoints():
                if endpoint.api != "monitor":
                    continue
                params = catalog.details(endpoint).get("params", {})
                for method in endpoint.methods:
                    example = self._example(endpoint_key(endpoint), method)
                    entries.append(
                        {
                            "path": endpoint.path,
                            "name": endpoint.name,
                            "action": endpoint.action or "select",
                            "supported": True,
                            "request": {
                                "http_method": method,
                                "parameters": [
                                    {
                                        "name": name,
                                        "type": spec.get("type"),
                                        "required": bool(spec.get("required")),
                                    }
                                    for name, spec in params.get(method, {}).items()
                                ],
                            },
                            "response": {"type": "array" if isinstance(example, list) else "object"},
                        }
                    )
            self._directory = entries
        return self._directory
