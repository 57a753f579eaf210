"""Retry settings are checked when the client is made: finite, within sane bounds, and a delay
never overflows however many retries are allowed (the exponent is capped)."""

from __future__ import annotations

import math
import random

import pytest

from hfortix import FortiOS
from hfortix.core import Wait
from hfortix.core.errors import ConfigurationError
from hfortix.core.plans import MAX_RETRIES, MAX_WAIT, RetryPolicy


@pytest.mark.parametrize(("option", "value"), [
    ("backoff", math.nan), ("backoff", math.inf), ("backoff", -math.inf), ("backoff", MAX_WAIT * 2),
    ("max_backoff", math.nan), ("max_backoff", math.inf), ("max_backoff", MAX_WAIT + 1),
    ("jitter", math.nan), ("jitter", math.inf), ("jitter", 1.5),
    ("retries", MAX_RETRIES + 1), ("retries", 1100), ("retries", 10**30),
])
def test_non_finite_or_unbounded_settings_are_refused_by_name(option: str, value: float) -> None:
    with pytest.raises(ConfigurationError, match=option):
        RetryPolicy(**{option: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(("option", "value"), [("backoff", math.nan), ("backoff", math.inf),
                                               ("max_backoff", math.inf), ("retries", 1100)])
def test_the_client_refuses_them_at_construction(option: str, value: float) -> None:
    with pytest.raises(ConfigurationError, match=option):
        FortiOS("fgt.test", token="t", **{option: value})  # type: ignore[arg-type]


def test_a_delay_never_overflows_and_stays_capped() -> None:
    policy = RetryPolicy(retries=MAX_RETRIES, backoff=0.5, max_backoff=30, jitter=0)
    rng = random.Random(0)
    for attempt in (0, 10, 1023, 1024, 1100, 10**6):
        assert 0 <= policy.delay(attempt, rng) <= 30
    assert RetryPolicy(backoff=MAX_WAIT, max_backoff=MAX_WAIT).delay(10**9, rng) <= MAX_WAIT * 1.25


def test_a_zero_backoff_is_allowed() -> None:
    assert RetryPolicy(backoff=0, max_backoff=0).delay(5000, random.Random(0)) == 0


@pytest.mark.parametrize("seconds", [math.nan, math.inf, -1, "1", True])
def test_a_wait_must_be_a_finite_number_of_seconds(seconds: object) -> None:
    with pytest.raises(ValueError, match="Wait"):
        Wait(seconds)  # type: ignore[arg-type]
