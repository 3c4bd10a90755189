"""Working days for election timetables: the pure arithmetic behind the default
start of a pre-election period. Imports nothing of the app (the model uses it
to fill a start left blank).

The notice of election is published no later than the 25th working day before
polling day, and publicity during the pre-election period ("purdah") is
restricted from then on. Working days exclude weekends and bank holidays; the
bank holidays are those of the authority's nation, from the ``holidays`` library
(its United Kingdom subdivisions ENG, WLS, SCT and NIR). England and Wales share
theirs; Scotland and Northern Ireland have their own, and their timetables
differ too, so staff may set the start by hand there: without one, the same
25 working days are counted on that nation's bank holidays.
"""

import datetime
from functools import lru_cache

import holidays

NOTICE_WORKING_DAYS = 25
# LocalAuthority.Nation values (plain strings: this module imports no model).
SUBDIVISIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}
ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def bank_holidays(nation: str, year: int) -> frozenset[datetime.date]:
    """The bank holidays of a nation (England when unknown) in one year."""
    subdivision = SUBDIVISIONS.get(nation, "ENG")
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def is_working_day(day: datetime.date, nation: str) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def working_days_before(day: datetime.date, count: int, nation: str) -> datetime.date:
    """The ``count``-th working day before ``day`` (``day`` itself not counted)."""
    counted = 0
    while counted < count:
        day -= ONE_DAY
        if is_working_day(day, nation):
            counted += 1
    return day


def default_period_start(polling_day: datetime.date, nation: str) -> datetime.date:
    """When the pre-election period starts unless staff say otherwise: the last
    day for the notice of election, 25 working days before polling day."""
    return working_days_before(polling_day, NOTICE_WORKING_DAYS, nation)
