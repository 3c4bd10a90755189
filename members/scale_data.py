"""The members' part of the scale data: fictional councils beside the real ones of
the demo, and people with memberships of every category and status.

The fictional councils have GSS-like codes starting with X, a letter no real
code starts with, so `manage.py import_local_authorities` never meets them.
Nobody can sign in as a generated person: their passwords are unusable.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils.text import slugify

from network_site.demo.scale import BATCH_SIZE, EMAIL_DOMAIN, Person, ScaleStep, batches, weighted

from .models import LocalAuthority, Membership, MembershipFees, Organisation

FICTIONAL_CODE_PREFIX = "X"
# One value for everyone, marked unusable: hashing 10,000 passwords would take minutes.
UNUSABLE_PASSWORD = f"{UNUSABLE_PASSWORD_PREFIX}scale-data-no-sign-in"

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Dev",
    "Elin",
    "Farid",
    "Grace",
    "Harri",
    "Isla",
    "Jamal",
    "Kira",
    "Liam",
    "Maya",
    "Niall",
    "Orla",
    "Priya",
    "Quinn",
    "Rhys",
    "Sana",
    "Tom",
    "Una",
    "Vikram",
    "Wren",
    "Yusuf",
    "Zara",
    "Aled",
    "Bethan",
    "Callum",
    "Dana",
    "Ewan",
    "Fatima",
    "Gwen",
    "Hamza",
    "Ines",
    "Jonah",
    "Kezia",
    "Lowri",
    "Malik",
    "Nadia",
    "Owen",
]
LAST_NAMES = [
    "Ahmed",
    "Baker",
    "Campbell",
    "Davies",
    "Evans",
    "Fraser",
    "Gill",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lloyd",
    "Morgan",
    "Nowak",
    "O'Neill",
    "Price",
    "Quayle",
    "Roberts",
    "Singh",
    "Thomas",
    "Underwood",
    "Vaughan",
    "Walsh",
    "Young",
    "Zielinski",
    "Begum",
    "Chaudhry",
    "Doyle",
    "Ellis",
    "Foster",
    "Griffiths",
    "Hussain",
    "Jenkins",
    "Kelly",
    "Lewis",
    "Murphy",
    "Okafor",
    "Patel",
    "Reid",
    "Shah",
]
PLACE_STARTS = [
    "Ash",
    "Birch",
    "Brack",
    "Cold",
    "Dun",
    "Elm",
    "Fern",
    "Glen",
    "Hale",
    "Holm",
    "Kel",
    "Lang",
    "Mar",
    "Mill",
    "Nor",
    "Oak",
    "Pen",
    "Red",
    "Rush",
    "Sand",
    "Stan",
    "Thorn",
    "Wal",
    "West",
    "Wick",
]
PLACE_ENDS = [
    "bury",
    "combe",
    "dale",
    "field",
    "ford",
    "gate",
    "ham",
    "holt",
    "ley",
    "mere",
    "moor",
    "stead",
    "ton",
    "well",
    "wood",
]
COUNCIL_KINDS = [
    ("District Council", "Non-metropolitan district"),
    ("Borough Council", "Non-metropolitan district"),
    ("City Council", "Unitary authority"),
    ("County Council", "County council"),
    ("Council", "Unitary authority"),
]
# Nation, region, weight: roughly where the UK's councils are.
REGIONS = [
    ("england", "North East", 4),
    ("england", "North West", 9),
    ("england", "Yorkshire and The Humber", 6),
    ("england", "East Midlands", 8),
    ("england", "West Midlands", 8),
    ("england", "East of England", 10),
    ("england", "London", 7),
    ("england", "South East", 14),
    ("england", "South West", 8),
    ("wales", "Wales", 5),
    ("scotland", "Scotland", 7),
    ("northern-ireland", "Northern Ireland", 3),
]
WARD_ENDS = ["Central", "North", "South", "East", "West", "Park", "Village", "Riverside", "Hill"]
JOB_TITLES = [
    "Head of Commissioning",
    "Procurement Manager",
    "Policy Officer",
    "Director of Place",
    "Community Wealth Building Lead",
    "Social Value Officer",
]
ORGANISATION_KINDS = ["Trust", "Co-operative", "Community Interest Company", "Housing Association"]
BIOS = [
    "Works on bringing council services back in house.",
    "Interested in local supply chains and social value.",
    "Leads a community organisation that runs local services.",
    "Researches how councils commission care.",
    "",
    "",
]

CATEGORIES = [
    (Membership.Category.COUNCILLOR, 35),
    (Membership.Category.OFFICER, 20),
    (Membership.Category.ORGANISATION, 25),
    (Membership.Category.POLICY, 10),
    (Membership.Category.OTHER, 10),
]
STATUSES = [
    (Membership.Status.ACTIVE, 78),
    (Membership.Status.PENDING, 7),
    (Membership.Status.AWAITING_PAYMENT, 3),
    (Membership.Status.LAPSED, 6),
    (Membership.Status.REJECTED, 2),
    (Membership.Status.CANCELLED, 4),
]
VISIBILITY = [
    (Membership.Visibility.HIDDEN, 30),
    (Membership.Visibility.MEMBERS, 45),
    (Membership.Visibility.PUBLIC, 25),
]


def generated_people():
    return get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def existing():
    return (
        generated_people().count()
        + LocalAuthority.objects.filter(gss_code__startswith=FICTIONAL_CODE_PREFIX).count()
    )


def generate_members(generator):
    rng = generator.random_for("members")
    authorities = list(LocalAuthority.objects.order_by("gss_code")) + fictional_councils(
        generator, rng
    )
    staff = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    fees = MembershipFees.load()
    count = generator.count(10_000)
    users, memberships, organisations = [], [], {}
    for number in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{first}.{last}".lower().replace("'", "")
        joined = generator.now - datetime.timedelta(
            days=rng.randint(1, 5 * 365), minutes=rng.randint(0, 24 * 60)
        )
        users.append(
            get_user_model()(
                email=f"{local}.{number}@{EMAIL_DOMAIN}",
                first_name=first,
                last_name=last,
                password=UNUSABLE_PASSWORD,
                date_joined=joined,
            )
        )
        membership, organisation = membership_for(
            rng, authorities, joined, staff, generator.now, fees
        )
        if organisation is not None:
            organisations[number] = organisation
        memberships.append(membership)
    for batch in batches(users):
        get_user_model().objects.bulk_create(batch)
    Organisation.objects.bulk_create(
        [org for org, _ in organisations.values()], batch_size=BATCH_SIZE
    )
    # auto_now_add stamps the time of the run; the day the first member joined is reproducible.
    Organisation.objects.filter(pk__in=[org.pk for org, _ in organisations.values()]).update(
        created_at=generator.now - datetime.timedelta(days=5 * 365)
    )
    through = Organisation.local_authorities.through
    through.objects.bulk_create(
        [
            through(organisation_id=org.pk, localauthority_id=area.pk)
            for org, area in organisations.values()
        ],
        batch_size=BATCH_SIZE,
    )
    for number, (user, membership) in enumerate(zip(users, memberships, strict=True)):
        membership.user = user
        membership.organisation = organisations.get(number, (None, None))[0]
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    generator.people = [
        Person(
            user_id=user.pk,
            email=user.email,
            name=user.get_full_name(),
            category=membership.category,
            active=membership.is_active,
            local_authority_id=membership.local_authority_id,
        )
        for user, membership in zip(users, memberships, strict=True)
    ]
    generator.report("Members", len(users))
    generator.report("Organisations", len(organisations))


def fictional_councils(generator, rng):
    names = sorted({start + end for start in PLACE_STARTS for end in PLACE_ENDS})
    chosen = rng.sample(names, min(len(names), generator.count(200)))
    councils = []
    for number, place in enumerate(chosen, start=1):
        nation, region = weighted(rng, [((n, r), w) for n, r, w in REGIONS])
        kind, authority_type = rng.choice(COUNCIL_KINDS)
        councils.append(
            LocalAuthority(
                gss_code=f"{FICTIONAL_CODE_PREFIX}{number:08d}",
                name=f"{place} {kind}",
                short_name=place,
                nation=nation,
                region=region,
                authority_type=authority_type,
                # The places are unique, so is the code: no lookup per council.
                slug=f"{slugify(place)}-{number}",
            )
        )
    LocalAuthority.objects.bulk_create(councils)
    generator.report("Fictional local authorities", len(councils))
    return councils


def membership_for(rng, authorities, joined, staff, now, fees):
    """A membership, and for a community organisation's member the organisation
    and the council area it works in."""
    category = weighted(rng, CATEGORIES)
    status = weighted(rng, STATUSES)
    in_council = category in (Membership.Category.COUNCILLOR, Membership.Category.OFFICER)
    authority = rng.choice(authorities) if in_council or rng.random() < 0.4 else None
    organisation = None
    if category == Membership.Category.ORGANISATION:
        organisation = Organisation(
            name=f"{rng.choice(PLACE_STARTS)}{rng.choice(PLACE_ENDS)} Community "
            f"{rng.choice(ORGANISATION_KINDS)}",
            kind=Organisation.Kind.COMMUNITY,
            income_band=rng.choice(Organisation.IncomeBand.values),
        )
    fee = fees.fee_for(category, organisation.income_band if organisation else "")
    if status == Membership.Status.AWAITING_PAYMENT and not fee:
        # Nothing to pay: approval made the membership active at once.
        status = Membership.Status.ACTIVE
    decided = status != Membership.Status.PENDING
    decided_at = joined + datetime.timedelta(days=rng.randint(1, 14)) if decided else None
    if decided_at is not None and decided_at > now:
        decided_at = now
    expires_at = None
    if status == Membership.Status.ACTIVE:
        expires_at = now + datetime.timedelta(days=rng.randint(1, 365))
    elif status == Membership.Status.LAPSED:
        expires_at = now - datetime.timedelta(days=rng.randint(1, 365))
    membership = Membership(
        category=category,
        status=status,
        local_authority=authority,
        ward=(
            f"{authority.short_name} {rng.choice(WARD_ENDS)}"
            if category == Membership.Category.COUNCILLOR
            else ""
        ),
        job_title=rng.choice(JOB_TITLES) if category == Membership.Category.OFFICER else "",
        organisation_name=(
            f"{rng.choice(PLACE_STARTS)} Research" if category == Membership.Category.POLICY else ""
        ),
        bio=rng.choice(BIOS),
        directory_visibility=weighted(rng, VISIBILITY),
        applied_at=joined,
        decided_at=decided_at,
        decided_by=staff if decided else None,
        expires_at=expires_at,
        fee_due=fee,
    )
    if organisation is None:
        return membership, None
    return membership, (organisation, authority or rng.choice(authorities))


SCALE_STEPS = [ScaleStep("members", 100, generate_members, existing)]
