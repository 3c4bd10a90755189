"""Who sees which event's registrations: each role against each page, in the admin
and on the hosts' pages. A host contact of event A sees nothing of event B."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission

from events.models import EventHostContact, Registration
from network_site.roles import EVENT_MANAGERS, MODEL_PERMISSIONS
from tests.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.members.membership_roles import assert_reads, event_manager, verified_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "editor", "host", "manager", "superuser"]


@pytest.fixture
def events(home_page):
    index = EventIndexPageFactory(parent=home_page)
    a = EventPageFactory(parent=index, title="Event A", capacity=3)
    b = EventPageFactory(parent=index, title="Event B", capacity=3)
    RegistrationFactory(
        event=a, user__first_name="Sharing", user__last_name="Sam", share_with_hosts=True
    )
    RegistrationFactory(
        event=a, user__first_name="Private", user__last_name="Pat", share_with_hosts=False
    )
    RegistrationFactory(
        event=b, user__first_name="Other", user__last_name="Olive", share_with_hosts=True
    )
    return a, b


def sign_in(client, role, events):
    if role == "anonymous":
        return None
    if role == "member":
        user = verified_user()
    elif role == "editor":
        user = verified_user(is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
    elif role == "host":
        user = verified_user()
        EventHostContact.objects.create(page=events[0], user=user)
    elif role == "manager":
        user = event_manager()
    else:
        user = verified_user(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def refused(response):
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and not urlsplit(response["Location"]).path.startswith(
        ("/admin/registrations/", "/admin/events/")
    )


def admin_urls(event):
    registration = Registration.objects.filter(event=event).first()
    return [
        f"/admin/registrations/?event={event.pk}",
        f"/admin/registrations/inspect/{registration.pk}/",
        f"/admin/registrations/event/{event.pk}/add/",
        f"/admin/registrations/event/{event.pk}/message/",
        f"/admin/registrations/event/{event.pk}/cancel/",
        f"/admin/registrations/waitlist/{registration.pk}/",
        f"/admin/registrations/cancel/{registration.pk}/",
        f"/admin/events/check-in/{event.pk}/",
        f"/admin/registrations/?event={event.pk}&export=csv",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_admin_screens_by_role(client, events, role):
    sign_in(client, role, events)
    runs_events = role in ("manager", "superuser")
    for event in events:
        assert_reads(client, admin_urls(event), allowed=runs_events, refused=refused)


@pytest.mark.parametrize("role", ROLES)
def test_state_changes_by_role_are_refused_unless_running_events(client, events, role):
    sign_in(client, role, events)
    a, _ = events
    registration = Registration.objects.filter(event=a).first()
    response = client.post(f"/admin/registrations/waitlist/{registration.pk}/")
    registration.refresh_from_db()
    if role in ("manager", "superuser"):
        assert response.status_code == 302
        assert registration.status == Registration.Status.WAITLISTED
    else:
        assert refused(response)
        assert registration.status == Registration.Status.CONFIRMED
    response = client.post(f"/admin/registrations/event/{a.pk}/cancel/", {"reason": "Flood"})
    a.refresh_from_db()
    assert a.is_cancelled is (role in ("manager", "superuser"))


def hosting_urls(event):
    return [
        f"/members/hosting/{event.pk}/",
        f"/members/hosting/{event.pk}/attendees.csv",
    ]


@pytest.mark.parametrize("role", ROLES)
def test_hosting_pages_by_role(client, events, role):
    sign_in(client, role, events)
    a, b = events
    listing = client.get("/members/hosting/")
    if role == "anonymous":
        assert listing.status_code == 302
        assert "/accounts/login/" in listing["Location"]
    else:
        assert listing.status_code == 200
        assert (b"Event A" in listing.content) is (role == "host")
        assert b"Event B" not in listing.content
    for url in hosting_urls(a):
        response = client.get(url)
        if role == "host":
            assert response.status_code == 200, url
            assert b"Sharing Sam" in response.content
            assert b"Private Pat" not in response.content
        elif role == "anonymous":
            assert response.status_code == 302
        else:
            # Staff run events in the admin; the hosts' pages are for host contacts only.
            assert response.status_code == 404, url
    for url in hosting_urls(b):
        response = client.get(url)
        assert response.status_code in ((302,) if role == "anonymous" else (404,)), url


def test_unknown_event_ids_answer_404(client, events):
    sign_in(client, "host", events)
    assert client.get("/members/hosting/999999/").status_code == 404
    assert client.get("/members/hosting/999999/attendees.csv").status_code == 404
    client.force_login(event_manager())
    assert client.get("/admin/events/check-in/999999/").status_code == 404
    assert client.get("/admin/registrations/event/999999/add/").status_code == 404


def test_event_managers_group_has_exactly_its_permissions(db):
    group = Group.objects.get(name=EVENT_MANAGERS)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted == set(MODEL_PERMISSIONS[EVENT_MANAGERS])
    assert "events.delete_registration" not in granted
    assert not Permission.objects.filter(group=group, codename="publish_page").exists()


def test_event_managers_see_the_events_menu(client, events):
    client.force_login(event_manager())
    page = client.get("/admin/").content.decode()
    assert "Registrations" in page
    assert "Venues" in page
    assert "/admin/memberships/" not in page
