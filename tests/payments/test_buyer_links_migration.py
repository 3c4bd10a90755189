"""The move of a payment's buyer from the payment (main's foreign keys) to the
buyer's side (members.MembershipPayment, events.RegistrationPayment) keeps every
row and every link, forward and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Registration
from members.models import Membership
from network_site.payments.models import Payment, Refund
from tests.factories import EventIndexPageFactory, EventPageFactory, MembershipFactory

BEFORE = [
    ("members", "0003_membership_fees"),
    ("events", "0003_paid_tickets"),
    ("payments", "0001_initial"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# Serialized rollback like the suite's other transactional tests: the flush at
# the end then leaves the database as they expect it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_schema():
    """Rows the moved tables do not hold are made now; the test then goes back to
    main's schema (and forward again at the end, whatever happens)."""
    index = EventIndexPageFactory(slug="migration-events")
    event = EventPageFactory(parent=index, price=12)
    membership = MembershipFactory(status=Membership.Status.ACTIVE, fee_due=60)
    apps = migrate(BEFORE)
    yield apps, event, membership
    migrate(latest())


def test_every_payment_keeps_its_buyer_across_the_move(old_schema):
    apps, event, membership = old_schema
    OldPayment = apps.get_model("payments", "Payment")
    OldRefund = apps.get_model("payments", "Refund")
    OldRegistration = apps.get_model("events", "Registration")
    paid = OldRegistration.objects.create(
        event_id=event.pk, guest_email="a@example.org", status="confirmed"
    )
    held = OldRegistration.objects.create(
        event_id=event.pk, guest_email="b@example.org", status="pending-payment"
    )
    first = OldPayment.objects.create(
        purpose="membership", membership_id=membership.pk, amount=6000, status="paid"
    )
    renewal = OldPayment.objects.create(
        purpose="membership", membership_id=membership.pk, amount=6000, status="paid"
    )
    ticket = OldPayment.objects.create(
        purpose="ticket", registration_id=paid.pk, amount=1200, status="paid"
    )
    OldRefund.objects.create(payment_id=ticket.pk, amount=200, status="succeeded")
    waiting = OldPayment.objects.create(
        purpose="ticket", registration_id=held.pk, amount=1200, status="pending"
    )
    unlinked = OldPayment.objects.create(purpose="ticket", amount=1200, status="refunded")

    migrate(latest())

    assert Payment.objects.count() == 5
    assert Refund.objects.get().payment_id == ticket.pk
    assert Registration.objects.count() == 2
    membership = Membership.objects.get(pk=membership.pk)
    assert set(membership.payments.values_list("pk", flat=True)) == {first.pk, renewal.pk}
    assert list(Registration.objects.get(pk=paid.pk).payments.values_list("pk", flat=True)) == [
        ticket.pk
    ]
    assert list(Registration.objects.get(pk=held.pk).payments.values_list("pk", flat=True)) == [
        waiting.pk
    ]
    lone = Payment.objects.get(pk=unlinked.pk)
    assert not hasattr(lone, "registration_link")
    assert not hasattr(lone, "membership_link")

    # And back: the old columns are filled again from the links.
    apps = migrate(BEFORE)
    OldPayment = apps.get_model("payments", "Payment")
    assert sorted(OldPayment.objects.values_list("pk", "membership_id", "registration_id")) == [
        (first.pk, membership.pk, None),
        (renewal.pk, membership.pk, None),
        (ticket.pk, None, paid.pk),
        (waiting.pk, None, held.pk),
        (unlinked.pk, None, None),
    ]
