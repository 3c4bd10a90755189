"""The council pages: /councils/ lists every current local authority with the
network in each, /councils/<slug>/ shows one: its listed members (the
directory's visibility rules, unchanged), the community organisations working
there, the events it co-hosted, and a call to action that fits the reader."""

import json
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from members.councils.models import Commitment
from members.importing import import_local_authorities
from members.models import LocalAuthority, Membership, Organisation
from tests.factories import (
    EventRequestFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.members.membership_roles import (
    assert_listed_as_viewer_may_see,
    directory_viewers,
    listed_member,
)
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

PUBLIC = Membership.Visibility.PUBLIC
MEMBERS = Membership.Visibility.MEMBERS
HIDDEN = Membership.Visibility.HIDDEN
Status = Membership.Status


def listed(authority, first_name, visibility, **kwargs):
    """A member of ``authority``'s area in the directory (tests/members/membership_roles.py)."""
    return listed_member(first_name, visibility, local_authority=authority, **kwargs)


@pytest.fixture
def people(leeds):
    return {
        "public": listed(leeds, "Publicia", PUBLIC, job_title="Leader of the council"),
        "members": listed(leeds, "Membera", MEMBERS, bio="Happy to talk about social value."),
        "hidden": listed(leeds, "Hiddenson", HIDDEN),
        "pending": listed(leeds, "Pendleton", PUBLIC, status=Status.PENDING),
        "lapsed": listed(leeds, "Lapsey", PUBLIC, status=Status.LAPSED),
    }


def organisation_in(authority, name, status=Status.ACTIVE, **kwargs):
    organisation = OrganisationFactory(name=name, **kwargs)
    organisation.local_authorities.add(authority)
    MembershipFactory(
        for_organisation=True, organisation=organisation, status=status, local_authority=authority
    )
    return organisation


# The list


def test_every_current_council_is_listed_with_the_network_in_it(client, leeds, bristol, people):
    LocalAuthorityFactory(name="Abolished District Council", is_current=False)
    organisation_in(leeds, "Armley Food Bank")
    page = client.get("/councils/")
    assert page.status_code == 200
    html = page.text
    assert "Leeds City Council" in html
    assert "Bristol City Council" in html
    assert "Abolished District Council" not in html
    rows = {row.name: row for row in page.context["authorities"]}
    # An anonymous reader counts only the public listing.
    assert (
        rows["Leeds City Council"].listed_count,
        rows["Leeds City Council"].organisation_count,
    ) == (1, 1)
    assert rows["Bristol City Council"].listed_count == 0
    client.force_login(MembershipFactory(status=Status.ACTIVE).user)
    rows = {row.name: row for row in client.get("/councils/").context["authorities"]}
    assert rows["Leeds City Council"].listed_count == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "leeds"}, ["Leeds City Council"]),
        ({"q": "city council"}, ["Bristol City Council", "Leeds City Council"]),
        ({"region": "South West"}, ["Bristol City Council"]),
        ({"nation": "wales"}, []),
        ({"present": "on"}, ["Leeds City Council"]),
        ({"region": "Atlantis"}, ["Bristol City Council", "Leeds City Council"]),
        # Invalid values are ignored, as in the directory.
        ({"nation": "nowhere", "q": "x" * 5000}, ["Bristol City Council", "Leeds City Council"]),
        ({"page": "999"}, ["Bristol City Council", "Leeds City Council"]),
        ({"q": "\x00\x1f"}, ["Bristol City Council", "Leeds City Council"]),
    ],
)
def test_search_and_filters_and_bad_input(client, leeds, bristol, people, query, expected):
    response = client.get("/councils/", query)
    assert response.status_code == 200
    assert [row.name for row in response.context["authorities"]] == expected


def test_a_council_with_only_an_event_is_where_the_network_is(client, leeds, bristol, make_event):
    make_event(host_authority=bristol)
    response = client.get("/councils/", {"present": "on"})
    assert [row.name for row in response.context["authorities"]] == ["Bristol City Council"]
    (bristol_row,) = response.context["authorities"]
    assert (bristol_row.events_coming, bristol_row.events_held) == (1, 0)


def test_the_list_costs_the_same_for_two_councils_or_forty(client, leeds, bristol, people):
    few = warm_query_count(client, "/councils/")
    for n in range(38):
        authority = LocalAuthorityFactory()
        listed(authority, f"Person{n}", PUBLIC)
    assert warm_query_count(client, "/councils/") == few
    assert few <= QUERY_BUDGET


# One council


@pytest.mark.parametrize("viewer", list(directory_viewers()))
def test_the_councils_members_follow_the_directorys_visibility(client, leeds, people, viewer):
    make = directory_viewers()[viewer]
    if make:
        client.force_login(make())
    assert_listed_as_viewer_may_see(client.get("/councils/leeds/").text, viewer)


def test_a_council_shows_its_organisations_and_events(client, leeds, bristol, make_event):
    organisation_in(leeds, "Armley Food Bank", website="https://armley.example.org/")
    organisation_in(leeds, "Closed Down Trust", status=Status.CANCELLED)
    organisation_in(bristol, "Easton Youth Club")
    organisation_in(leeds, "Leeds Hospitals Trust", kind=Organisation.Kind.PUBLIC_BODY)
    coming = make_event(host_authority=leeds, title="Roundtable in Leeds")
    held = make_event(
        host_authority=leeds,
        title="Last years Leeds gathering",
        start=timezone.now() - timezone.timedelta(days=30),
        end=timezone.now() - timezone.timedelta(days=30, hours=-3),
    )
    make_event(host_authority=bristol, title="Bristol briefing")
    called_off = make_event(host_authority=leeds, title="Called off in Leeds")
    called_off.cancelled_at = timezone.now()
    called_off.save_revision().publish()
    draft = make_event(host_authority=leeds, title="Draft in Leeds")
    draft.unpublish()
    page = client.get("/councils/leeds/").text
    assert 'href="https://armley.example.org/"' in page
    for absent in ("Closed Down Trust", "Easton Youth Club", "Leeds Hospitals Trust"):
        assert absent not in page
    upcoming, past = page.split('id="upcoming-title"')[1].split('id="past-title"')
    assert coming.title in upcoming
    assert held.title in past
    for absent in ("Bristol briefing", "Called off in Leeds", "Draft in Leeds"):
        assert absent not in page


def test_the_call_to_action_fits_the_reader(client, leeds, bristol):
    assert "Join the network" in client.get("/councils/leeds/").text
    councillor = MembershipFactory(status=Status.ACTIVE, local_authority=leeds)
    client.force_login(councillor.user)
    here = client.get("/councils/leeds/").text
    assert "Ask us to host an event here" in here
    assert 'href="/events/request/"' in here
    elsewhere = client.get("/councils/bristol/").text
    assert "Ask us to host an event here" not in elsewhere
    assert "Join the network" not in elsewhere


def test_a_council_page_carries_its_structured_data(client, leeds):
    page = client.get("/councils/leeds/").text
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)
    data = json.loads(raw)
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Leeds City Council"
    assert data["identifier"]["value"] == "E08000035"
    assert data["url"].endswith("/councils/leeds/")
    assert data["areaServed"]["containedInPlace"]["name"] == "Yorkshire and The Humber"


def test_an_unknown_council_is_not_found_and_an_abolished_one_says_so(client, leeds):
    assert client.get("/councils/atlantis/").status_code == 404
    old = LocalAuthorityFactory(name="Old Leeds District", short_name="Leeds", is_current=False)
    assert old.slug == "leeds-" + old.gss_code.lower()  # the short name was taken
    page = client.get(old.get_absolute_url())
    assert page.status_code == 200
    assert "no longer exists" in page.text


def test_the_sitemap_lists_every_current_council(client, home_page, leeds):
    LocalAuthorityFactory(name="Abolished District Council", short_name="Gone", is_current=False)
    sitemap = client.get("/sitemap.xml").text
    assert "/councils/</loc>" in sitemap
    assert "/councils/leeds/</loc>" in sitemap
    assert "/councils/gone/" not in sitemap


@pytest.mark.parametrize("viewer", ["anonymous", "active member"])
def test_a_council_page_costs_the_same_however_big_the_council(client, leeds, make_event, viewer):
    if viewer == "active member":
        client.force_login(MembershipFactory(status=Status.ACTIVE, local_authority=leeds).user)
    listed(leeds, "First", PUBLIC)
    organisation_in(leeds, "First Trust")
    make_event(host_authority=leeds)
    commitment = Commitment.objects.create(authority=leeds, champion_name="Cllr Nadia Holt")
    few = warm_query_count(client, "/councils/leeds/")
    for n in range(30):
        listed(leeds, f"Listee{n}", PUBLIC)
        organisation_in(leeds, f"Trust {n}")
        commitment.documents.create(title=f"Report {n}", url=f"https://example.gov.uk/{n}")
    for _ in range(8):
        make_event(host_authority=leeds)
    assert warm_query_count(client, "/councils/leeds/") == few
    assert few <= QUERY_BUDGET


# Addresses and the cache


def test_slugs_come_from_the_short_name_and_the_importer_makes_them(tmp_path):
    csv = tmp_path / "authorities.csv"
    csv.write_text(
        "official-name,nice-name,gss-code,nation,region,local-authority-type-name,"
        "lat,long,current-authority\n"
        "Kingston upon Hull City Council,Kingston upon Hull,E06000010,England,"
        "Yorkshire and The Humber,Unitary authority,53.74,-0.33,True\n"
    )
    import_local_authorities(csv)
    assert LocalAuthority.objects.get(gss_code="E06000010").slug == "kingston-upon-hull"


def test_a_member_leaving_the_directory_leaves_the_cached_council_page(
    client, settings, home_page, leeds, people, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    assert "Publicia" in client.get("/councils/leeds/").text
    assert client.get("/councils/leeds/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        people["public"].directory_visibility = HIDDEN
        people["public"].save()
    response = client.get("/councils/leeds/")
    assert response["X-Page-Cache"] == "miss"
    assert "Publicia" not in response.text


# Staff


def test_an_authoritys_admin_page_lists_its_members_events_and_requests(
    client, leeds, bristol, people, make_event
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    event = make_event(host_authority=leeds, title="Roundtable in Leeds")
    make_event(host_authority=bristol, title="Bristol briefing")
    request = EventRequestFactory(local_authority=leeds, title="Care close to home")
    EventRequestFactory(local_authority=bristol, title="A Bristol request")
    page = client.get(f"/admin/local_authorities/inspect/{leeds.pk}/")
    assert page.status_code == 200
    html = page.text
    assert "Events hosted by this authority will be listed here" not in html
    assert "Events it co-hosts (1)" in html
    assert f'href="/admin/pages/{event.pk}/edit/"' in html
    assert "Event requests (1)" in html
    assert f'href="/admin/event_requests/inspect/{request.pk}/"' in html
    for elsewhere in ("Bristol briefing", "A Bristol request"):
        assert elsewhere not in html
    assert 'href="/councils/leeds/"' in html
    assert "Publicia Listed" in html


# The map


def test_the_map_marks_each_council_where_the_network_is_with_a_link(
    client, leeds, bristol, people
):
    leeds.latitude, leeds.longitude = 53.7997, -1.5492
    leeds.save()
    bristol.latitude, bristol.longitude = 51.4545, -2.5879
    bristol.save()
    LocalAuthorityFactory(name="Far Away Council")  # no coordinates: not on the map
    response = client.get("/councils/")
    council_map = response.context["council_map"]
    assert [mark.authority for mark in council_map.marks] == [leeds]
    assert len(council_map.dots) == 1  # Bristol, where the network is not yet
    (svg,) = re.findall(r"<svg class=\"council-map__svg\".*?</svg>", response.text, flags=re.S)
    (link,) = re.findall(r"<a [^>]*>", svg)
    assert 'href="/councils/leeds/"' in link
    assert 'aria-label="Leeds City Council: 1 member listed, 0 organisations' in link
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # North is up: Leeds is drawn above (a smaller y than) Bristol would be.
    (mark,) = council_map.marks
    assert mark.y < council_map.dots[0][1]
    assert mark.x > council_map.dots[0][0]  # and to the east


def test_the_map_follows_the_filters(client, leeds, bristol, people, make_event):
    for authority, (lat, lon) in ((leeds, (53.8, -1.55)), (bristol, (51.45, -2.59))):
        authority.latitude, authority.longitude = lat, lon
        authority.save()
    make_event(host_authority=bristol)
    marks = client.get("/councils/", {"region": "South West"}).context["council_map"].marks
    assert [mark.authority for mark in marks] == [bristol]


def test_the_home_page_shows_a_small_map_linking_to_the_councils(client, home_page, leeds, people):
    leeds.latitude, leeds.longitude = 53.7997, -1.5492
    leeds.save()
    page = client.get("/").text
    assert "The network by place" in page
    assert 'href="/councils/leeds/"' in page
    assert 'href="/councils/">Every council and the network in it</a>' in page
