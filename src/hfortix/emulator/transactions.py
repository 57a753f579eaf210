"""Configuration transactions (FortiOS 7.4.1+).

`POST /api/v2/cmdb/?action=transaction-start` with `{"timeout": <seconds>}` answers
`results: {"transaction_id": <id>}`. A cmdb request with header `X-TRANSACTION-ID: <id>` works
on the transaction's private copy (StagedStore): it is checked and answered as usual, but the
running configuration and its revision do not change (`revision_changed` says whether the
staged configuration did). `?action=transaction-commit` with `{"transaction_id": <id>}` applies
every staged change at once (one new revision); `transaction-abort` drops them;
`GET ?action=transaction-show` lists the open transactions. An unknown, finished or expired
transaction id answers 400 (error -10002).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import INVALID_REQUEST, ApiError, bad_request
from .store import ConfigStore, StagedStore

DEFAULT_TIMEOUT = 60.0


@dataclass(slots=True)
class Transaction:
    id: int
    vdom: str
    timeout: float
    started: float
    store: StagedStore
    requests: int = 0
    changed: bool = False  # a staged write changed the staged configuration


class Transactions:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._open: dict[int, Transaction] = {}
        self._next_id = 1

    def _expire(self) -> None:
        now = self.clock()
        for transaction in list(self._open.values()):
            if now - transaction.started > transaction.timeout:
                del self._open[transaction.id]

    def start(self, base: ConfigStore, vdom: str, body: Any) -> Transaction:
        self._expire()
        timeout = body.get("timeout", DEFAULT_TIMEOUT) if isinstance(body, dict) else DEFAULT_TIMEOUT
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise bad_request("timeout must be a positive number of seconds", INVALID_REQUEST)
        transaction = Transaction(self._next_id, vdom, float(timeout), self.clock(), StagedStore(base))
        self._open[transaction.id] = transaction
        self._next_id += 1
        return transaction

    def get(self, text: Any) -> Transaction:
        self._expire()
        try:
            transaction_id = int(text)
        except (TypeError, ValueError):
            transaction_id = -1
        transaction = self._open.get(transaction_id)
        if transaction is None:
            raise ApiError(400, INVALID_REQUEST, detail=f"no open transaction {text!r}")
        return transaction

    def finish(self, body: Any, *, commit: bool) -> Transaction:
        text = body.get("transaction_id") if isinstance(body, dict) else None
        transaction = self.get(text)
        del self._open[transaction.id]
        if commit:
            transaction.store.commit()
        return transaction

    def show(self) -> list[dict[str, Any]]:
        self._expire()
        now = self.clock()
        return [
            {
                "transaction_id": transaction.id,
                "vdom": transaction.vdom,
                "timeout": transaction.timeout,
                "remaining": max(0.0, transaction.timeout - (now - transaction.started)),
                "requests": transaction.requests,
                "changed": transaction.changed,
            }
            for transaction in self._open.values()
        ]
