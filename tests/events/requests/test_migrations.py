"""A database made while event requests were part of the events app migrates
forward in place: every request, update, outcome and relation is still there,
now under the event_requests app, with the same content types and permissions."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.requests.models import EventRequest, EventRequestOutcome, EventRequestUpdate
from network_site.roles import EVENT_MANAGERS
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    LocalAuthorityFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("events", "0003_paid_tickets")  # the last migration with the requests in events
MOVED = ("event_requests", "0001_initial")


def migrate_to(target):
    """Migrate the test database to ``target``, an events or event_requests
    migration; returns the historical apps as they are then."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    others = [
        node
        for node in executor.loader.graph.leaf_nodes()
        if node[0] not in ("events", "event_requests")
    ]
    return executor.loader.project_state([*others, target]).apps


@pytest.fixture
def before_the_move():
    """The historical apps as they were before the move; afterwards the database
    goes back to the latest migrations."""
    apps = migrate_to(BEFORE)  # unapplies the migrations that depend on it too
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def test_requests_updates_outcomes_and_relations_survive_the_move(home_page, before_the_move):
    apps = before_the_move
    OldRequest = apps.get_model("events", "EventRequest")
    OldUpdate = apps.get_model("events", "EventRequestUpdate")
    OldOutcome = apps.get_model("events", "EventRequestOutcome")
    OldContentType = apps.get_model("contenttypes", "ContentType")
    # The pages, councils and people are the same models before and after.
    event = EventPageFactory(parent=EventIndexPageFactory(parent=home_page))
    leeds = LocalAuthorityFactory(name="Leeds City Council")
    requester, contact = UserFactory(), UserFactory()
    trust = OrganisationFactory(name="Leeds Community Trust")

    old = OldRequest.objects.create(
        reference="ER-MOVED1",
        local_authority_id=leeds.pk,
        requester_id=requester.pk,
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
    old.contacts.add(contact.pk)
    old.co_host_organisations.add(trust.pk)
    update = OldUpdate.objects.create(
        request=old, source="staff", to_status="held", message="Held.", internal_note="Note."
    )
    outcome = OldOutcome.objects.create(
        request=old,
        what_happened="It went well.",
        what_changed="A lot.",
        submitted_by_id=requester.pk,
    )
    content_type = OldContentType.objects.get(app_label="events", model="eventrequest")
    managers = Group.objects.get(name=EVENT_MANAGERS)
    granted = set(
        managers.permissions.filter(content_type_id=content_type.pk).values_list("pk", flat=True)
    )
    assert granted

    migrate_to(MOVED)
    ContentType.objects.clear_cache()

    moved = EventRequest.objects.get(pk=old.pk)
    assert moved.reference == "ER-MOVED1"
    assert moved.local_authority == leeds
    assert moved.requester == requester
    assert list(moved.contacts.all()) == [contact]
    assert list(moved.co_host_organisations.all()) == [trust]
    assert moved.event.specific == event
    assert event.event_request == moved
    assert EventRequestUpdate.objects.get(pk=update.pk).internal_note == "Note."
    assert list(moved.updates.all()) == [EventRequestUpdate.objects.get(pk=update.pk)]
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
