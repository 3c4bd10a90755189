"""The admin's Members menu: memberships (decided here), organisations, local authorities."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, ListingButton

from network_site.forms import LongTextField
from network_site.payments.stripe_api import StripeUnavailable
from network_site.places import LOCAL_AUTHORITY_ADMIN_PANELS
from network_site.record_form_views import RecordFormView
from network_site.refusals import Refused, add_to_form
from network_site.spreadsheets import listing_export
from network_site.viewsets import RefusedActionsPermissionPolicy, inspect_title_column

from . import fees, lifecycle, organisations, services
from .models import LocalAuthority, Membership, MembershipDecision, Organisation
from .record_fields import ORGANISATION_FIELDS

# Memberships


def membership_permission_policy():
    """Memberships are made by applying on the site, never in the admin."""
    return RefusedActionsPermissionPolicy(Membership, {"add"})


def region_choices():
    regions = (
        LocalAuthority.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct()
    )
    return [(region, region) for region in regions]


class MembershipFilterSet(WagtailFilterSet):
    region = django_filters.ChoiceFilter(
        label="Region", field_name="local_authority__region", choices=region_choices
    )

    class Meta:
        model = Membership
        fields = ["category", "status", "local_authority"]


def _value_or_blank(item, path):
    for name in path.split("."):
        item = getattr(item, name, None)
        if item is None:
            return ""
        if callable(item):
            item = item()
    return item


class MembershipIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user", "local_authority", "organisation")

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="membership"),
            inspect_title_column(
                self,
                "name",
                label="Name",
                accessor=lambda membership: (
                    membership.user.get_full_name() or membership.user.email
                ),
                sort_key="user__last_name",
                id_prefix="membership",
            ),
            Column("email", label="Email", accessor="user.email", sort_key="user__email"),
            Column("category", accessor="get_category_display", sort_key="category"),
            Column("status", accessor="get_status_display", sort_key="status"),
            Column("local_authority", label="Local authority", sort_key="local_authority__name"),
            Column("region", label="Region", sort_key="local_authority__region"),
            Column("fee_due", label="Fee due (£)", sort_key="fee_due"),
            DateColumn("applied_at", label="Applied", sort_key="applied_at"),
        ]

    def to_row_dict(self, item):
        # An export cell for a relation the membership lacks (no organisation) is empty.
        return {field: _value_or_blank(item, field) for field in self.list_export}

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.status == Membership.Status.PENDING and services.may_decide(self.request.user):
            for action, label in [("approve", "Approve"), ("reject", "Reject")]:
                buttons.insert(
                    0,
                    ListingButton(
                        label,
                        url=reverse(f"memberships:{action}", args=[quote(instance.pk)])
                        + f"?next={self.request.get_full_path()}",
                        attrs={"aria-label": f"{label} the application from {instance.user}"},
                        priority=10 if action == "approve" else 20,
                    ),
                )
        return buttons


class MembershipInspectView(InspectView):
    template_name = "members/admin/membership_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        membership = self.object
        context["decisions"] = MembershipDecision.objects.filter(
            membership=membership
        ).select_related("decided_by")
        context["may_decide"] = (
            membership.status == Membership.Status.PENDING
            and services.may_decide(self.request.user)
        )
        context["approve_url"] = reverse("memberships:approve", args=[quote(membership.pk)])
        context["reject_url"] = reverse("memberships:reject", args=[quote(membership.pk)])
        context["fee_payments"] = membership.fee_payments().select_related("recorded_by")
        if membership.is_main_contact:
            context["contacts"] = organisations.contacts(membership)
            context["invitations"] = organisations.open_invitations(membership)
            if services.may_decide(self.request.user):
                context["invite_contact_url"] = reverse(
                    "memberships:invite_contact", args=[quote(membership.pk)]
                )
        if services.may_decide(self.request.user):
            context["changes"] = [
                (reverse(f"memberships:{action}", args=[quote(membership.pk)]), label)
                for action, label in lifecycle.changes_allowed(membership).items()
            ]
        if services.may_decide(self.request.user):
            context["fee_problem"] = fees.why_staff_cannot_record(membership)
            context["waive_fee_url"] = reverse("memberships:waive_fee", args=[quote(membership.pk)])
            context["record_payment_url"] = reverse(
                "memberships:record_payment", args=[quote(membership.pk)]
            )
        return context


class ReasonForm(forms.Form):
    """The reason kept with a decision about a membership: required where the
    person is told why (the labels say who that is)."""

    reason = LongTextField(rows=5, max_length=2000)
    required_label = required_help = required_message = optional_label = optional_help = ""

    def __init__(self, *args, reason_required, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = reason_required
        if reason_required:
            field.label, field.help_text = self.required_label, self.required_help
            field.error_messages["required"] = self.required_message
        else:
            field.label, field.help_text = self.optional_label, self.optional_help


class DecisionForm(ReasonForm):
    required_label = "Reason (sent to the applicant)"
    required_help = "Explain kindly and clearly why the application is not accepted."
    required_message = "Give a reason: the applicant is told why."
    optional_label = "Note to the applicant (optional)"
    optional_help = "Added to the welcome email and kept with the decision."


class MembershipActionView(RecordFormView):
    """An officer's action on one membership: a form on GET, the action on POST."""

    header_icon = "group"
    listing_url_name = "memberships:index"
    listing_label = "Memberships"
    action = None  # a key of ``titles``
    titles = {}

    @property
    def page_title(self):
        return self.titles[self.action]

    def may(self, user):
        return services.may_decide(user)

    def load(self, pk):
        self.membership = get_object_or_404(
            Membership.objects.select_related("user", "local_authority"), pk=pk
        )

    @cached_property
    def record_url(self):
        return reverse("memberships:inspect", args=[quote(self.membership.pk)])

    @property
    def record_label(self):
        return str(self.membership.user)

    def get_page_subtitle(self):
        return self.record_label

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "membership": self.membership,
            "inspect_url": self.record_url,
        }


class DecideView(MembershipActionView):
    """Approve or reject one application."""

    template_name = "members/admin/decide.html"
    titles = {"approve": "Approve application", "reject": "Reject application"}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "reason_required": self.action == "reject"}

    def get_form_class(self):
        return DecisionForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "outcome": self.action,
            "is_pending": self.membership.status == Membership.Status.PENDING,
            "next": get_valid_next_url_from_request(self.request),
        }

    def form_valid(self, form):
        decide = services.approve if self.action == "approve" else services.reject
        try:
            decide(self.membership, self.request.user, form.cleaned_data["reason"])
        except Refused as error:
            messages.error(self.request, str(error))
            return redirect(self.record_url)
        done = "approved" if self.action == "approve" else "rejected"
        messages.success(self.request, f"The application from {self.membership.user} was {done}.")
        return redirect(get_valid_next_url_from_request(self.request) or self.record_url)


class ChangeForm(ReasonForm):
    required_label = "Reason (sent to the member)"
    optional_label = "Note to the member"
    required_help = optional_help = "Kept with the decision in the membership's history."
    required_message = "Give a reason: the member is told why."


class ChangeView(MembershipActionView):
    """Suspend, reinstate or end a membership (members.lifecycle)."""

    template_name = "members/admin/change.html"
    titles = {
        "suspend": "Suspend the membership",
        "reinstate": "Reinstate the membership",
        "end": "End the membership",
        "remove": "Remove as a contact of the organisation",
    }
    changes = {
        "suspend": lifecycle.suspend,
        "reinstate": lifecycle.reinstate,
        "end": lifecycle.end,
        "remove": organisations.remove,
    }
    done = {
        "suspend": "suspended",
        "reinstate": "reinstated",
        "end": "ended",
        "remove": "removed as a contact of the organisation",
    }

    def get_form_class(self):
        return ChangeForm

    def get_form_kwargs(self):
        required = self.action not in ("reinstate", "remove")
        return {**super().get_form_kwargs(), "reason_required": required}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "action": self.action,
            "allowed": self.action in lifecycle.changes_allowed(self.membership),
        }

    def form_valid(self, form):
        try:
            self.changes[self.action](
                self.membership, self.request.user, form.cleaned_data["reason"]
            )
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        except StripeUnavailable:
            form.add_error(
                None,
                "Stripe could not be reached to cancel the member's fee subscription, "
                "so nothing has changed. Try again in a few minutes.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=503)
        messages.success(
            self.request,
            f"The membership of {self.membership.user} was {self.done[self.action]}; "
            "the member has been emailed.",
        )
        return redirect(self.record_url)


class InviteContactForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="They are emailed a link to accept, which works for 14 days.",
    )


class InviteContactView(MembershipActionView):
    """Invite a further contact to an organisation's membership (members.organisations)."""

    template_name = "members/admin/invite_contact.html"
    titles = {"invite": "Invite a contact"}
    action = "invite"

    def get_form_class(self):
        return InviteContactForm

    def get_context_data(self, **kwargs):
        membership = self.membership
        return {
            **super().get_context_data(**kwargs),
            "allowed": membership.is_main_contact
            and membership.status in organisations.TAKES_CONTACTS,
        }

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        try:
            organisations.invite(self.membership, self.request.user, email)
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, f"An invitation has been emailed to {email.lower()}.")
        return redirect(self.record_url)


class WaiveFeeForm(forms.Form):
    reason = LongTextField(
        label="Why is the fee waived?",
        max_length=2000,
        help_text="Kept with the record for other officers; the member is not sent it.",
        error_messages={"required": "Give a reason for waiving the fee."},
    )


class OfflinePaymentForm(forms.Form):
    method = forms.ChoiceField(
        label="How it was paid",
        choices=list(fees.OFFLINE_METHODS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the fee was paid."},
    )
    reference = forms.CharField(
        label="Invoice number or payment reference",
        max_length=100,
        error_messages={"required": "Give the invoice number or the transfer's reference."},
    )
    received_on = forms.DateField(
        label="Date received",
        widget=AdminDateInput,
        error_messages={
            "required": "Give the date the money arrived.",
            "invalid": "Enter a real date, for example 14/03/2026.",
        },
    )

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("The date received cannot be in the future.")
        return received_on


class FeeRecordView(MembershipActionView):
    """Waive a membership's fee or record one paid offline (a Payment kept with
    who recorded it)."""

    template_name = "members/admin/fee_record.html"
    titles = {"waive": "Waive the fee", "offline": "Record an offline payment"}

    def get_form_class(self):
        return WaiveFeeForm if self.action == "waive" else OfflinePaymentForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "action": self.action,
            "problem": fees.why_staff_cannot_record(self.membership),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if self.action == "waive":
                fees.waive_fee(self.membership, self.request.user, data["reason"])
                done = "The fee was waived"
            else:
                fees.record_offline_payment(
                    self.membership,
                    self.request.user,
                    method=data["method"],
                    reference=data["reference"],
                    received_on=data["received_on"],
                )
                done = "The payment was recorded"
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        self.membership.refresh_from_db()
        messages.success(
            self.request,
            f"{done}: {self.membership.user} is a member until "
            f"{timezone.localtime(self.membership.expires_at):%d/%m/%Y}.",
        )
        return redirect(self.record_url)


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = "Memberships"
    add_to_admin_menu = False
    index_view_class = MembershipIndexView
    inspect_view_class = MembershipInspectView
    index_template_name = "members/admin/membership_index.html"
    inspect_view_enabled = True
    filterset_class = MembershipFilterSet
    search_fields = [
        "user__first_name",
        "user__last_name",
        "user__email",
        "organisation_name",
        "organisation__name",
    ]
    ordering = ["-applied_at"]
    list_export, export_headings = listing_export(
        [
            ("user.get_full_name", "Name"),
            ("user.email", "Email"),
            ("get_category_display", "Category"),
            ("get_status_display", "Status"),
            ("local_authority", "Local authority"),
            ("region", "Region"),
            "ward",
            "job_title",
            ("organisation_name", "Organisation"),
            ("organisation.charity_number", "Charity number"),
            ("organisation.company_number", "Company number"),
            ("organisation.get_income_band_display", "Income band"),
            ("fee_due", "Fee due"),
            ("applied_at", "Applied"),
            ("decided_at", "Decided"),
            ("decided_by", "Decided by"),
        ]
    )
    export_filename = "memberships"
    # What staff may correct; the status changes only through a recorded decision.
    form_fields = [
        "category",
        "local_authority",
        "ward",
        "job_title",
        "organisation",
        "organisation_name",
        "fee_due",
        "expires_at",
    ]
    inspect_view_fields = [
        "user",
        "category",
        "status",
        "local_authority",
        "region",
        "ward",
        "job_title",
        "organisation",
        "organisation_name",
        "bio",
        "fee_due",
        "applied_at",
        "decided_by",
        "decided_at",
        "expires_at",
        "stripe_customer_id",
        "stripe_subscription_id",
        "contact_for",
    ]

    def decide_view(self, outcome):
        return DecideView.as_view(action=outcome)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<int:pk>/", self.decide_view("approve"), name="approve"),
            path("contacts/invite/<int:pk>/", InviteContactView.as_view(), name="invite_contact"),
            path("reject/<int:pk>/", self.decide_view("reject"), name="reject"),
            *[
                path(f"{action}/<int:pk>/", ChangeView.as_view(action=action), name=action)
                for action in ChangeView.titles
            ],
            path(
                "fee/waive/<int:pk>/",
                FeeRecordView.as_view(action="waive"),
                name="waive_fee",
            ),
            path(
                "fee/record/<int:pk>/",
                FeeRecordView.as_view(action="offline"),
                name="record_payment",
            ),
        ]


# Organisations


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    add_to_admin_menu = False
    list_display = ["name", "kind", "charity_number", "company_number", "income_band"]
    list_filter = ["kind", "income_band"]
    search_fields = ["name", "charity_number", "company_number"]
    list_export, export_headings = listing_export(
        [
            "name",
            ("get_kind_display", "Kind"),
            "charity_number",
            "company_number",
            ("get_income_band_display", "Income band"),
            "website",
            "created_at",
        ]
    )
    form_fields = ORGANISATION_FIELDS
    inspect_view_enabled = True
    inspect_view_fields = [*ORGANISATION_FIELDS, "created_at"]
    ordering = ["name"]


# Local authorities


class LocalAuthorityInspectView(InspectView):
    template_name = "members/admin/local_authority_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = self.object.memberships.select_related("user").order_by(
            "user__last_name", "user__first_name"
        )
        context["organisations"] = self.object.organisations.order_by("name")
        panels = [panel(self.object) for panel in hooks.get_hooks(LOCAL_AUTHORITY_ADMIN_PANELS)]
        context["panels"] = sorted((p for p in panels if p is not None), key=lambda p: p.order)
        context["public_url"] = self.object.get_absolute_url()
        return context


# What staff export of each authority and correct by hand.
LOCAL_AUTHORITY_FIELDS = ["name", "short_name", "gss_code", "nation", "region", "authority_type"]


class LocalAuthorityViewSet(ModelViewSet):
    model = LocalAuthority
    icon = "globe"
    menu_label = "Local authorities"
    menu_order = 300
    add_to_admin_menu = False
    list_display = ["name", "gss_code", "nation", "region", "authority_type", "is_current"]
    list_filter = ["nation", "region", "is_current"]
    list_export = [*LOCAL_AUTHORITY_FIELDS, "is_current"]
    search_fields = ["name", "short_name", "gss_code"]
    form_fields = [*LOCAL_AUTHORITY_FIELDS, "slug", "latitude", "longitude", "is_current"]
    ordering = ["name"]
    inspect_view_enabled = True
    inspect_view_class = LocalAuthorityInspectView


membership_viewset = MembershipViewSet("memberships")
organisation_viewset = OrganisationViewSet("organisations")
local_authority_viewset = LocalAuthorityViewSet("local_authorities")


class MembersViewSetGroup(ViewSetGroup):
    menu_label = "Members"
    menu_icon = "group"
    menu_order = 300
    items = (membership_viewset, organisation_viewset, local_authority_viewset)
