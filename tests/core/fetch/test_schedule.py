"""The fetch schedule honours each header and element, within bounds, and backs off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsreader.core.fetch import schedule
from newsreader.core.fetch.schedule import (
    DEFAULT_INTERVAL,
    MAX_BACKOFF,
    MAX_HINT,
    Hints,
    cache_lifetime,
    feed_hint,
    next_due,
)

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("header", "lifetime"),
    [
        ("max-age=3600", HOUR),
        ("public, max-age=600", timedelta(minutes=10)),
        ('max-age="120"', timedelta(minutes=2)),
        ("s-maxage=7200, public", 2 * HOUR),
        ("no-cache", timedelta(0)),
        ("no-store, max-age=3600", timedelta(0)),
        ("max-age=31536000", MAX_HINT),  # a year: bounded
        ("public", None),
    ],
)
def test_cache_control(header: str, lifetime: timedelta | None) -> None:
    assert cache_lifetime(header, None, None, NOW) == lifetime


def test_expires_counts_from_the_servers_date() -> None:
    date = "Thu, 26 Nov 2026 07:00:00 GMT"  # the server's clock is an hour behind ours
    expires = "Thu, 26 Nov 2026 07:30:00 GMT"
    assert cache_lifetime(None, expires, date, NOW) == timedelta(minutes=30)
    assert cache_lifetime(None, "Thu, 26 Nov 2026 08:45:00 GMT", None, NOW) == timedelta(minutes=45)
    assert cache_lifetime(None, "0", None, NOW) == timedelta(0)  # invalid: already stale
    assert cache_lifetime(None, "Thu, 01 Jan 2026 00:00:00 GMT", None, NOW) == timedelta(0)
    # max-age wins over Expires
    assert cache_lifetime("max-age=60", expires, date, NOW) == timedelta(minutes=1)


@pytest.mark.parametrize(
    ("ttl", "period", "frequency", "hint"),
    [
        ("30", None, None, timedelta(minutes=30)),
        (" 90 ", "daily", None, timedelta(minutes=90)),  # <ttl> first
        (None, "hourly", "2", timedelta(minutes=30)),
        (None, "daily", None, timedelta(days=1)),
        (None, None, "4", timedelta(hours=6)),  # period defaults to daily
        (None, "weekly", "1", MAX_HINT),  # bounded
        (None, "HOURLY", "x", HOUR),
        ("0", None, None, None),
        ("-5", None, None, None),
        ("soon", None, None, None),
        (None, "fortnightly", "1", None),
        (None, None, None, None),
    ],
)
def test_feed_elements(ttl: str | None, period: str | None, frequency: str | None, hint) -> None:
    assert feed_hint(ttl, period, frequency) == hint


def test_retry_after_bounds() -> None:
    assert schedule.retry_after(None) is None
    assert schedule.retry_after(0) is None
    assert schedule.retry_after(1800) == timedelta(minutes=30)
    assert schedule.retry_after(5) == timedelta(minutes=1)
    assert schedule.retry_after(10**9) == MAX_HINT


def test_next_due_takes_the_longest_wait() -> None:
    assert next_due(NOW, Hints()) == NOW + DEFAULT_INTERVAL
    assert next_due(NOW, Hints(server=3 * HOUR)) == NOW + 3 * HOUR
    assert next_due(NOW, Hints(server=timedelta(minutes=5))) == NOW + DEFAULT_INTERVAL
    assert next_due(NOW, Hints(feed=2 * HOUR, retry=4 * HOUR)) == NOW + 4 * HOUR
    # The user's interval replaces the default, but the server's word still holds.
    assert next_due(NOW, Hints(), interval=timedelta(minutes=15)) == NOW + timedelta(minutes=15)
    assert next_due(NOW, Hints(server=HOUR), interval=timedelta(minutes=15)) == NOW + HOUR
    assert next_due(NOW, Hints(server=100 * HOUR)) == NOW + MAX_HINT


def test_adaptive_backoff_for_feeds_that_rarely_change() -> None:
    waits = [next_due(NOW, Hints(), unchanged_runs=n) - NOW for n in range(8)]
    assert waits[:3] == [DEFAULT_INTERVAL] * 3
    assert waits[3] == 2 * DEFAULT_INTERVAL and waits[4] == 4 * DEFAULT_INTERVAL
    assert waits[-1] == MAX_BACKOFF
    # A user's interval is not backed off.
    assert next_due(NOW, Hints(), interval=HOUR, unchanged_runs=50) == NOW + HOUR


def test_user_interval_and_due() -> None:
    assert schedule.user_interval(None) is None
    assert schedule.user_interval("0") is None
    assert schedule.user_interval("1") == schedule.MIN_INTERVAL
    assert schedule.user_interval("90") == timedelta(minutes=90)
    assert schedule.is_due(None, NOW)
    assert schedule.is_due(NOW, NOW) and not schedule.is_due(NOW + HOUR, NOW)
    assert not schedule.is_due(None, NOW, paused=True)
