"""The rules of event requests: who may ask, who may see and do what, and every
change of a request's state.

Views (the public request pages, the admin's review screens) and the publishing
signal only call these functions. Each runs in one transaction with the request's
row locked, records what happened as an ``EventRequestUpdate`` and queues its
emails in the same transaction (they are sent once it commits).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from events.models import LONDON, EventHostContact, EventIndexPage, EventPage, Venue
from members.models import LocalAuthority, Membership, Organisation
from network_site.emails import send_templated_email
from network_site.refusals import Refused
from network_site.roles import EVENT_MANAGERS, staff_to_notify

from .models import EventRequest, EventRequestOutcome, EventRequestUpdate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, _User
    from wagtail.models import Page

    from .models import EventRequestQuerySet

Status = EventRequest.Status
Source = EventRequestUpdate.Source

REVIEW_PERMISSION = "event_requests.change_eventrequest"
VIEW_PERMISSION = "event_requests.view_eventrequest"
REQUESTING_CATEGORIES = (Membership.Category.COUNCILLOR, Membership.Category.OFFICER)
# What staff choose from on a request's page; "scheduled" comes from publishing.
STAFF_TARGETS = (
    Status.IN_REVIEW,
    Status.NEEDS_INFORMATION,
    Status.ACCEPTED,
    Status.HELD,
    Status.DECLINED,
    Status.WITHDRAWN,
)
# Staff must say something to the authority when they move a request here.
MESSAGE_REQUIRED = {
    Status.NEEDS_INFORMATION: "Say what information you need: the authority sees this message.",
    Status.DECLINED: "Tell the authority why the request is declined.",
}
WITHDRAWABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFORMATION, Status.ACCEPTED)
TYPICAL_RESPONSE = "two weeks"  # how long a first answer usually takes (shown on the form)


# Who may do what


def _active(user: _User | AnonymousUser | None) -> TypeGuard[_User]:
    return bool(user and user.is_authenticated and user.is_active)


def requesting_authorities(user: _User | AnonymousUser | None) -> models.QuerySet[LocalAuthority]:
    """The councils a member may ask on behalf of: their own, if they are an
    approved councillor or officer of it."""
    if not _active(user):
        return LocalAuthority.objects.none()
    return LocalAuthority.objects.filter(
        Membership.active_q("memberships__"),
        memberships__user=user,
        memberships__category__in=REQUESTING_CATEGORIES,
    ).distinct()


def may_request(user: _User | AnonymousUser | None) -> bool:
    return requesting_authorities(user).exists()


def membership_may_request(membership: Membership | None) -> bool:
    """``may_request`` asked of a membership already loaded (the dashboard's), at
    no query: the same rule as ``requesting_authorities``."""
    return bool(
        membership is not None
        and membership.user.is_active
        and membership.is_active
        and membership.category in REQUESTING_CATEGORIES
        and membership.local_authority_id is not None
    )


def possible_contacts(
    local_authority: LocalAuthority | int | None, exclude: _User | None = None
) -> models.QuerySet[_User]:
    """Who may be named as a contact: approved members of the same authority."""
    users = get_user_model().objects.filter(
        Membership.active_q("membership__"),
        is_active=True,
        membership__local_authority=local_authority,
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users.order_by("first_name", "last_name", "email")


def possible_co_hosts(
    local_authorities: LocalAuthority | int | models.QuerySet[LocalAuthority],
) -> models.QuerySet[Organisation]:
    """Which organisations may co-host: those working in the council's area
    (``local_authorities`` is one council, its id, or a queryset of councils)."""
    if isinstance(local_authorities, models.QuerySet):
        in_area = Organisation.objects.filter(local_authorities__in=local_authorities)
    else:
        in_area = Organisation.objects.filter(local_authorities=local_authorities)
    return in_area.distinct().order_by("name")


def visible_requests(user: _User | AnonymousUser | None) -> EventRequestQuerySet:
    """What a member may follow on the site (see EventRequestQuerySet.visible_to)."""
    return EventRequest.objects.visible_to(user)


def is_authority_side(user: _User | AnonymousUser | None, event_request: EventRequest) -> bool:
    """The requester or one of the request's named contacts."""
    if not _active(user):
        return False
    return (
        event_request.requester_id == user.pk or event_request.contacts.filter(pk=user.pk).exists()
    )


def may_answer(user: _User | AnonymousUser | None, event_request: EventRequest) -> bool:
    return event_request.status == Status.NEEDS_INFORMATION and is_authority_side(
        user, event_request
    )


def may_withdraw(user: _User | AnonymousUser | None, event_request: EventRequest) -> bool:
    return (
        event_request.status in WITHDRAWABLE
        and _active(user)
        and event_request.requester_id == user.pk
    )


def may_report_outcome(user: _User | AnonymousUser | None, event_request: EventRequest) -> bool:
    return (
        event_request.status == Status.HELD
        and is_authority_side(user, event_request)
        and not EventRequestOutcome.objects.filter(request=event_request).exists()
    )


def may_review(user: _User | AnonymousUser | None) -> bool:
    """Staff who review requests in the admin (Event managers, superusers)."""
    return _active(user) and user.has_perm(REVIEW_PERMISSION)


def staff_targets(event_request: EventRequest) -> list[str]:
    """The statuses staff may move this request to now."""
    return [status for status in STAFF_TARGETS if event_request.can_move_to(status)]


def may_create_event(event_request: EventRequest) -> bool:
    """An accepted request without its event yet may have one made (create_event)."""
    return event_request.status == Status.ACCEPTED and not event_request.event_id


# Emails


def admin_url(event_request) -> str:
    return reverse("event_requests:inspect", args=[event_request.pk])


def request_url(event_request: EventRequest) -> str:
    return reverse("events:request_detail", args=[event_request.pk])


def outcome_url(event_request: EventRequest) -> str:
    return reverse("events:request_outcome", args=[event_request.pk])


def authority_side(event_request: EventRequest) -> list[_User]:
    """Everyone on the authority's side who receives the request's emails."""
    people = list(event_request.contacts.filter(is_active=True).exclude(email=""))
    if event_request.requester and event_request.requester.is_active:
        people.insert(0, event_request.requester)
    return people


def _email_authority(
    name: str, event_request: EventRequest, everyone: bool = False, **context: Any
) -> None:
    # (In this order: mypy types a conditional's second branch by its first.)
    people: Sequence[_User | None] = (
        [event_request.requester] if not everyone else authority_side(event_request)
    )
    for person in people:
        if person is None or not person.is_active or not person.email:
            continue
        send_templated_email(
            name,
            person.email,
            {
                "event_request": event_request,
                "person": person,
                "request_url": request_url(event_request),
                "typical_response": TYPICAL_RESPONSE,
                **context,
            },
            user=person,
        )


def _email_staff(event_request: EventRequest, what: str, **context: Any) -> None:
    """``what``: new, answered, withdrawn or outcome."""
    for person in staff_to_notify(EVENT_MANAGERS):
        send_templated_email(
            "event_requests/for_staff",
            person.email,
            {
                "event_request": event_request,
                "what": what,
                "admin_url": admin_url(event_request),
                **context,
            },
            user=person,
        )


# Changing a request


def _lock(event_request: EventRequest) -> EventRequest:
    return EventRequest.objects.select_for_update().get(pk=event_request.pk)


def _record(
    event_request: EventRequest,
    *,
    source: str,
    author: _User | None,
    to_status: str = "",
    message: str = "",
    internal_note: str = "",
    now: datetime.datetime,
) -> EventRequestUpdate:
    from_status = event_request.status
    if to_status:
        event_request.status = to_status
        event_request.status_changed_at = now
        event_request.save(update_fields=["status", "status_changed_at"])
    return EventRequestUpdate.objects.create(
        request=event_request,
        created_at=now,
        author=author,
        source=source,
        from_status=from_status,
        to_status=to_status,
        message=message.strip(),
        internal_note=internal_note.strip(),
    )


def submit_request(
    event_request: EventRequest,
    *,
    requester: _User,
    contacts: Iterable[_User] = (),
    organisations: Iterable[Organisation] = (),
    now: datetime.datetime | None = None,
) -> EventRequest:
    """Save a new request from the request form (``event_request`` is unsaved and
    clean) and tell the requester (with its reference) and the Event managers."""
    now = now or timezone.now()
    if not requesting_authorities(requester).filter(pk=event_request.local_authority_id).exists():
        raise Refused(
            "Only approved councillors and officers of a council may ask on its behalf.",
            field="local_authority",
        )
    allowed = set(
        possible_contacts(event_request.local_authority_id, exclude=requester).values_list(
            "pk", flat=True
        )
    )
    strangers = [user for user in contacts if user.pk not in allowed]
    if strangers:
        raise Refused("Contacts must be approved members of the same council.", field="contacts")
    with transaction.atomic():
        event_request.requester = requester
        event_request.status = Status.SUBMITTED
        event_request.created_at = event_request.status_changed_at = now
        event_request.save()
        event_request.contacts.set(contacts)
        event_request.co_host_organisations.set(organisations)
        EventRequestUpdate.objects.create(
            request=event_request,
            created_at=now,
            author=requester,
            source=Source.AUTHORITY,
            to_status=Status.SUBMITTED,
        )
        _email_authority("event_requests/received", event_request, everyone=True)
        _email_staff(event_request, "new")
    return event_request


def change_status(
    event_request: EventRequest,
    to_status: str,
    *,
    by: _User,
    message: str = "",
    internal_note: str = "",
    now: datetime.datetime | None = None,
) -> EventRequestUpdate:
    """Staff move a request on. Refuses moves the status flow does not allow and
    moves that need a message without one. The authority is emailed (with the
    message, if any); the internal note stays with staff."""
    now = now or timezone.now()
    to_status = Status(to_status)
    if to_status == Status.SCHEDULED:
        raise Refused("A request is scheduled by publishing its event.", field="status")
    if to_status in MESSAGE_REQUIRED and not message.strip():
        raise Refused(MESSAGE_REQUIRED[to_status], field="message")
    with transaction.atomic():
        locked = _lock(event_request)
        _check_move(locked, to_status)
        update = _record(
            locked,
            source=Source.STAFF,
            author=by,
            to_status=to_status,
            message=message,
            internal_note=internal_note,
            now=now,
        )
        _email_authority("event_requests/status", locked, everyone=True, update=update)
        if to_status == Status.HELD:
            _email_authority(
                "event_requests/outcome_invite", locked, outcome_url=outcome_url(locked)
            )
    _refresh(event_request, locked)
    return update


def _check_move(locked: EventRequest, to_status: str) -> None:
    if not locked.can_move_to(to_status):
        raise Refused(
            f"A request that is {locked.get_status_display().lower()} cannot become "
            f"{Status(to_status).label.lower()}.",
            field="status",
        )


def _refresh(event_request: EventRequest, locked: EventRequest) -> None:
    event_request.status = locked.status
    event_request.status_changed_at = locked.status_changed_at
    event_request.event_id = locked.event_id


def add_note(
    event_request: EventRequest,
    *,
    by: _User,
    message: str = "",
    internal_note: str = "",
    now: datetime.datetime | None = None,
) -> EventRequestUpdate:
    """Staff write to the authority, or note something for themselves, without
    changing the status."""
    if not (message.strip() or internal_note.strip()):
        raise Refused("Write a message, an internal note or both.", field="message")
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(event_request)
        update = _record(
            locked,
            source=Source.STAFF,
            author=by,
            message=message,
            internal_note=internal_note,
            now=now,
        )
        if update.message:
            _email_authority("event_requests/status", locked, everyone=True, update=update)
    return update


def _authority_move(
    event_request: EventRequest,
    *,
    by: _User,
    allowed: Callable[[_User, EventRequest], bool],
    refusal: str,
    to_status: str,
    message: str,
    what: str,
    now: datetime.datetime | None,
) -> EventRequestUpdate:
    """The authority moves its own request on (``allowed(by, locked)`` says whether
    it may now); staff are told ``what`` happened."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(event_request)
        if not allowed(by, locked):
            raise Refused(refusal)
        update = _record(
            locked,
            source=Source.AUTHORITY,
            author=by,
            to_status=to_status,
            message=message,
            now=now,
        )
        _email_staff(locked, what, update=update)
    _refresh(event_request, locked)
    return update


def answer(
    event_request: EventRequest, *, by: _User, message: str, now: datetime.datetime | None = None
) -> EventRequestUpdate:
    """The authority answers a "needs information" request: the answer is recorded,
    the request goes back into review and staff are told."""
    if not message.strip():
        raise Refused("Write your answer.", field="message")
    return _authority_move(
        event_request,
        by=by,
        allowed=may_answer,
        refusal="This request is not waiting for an answer.",
        to_status=Status.IN_REVIEW,
        message=message,
        what="answered",
        now=now,
    )


def withdraw(
    event_request: EventRequest,
    *,
    by: _User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> EventRequestUpdate:
    """The requester withdraws their request (until its event is scheduled)."""
    return _authority_move(
        event_request,
        by=by,
        allowed=may_withdraw,
        refusal="This request can no longer be withdrawn here: contact us.",
        to_status=Status.WITHDRAWN,
        message=reason,
        what="withdrawn",
        now=now,
    )


def submit_outcome(
    event_request: EventRequest,
    *,
    by: _User,
    outcome: EventRequestOutcome,
    now: datetime.datetime | None = None,
) -> EventRequestOutcome:
    """Save the authority's outcome report (``outcome`` is an unsaved, clean
    EventRequestOutcome) and tell staff."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(event_request)
        if not may_report_outcome(by, locked):
            raise Refused("An outcome report is not due for this request.")
        outcome.request = locked
        outcome.submitted_by = by
        outcome.submitted_at = now
        outcome.save()
        _record(
            locked,
            source=Source.AUTHORITY,
            author=by,
            message="We sent our outcome report.",
            now=now,
        )
        _email_staff(locked, "outcome", outcome=outcome)
    return outcome


# From request to event


def event_defaults(event_request: EventRequest) -> dict[str, Any]:
    """What the "create the event" form starts with, from the request."""
    day = event_request.date_1_from
    start = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=LONDON)
    capacity = event_request.expected_attendees
    if event_request.venue_offered and event_request.venue_capacity:
        capacity = min(capacity, event_request.venue_capacity)
    return {
        "title": event_request.title,
        "summary": _summary(event_request),
        "start": start,
        "end": start + datetime.timedelta(hours=3),
        "format": event_request.format,
        "capacity": capacity,
        "use_offered_venue": event_request.venue_offered,
    }


def _summary(event_request: EventRequest) -> str:
    authority = event_request.local_authority
    text = f"{event_request.theme}: a Keep it Local Network event with {authority}."
    return text if len(text) <= 300 else text[:297].rstrip() + "…"


def offered_venue(event_request: EventRequest) -> Venue:
    """The venue the authority offered, as a Venue (found again if it exists)."""
    venue, _ = Venue.objects.get_or_create(
        name=event_request.venue_name.strip(),
        postcode=event_request.venue_postcode,
        defaults={
            "address": event_request.venue_address.strip(),
            "accessibility": event_request.venue_accessibility.strip(),
        },
    )
    return venue


def _unique_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:70] or "event"
    slug, n = base, 2
    siblings = parent.get_children()
    while siblings.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_event(
    event_request: EventRequest,
    *,
    by: _User,
    title: str,
    summary: str,
    start: datetime.datetime,
    end: datetime.datetime,
    format: str,
    capacity: int,
    venue: Venue | None = None,
    use_offered_venue: bool = False,
    online_joining_details: str = "",
    now: datetime.datetime | None = None,
) -> EventPage:
    """Make the draft event page of an accepted request, under /events/, with the
    authority as host, its co-hosting organisations, and the requester and named
    contacts as host contacts. The request and the page point at each other.
    Raises ValidationError (from the page's own rules) or Refused."""
    now = now or timezone.now()
    index = EventIndexPage.objects.first()
    if index is None:
        raise Refused("There is no events page to put the event under.")
    with transaction.atomic():
        locked = _lock(event_request)
        if locked.status != Status.ACCEPTED:
            raise Refused("Accept the request before making its event.")
        if locked.event_id:
            raise Refused("This request already has its event.")
        if use_offered_venue:
            if not locked.venue_offered:
                raise Refused("The authority did not offer a venue.", field="venue")
            venue = offered_venue(locked)
        page = EventPage(
            title=title,
            slug=_unique_slug(index, title),
            summary=summary,
            start=start,
            end=end,
            format=format,
            venue=venue,
            online_joining_details=online_joining_details,
            capacity=capacity,
            host_authority=locked.local_authority,
            live=False,
            owner=by,
        )
        page.host_organisations = list(locked.co_host_organisations.all())
        hosts = authority_side(locked)
        page.host_contacts = [EventHostContact(user=user) for user in hosts]
        index.add_child(instance=page)  # validates the page (EventPage.clean)
        page.save_revision(user=by, log_action=True)
        locked.event = page
        locked.save(update_fields=["event"])
        _record(
            locked,
            source=Source.STAFF,
            author=by,
            internal_note=f"Draft event created: {page.title}.",
            now=now,
        )
    _refresh(event_request, locked)
    return page


def schedule_published_event(
    page: EventPage, user: _User | None = None, now: datetime.datetime | None = None
) -> EventRequestUpdate | None:
    """When the event made from an accepted request is published, the request is
    scheduled and its authority told, with the link. Later publications (edits)
    change nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        event_request = EventRequest.objects.select_for_update().filter(event_id=page.pk).first()
        if event_request is None or event_request.status != Status.ACCEPTED:
            return None
        update = _record(
            event_request,
            source=Source.SYSTEM,
            author=user,
            to_status=Status.SCHEDULED,
            message=f"Your event is published: {page.full_url}",
            now=now,
        )
        _email_authority(
            "event_requests/scheduled",
            event_request,
            everyone=True,
            event=page,
            event_url=page.full_url,
            hosting_url=reverse("members:hosting_event", args=[page.pk]),
        )
    return update


def mark_held(now: datetime.datetime | None = None) -> int:
    """Scheduled requests whose event is over (and was not cancelled) are held; the
    requester is asked for an outcome report. Safe to run any number of times."""
    now = now or timezone.now()
    done = 0
    candidates = EventRequest.objects.filter(
        status=Status.SCHEDULED, event__end__lt=now, event__cancelled_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(candidates[:200]):
        with transaction.atomic():
            locked = EventRequest.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if locked is None or locked.status != Status.SCHEDULED:
                continue
            _record(locked, source=Source.SYSTEM, author=None, to_status=Status.HELD, now=now)
            _email_authority(
                "event_requests/outcome_invite", locked, outcome_url=outcome_url(locked)
            )
            done += 1
    return done
