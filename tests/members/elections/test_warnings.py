"""Every warning of a pre-election period: shown while the period is on (or when
a date wanted falls in it), not otherwise; the "I understand" box is required
where there is one, nothing is ever blocked once it is ticked, and each
confirmation is recorded."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.requests.models import EventRequest, EventRequestUpdate
from members.bulletins.models import Bulletin
from members.elections.models import Election, PreElectionConfirmation
from members.models import MarketingConsent, Membership
from tests.events.requests.form_data import valid_data
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    EventRequestFactory,
    MembershipFactory,
)
from tests.members.membership_roles import event_manager, verified_user
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

FORM_URL = "/events/request/"
WARNING = "Leeds (polling day 6 May 2027) is in a pre-election period."
NOTICE = "Leeds is in its pre-election period until polling day on Thursday 6 May 2027."
CONFIRM = "pre_election_confirmed"
BEFORE_THE_PERIOD = datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC)
AFTER_POLLING_DAY = datetime.datetime(2027, 5, 7, 9, tzinfo=datetime.UTC)


def councillor_of(authority, **kwargs):
    user = verified_user(**kwargs)
    MembershipFactory(
        user=user,
        local_authority=authority,
        category=Membership.Category.COUNCILLOR,
        status=Membership.Status.ACTIVE,
    )
    return user


def confirmations(where):
    return PreElectionConfirmation.objects.filter(where=where)


# The event request form


@pytest.fixture
def requester_client(client, clock, leeds, leeds_election):
    client.force_login(councillor_of(leeds, first_name="Asha", last_name="Patel"))
    return client


def test_the_form_warns_and_asks_to_confirm_during_the_period(requester_client):
    page = requester_client.get(FORM_URL).content.decode()
    assert WARNING in page
    assert f'name="{CONFIRM}"' in page


def test_sending_without_confirming_comes_back_with_the_message_beside_the_box(
    requester_client, leeds
):
    response = requester_client.post(FORM_URL, valid_data(leeds))
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.context["form"].errors[CONFIRM][0]
    page = response.content.decode()
    assert f'id="id_{CONFIRM}_error"' in page
    assert f'href="#id_{CONFIRM}"' in page  # linked from the error summary
    assert not EventRequest.objects.exists()
    assert not PreElectionConfirmation.objects.exists()


def test_confirming_sends_the_request_and_records_the_confirmation(requester_client, leeds):
    response = requester_client.post(FORM_URL, valid_data(leeds, **{CONFIRM: "on"}))
    assert response.status_code == 302
    event_request = EventRequest.objects.get()
    (confirmation,) = confirmations("event-request")
    assert confirmation.user == event_request.requester
    assert confirmation.object_ref == f"event-request:{event_request.pk}"
    assert event_request.reference in confirmation.object_description
    # And it is in the member's own data export.
    export = requester_client.get("/members/export/")
    assert export.status_code == 200
    assert f"event-request:{event_request.pk}" in export.content.decode()


def test_a_date_wanted_in_a_coming_period_warns_too(client, clock, leeds, leeds_election):
    clock.move_to(BEFORE_THE_PERIOD)
    client.force_login(councillor_of(leeds))
    page = client.get(FORM_URL).content.decode()
    assert "pre-election period" not in page
    dates = {"date_1_from": "2027-02-10", "date_1_to": "", "date_2_from": "2027-05-04"}
    response = client.post(FORM_URL, valid_data(leeds, **dates))
    assert response.status_code == 400
    assert WARNING in response.content.decode()
    assert CONFIRM in response.context["form"].errors
    response = client.post(FORM_URL, valid_data(leeds, **dates, **{CONFIRM: "on"}))
    assert response.status_code == 302
    assert confirmations("event-request").count() == 1


def test_no_warning_and_no_box_outside_any_period(client, clock, leeds, leeds_election):
    clock.move_to(AFTER_POLLING_DAY)
    client.force_login(councillor_of(leeds))
    assert "pre-election" not in client.get(FORM_URL).content.decode()
    response = client.post(FORM_URL, valid_data(leeds))
    assert response.status_code == 302
    assert not PreElectionConfirmation.objects.exists()


# Staff reviewing a request


@pytest.fixture
def leeds_request(clock, leeds):
    return EventRequestFactory(
        local_authority=leeds,
        date_1_from=datetime.date(2027, 6, 10),
        date_1_to=None,
        date_2_from=None,
        date_3_from=None,
    )


def review_url(event_request):
    return reverse("event_requests:inspect", args=[event_request.pk])


def test_the_review_page_warns_and_an_action_needs_the_box(client, leeds_request, leeds_election):
    manager = event_manager()
    client.force_login(manager)
    page = client.get(review_url(leeds_request)).content.decode()
    assert WARNING in page
    assert f'name="{CONFIRM}"' in page
    note = {"status": "", "message": "", "internal_note": "Checked the venue"}
    response = client.post(review_url(leeds_request), note)
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert not EventRequestUpdate.objects.filter(internal_note="Checked the venue").exists()
    response = client.post(review_url(leeds_request), {**note, CONFIRM: "on"})
    assert response.status_code == 302
    assert EventRequestUpdate.objects.filter(internal_note="Checked the venue").exists()
    (confirmation,) = confirmations("request-review")
    assert confirmation.user == manager
    assert confirmation.object_ref == f"event-request:{leeds_request.pk}"


def test_the_review_page_has_no_warning_outside_the_period(
    client, clock, leeds_request, leeds_election
):
    clock.move_to(AFTER_POLLING_DAY)
    client.force_login(event_manager())
    page = client.get(review_url(leeds_request)).content.decode()
    assert "Pre-election period" not in page
    note = {"status": "", "message": "", "internal_note": "Checked"}
    assert client.post(review_url(leeds_request), note).status_code == 302
    assert not PreElectionConfirmation.objects.exists()


# The council page and event pages


def test_the_council_page_says_so_during_the_period(client, clock, home_page, leeds_election):
    assert NOTICE in client.get("/councils/leeds/").content.decode()
    clock.move_to(AFTER_POLLING_DAY)
    assert "pre-election period" not in client.get("/councils/leeds/").content.decode()


def test_recording_an_election_leaves_the_cached_council_and_event_pages(
    client, clock, settings, home_page, leeds, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page), host_authority=leeds)
    for url in ("/councils/leeds/", event.url):
        assert NOTICE not in client.get(url).text
        assert client.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Election.objects.create(authority=leeds, polling_day=datetime.date(2027, 5, 6))
    for url in ("/councils/leeds/", event.url):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert NOTICE in response.text


def test_the_council_page_keeps_its_query_budget(client, clock, home_page, leeds_election):
    assert warm_query_count(client, "/councils/leeds/") <= QUERY_BUDGET


def test_an_event_co_hosted_by_the_council_says_so(
    client, clock, home_page, leeds, bristol, leeds_election
):
    index = EventIndexPageFactory(parent=home_page)
    leeds_event = EventPageFactory(parent=index, host_authority=leeds)
    bristol_event = EventPageFactory(parent=index, host_authority=bristol)
    assert NOTICE in client.get(leeds_event.url).content.decode()
    assert "pre-election period" not in client.get(bristol_event.url).content.decode()
    # The notice is read from the cache: it costs the page no query.
    assert warm_query_count(client, leeds_event.url) == warm_query_count(client, bristol_event.url)
    assert warm_query_count(client, leeds_event.url) <= QUERY_BUDGET
    clock.move_to(AFTER_POLLING_DAY)
    assert "pre-election period" not in client.get(leeds_event.url).content.decode()


# Bulletins


def consenting_councillor(authority):
    user = councillor_of(authority)
    MarketingConsent.objects.create(user=user, given=True, wording="Bulletins?")
    return user


def draft_for(*authorities):
    bulletin = Bulletin.objects.create(
        subject="Spring news", slug="spring-news", body=[("text", "<p>News</p>")]
    )
    bulletin.local_authorities.set(authorities)
    return bulletin


def send_url(bulletin):
    return reverse("bulletins_admin:send", args=[bulletin.pk])


def test_a_bulletin_reaching_councillors_in_a_period_warns_and_needs_the_box(
    client, clock, comms, leeds, bristol, leeds_election, commit
):
    consenting_councillor(leeds)
    consenting_councillor(bristol)
    bulletin = draft_for()  # everyone: Leeds's councillor among them
    page = client.get(send_url(bulletin)).content.decode()
    assert WARNING in page
    assert f'name="{CONFIRM}"' in page
    response = client.post(send_url(bulletin), {"when": "now"})
    assert response.status_code == 400
    bulletin.refresh_from_db()
    assert bulletin.is_draft
    with commit():
        response = client.post(send_url(bulletin), {"when": "now", CONFIRM: "on"})
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert not bulletin.is_draft
    (confirmation,) = confirmations("bulletin-send")
    assert (confirmation.user, confirmation.object_ref) == (comms, f"bulletin:{bulletin.pk}")


def test_a_bulletin_for_other_councils_does_not_warn(
    client, clock, comms, leeds, bristol, leeds_election, commit
):
    consenting_councillor(leeds)
    consenting_councillor(bristol)
    bulletin = draft_for(bristol)
    assert "pre-election" not in client.get(send_url(bulletin)).content.decode()
    with commit():
        assert client.post(send_url(bulletin), {"when": "now"}).status_code == 302
    assert not PreElectionConfirmation.objects.exists()


def test_a_bulletin_to_officers_only_does_not_warn(client, clock, comms, leeds, leeds_election):
    consenting_councillor(leeds)
    bulletin = draft_for(leeds)
    bulletin.categories = [Membership.Category.OFFICER]
    bulletin.save()
    assert "pre-election" not in client.get(send_url(bulletin)).content.decode()
