"""monitor: every monitor endpoint of the catalog answers its methods with a FortiOS envelope.

Routing: `/api/v2/monitor/<path>/<name>[/<action>]`. FortiOS treats `select` as the implicit
action, so `/firewall/policy` and `/firewall/policy/select` are one endpoint; the envelope's
`action` echoes the URL's action segment (7.x answers `""` without one, 6.x leaves it out).

Answers: recorded ones first (`EmulatorApp(answers=...)`, recorded.py), then monitor_answers.py
for the common endpoints (data consistent with cmdb state), else
the example data/monitor_shapes.json holds for the endpoint (from FortiOS's own monitor
schema), else `[]` for a GET and `{}` for a POST. A required parameter left out answers 424
("missing required parameter", wire format 6.1); a query parameter not of its declared form
(a boolean other than `true`/`false`, an int that is not digits) answers 400.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint

from . import service_answers  # noqa: F401  (registers the service API's answers in ANSWERS)
from .device import Device
from .errors import ApiError, bad_request, method_not_allowed, not_found
from .monitor_answers import ANSWERS, MonitorContext
from .profile import load_data
from .recorded import RecordedAnswers
from .replies import Download, Where, monitor_read
from .request import Incoming
from .store import ConfigStore

Answer = tuple[int, dict[str, Any] | Download]


def endpoint_key(endpoint: Endpoint) -> str:
    """ "path/name[/action]" with the implicit "select" left out; other APIs than the monitor
    (the service API, answered the same way) put their name first: "service/sniffer/list"."""
    key = f"{endpoint.path}/{endpoint.name}"
    key = key if endpoint.action in (None, "select") else f"{key}/{endpoint.action}"
    return key if endpoint.api == "monitor" else f"{endpoint.api}/{key}"


def request_params(request: Incoming) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name, value in request.query:
        params.setdefault(name, value)
    if request.method != "GET" and request.body.strip():
        body = request.json()
        if isinstance(body, dict):
            params.update(body)
    return params


#: How a typed query parameter must look. FortiOS reads a boolean as the words true and false.
_QUERY_FORMS = {"boolean": re.compile(r"true|false"), "int": re.compile(r"-?[0-9]{1,19}")}


def _check_query_forms(request: Incoming, declared: dict[str, Any]) -> None:
    """400 for a query parameter whose text is not of its declared type (`summary=True`)."""
    for name, value in request.query:
        form = _QUERY_FORMS.get(declared.get(name, {}).get("type"))
        if form is not None and not form.fullmatch(value):
            raise bad_request(f"invalid value {value!r} for {declared[name]['type']} parameter {name!r}")


class MonitorHandler:
    """The monitor API, or (`api="service"`) the service API, which answers the same way."""

    def __init__(self, device: Device, api: str = "monitor") -> None:
        self.device = device
        self.api = api
        self._index: dict[tuple[str, str], dict[str | None, Endpoint]] = {}
        for endpoint in catalog.endpoints():
            if endpoint.api == api:
                self._index.setdefault((endpoint.path, endpoint.name), {})[endpoint.action] = endpoint
        self._directories: dict[str, list[dict[str, Any]]] = {}
        self.recorded: RecordedAnswers | None = None  # answers recorded from a real box win

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
            raise method_not_allowed(f"{request.method} is not supported by {endpoint.key}")
        params = request_params(request)
        declared = catalog.details(endpoint).get("params", {}).get(request.method, {})
        missing = [name for name, spec in declared.items() if spec.get("required") and name not in params]
        if missing:
            raise ApiError(424, detail=f"missing required parameter(s): {', '.join(missing)}")
        _check_query_forms(request, declared)
        key = endpoint_key(endpoint)
        handler = ANSWERS.get((key, request.method))
        found, recorded = (False, None)
        if self.recorded is not None:
            found, recorded = self.recorded.get(key, request.method, self.device.identity.serial)
        if found:
            results = recorded
        elif handler is not None:
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

    def directory(self, api: str = "monitor") -> list[dict[str, Any]]:
        """`GET /api/v2/monitor` (also `?action=schema`) and `GET /api/v2/log`: FortiOS's
        directory of the API's endpoints, one entry per endpoint and method."""
        if api not in self._directories:
            entries = []
            for endpoint in catalog.endpoints():
                if endpoint.api != api:
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
            self._directories[api] = entries
        return self._directories[api]
