"""The admin's Events menu: registrations (run here, event by event) and venues;
other apps add their own items to it (event requests do).

Every change of a registration's state goes through events.services; these views
only ask for confirmation, call the service and say what happened.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet

from network_site.forms import LongTextField
from network_site.record_form_views import RecordFormView
from network_site.refusals import Refused, add_to_form, tell_outcome
from network_site.spreadsheets import listing_export
from network_site.viewsets import RefusedActionsPermissionPolicy, inspect_title_column

from . import permissions, rules, services
from .models import EventPage, Registration, Venue
from .record_fields import REGISTRATION_DETAILS

# Registrations


def registration_permission_policy():
    """Registrations are added, moved and cancelled through the event's own screens
    (which call events.services), never by the generic create or delete forms."""
    return RefusedActionsPermissionPolicy(Registration, {"add", "delete"})


def event_choices(request=None):
    return EventPage.objects.order_by("-start")


class RegistrationFilterSet(WagtailFilterSet):
    event = django_filters.ModelChoiceFilter(label="Event", queryset=event_choices)
    share_with_hosts = django_filters.BooleanFilter(
        label="Shared with hosts", widget=django_filters.widgets.BooleanWidget()
    )

    class Meta:
        model = Registration
        fields = ["event", "status", "share_with_hosts"]


def event_summary(event):
    """The counts the header of one event's registrations shows."""
    by_status = {
        status: Registration.objects.filter(event=event, status=status).count()
        for status in Registration.Status.values
    }
    taken = rules.places_taken(event)
    return {
        "event": event,
        "capacity": event.capacity,
        "taken": taken,
        "left": rules.places_left(event, taken),
        "confirmed": by_status[Registration.Status.CONFIRMED],
        "offered": by_status[Registration.Status.OFFERED],
        "pending_payment": by_status[Registration.Status.PENDING_PAYMENT],
        "attended": by_status[Registration.Status.ATTENDED],
        "waitlisted": by_status[Registration.Status.WAITLISTED],
        "cancelled": by_status[Registration.Status.CANCELLED],
    }


def event_urls(event):
    return {
        name: reverse(f"registrations:{name}", args=[event.pk])
        for name in ("add_attendee", "message", "cancel_event")
    } | {"check_in": reverse("events_check_in", args=[event.pk])}


class RegistrationIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "event")

    @cached_property
    def filtered_event(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("event")
        return None

    @cached_property
    def columns(self):
        columns = [
            inspect_title_column(
                self, "name", label="Name", sort_key="guest_name", id_prefix="registration"
            ),
            Column("email", label="Email", accessor="email"),
            Column("status", accessor="get_status_display", sort_key="status"),
            Column("access_needs", label="Access needs"),
            Column("dietary_needs", label="Dietary needs"),
            BooleanColumn("share_with_hosts", label="Shared", sort_key="share_with_hosts"),
            DateColumn("created_at", label="Registered", sort_key="created_at"),
        ]
        if self.filtered_event is None:
            columns.insert(1, Column("event", label="Event", sort_key="event__start"))
        return columns

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if not permissions.may_run_events(self.request.user):
            return buttons
        next_url = f"?next={self.request.get_full_path()}"
        status = Registration.Status
        possible = [
            ("confirm", "Move to confirmed", (status.WAITLISTED, status.OFFERED)),
            ("waitlist", "Move to waitlist", (status.CONFIRMED, status.OFFERED)),
            (
                "cancel",
                "Cancel registration",
                (
                    status.PENDING_CONFIRMATION,
                    status.CONFIRMED,
                    status.OFFERED,
                    status.WAITLISTED,
                    status.PENDING_PAYMENT,
                ),
            ),
        ]
        for priority, (action, label, statuses) in enumerate(possible):
            if instance.status in statuses:
                buttons.append(
                    ListingButton(
                        label,
                        url=reverse(f"registrations:{action}", args=[quote(instance.pk)])
                        + next_url,
                        attrs={"aria-label": f"{label}: {instance.name}"},
                        priority=30 + priority,
                    )
                )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.filtered_event
        if event is not None:
            context["summary"] = event_summary(event)
            context["event_urls"] = event_urls(event)
            context["may_run_events"] = permissions.may_run_events(self.request.user)
            context["may_add_attendees"] = permissions.may_add_attendees(self.request.user)
        return context


class EventActionView(RecordFormView):
    """An admin screen about one event or one registration, for staff who run
    events; the event's own page is its list of registrations."""

    header_icon = "calendar-alt"
    listing_url_name = "registrations:index"
    listing_label = "Registrations"

    def may(self, user):
        return permissions.may_run_events(user)

    @cached_property
    def record_url(self):
        return reverse("registrations:index") + f"?event={self.event.pk}"

    @property
    def record_label(self):
        return self.event.title

    def get_page_subtitle(self):
        return self.event.title

    def done(self):
        return redirect(get_valid_next_url_from_request(self.request) or self.record_url)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "event": self.event,
            "listing_url": self.record_url,
            "next": get_valid_next_url_from_request(self.request),
        }


class EventScreenView(EventActionView):
    """A form about one event, named by the ``event_id`` of its URL."""

    def load(self, event_id):
        self.event = get_object_or_404(EventPage, pk=event_id)


class RegistrationActionView(EventActionView):
    """Move one registration to confirmed or to the waitlist, or cancel it: a
    confirmation on GET, the change on POST."""

    template_name = "events/admin/registration_action.html"
    form_class = forms.Form
    action = None  # "confirm", "waitlist" or "cancel"
    titles = {
        "confirm": "Move to confirmed",
        "waitlist": "Move to the waitlist",
        "cancel": "Cancel registration",
    }

    def load(self, pk):
        self.registration = get_object_or_404(
            Registration.objects.select_related("user", "event"), pk=pk
        )
        self.event = self.registration.event

    @property
    def page_title(self):
        return self.titles[self.action]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "registration": self.registration,
            "action": self.action,
            "summary": event_summary(self.event),
        }

    def form_valid(self, form):
        registration, user = self.registration, self.request.user
        try:
            if self.action == "confirm":
                services.move_to_confirmed(registration, by=user)
                done = f"{registration.name} now has a confirmed place."
            elif self.action == "waitlist":
                services.move_to_waitlist(registration, by=user)
                done = f"{registration.name} is now on the waitlist."
            else:
                services.cancel_registration(registration)
                done = f"The registration of {registration.name} was cancelled."
        except Refused as refusal:
            messages.error(self.request, str(refusal))
        else:
            messages.success(self.request, done)
        return self.done()


class AddAttendeeForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="A member is found by the email address of their account.",
    )
    name = forms.CharField(
        label="Name (for a guest)",
        max_length=150,
        required=False,
        help_text="Needed only for someone without a member account.",
    )

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            cleaned["user"] = get_user_model().objects.filter(email__iexact=email).first()
            if cleaned["user"] is None and not cleaned.get("name", "").strip():
                self.add_error("name", "No member has this address: give the guest's name.")
        return cleaned


class AddAttendeeView(EventScreenView):
    template_name = "events/admin/add_attendee.html"
    form_class = AddAttendeeForm
    page_title = "Add an attendee"

    def may(self, user):
        return permissions.may_add_attendees(user)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "summary": event_summary(self.event)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["user"] is not None:
                registration = services.add_by_staff(
                    self.event, user=data["user"], by=self.request.user
                )
            else:
                registration = services.add_by_staff(
                    self.event, name=data["name"].strip(), email=data["email"], by=self.request.user
                )
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{registration.name} was added: {registration.get_status_display().lower()}.",
        )
        return self.done()


class MessageForm(forms.Form):
    subject = forms.CharField(max_length=150)
    body = LongTextField(rows=10, label="Message", max_length=5000)


class MessageAttendeesView(EventScreenView):
    template_name = "events/admin/message_attendees.html"
    form_class = MessageForm
    page_title = "Message confirmed attendees"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "recipients": services.message_recipients(self.event).count(),
        }

    def form_valid(self, form):
        count = services.message_attendees(
            self.event, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
        )
        messages.success(
            self.request,
            f"Your message is on its way to {count} attendee{'' if count == 1 else 's'}.",
        )
        return self.done()


class CancelEventForm(forms.Form):
    reason = LongTextField(
        rows=5,
        label="Reason (sent to everyone registered)",
        max_length=2000,
        error_messages={"required": "Give a reason: everyone registered is told why."},
    )


class CancelEventView(EventScreenView):
    template_name = "events/admin/cancel_event.html"
    form_class = CancelEventForm
    page_title = "Cancel the event"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "registrants": Registration.objects.filter(event=self.event).active().count(),
        }

    def form_valid(self, form):
        if self.event.is_cancelled:
            messages.error(self.request, "This event has already been cancelled.")
            return self.done()
        tell_outcome(
            self.request,
            lambda: services.cancel_event(
                self.event, form.cleaned_data["reason"], by=self.request.user
            ),
            f"{self.event.title} was cancelled and everyone registered is told.",
        )
        return self.done()


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "list-ul"
    menu_label = "Registrations"
    add_to_admin_menu = False
    index_view_class = RegistrationIndexView
    index_results_template_name = "events/admin/registration_index_results.html"
    inspect_view_enabled = True
    filterset_class = RegistrationFilterSet
    search_fields = [
        "guest_name",
        "guest_email",
        "user__first_name",
        "user__last_name",
        "user__email",
    ]
    ordering = ["created_at"]
    list_export, export_headings = listing_export(
        [
            ("event", "Event"),
            ("name", "Name"),
            ("email", "Email"),
            ("get_status_display", "Status"),
            ("access_needs", "Access needs"),
            ("dietary_needs", "Dietary needs"),
            ("share_with_hosts", "Shared with hosts"),
            ("created_at", "Registered"),
            ("attended_at", "Attended"),
        ]
    )
    export_filename = "registrations"
    # What staff may correct by hand; the status changes only through events.services.
    form_fields = ["access_needs", "dietary_needs"]
    inspect_view_fields = REGISTRATION_DETAILS

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            *[
                path(
                    f"{action}/<int:pk>/",
                    RegistrationActionView.as_view(action=action),
                    name=action,
                )
                for action in ("confirm", "waitlist", "cancel")
            ],
            path("event/<int:event_id>/add/", AddAttendeeView.as_view(), name="add_attendee"),
            path("event/<int:event_id>/message/", MessageAttendeesView.as_view(), name="message"),
            path("event/<int:event_id>/cancel/", CancelEventView.as_view(), name="cancel_event"),
        ]


# Venues


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = "Venues"
    menu_order = 3
    list_display = ["name", "postcode"]
    list_export = ["name", "address", "postcode", "accessibility", "map_url"]
    ordering = ["name"]


registration_viewset = RegistrationViewSet("registrations")


# Other apps' items join the Events menu through this hook: a viewset whose
# ``menu_hook`` is this name (events.requests' is second, between these two).
EVENTS_MENU_HOOK = "register_events_menu_item"


class EventsViewSetGroup(ViewSetGroup):
    menu_label = "Events"
    menu_icon = "calendar-alt"
    menu_order = 250
    submenu_hook = EVENTS_MENU_HOOK
    items = (registration_viewset, VenueViewSet)
