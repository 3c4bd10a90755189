"""Fixtures of the pre-election tests: a fixed clock (15 April 2027, in Leeds's
pre-election period before polling day on Thursday 6 May 2027) and the councils."""

import datetime

import pytest

from members.elections.models import Election
from tests.clock import stopped_clock

NOW = datetime.datetime(2027, 4, 15, 9, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()
POLLING_DAY = datetime.date(2027, 5, 6)
PERIOD_STARTS = datetime.date(2027, 3, 31)  # worked out by hand in test_calendar.py
AFTER_POLLING_DAY_AT = datetime.datetime(2027, 5, 7, 9, tzinfo=datetime.UTC)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() (and so localdate()) answers NOW; ``clock.move_to(dt)`` moves it."""
    return stopped_clock(monkeypatch, NOW)


@pytest.fixture
def leeds_election(leeds):
    """Polling day 6 May 2027; the period from the default start, 31 March 2027."""
    return Election.objects.create(authority=leeds, polling_day=POLLING_DAY)
