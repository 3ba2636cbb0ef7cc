"""When to fetch a feed next: pure functions over what the server and the feed said.

Inputs, each read here and nowhere else:
* HTTP: ``Cache-Control: max-age`` (``no-cache``/``no-store`` mean "no promise"), ``Expires``
  (against the response's ``Date``, else our clock), ``Retry-After`` (after a 429/503; the
  HttpClient parses it into seconds);
* the feed: RSS ``<ttl>`` (minutes) and ``sy:updatePeriod``/``sy:updateFrequency``;
* the user: a per-feed interval and pause (feed options ``interval`` in minutes, ``paused``);
* history: fetches in a row that brought nothing new back the feed off, doubling up to a cap.

Every hint is clamped to sane bounds (a year-long max-age or a zero ttl must not silence or
hammer a feed). Times come from the caller's injected clock.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

DEFAULT_INTERVAL = timedelta(minutes=60)
MIN_INTERVAL = timedelta(minutes=5)
MAX_HINT = timedelta(hours=24)  # no server or feed hint keeps a feed unfetched longer
MAX_BACKOFF = timedelta(hours=12)  # adaptive back-off of a feed that rarely changes
_BACKOFF_FREE_RUNS = 2  # unchanged fetches tolerated before backing off

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)
_NO_PROMISE = re.compile(r"(?:^|,)\s*(?:no-cache|no-store)\b", re.IGNORECASE)
_PERIODS = {
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
    "monthly": timedelta(days=30),
    "yearly": timedelta(days=365),
}


def clamp(value: timedelta, low: timedelta = timedelta(0), high: timedelta = MAX_HINT) -> timedelta:
    return max(low, min(high, value))


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def cache_lifetime(
    cache_control: str | None, expires: str | None, date: str | None, now: datetime
) -> timedelta | None:
    """How long the response stays fresh by the server's word, or None when it says nothing.

    ``max-age`` wins over ``Expires`` (RFC 9111); ``Expires`` counts from the response's
    ``Date`` when there is one (clocks differ), an invalid ``Expires`` means already stale.
    """
    if cache_control:
        if _NO_PROMISE.search(cache_control):
            return timedelta(0)
        found = _MAX_AGE.search(cache_control)
        if found:
            return clamp(timedelta(seconds=int(found.group(1))))
    if expires is not None:
        until = _http_date(expires)
        if until is None:
            return timedelta(0)
        start = _http_date(date) or now
        return clamp(until - start)
    return None


def _positive_int(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def feed_hint(
    ttl: object = None, update_period: object = None, update_frequency: object = None
) -> timedelta | None:
    """How often a feed says it changes: ``<ttl>`` minutes, else ``sy:updatePeriod`` divided by
    ``sy:updateFrequency`` (default 1), clamped; None when it says nothing usable."""
    minutes = _positive_int(ttl)
    if minutes is not None:
        return clamp(timedelta(minutes=minutes))
    if update_period is None and update_frequency is None:
        return None
    period = _PERIODS.get(str(update_period or "daily").strip().lower())
    if period is None:
        return None
    frequency = _positive_int(update_frequency) or 1
    return clamp(period / frequency)


def retry_after(seconds: float | None) -> timedelta | None:
    """A server's Retry-After (seconds, as the HttpClient parsed it), clamped; None if absent."""
    if not seconds or seconds <= 0:
        return None
    return clamp(timedelta(seconds=seconds), MIN_INTERVAL // 5, MAX_HINT)


def user_interval(option: str | None) -> timedelta | None:
    """The per-feed interval option (minutes), or None for automatic."""
    minutes = _positive_int(option)
    return None if minutes is None else max(MIN_INTERVAL, timedelta(minutes=minutes))


def backoff(base: timedelta, unchanged_runs: int) -> timedelta:
    """`base` doubled for each unchanged fetch past the first few, up to MAX_BACKOFF."""
    extra = max(0, unchanged_runs - _BACKOFF_FREE_RUNS)
    if extra == 0:
        return base
    return min(MAX_BACKOFF, max(base, base * (1 << min(extra, 10))))


@dataclass(frozen=True, slots=True)
class Hints:
    """What one fetch learned about when to come back."""

    server: timedelta | None = None  # Cache-Control / Expires
    feed: timedelta | None = None  # <ttl>, sy:updatePeriod
    retry: timedelta | None = None  # Retry-After


def next_due(
    now: datetime,
    hints: Hints,
    *,
    interval: timedelta | None = None,
    unchanged_runs: int = 0,
    default: timedelta = DEFAULT_INTERVAL,
) -> datetime:
    """When to fetch next. The user's interval, else the default backed off for a feed that
    rarely changes; never sooner than the server or the feed asked (bounded by MAX_HINT)."""
    wait = interval if interval is not None else backoff(default, unchanged_runs)
    for hint in (hints.server, hints.feed, hints.retry):
        if hint is not None:
            wait = max(wait, clamp(hint))
    return now + wait


def is_due(next_due_at: datetime | None, now: datetime, *, paused: bool = False) -> bool:
    return not paused and (next_due_at is None or next_due_at <= now)
