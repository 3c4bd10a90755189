"""A council's Keep it Local commitments, kept by membership officers and shown
on its council page: the principles endorsed (how and when), a champion, a note
and links to the council's published documents."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from members.councils.models import Commitment, CommitmentDocument
from tests.members.membership_roles import admin_refused, sign_in
from tests.query_counts import QUERY_BUDGET, warm_query_count

pytestmark = pytest.mark.django_db

ADD = "/admin/council_commitments/new/"


def commitment_for(authority, **values):
    values = {
        "endorsed_on": datetime.date(2025, 11, 19),
        "endorsed_by": Commitment.Endorsement.COUNCIL_MOTION,
        "champion_name": "Cllr Nadia Holt",
        "champion_role": "Executive member for communities",
        "note": "Local organisations first when services are recommissioned.",
        **values,
    }
    return Commitment.objects.create(authority=authority, **values)


def form_data(authority, documents=(), **overrides):
    data = {
        "authority": str(authority.pk),
        "endorsed_on": "2025-11-19",
        "endorsed_by": Commitment.Endorsement.COUNCIL_MOTION,
        "champion_name": "Cllr Nadia Holt",
        "champion_role": "Executive member for communities",
        "note": "Local organisations first.",
        "documents-TOTAL_FORMS": str(len(documents)),
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    for index, (title, url) in enumerate(documents):
        data |= {
            f"documents-{index}-title": title,
            f"documents-{index}-url": url,
            f"documents-{index}-published_on": "",
            f"documents-{index}-ORDER": str(index + 1),
            f"documents-{index}-id": "",
            f"documents-{index}-DELETE": "",
        }
    return data | overrides


# On the council page


def test_the_council_page_shows_its_commitments(client, leeds):
    commitment = commitment_for(leeds)
    CommitmentDocument.objects.create(
        commitment=commitment,
        title="Motion on local commissioning",
        url="https://democracy.example.gov.uk/motion",
        published_on=datetime.date(2025, 11, 20),
    )
    html = client.get("/councils/leeds/").text
    assert "Keep it Local commitments" in html
    assert "Leeds endorsed the Keep it Local principles on 19 November 2025" in html
    assert "through a motion passed by full council" in html
    assert "Its champion is Cllr Nadia Holt, Executive member for communities." in html
    assert "Local organisations first when services are recommissioned." in html
    assert 'href="https://democracy.example.gov.uk/motion"' in html
    assert "Motion on local commissioning</a> (November 2025)" in html


def test_a_council_that_has_not_endorsed_them_says_so(client, leeds):
    commitment_for(leeds, endorsed_on=None, endorsed_by="")
    html = client.get("/councils/leeds/").text
    assert "Leeds has not endorsed the Keep it Local principles yet." in html
    assert "Its champion is Cllr Nadia Holt" in html


def test_no_commitments_section_without_anything_to_show(client, leeds, bristol):
    Commitment.objects.create(authority=bristol)
    for slug in ("leeds", "bristol"):
        html = client.get(f"/councils/{slug}/").text
        assert "Keep it Local commitments" not in html


def test_the_page_stays_within_its_query_budget_with_commitments(client, leeds):
    commitment = commitment_for(leeds)
    for number in range(5):
        CommitmentDocument.objects.create(
            commitment=commitment, title=f"Report {number}", url=f"https://example.gov.uk/{number}"
        )
    assert warm_query_count(client, "/councils/leeds/") <= QUERY_BUDGET


def test_changing_a_commitment_drops_the_cached_council_page(
    client, settings, home_page, leeds, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    commitment = commitment_for(leeds)
    assert "Cllr Nadia Holt" in client.get("/councils/leeds/").text
    assert client.get("/councils/leeds/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        commitment.champion_name = "Cllr Omar Reid"
        commitment.save()
    response = client.get("/councils/leeds/")
    assert response["X-Page-Cache"] == "miss"
    assert "Cllr Omar Reid" in response.text


# Kept by membership officers


def test_an_officer_records_commitments_with_documents(client, leeds):
    sign_in(client, "officer")
    assert client.get(f"{ADD}?authority={leeds.pk}").status_code == 200
    response = client.post(
        ADD,
        form_data(leeds, documents=[("Motion", "https://democracy.example.gov.uk/m")]),
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get(authority=leeds)
    assert commitment.champion_name == "Cllr Nadia Holt"
    assert [(d.title, d.url) for d in commitment.documents.all()] == [
        ("Motion", "https://democracy.example.gov.uk/m")
    ]
    assert "Motion</a>" in client.get("/councils/leeds/").text


def test_the_new_form_starts_with_the_authority_from_its_admin_page(client, leeds, bristol):
    sign_in(client, "officer")
    page = client.get(f"/admin/local_authorities/inspect/{leeds.pk}/").text
    assert "Keep it Local commitments" in page
    assert f"{ADD}?authority={leeds.pk}" in page
    form = client.get(f"{ADD}?authority={leeds.pk}").text
    assert f'<option value="{leeds.pk}" selected>' in form
    # Rubbish, or an authority that already has a record, starts blank.
    commitment_for(bristol)
    for raw in (str(bristol.pk), "x", "9" * 30, "-1"):
        form = client.get(f"{ADD}?authority={raw}").text
        assert "selected>Bristol" not in form
        assert "selected>Leeds" not in form
    edit = f"/admin/council_commitments/edit/{bristol.commitment.pk}/"
    assert edit in client.get(f"/admin/local_authorities/inspect/{bristol.pk}/").text
    assert (
        "principles endorsed on 19 November 2025"
        in client.get(f"/admin/local_authorities/inspect/{bristol.pk}/").text
    )


@pytest.mark.parametrize(
    ("overrides", "documents", "field", "message"),
    [
        ({"endorsed_on": ""}, (), "endorsed_on", "Say when the council endorsed the principles."),
        (
            {"endorsed_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            (),
            "endorsed_on",
            "cannot be in the future",
        ),
        ({"champion_name": ""}, (), "champion_name", "Name the councillor who holds this role."),
        ({"endorsed_on": "31/31/2025"}, (), "endorsed_on", "Enter a valid date."),
        ({}, [("Bad link", "javascript:alert(1)")], "url", "Enter a valid URL."),
        ({}, [("", "https://example.gov.uk/")], "title", "This field is required."),
        ({"note": "x" * 801}, (), "note", "at most 800 characters"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(
    client, leeds, overrides, documents, field, message
):
    sign_in(client, "officer")
    response = client.post(ADD, form_data(leeds, documents=documents, **overrides))
    assert response.status_code == 200
    assert message in response.text
    assert not Commitment.objects.exists()
    assert not CommitmentDocument.objects.exists()


def test_one_record_per_council(client, leeds):
    commitment_for(leeds)
    sign_in(client, "officer")
    response = client.post(ADD, form_data(leeds))
    assert response.status_code == 200
    assert Commitment.objects.count() == 1


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
def test_only_membership_officers_and_superusers_keep_them(client, leeds, role):
    commitment = commitment_for(leeds)
    sign_in(client, role)
    for path in (
        "/admin/council_commitments/",
        ADD,
        f"/admin/council_commitments/edit/{commitment.pk}/",
    ):
        assert admin_refused(client.get(path), path)
    response = client.post(ADD, form_data(leeds, champion_name="Cllr Forged"))
    assert admin_refused(response, ADD)
    assert not Commitment.objects.filter(champion_name="Cllr Forged").exists()


def test_the_list_says_which_councils_endorsed_the_principles(client, leeds, bristol):
    commitment_for(leeds)
    commitment_for(bristol, endorsed_on=None, endorsed_by="")
    rows = client.get("/councils/").text.split("<tr")
    leeds_row = next(row for row in rows if "Leeds City Council" in row)
    bristol_row = next(row for row in rows if "Bristol City Council" in row)
    assert "Endorsed the principles" in leeds_row
    assert "Endorsed the principles" not in bristol_row
