"""Dates in words, for readers: the one place month names live.

An annotation writes a date as precisely as it is known (``2009``, ``2009-08`` or ``2009-08-13``,
the schema's ``PartialDate``); the pages, the citations and the problems show it as ``2009``,
``August 2009`` or ``13 August 2009``. English month names, whatever the machine's locale
(``calendar.month_name`` follows ``LC_TIME``).
"""

from __future__ import annotations

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def in_words(year: int, month: int | None = None, day: int | None = None) -> str:
    """``(2009, 8, 13)`` -> ``13 August 2009``; ``(2009, 8)`` -> ``August 2009``; ``(2009,)`` -> ``2009``."""
    if month is None:
        return str(year)
    words = f"{MONTHS[month - 1]} {year}"
    return words if day is None else f"{day} {words}"


def human_date(date: str) -> str:
    """``2009-08-13`` -> ``13 August 2009``; ``2009-08`` -> ``August 2009``; ``2009`` -> ``2009``."""
    year, *rest = date.split("-")
    if not rest:
        return year
    return in_words(int(year), *(int(part) for part in rest[:2]))
