"""The members' part of the demo: real local authorities (by GSS code), the member
pages in the main menu, the demo councillor's approved membership and a community
organisation's, whose main contact can invite colleagues."""

from django.contrib.auth import get_user_model

from network_site.demo.loading import DemoStep, upsert

from .models import LocalAuthority, Membership, Organisation
from .site_setup import DIRECTORY_MENU_ORDER, JOIN_MENU_ORDER

# The demo logins (network_site's load_demo_content) that are councillors: the
# council (GSS code) and ward of their approved membership.
COUNCILLORS = {
    "councillor@keepitlocal.example": ("E08000035", "Headingley and Hyde Park"),
}

# The demo login that holds a community organisation's membership: the
# organisation, and the council (GSS code) it works in.
ORGANISATIONS = {
    "organisation@keepitlocal.example": (
        "Hyde Park Community Larder",
        {
            "income_band": Organisation.IncomeBand.UNDER_100K,
            "website": "https://larder.example.org/",
        },
        "E08000035",
    ),
}

# Real councils and their GSS codes, named as in mySociety's register. Coordinates
# are left to `manage.py import_local_authorities`.
LOCAL_AUTHORITIES = [
    {
        "gss_code": "E08000035",
        "name": "Leeds City Council",
        "short_name": "Leeds",
        "nation": "england",
        "region": "Yorkshire and The Humber",
        "authority_type": "Metropolitan district",
    },
    {
        "gss_code": "E08000003",
        "name": "Manchester City Council",
        "short_name": "Manchester",
        "nation": "england",
        "region": "North West",
        "authority_type": "Metropolitan district",
    },
    {
        "gss_code": "E06000023",
        "name": "Bristol City Council",
        "short_name": "City of Bristol",
        "nation": "england",
        "region": "South West",
        "authority_type": "Unitary authority",
    },
    {
        "gss_code": "E06000052",
        "name": "Cornwall Council",
        "short_name": "Cornwall",
        "nation": "england",
        "region": "South West",
        "authority_type": "Unitary authority",
    },
    {
        "gss_code": "E09000012",
        "name": "London Borough of Hackney",
        "short_name": "Hackney",
        "nation": "england",
        "region": "London",
        "authority_type": "London borough",
    },
    {
        "gss_code": "W06000015",
        "name": "City of Cardiff Council",
        "short_name": "Cardiff",
        "nation": "wales",
        "region": "Wales",
        "authority_type": "Welsh unitary authority",
    },
    {
        "gss_code": "S12000049",
        "name": "Glasgow City Council",
        "short_name": "Glasgow City",
        "nation": "scotland",
        "region": "Scotland",
        "authority_type": "Scottish unitary authority",
    },
    {
        "gss_code": "N09000003",
        "name": "Belfast City Council",
        "short_name": "Belfast",
        "nation": "northern-ireland",
        "region": "Northern Ireland",
        "authority_type": "NI district",
    },
]


def load_members(loader):
    statuses = []
    for spec in LOCAL_AUTHORITIES:
        values = {name: value for name, value in spec.items() if name != "gss_code"}
        statuses.append(upsert(LocalAuthority, {"gss_code": spec["gss_code"]}, values)[1])
    loader.report("Local authorities", statuses)
    loader.add_menu_link("/members/directory/", "Members", order=DIRECTORY_MENU_ORDER)
    loader.add_menu_link("/members/join/", "Join", order=JOIN_MENU_ORDER)


def load_memberships(loader):
    """An approved councillor membership for each demo councillor's account."""
    statuses = []
    users = get_user_model().objects
    for email, (gss_code, ward) in COUNCILLORS.items():
        _, status = upsert(
            Membership,
            {"user": users.get(email__iexact=email)},
            {
                "category": Membership.Category.COUNCILLOR,
                "status": Membership.Status.ACTIVE,
                "local_authority": LocalAuthority.objects.get(gss_code=gss_code),
                "ward": ward,
            },
        )
        statuses.append(status)
    for email, (name, details, gss_code) in ORGANISATIONS.items():
        authority = LocalAuthority.objects.get(gss_code=gss_code)
        organisation, status = upsert(Organisation, {"name": name}, details)
        if set(organisation.local_authorities.all()) != {authority}:
            organisation.local_authorities.set([authority])
        _, membership_status = upsert(
            Membership,
            {"user": users.get(email__iexact=email)},
            {
                "category": Membership.Category.ORGANISATION,
                "status": Membership.Status.ACTIVE,
                "organisation": organisation,
                "organisation_name": organisation.name,
                "local_authority": authority,
                "job_title": "Coordinator",
            },
        )
        statuses += [status, membership_status]
    loader.report("Memberships", statuses)


DEMO_STEPS = [
    DemoStep("members", 300, load_members),
    DemoStep("memberships", 610, load_memberships, after=("members", "accounts")),
]
