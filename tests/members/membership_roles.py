"""People in each role the membership, event and payment screens care about, for the
tests of those screens."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from members.models import Membership
from network_site.roles import EVENT_MANAGERS, MEMBERSHIP_OFFICERS
from tests.factories import MembershipFactory, UserFactory

ROLES = ["anonymous", "member", "staff", "officer", "superuser"]


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def reviewer(password):
    """Rhys, the superuser who reviews event requests in the browser journeys."""
    return verified_user(
        email="reviewer@example.org",
        first_name="Rhys",
        last_name="Reviewer",
        password=password,
        is_staff=True,
        is_superuser=True,
    )


def staff_in_group(group, **kwargs):
    """A verified member of staff in one of network_site.roles' groups."""
    user = verified_user(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=group))
    return user


def membership_officer(**kwargs):
    return staff_in_group(MEMBERSHIP_OFFICERS, **kwargs)


def event_manager(**kwargs):
    return staff_in_group(EVENT_MANAGERS, **kwargs)


def user_in_role(role):
    """None for anonymous; otherwise a signed-up person with a verified address:
    member, staff (an Editor), officer (Membership officer), manager (Event manager),
    superuser."""
    if role == "anonymous":
        return None
    if role == "member":
        return verified_user()
    if role == "staff":
        # Staff with admin access but not a membership officer (e.g. an editor).
        return staff_in_group("Editors")
    if role == "officer":
        return membership_officer()
    if role == "manager":
        return event_manager()
    if role == "superuser":
        return verified_user(is_staff=True, is_superuser=True)
    raise ValueError(role)


def listed_member(first_name, visibility, status=Membership.Status.ACTIVE, **kwargs):
    """A member ``first_name`` Listed (first_name@example.org) who chose ``visibility``
    for the directory and the council pages."""
    return MembershipFactory(
        user__first_name=first_name,
        user__last_name="Listed",
        user__email=f"{first_name.lower()}@example.org",
        status=status,
        directory_visibility=visibility,
        **kwargs,
    )


def directory_viewers():
    """Who may read the directory (and the council pages, which follow its rules): by
    name, a way to make each one (None for anonymous)."""
    return {
        "anonymous": None,
        "no membership": lambda: UserFactory(),
        "pending applicant": lambda: MembershipFactory(status="pending").user,
        "active member": lambda: MembershipFactory(status="active").user,
        "staff without membership": lambda: UserFactory(is_staff=True, is_superuser=True),
    }


def assert_listed_as_viewer_may_see(page, viewer):
    """``page`` lists the members of a ``people`` fixture (Publicia public, Membera for
    members, Hiddenson hidden, Pendleton pending, Lapsey lapsed) as the directory's rules
    let ``viewer`` (a name of directory_viewers()) see them."""
    assert "Publicia" in page
    assert "Leader of the council" in page
    for never in ("Hiddenson", "Pendleton", "Lapsey"):
        assert never not in page
    assert "@example.org" not in page
    if viewer == "active member":
        assert "Membera" in page
        assert "Happy to talk about social value." in page
    else:
        assert "Membera" not in page
        assert "Happy to talk about social value." not in page


def signed_in_client(person, name=None):
    """A fixture ``<person>_client`` (or ``name``): the test client, signed in as
    fixture ``person``."""

    @pytest.fixture(name=name or f"{person}_client")
    def fixture(client, request):
        client.force_login(request.getfixturevalue(person))
        return client

    return fixture


def sign_in(client, role):
    """Sign ``client`` in as a new person in ``role`` (no one for anonymous)."""
    user = user_in_role(role)
    if user is not None:
        client.force_login(user)
    return user


def admin_refused(response, path):
    """The admin refuses by a redirect away from ``path`` (or any of a tuple of paths:
    to sign in, or to the dashboard with a message) or by 403."""
    if response.status_code == 403:
        return True
    return response.status_code == 302 and not urlsplit(response["Location"]).path.startswith(path)


def assert_reads(client, urls, *, allowed, refused):
    """GET each of ``urls``: a 200 when ``allowed``, else an answer ``refused(response)``
    accepts. Gives the responses, for checks of what the allowed see."""
    responses = []
    for url in urls:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        else:
            assert refused(response), (url, response.status_code)
        responses.append(response)
    return responses


def member_of(
    authority,
    *,
    category=Membership.Category.COUNCILLOR,
    status=Membership.Status.ACTIVE,
    **user,
):
    """A signed-up person (a verified address) with a membership of ``authority``'s
    area: a councillor, active, unless told otherwise. Gives the user."""
    person = verified_user(**user)
    MembershipFactory(user=person, local_authority=authority, category=category, status=status)
    return person
