"""Membership fees from the member's side and from staff's: approval, paying
through Stripe Checkout (the real SDK over the fake Stripe), coming back, the
customer portal, the dashboard, and the waivers and offline payments staff record."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from members import services
from members.models import Membership
from network_site.payments import stripe_api
from network_site.payments.models import Payment
from tests.factories import MembershipFactory
from tests.members.membership_roles import user_in_role, verified_user

from .fees import (
    FEE_PENCE,
    deliver_all,
    fee_emails,
    offer_direct_debit,
    officer,
    organisation_member,
    press_pay,
    sent,
    started_payment,
)

pytestmark = pytest.mark.django_db

STRIPE_DOWN = "We could not reach our payment provider, so nothing was charged."


def checkout_requests(fake):
    return [r for r in fake.requests if (r.method, r.path) == ("POST", "/v1/checkout/sessions")]


def dashboard(client):
    response = client.get(reverse("members:dashboard"))
    assert response.status_code == 200
    return response.text


def dashboard_of(client, membership):
    client.force_login(membership.user)
    return dashboard(client)


# Approval


def test_approval_without_a_fee_makes_the_member_active(commit):
    application = MembershipFactory(user=verified_user(email="cllr@leeds.example"))
    with commit():
        services.approve(application, officer())
    application.refresh_from_db()
    assert application.status == Membership.Status.ACTIVE
    assert [m.subject for m in mail.outbox] == ["Welcome to Keep it Local Network"]


def test_approval_with_a_fee_waits_for_the_fee_and_says_how_to_pay(commit):
    application = organisation_member(status=Membership.Status.PENDING)
    with commit():
        services.approve(application, officer())
    application.refresh_from_db()
    assert application.status == Membership.Status.AWAITING_PAYMENT
    assert application.get_status_display() == "Approved: fee to pay"
    (email,) = mail.outbox
    assert email.to == ["fatima@foodbank.example"]
    assert email.subject == "Your application to join Keep it Local Network is approved"
    assert "£50.00" in email.body
    assert "/members/dashboard/" in email.body
    assert "by card." in email.body
    assert "Direct Debit" not in email.body
    assert not Payment.objects.exists()


def test_approval_email_offers_direct_debit_when_staff_enable_it(commit):
    offer_direct_debit()
    application = organisation_member(status=Membership.Status.PENDING)
    with commit():
        services.approve(application, officer())
    assert "by card or Bacs Direct Debit" in mail.outbox[0].body


# Paying


def test_pay_starts_one_checkout_for_our_amount_whatever_the_browser_sends(client, stripe_fake):
    membership = organisation_member()
    tampered = {
        "amount": "1",
        "price": "0.01",
        "unit_amount": "1",
        "fee_due": "0",
        "currency": "usd",
    }
    response = press_pay(client, membership, tampered)

    payment = Payment.objects.get()
    assert (payment.purpose, payment.status, payment.amount, payment.currency) == (
        "membership",
        "pending",
        FEE_PENCE,
        "gbp",
    )
    assert payment.membership_link.membership == membership
    assert payment.user == membership.user
    assert payment.description == "Keep it Local Network membership, one year"
    assert response.status_code == 302
    assert response["Location"] == payment.checkout_url
    assert response["Location"].startswith(stripe_fake.checkout_base_url)

    (sent_to_stripe,) = checkout_requests(stripe_fake)
    params = sent_to_stripe.params
    assert sent_to_stripe.idempotency_key == f"checkout-{payment.pk}"
    assert params["mode"] == "subscription"
    (item,) = params["line_items"]
    assert item["quantity"] == "1"
    assert item["price_data"]["unit_amount"] == str(FEE_PENCE)
    assert item["price_data"]["currency"] == "gbp"
    assert item["price_data"]["recurring"] == {"interval": "year"}
    assert params["metadata"]["payment_id"] == str(payment.pk)
    assert params["metadata"]["product"] == f"membership:{membership.pk}"
    assert params["customer_email"] == "fatima@foodbank.example"
    assert "customer" not in params
    assert params["success_url"] == (
        "http://testserver/members/fee/return/?session_id={CHECKOUT_SESSION_ID}"
    )
    assert params["cancel_url"] == "http://testserver/members/dashboard/"
    session = stripe_fake.get(payment.stripe_checkout_session_id)
    assert (session["amount_total"], session["currency"]) == (FEE_PENCE, "gbp")
    assert session["payment_method_types"] == ["card"]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.AWAITING_PAYMENT


@pytest.mark.parametrize(
    ("offered", "methods"), [(False, ["card"]), (True, ["card", "bacs_debit"])]
)
def test_direct_debit_is_offered_only_when_staff_enable_it(client, stripe_fake, offered, methods):
    offer_direct_debit(offered)
    payment = started_payment(client, organisation_member())
    assert stripe_fake.get(payment.stripe_checkout_session_id)["payment_method_types"] == methods


def test_pressing_pay_again_reopens_the_same_checkout(client, stripe_fake):
    membership = organisation_member()
    first = press_pay(client, membership)
    second = press_pay(client, membership)
    assert first["Location"] == second["Location"]
    assert Payment.objects.count() == 1
    assert len(checkout_requests(stripe_fake)) == 1


def test_a_fee_changed_since_the_last_checkout_ends_it_and_starts_a_new_one(client, stripe_fake):
    membership = organisation_member()
    old = started_payment(client, membership)
    Membership.objects.filter(pk=membership.pk).update(fee_due="60.00")
    new = started_payment(client, membership)
    old.refresh_from_db()
    assert new.pk != old.pk
    assert new.amount == 6000
    assert old.status == Payment.Status.EXPIRED
    assert stripe_fake.get(old.stripe_checkout_session_id)["status"] == "expired"


def test_a_lapsed_member_pays_to_rejoin_as_the_same_stripe_customer(client, stripe_fake):
    customer = stripe_api.client().v1.customers.create({"email": "fatima@foodbank.example"})
    membership = organisation_member(
        status=Membership.Status.LAPSED,
        stripe_customer_id=customer.id,
        stripe_subscription_id="sub_ended",
        expires_at=timezone.now() - datetime.timedelta(days=40),
    )
    assert "Pay £50.00 to rejoin" in dashboard_of(client, membership)
    payment = started_payment(client, membership)
    params = checkout_requests(stripe_fake)[-1].params
    assert params["customer"] == customer.id
    assert "customer_email" not in params
    assert payment.amount == FEE_PENCE


def test_stripe_unreachable_gives_a_clear_message_and_holds_nothing(client, stripe_fake):
    membership = organisation_member()
    stripe_fake.unreachable = True
    response = press_pay(client, membership)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert STRIPE_DOWN in page.text
    assert "Please try again in a few minutes." in page.text
    assert not Payment.objects.open().exists()
    assert list(Payment.objects.values_list("status", flat=True)) == ["cancelled"]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.AWAITING_PAYMENT

    # Once Stripe answers again, paying works (a new payment, a new idempotency key).
    stripe_fake.unreachable = False
    payment = started_payment(client, membership)
    assert payment.status == Payment.Status.PENDING
    assert payment.stripe_checkout_session_id


@pytest.mark.parametrize(
    ("status", "fields", "message"),
    [
        ("pending", {}, "Your application has not been decided yet"),
        ("rejected", {}, "Your membership is not open for payment"),
        ("awaiting-payment", {"fee": "0"}, "There is no fee to pay"),
        (
            "active",
            {"stripe_subscription_id": "sub_live", "stripe_customer_id": "cus_x"},
            "renews automatically",
        ),
        ("active", {"expires_at_days": 200}, "Your membership is paid until"),
    ],
)
def test_nothing_to_pay_starts_nothing(client, stripe_fake, status, fields, message):
    days = fields.pop("expires_at_days", None)
    if days:
        fields["expires_at"] = timezone.now() + datetime.timedelta(days=days)
    membership = organisation_member(status=status, **fields)
    response = press_pay(client, membership)
    assert response["Location"] == reverse("members:dashboard")
    assert message in client.get(response["Location"]).text
    assert not Payment.objects.exists()
    assert not stripe_fake.requests


def test_an_active_member_near_the_end_of_a_year_paid_offline_may_pay_online(client, stripe_fake):
    membership = organisation_member(
        status="active", expires_at=timezone.now() + datetime.timedelta(days=10)
    )
    assert started_payment(client, membership).amount == FEE_PENCE


def test_paying_needs_a_signed_in_member_and_a_post(client, stripe_fake):
    response = client.post(reverse("members:fee_pay"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    membership = organisation_member()
    client.force_login(membership.user)
    assert client.get(reverse("members:fee_pay")).status_code == 405
    no_membership = verified_user()
    client.force_login(no_membership)
    assert client.post(reverse("members:fee_pay"))["Location"] == reverse("members:dashboard")
    assert not Payment.objects.exists()


# Coming back from Checkout


def return_page(client, session_id):
    return client.get(reverse("members:fee_return"), {"session_id": session_id})


def test_return_page_confirms_the_payment_at_once(client, stripe_fake, webhook, commit):
    membership = organisation_member()
    payment = started_payment(client, membership)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)

    response = return_page(client, payment.stripe_checkout_session_id)
    assert response.status_code == 200
    assert "Thank you, your membership is active" in response.text
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert len(sent("members/membership_fee_received")) == 1

    # The webhook arrives afterwards: nothing more happens, no second email.
    deliver_all(webhook, stripe_fake.events)
    assert return_page(client, payment.stripe_checkout_session_id).status_code == 200
    assert len(sent("members/membership_fee_received")) == 1


def test_return_page_while_stripe_has_not_confirmed_yet(client, stripe_fake):
    payment = started_payment(client, organisation_member())
    response = return_page(client, payment.stripe_checkout_session_id)
    assert response.status_code == 200
    assert "We are confirming your payment" in response.text


def test_return_page_when_stripe_cannot_be_reached(client, stripe_fake):
    payment = started_payment(client, organisation_member())
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    stripe_fake.unreachable = True
    response = return_page(client, payment.stripe_checkout_session_id)
    assert response.status_code == 200
    assert "We are confirming your payment" in response.text


def test_return_page_for_a_direct_debit(client, stripe_fake):
    offer_direct_debit()
    membership = organisation_member()
    payment = started_payment(client, membership)
    stripe_fake.complete_session(
        payment.stripe_checkout_session_id, payment_method="bacs_debit", async_pending=True
    )
    response = return_page(client, payment.stripe_checkout_session_id)
    assert "Direct Debit set up: payment on its way" in response.text
    payment.refresh_from_db()
    membership.refresh_from_db()
    assert payment.status == Payment.Status.PROCESSING
    assert membership.status == Membership.Status.AWAITING_PAYMENT
    page = dashboard(client)
    assert "Direct Debit set up: payment on its way" in page
    assert reverse("members:fee_pay") not in page


@pytest.mark.parametrize("session_id", ["", "cs_test_not_ours", "nonsense"])
def test_return_page_knows_only_the_members_own_sessions(client, stripe_fake, session_id):
    client.force_login(organisation_member().user)
    assert return_page(client, session_id).status_code == 404


def test_return_page_ignores_someone_elses_session(client, stripe_fake):
    membership = organisation_member()
    payment = started_payment(client, membership)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    client.force_login(verified_user())
    assert return_page(client, payment.stripe_checkout_session_id).status_code == 404
    payment.refresh_from_db()
    membership.refresh_from_db()
    assert payment.status == Payment.Status.PENDING
    assert membership.status == Membership.Status.AWAITING_PAYMENT
    assert not [r for r in stripe_fake.requests if r.method == "GET"]


# The customer portal and the dashboard


def paid_member(client, stripe_fake, webhook):
    membership = organisation_member()
    payment = started_payment(client, membership)
    stripe_fake.complete_session(payment.stripe_checkout_session_id)
    deliver_all(webhook, stripe_fake.events)
    membership.refresh_from_db()
    payment.refresh_from_db()
    return membership, payment


def test_portal_opens_stripes_page_for_the_members_customer(client, stripe_fake, webhook):
    membership, _ = paid_member(client, stripe_fake, webhook)
    response = client.post(reverse("members:fee_portal"))
    assert response.status_code == 302
    assert response["Location"].startswith(stripe_fake.portal_base_url)
    request = stripe_fake.requests[-1]
    assert request.path == "/v1/billing_portal/sessions"
    assert request.params == {
        "customer": membership.stripe_customer_id,
        "return_url": "http://testserver/members/dashboard/",
    }


def test_portal_without_a_stripe_customer(client, stripe_fake):
    client.force_login(organisation_member().user)
    response = client.post(reverse("members:fee_portal"), follow=True)
    assert "You have no card or Direct Debit with us to manage." in response.text
    assert not stripe_fake.requests


def test_portal_when_stripe_cannot_be_reached(client, stripe_fake, webhook):
    paid_member(client, stripe_fake, webhook)
    stripe_fake.unreachable = True
    response = client.post(reverse("members:fee_portal"), follow=True)
    assert response.status_code == 200
    assert "We could not reach our payment provider" in response.text
    assert client.get(reverse("members:fee_portal")).status_code == 405


def test_dashboard_before_paying_offers_the_pay_button(client):
    client.force_login(organisation_member().user)
    page = dashboard(client)
    assert "pay the fee to join" in page
    assert f'<form method="post" action="{reverse("members:fee_pay")}">' in page
    assert "Pay £50.00 now" in page
    assert "Manage your card" not in page
    assert "Your payments" not in page
    # No price field for the browser to tamper with.
    assert 'name="amount"' not in page


def test_dashboard_of_a_free_member_says_nothing_about_paying(client):
    membership = MembershipFactory(
        status="active", expires_at=timezone.now() + datetime.timedelta(days=90)
    )
    page = dashboard_of(client, membership)
    assert "No fee." in page
    assert "Your membership fee" not in page
    assert reverse("members:fee_pay") not in page


def test_dashboard_after_paying_lists_the_payment_with_its_receipt(client, stripe_fake, webhook):
    membership, payment = paid_member(client, stripe_fake, webhook)
    page = dashboard(client)
    assert "You are a member" in page
    paid_until = date_format(timezone.localtime(membership.expires_at), "j F Y")
    assert f"Paid until <strong>{paid_until}</strong>" in page
    assert "It renews automatically each year." in page
    assert "Manage your card and see receipts" in page
    assert reverse("members:fee_pay") not in page
    assert "<caption>Your payments</caption>" in page
    assert "<td>Keep it Local Network membership, one year</td>" in page
    assert "<td>£50.00</td>" in page
    assert "<td>Paid</td>" in page
    assert payment.receipt_url.startswith(stripe_fake.invoice_base_url)
    assert f'<a href="{payment.receipt_url}">Receipt' in page


def test_dashboard_hides_checkouts_that_were_never_finished(client, stripe_fake):
    membership = organisation_member()
    started_payment(client, membership)
    stripe_fake.unreachable = True
    Membership.objects.filter(pk=membership.pk).update(fee_due="70.00")
    press_pay(client, membership)
    assert "Your payments" not in dashboard(client)


# Staff: waivers and offline payments


def waive_url(membership):
    return reverse("memberships:waive_fee", args=[membership.pk])


def record_url(membership):
    return reverse("memberships:record_payment", args=[membership.pk])


def test_officer_sees_the_fee_actions_and_history_on_the_membership(client):
    membership = organisation_member()
    client.force_login(officer())
    page = client.get(reverse("memberships:inspect", args=[membership.pk]))
    assert page.status_code == 200
    assert waive_url(membership) in page.text
    assert record_url(membership) in page.text
    assert "Annual fee £50.00: approved: fee to pay." in page.text
    assert "No fee payments yet." in page.text


def test_officer_waives_this_years_fee(client):
    membership = organisation_member()
    staff = officer()
    client.force_login(staff)
    assert client.get(waive_url(membership)).status_code == 200
    before = timezone.now()
    response = client.post(waive_url(membership), {"reason": "  Hardship: a small new group.  "})
    assert response.status_code == 302
    assert response["Location"] == reverse("memberships:inspect", args=[membership.pk])

    payment = Payment.objects.get()
    assert (payment.status, payment.method, payment.amount) == ("waived", "waived", FEE_PENCE)
    assert payment.recorded_by == staff
    assert payment.note == "Hardship: a small new group."
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    year = membership.expires_at - before
    assert datetime.timedelta(days=365) <= year < datetime.timedelta(days=367)
    assert payment.period_end == membership.expires_at
    assert fee_emails() == [("members/membership_fee_waived", "fatima@foodbank.example")]

    history = client.get(response["Location"]).text
    assert "Waived by staff" in history
    assert "Hardship: a small new group." in history
    assert str(staff) in history


def test_a_waiver_ends_the_checkout_the_member_left_open(client, stripe_fake, commit):
    membership = organisation_member()
    checkout = started_payment(client, membership)
    client.force_login(officer())
    with commit():
        client.post(waive_url(membership), {"reason": "Paid by their council this year."})
    checkout.refresh_from_db()
    assert checkout.status == Payment.Status.EXPIRED
    assert stripe_fake.get(checkout.stripe_checkout_session_id)["status"] == "expired"
    assert Payment.objects.get(status="waived").membership_link.membership == membership


def test_officer_records_a_bank_transfer_from_the_end_of_the_year_paid(client):
    paid_until = timezone.now() + datetime.timedelta(days=20)
    membership = organisation_member(status="active", expires_at=paid_until)
    staff = officer()
    client.force_login(staff)
    received = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(
        record_url(membership),
        {
            "method": "bank-transfer",
            "reference": "KLN-2026-041",
            "received_on": received.isoformat(),
        },
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.status, payment.method, payment.amount) == ("paid", "offline", FEE_PENCE)
    assert payment.recorded_by == staff
    assert "Bank transfer (BACS)" in payment.note
    assert "KLN-2026-041" in payment.note
    assert timezone.localtime(payment.paid_at).date() == received
    assert payment.refundable_amount == 0
    membership.refresh_from_db()
    assert membership.expires_at.date() == paid_until.replace(year=paid_until.year + 1).date()
    (email,) = sent("members/membership_fee_received")
    assert "KLN-2026-041" in email.body_text
    page = dashboard_of(client, membership)
    assert "<td>£50.00</td>" in page
    assert ">Receipt<span" not in page
    assert "No receipt" in page


def recorded(**bad):
    """What staff send to record a fee paid offline: a good invoice payment but for
    ``bad`` (a value of None leaves the field out)."""
    data = {"method": "invoice", "reference": "INV-1", "received_on": "2026-01-05", **bad}
    return {field: value for field, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("url", "data", "field", "error"),
    [
        (waive_url, {"reason": "   "}, "reason", "Give a reason for waiving the fee."),
        (record_url, recorded(method=None), "method", "Choose how the fee was paid."),
        (record_url, recorded(reference=""), "reference", "Give the invoice number or"),
        (record_url, recorded(method="cheque"), "method", "Select a valid choice."),
        (record_url, recorded(received_on="31/02/2026"), "received_on", "Enter a real date"),
        (record_url, recorded(received_on="2999-01-01"), "received_on", "cannot be in the future"),
    ],
)
def test_bad_staff_input_is_shown_beside_the_field_and_saves_nothing(
    client, url, data, field, error
):
    membership = organisation_member()
    client.force_login(officer())
    response = client.post(url(membership), data)
    assert response.status_code == 400
    assert error in " ".join(response.context["form"].errors[field])
    assert error in response.text
    assert not Payment.objects.exists()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.AWAITING_PAYMENT
    assert not fee_emails()


def test_staff_cannot_record_a_fee_beside_a_live_subscription(client):
    membership = organisation_member(
        status="active", stripe_subscription_id="sub_live", stripe_customer_id="cus_live"
    )
    client.force_login(officer())
    page = client.get(waive_url(membership))
    assert "Cancel it in Stripe first" in page.text
    response = client.post(waive_url(membership), {"reason": "Kindness"})
    assert response.status_code == 400
    assert "Cancel it in Stripe first" in response.text
    assert not Payment.objects.exists()
    inspect = client.get(reverse("memberships:inspect", args=[membership.pk])).text
    assert waive_url(membership) not in inspect


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
def test_only_membership_officers_record_fees(client, role):
    membership = organisation_member()
    person = user_in_role(role)
    if person:
        client.force_login(person)
    for url, data in [
        (waive_url(membership), {"reason": "Because"}),
        (
            record_url(membership),
            {"method": "invoice", "reference": "INV-1", "received_on": "2026-01-05"},
        ),
    ]:
        response = client.post(url, data)
        # Refused: a 403, or a redirect (to sign in, or to the admin's dashboard).
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(("/admin/login", "/accounts/login", "/admin/"))
            assert not response["Location"].startswith("/admin/memberships/")
    assert not Payment.objects.exists()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.AWAITING_PAYMENT
