"""A clock the tests set: timezone.now() (and so localdate()) for the code under
test answers ``clock.moment`` and moves only when a test moves it."""

import datetime

from django.utils import timezone


class FakeClock:
    def __init__(self, moment: datetime.datetime):
        self.moment = moment

    def __call__(self) -> datetime.datetime:
        return self.moment

    def move_to(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def advance(self, delta: datetime.timedelta) -> datetime.datetime:
        self.moment += delta
        return self.moment


def stopped_clock(monkeypatch, moment: datetime.datetime) -> FakeClock:
    """Stop timezone.now() at ``moment`` for the rest of the test."""
    clock = FakeClock(moment)
    monkeypatch.setattr(timezone, "now", clock)
    return clock
