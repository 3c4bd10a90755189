"""The working-day arithmetic behind the default start of a pre-election period:
25 working days before polling day, without weekends and the nation's bank
holidays (from the holidays library)."""

import datetime

import pytest

from members.elections.calendar import (
    bank_holidays,
    default_period_start,
    is_working_day,
    working_days_before,
)

D = datetime.date


def test_bank_holidays_of_england_and_wales_in_spring_2027():
    england = bank_holidays("england", 2027)
    for day in (D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3)):  # Good Friday, Easter Monday, May
        assert day in england
        assert day in bank_holidays("wales", 2027)
    assert D(2027, 3, 17) not in england  # St Patrick's Day is Northern Ireland's


def test_polling_day_6_may_2027_in_england_starts_on_31_march():
    # By hand, counting back from Wednesday 5 May (polling day itself does not count):
    #   5 May (1), 4 May (2); Monday 3 May is the early May bank holiday;
    #   30, 29, 28, 27, 26 April (7); 23 to 19 April (12); 16 to 12 April (17);
    #   9 to 5 April (22); 2 April, 1 April, 31 March (25).
    # Easter (Good Friday 26 March, Easter Monday 29 March 2027) falls before the
    # start, so only the May bank holiday moves it: without it, 1 April.
    assert default_period_start(D(2027, 5, 6), "england") == D(2027, 3, 31)
    assert default_period_start(D(2027, 5, 6), "wales") == D(2027, 3, 31)
    days = [D(2027, 3, 31) + datetime.timedelta(days=n) for n in range(36)]
    working = [day for day in days if is_working_day(day, "england")]
    assert len(working) == 25
    assert working[-1] == D(2027, 5, 5)


def test_easter_inside_the_window_is_skipped_too():
    # Polling day Thursday 7 May 2026: Good Friday 3 April, Easter Monday 6 April and
    # Monday 4 May are not working days. Counting back from 6 May: 6, 5 May (2);
    # 1 May to 27 April (7); 24 to 20 (12); 17 to 13 (17); 10 to 7 April (21);
    # 2 April, 1 April, 31 March, 30 March (25): Monday 30 March 2026, the day the
    # Electoral Commission's timetable gives for the notice of election.
    assert default_period_start(D(2026, 5, 7), "england") == D(2026, 3, 30)


def test_weekends_are_never_working_days():
    assert not is_working_day(D(2027, 4, 17), "england")  # a Saturday
    assert not is_working_day(D(2027, 4, 18), "england")  # a Sunday
    assert is_working_day(D(2027, 4, 19), "england")
    assert working_days_before(D(2027, 4, 19), 1, "england") == D(2027, 4, 16)


@pytest.mark.parametrize(
    ("nation", "expected"),
    [
        # Scotland has no Easter Monday but does have 3 May; same result here.
        ("scotland", D(2027, 3, 31)),
        # Northern Ireland: as England here (St Patrick's Day is before the start).
        ("northern-ireland", D(2027, 3, 31)),
    ],
)
def test_scotland_and_northern_ireland_count_on_their_own_bank_holidays(nation, expected):
    assert default_period_start(D(2027, 5, 6), nation) == expected


def test_each_nation_uses_its_own_holidays_where_they_differ():
    # Polling day Thursday 15 April 2027, 25 working days back: Easter Monday
    # (29 March) is a bank holiday in England but not in Scotland, so Scotland's
    # start is a day later.
    england = default_period_start(D(2027, 4, 15), "england")
    scotland = default_period_start(D(2027, 4, 15), "scotland")
    assert england == D(2027, 3, 9)
    assert scotland == D(2027, 3, 10)
    # Northern Ireland: Easter Monday and St Patrick's Day (17 March) both fall in it.
    assert default_period_start(D(2027, 4, 15), "northern-ireland") == D(2027, 3, 8)
