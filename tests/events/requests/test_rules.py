"""The rules of event requests (events.event_requests): the status flow, who may
do what, and what each action records. Their emails are in test_event_request_emails."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import EventPage, Venue
from events.requests import services as event_requests
from events.requests.models import EventRequest, EventRequestOutcome, EventRequestUpdate
from members.models import Membership
from network_site.models import OutboundEmail
from network_site.refusals import Refused
from network_site.roles import EDITORS, EVENT_MANAGERS, MEMBERSHIP_OFFICERS
from tests.factories import (
    EventPageFactory,
    EventRequestFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
    VenueFactory,
)
from tests.members.membership_roles import member_of

Status = EventRequest.Status
Source = EventRequestUpdate.Source
Category = Membership.Category

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("events_index")]

# The flow the issue describes: submitted → in review → needs information →
# accepted → scheduled → held, or declined / withdrawn.
ALLOWED = [
    (Status.SUBMITTED, Status.IN_REVIEW),
    (Status.SUBMITTED, Status.DECLINED),
    (Status.SUBMITTED, Status.WITHDRAWN),
    (Status.IN_REVIEW, Status.NEEDS_INFORMATION),
    (Status.IN_REVIEW, Status.ACCEPTED),
    (Status.IN_REVIEW, Status.DECLINED),
    (Status.IN_REVIEW, Status.WITHDRAWN),
    (Status.NEEDS_INFORMATION, Status.IN_REVIEW),
    (Status.NEEDS_INFORMATION, Status.DECLINED),
    (Status.NEEDS_INFORMATION, Status.WITHDRAWN),
    (Status.ACCEPTED, Status.SCHEDULED),
    (Status.ACCEPTED, Status.DECLINED),
    (Status.ACCEPTED, Status.WITHDRAWN),
    (Status.SCHEDULED, Status.HELD),
    (Status.SCHEDULED, Status.WITHDRAWN),
]
CLOSED = [Status.HELD, Status.DECLINED, Status.WITHDRAWN]
# Every other move is refused, and so is scheduling by hand: publishing the event does it.
FORBIDDEN = [
    (from_status, to_status)
    for from_status in Status
    for to_status in Status
    if from_status != to_status
    and ((from_status, to_status) not in ALLOWED or to_status == Status.SCHEDULED)
]


def move_id(pair):
    return f"{pair[0]}->{pair[1]}"


# People


def staff_in(group):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def authority():
    return LocalAuthorityFactory()


@pytest.fixture
def make_request(authority, events_index):
    """A request from an approved councillor of ``authority`` in any status, with a
    named contact; scheduled and held requests have their (published) event."""

    def make(status=Status.SUBMITTED, event=None, **fields):
        if event is None and status in (Status.SCHEDULED, Status.HELD):
            event = EventPageFactory(parent=events_index)
        event_request = EventRequestFactory(
            local_authority=authority, status=status, event=event, **fields
        )
        event_request.contacts.set([member_of(authority, category=Category.OFFICER)])
        return event_request

    return make


def history(event_request):
    return list(
        EventRequestUpdate.objects.filter(request=event_request).values_list(
            "from_status", "to_status"
        )
    )


def refuse(action, event_request, **arguments):
    """``action`` is refused and leaves the request, its history and the outbox as
    they were. Returns the refusal."""
    status, changed_at = event_request.status, event_request.status_changed_at
    entries, emails = event_request.updates.count(), OutboundEmail.objects.count()
    with pytest.raises(Refused) as refused:
        action(event_request, **arguments)
    event_request.refresh_from_db()
    assert (event_request.status, event_request.status_changed_at) == (status, changed_at)
    assert event_request.updates.count() == entries
    assert OutboundEmail.objects.count() == emails
    return refused.value


def create_event_for(event_request, by, **changes):
    fields = event_requests.event_defaults(event_request)
    fields.pop("use_offered_venue")
    return event_requests.create_event(
        event_request, by=by, venue=VenueFactory(), **{**fields, **changes}
    )


def publish(page, user=None):
    """Publish as Wagtail does; the revision's author is who "published" it."""
    page.save_revision(user=user).publish()


# The status flow


def test_the_flow_is_the_one_the_issue_describes():
    flow = {(src, dst) for src, targets in EventRequest.TRANSITIONS.items() for dst in targets}
    assert flow == set(ALLOWED)
    assert set(EventRequest.TRANSITIONS) == set(Status)


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED, ids=map(move_id, ALLOWED))
def test_every_allowed_move_succeeds(make_request, manager, from_status, to_status):
    """Staff make each move from the request's page, except "scheduled", which comes
    from publishing the event made from the request."""
    event_request = make_request(from_status)
    if to_status == Status.SCHEDULED:
        publish(create_event_for(event_request, manager), manager)
    else:
        message = (
            "Some words for the authority." if to_status in event_requests.MESSAGE_REQUIRED else ""
        )
        event_requests.change_status(event_request, to_status, by=manager, message=message)
    event_request.refresh_from_db()
    assert event_request.status == to_status
    assert history(event_request)[-1] == (from_status, to_status)


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN, ids=map(move_id, FORBIDDEN))
def test_forbidden_moves_are_refused_and_change_nothing(
    make_request, manager, from_status, to_status
):
    event_request = make_request(from_status)
    refusal = refuse(
        event_requests.change_status, event_request, to_status=to_status, by=manager, message="Hi."
    )
    assert refusal.field == "status"
    assert event_request.status == from_status


@pytest.mark.parametrize("closed", CLOSED)
def test_the_authority_cannot_move_a_closed_request_either(make_request, closed):
    event_request = make_request(closed)
    refuse(event_requests.answer, event_request, by=event_request.requester, message="Here.")
    refuse(event_requests.withdraw, event_request, by=event_request.requester)
    assert event_request.status == closed


def test_staff_choose_only_from_the_moves_the_flow_allows(make_request):
    assert event_requests.staff_targets(make_request(Status.SUBMITTED)) == [
        Status.IN_REVIEW,
        Status.DECLINED,
        Status.WITHDRAWN,
    ]
    assert event_requests.staff_targets(make_request(Status.ACCEPTED)) == [
        Status.DECLINED,
        Status.WITHDRAWN,
    ]
    assert event_requests.staff_targets(make_request(Status.HELD)) == []


# Who may request


@pytest.mark.parametrize("category", [Category.COUNCILLOR, Category.OFFICER])
def test_approved_councillors_and_officers_may_request_for_their_authority(authority, category):
    user = member_of(authority, category=category)
    assert list(event_requests.requesting_authorities(user)) == [authority]
    assert event_requests.may_request(user)
    assert event_requests.membership_may_request(user.membership)


@pytest.mark.parametrize(
    ("category", "status", "active"),
    [
        (Category.COUNCILLOR, Membership.Status.PENDING, True),
        (Category.OFFICER, Membership.Status.LAPSED, True),
        (Category.COUNCILLOR, Membership.Status.REJECTED, True),
        (Category.ORGANISATION, Membership.Status.ACTIVE, True),
        (Category.POLICY, Membership.Status.ACTIVE, True),
        (Category.OTHER, Membership.Status.ACTIVE, True),
        (Category.COUNCILLOR, Membership.Status.ACTIVE, False),
    ],
    ids=["pending", "lapsed", "rejected", "organisation", "policy", "other", "inactive-user"],
)
def test_no_one_else_may_request(authority, category, status, active):
    user = member_of(authority, category=category, status=status, is_active=active)
    assert not event_requests.requesting_authorities(user).exists()
    assert not event_requests.may_request(user)
    # The dashboard asks the same of the membership it has loaded, at no query.
    assert not event_requests.membership_may_request(user.membership)


def test_a_member_without_a_membership_may_not_request():
    assert not event_requests.membership_may_request(None)


@pytest.mark.parametrize("anonymous", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_signed_out_visitors_may_not_request(anonymous):
    assert not event_requests.may_request(anonymous)


# Who may follow, answer, withdraw and report


ROLES = ["requester", "contact", "same authority", "other authority", "event manager"]


def person_in_role(role, event_request):
    if role == "requester":
        return event_request.requester
    if role == "contact":
        return event_request.contacts.get()
    if role == "same authority":
        return member_of(event_request.local_authority)
    if role == "other authority":
        return member_of(LocalAuthorityFactory())
    return staff_in(EVENT_MANAGERS)


@pytest.mark.parametrize(
    ("role", "authority_side", "answers", "withdraws", "reports"),
    [
        ("requester", True, True, True, True),
        ("contact", True, True, False, True),
        ("same authority", False, False, False, False),
        ("other authority", False, False, False, False),
        ("event manager", False, False, False, False),
    ],
)
def test_who_may_act_on_a_request(make_request, role, authority_side, answers, withdraws, reports):
    needs_information = make_request(Status.NEEDS_INFORMATION)
    person = person_in_role(role, needs_information)
    assert event_requests.is_authority_side(person, needs_information) is authority_side
    assert event_requests.may_answer(person, needs_information) is answers
    assert event_requests.may_withdraw(person, needs_information) is withdraws
    assert (needs_information in event_requests.visible_requests(person)) is authority_side

    held = make_request(Status.HELD)
    person = person_in_role(role, held)
    assert event_requests.may_report_outcome(person, held) is reports


def test_an_inactive_requester_may_do_nothing(make_request):
    event_request = make_request(Status.NEEDS_INFORMATION)
    event_request.requester.is_active = False
    event_request.requester.save()
    assert not event_requests.is_authority_side(event_request.requester, event_request)
    assert not event_requests.may_answer(event_request.requester, event_request)
    assert not event_requests.may_withdraw(event_request.requester, event_request)


@pytest.mark.parametrize("anonymous", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_signed_out_visitors_may_do_nothing(make_request, anonymous):
    event_request = make_request(Status.NEEDS_INFORMATION)
    assert not event_requests.is_authority_side(anonymous, event_request)
    assert not event_requests.may_answer(anonymous, event_request)
    assert not event_requests.may_withdraw(anonymous, event_request)
    assert not event_requests.visible_requests(anonymous).exists()


def test_answering_and_withdrawing_depend_on_the_status(make_request):
    in_review = make_request(Status.IN_REVIEW)
    assert not event_requests.may_answer(in_review.requester, in_review)
    assert event_requests.may_withdraw(in_review.requester, in_review)
    scheduled = make_request(Status.SCHEDULED)
    assert not event_requests.may_withdraw(scheduled.requester, scheduled)
    assert not event_requests.may_report_outcome(scheduled.requester, scheduled)


def test_an_outcome_is_reported_once(make_request):
    held = make_request(Status.HELD)
    EventRequestOutcome.objects.create(request=held, what_happened="A", what_changed="B")
    assert not event_requests.may_report_outcome(held.requester, held)
    assert not event_requests.may_report_outcome(held.contacts.get(), held)


@pytest.mark.parametrize(
    ("group", "reviews"),
    [(EVENT_MANAGERS, True), (EDITORS, False), (MEMBERSHIP_OFFICERS, False)],
)
def test_only_event_managers_review_requests(group, reviews):
    assert event_requests.may_review(staff_in(group)) is reviews


def test_superusers_review_and_inactive_managers_do_not(manager):
    assert event_requests.may_review(UserFactory(is_staff=True, is_superuser=True))
    manager.is_active = False
    manager.save()
    assert not event_requests.may_review(manager)
    assert not event_requests.may_review(AnonymousUser())


# Submitting


def new_request(authority, **fields):
    return EventRequestFactory.build(local_authority=authority, requester=None, **fields)


def test_submitting_saves_the_request_its_contacts_co_hosts_and_first_entry(authority):
    requester = member_of(authority)
    contact = member_of(authority, category=Category.OFFICER)
    organisation = OrganisationFactory()
    now = timezone.now() - datetime.timedelta(minutes=5)
    event_request = event_requests.submit_request(
        new_request(authority),
        requester=requester,
        contacts=[contact],
        organisations=[organisation],
        now=now,
    )
    event_request = EventRequest.objects.get(pk=event_request.pk)
    assert event_request.requester == requester
    assert event_request.status == Status.SUBMITTED
    assert event_request.created_at == event_request.status_changed_at == now
    assert list(event_request.contacts.all()) == [contact]
    assert list(event_request.co_host_organisations.all()) == [organisation]
    assert event_request.reference
    [entry] = event_request.updates.all()
    assert (entry.source, entry.author, entry.from_status, entry.to_status) == (
        Source.AUTHORITY,
        requester,
        "",
        Status.SUBMITTED,
    )


def test_submitting_for_another_authority_is_refused(authority):
    requester = member_of(authority)
    with pytest.raises(Refused) as refused:
        event_requests.submit_request(new_request(LocalAuthorityFactory()), requester=requester)
    assert refused.value.field == "local_authority"
    assert not EventRequest.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_a_member_who_may_not_request_is_refused(authority):
    pending = member_of(authority, status=Membership.Status.PENDING)
    with pytest.raises(Refused):
        event_requests.submit_request(new_request(authority), requester=pending)
    assert not EventRequest.objects.exists()


@pytest.mark.parametrize("stranger", ["other authority", "pending", "requester"])
def test_contacts_must_be_approved_members_of_the_same_authority(authority, stranger):
    requester = member_of(authority)
    contact = {
        "other authority": lambda: member_of(LocalAuthorityFactory()),
        "pending": lambda: member_of(authority, status=Membership.Status.PENDING),
        "requester": lambda: requester,
    }[stranger]()
    with pytest.raises(Refused) as refused:
        event_requests.submit_request(
            new_request(authority), requester=requester, contacts=[contact]
        )
    assert refused.value.field == "contacts"
    assert not EventRequest.objects.exists()
    assert not EventRequestUpdate.objects.exists()
    assert not OutboundEmail.objects.exists()


# Staff change the status


def test_a_status_change_records_who_when_from_to_the_message_and_the_note(make_request, manager):
    event_request = make_request(Status.SUBMITTED)
    now = timezone.now() - datetime.timedelta(hours=1)
    update = event_requests.change_status(
        event_request,
        Status.IN_REVIEW,
        by=manager,
        message="  We are looking at it.  ",
        internal_note="Ring them on Monday.",
        now=now,
    )
    assert event_request.status == Status.IN_REVIEW  # the caller's copy follows
    event_request.refresh_from_db()
    assert event_request.status == Status.IN_REVIEW
    assert event_request.status_changed_at == now
    update.refresh_from_db()
    assert update.request == event_request
    assert update.author == manager
    assert update.created_at == now
    assert update.source == Source.STAFF
    assert (update.from_status, update.to_status) == (Status.SUBMITTED, Status.IN_REVIEW)
    assert update.message == "We are looking at it."
    assert update.internal_note == "Ring them on Monday."


@pytest.mark.parametrize("to_status", [Status.NEEDS_INFORMATION, Status.DECLINED])
@pytest.mark.parametrize("message", ["", "   \n "], ids=["empty", "blank"])
def test_asking_for_information_or_declining_needs_a_message(
    make_request, manager, to_status, message
):
    event_request = make_request(Status.IN_REVIEW)
    refusal = refuse(
        event_requests.change_status,
        event_request,
        to_status=to_status,
        by=manager,
        message=message,
        internal_note="Note.",
    )
    assert refusal.field == "message"


def test_a_note_keeps_the_status_and_an_empty_note_is_refused(make_request, manager):
    event_request = make_request(Status.IN_REVIEW)
    update = event_requests.add_note(event_request, by=manager, internal_note="Rang them.")
    event_request.refresh_from_db()
    assert event_request.status == Status.IN_REVIEW
    assert (update.to_status, update.internal_note, update.message) == ("", "Rang them.", "")
    refuse(event_requests.add_note, event_request, by=manager, message=" ", internal_note=" ")


# The authority answers and withdraws


def test_an_answer_returns_the_request_to_review(make_request):
    event_request = make_request(Status.NEEDS_INFORMATION)
    contact = event_request.contacts.get()
    update = event_requests.answer(event_request, by=contact, message="About 80 people.")
    assert event_request.status == Status.IN_REVIEW
    event_request.refresh_from_db()
    assert event_request.status == Status.IN_REVIEW
    assert (update.source, update.author, update.message) == (
        Source.AUTHORITY,
        contact,
        "About 80 people.",
    )
    assert (update.from_status, update.to_status) == (
        Status.NEEDS_INFORMATION,
        Status.IN_REVIEW,
    )


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.ACCEPTED])
def test_an_answer_is_taken_only_when_information_is_needed(make_request, status):
    event_request = make_request(status)
    refuse(event_requests.answer, event_request, by=event_request.requester, message="Here.")


@pytest.mark.parametrize("role", ["same authority", "other authority", "event manager"])
def test_only_the_authority_side_answers(make_request, role):
    event_request = make_request(Status.NEEDS_INFORMATION)
    person = person_in_role(role, event_request)
    refuse(event_requests.answer, event_request, by=person, message="Here.")


def test_an_empty_answer_is_refused(make_request):
    event_request = make_request(Status.NEEDS_INFORMATION)
    refusal = refuse(event_requests.answer, event_request, by=event_request.requester, message="  ")
    assert refusal.field == "message"


@pytest.mark.parametrize("status", event_requests.WITHDRAWABLE)
def test_the_requester_withdraws_until_the_event_is_scheduled(make_request, status):
    event_request = make_request(status)
    update = event_requests.withdraw(
        event_request, by=event_request.requester, reason="The budget went."
    )
    event_request.refresh_from_db()
    assert event_request.status == Status.WITHDRAWN
    assert (update.source, update.author, update.message) == (
        Source.AUTHORITY,
        event_request.requester,
        "The budget went.",
    )
    assert history(event_request) == [(status, Status.WITHDRAWN)]


def test_withdrawing_is_refused_once_scheduled(make_request):
    event_request = make_request(Status.SCHEDULED)
    refuse(event_requests.withdraw, event_request, by=event_request.requester)


@pytest.mark.parametrize("role", ["contact", "same authority", "event manager"])
def test_only_the_requester_withdraws(make_request, role):
    event_request = make_request(Status.IN_REVIEW)
    refuse(event_requests.withdraw, event_request, by=person_in_role(role, event_request))


# From request to event

OFFERED_VENUE = {
    "venue_offered": True,
    "venue_name": "Leeds Civic Hall",
    "venue_address": "Calverley Street\nLeeds",
    "venue_postcode": "LS1 1UR",
    "venue_capacity": 120,
    "venue_accessibility": "Step-free entrance on Portland Crescent.",
}


def test_the_event_is_made_from_an_accepted_request(make_request, manager, events_index):
    organisation = OrganisationFactory()
    event_request = make_request(Status.ACCEPTED, **OFFERED_VENUE)
    event_request.co_host_organisations.set([organisation])
    contact = event_request.contacts.get()
    fields = event_requests.event_defaults(event_request)
    assert fields["use_offered_venue"] is True
    assert fields["capacity"] == 60  # fewer than the venue holds

    page = event_requests.create_event(event_request, by=manager, **fields)

    page = EventPage.objects.get(pk=page.pk)
    assert not page.live
    assert page.get_parent().specific == events_index
    assert page.title == event_request.title
    assert page.host_authority == event_request.local_authority
    assert list(page.host_organisations.all()) == [organisation]
    assert [link.user for link in page.host_contacts.all()] == [event_request.requester, contact]
    assert (page.venue.name, page.venue.postcode) == ("Leeds Civic Hall", "LS1 1UR")
    assert page.venue.accessibility == "Step-free entrance on Portland Crescent."
    assert page.get_latest_revision() is not None
    event_request.refresh_from_db()
    assert event_request.event == page
    assert page.event_request == event_request
    assert event_request.status == Status.ACCEPTED  # scheduled only once published
    [entry] = event_request.updates.all()
    assert entry.to_status == ""
    assert page.title in entry.internal_note
    assert entry.message == ""


def test_an_offered_venue_is_reused(make_request, manager):
    pages = [
        event_requests.create_event(request, by=manager, **event_requests.event_defaults(request))
        for request in (make_request(Status.ACCEPTED, **OFFERED_VENUE) for _ in range(2))
    ]
    assert pages[0].venue_id == pages[1].venue_id
    assert Venue.objects.filter(name="Leeds Civic Hall").count() == 1
    assert pages[0].slug != pages[1].slug


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFORMATION, Status.DECLINED]
)
def test_no_event_before_the_request_is_accepted(make_request, manager, status):
    event_request = make_request(status)
    with pytest.raises(Refused):
        create_event_for(event_request, manager)
    assert not EventPage.objects.exists()
    event_request.refresh_from_db()
    assert event_request.event is None


def test_a_request_gets_one_event(make_request, manager):
    event_request = make_request(Status.ACCEPTED)
    page = create_event_for(event_request, manager)
    with pytest.raises(Refused):
        create_event_for(event_request, manager, title="Another go")
    assert list(EventPage.objects.values_list("pk", flat=True)) == [page.pk]


def test_an_invalid_event_leaves_nothing_behind(make_request, manager):
    event_request = make_request(Status.ACCEPTED, **OFFERED_VENUE)
    fields = event_requests.event_defaults(event_request)
    fields["end"] = fields["start"] - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as invalid:
        event_requests.create_event(event_request, by=manager, **fields)
    assert "end" in invalid.value.message_dict
    assert not EventPage.objects.exists()
    assert not Venue.objects.exists()
    event_request.refresh_from_db()
    assert event_request.event is None
    assert not event_request.updates.exists()


def test_publishing_the_event_schedules_the_request_once(make_request, manager):
    event_request = make_request(Status.ACCEPTED)
    page = create_event_for(event_request, manager)
    publish(page, manager)
    event_request.refresh_from_db()
    assert event_request.status == Status.SCHEDULED
    scheduled = event_request.updates.get(to_status=Status.SCHEDULED)
    assert (scheduled.source, scheduled.author) == (Source.SYSTEM, manager)
    page.refresh_from_db()
    assert page.full_url in scheduled.message
    changed_at = event_request.status_changed_at
    emails = OutboundEmail.objects.count()

    page.title = "A better title"
    publish(page, manager)

    event_request.refresh_from_db()
    assert event_request.status == Status.SCHEDULED
    assert event_request.status_changed_at == changed_at
    assert event_request.updates.filter(to_status=Status.SCHEDULED).count() == 1
    assert OutboundEmail.objects.count() == emails


@pytest.mark.parametrize("status", [Status.DECLINED, Status.WITHDRAWN])
def test_publishing_the_event_of_a_closed_request_changes_nothing(make_request, manager, status):
    event_request = make_request(Status.ACCEPTED)
    page = create_event_for(event_request, manager)
    event_requests.change_status(event_request, status, by=manager, message="Sorry.")
    entries = event_request.updates.count()
    publish(page, manager)
    event_request.refresh_from_db()
    assert event_request.status == status
    assert event_request.updates.count() == entries


def test_publishing_an_event_no_one_requested_changes_nothing(events_index, make_request):
    event_request = make_request(Status.ACCEPTED)
    page = EventPageFactory(parent=events_index)
    assert event_requests.schedule_published_event(page) is None
    publish(page)
    event_request.refresh_from_db()
    assert event_request.status == Status.ACCEPTED
    assert history(event_request) == []


# After the event


def past_event(events_index, **fields):
    start = timezone.now() - datetime.timedelta(days=2)
    return EventPageFactory(
        parent=events_index, start=start, end=start + datetime.timedelta(hours=3), **fields
    )


def test_requests_whose_event_is_over_become_held_once(make_request, events_index):
    over = make_request(Status.SCHEDULED, event=past_event(events_index))
    cancelled = make_request(
        Status.SCHEDULED, event=past_event(events_index, cancelled_at=timezone.now())
    )
    upcoming = make_request(Status.SCHEDULED)
    accepted = make_request(Status.ACCEPTED, event=past_event(events_index))
    withdrawn = make_request(Status.WITHDRAWN, event=past_event(events_index))

    assert event_requests.mark_held() == 1
    assert event_requests.mark_held() == 0

    statuses = dict(
        EventRequest.objects.values_list("pk", "status"),
    )
    assert statuses == {
        over.pk: Status.HELD,
        cancelled.pk: Status.SCHEDULED,
        upcoming.pk: Status.SCHEDULED,
        accepted.pk: Status.ACCEPTED,
        withdrawn.pk: Status.WITHDRAWN,
    }
    [entry] = EventRequestUpdate.objects.all()
    assert (entry.request, entry.source, entry.author) == (over, Source.SYSTEM, None)
    assert (entry.from_status, entry.to_status) == (Status.SCHEDULED, Status.HELD)


def test_mark_held_waits_until_the_event_has_ended(make_request, events_index):
    start = timezone.now() - datetime.timedelta(hours=1)
    running = EventPageFactory(
        parent=events_index, start=start, end=start + datetime.timedelta(hours=3)
    )
    event_request = make_request(Status.SCHEDULED, event=running)
    assert event_requests.mark_held() == 0
    assert event_requests.mark_held(now=running.end + datetime.timedelta(minutes=1)) == 1
    event_request.refresh_from_db()
    assert event_request.status == Status.HELD


def outcome():
    return EventRequestOutcome(
        what_happened="Forty people from twelve groups.",
        what_changed="We are drafting a social value policy.",
        quote="It changed how we commission.",
        quote_attribution="Cllr Asha Patel",
        may_publish_quote=True,
    )


def test_the_outcome_is_reported_once_the_event_is_held(make_request):
    event_request = make_request(Status.HELD)
    now = timezone.now() - datetime.timedelta(minutes=3)
    saved = event_requests.submit_outcome(
        event_request, by=event_request.requester, outcome=outcome(), now=now
    )
    saved = EventRequestOutcome.objects.get(pk=saved.pk)
    assert saved.request == event_request
    assert (saved.submitted_by, saved.submitted_at) == (event_request.requester, now)
    assert saved.what_happened == "Forty people from twelve groups."
    [entry] = event_request.updates.all()
    assert (entry.source, entry.author, entry.to_status) == (
        Source.AUTHORITY,
        event_request.requester,
        "",
    )
    event_request.refresh_from_db()
    assert event_request.status == Status.HELD

    contact = event_request.contacts.get()
    refuse(event_requests.submit_outcome, event_request, by=contact, outcome=outcome())
    assert EventRequestOutcome.objects.count() == 1


def test_a_named_contact_may_report_the_outcome(make_request):
    event_request = make_request(Status.HELD)
    contact = event_request.contacts.get()
    event_requests.submit_outcome(event_request, by=contact, outcome=outcome())
    assert EventRequestOutcome.objects.get().submitted_by == contact


@pytest.mark.parametrize("status", [Status.ACCEPTED, Status.SCHEDULED, Status.WITHDRAWN])
def test_no_outcome_before_the_event_is_held(make_request, status):
    event_request = make_request(status)
    requester = event_request.requester
    refuse(event_requests.submit_outcome, event_request, by=requester, outcome=outcome())
    assert not EventRequestOutcome.objects.exists()


@pytest.mark.parametrize("role", ["same authority", "other authority", "event manager"])
def test_only_the_authority_side_reports_the_outcome(make_request, role):
    event_request = make_request(Status.HELD)
    person = person_in_role(role, event_request)
    refuse(event_requests.submit_outcome, event_request, by=person, outcome=outcome())
    assert not EventRequestOutcome.objects.exists()
