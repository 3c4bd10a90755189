"""The elections of the demo, dated from the day it loads: Leeds is in its
pre-election period (polling day a fortnight away), Manchester has an election
in four months. Found by the demo loader through the app registry."""

import datetime

from django.utils import timezone

from members.models import LocalAuthority
from network_site.demo.loading import DemoStep, upsert

from .calendar import default_period_start
from .models import Election

# Polling day is a Thursday, as in UK local elections.
THURSDAY = 3


def thursday_after(day: datetime.date, days: int) -> datetime.date:
    """The first Thursday at least ``days`` after ``day``."""
    earliest = day + datetime.timedelta(days=days)
    return earliest + datetime.timedelta(days=(THURSDAY - earliest.weekday()) % 7)


# GSS code: (at least this many days from today to polling day, a note for staff)
ELECTIONS = {
    "E08000035": (14, "Demo: all-out elections, in the pre-election period now"),
    "E08000003": (120, "Demo: elections by thirds"),
}


def load_elections(loader):
    today = timezone.localdate()
    statuses = []
    for gss_code, (days, note) in ELECTIONS.items():
        authority = LocalAuthority.objects.get(gss_code=gss_code)
        polling_day = thursday_after(today, days)
        _, status = upsert(
            Election,
            {"authority": authority, "note": note},
            {
                "polling_day": polling_day,
                "period_starts": default_period_start(polling_day, authority.nation),
            },
        )
        statuses.append(status)
    loader.report("Elections", statuses)


DEMO_STEPS = [DemoStep("elections", 310, load_elections, after=("members",))]
