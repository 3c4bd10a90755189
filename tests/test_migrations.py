"""A database made by the site before the architecture change migrates forward in
place: event requests move from the events app to their own (the same tables, the
same content types and permissions), and payments stop pointing at their buyers
(the buyers point at their payments). Every row and every relation survives, and
migrating back restores the old columns.

The rows are made with the historical models of the old state; the test database
is migrated back to it and forward again (the same idea as django-test-migrations,
in place, so that the rest of the schema need not be rebuilt)."""

import datetime

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import Registration
from events.requests.models import EventRequest, EventRequestOutcome, EventRequestUpdate
from members.models import Membership
from network_site.payments.models import Payment, Refund
from network_site.roles import EVENT_MANAGERS
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

# The newest migration of each app that changed, as main had them before the change.
BEFORE = [
    ("members", "0003_membership_fees"),
    ("events", "0003_paid_tickets"),
    ("payments", "0001_initial"),
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    """Migrate the test database to ``targets``; the historical apps as they are then."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_schema(home_page):
    """Pages, councils and people (whose models did not change) are made now; the
    database then goes back to the old schema, and forward again afterwards."""
    rows = {
        "event": EventPageFactory(parent=EventIndexPageFactory(parent=home_page), price=12),
        "membership": MembershipFactory(status=Membership.Status.ACTIVE, fee_due=60),
        "leeds": LocalAuthorityFactory(name="Leeds City Council"),
        "requester": UserFactory(),
        "contact": UserFactory(),
        "trust": OrganisationFactory(name="Leeds Community Trust"),
    }
    apps = migrate(BEFORE)
    yield apps, rows
    migrate(latest())
    # Warm the content type cache again (migrate() cleared it): the serialized
    # rollback that restores the database for the next test saves rows whose
    # signal handlers look content types up, and a cold cache would make new ones.
    ContentType.objects.get_for_models(*django_apps.get_models(), for_concrete_models=False)


def test_every_row_and_relation_survives_the_change(old_schema):
    apps, rows = old_schema
    event, membership = rows["event"], rows["membership"]
    OldPayment = apps.get_model("payments", "Payment")
    OldRefund = apps.get_model("payments", "Refund")
    OldRegistration = apps.get_model("events", "Registration")
    OldRequest = apps.get_model("events", "EventRequest")
    OldUpdate = apps.get_model("events", "EventRequestUpdate")
    OldOutcome = apps.get_model("events", "EventRequestOutcome")
    OldContentType = apps.get_model("contenttypes", "ContentType")

    # A membership with its fee and a renewal.
    first = OldPayment.objects.create(
        purpose="membership", membership_id=membership.pk, amount=6000, status="paid"
    )
    renewal = OldPayment.objects.create(
        purpose="membership", membership_id=membership.pk, amount=6000, status="paid"
    )
    # An event with a paid place (refunded in part), a held one and a free one.
    paid = OldRegistration.objects.create(
        event_id=event.pk, guest_email="a@example.org", status="confirmed"
    )
    held = OldRegistration.objects.create(
        event_id=event.pk, guest_email="b@example.org", status="pending-payment"
    )
    free = OldRegistration.objects.create(
        event_id=event.pk, guest_email="c@example.org", status="confirmed", free_member_place=True
    )
    ticket = OldPayment.objects.create(
        purpose="ticket", registration_id=paid.pk, amount=1200, status="paid"
    )
    OldRefund.objects.create(payment_id=ticket.pk, amount=200, status="succeeded")
    waiting = OldPayment.objects.create(
        purpose="ticket", registration_id=held.pk, amount=1200, status="pending"
    )
    unlinked = OldPayment.objects.create(purpose="ticket", amount=1200, status="refunded")
    # A council's request, with its updates and outcome, that became the event.
    request = OldRequest.objects.create(
        reference="ER-MOVED1",
        local_authority_id=rows["leeds"].pk,
        requester_id=rows["requester"].pk,
        title="Keeping care local",
        theme="Home care",
        aims="Plan it together.",
        audience=["councillors"],
        date_1_from=datetime.date(2027, 3, 1),
        expected_attendees=40,
        contact_phone="0113 222 4444",
        status="held",
        event_id=event.pk,
    )
    request.contacts.add(rows["contact"].pk)
    request.co_host_organisations.add(rows["trust"].pk)
    submitted = OldUpdate.objects.create(
        request=request, source="authority", to_status="submitted", message="Please host."
    )
    held_update = OldUpdate.objects.create(
        request=request, source="staff", to_status="held", message="Held.", internal_note="Note."
    )
    outcome = OldOutcome.objects.create(
        request=request,
        what_happened="It went well.",
        what_changed="A lot.",
        submitted_by_id=rows["requester"].pk,
    )
    content_type = OldContentType.objects.get(app_label="events", model="eventrequest")
    managers = Group.objects.get(name=EVENT_MANAGERS)
    granted = set(
        managers.permissions.filter(content_type_id=content_type.pk).values_list("pk", flat=True)
    )
    assert granted

    migrate(latest())

    # Payments: every row, each linked from its buyer's side.
    assert Payment.objects.count() == 5
    assert Refund.objects.get().payment_id == ticket.pk
    assert set(Registration.objects.values_list("pk", flat=True)) == {paid.pk, held.pk, free.pk}
    assert set(Membership.objects.get(pk=membership.pk).payments.values_list("pk", flat=True)) == {
        first.pk,
        renewal.pk,
    }
    assert [p.pk for p in Registration.objects.get(pk=paid.pk).payments.all()] == [ticket.pk]
    assert [p.pk for p in Registration.objects.get(pk=held.pk).payments.all()] == [waiting.pk]
    assert not Registration.objects.get(pk=free.pk).payments.exists()
    assert Registration.objects.get(pk=free.pk).free_member_place
    lone = Payment.objects.get(pk=unlinked.pk)
    assert not hasattr(lone, "registration_link")
    assert not hasattr(lone, "membership_link")

    # Event requests: the same rows in the new app, with every relation.
    moved = EventRequest.objects.get(pk=request.pk)
    assert moved.reference == "ER-MOVED1"
    assert moved.local_authority == rows["leeds"]
    assert moved.requester == rows["requester"]
    assert list(moved.contacts.all()) == [rows["contact"]]
    assert list(moved.co_host_organisations.all()) == [rows["trust"]]
    assert moved.event.specific == event
    assert [u.pk for u in moved.updates.order_by("pk")] == [submitted.pk, held_update.pk]
    assert EventRequestUpdate.objects.get(pk=held_update.pk).internal_note == "Note."
    assert EventRequestOutcome.objects.get(pk=outcome.pk).request == moved
    # The same content type, renamed: the group's permissions still point at it.
    assert ContentType.objects.get_for_model(EventRequest).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="events", model="eventrequest").exists()
    assert (
        set(
            managers.permissions.filter(content_type__app_label="event_requests").values_list(
                "pk", flat=True
            )
        )
        >= granted
    )

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
    assert apps.get_model("events", "EventRequest").objects.get(pk=request.pk).status == "held"
