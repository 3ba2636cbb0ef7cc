"""feedparser's date parser (``feedparser.datetimes._parse_date``) with a fast path for the two
forms nearly every feed writes.

``_parse_date`` tries its handlers in turn -- W3C-DTF first, then RFC 822, ISO 8601, asctime and
five more -- each splitting and lower-casing the string again. For an RFC 822 date written the
usual way (``Mon, 20 Oct 2025 03:25:00 +0700`` or ``... GMT``) and a W3C-DTF one
(``2025-10-20T03:25:00+07:00`` or ``...Z``, whole seconds) the first handler that answers is
known (W3C-DTF cannot read the RFC 822 form: its date part is not a four-digit year), and its
arithmetic is repeated here on the matched numbers. Anything else, and any value that arithmetic
rejects, goes to ``_parse_date`` itself. ``tests/core/feeds/test_feeddates.py`` holds this to
``_parse_date`` on generated dates.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta

from feedparser.datetimes import _parse_date

__all__ = ["parse_feed_date"]

_MONTHS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
    "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_RFC822 = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov"
    r"|Dec) ([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) (?:([+-])([0-9]{2})([0-9]{2})|GMT)"
)
_W3CDTF = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:([+-])([0-9]{2}):([0-9]{2})|Z)"
)


def parse_feed_date(value: str) -> time.struct_time | None:
    """What ``feedparser.datetimes._parse_date(value)`` returns (a UTC ``struct_time`` or None)."""
    match = _RFC822.fullmatch(value)
    if match:
        day, month, year, hour, minute, second, sign, tz_hours, tz_minutes = match.groups()
        month_number = _MONTHS[month]
    else:
        match = _W3CDTF.fullmatch(value)
        if not match:
            return _parse_date(value)  # type: ignore[no-any-return]
        year, month, day, hour, minute, second, sign, tz_hours, tz_minutes = match.groups()
        month_number = int(month)
    try:
        stamp = datetime(int(year), month_number, int(day), int(hour), int(minute), int(second))
        offset = timedelta(hours=int(tz_hours), minutes=int(tz_minutes)) if sign else timedelta(0)
        return (stamp + offset if sign == "-" else stamp - offset).utctimetuple()
    except (ValueError, OverflowError):
        return _parse_date(value)  # type: ignore[no-any-return]
