"""The emulator's FortiOS behaviour as one in-memory app: request in, response out, no sockets.

`EmulatorApp.handle(method, target, headers, body)` answers exactly what a FortiGate would
answer on the wire; the network server and the client's in-memory transport both call it.
It is thread-safe: one lock guards the state, and answers are serialised to JSON after the
lock is released (stored rows are never changed in place, so that is safe).

Routing:
    /api/v2/authentication            JSON login (POST), logout (DELETE), renew (PUT)
    /logincheck, /logout              form login and logout
    /api/v2/cmdb[/...]                cmdb.py (and transactions at the cmdb root)
    /api/v2/monitor[/...]             monitor.py
    /api/v2/log/...                   logs.py
    /api/v2/service[/...]             monitor.py too (the service API answers like the monitor API)

Query options common to every API: `vdom=<name>` (one VDOM), `vdom=a,b` or `vdom=*` or
`global=1` (a JSON array of per-VDOM envelopes; `global=1` wins over `vdom=`), no vdom: the
management VDOM. A VDOM the box
does not have answers 403, as FortiOS answers for a VDOM the admin may not reach (ansible
issue #345). `scope=global` gives one envelope naming the management VDOM.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import backup, factory, restore
from .auth import Authenticator, Principal, Session
from .cmdb import CmdbHandler
from .device import Device
from .errors import EMPTY_VALUE, INVALID_ACTION, ApiError, ValueRejected, bad_request, forbidden, not_found
from .listing import flag
from .logs import LogHandler
from .monitor import MonitorHandler
from .profile import Firmware, Identity, Quirks
from .recorded import RecordedAnswers
from .replies import (
    JSON,
    NOT_FOUND_HTML,
    UNAUTHORIZED_HTML,
    Download,
    Reply,
    Where,
    cmdb_read,
    cmdb_write,
    error,
    overall_status,
)
from .request import Incoming
from .store import ConfigStore
from .transactions import Transaction, Transactions

__all__ = ["AppResponse", "EmulatorApp"]

APIS = ("cmdb", "monitor", "log", "service")
TRANSACTION_ACTIONS = ("transaction-start", "transaction-commit", "transaction-abort", "transaction-show")


def _where(request: Incoming, vdom: str, rest: list[str], action: str | None = None) -> Where:
    """The envelope place of a request whose endpoint may not exist: path and name as sent."""
    return Where(request.method, vdom, rest[0] if rest else "", rest[1] if len(rest) > 1 else "", action)


@dataclass
class AppResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class EmulatorApp:
    """A FortiGate's REST API in memory. See the module documentation for what it answers."""

    def __init__(
        self,
        *,
        token: str | None = None,
        readonly_token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        vdoms: Sequence[str] = ("root",),
        firmware: str = "7.6.5",
        serial: str = "FGVM02TM00000001",
        hostname: str = "FGT-EMULATOR",
        seed: int = 0,
        lockout_threshold: int = 5,
        lockout_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        config: str | None = None,
        answers: RecordedAnswers | Mapping[str, Any] | None = None,
    ) -> None:
        if isinstance(vdoms, str) or not vdoms:
            raise ValueError("vdoms must be a non-empty sequence of VDOM names, such as ('root',)")
        for vdom in vdoms:
            if not isinstance(vdom, str) or not vdom or vdom == "global" or any(c in vdom for c in " ,*/"):
                raise ValueError(f"{vdom!r} is not a usable VDOM name")
        if len(set(vdoms)) != len(vdoms):
            raise ValueError(f"vdoms names a VDOM twice: {list(vdoms)!r}")
        if (username is None) != (password is None):
            raise ValueError("give both username and password, or neither")
        if token is None and username is None:
            token = secrets.token_urlsafe(24)  # nothing given: a token the caller reads from app.token
        self.firmware = Firmware.parse(firmware)
        self.identity = Identity(serial=serial, hostname=hostname, firmware=self.firmware)
        self.quirks = Quirks.for_firmware(self.firmware)
        self.clock = clock
        self.request_count = 0
        self._lock = threading.RLock()
        self.device = Device(identity=self.identity, quirks=self.quirks, seed=seed, clock=clock)
        self.auth = Authenticator(
            token=token,
            readonly_token=readonly_token,
            username=username,
            password=password,
            identity=self.identity,
            quirks=self.quirks,
            clock=clock,
            lockout_threshold=lockout_threshold,
            lockout_seconds=lockout_seconds,
        )
        self.cmdb = CmdbHandler(self.device)
        self.monitor = MonitorHandler(self.device)
        if answers is not None:  # monitor answers recorded from a real box (hfortix record)
            self.monitor.recorded = answers if isinstance(answers, RecordedAnswers) else RecordedAnswers(answers)
        self.service = MonitorHandler(self.device, "service")
        self.logs = LogHandler(self.device)
        self.transactions = Transactions(clock)
        factory.seed(self.device, self.device.store, [str(name) for name in vdoms], hostname=hostname)
        if config is not None:
            self.load_config(config)

    # -- inspection (tests, benchmarks, the CLI) --------------------------------------------

    @property
    def token(self) -> str | None:
        return self.auth.token

    @property
    def https(self) -> bool:
        """Whether clients reach this box over HTTPS: session cookies are `Secure` only then.
        `EmulatorServer` sets it for the app it serves."""
        return self.auth.https

    @https.setter
    def https(self, value: bool) -> None:
        self.auth.https = bool(value)

    @property
    def readonly_token(self) -> str | None:
        return self.auth.readonly_token

    @property
    def serial(self) -> str:
        return self.identity.serial

    @property
    def vdoms(self) -> list[str]:
        with self._lock:
            return self.device.vdoms()

    @property
    def management_vdom(self) -> str:
        with self._lock:
            return self.device.management_vdom

    @property
    def revision(self) -> str:
        with self._lock:
            return self.device.revisions.current

    @property
    def sessions(self) -> dict[str, Session]:
        """Open login sessions by session key."""
        with self._lock:
            return dict(self.auth.sessions)

    def backup(self, scope: str = "global", vdom: str | None = None) -> str:
        """The configuration as FortiOS configuration text, as the backup endpoint answers it."""
        if scope not in ("global", "vdom"):
            raise ValueError(f"scope must be 'global' or 'vdom', not {scope!r}")
        with self._lock:
            if vdom is not None and vdom not in self.device.vdoms():
                raise ValueError(f"no such VDOM: {vdom!r}")
            return backup.render(self.device, self.device.store, scope=scope, vdom=vdom)

    def load_config(self, text: str, vdom: str | None = None) -> None:
        """Load FortiOS configuration text (a backup) into the configuration (see restore.py).

        All or nothing; raises `ConfigError` (a ValueError) naming the line on any problem."""
        if not isinstance(text, str):
            raise TypeError(f"the configuration must be text (str), not {type(text).__name__}")
        with self._lock:
            restore.load(self.device, self.device.store, text, vdom=vdom)

    def table(self, path: str, name: str, vdom: str = "root") -> list[dict[str, Any]]:
        """The rows of cmdb table path/name as stored (in table order)."""
        with self._lock:
            schema = self._schema(path, name, "table")
            rows = self.device.store.peek_rows(self.device.scope_of(schema, vdom), schema.key) or {}
            return [dict(row) for row in rows.values()]

    def get_object(self, path: str, name: str, mkey: Any, vdom: str = "root") -> dict[str, Any] | None:
        """One row of cmdb table path/name, or None."""
        with self._lock:
            schema = self._schema(path, name, "table")
            rows = self.device.store.peek_rows(self.device.scope_of(schema, vdom), schema.key) or {}
            row = rows.get(self.device.table_key(schema, mkey))
            return dict(row) if row is not None else None

    def singleton(self, path: str, name: str, vdom: str = "root") -> dict[str, Any]:
        """The value of cmdb singleton path/name."""
        with self._lock:
            schema = self._schema(path, name, "singleton")
            return dict(self.device.singleton_row(schema, self.device.scope_of(schema, vdom)))

    def add_object(self, path: str, name: str, data: Mapping[str, Any], vdom: str = "root") -> dict[str, Any]:
        """Create a row without HTTP (fast set-up for tests and benchmarks); checked like a POST.

        Raises `ApiError` where the POST would have answered an error.
        """
        with self._lock:
            schema = self._schema(path, name, "table")
            device = self.device
            table = device.store.rows(device.scope_of(schema, vdom), schema.key)
            body = dict(data)
            mkey = schema.mkey or ""
            if schema.integer_key and not body.get(mkey):
                body[mkey] = max((k for k in table if isinstance(k, int)), default=0) + 1
            try:
                row = device.new_row(schema, body)
                device.check_row(schema, row, device.store, vdom)
            except ValueRejected as problem:
                status = self.quirks.duplicate_status if problem.code == EMPTY_VALUE else self.quirks.validation_status
                raise ApiError(status, problem.code, problem.cli_error) from problem
            if row[mkey] in (None, ""):
                raise ApiError(self.quirks.duplicate_status, detail=f"{mkey} must be set")
            if row[mkey] in table:
                raise ApiError(
                    self.quirks.duplicate_status, -5, detail=f"object already exists (mkey='{row[mkey]}')"
                )
            table[row[mkey]] = row
            device.revisions.bump()
            return dict(row)

    def call(
        self, method: str, target: str, body: Any = None, *, headers: Sequence[tuple[str, str]] = ()
    ) -> tuple[int, Any]:
        """`handle` for tests and scripts: JSON in and out, the app's token unless headers say
        otherwise. Returns (status, the decoded JSON answer, or the raw bytes if not JSON)."""
        sent = list(headers)
        if self.token is not None and not any(name.lower() == "authorization" for name, _ in sent):
            sent.append(("Authorization", f"Bearer {self.token}"))
        payload = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
        response = self.handle(method, target, sent, payload)
        try:
            return response.status, json.loads(response.body)
        except ValueError:
            return response.status, response.body

    def _schema(self, path: str, name: str, kind: str) -> Any:
        schema = self.device.catalog.schema(path, name)
        if schema is None or schema.kind != kind:
            raise KeyError(f"cmdb/{path}/{name} is not a {kind} on FortiOS {self.firmware.text}")
        return schema

    # -- the app ------------------------------------------------------------------------------

    def handle(
        self, method: str, target: str, headers: Sequence[tuple[str, str]], body: bytes
    ) -> AppResponse:
        """Answer one HTTP request (`target` is the request-target as on the wire)."""
        with self._lock:
            self.request_count += 1
            request = Incoming.parse(method, target, headers, body)
            try:
                reply = self._dispatch(request)
            except ApiError as problem:  # raised before any envelope context existed
                reply = Reply(problem.http_status, {"status": "error", "http_status": problem.http_status})
        payload = reply.encode()
        content_type = reply.content_type if reply.content_type != JSON else "application/json"
        return AppResponse(reply.status, [("Content-Type", content_type), *reply.headers], payload)

    def _dispatch(self, request: Incoming) -> Reply:
        segments = request.segments
        if segments[:2] == ["api", "v2"] and len(segments) >= 3:
            api = segments[2]
            if api == "authentication" and len(segments) == 3:
                return self._authentication(request)
            if api in APIS:
                return self._api(request, api, segments[3:])
            return self._api_not_found(request, segments[3:])
        if request.path in ("/logincheck", "/logincheck/") and request.method == "POST":
            return self.auth.login_form(request)
        if request.path in ("/logout", "/logout/") and request.method in ("POST", "GET"):
            return self.auth.logout_form(request)
        return Reply(404, NOT_FOUND_HTML, content_type="text/html")

    def _authentication(self, request: Incoming) -> Reply:
        if not self.quirks.json_login:
            return Reply(404, NOT_FOUND_HTML, content_type="text/html")
        try:
            if request.method == "POST":
                return self.auth.login_json(request)
            if request.method == "DELETE":
                return self.auth.logout_json(request)
            if request.method == "PUT":
                return self.auth.renew(request)
        except ApiError as problem:
            return Reply(problem.http_status, {"status": "error", "http_status": problem.http_status})
        return Reply(405, {"status": "error", "http_status": 405})

    def _unauthorized(self, request: Incoming) -> Reply:
        if self.quirks.unauthorized_body == "html":
            return Reply(401, UNAUTHORIZED_HTML, content_type="text/html")
        return Reply(401, {"http_method": request.method, "status": "error", "http_status": 401})

    def _api_not_found(self, request: Incoming, rest: list[str]) -> Reply:
        if self.auth.identify(request) is None:
            return self._unauthorized(request)
        where = _where(request, self.device.management_vdom, rest)
        return Reply(404, error(self.identity, where, not_found("no such API")))

    # -- /api/v2/<api> -------------------------------------------------------------------------

    def _api(self, request: Incoming, api: str, rest: list[str]) -> Reply:
        locked = self.auth.api_key_lockout(request)
        if locked is not None:
            return locked
        principal = self.auth.identify(request)
        if principal is None:
            return self._unauthorized(request)
        mgmt = self.device.management_vdom
        place = _where(request, request.param("vdom") or mgmt, rest)
        try:
            self.auth.authorize_write(principal, request)
            transaction = self._transaction(request) if api == "cmdb" else None
            store = transaction.store if transaction is not None else self.device.store
            if not rest:
                return self._api_root(request, api, principal, store)
            vdoms, multi = self._vdoms(request, store)
        except ApiError as problem:
            return Reply(problem.http_status, error(self.identity, place, problem))
        answers = [self._answer(request, api, rest, store, vdom, transaction) for vdom in vdoms]
        if multi:
            envelopes = [body for _, body in answers if not isinstance(body, Download)]
            if len(envelopes) < len(answers):
                refused = bad_request("a file answer (the backup) is for one VDOM at a time")
                return Reply(400, error(self.identity, place, refused))
            return Reply(overall_status(envelopes), envelopes)
        status, body = answers[0]
        if isinstance(body, Download):
            return Reply(status, body.body, content_type=body.content_type)
        return Reply(status, body)

    def _answer(
        self,
        request: Incoming,
        api: str,
        rest: list[str],
        store: ConfigStore,
        vdom: str,
        transaction: Transaction | None,
    ) -> tuple[int, dict[str, Any] | Download]:
        place = _where(request, vdom, rest)
        mkey: Any = None
        try:
            if api == "cmdb":
                if len(rest) < 2:
                    raise not_found("no such cmdb endpoint")
                schema = self.device.catalog.schema(rest[0], rest[1])
                if schema is None:
                    raise not_found(
                        f"cmdb/{rest[0]}/{rest[1]} does not exist on FortiOS {self.firmware.text}"
                    )
                if len(rest) > 2 and request.method != "GET":
                    mkey = self.device.table_key(schema, rest[2]) if len(rest) == 3 else rest[-1]
                place = Where(request.method, vdom, schema.path, schema.name, request.param("action") or None)
                status, body = self.cmdb.answer(
                    request, schema, rest[2:], store, vdom, staged=transaction is not None
                )
                if transaction is not None and request.method != "GET":
                    transaction.requests += 1
                    transaction.changed = transaction.changed or bool(body.get("revision_changed"))
                return status, body
            if api in ("monitor", "service"):
                handler = self.monitor if api == "monitor" else self.service
                place = handler.where(request, rest, vdom)
                endpoint, _ = handler.route(rest)
                return handler.answer(request, endpoint, rest, store, vdom)
            place = _where(request, vdom, rest, rest[2] if len(rest) > 2 else None)
            return self.logs.answer(request, rest, store, vdom)
        except ApiError as problem:
            revision = self.device.revisions.current if api == "cmdb" and request.method == "GET" else None
            return problem.http_status, error(self.identity, place, problem, mkey=mkey, revision=revision)

    def _vdoms(self, request: Incoming, store: ConfigStore) -> tuple[list[str], bool]:
        """The VDOMs a request is for, and whether the answer is a per-VDOM array."""
        known = self.device.vdoms(store)
        text = request.param("vdom")
        if flag(request.param("global")):  # every VDOM, whatever vdom= says (as a real box does)
            return known, True
        if text is None or text == "":
            return [self.device.management_vdom], False
        if request.param("scope") == "global" and text != "*" and "," not in text:
            text = text if text in known else self.device.management_vdom
        if text == "*":
            return known, True
        names = [name.strip() for name in text.split(",") if name.strip()]
        unknown = [name for name in names if name not in known]
        if unknown or not names:
            raise forbidden(f"no such VDOM: {', '.join(unknown) or text!r}")
        return names, "," in text

    def _transaction(self, request: Incoming) -> Transaction | None:
        text = request.header("x-transaction-id")
        if text is None:
            return None
        if not self.quirks.transactions:
            raise bad_request("configuration transactions need FortiOS 7.4.1 or later", INVALID_ACTION)
        return self.transactions.get(text.strip())

    def _api_root(self, request: Incoming, api: str, principal: Principal, store: ConfigStore) -> Reply:
        """`/api/v2/<api>` itself: the cmdb schema and transactions, the monitor and log directories."""
        action = request.param("action") or ""
        vdom = request.param("vdom") or self.device.management_vdom
        where = Where(request.method, vdom, "", "", action or None)
        if api in ("monitor", "log", "service") and action in ("", "schema") and request.method == "GET":
            return Reply(200, {"directory": self.monitor.directory(api), **self.identity.tail()})
        if api != "cmdb":
            raise not_found("no such endpoint")
        if action == "schema" and request.method == "GET":
            return Reply(
                200, cmdb_read(self.identity, where, self.cmdb.tree_schema(), revision=self.revision)
            )
        if action not in TRANSACTION_ACTIONS or not self.quirks.transactions:
            raise ApiError(400, INVALID_ACTION, detail=f"unknown action {action!r}")
        if action == "transaction-show":
            if request.method != "GET":
                raise ApiError(405, detail="transaction-show is a GET")
            return Reply(
                200, cmdb_read(self.identity, where, self.transactions.show(), revision=self.revision)
            )
        if request.method != "POST":
            raise ApiError(405, detail=f"{action} is a POST")
        body = request.json()
        revisions = self.device.revisions
        if action == "transaction-start":
            transaction = self.transactions.start(self.device.store, vdom, body)
            results = {"transaction_id": transaction.id}
            return Reply(200, cmdb_read(self.identity, where, results, revision=revisions.current))
        finished = self.transactions.finish(body, commit=action == "transaction-commit")
        old = revisions.current
        changed = action == "transaction-commit" and finished.changed
        if changed:
            old, _ = revisions.bump()
        answer = cmdb_write(
            self.identity,
            where,
            mkey=None,
            old_revision=old,
            revision=revisions.current,
            changed=changed,
            results={"transaction_id": finished.id},
        )
        return Reply(200, answer)
