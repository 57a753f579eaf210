"""Transports for tests that must prove what was (or was not) sent: they record every request.

`Recorder` answers every request with one response (a success envelope unless told
otherwise); `Scripted` answers with a list, in order, where an exception in the list is
raised instead (a lost connection). `AsyncRecorder` is the async twin of `Recorder`.
"""

from __future__ import annotations

import json
from typing import Any

from hfortix.core import Request, Response

JSON = (("Content-Type", "application/json"),)


def answer(status: int = 200, body: Any = None, *, headers: tuple[tuple[str, str], ...] = (),
           **envelope: Any) -> Response:
    """A JSON response: `body` as given, or an envelope of `status` with `envelope`'s keys."""
    if body is None:
        body = {"http_method": "GET", "status": "success" if status < 400 else "error", "http_status": status,
                "vdom": "root", **envelope}
    return Response(status, (*JSON, *headers), json.dumps(body).encode())


OK = answer(results=[])


class Recorder:
    """A sync transport that answers `response` to everything and remembers every request."""

    def __init__(self, response: Response = OK) -> None:
        self.response = response
        self.sent: list[Request] = []

    def send(self, request: Request) -> Response:
        self.sent.append(request)
        return self.response

    def close(self) -> None:
        pass

    def bodies(self) -> list[Any]:
        return [json.loads(request.content) for request in self.sent]


class AsyncRecorder(Recorder):
    async def send(self, request: Request) -> Response:  # type: ignore[override]
        self.sent.append(request)
        return self.response

    async def aclose(self) -> None:
        pass


class Scripted(Recorder):
    """A sync transport that gives `answers` in order (an exception in them is raised)."""

    def __init__(self, *answers: Response | Exception) -> None:
        super().__init__()
        self.answers = list(answers)

    def send(self, request: Request) -> Response:
        self.sent.append(request)
        next_answer = self.answers.pop(0)
        if isinstance(next_answer, Exception):
            raise next_answer
        return next_answer
