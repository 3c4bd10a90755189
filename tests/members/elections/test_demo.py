"""The demo's elections, dated from the day it loads: Leeds in its pre-election
period, Manchester with an election to come; loading again changes nothing."""

import pytest

from members.elections import demo, services
from network_site.demo.loading import CREATED, UNCHANGED
from tests.factories import LocalAuthorityFactory

pytestmark = pytest.mark.django_db


class Loader:
    def __init__(self):
        self.reports = []

    def report(self, label, statuses):
        self.reports.append((label, statuses))


def test_leeds_is_in_its_period_and_manchester_has_one_to_come(clock, leeds):
    manchester = LocalAuthorityFactory(gss_code="E08000003", name="Manchester City Council")
    loader = Loader()
    demo.load_elections(loader)
    assert loader.reports == [("Elections", [CREATED, CREATED])]
    assert services.period_for(leeds) is not None
    assert services.period_for(manchester) is None
    assert manchester.elections.get().polling_day > clock.moment.date()
    # Polling days are Thursdays.
    assert {
        e.polling_day.weekday() for e in (leeds.elections.get(), manchester.elections.get())
    } == {3}
    demo.load_elections(loader)
    assert loader.reports[-1] == ("Elections", [UNCHANGED, UNCHANGED])
