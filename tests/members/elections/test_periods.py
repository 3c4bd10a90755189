"""Elections and their periods: the default start on save, a start set by hand,
and who is in a period on which day (first day, polling day, the day after)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.elections import services
from members.elections.models import Election, PreElectionConfirmation
from tests.factories import LocalAuthorityFactory, UserFactory

from .conftest import PERIOD_STARTS, POLLING_DAY

pytestmark = pytest.mark.django_db
D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


def test_a_blank_start_is_the_default_25_working_days_before(leeds_election):
    assert leeds_election.period_starts == PERIOD_STARTS


def test_a_start_set_by_hand_is_kept_in_scotland():
    glasgow = LocalAuthorityFactory(name="Glasgow City Council", nation="scotland")
    election = Election.objects.create(
        authority=glasgow, polling_day=POLLING_DAY, period_starts=D(2027, 3, 18)
    )
    election.refresh_from_db()
    assert election.period_starts == D(2027, 3, 18)


def test_scotland_without_a_start_counts_on_scottish_bank_holidays():
    glasgow = LocalAuthorityFactory(name="Glasgow City Council", nation="scotland")
    belfast = LocalAuthorityFactory(name="Belfast City Council", nation="northern-ireland")
    polling_day = D(2027, 4, 15)
    assert Election.objects.create(authority=glasgow, polling_day=polling_day).period_starts == (
        D(2027, 3, 10)
    )
    assert Election.objects.create(authority=belfast, polling_day=polling_day).period_starts == (
        D(2027, 3, 8)
    )


@pytest.mark.parametrize(
    ("day", "in_period"),
    [
        (PERIOD_STARTS - ONE_DAY, False),
        (PERIOD_STARTS, True),
        (D(2027, 4, 15), True),
        (POLLING_DAY, True),
        (POLLING_DAY + ONE_DAY, False),
    ],
)
def test_in_period_from_the_first_day_to_polling_day(leeds, leeds_election, day, in_period):
    assert (leeds_election in Election.objects.in_period(day)) is in_period
    assert leeds_election.is_on(day) is in_period
    assert (services.period_for(leeds, on=day) == leeds_election) is in_period


def test_in_period_is_today_by_default(clock, leeds, leeds_election):
    assert services.period_for(leeds) == leeds_election
    clock.move_to(datetime.datetime(2027, 5, 7, 9, tzinfo=datetime.UTC))
    assert services.period_for(leeds) is None


def test_elections_for_spans_of_wanted_dates(leeds, bristol, leeds_election):
    before = D(2027, 1, 10)
    assert services.elections_for([leeds], on=before) == []
    assert services.elections_for([leeds], on=before, spans=[(D(2027, 5, 1), None)]) == [
        leeds_election
    ]
    # A range that overlaps the period by one day.
    spans = [(D(2027, 5, 6), D(2027, 6, 30))]
    assert services.elections_for([leeds], on=before, spans=spans) == [leeds_election]
    assert services.elections_for([leeds], on=before, spans=[(D(2027, 5, 7), None)]) == []
    assert services.elections_for([bristol], on=D(2027, 4, 15)) == []


def test_the_start_is_never_after_polling_day(leeds):
    election = Election(authority=leeds, polling_day=POLLING_DAY, period_starts=D(2027, 5, 7))
    with pytest.raises(ValidationError):
        election.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        election.save()


def test_one_election_per_authority_and_polling_day(leeds, leeds_election):
    with pytest.raises(IntegrityError), transaction.atomic():
        Election.objects.create(authority=leeds, polling_day=POLLING_DAY)


def test_the_warning_names_each_authority_and_its_polling_day(leeds_election, bristol):
    other = Election.objects.create(authority=bristol, polling_day=D(2027, 5, 13))
    assert services.warning([]) == ""
    one = services.warning([leeds_election])
    assert one.startswith("Leeds (polling day 6 May 2027) is in a pre-election period.")
    two = services.warning([leeds_election, other])
    assert two.startswith("Leeds (polling day 6 May 2027) and City of Bristol (polling day")
    assert " are in a pre-election period" in two


def test_confirmations_are_recorded_per_election(leeds_election, bristol):
    other = Election.objects.create(authority=bristol, polling_day=POLLING_DAY)
    user = UserFactory()
    services.record_confirmations(
        [leeds_election, other],
        user=user,
        where=services.Where.BULLETIN_SEND,
        ref="bulletin:1",
        description="News",
    )
    assert PreElectionConfirmation.objects.filter(user=user, where="bulletin-send").count() == 2
