"""The pool's bookkeeping without sockets: bounds, reuse, FIFO waiters, expiry, abandonment."""

from __future__ import annotations

from dataclasses import dataclass, field

from hfortix.transports._pool import NEW, Pool, Waiter


@dataclass(eq=False)
class Conn:
    origin: str = "a"
    idle_since: float = 0.0
    name: str = field(default="")


def waiter(origin: str = "a") -> tuple[Waiter[Conn], list[bool]]:
    woken: list[bool] = []
    return Waiter(origin, lambda: woken.append(True)), woken


def test_bounded_then_waiters_are_served_in_order_by_hand_over() -> None:
    pool: Pool[Conn] = Pool(max_connections=2, max_idle=2, keepalive_expiry=5)
    closing: list[Conn] = []
    assert pool.checkout("a", 0, closing) is NEW and pool.checkout("a", 0, closing) is NEW
    assert pool.checkout("a", 0, closing) is None  # full: wait in line
    first, first_woken = waiter()
    second, second_woken = waiter()
    pool.wait(first)
    pool.wait(second)
    one, two = Conn(name="one"), Conn(name="two")
    pool.release(one, 1, closing)
    assert first.granted is one and first_woken == [True] and second.granted is None  # FIFO, handed over
    pool.release(None, 1, closing)  # a connection that failed: its slot goes to the next waiter
    assert second.granted is NEW and second_woken == [True]
    assert pool.opened == 2 and closing == []
    pool.release(two, 2, closing)
    assert pool.checkout("a", 3, closing) is two  # idle, reused


def test_an_abandoned_waiter_is_skipped_and_passes_on_what_it_was_given() -> None:
    pool: Pool[Conn] = Pool(max_connections=1, max_idle=1, keepalive_expiry=5)
    closing: list[Conn] = []
    assert pool.checkout("a", 0, closing) is NEW
    gone, _ = waiter()
    late, _ = waiter()
    pool.wait(gone)
    pool.wait(late)
    pool.abandon(gone, 0, closing)  # timed out before its turn
    held = Conn()
    pool.release(held, 1, closing)
    assert late.granted is held
    pool.abandon(late, 1, closing)  # cancelled just after being served: back to the pool
    assert pool.checkout("a", 2, closing) is held and pool.opened == 1


def test_idle_connections_expire_oldest_first_and_excess_ones_close() -> None:
    pool: Pool[Conn] = Pool(max_connections=3, max_idle=2, keepalive_expiry=5)
    closing: list[Conn] = []
    old, new, extra = Conn(name="old"), Conn(name="new"), Conn(name="extra")
    for _ in range(3):
        assert pool.checkout("a", 0, closing) is NEW
    pool.release(old, 0, closing)
    pool.release(new, 4, closing)
    pool.release(extra, 4, closing)  # more idle than max_idle: closed
    assert closing == [extra] and pool.opened == 2
    closing.clear()
    assert pool.checkout("a", 6, closing) is new  # newest reused; old expired on the way
    assert closing == [old] and pool.opened == 1


def test_a_full_pool_of_another_origins_idle_connections_evicts_one() -> None:
    pool: Pool[Conn] = Pool(max_connections=1, max_idle=1, keepalive_expiry=5)
    closing: list[Conn] = []
    assert pool.checkout("a", 0, closing) is NEW
    other = Conn(origin="a")
    pool.release(other, 0, closing)
    assert pool.checkout("b", 1, closing) is NEW and closing == [other] and pool.opened == 1
    assert pool.take_all_idle() == [] and pool.opened == 1
