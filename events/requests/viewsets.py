"""Event requests in the admin: the listing staff review them from (filters,
search, export), a request's own page with its history and the "update" form, and
the action that makes an accepted request's draft event.

Every rule and every change of state is in events.requests.services; these views
show what it allows, call it and say what happened.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import AdminDateTimeInput
from wagtail.permissions import policy_registry

from events.formatting import EN_DASH
from events.models import LONDON, EventPage, Venue
from events.viewsets import EVENTS_MENU_HOOK
from members.elections import services as elections
from members.elections.forms import add_confirmation, check_confirmation
from members.models import LocalAuthority, Membership, Organisation
from members.viewsets import region_choices
from network_site.forms import LongTextField
from network_site.record_form_views import RecordFormView
from network_site.refusals import Refused, add_to_form
from network_site.spreadsheets import listing_export
from network_site.viewsets import (
    PermissionFirstInspectView,
    RecordViewSet,
    RefusedActionsPermissionPolicy,
    inspect_title_column,
)

from . import services
from .models import EventRequest, EventRequestOutcome
from .record_fields import DATE_CHOICES

Status = EventRequest.Status


# Requests come from local authorities through the site and are never deleted:
# staff see them, correct a few details and move them on.
permission_policy = RefusedActionsPermissionPolicy(EventRequest, {"add", "delete"})


def may_view_requests(user) -> bool:
    """Staff who see the requests in the admin (Event managers, superusers)."""
    return permission_policy.user_has_any_permission(user, ["view", "change"])


# Display helpers


def format_day(day):
    return f"{day:%a} {day.day} {day:%B %Y}"


def format_preferred(start, end=None):
    """One preferred date or range: "Tue 12 May 2026", or two such days joined by an en dash."""
    if not start:
        return ""
    if not end or end == start:
        return format_day(start)
    return f"{format_day(start)} {EN_DASH} {format_day(end)}"


def preferred_dates_display(event_request):
    return [format_preferred(start, end) for start, end in event_request.preferred_dates]


def london_time(value):
    """For the export: the London wall-clock time (spreadsheets keep no zone)."""
    return timezone.make_naive(value, LONDON) if value else None


# The listing


def authorities_with_requests(request=None):
    return LocalAuthority.objects.filter(event_requests__isnull=False).distinct().order_by("name")


def wanted_between(start, end):
    """Requests with any of their three preferred dates or ranges touching the period
    from ``start`` to ``end`` (either may be open)."""
    match = Q()
    for first, last in DATE_CHOICES:
        choice = Q(**{f"{first}__isnull": False})
        if end:
            choice &= Q(**{f"{first}__lte": end})
        if start:
            choice &= Q(**{f"{last}__gte": start}) | Q(
                **{f"{last}__isnull": True, f"{first}__gte": start}
            )
        match |= choice
    return match


class EventRequestFilterSet(WagtailFilterSet):
    region = django_filters.ChoiceFilter(
        label="Region", field_name="local_authority__region", choices=region_choices
    )
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority", queryset=authorities_with_requests
    )
    date_wanted = django_filters.DateFromToRangeFilter(
        label="Date wanted",
        method="filter_date_wanted",
        widget=DateRangePickerWidget,
        help_text="Matches any of the three dates or ranges the authority would like.",
    )

    class Meta:
        model = EventRequest
        fields = ["status"]

    def filter_date_wanted(self, queryset, name, value):
        start = value.start.date() if value and value.start else None
        end = value.stop.date() if value and value.stop else None
        if not (start or end):
            return queryset
        return queryset.filter(wanted_between(start, end))


def _names_and_emails(people):
    return "; ".join(f"{person} <{person.email}>" for person in people)


def _outcome(field):
    def value(event_request):
        outcome = getattr(event_request, "outcome", None)
        return getattr(outcome, field) if outcome is not None else ""

    return value


def _event_address(event_request):
    page = event_request.event
    return page.full_url if page is not None and page.live else ""


# Every column of the export: key, heading, value.
EXPORT = [
    ("reference", "Reference", lambda r: r.reference),
    ("status", "Status", lambda r: r.get_status_display()),
    ("created_at", "Submitted (London time)", lambda r: london_time(r.created_at)),
    (
        "status_changed_at",
        "Status changed (London time)",
        lambda r: london_time(r.status_changed_at),
    ),
    ("local_authority", "Local authority", lambda r: r.local_authority.name),
    ("region", "Region", lambda r: r.local_authority.region),
    ("requester", "Requester", lambda r: str(r.requester) if r.requester else ""),
    ("requester_email", "Requester email", lambda r: r.requester.email if r.requester else ""),
    ("contact_phone", "Contact phone", lambda r: r.contact_phone),
    ("contacts", "Named contacts", lambda r: _names_and_emails(r.contacts.all())),
    ("title", "Working title", lambda r: r.title),
    ("theme", "Theme", lambda r: r.theme),
    ("aims", "Aims", lambda r: r.aims),
    ("audience", "Audience", lambda r: "; ".join(r.audience_labels)),
    *[
        (f"date_{n}", f"Date choice {n}", lambda r, n=n: format_preferred(*_choice(r, n)))
        for n in (1, 2, 3)
    ],
    ("format", "Format", lambda r: r.get_format_display()),
    ("expected_attendees", "Expected numbers", lambda r: r.expected_attendees),
    ("venue_offered", "Venue offered", lambda r: "yes" if r.venue_offered else "no"),
    ("venue_name", "Venue name", lambda r: r.venue_name),
    ("venue_address", "Venue address", lambda r: r.venue_address),
    ("venue_postcode", "Venue postcode", lambda r: r.venue_postcode),
    ("venue_capacity", "Venue capacity", lambda r: r.venue_capacity or ""),
    ("venue_accessibility", "Venue accessibility", lambda r: r.venue_accessibility),
    (
        "co_host_organisations",
        "Co-hosting organisations",
        lambda r: "; ".join(o.name for o in r.co_host_organisations.all()),
    ),
    ("other_co_hosts", "Other co-hosts", lambda r: r.other_co_hosts),
    ("event", "Event", lambda r: r.event.title if r.event else ""),
    ("event_address", "Event address", _event_address),
    ("outcome_what_happened", "Outcome: what happened", _outcome("what_happened")),
    ("outcome_what_changed", "Outcome: what changed", _outcome("what_changed")),
    ("outcome_quote", "Outcome: quote", _outcome("quote")),
    ("outcome_quote_attribution", "Outcome: quote by", _outcome("quote_attribution")),
    (
        "outcome_may_publish_quote",
        "Outcome: may publish the quote",
        lambda r: ("yes" if r.outcome.may_publish_quote else "no") if _has_outcome(r) else "",
    ),
    (
        "outcome_submitted_at",
        "Outcome: submitted (London time)",
        lambda r: london_time(r.outcome.submitted_at) if _has_outcome(r) else "",
    ),
]
EXPORTERS = {key: value for key, _, value in EXPORT}


def _choice(event_request, n):
    return getattr(event_request, f"date_{n}_from"), getattr(event_request, f"date_{n}_to")


def _has_outcome(event_request):
    return getattr(event_request, "outcome", None) is not None


class EventRequestIndexView(IndexView):
    def get_base_queryset(self):
        queryset = (
            super().get_base_queryset().select_related("local_authority", "requester", "event")
        )
        if self.is_export:
            queryset = queryset.select_related("outcome").prefetch_related(
                Prefetch("contacts", queryset=get_user_model().objects.order_by("last_name")),
                Prefetch("co_host_organisations", queryset=Organisation.objects.order_by("name")),
            )
        return queryset

    @cached_property
    def columns(self):
        return [
            inspect_title_column(
                self,
                "reference",
                label="Reference",
                sort_key="reference",
                id_prefix="event_request",
            ),
            Column("title", label="Working title", sort_key="title"),
            Column(
                "local_authority",
                label="Local authority",
                accessor="local_authority.name",
                sort_key="local_authority__name",
            ),
            Column(
                "region",
                label="Region",
                accessor="local_authority.region",
                sort_key="local_authority__region",
            ),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                sort_key="status",
                primary=lambda event_request: not event_request.is_closed,
            ),
            Column(
                "date_1_from",
                label="First choice of date",
                accessor=lambda event_request: format_preferred(
                    event_request.date_1_from, event_request.date_1_to
                ),
                sort_key="date_1_from",
            ),
            DateColumn("created_at", label="Submitted", sort_key="created_at"),
        ]

    def to_row_dict(self, item):
        return {key: EXPORTERS[key](item) for key in self.list_export}


# A request's page


class UpdateForm(forms.Form):
    """Move a request on, write to the authority, note something for staff: any of
    the three, as events.requests.services allows."""

    KEEP = ""

    status = forms.ChoiceField(label="Status", required=False, widget=forms.RadioSelect)
    message = LongTextField(
        label="Message to the authority",
        required=False,
        max_length=5000,
        rows=5,
        help_text=(
            "Emailed to the requester and the named contacts, and shown on their request page."
        ),
    )
    internal_note = LongTextField(
        label="Internal note (staff only)",
        required=False,
        max_length=5000,
        rows=3,
        help_text="Only staff see this. It is never shown or sent to the authority.",
    )

    def __init__(self, *args, event_request, pre_election=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.event_request = event_request
        self.pre_election_on = list(pre_election)
        add_confirmation(self, self.pre_election_on)
        current = event_request.get_status_display().lower()
        self.fields["status"].choices = [
            (self.KEEP, f"Keep the current status ({current})"),
            *[(status.value, status.label) for status in services.staff_targets(event_request)],
        ]
        self.fields["status"].initial = self.KEEP

    def clean(self):
        cleaned = super().clean()
        check_confirmation(self, self.pre_election_on)
        return cleaned

    def save(self, by):
        """Returns the EventRequestUpdate recorded; raises Refused."""
        data = self.cleaned_data
        if data["status"]:
            return services.change_status(
                self.event_request,
                data["status"],
                by=by,
                message=data["message"],
                internal_note=data["internal_note"],
            )
        return services.add_note(
            self.event_request, by=by, message=data["message"], internal_note=data["internal_note"]
        )


def membership_url(user, person):
    """The admin page of a person's membership, for staff who may see memberships."""
    membership = getattr(person, "membership", None) if person else None
    if membership is None:
        return ""
    policy = policy_registry.get_by_type(Membership)
    if policy and policy.user_has_any_permission(user, ["view", "change"]):
        return reverse("memberships:inspect", args=[quote(membership.pk)])
    return ""


def event_links(user, page):
    """The admin and public addresses of a request's event page."""
    if page is None:
        return {}
    return {
        "edit_url": (
            reverse("wagtailadmin_pages:edit", args=[page.pk])
            if page.permissions_for_user(user).can_edit()
            else ""
        ),
        "live_url": page.full_url if page.live else "",
    }


class EventRequestInspectView(PermissionFirstInspectView):
    template_name = "event_requests/admin/inspect.html"
    page_title = "Event request"
    object_queryset = EventRequest.objects.select_related(
        "local_authority", "requester__membership", "event"
    )

    def get_page_subtitle(self):
        return f"{self.object.reference}: {self.object.title}"

    def get_fields_context(self):
        return []  # the template lays everything out itself

    @cached_property
    def may_review(self):
        return services.may_review(self.request.user)

    @cached_property
    def pre_election(self):
        """The elections in the authority's area in period today or on a date it wants."""
        event_request = self.object
        spans = [
            (getattr(event_request, first), getattr(event_request, until))
            for first, until in DATE_CHOICES
        ]
        return elections.elections_for([event_request.local_authority_id], spans=spans)

    def get_context_data(self, update_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        event_request, user = self.object, self.request.user
        authority = event_request.local_authority
        if update_form is None and self.may_review:
            update_form = UpdateForm(event_request=event_request, pre_election=self.pre_election)
        context.update(
            {
                "event_request": event_request,
                "preferred_dates": preferred_dates_display(event_request),
                "contacts": event_request.contacts.order_by("last_name", "first_name"),
                "organisations": event_request.co_host_organisations.order_by("name"),
                "requester_membership_url": membership_url(user, event_request.requester),
                "updates": event_request.updates.select_related("author").order_by(
                    "-created_at", "-pk"
                ),
                "outcome": EventRequestOutcome.objects.filter(request=event_request)
                .select_related("submitted_by")
                .first(),
                "other_requests": authority.event_requests.exclude(pk=event_request.pk).order_by(
                    "-created_at"
                )[:20],
                "past_events": [
                    {"page": page, **event_links(user, page)}
                    for page in EventPage.objects.filter(host_authority=authority).past()[:20]
                ],
                "event": event_request.event,
                "event_links": event_links(user, event_request.event),
                "update_form": update_form,
                "may_create_event": self.may_review and services.may_create_event(event_request),
                "create_event_url": reverse("event_requests:create_event", args=[event_request.pk]),
                "pre_election_warning": elections.warning(self.pre_election),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_review:
            raise PermissionDenied
        form = UpdateForm(request.POST, event_request=self.object, pre_election=self.pre_election)
        if form.is_valid():
            try:
                update = form.save(by=request.user)
            except Refused as refusal:
                add_to_form(form, refusal)
            else:
                elections.record_confirmations(
                    form.pre_election,
                    user=request.user,
                    where=elections.Where.REQUEST_REVIEW,
                    ref=f"event-request:{self.object.pk}",
                    description=f"{self.object.reference}: {self.object.title}",
                )
                messages.success(request, self.done_message(update))
                return redirect("event_requests:inspect", self.object.pk)
        return self.render_to_response(self.get_context_data(update_form=form), status=400)

    def done_message(self, update):
        reference = self.object.reference
        if update.to_status:
            status = self.object.get_status_display().lower()
            return f"{reference} is now {status}. The authority has been emailed."
        if update.message:
            return f"Your message about {reference} has been emailed to the authority."
        return f"Your internal note on {reference} has been saved."


# From an accepted request to its draft event


class LondonDateTimeField(forms.DateTimeField):
    """A date and time read and shown in London time, whatever the admin user's zone."""

    widget = AdminDateTimeInput

    def to_python(self, value):
        with timezone.override(LONDON):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(LONDON):
            return super().prepare_value(value)


OFFERED_VENUE = "offered"


class CreateEventForm(forms.Form):
    title = forms.CharField(max_length=255)
    summary = LongTextField(max_length=300, rows=3, help_text="One or two sentences for listings.")
    start = LondonDateTimeField(label="Starts", help_text="London time.")
    end = LondonDateTimeField(label="Ends", help_text="London time.")
    format = forms.ChoiceField(choices=EventPage.Format.choices, widget=forms.RadioSelect)
    capacity = forms.IntegerField(
        label="Places", min_value=1, max_value=10000, help_text="How many people may register."
    )
    venue = forms.ChoiceField(
        required=False, help_text="Needed for an event that meets in person (or hybrid)."
    )
    online_joining_details = LongTextField(
        label="Online joining details",
        required=False,
        max_length=2000,
        rows=3,
        help_text=(
            "Link and instructions for an online or hybrid event; "
            "shown only to confirmed attendees."
        ),
    )

    def __init__(self, *args, event_request, **kwargs):
        super().__init__(*args, **kwargs)
        self.event_request = event_request
        choices = [("", "No venue (an online event)")]
        if event_request.venue_offered:
            offered = f"{event_request.venue_name}, {event_request.venue_postcode}"
            choices.append((OFFERED_VENUE, f"The venue the authority offered: {offered}"))
        choices.append(
            ("Existing venues", [(str(venue.pk), str(venue)) for venue in Venue.objects.all()])
        )
        self.fields["venue"].choices = choices

    def clean_venue(self):
        value = self.cleaned_data["venue"]
        if value in ("", OFFERED_VENUE):
            return value
        venue = Venue.objects.filter(pk=value).first()
        if venue is None:
            raise ValidationError("Choose a venue from the list.")
        return venue

    def event_fields(self):
        data = dict(self.cleaned_data)
        venue = data.pop("venue")
        return {
            **data,
            "venue": venue if isinstance(venue, Venue) else None,
            "use_offered_venue": venue == OFFERED_VENUE,
        }


def initial_event_fields(event_request):
    defaults = dict(services.event_defaults(event_request))
    defaults["venue"] = OFFERED_VENUE if defaults.pop("use_offered_venue") else ""
    return defaults


class CreateEventView(RecordFormView):
    """A draft event page for an accepted request, prefilled from it."""

    template_name = "event_requests/admin/create_event.html"
    form_class = CreateEventForm
    page_title = "Create the event"
    header_icon = "calendar-alt"
    listing_url_name = "event_requests:index"
    listing_label = "Event requests"

    def may(self, user):
        return services.may_review(user)

    def load(self, pk):
        self.event_request = get_object_or_404(
            EventRequest.objects.select_related("local_authority", "event"), pk=pk
        )

    @cached_property
    def record_url(self):
        return reverse("event_requests:inspect", args=[self.event_request.pk])

    @property
    def record_label(self):
        return self.event_request.reference

    def get_page_subtitle(self):
        return f"{self.event_request.reference}: {self.event_request.title}"

    def get_initial(self):
        if not services.may_create_event(self.event_request):
            return {}
        return initial_event_fields(self.event_request)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event_request": self.event_request}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "event_request": self.event_request,
            "may_create_event": services.may_create_event(self.event_request),
            "event_links": event_links(self.request.user, self.event_request.event),
            "inspect_url": self.record_url,
        }

    def form_valid(self, form):
        try:
            page = services.create_event(
                self.event_request, by=self.request.user, **form.event_fields()
            )
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        except ValidationError as error:
            errors_to_form(form, error)
            return self.form_invalid(form)
        if page.permissions_for_user(self.request.user).can_edit():
            messages.success(
                self.request,
                f"The draft event “{page.title}” is ready. Check it, then publish it: "
                "publishing schedules the request and tells the authority.",
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
        messages.success(
            self.request,
            f"The draft event “{page.title}” is ready. An editor or moderator checks and "
            "publishes it: publishing schedules the request and tells the authority.",
        )
        return redirect(self.record_url)


def errors_to_form(form, error):
    """The page's own validation errors, beside the form's fields where it has them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message if target else f"{field.replace('_', ' ')}: {message}")


# The viewset


class EventRequestEditForm(WagtailAdminModelForm):
    """What staff may correct by hand. Contacts are chosen among the approved members
    of the request's authority, co-hosts among the organisations working in its area
    (and, for both, whoever is chosen already)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "co_host_organisations" in self.fields and self.instance.pk:
            possible = services.possible_co_hosts(self.instance.local_authority_id)
            self.fields["co_host_organisations"].queryset = (
                Organisation.objects.filter(
                    Q(pk__in=possible.values("pk"))
                    | Q(pk__in=self.instance.co_host_organisations.values("pk"))
                )
                .distinct()
                .order_by("name")
            )
        if "contacts" in self.fields and self.instance.pk:
            possible = services.possible_contacts(
                self.instance.local_authority_id, exclude=self.instance.requester
            )
            self.fields["contacts"].queryset = get_user_model().objects.filter(
                Q(pk__in=possible.values("pk")) | Q(pk__in=self.instance.contacts.values("pk"))
            )
            self.fields["contacts"].label_from_instance = lambda user: (
                f"{user.get_full_name() or user.email} ({user.email})"
            )

    # EventRequest.clean() also checks fields this form leaves out (the venue's):
    # their errors go beside the field that caused them, or above the form.
    ERRORS_SHOWN_BESIDE = {"venue_capacity": "expected_attendees"}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            moved = {}
            for field, field_errors in errors.error_dict.items():
                target = field if field in self.fields else self.ERRORS_SHOWN_BESIDE.get(field)
                moved.setdefault(target or NON_FIELD_ERRORS, []).extend(field_errors)
            errors = ValidationError(moved)
        super()._update_errors(errors)


class EventRequestViewSet(RecordViewSet):
    model = EventRequest
    icon = "mail"
    menu_label = "Event requests"
    menu_hook = EVENTS_MENU_HOOK  # an item of the admin's Events menu
    menu_order = 2  # after Registrations, before Venues
    index_view_class = EventRequestIndexView
    inspect_view_class = EventRequestInspectView
    filterset_class = EventRequestFilterSet
    search_fields = [
        "reference",
        "title",
        "theme",
        "local_authority__name",
        "requester__email",
    ]
    ordering = ["-created_at", "-pk"]
    list_export, export_headings = listing_export(EXPORT)
    export_filename = "event-requests"
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("theme"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel(first), FieldPanel(until)])
                    for first, until in DATE_CHOICES
                ],
                heading="Preferred dates",
            ),
            FieldPanel("expected_attendees"),
            FieldPanel("contacts", widget=forms.CheckboxSelectMultiple),
            FieldPanel("co_host_organisations", widget=forms.CheckboxSelectMultiple),
            FieldPanel("other_co_hosts"),
        ],
        base_form_class=EventRequestEditForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("create-event/<int:pk>/", CreateEventView.as_view(), name="create_event"),
        ]


event_request_viewset = EventRequestViewSet("event_requests")
