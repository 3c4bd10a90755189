"""An organisation's contact pays the membership fee in a real browser.

A membership officer approves a community organisation's application (income £1m to
£10m: £150 a year), so it waits for the fee. The contact signs in, presses "Pay" on
the dashboard and lands on Stripe Checkout, here a local stand-in served by this
test: its "Pay" button changes Stripe's state (the fake Stripe's `complete_session`)
and sends the browser back to our return page with the session id, as Stripe does.
The test then delivers the webhooks Stripe would send, signed with the endpoint's
secret, and the contact finds the membership active, paid for a year, with the
receipt. A second organisation presses "Pay" while Stripe cannot be reached and is
told so, with nothing held. Every page of ours is checked with axe-core.
"""

import copy
import datetime
import html
import http.server
import re
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from members import services
from members.models import Membership, MembershipFees, Organisation
from network_site.models import OutboundEmail
from network_site.payments import stripe_api
from network_site.payments.models import Payment
from tests.factories import MembershipFactory, OrganisationFactory
from tests.members.membership_roles import membership_officer, verified_user
from tests.payments.fake_stripe import FakeStripe, event_body, sign_payload

from .expect import expect
from .test_event_request_journey import PASSWORD, follow, sign_in

pytestmark = pytest.mark.browser

BAND = Organisation.IncomeBand.FROM_1M_TO_10M
FEE = "£150.00"
STRIPE_DOWN = (
    "We could not reach our payment provider, so nothing was charged. "
    "Please try again in a few minutes."
)
CONFIRMED = "Thank you, your membership is active"
CONFIRMING = "We are confirming your payment"

CHECKOUT_PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Pay {organisation} (test Checkout)</title>
</head>
<body>
<main>
<h1>Pay {organisation}</h1>
<p>A stand-in for Stripe Checkout, served by the test.</p>
<p>Email: {email}</p>
<p>Amount: <strong>{amount}</strong> a year</p>
<form method="post" action="{action}">
<button type="submit">Pay {amount}</button>
</form>
</main>
</body>
</html>
"""


class CheckoutStandIn:
    """Stripe's hosted Checkout page, on 127.0.0.1 at a free port.

    GET /c/pay/<session id> shows the amount of the fake's session and a Pay button;
    POST pays it on the fake (as the buyer's card would), keeps the events Stripe
    would then send for the test to deliver, and answers 303 to the session's
    success_url with the session id filled in, as Stripe does."""

    def __init__(self, fake):
        self.fake = fake
        self.events = []
        self.paid = []
        stand_in = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                session = stand_in.session(self.path)
                if session is None:
                    return self.send_error(404)
                body = CHECKOUT_PAGE.format(
                    organisation=html.escape(stand_in.fake.account_name),
                    email=html.escape(session["customer_email"] or ""),
                    amount=f"£{session['amount_total'] / 100:.2f}",
                    action=html.escape(self.path),
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                session = stand_in.session(self.path)
                if session is None or session["status"] != "open":
                    return self.send_error(404)
                stand_in.pay(session["id"])
                self.send_response(303)
                self.send_header("Location", stand_in.fake.redirect_after_checkout(session["id"]))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/c/pay"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def session(self, path):
        session_id = path.rpartition("/")[2]
        if not path.startswith("/c/pay/") or not session_id.startswith("cs_"):
            return None
        try:
            return self.fake.get(session_id)
        except KeyError:
            return None

    def pay(self, session_id):
        already = len(self.fake.events)
        self.fake.complete_session(session_id)
        self.paid.append(session_id)
        self.events.extend(copy.deepcopy(self.fake.events[already:]))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def stripe_fake(site_content):
    """The fake Stripe under the real SDK. The live server runs in a thread of this
    process, so the module-level client reaches it too."""
    fake = FakeStripe()
    stripe_api.set_http_client(fake)
    yield fake
    stripe_api.set_http_client(None)


@pytest.fixture
def checkout(stripe_fake, settings):
    with CheckoutStandIn(stripe_fake) as stand_in:
        stripe_fake.checkout_base_url = stand_in.url
        # The policy lets forms lead to Stripe's own Checkout; here that is the stand-in.
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"].append(stand_in.url)
        settings.CONTENT_SECURITY_POLICY = policy
        yield stand_in


def organisation_contact(name, email, first_name, last_name):
    """A community organisation's contact whose application an officer has approved:
    the membership waits for the fee of its income band."""
    user = verified_user(email=email, first_name=first_name, last_name=last_name, password=PASSWORD)
    organisation = OrganisationFactory(name=name, income_band=BAND)
    application = MembershipFactory(
        user=user,
        status=Membership.Status.PENDING,
        category=Membership.Category.ORGANISATION,
        organisation=organisation,
        organisation_name=organisation.name,
        local_authority=None,
        ward="",
        fee_due=MembershipFees.load().fee_for(Membership.Category.ORGANISATION, BAND),
    )
    return application


@pytest.fixture
def applications(site_content):
    officer = membership_officer(email="olu@network.example", first_name="Olu")
    applications = (
        organisation_contact("Kirkstall Food Bank", "fatima@foodbank.example", "Fatima", "Hussain"),
        organisation_contact("Chapeltown Youth Trust", "dev@youthtrust.example", "Dev", "Mistry"),
    )
    for application in applications:
        with transaction.atomic():
            services.approve(application, officer)
        application.refresh_from_db()
        assert application.status == Membership.Status.AWAITING_PAYMENT
        assert application.fee_due_pence == 15000
    return applications


def deliver(base_url, event):
    """POST an event to the webhook as Stripe does: these exact bytes, signed."""
    body = event_body(event)
    request = urllib.request.Request(
        base_url + reverse("payments:stripe_webhook"),
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": sign_payload(body, settings.STRIPE_WEBHOOK_SECRET),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def pay_button(page):
    return page.locator("main").get_by_role("button", name=re.compile(r"^Pay £"))


def test_an_organisation_pays_its_fee_and_sees_its_membership_active(
    new_page, site_content, stripe_fake, checkout, applications, check_page
):
    base_url = site_content.url
    food_bank, youth_trust = applications
    fatima = food_bank.user
    page = new_page()

    # 1. The contact signs in and finds the fee to pay on the dashboard.
    sign_in(page, base_url, fatima.email)
    page.goto(base_url + "/members/dashboard/")
    status = page.locator("#status-title")
    expect(status).to_contain_text("Your application is approved: pay the fee to join")
    fee_section = page.locator("section", has=page.locator("#fee-title"))
    expect(fee_section).to_contain_text(f"The annual fee for your category is {FEE}")
    expect(pay_button(page)).to_have_text(f"Pay {FEE} now")
    check_page(page, "dashboard-fee-to-pay")

    # 2. "Pay" leads to Checkout (the stand-in) with our amount, one pending payment.
    follow(page, pay_button(page))
    payment = food_bank.payments.get()
    assert payment.status == Payment.Status.PENDING
    assert payment.amount == 15000
    session_id = payment.stripe_checkout_session_id
    assert page.url == f"{checkout.url}/{session_id}"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Pay {stripe_fake.account_name}")
    expect(page.locator("main")).to_contain_text(f"Amount: {FEE} a year")
    expect(page.locator("main")).to_contain_text(fatima.email)
    check_page(page, "checkout-stand-in")

    # 3. Paying there brings the contact back to our return page, which asks Stripe.
    response = follow(page, page.get_by_role("button", name=f"Pay {FEE}"))
    assert checkout.paid == [session_id]
    assert response.status == 200
    assert page.url == (base_url + reverse("members:fee_return") + f"?session_id={session_id}")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(f"^({CONFIRMED}|{CONFIRMING})$"))
    if heading.text_content().strip() == CONFIRMED:
        expect(page.locator("main")).to_contain_text(
            f"We have received {FEE} for Keep it Local Network membership, one year."
        )
        receipt = page.get_by_role("link", name="see your receipt now")
        expect(receipt).to_have_attribute("href", re.compile("^" + stripe_fake.invoice_base_url))
    else:
        expect(page.locator("main")).to_contain_text("You do not need to pay again")
    check_page(page, "fee-return")

    # 4. Stripe's webhooks arrive: the session completed and the first invoice paid,
    # among the subscription's own news; every one is accepted.
    types = [event["type"] for event in checkout.events]
    assert "checkout.session.completed" in types
    assert "invoice.paid" in types
    for event in checkout.events:
        assert deliver(base_url, event) == 200, event["type"]

    # 5. The dashboard: a member, paid for a year, the fee listed with its receipt.
    payment.refresh_from_db()
    food_bank.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert food_bank.status == Membership.Status.ACTIVE
    a_year_on = timezone.now() + datetime.timedelta(days=365)
    assert abs(food_bank.expires_at - a_year_on) < datetime.timedelta(days=2)
    assert food_bank.stripe_subscription_id == payment.stripe_subscription_id != ""
    invoice = stripe_fake.get(stripe_fake.get(session_id)["invoice"])
    assert payment.receipt_url == invoice["hosted_invoice_url"]
    assert food_bank.payments.count() == 1

    page.goto(base_url + "/members/dashboard/")
    expect(status).to_have_text("You are a member")
    expect(page.locator(".status-tag")).to_have_text("Active")
    paid_until = date_format(timezone.localtime(food_bank.expires_at), "j F Y")
    expect(fee_section).to_contain_text(f"Paid until {paid_until}.")
    expect(fee_section).to_contain_text("It renews automatically each year.")
    expect(pay_button(page)).to_have_count(0)  # nothing more to pay: no second Pay
    rows = fee_section.locator("table.fee-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Keep it Local Network membership, one year")
    expect(rows.first).to_contain_text(FEE)
    expect(rows.first).to_contain_text("Paid")
    receipt = rows.first.get_by_role("link", name=re.compile("^Receipt"))
    expect(receipt).to_have_attribute("href", invoice["hosted_invoice_url"])
    check_page(page, "dashboard-member")

    received = OutboundEmail.objects.filter(
        template="members/membership_fee_received", to=fatima.email
    )
    assert received.count() == 1
    [email] = [m for m in mail.outbox if m.subject.startswith("Thank you: your")]
    assert email.to == [fatima.email]
    assert invoice["hosted_invoice_url"] in email.body

    # 6. Another organisation presses "Pay" while Stripe cannot be reached: told so
    # on the dashboard, nothing charged and nothing left pending.
    dev_page = new_page()
    sign_in(dev_page, base_url, youth_trust.user.email)
    dev_page.goto(base_url + "/members/dashboard/")
    stripe_fake.unreachable = True
    try:
        follow(dev_page, pay_button(dev_page))
    finally:
        stripe_fake.unreachable = False
    assert dev_page.url == base_url + "/members/dashboard/"
    expect(dev_page.locator("main")).to_contain_text(STRIPE_DOWN)
    expect(pay_button(dev_page)).to_have_text(f"Pay {FEE} now")  # free to try again
    check_page(dev_page, "dashboard-stripe-down")
    youth_trust.refresh_from_db()
    assert youth_trust.status == Membership.Status.AWAITING_PAYMENT
    assert not youth_trust.payments.filter(status=Payment.Status.PENDING).exists()
    assert checkout.paid == [session_id]
