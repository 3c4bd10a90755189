"""The people of the introduction tests, in Leeds: a councillor who asks, a
community organisation working there that agreed to introductions, and helpers
to sign them in and read their email."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from members.introductions import services
from members.models import Membership
from network_site.models import OutboundEmail
from tests.factories import MembershipFactory, OrganisationFactory
from tests.members.membership_roles import verified_user

Category = Membership.Category
Status = Membership.Status
INDEX = reverse("members:introductions:index")
NEW = reverse("members:introductions:new")


@pytest.fixture
def councillor(leeds):
    """Councillor Nia Patel, who asks to meet organisations in Leeds."""
    return MembershipFactory(
        user=verified_user(
            first_name="Nia", last_name="Patel", email="nia.patel@councillors.example"
        ),
        category=Category.COUNCILLOR,
        status=Status.ACTIVE,
        local_authority=leeds,
        ward="Headingley",
    )


def organisation_in(authority, name="Hyde Park Larder", email="sam@larder.example", **kwargs):
    """An active community organisation working in ``authority``, opted in."""
    organisation = OrganisationFactory(name=name)
    organisation.local_authorities.set([authority])
    kwargs.setdefault("open_to_introductions", True)
    kwargs.setdefault("status", Status.ACTIVE)
    return MembershipFactory(
        user=verified_user(first_name="Sam", last_name="Okafor", email=email),
        for_organisation=True,
        organisation=organisation,
        job_title="Coordinator",
        **kwargs,
    )


@pytest.fixture
def larder(leeds):
    return organisation_in(leeds)


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def ask(browser, reason="We are starting a food poverty group in Headingley.", **data):
    """Post the request form; ``local_authority`` defaults to the first choice."""
    if "local_authority" not in data:
        response = browser.get(NEW)
        data["local_authority"] = response.context["form"].fields["local_authority"].queryset[0].pk
    return browser.post(NEW, {"reason": reason, **data})


def emails(template=None, to=None):
    found = OutboundEmail.objects.all()
    if template:
        found = found.filter(template=f"introductions/{template}")
    if to:
        found = found.filter(to=to)
    return list(found.order_by("pk"))


def everything_in(email):
    return " ".join([email.subject, email.body_text, email.body_html])


def inspect_url(introduction_request):
    return reverse("introduction_requests:inspect", args=[introduction_request.pk])


def act_url(introduction, action):
    return reverse(f"members:introductions:{action}", args=[introduction.pk])


def propose(officer_client, introduction_request, member):
    return officer_client.post(inspect_url(introduction_request), {"member": member.pk})


def proposal(councillor, larder, officer):
    """A request from the councillor, with the larder proposed by the officer."""
    introduction_request = services.ask(
        councillor, councillor.local_authority, "We are starting a food poverty group."
    )
    return services.propose(introduction_request, larder, officer)


PHONE = re.compile(r"\d{5} ?\d{6}")
