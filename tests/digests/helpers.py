"""The week the digest tests look at."""

from __future__ import annotations

from datetime import date

# A Monday in the past: the week under test is 2 Nov .. 8 Nov 2026.
WEEK_START = date(2026, 11, 2)
WEEK_END = date(2026, 11, 8)
