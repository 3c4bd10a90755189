"""The admin's Payments menu: every payment (filters, search, export), each with its
Stripe links, its refunds and the refund form; and the Stripe events that did not
match what we sold.

Payments are records of what Stripe did: nobody adds, edits or deletes them here.
A refund goes through services.refund, the one way the site refunds.
"""

import decimal
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup

from network_site.refusals import Refused, add_to_form
from network_site.spreadsheets import listing_export
from network_site.viewsets import (
    PermissionFirstInspectView,
    RecordViewSet,
    inspect_title_column,
)

from . import services, stripe_api
from .models import Payment, Refund, StripeEvent
from .money import pence, pounds, pounds_exact
from .stripe_api import StripeUnavailable

LONDON = ZoneInfo("Europe/London")
REFUND_PERMISSION = "payments.refund_payment"


def may_refund(user) -> bool:
    return user.is_active and user.has_perm(REFUND_PERMISSION)


def london_time(value):
    """For the export: the London wall-clock time (spreadsheets keep no zone)."""
    return timezone.make_naive(value, LONDON) if value else None


def payer(payment):
    """Who paid: the account, or whoever the purpose says bought it (the guest of
    a ticket bought without an account)."""
    return services.handler_for(payment).buyer_name(payment)


def payer_email(payment):
    return services.handler_for(payment).buyer_email(payment)


def buyer_reference(handler):
    """The export's value naming the buyer's record of ``handler``'s payments."""

    def reference(payment):
        if services.handler_for(payment) is not handler:
            return ""
        buyer = handler.buyer(payment)
        return buyer.pk if buyer is not None else ""

    return reference


# The listing


class PaymentFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(label="Created", widget=DateRangePickerWidget)
    livemode = django_filters.BooleanFilter(
        label="Live mode",
        widget=django_filters.widgets.BooleanWidget(),
        help_text="Live payments, or payments made in Stripe's test mode.",
    )

    class Meta:
        model = Payment
        fields = ["purpose", "status", "method", "created_at", "livemode"]


SEARCH_FIELDS = [
    "description",
    "user__email",
    "user__first_name",
    "user__last_name",
    "stripe_checkout_session_id",
    "stripe_payment_intent_id",
    "stripe_invoice_id",
    "stripe_subscription_id",
    "stripe_customer_id",
]

# Every column of the export: key, heading, value. The columns naming each
# purpose's buyer record come after "period_end" (see ``export_columns``).
EXPORT = [
    ("id", "Payment", lambda p: p.pk),
    ("created_at", "Created (London time)", lambda p: london_time(p.created_at)),
    ("paid_at", "Paid (London time)", lambda p: london_time(p.paid_at)),
    ("purpose", "Purpose", lambda p: p.get_purpose_display()),
    ("description", "What", lambda p: p.description),
    ("payer", "Who", payer),
    ("email", "Email", payer_email),
    ("amount", "Amount (£)", lambda p: pounds_exact(p.amount)),
    ("refunded_amount", "Refunded (£)", lambda p: pounds_exact(p.refunded_amount)),
    ("currency", "Currency", lambda p: p.currency.upper()),
    ("status", "Status", lambda p: p.get_status_display()),
    ("method", "Method", lambda p: p.get_method_display()),
    ("livemode", "Live mode", lambda p: "yes" if p.livemode else "no"),
    ("period_end", "Pays until (London time)", lambda p: london_time(p.period_end)),
    ("session", "Stripe Checkout Session", lambda p: p.stripe_checkout_session_id or ""),
    ("payment_intent", "Stripe payment intent", lambda p: p.stripe_payment_intent_id),
    ("invoice", "Stripe invoice", lambda p: p.stripe_invoice_id or ""),
    ("subscription", "Stripe subscription", lambda p: p.stripe_subscription_id),
    ("customer", "Stripe customer", lambda p: p.stripe_customer_id),
    ("recorded_by", "Recorded by", lambda p: str(p.recorded_by) if p.recorded_by_id else ""),
    ("note", "Note", lambda p: p.note),
]


def export_columns():
    """EXPORT with a column per purpose naming its buyer's record (the purposes
    register when their apps are ready, so this is asked for, not a constant)."""
    at = [key for key, _, _ in EXPORT].index("period_end") + 1
    references = sorted(
        (
            (f"{purpose}_reference", handler.reference_heading, buyer_reference(handler))
            for purpose, handler in services.registered_purposes()
            if handler.reference_heading
        ),
        key=lambda column: column[1],  # by heading: the same order however apps load
    )
    return [*EXPORT[:at], *references, *EXPORT[at:]]


def listing_related():
    """What a listing loads with each payment: its accounts and its buyer."""
    related = ["user", "recorded_by"]
    for handler in services.registered_handlers():
        related.extend(handler.listing_related)
    return related


class PaymentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*listing_related())

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        term = self.search_query
        query = Q(pk__in=Refund.objects.filter(stripe_refund_id__icontains=term).values("payment"))
        for name in self.search_fields:
            query |= Q(**{f"{name}__icontains": term})
        for handler in services.registered_handlers():
            query |= handler.search(term)
        return queryset.filter(query)

    @cached_property
    def columns(self):
        return [
            DateColumn("created_at", label="Date", sort_key="created_at"),
            Column("payer", label="Who", accessor=payer),
            inspect_title_column(
                self, "description", label="What", sort_key="description", id_prefix="payment"
            ),
            Column("amount", label="Amount", accessor="amount_display", sort_key="amount"),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                sort_key="status",
                primary=lambda payment: payment.status in Payment.SETTLED,
            ),
            Column("method", label="Method", accessor="get_method_display", sort_key="method"),
        ]

    @cached_property
    def exporters(self):
        return {key: value for key, _, value in export_columns()}

    def to_row_dict(self, item):
        return {key: self.exporters[key](item) for key in self.list_export}


# A payment's page, with the refund form


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount to refund (£)",
        min_value=decimal.Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        error_messages={"required": "Give the amount to refund, in pounds."},
    )
    reason = forms.CharField(
        label="Reason",
        max_length=255,
        help_text="Kept with the refund, for the record.",
        error_messages={"required": "Give a reason for the refund."},
    )
    # The refunds the person saw: a second press of the button (or a refund made
    # meanwhile by someone else) is refused instead of refunding twice.
    refunds_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def __init__(self, *args, payment, **kwargs):
        super().__init__(*args, **kwargs)
        self.payment = payment
        refundable = payment.refundable_amount
        self.fields["amount"].help_text = f"Up to {pounds(refundable)} can be refunded."
        self.initial.setdefault("amount", pounds_exact(refundable))
        self.initial.setdefault("refunds_seen", payment.refunds.count())

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("refunds_seen")
        if seen is not None and seen != self.payment.refunds.count():
            raise forms.ValidationError(
                "This payment's refunds changed since the page was opened: "
                "check them below before refunding again."
            )
        return cleaned

    @property
    def amount_in_pence(self):
        return pence(self.cleaned_data["amount"])


def stripe_links(payment):
    """(what, Stripe id, dashboard link) for each Stripe object the payment names."""
    links = [
        ("Payment", payment.stripe_payment_intent_id, "payments"),
        ("Invoice", payment.stripe_invoice_id, "invoices"),
        ("Subscription", payment.stripe_subscription_id, "subscriptions"),
        ("Customer", payment.stripe_customer_id, "customers"),
    ]
    return [
        {"label": label, "id": object_id, "url": stripe_api.dashboard_url(kind, object_id)}
        for label, object_id, kind in links
        if object_id
    ]


class PaymentInspectView(PermissionFirstInspectView):
    template_name = "payments/admin/payment_inspect.html"
    object_queryset = Payment.objects.select_related("user", "recorded_by")

    def get_page_subtitle(self):
        return f"{self.object.description} ({self.object.amount_display})"

    def get_amount_display_value(self):
        return self.object.amount_display

    def get_refunded_amount_display_value(self):
        return pounds(self.object.refunded_amount)

    def get_currency_display_value(self):
        return self.object.currency.upper()

    def get_livemode_display_value(self):
        return "Live" if self.object.livemode else "Test mode"

    @cached_property
    def may_refund(self):
        return may_refund(self.request.user)

    def get_fields_context(self):
        """Every field, and the buyer's record the purpose links to the payment."""
        fields = super().get_fields_context()
        handler = services.handler_for(self.object)
        if handler.reference_heading:
            buyer = handler.buyer(self.object)
            url = handler.buyer_admin_url(self.object) if buyer is not None else ""
            value = format_html('<a href="{}">{}</a>', url, buyer) if url else (buyer or "-")
            fields.append({"label": handler.reference_heading, "value": value, "component": None})
        return fields

    def get_context_data(self, refund_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        payment = self.object
        if refund_form is None and self.may_refund and payment.refundable_amount:
            refund_form = RefundForm(payment=payment)
        refunds = list(payment.refunds.select_related("requested_by"))
        for refund in refunds:
            refund.amount_display = pounds(refund.amount)
        context.update(
            {
                "payment": payment,
                "payer": payer(payment),
                "payer_email": payer_email(payment),
                "stripe_links": stripe_links(payment),
                "refunds": refunds,
                "refund_form": refund_form,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_refund:
            raise PermissionDenied
        payment = self.object
        form = RefundForm(request.POST, payment=payment)
        if form.is_valid():
            try:
                refund = services.refund(
                    payment,
                    amount=form.amount_in_pence,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except Refused as refusal:
                add_to_form(form, refusal)
            except services.RefundUnconfirmed as unconfirmed:
                form.add_error(None, str(unconfirmed))
            except StripeUnavailable:
                form.add_error(
                    None,
                    "Stripe could not be reached, so nothing was refunded. Try again in a "
                    "few minutes.",
                )
            else:
                done = (
                    "was refunded"
                    if refund.status == Refund.Status.SUCCEEDED
                    else "is being refunded"
                )
                messages.success(
                    request,
                    f"£{form.cleaned_data['amount']:,} of “{payment.description}” {done} "
                    "through Stripe.",
                )
                return redirect("payments_admin:inspect", payment.pk)
        return self.render_to_response(self.get_context_data(refund_form=form), status=400)


class PaymentViewSet(RecordViewSet):
    model = Payment
    icon = "tag"
    menu_label = "Payments"
    menu_order = 100
    url_prefix = "payments"
    add_to_admin_menu = False
    index_view_class = PaymentIndexView
    inspect_view_class = PaymentInspectView
    filterset_class = PaymentFilterSet
    search_fields = SEARCH_FIELDS
    ordering = ["-created_at", "-pk"]

    @cached_property
    def list_export(self):
        return listing_export(export_columns())[0]

    @cached_property
    def export_headings(self):
        return listing_export(export_columns())[1]

    export_filename = "payments"
    form_fields = []  # nothing is edited here


# Stripe events: the mismatches staff were alerted to


class StripeEventFilterSet(WagtailFilterSet):
    received_at = django_filters.DateFromToRangeFilter(
        label="Received", widget=DateRangePickerWidget
    )

    class Meta:
        model = StripeEvent
        fields = ["outcome", "received_at"]


class StripeEventViewSet(RecordViewSet):
    model = StripeEvent
    icon = "warning"
    menu_label = "Stripe events"
    menu_order = 200
    url_prefix = "stripe-events"
    add_to_admin_menu = False
    list_display = ["type", "stripe_id", "outcome", "detail", "received_at"]
    filterset_class = StripeEventFilterSet
    search_fields = ["stripe_id", "type", "detail"]
    ordering = ["-received_at", "-pk"]
    list_export = ["stripe_id", "type", "livemode", "outcome", "detail", "created", "received_at"]
    export_filename = "stripe-events"
    form_fields = []


payment_viewset = PaymentViewSet("payments_admin")
stripe_event_viewset = StripeEventViewSet("stripe_events")


class PaymentsViewSetGroup(ViewSetGroup):
    menu_label = "Payments"
    menu_icon = "tag"
    menu_order = 350
    items = (payment_viewset, stripe_event_viewset)
