"""The Stripe test double, driven through the real SDK: what the app's payment tests
rely on it to do the way Stripe does."""

import json
import time

import pytest
import stripe

from tests.payments.fake_stripe import (
    API_VERSION,
    PAYLOADS,
    FakeStripe,
    event_body,
    load_payload,
    parse_params,
    sign_payload,
)

NOW = 1_800_000_000  # a fixed clock: 2027-01-15
YEAR_2027 = 365 * 24 * 60 * 60
SECRET = "whsec_test_secret"


@pytest.fixture
def fake():
    return FakeStripe(clock=NOW)


@pytest.fixture
def client(fake):
    return stripe.StripeClient("sk_test_fake", http_client=fake)


def line_item(unit_amount, name, *, quantity=1, interval=None):
    price_data = {"currency": "gbp", "unit_amount": unit_amount, "product_data": {"name": name}}
    if interval:
        price_data["recurring"] = {"interval": interval}
    return {"price_data": price_data, "quantity": quantity}


def ticket_params(**overrides):
    params = {
        "mode": "payment",
        "line_items": [line_item(1500, "Ticket: Keeping services local", quantity=2)],
        "metadata": {"payment_id": "7"},
        "payment_intent_data": {"metadata": {"payment_id": "7"}},
        "customer_email": "buyer@example.org",
        "client_reference_id": "7",
        "success_url": "https://site.test/paid/?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://site.test/events/x/",
        "expires_at": NOW + 30 * 60,
        "allowed_payment_method_types": ["card"],
    }
    return params | overrides


def membership_params(**overrides):
    params = {
        "mode": "subscription",
        "line_items": [line_item(12000, "Annual membership", interval="year")],
        "metadata": {"payment_id": "9"},
        "subscription_data": {"metadata": {"payment_id": "9", "membership_id": "3"}},
        "customer_email": "treasurer@example.org",
        "success_url": "https://site.test/members/dashboard/",
        "cancel_url": "https://site.test/members/dashboard/",
    }
    return params | overrides


def test_form_encoding_is_parsed_into_nested_data():
    encoded = (
        "line_items[0][price_data][recurring][interval]=year&line_items[0][quantity]=1"
        "&metadata[payment_id]=7&metadata[0]=zero&expand[0]=subscription&expand[1]=invoice"
        "&created[gte]=5&flag=true"
    )
    assert parse_params(encoded) == {
        "line_items": [{"price_data": {"recurring": {"interval": "year"}}, "quantity": "1"}],
        "metadata": {"payment_id": "7", "0": "zero"},
        "expand": ["subscription", "invoice"],
        "created": {"gte": "5"},
        "flag": "true",
    }
    assert parse_params("expand[]=a&expand[]=b") == {"expand": ["a", "b"]}


def test_a_checkout_session_is_created_and_read_back(client, fake):
    session = client.v1.checkout.sessions.create(params=ticket_params())

    assert session.id.startswith("cs_test_")
    assert session.object == "checkout.session"
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert (session.amount_total, session.currency) == (3000, "gbp")
    assert session.url == f"https://checkout.stripe.test/c/pay/{session.id}"
    assert session.expires_at == NOW + 30 * 60
    assert session.metadata.to_dict() == {"payment_id": "7"}
    assert session.livemode is False
    assert session.payment_intent is None  # made when the buyer pays

    fake.checkout_base_url = "http://localhost:8001/checkout"
    again = client.v1.checkout.sessions.create(params=ticket_params())
    assert again.url == f"http://localhost:8001/checkout/{again.id}"

    read = client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["line_items"]})
    assert read.client_reference_id == "7"
    [item] = read.line_items.data
    assert (item.quantity, item.amount_total, item.price.unit_amount) == (2, 3000, 1500)
    assert item.price.product.startswith("prod_")
    assert "line_items" not in client.v1.checkout.sessions.retrieve(session.id)

    items = client.v1.checkout.sessions.line_items.list(session.id)
    assert [i.id for i in items.data] == [item.id]


def test_subscription_sessions_keep_recurring_prices_and_subscription_metadata(client, fake):
    session = client.v1.checkout.sessions.create(
        params=membership_params(allowed_payment_method_types=["card", "bacs_debit"])
    )

    [item] = client.v1.checkout.sessions.line_items.list(session.id).data
    assert item.price.recurring.interval == "year"
    assert item.price.type == "recurring"
    assert session.payment_method_types == ["card", "bacs_debit"]
    extra = fake._session_extra[session.id]
    assert extra["subscription_data"]["metadata"] == {"payment_id": "9", "membership_id": "3"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (ticket_params(payment_method_types=["card"]), "unknown parameter: payment_method_types"),
        (ticket_params(metadata={"a": "b"}, line_items=[]), "Missing required param: line_items"),
        (ticket_params(expires_at=NOW + 600), "at least 30 minutes"),
        (ticket_params(expires_at=NOW + 2 * 86400), "less than 24 hours"),
        (ticket_params(customer="cus_missing"), "only specify one of"),
        (ticket_params(subscription_data={"metadata": {"a": "b"}}), "in `payment` mode"),
        (membership_params(payment_intent_data={"metadata": {"a": "b"}}), "in `subscription` mode"),
        (
            ticket_params(line_items=[{"price_data": {"currency": "gbp", "unit_amount": 10}}]),
            "quantity",
        ),
        (ticket_params(line_items=[line_item(10, "Too cheap")]), "at least £0.30"),
        (
            membership_params(line_items=[line_item(100, "One-off")]),
            "at least one recurring price",
        ),
        (
            ticket_params(line_items=[line_item(100, "Yearly", interval="year")]),
            "passed a recurring price",
        ),
        (ticket_params(line_items=[{"price": "price_nope", "quantity": 1}]), "No such price"),
        (ticket_params(after_expiration={"recovery": {"enabled": True}}), "does not model"),
    ],
)
def test_session_parameters_stripe_would_refuse_get_its_400(client, params, message):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.create(params=params)

    assert refused.value.http_status == 400
    assert message in refused.value.user_message


def test_unknown_nested_parameters_are_named_in_stripe_notation(client):
    params = ticket_params()
    params["line_items"][0]["price_data"]["colour"] = "red"

    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.create(params=params)

    assert refused.value.code == "parameter_unknown"
    assert refused.value.param == "line_items[0][price_data][colour]"


def test_a_missing_object_is_a_404_resource_missing(client):
    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.checkout.sessions.retrieve("cs_test_nope")

    assert missing.value.http_status == 404
    assert missing.value.code == "resource_missing"
    assert "No such checkout.session: 'cs_test_nope'" in missing.value.user_message

    with pytest.raises(stripe.InvalidRequestError):
        client.v1.subscriptions.retrieve("cs_test_nope")


def test_an_unknown_endpoint_is_a_404(client):
    with pytest.raises(stripe.InvalidRequestError, match="Unrecognized request URL"):
        client.raw_request("get", "/v1/nothing_here")


def test_only_test_mode_keys_are_accepted(fake):
    live = stripe.StripeClient("sk_live_1234567890abcd", http_client=fake)

    with pytest.raises(stripe.AuthenticationError):
        live.v1.checkout.sessions.list()


def test_sessions_are_listed_newest_first_with_filters_and_pages(client, fake):
    made = []
    for step in range(5):
        fake.clock = NOW + step * 60
        params = ticket_params(expires_at=fake.now() + 3600)
        made.append(client.v1.checkout.sessions.create(params=params).id)
    fake.expire_session(made[0])

    page = client.v1.checkout.sessions.list(params={"limit": 2})
    assert [s.id for s in page.data] == [made[4], made[3]]
    assert page.has_more is True
    following = client.v1.checkout.sessions.list(params={"limit": 2, "starting_after": made[3]})
    assert [s.id for s in following.data] == [made[2], made[1]]
    before = client.v1.checkout.sessions.list(params={"limit": 2, "ending_before": made[1]})
    assert [s.id for s in before.data] == [made[3], made[2]]

    recent = client.v1.checkout.sessions.list(params={"created": {"gte": NOW + 120}})
    assert [s.id for s in recent.auto_paging_iter()] == [made[4], made[3], made[2]]
    everything = client.v1.checkout.sessions.list(params={"limit": 1})
    assert [s.id for s in everything.auto_paging_iter()] == made[::-1]

    expired = client.v1.checkout.sessions.list(params={"status": "expired"})
    assert [s.id for s in expired.data] == [made[0]]

    with pytest.raises(stripe.InvalidRequestError):
        client.v1.checkout.sessions.list(params={"limit": 101})


def test_an_open_session_can_be_expired_once(client, fake):
    session = client.v1.checkout.sessions.create(params=ticket_params())

    expired = client.v1.checkout.sessions.expire(session.id)

    assert (expired.status, expired.url) == ("expired", None)
    event = fake.events[-1]
    assert event["type"] == "checkout.session.expired"
    assert event["data"]["object"]["id"] == session.id
    assert event["request"]["id"] is not None  # caused by an API call

    with pytest.raises(stripe.InvalidRequestError) as refused:
        client.v1.checkout.sessions.expire(session.id)
    assert refused.value.http_status == 400
    assert 'Only Checkout Sessions with a status in ["open"]' in refused.value.user_message


def test_a_completed_session_cannot_be_expired(client, fake):
    session = client.v1.checkout.sessions.create(params=ticket_params())
    fake.complete_session(session.id)

    with pytest.raises(stripe.InvalidRequestError, match="status of `complete`"):
        client.v1.checkout.sessions.expire(session.id)


def test_sessions_past_their_expiry_are_expired_by_stripe(client, fake):
    soon = client.v1.checkout.sessions.create(params=ticket_params())
    later = client.v1.checkout.sessions.create(params=ticket_params(expires_at=NOW + 7200))

    fake.advance(31 * 60)
    events = fake.expire_due_sessions()

    assert [e["data"]["object"]["id"] for e in events] == [soon.id]
    assert events[0]["request"] == {"id": None, "idempotency_key": None}
    assert fake.get(later.id)["status"] == "open"


def test_a_replayed_idempotency_key_returns_the_first_answer_without_acting(client, fake):
    options = {"idempotency_key": "payment-7-checkout"}

    first = client.v1.checkout.sessions.create(params=ticket_params(), options=options)
    second = client.v1.checkout.sessions.create(params=ticket_params(), options=options)

    assert second.id == first.id
    assert len(fake.all("checkout.session")) == 1
    assert second.last_response.headers["Idempotent-Replayed"] == "true"
    assert [r.replayed for r in fake.requests] == [False, True]

    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        client.v1.checkout.sessions.create(
            params=ticket_params(metadata={"payment_id": "8"}), options=options
        )
    with pytest.raises(stripe.IdempotencyError, match="same endpoint"):
        client.v1.customers.create(params={"email": "x@example.org"}, options=options)


def test_every_request_is_recorded_with_its_key_and_api_key(client, fake):
    session = client.v1.checkout.sessions.create(
        params=ticket_params(), options={"idempotency_key": "payment-7-checkout"}
    )
    client.v1.checkout.sessions.retrieve(session.id, params={"expand": ["payment_intent"]})

    create, read = fake.requests
    assert (create.method, create.path, create.status) == ("POST", "/v1/checkout/sessions", 200)
    assert create.idempotency_key == "payment-7-checkout"
    assert create.api_key == "sk_test_fake"
    assert create.stripe_version == API_VERSION
    assert create.params["line_items"][0]["price_data"]["unit_amount"] == "1500"
    assert (read.method, read.params, read.idempotency_key) == (
        "GET",
        {"expand": ["payment_intent"]},
        None,
    )


def test_completing_a_payment_session_makes_a_paid_intent_and_charge(client, fake):
    session = client.v1.checkout.sessions.create(params=ticket_params())

    event = fake.complete_session(session.id)

    assert event["type"] == "checkout.session.completed"
    assert event["id"].startswith("evt_")
    assert event["api_version"] == API_VERSION
    assert event["request"] == {"id": None, "idempotency_key": None}
    paid = event["data"]["object"]
    assert (paid["status"], paid["payment_status"], paid["url"]) == ("complete", "paid", None)
    assert paid["customer_details"]["email"] == "buyer@example.org"
    assert paid["customer"] is None  # Checkout makes no customer for one-off payments

    read = client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["payment_intent.latest_charge"]}
    )
    intent = read.payment_intent
    assert intent.id.startswith("pi_")
    assert (intent.status, intent.amount_received) == ("succeeded", 3000)
    assert intent.metadata.to_dict() == {"payment_id": "7"}
    charge = intent.latest_charge
    assert charge.id.startswith("ch_")
    assert charge.paid is True
    assert charge.receipt_url == f"https://pay.stripe.test/receipts/payment/{charge.id}"
    assert fake.redirect_after_checkout(session.id) == (
        f"https://site.test/paid/?session_id={session.id}"
    )


def test_completing_a_subscription_session_starts_a_subscription_with_a_paid_invoice(client, fake):
    session = client.v1.checkout.sessions.create(params=membership_params())

    event = fake.complete_session(session.id)

    completed = event["data"]["object"]
    assert completed["subscription"].startswith("sub_")
    assert completed["invoice"].startswith("in_")
    assert completed["customer"].startswith("cus_")
    assert completed["payment_intent"] is None

    subscription = client.v1.subscriptions.retrieve(completed["subscription"])
    assert subscription.status == "active"
    assert subscription.metadata.to_dict() == {"payment_id": "9", "membership_id": "3"}
    [item] = subscription["items"].data
    assert item.id.startswith("si_")
    assert item.price.recurring.interval == "year"
    assert item.current_period_start == NOW
    assert item.current_period_end == NOW + YEAR_2027
    assert subscription.latest_invoice == completed["invoice"]

    invoice = client.v1.invoices.retrieve(completed["invoice"], params={"expand": ["payments"]})
    assert (invoice.status, invoice.billing_reason) == ("paid", "subscription_create")
    assert invoice.amount_paid == 12000
    assert invoice.parent.subscription_details.subscription == subscription.id
    assert invoice.parent.subscription_details.metadata["membership_id"] == "3"
    assert invoice.hosted_invoice_url.endswith(invoice.id)
    [payment] = invoice.payments.data
    assert payment.status == "paid"
    intent = client.v1.payment_intents.retrieve(payment.payment.payment_intent)
    assert intent.status == "succeeded"
    assert "payments" not in client.v1.invoices.retrieve(invoice.id)

    types = [e["type"] for e in fake.events]
    assert types == [
        "customer.created",
        "customer.subscription.created",
        "customer.subscription.updated",
        "invoice.paid",
        "checkout.session.completed",
    ]
    created = fake.events[1]["data"]["object"]
    assert created["status"] == "incomplete"
    assert fake.events[2]["data"]["previous_attributes"] == {"status": "incomplete"}


def test_the_first_invoice_paid_event_can_be_had_before_checkout_completed(fake, client):
    session = client.v1.checkout.sessions.create(params=membership_params())
    completed = fake.complete_session(session.id)

    paid = fake.invoice_paid_event(completed["data"]["object"]["invoice"])

    assert paid["type"] == "invoice.paid"
    assert fake.events.index(next(e for e in fake.events if e["id"] == paid["id"])) < (
        fake.events.index(next(e for e in fake.events if e["id"] == completed["id"]))
    )
    assert paid["data"]["object"]["billing_reason"] == "subscription_create"


def test_a_bacs_debit_stays_unpaid_until_it_clears(client, fake):
    session = client.v1.checkout.sessions.create(
        params=ticket_params(allowed_payment_method_types=["card", "bacs_debit"])
    )

    completed = fake.complete_session(session.id, payment_method="bacs_debit", async_pending=True)

    assert completed["data"]["object"]["payment_status"] == "unpaid"
    intent = fake.get(completed["data"]["object"]["payment_intent"])
    assert intent["status"] == "processing"
    assert fake.get(intent["latest_charge"])["status"] == "pending"

    fake.advance(3 * 86400)
    cleared = fake.async_payment_succeeded(session.id)

    assert cleared["type"] == "checkout.session.async_payment_succeeded"
    assert cleared["data"]["object"]["payment_status"] == "paid"
    assert fake.get(intent["id"])["status"] == "succeeded"

    with pytest.raises(ValueError, match="no payment in flight"):
        fake.async_payment_failed(session.id)


def test_a_failed_bacs_debit_on_a_membership_makes_it_past_due(client, fake):
    session = client.v1.checkout.sessions.create(params=membership_params())
    completed = fake.complete_session(session.id, payment_method="bacs_debit", async_pending=True)
    sub_id = completed["data"]["object"]["subscription"]
    assert fake.get(completed["data"]["object"]["invoice"])["status"] == "open"

    failed = fake.async_payment_failed(session.id)

    assert failed["type"] == "checkout.session.async_payment_failed"
    assert failed["data"]["object"]["payment_status"] == "unpaid"
    assert fake.get(sub_id)["status"] == "past_due"
    assert "invoice.payment_failed" in [e["type"] for e in fake.events]


def test_renewals_move_the_period_on_and_failures_end_in_cancellation(client, fake):
    session = client.v1.checkout.sessions.create(params=membership_params())
    sub_id = fake.complete_session(session.id)["data"]["object"]["subscription"]
    first_end = fake.get(sub_id)["items"]["data"][0]["current_period_end"]

    fake.clock = first_end
    renewed = fake.renew_subscription(sub_id)

    invoice = renewed["data"]["object"]
    assert renewed["type"] == "invoice.paid"
    assert invoice["billing_reason"] == "subscription_cycle"
    assert invoice["parent"]["subscription_details"]["subscription"] == sub_id
    assert (invoice["period_start"], invoice["period_end"]) == (NOW, first_end)  # just ended
    [line] = invoice["lines"]["data"]
    assert line["period"] == {"start": first_end, "end": first_end + 366 * 86400}  # paid for
    item = client.v1.subscriptions.retrieve(sub_id)["items"].data[0]
    assert item.current_period_start == first_end
    assert item.current_period_end == first_end + 366 * 86400  # 2028 is a leap year

    fake.clock = item.current_period_end
    failed = fake.fail_renewal(sub_id)
    assert failed["type"] == "invoice.payment_failed"
    assert failed["data"]["object"]["status"] == "open"
    assert failed["data"]["object"]["next_payment_attempt"] is not None
    assert fake.get(sub_id)["status"] == "past_due"
    retried = fake.fail_renewal(sub_id)
    assert retried["data"]["object"]["id"] == failed["data"]["object"]["id"]
    assert retried["data"]["object"]["attempt_count"] == 2

    gave_up = fake.give_up_subscription(sub_id)
    assert gave_up["type"] == "customer.subscription.deleted"
    ended = gave_up["data"]["object"]
    assert ended["status"] == "canceled"
    assert ended["cancellation_details"]["reason"] == "payment_failed"

    assert client.v1.subscriptions.list().data == []  # Stripe hides canceled ones by default
    assert [s.id for s in client.v1.subscriptions.list(params={"status": "all"}).data] == [sub_id]
    invoices = client.v1.invoices.list(params={"subscription": sub_id})
    assert [i.billing_reason for i in invoices.data] == [
        "subscription_cycle",
        "subscription_cycle",
        "subscription_create",
    ]


def test_a_retry_that_succeeds_pays_the_open_invoice(client, fake):
    session = client.v1.checkout.sessions.create(params=membership_params())
    sub_id = fake.complete_session(session.id)["data"]["object"]["subscription"]
    failed = fake.fail_renewal(sub_id)

    paid = fake.renew_subscription(sub_id)

    assert paid["data"]["object"]["id"] == failed["data"]["object"]["id"]
    assert paid["data"]["object"]["status"] == "paid"
    assert fake.get(sub_id)["status"] == "active"


def test_cancelling_at_period_end_through_the_api(client, fake):
    session = client.v1.checkout.sessions.create(params=membership_params())
    sub_id = fake.complete_session(session.id)["data"]["object"]["subscription"]

    updated = client.v1.subscriptions.update(
        sub_id,
        params={"cancel_at_period_end": True, "metadata": {"note": "leaving"}},
    )

    assert updated.cancel_at_period_end is True
    assert updated.cancel_at == NOW + YEAR_2027
    assert updated.metadata.to_dict() == {
        "payment_id": "9",
        "membership_id": "3",
        "note": "leaving",
    }
    event = fake.events[-1]
    assert event["type"] == "customer.subscription.updated"
    assert event["data"]["previous_attributes"]["cancel_at_period_end"] is False
    assert event["request"]["id"] is not None

    cancelled = client.v1.subscriptions.cancel(sub_id)
    assert cancelled.status == "canceled"
    assert fake.events[-1]["type"] == "customer.subscription.deleted"
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.subscriptions.update(sub_id, params={"cancel_at_period_end": False})


def test_refunds_are_made_once_and_never_exceed_the_charge(client, fake):
    session = client.v1.checkout.sessions.create(params=ticket_params())
    intent_id = fake.complete_session(session.id)["data"]["object"]["payment_intent"]
    options = {"idempotency_key": "payment-7-refund"}

    refund = client.v1.refunds.create(
        params={"payment_intent": intent_id, "amount": 1000, "reason": "requested_by_customer"},
        options=options,
    )
    replay = client.v1.refunds.create(
        params={"payment_intent": intent_id, "amount": 1000, "reason": "requested_by_customer"},
        options=options,
    )

    assert refund.id.startswith("re_")
    assert replay.id == refund.id
    assert (refund.amount, refund.status, refund.payment_intent) == (1000, "succeeded", intent_id)
    charge = client.v1.charges.retrieve(fake.get(intent_id)["latest_charge"])
    assert (charge.amount_refunded, charge.refunded) == (1000, False)

    with pytest.raises(stripe.InvalidRequestError) as too_much:
        client.v1.refunds.create(params={"payment_intent": intent_id, "amount": 2500})
    assert too_much.value.code == "amount_too_large"
    assert "(£25.00) is greater than unrefunded amount on charge (£20.00)" in str(too_much.value)

    rest = client.v1.refunds.create(params={"payment_intent": intent_id})
    assert rest.amount == 2000
    assert client.v1.charges.retrieve(charge.id).refunded is True

    with pytest.raises(stripe.InvalidRequestError) as again:
        client.v1.refunds.create(params={"payment_intent": intent_id})
    assert again.value.code == "charge_already_refunded"

    listed = client.v1.refunds.list(params={"payment_intent": intent_id})
    assert [r.id for r in listed.data] == [rest.id, refund.id]
    refunded = fake.refund_event(refund.id)
    assert refunded["type"] == "charge.refunded"
    assert refunded["data"]["object"]["amount_refunded"] == 1000  # a snapshot at the time
    assert refunded["request"]["idempotency_key"] == "payment-7-refund"
    assert fake.refund_event(rest.id)["data"]["object"]["refunded"] is True


def test_a_refund_of_an_unpaid_intent_is_refused(client, fake):
    session = client.v1.checkout.sessions.create(
        params=ticket_params(allowed_payment_method_types=["bacs_debit"])
    )
    completed = fake.complete_session(session.id, payment_method="bacs_debit", async_pending=True)

    with pytest.raises(stripe.InvalidRequestError, match="does not have a successful charge"):
        client.v1.refunds.create(
            params={"payment_intent": completed["data"]["object"]["payment_intent"]}
        )


def test_refunds_made_in_the_dashboard_and_pending_refunds(client, fake):
    session = client.v1.checkout.sessions.create(params=ticket_params())
    intent_id = fake.complete_session(session.id, payment_method="bacs_debit")["data"]["object"][
        "payment_intent"
    ]

    event = fake.refund_payment(intent_id, amount=500)

    assert event["type"] == "charge.refunded"
    assert event["request"] == {"id": None, "idempotency_key": None}
    [refund] = client.v1.refunds.list(params={"created": {"gte": NOW}}).data
    assert refund.status == "pending"  # money going back to a bank account takes days

    updated = fake.settle_refund(refund.id, failed=True)
    assert updated["type"] == "refund.updated"
    assert updated["data"]["previous_attributes"]["status"] == "pending"
    assert fake.get(refund.charge)["amount_refunded"] == 0


def test_the_billing_portal_answers_with_a_url(client, fake):
    customer = client.v1.customers.create(params={"email": "member@example.org"})

    portal = client.v1.billing_portal.sessions.create(
        params={"customer": customer.id, "return_url": "https://site.test/members/dashboard/"}
    )

    assert portal.id.startswith("bps_")
    assert portal.url == f"https://billing.stripe.test/p/session/{portal.id}"
    with pytest.raises(stripe.InvalidRequestError, match="No such customer"):
        client.v1.billing_portal.sessions.create(params={"customer": "cus_nope"})


def test_an_unreachable_stripe_raises_a_connection_error_at_once(client, fake):
    fake.unreachable = True
    started = time.monotonic()

    with pytest.raises(stripe.APIConnectionError):
        client.v1.checkout.sessions.create(params=ticket_params())

    assert time.monotonic() - started < 0.4  # no retry with back-off
    assert [r.status for r in fake.requests] == [None]
    assert fake.all("checkout.session") == []


def test_a_failure_answers_once_with_a_stripe_api_error(client, fake):
    fake.fail_next(500, path="/v1/checkout/sessions")

    with pytest.raises(stripe.APIError) as failed:
        client.v1.checkout.sessions.create(params=ticket_params())
    assert failed.value.http_status == 500
    assert fake.all("checkout.session") == []

    assert client.v1.checkout.sessions.create(params=ticket_params()).status == "open"


def test_a_lost_answer_is_recovered_by_retrying_with_the_same_key(client, fake):
    options = {"idempotency_key": "payment-7-refund"}
    session = client.v1.checkout.sessions.create(params=ticket_params())
    intent_id = fake.complete_session(session.id)["data"]["object"]["payment_intent"]
    fake.drop_next(path="/v1/refunds")

    with pytest.raises(stripe.APIConnectionError):
        client.v1.refunds.create(params={"payment_intent": intent_id}, options=options)
    retried = client.v1.refunds.create(params={"payment_intent": intent_id}, options=options)

    assert len(fake.all("refund")) == 1
    assert retried.id == fake.all("refund")[0]["id"]

    fake.fail_next(500, applied=True, path="/v1/customers")
    with pytest.raises(stripe.APIError):
        client.v1.customers.create(
            params={"email": "a@example.org"}, options={"idempotency_key": "c"}
        )
    assert len(fake.all("customer")) == 1


def test_events_verify_with_the_sdk_exactly_as_stripe_signs_them(client, fake):
    session = client.v1.checkout.sessions.create(params=ticket_params())
    body = event_body(fake.complete_session(session.id))

    event = stripe.Webhook.construct_event(body, sign_payload(body, SECRET), SECRET)

    assert event.type == "checkout.session.completed"
    assert event.data.object.id == session.id
    assert isinstance(event.data.object, stripe.checkout.Session)
    assert b"\n  " in body  # Stripe's bodies are indented JSON; verify the raw bytes

    header = sign_payload(body, SECRET, timestamp=1_700_000_000)
    assert header == stripe.WebhookSignature.generate_signature_header(
        body.decode(), SECRET, timestamp=1_700_000_000
    )


@pytest.mark.parametrize(
    ("secret", "age"),
    [("whsec_someone_else", 0), (SECRET, 301)],
    ids=["wrong secret", "stale timestamp"],
)
def test_a_bad_signature_or_stale_timestamp_is_refused(fake, secret, age):
    body = event_body(fake.sample_event("customer.created"))
    header = sign_payload(body, secret, timestamp=int(time.time()) - age)

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(body, header, SECRET)


def test_events_can_be_listed_and_read_back_from_the_api(client, fake):
    session = client.v1.checkout.sessions.create(params=membership_params())
    completed = fake.complete_session(session.id)

    listed = client.v1.events.list(params={"type": "invoice.paid"})
    read = client.v1.events.retrieve(completed["id"])

    assert [e.type for e in listed.data] == ["invoice.paid"]
    assert read.data.object.id == session.id


@pytest.mark.parametrize("path", sorted(PAYLOADS.glob("*.json")), ids=lambda p: p.stem)
def test_recorded_payloads_are_events_shaped_like_the_fake_s_objects(path, client, fake):
    payload = load_payload(path.stem)
    event = stripe.Event.construct_from(payload, "sk_test_fake")
    assert event.object == "event"
    assert payload["api_version"] == API_VERSION
    assert payload["type"] == path.stem.removesuffix(".payment").removesuffix(".subscription")
    assert set(payload) == {
        "id",
        "object",
        "api_version",
        "created",
        "data",
        "livemode",
        "pending_webhooks",
        "request",
        "type",
    }

    # Make every kind of object the payloads hold and compare their fields.
    ticket = client.v1.checkout.sessions.create(params=ticket_params())
    fake.complete_session(ticket.id)
    intent = fake.get(ticket.id)["payment_intent"]
    fake.refund_payment(intent, amount=100)
    membership = client.v1.checkout.sessions.create(params=membership_params())
    fake.complete_session(membership.id)
    current = {e["data"]["object"]["object"]: e["data"]["object"] for e in fake.events}
    recorded = payload["data"]["object"]
    assert set(recorded) == set(current[recorded["object"]])


def test_ids_and_times_are_deterministic():
    def run():
        fake = FakeStripe(clock=NOW)
        client = stripe.StripeClient("sk_test_fake", http_client=fake)
        session = client.v1.checkout.sessions.create(params=membership_params())
        fake.complete_session(session.id)
        return [(e["id"], e["created"], e["data"]["object"]["id"]) for e in fake.events]

    assert run() == run()


def test_a_body_round_trips(fake):
    event = fake.sample_event("customer.created")

    assert json.loads(event_body(event)) == event
