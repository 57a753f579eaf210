"""`fgt.transaction()`: FortiOS configuration transactions (7.4.1+) as a context manager.

    with fgt.transaction() as tx:            # async: async with fgt.transaction() as tx:
        fgt.api.cmdb.firewall.address.create(name="a", subnet="10.0.0.1/32")
        fgt.api.cmdb.firewall.addrgrp.create(name="g", member=[{"name": "a"}])
    # committed here, all at once; an exception inside aborts instead

Requests made inside the block, in this thread or task (and in tasks it starts), carry the
transaction's `X-TRANSACTION-ID`. The id lives in a context variable, so concurrent tasks
outside the block, and other clients, are not part of it.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from typing import TYPE_CHECKING, Any

from hfortix.core import plans
from hfortix.core.errors import ConfigurationError

if TYPE_CHECKING:
    from .client import FortiOS

#: The open transaction of this context: (the client's session, the transaction id).
_OPEN: ContextVar[tuple[plans.Session, int] | None] = ContextVar("hfortix_transaction", default=None)


def transaction_headers(session: plans.Session) -> tuple[tuple[str, str], ...]:
    """What `Session.context_headers` adds: the id of this session's open transaction, if any."""
    current = _OPEN.get()
    if current is None or current[0] is not session:
        return ()
    return (("X-TRANSACTION-ID", str(current[1])),)


class Transaction:
    """One transaction of one client; use it once, with `with` (sync) or `async with` (async)."""

    def __init__(self, client: FortiOS[Any], *, timeout: int, vdom: str | None) -> None:
        self._client = client
        self._timeout = timeout
        self._query = client._vdom_query(vdom)
        self._token: Token[tuple[plans.Session, int] | None] | None = None
        self.id: int | None = None
        self.outcome: str | None = None  # "committed" or "aborted" once the block ends

    def _open(self, transaction_id: int) -> None:
        self.id = transaction_id
        self._token = _OPEN.set((self._client._session, transaction_id))

    def _close(self) -> int:
        if self._token is None or self.id is None:
            raise ConfigurationError("this transaction was never started")
        _OPEN.reset(self._token)
        self._token = None
        return self.id

    def _check(self, mode: str) -> None:
        if self._client.mode != mode:
            how = "with fgt.transaction()" if self._client.mode == "sync" else "async with fgt.transaction()"
            raise ConfigurationError(f"a {self._client.mode} client's transaction is used as: {how}")
        if _OPEN.get() is not None:
            raise ConfigurationError("a transaction is already open here: FortiOS transactions do not nest")
        if self.id is not None:
            raise ConfigurationError("a Transaction is used once; call fgt.transaction() again")

    def __enter__(self) -> Transaction:
        self._check("sync")
        self._open(self._client._run(lambda s: plans.transaction_start(s, self._timeout, self._query)))
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        transaction_id = self._close()
        commit = exc_type is None
        self._client._run(lambda s: plans.transaction_end(s, transaction_id, commit=commit, query=self._query))
        self.outcome = "committed" if commit else "aborted"

    async def __aenter__(self) -> Transaction:
        self._check("async")
        self._open(await self._client._run(lambda s: plans.transaction_start(s, self._timeout, self._query)))
        return self

    async def __aexit__(self, exc_type: object, exc: object, traceback: object) -> None:
        transaction_id = self._close()
        commit = exc_type is None
        await self._client._run(lambda s: plans.transaction_end(s, transaction_id, commit=commit,
                                                                query=self._query))
        self.outcome = "committed" if commit else "aborted"
