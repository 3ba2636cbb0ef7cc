"""Dates and datelines of Vietnamese news: the one home of Vietnam's time zone, of the date
parser for feeds and pages, and of the dateline stripper.

* :data:`VIETNAM_TZ` is +07:00 (Asia/Ho_Chi_Minh has had no daylight saving since 1975): the zone
  of every zone-less time printed on a Vietnamese page.
* :func:`parse_date` reads what feeds and pages print (RFC 822, ISO 8601, ``GMT+7``, Vietnamese
  ``Thứ năm, 26/11/2026, 08:15``) as aware UTC.
* :func:`strip_dateline` removes the outlet's dateline in front of a lead: ``Kinhtedothi - ``,
  ``TTO - ``, ``(Dân trí) - ``. The rule: a known outlet name (optionally in parentheses) followed
  by a dash with a space on at least one side ("TPO-2026" is a word) or by ": ", or any short
  ``(Xxx)`` followed by such a dash (the house style of Dân
  trí, Chinhphu.vn, NLĐ…); nothing is removed when nothing would be left.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_tz
from typing import Any

import feedparser

from newsreader.core.pages.htmltext import clean_text

__all__ = [
    "VIETNAM_TZ",
    "from_struct_time",
    "has_dateline",
    "has_named_offset",
    "parse_date",
    "strip_dateline",
]

VIETNAM_TZ = timezone(timedelta(hours=7))

# --- datelines ----------------------------------------------------------------------------------

_KNOWN_DATELINES = (
    "Kinhtedothi.vn", "Kinhtedothi", "KTĐT", "TPO", "TTO", "TNO", "VOV.VN", "VTV.vn", "ANTĐ",
    "ANTD.VN", "GDVN", "SGGPO", "SGGP", "NDO", "VietNamNet", "VNN", "Vietnam+", "VietnamPlus",
    "TTXVN", "VTC News", "Dân trí", "Dantri", "PLO", "NLĐO", "LĐO", "Laodong.vn", "HNM", "CAND",
    "Chinhphu.vn", "Baotintuc.vn", "VnExpress", "Zing", "Znews",
)  # fmt: skip
_DASH = r"(?:\s*[-–—]\s+|\s+[-–—]\s*)"
_DATELINE = re.compile(
    r"^\s*(?:\(?(?:"
    + "|".join(re.escape(name) for name in _KNOWN_DATELINES)
    + r")\)?(?:"
    + _DASH
    + r"|\s*:\s+)|\([^()\n]{2,30}\)"
    + _DASH
    + ")",
    re.IGNORECASE,
)


def has_dateline(text: str) -> bool:
    """Whether *text* opens with an outlet dateline (see the module docstring)."""
    match = _DATELINE.match(text)
    return match is not None and bool(text[match.end() :].strip())


def strip_dateline(text: str) -> str:
    """*text* without a leading outlet dateline such as ``Kinhtedothi - `` or ``(Dân trí) - ``."""
    match = _DATELINE.match(text)
    if match is None:
        return text
    rest = text[match.end() :].lstrip()
    return rest or text


# --- dates --------------------------------------------------------------------------------------

_MIN_YEAR, _MAX_YEAR = 1900, 2200  # anything outside is a broken CMS default, not a news date
# "GMT+7", "GMT+07:00", "UTC+0700", "(GMT+7)", "UTC -5": feedparser returns None for some of these
# and silently drops the offset of others ("UTC+7" comes back as 7 hours wrong).
_NAMED_OFFSET = re.compile(
    r"\(?\b(?:GMT|UTC|UT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b\)?", re.IGNORECASE
)
_ZONE_COMMENT = re.compile(r"\s*\(?\b[A-Z]{2,5}\)?\s*$")
_ICT = re.compile(r"\(?\bICT\)?\s*$")  # Indochina Time, +07:00 (Vietnam, Thailand, Cambodia, Laos)
_VN_WEEKDAY = re.compile(r"^\s*(?:thứ\s+\w+|chủ\s+nhật|cn|t[2-7])\s*[,-]?\s*", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2})[:h](\d{2})(?::(\d{2}))?\b")
_ISO_LIKE = re.compile(r"^\d{4}-?\d{2}-?\d{2}")
_RFC822_NO_ZONE = re.compile(r"(?:\d{1,2}:\d{2}(?::\d{2})?|(?<![+\-\d])\d{4})\s*$")
_RFC822_SHAPE = re.compile(r"^(?:[^\W\d]+\.?,?\s*)?\d{1,2}\s+[^\W\d]{3,}\.?\s+\d{2,4}\b")
_PM = re.compile(r"\b(?:pm|p\.m\.|ch)\s*$", re.IGNORECASE)  # "CH" = chiều (afternoon)


def _offset(sign: str, hours: str, minutes: str | None) -> timezone | None:
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59:
        return None
    delta = timedelta(hours=h, minutes=m)
    return timezone(-delta if sign == "-" else delta)


def _from_rfc822(text: str) -> datetime | None:
    if not _RFC822_SHAPE.match(text):  # parsedate_tz makes dates out of almost anything
        return None
    parts = parsedate_tz(text)
    if parts is None:
        return None
    year, month, day, hour, minute, second = parts[:6]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    # parsedate_tz reports offset 0 both for "GMT" and for no zone at all: tell them apart.
    zone_less = parts[9] is None or _RFC822_NO_ZONE.search(text) is not None
    tz = None if zone_less else timezone(timedelta(seconds=parts[9] or 0))
    return datetime(year, month, day, hour, minute, second, tzinfo=tz)


def _from_numeric(text: str) -> datetime | None:
    """``26/11/2026 08:15``, ``08:15 26/11/2026``, ``26-11-2026``: Vietnamese day-first order.

    Day first is the order of Vietnamese (and most non-US) sites; only when the second number
    cannot be a month (US ``11/26/2026``) are the two swapped.
    """
    date_match = _NUMERIC_DATE.search(text)
    if date_match is None:
        return None
    day, month, year = (int(g) for g in date_match.groups())
    if month > 12 and day <= 12:
        day, month = month, day
    rest = text[: date_match.start()] + " " + text[date_match.end() :]
    hour = minute = second = 0
    time_match = _TIME.search(rest)
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
        if hour < 12 and _PM.search(rest.strip()):
            hour += 12
    return datetime(year, month, day, hour, minute, second)


def _from_iso(text: str) -> datetime | None:
    if not _ISO_LIKE.match(text):
        return None
    candidate = text.replace(" ", "T", 1) if len(text) > 10 and text[10] == " " else text
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    return datetime.fromisoformat(candidate)


def _from_feedparser(text: str) -> datetime | None:
    # feedparser's own multi-format parser (W3DTF, localized month names, Korean/Greek/Hungarian
    # formats, ...). It is private API, so it is looked up defensively.
    parse = getattr(getattr(feedparser, "datetimes", None), "_parse_date", None)
    if parse is None:
        return None
    parsed = parse(text)
    return from_struct_time(parsed) if parsed else None


def from_struct_time(value: Any) -> datetime | None:
    """feedparser's ``*_parsed`` struct_time (always UTC) as an aware datetime."""
    if not isinstance(value, time.struct_time | tuple) or len(value) < 6:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        result = datetime(year, month, day, hour, minute, min(second, 59), tzinfo=UTC)
    except (ValueError, OverflowError, TypeError):
        return None
    return result if _MIN_YEAR <= result.year <= _MAX_YEAR else None


def parse_date(text: str, *, assume_tz: tzinfo = UTC) -> datetime | None:
    """Parse a date as found in feeds and Vietnamese news pages; aware UTC, or None.

    Reads RFC 822 (``Thu, 26 Nov 2026 08:15:00 +0700``, two-digit years, US zone names),
    ISO 8601 / RFC 3339, ``GMT+7`` / ``GMT+07:00`` / ``UTC+7`` style offsets, Vietnamese forms
    (``26/11/2026 08:15``, ``Thứ năm, 26/11/2026, 08:15 (GMT+7)``) and, last, whatever feedparser's
    own date parser knows.

    A date without a zone is taken to be in *assume_tz*, UTC by default. UTC is the choice because
    it is what feedparser does for every zone-less date it parses itself, so entries of one feed
    are never shifted against each other depending on which parser read them; a caller that knows
    better (a page from a Vietnamese site, whose times are +07:00) passes ``assume_tz``.
    """
    if not text:
        return None
    text = clean_text(text)[:120]
    if not text:
        return None
    zone: tzinfo | None = None
    named = _NAMED_OFFSET.search(text)
    if named:
        zone = _offset(named.group(1), named.group(2), named.group(3))
        if zone is None:
            return None
        text = (text[: named.start()] + " " + text[named.end() :]).strip(" ,")
        text = _ZONE_COMMENT.sub("", text)  # "GMT+7 (ICT)": the name only repeats the offset
    elif _ICT.search(text):
        zone = VIETNAM_TZ
        text = _ICT.sub("", text).strip(" ,")
    text = _VN_WEEKDAY.sub("", text)
    result: datetime | None = None
    for reader in (_from_iso, _from_rfc822, _from_numeric):
        try:
            result = reader(text)
        except (ValueError, OverflowError, TypeError, IndexError):
            result = None
        if result is not None:
            break
    if result is None and zone is None:
        try:
            result = _from_feedparser(text)
        except Exception:  # a private helper of a third-party library
            result = None
    if result is None:
        return None
    if zone is not None and result.tzinfo is None:
        result = result.replace(tzinfo=zone)
    elif result.tzinfo is None:
        result = result.replace(tzinfo=assume_tz)
    try:
        result = result.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return result if _MIN_YEAR <= result.year <= _MAX_YEAR else None


def has_named_offset(text: str) -> bool:
    """Whether *text* carries a ``GMT+7``-style offset (feedparser misreads or drops these)."""
    return _NAMED_OFFSET.search(text) is not None
