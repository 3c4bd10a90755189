"""Payments in the admin: who sees them, the listing's filters, search and export,
a payment's page with its Stripe links and refunds, and refunding through Stripe
(through the real SDK, over the fake)."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from network_site.payments import services, stripe_api
from network_site.payments.models import Payment, Refund, StripeEvent
from network_site.refusals import Refused
from tests.exports import csv_records, xlsx_sheet
from tests.factories import UserFactory
from tests.members.membership_roles import admin_refused, assert_reads, sign_in, verified_user
from tests.query_counts import assert_listing_queries_flat

from .sales import fee, paid_event, records, ticket

pytestmark = pytest.mark.django_db

Status = Payment.Status
LONDON = ZoneInfo("Europe/London")
LISTING = "/admin/payments/"
STRIPE_EVENTS = "/admin/stripe-events/"


def inspect_url(payment):
    return f"{LISTING}inspect/{payment.pk}/"


# People


ROLES = ["anonymous", "member", "staff", "officer", "manager", "superuser"]
ALLOWED = {"officer", "manager", "superuser"}


def refused(response):
    return admin_refused(response, LISTING)


# Payments, made through Checkout in the fake


def paid(fake, payment):
    fake.complete_session(payment.stripe_checkout_session_id)
    services.sync_session(payment.stripe_checkout_session_id)
    payment.refresh_from_db()
    return payment


@pytest.fixture
def event(home_page):
    return paid_event(home_page)


@pytest.fixture
def ticket_paid(stripe_fake, event):
    return paid(
        stripe_fake, ticket(event, user=UserFactory(first_name="Tariq", last_name="Ticket"))
    )


@pytest.fixture
def fee_paid(stripe_fake):
    payment = paid(
        stripe_fake,
        fee(user__first_name="Fiona", user__last_name="Fee", user__email="fiona@council.example"),
    )
    services.sync_invoice(stripe_fake.get(payment.stripe_checkout_session_id)["invoice"])
    payment.refresh_from_db()
    return payment


@pytest.fixture
def ticket_waiting(stripe_fake, event):
    waiting = UserFactory(first_name="Wendy", last_name="Waiting", email="wendy@example.org")
    return ticket(event, user=waiting)


# Who may see what


@pytest.mark.parametrize("role", ROLES)
def test_listing_and_payment_page_by_role(client, ticket_paid, role):
    sign_in(client, role)
    urls = [LISTING, inspect_url(ticket_paid), f"{LISTING}?export=csv", STRIPE_EVENTS]
    assert_reads(client, urls, allowed=role in ALLOWED, refused=refused)
    if role in ALLOWED:
        assert inspect_url(ticket_paid) in client.get(LISTING).content.decode()


@pytest.mark.parametrize("role", sorted(set(ROLES) - ALLOWED))
def test_every_view_by_id_refuses_everyone_else(client, ticket_paid, role):
    sign_in(client, role)
    before = records()
    for url in [
        inspect_url(ticket_paid),
        f"{LISTING}edit/{ticket_paid.pk}/",
        f"{LISTING}delete/{ticket_paid.pk}/",
        f"{LISTING}history/{ticket_paid.pk}/",
        f"{LISTING}usage/{ticket_paid.pk}/",
    ]:
        assert refused(client.get(url)), url
        assert refused(client.post(url, {"amount": "12.50", "reason": "Asked"})), url
    assert refused(client.get(f"{LISTING}inspect/987654/"))
    assert records() == before


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_payments_are_never_added_edited_or_deleted_in_the_admin(client, ticket_paid, role):
    sign_in(client, role)
    before = records()
    assert refused(client.get(f"{LISTING}new/"))
    assert refused(client.post(f"{LISTING}new/", {"amount": "1", "description": "Made up"}))
    assert refused(client.post(f"{LISTING}edit/{ticket_paid.pk}/", {"amount": "1"}))
    assert refused(client.post(f"{LISTING}delete/{ticket_paid.pk}/"))
    assert client.get(f"{LISTING}copy/{ticket_paid.pk}/").status_code == 404
    html = client.get(inspect_url(ticket_paid)).content.decode()
    assert f"{LISTING}edit/" not in html
    assert f"{LISTING}delete/" not in html
    assert records() == before


def test_the_payments_menu(officer_client):
    html = officer_client.get("/admin/").content.decode()
    assert LISTING in html
    assert STRIPE_EVENTS in html


# The listing


def listed(response):
    assert response.status_code == 200
    return [payment.pk for payment in response.context["object_list"]]


def test_listing_newest_first_with_its_columns(officer_client, ticket_paid, fee_paid):
    Payment.objects.filter(pk=ticket_paid.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    response = officer_client.get(LISTING)
    assert listed(response) == [fee_paid.pk, ticket_paid.pk]
    html = response.content.decode()
    for text in [
        "Tariq Ticket",
        "Fiona Fee",
        "Keeping care local: ticket",
        "£12.50",
        "£60.00",
        "Paid",
        "Card",
        inspect_url(ticket_paid),
    ]:
        assert text in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"purpose": "ticket"}, {"ticket", "waiting"}),
        ({"purpose": "membership"}, {"fee"}),
        ({"status": "paid"}, {"ticket", "fee"}),
        ({"status": "pending"}, {"waiting"}),
        ({"method": "card"}, {"ticket", "fee"}),
        ({"livemode": "false"}, {"ticket", "fee", "waiting"}),
        ({"livemode": "true"}, set()),
        ({"q": "fiona@council"}, {"fee"}),
        ({"q": "care local"}, {"ticket", "waiting"}),
        ({"q": "Wendy"}, {"waiting"}),
    ],
)
def test_filters_and_search(officer_client, ticket_paid, fee_paid, ticket_waiting, query, expected):
    payments = {"ticket": ticket_paid, "fee": fee_paid, "waiting": ticket_waiting}
    assert set(listed(officer_client.get(LISTING, query))) == {
        payments[name].pk for name in expected
    }


def test_search_by_any_stripe_id(officer_client, stripe_fake, ticket_paid, fee_paid):
    services.refund(ticket_paid, amount=250, reason="Came late")
    refund_id = Refund.objects.get().stripe_refund_id
    for stripe_id, payment in [
        (ticket_paid.stripe_checkout_session_id, ticket_paid),
        (ticket_paid.stripe_payment_intent_id, ticket_paid),
        (refund_id, ticket_paid),
        (fee_paid.stripe_subscription_id, fee_paid),
        (fee_paid.stripe_customer_id, fee_paid),
        (fee_paid.stripe_invoice_id, fee_paid),
    ]:
        assert stripe_id
        assert listed(officer_client.get(LISTING, {"q": stripe_id})) == [payment.pk], stripe_id


def test_filter_by_date_created(officer_client, ticket_paid, fee_paid):
    Payment.objects.filter(pk=ticket_paid.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    week_ago = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert listed(officer_client.get(LISTING, {"created_at_from": week_ago})) == [fee_paid.pk]
    assert listed(officer_client.get(LISTING, {"created_at_to": week_ago})) == [ticket_paid.pk]


def test_listing_queries_do_not_grow_with_payments(officer_client, stripe_fake, event):
    def add(n):
        paid(stripe_fake, ticket(event))

    assert_listing_queries_flat(officer_client, LISTING, add, few=1, more=6)


# Export


def export_rows(client, **query):
    return csv_records(client.get(LISTING, {"export": "csv", **query}))


def test_export_has_pounds_every_id_and_london_times(officer_client, ticket_paid, fee_paid):
    services.refund(ticket_paid, amount=250, reason="Came late")
    ticket_paid.refresh_from_db()
    rows = {int(row["Payment"]): row for row in export_rows(officer_client)}
    assert set(rows) == {ticket_paid.pk, fee_paid.pk}
    ticket_row, fee_row = rows[ticket_paid.pk], rows[fee_paid.pk]
    assert ticket_row["Amount (£)"] == "12.50"
    assert ticket_row["Refunded (£)"] == "2.50"
    assert ticket_row["Status"] == "Partly refunded"
    assert ticket_row["Who"] == "Tariq Ticket"
    assert ticket_row["Email"] == ticket_paid.user.email
    assert ticket_row["Stripe payment intent"] == ticket_paid.stripe_payment_intent_id
    assert ticket_row["Stripe Checkout Session"] == ticket_paid.stripe_checkout_session_id
    assert ticket_row["Created (London time)"] == str(
        timezone.make_naive(ticket_paid.created_at, LONDON)
    )
    assert ticket_row["Paid (London time)"] == str(timezone.make_naive(ticket_paid.paid_at, LONDON))
    assert fee_row["Amount (£)"] == "60.00"
    assert fee_row["Purpose"] == "Membership fee"
    assert fee_row["Stripe subscription"] == fee_paid.stripe_subscription_id
    assert fee_row["Stripe customer"] == fee_paid.stripe_customer_id
    assert fee_row["Stripe invoice"] == fee_paid.stripe_invoice_id
    assert fee_row["Membership"] == str(fee_paid.membership_link.membership_id)
    assert fee_row["Live mode"] == "no"


def test_export_follows_the_filters_and_comes_as_xlsx(officer_client, ticket_paid, fee_paid):
    assert [row["Payment"] for row in export_rows(officer_client, purpose="membership")] == [
        str(fee_paid.pk)
    ]
    response = officer_client.get(LISTING, {"export": "xlsx"})
    assert response["Content-Disposition"].endswith('payments.xlsx"')
    sheet = xlsx_sheet(response)
    assert sheet.max_row == 3
    headings = [cell.value for cell in sheet[1]]
    amounts = {row[headings.index("Amount (£)")] for row in sheet.iter_rows(2, values_only=True)}
    assert amounts == {12.5, 60}
    assert "Stripe subscription" in headings


# A payment's page


def test_payment_page_shows_every_field_and_stripe_test_links(officer_client, fee_paid):
    html = officer_client.get(inspect_url(fee_paid)).content.decode()
    for kind, object_id in [
        ("subscriptions", fee_paid.stripe_subscription_id),
        ("customers", fee_paid.stripe_customer_id),
        ("invoices", fee_paid.stripe_invoice_id),
    ]:
        assert f'href="https://dashboard.stripe.com/test/{kind}/{object_id}"' in html
    for text in ["Fiona Fee", "£60.00", "Membership fee", "Test mode", "Period end"]:
        assert text in html


def test_ticket_page_links_its_payment_and_lists_refunds(officer_client, ticket_paid):
    services.refund(ticket_paid, amount=250, reason="Came late")
    html = officer_client.get(inspect_url(ticket_paid)).content.decode()
    intent = ticket_paid.stripe_payment_intent_id
    assert f'href="https://dashboard.stripe.com/test/payments/{intent}"' in html
    assert "£2.50" in html
    assert "Came late" in html
    assert Refund.objects.get().stripe_refund_id in html


# Refunds from the admin


def refund_requests(fake):
    return [r for r in fake.requests if r.method == "POST" and r.path == "/v1/refunds"]


def test_a_partial_refund(officer_client, stripe_fake, ticket_paid):
    page = officer_client.get(inspect_url(ticket_paid))
    form = page.context["refund_form"]
    assert form["amount"].value() == Decimal("12.50")

    response = officer_client.post(
        inspect_url(ticket_paid), {"amount": "4.50", "reason": "Left early", "refunds_seen": 0}
    )

    assert response.status_code == 302
    assert response["Location"] == inspect_url(ticket_paid)
    refund = Refund.objects.get()
    assert (refund.amount, refund.reason) == (450, "Left early")
    assert refund.requested_by.groups.filter(name="Membership officers").exists()
    (request,) = refund_requests(stripe_fake)
    assert request.idempotency_key == f"refund-{refund.pk}"
    assert request.params["amount"] == "450"
    assert stripe_fake.get(refund.stripe_refund_id)["amount"] == 450
    ticket_paid.refresh_from_db()
    assert ticket_paid.status == Status.PARTLY_REFUNDED
    assert ticket_paid.refunded_amount == 450
    page = officer_client.get(inspect_url(ticket_paid))
    assert "£4.50 of “Keeping care local: ticket” was refunded through Stripe." in (
        page.content.decode()
    )
    assert page.context["refund_form"]["amount"].value() == Decimal("8.00")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "12.51", "reason": "Too much"}, "amount", "Up to £12.50"),
        ({"amount": "0", "reason": "Nothing"}, "amount", "greater than or equal to 0.01"),
        ({"amount": "-3", "reason": "Less"}, "amount", "greater than or equal to 0.01"),
        ({"amount": "ten", "reason": "Words"}, "amount", "Enter a number"),
        ({"amount": "1.234", "reason": "Fractions"}, "amount", "2 decimal places"),
        ({"amount": "5", "reason": "   "}, "reason", "Give a reason"),
        ({"amount": "5"}, "reason", "Give a reason"),
        ({"reason": "No amount"}, "amount", "Give the amount"),
    ],
)
def test_a_bad_refund_is_refused_beside_the_field(
    officer_client, stripe_fake, ticket_paid, data, field, message
):
    before = records()
    response = officer_client.post(inspect_url(ticket_paid), {"refunds_seen": 0, **data})
    assert response.status_code == 400
    form = response.context["refund_form"]
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert records() == before
    assert refund_requests(stripe_fake) == []


def test_a_second_press_of_the_button_refunds_nothing_more(
    officer_client, stripe_fake, ticket_paid
):
    data = {"amount": "2.00", "reason": "Left early", "refunds_seen": 0}
    assert officer_client.post(inspect_url(ticket_paid), data).status_code == 302
    after_first = records()
    response = officer_client.post(inspect_url(ticket_paid), data)
    assert response.status_code == 400
    assert "refunds changed since the page was opened" in response.content.decode()
    assert records() == after_first
    assert len(refund_requests(stripe_fake)) == 1


def stripe_refunds(payment):
    """The refunds Stripe holds for the payment (asked through the SDK)."""
    found = stripe_api.client().v1.refunds.list(
        {"payment_intent": payment.stripe_payment_intent_id}
    )
    return found["data"]


def test_a_refund_stripe_never_answered_is_kept_and_finished_by_the_retry(
    officer_client, stripe_fake, ticket_paid
):
    data = {"amount": "12.50", "reason": "Cancelled", "refunds_seen": 0}
    stripe_fake.unreachable = True
    response = officer_client.post(inspect_url(ticket_paid), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Stripe did not confirm the refund of £12.50" in html
    # Kept, key and all: Stripe may have made it.
    kept = Refund.objects.get()
    assert (kept.amount, kept.status, kept.stripe_refund_id) == (1250, "pending", None)

    stripe_fake.unreachable = False
    response = officer_client.post(inspect_url(ticket_paid), {**data, "refunds_seen": 1})
    assert response.status_code == 302
    assert Refund.objects.get().stripe_refund_id == stripe_refunds(ticket_paid)[0]["id"]
    assert len(stripe_refunds(ticket_paid)) == 1
    ticket_paid.refresh_from_db()
    assert ticket_paid.status == Status.REFUNDED


def test_a_refund_stripe_made_but_whose_answer_was_lost_is_not_made_twice(stripe_fake, ticket_paid):
    # Stripe accepts the refund, then the connection drops before its answer arrives.
    stripe_fake.drop_next(method="POST", path="/v1/refunds")
    with pytest.raises(services.RefundUnconfirmed):
        services.refund(ticket_paid, amount=500, reason="Left early")
    assert len(stripe_refunds(ticket_paid)) == 1
    assert Refund.objects.get().stripe_refund_id is None

    refund = services.refund(ticket_paid, amount=500, reason="Left early")

    # The retry found Stripe's refund (its metadata names our row) and made no new one,
    # so it holds even once Stripe has forgotten the idempotency key (after 24 hours).
    (made,) = stripe_refunds(ticket_paid)
    assert refund.stripe_refund_id == made["id"]
    assert len(refund_requests(stripe_fake)) == 1
    ticket_paid.refresh_from_db()
    assert (ticket_paid.status, ticket_paid.refunded_amount) == (Status.PARTLY_REFUNDED, 500)


def test_while_a_refund_is_unconfirmed_another_amount_is_refused(stripe_fake, ticket_paid):
    stripe_fake.drop_next(method="POST", path="/v1/refunds")
    with pytest.raises(services.RefundUnconfirmed):
        services.refund(ticket_paid, amount=500)
    with pytest.raises(Refused) as refusal:
        services.refund(ticket_paid, amount=700)
    assert refusal.value.field == "amount"
    assert "£5.00 of this payment is waiting for Stripe's confirmation" in refusal.value.message
    assert len(stripe_refunds(ticket_paid)) == 1


def test_a_refund_stripe_refused_is_forgotten(stripe_fake, ticket_paid):
    stripe_fake.fail_next(400, method="POST", path="/v1/refunds", message="Charge is disputed.")
    with pytest.raises(services.StripeRefused):
        services.refund(ticket_paid, amount=500)
    assert not Refund.objects.exists()
    assert stripe_refunds(ticket_paid) == []
    # Nothing blocks a later refund.
    assert services.refund(ticket_paid, amount=500).stripe_refund_id


def test_nothing_refundable_offers_no_form(officer_client, ticket_waiting):
    response = officer_client.get(inspect_url(ticket_waiting))
    assert response.context["refund_form"] is None
    response = officer_client.post(
        inspect_url(ticket_waiting), {"amount": "1.00", "reason": "Why", "refunds_seen": 0}
    )
    assert response.status_code == 400
    assert "Nothing of this payment can be refunded." in response.content.decode()
    assert not Refund.objects.exists()


def test_staff_who_may_only_see_payments_cannot_refund(client, stripe_fake, ticket_paid):
    viewer = verified_user(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_payment"),
    )
    client.force_login(viewer)
    page = client.get(inspect_url(ticket_paid))
    assert page.status_code == 200
    assert page.context["refund_form"] is None
    assert "Refund through Stripe" not in page.content.decode()
    before = records()
    response = client.post(
        inspect_url(ticket_paid), {"amount": "12.50", "reason": "Mine", "refunds_seen": 0}
    )
    assert refused(response)
    assert records() == before
    assert refund_requests(stripe_fake) == []


# Stripe events that did not match


def test_stripe_events_listing_shows_the_mismatches(officer_client):
    StripeEvent.objects.create(
        stripe_id="evt_mismatch",
        type="checkout.session.completed",
        created=timezone.now(),
        outcome=StripeEvent.Outcome.MISMATCH,
        detail="Checkout Session cs_1 for payment 3 is for 999 pence, not 1250.",
    )
    StripeEvent.objects.create(
        stripe_id="evt_fine",
        type="invoice.paid",
        created=timezone.now(),
        outcome=StripeEvent.Outcome.APPLIED,
    )
    response = officer_client.get(STRIPE_EVENTS, {"outcome": "mismatch"})
    assert [event.stripe_id for event in response.context["object_list"]] == ["evt_mismatch"]
    assert "999 pence, not 1250" in response.content.decode()
    assert refused(officer_client.get(f"{STRIPE_EVENTS}new/"))
