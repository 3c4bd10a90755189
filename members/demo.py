"""The members' part of the demo: real local authorities (by GSS code), the member
pages in the main menu, the demo councillor's approved membership and a community
organisation's, whose main contact can invite colleagues."""

from decimal import Decimal

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

# Members in the directory (accounts that cannot sign in: no password), so that
# the directory and the council pages show the network: email, name, category,
# council (GSS code), what they chose to show.
LISTED_MEMBERS = [
    {
        "email": "listed.councillor.manchester@keepitlocal.example",
        "first_name": "Tom",
        "last_name": "Hughes",
        "category": Membership.Category.COUNCILLOR,
        "gss_code": "E08000003",
        "ward": "Moss Side",
        "bio": "Chairs the adult social care scrutiny panel; keen to hear how small "
        "providers are paid.",
    },
    {
        "email": "listed.officer.leeds@keepitlocal.example",
        "first_name": "Priya",
        "last_name": "Shah",
        "category": Membership.Category.OFFICER,
        "gss_code": "E08000035",
        "job_title": "Commissioning manager, early help",
        "bio": "Works on grant programmes for neighbourhood family support.",
    },
    {
        "email": "listed.councillor.bristol@keepitlocal.example",
        "first_name": "Gwen",
        "last_name": "Morgan",
        "category": Membership.Category.COUNCILLOR,
        "gss_code": "E06000023",
        "ward": "Easton",
        "visibility": Membership.Visibility.MEMBERS,
        "bio": "Cabinet member for communities.",
    },
]

# Real councils and their GSS codes, named as in mySociety's register, each at its
# main town's centre (`manage.py import_local_authorities` brings the register's own).
LOCAL_AUTHORITIES = [
    {
        "gss_code": "E08000035",
        "name": "Leeds City Council",
        "short_name": "Leeds",
        "nation": "england",
        "region": "Yorkshire and The Humber",
        "authority_type": "Metropolitan district",
        "latitude": Decimal("53.7997"),
        "longitude": Decimal("-1.5492"),
    },
    {
        "gss_code": "E08000003",
        "name": "Manchester City Council",
        "short_name": "Manchester",
        "nation": "england",
        "region": "North West",
        "authority_type": "Metropolitan district",
        "latitude": Decimal("53.4808"),
        "longitude": Decimal("-2.2426"),
    },
    {
        "gss_code": "E06000023",
        "name": "Bristol City Council",
        "short_name": "City of Bristol",
        "nation": "england",
        "region": "South West",
        "authority_type": "Unitary authority",
        "latitude": Decimal("51.4545"),
        "longitude": Decimal("-2.5879"),
    },
    {
        "gss_code": "E06000052",
        "name": "Cornwall Council",
        "short_name": "Cornwall",
        "nation": "england",
        "region": "South West",
        "authority_type": "Unitary authority",
        "latitude": Decimal("50.2632"),
        "longitude": Decimal("-5.0510"),
    },
    {
        "gss_code": "E09000012",
        "name": "London Borough of Hackney",
        "short_name": "Hackney",
        "nation": "england",
        "region": "London",
        "authority_type": "London borough",
        "latitude": Decimal("51.5450"),
        "longitude": Decimal("-0.0553"),
    },
    {
        "gss_code": "W06000015",
        "name": "City of Cardiff Council",
        "short_name": "Cardiff",
        "nation": "wales",
        "region": "Wales",
        "authority_type": "Welsh unitary authority",
        "latitude": Decimal("51.4816"),
        "longitude": Decimal("-3.1791"),
    },
    {
        "gss_code": "S12000049",
        "name": "Glasgow City Council",
        "short_name": "Glasgow City",
        "nation": "scotland",
        "region": "Scotland",
        "authority_type": "Scottish unitary authority",
        "latitude": Decimal("55.8642"),
        "longitude": Decimal("-4.2518"),
    },
    {
        "gss_code": "N09000003",
        "name": "Belfast City Council",
        "short_name": "Belfast",
        "nation": "northern-ireland",
        "region": "Northern Ireland",
        "authority_type": "NI district",
        "latitude": Decimal("54.5973"),
        "longitude": Decimal("-5.9301"),
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
    """An approved membership for each demo member's account (a councillor, an
    organisation's main contact), and a few more members listed in the directory."""
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
                "directory_visibility": Membership.Visibility.PUBLIC,
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
                "directory_visibility": Membership.Visibility.PUBLIC,
            },
        )
        statuses += [status, membership_status]
    for spec in LISTED_MEMBERS:
        user = users.filter(email__iexact=spec["email"]).first()
        if user is None:
            user = users.create_user(
                spec["email"], first_name=spec["first_name"], last_name=spec["last_name"]
            )
        _, status = upsert(
            Membership,
            {"user": user},
            {
                "category": spec["category"],
                "status": Membership.Status.ACTIVE,
                "local_authority": LocalAuthority.objects.get(gss_code=spec["gss_code"]),
                "ward": spec.get("ward", ""),
                "job_title": spec.get("job_title", ""),
                "bio": spec["bio"],
                "directory_visibility": spec.get("visibility", Membership.Visibility.PUBLIC),
            },
        )
        statuses.append(status)
    loader.report("Memberships", statuses)


DEMO_STEPS = [
    DemoStep("members", 300, load_members),
    DemoStep("memberships", 610, load_memberships, after=("members", "accounts")),
]
