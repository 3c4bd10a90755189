import pytest
from django.urls import reverse

from members.forms.profile import MARKETING_CONSENT_WORDING
from members.models import MarketingConsent, Membership, Organisation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/members/profile/"


def profile_data(**overrides):
    data = {
        "first_name": "Asha",
        "last_name": "Patel",
        "job_title": "Cabinet member for communities",
        "ward": "Armley",
        "bio": "Twenty years in community development.",
        "directory_visibility": Membership.Visibility.MEMBERS,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def organisation_profile_data(**overrides):
    """What an organisation's main contact sends: no ward, and the organisation's own
    details (its name as now, the others left empty unless given)."""
    details = dict.fromkeys(["website", "charity_number", "company_number", "income_band"], "")
    details.update(ward=None, organisation_name_official="Armley Community Trust")
    return profile_data(**{**details, **overrides})


@pytest.fixture
def councillor(client):
    membership = MembershipFactory(status=Membership.Status.ACTIVE)
    client.force_login(membership.user)
    return membership


@pytest.fixture
def organisation_contact(client):
    membership = MembershipFactory(
        status=Membership.Status.ACTIVE,
        for_organisation=True,
        organisation__name="Armley Community Trust",
    )
    client.force_login(membership.user)
    return membership


def test_the_profile_url(client):
    assert reverse("members:profile") == URL


def test_a_councillor_edits_name_role_ward_bio_and_listing(client, councillor):
    response = client.post(URL, profile_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")
    councillor.refresh_from_db()
    councillor.user.refresh_from_db()
    assert councillor.user.get_full_name() == "Asha Patel"
    assert councillor.job_title == "Cabinet member for communities"
    assert councillor.ward == "Armley"
    assert councillor.bio == "Twenty years in community development."
    assert councillor.directory_visibility == Membership.Visibility.MEMBERS
    assert "Your profile has been saved." in client.get(response["Location"]).text


def test_fields_depend_on_the_category(client, councillor):
    councillor_page = client.get(URL).text
    assert 'name="ward"' in councillor_page
    assert 'name="website"' not in councillor_page

    officer = MembershipFactory(category=Membership.Category.OFFICER, ward="")
    client.force_login(officer.user)
    officer_page = client.get(URL).text
    assert 'name="ward"' not in officer_page
    assert 'name="job_title"' in officer_page


def test_the_contact_of_a_community_organisation_edits_its_details(client, organisation_contact):
    response = client.get(URL)
    assert 'name="organisation_name_official"' in response.text
    assert 'value="Armley Community Trust"' in response.text
    response = client.post(
        URL,
        organisation_profile_data(
            organisation_name_official="Armley & Wortley Community Trust",
            website="www.armley-trust.org.uk",
            charity_number="1234567",
            income_band=Organisation.IncomeBand.FROM_100K_TO_1M,
        ),
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=organisation_contact.organisation_id)
    assert organisation.name == "Armley & Wortley Community Trust"
    assert organisation.website == "https://www.armley-trust.org.uk"
    assert organisation.charity_number == "1234567"
    assert organisation.income_band == Organisation.IncomeBand.FROM_100K_TO_1M


def test_a_user_without_membership_edits_name_and_consent_only(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(URL).text
    assert 'name="first_name"' in page
    assert 'name="bio"' not in page
    assert 'name="directory_visibility"' not in page
    response = client.post(
        URL, {"first_name": "Sam", "last_name": "Lee", "marketing_consent": "on"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.get_full_name() == "Sam Lee"
    assert MarketingConsent.objects.get(user=user).given


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "This field is required."),
        ({"last_name": "   "}, "last_name", "This field is required."),
        ({"first_name": "x" * 151}, "first_name", "at most 150 characters"),
        ({"job_title": "x" * 151}, "job_title", "at most 150 characters"),
        ({"ward": "w" * 151}, "ward", "at most 150 characters"),
        ({"bio": "b" * 1501}, "bio", "at most 1500 characters"),
        ({"directory_visibility": "everyone"}, "directory_visibility", "Select a valid choice"),
        ({"directory_visibility": ""}, "directory_visibility", "This field is required."),
        ({"first_name": "nul\x00byte"}, "first_name", "Null characters are not allowed."),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(
    client, councillor, overrides, field, message
):
    before = (councillor.user.first_name, councillor.job_title, councillor.bio)
    response = client.post(URL, profile_data(**overrides))
    assert response.status_code == 400
    assert message in response.text
    assert f'href="#id_{field}' in response.text  # the error summary links to the field
    councillor.refresh_from_db()
    councillor.user.refresh_from_db()
    assert (councillor.user.first_name, councillor.job_title, councillor.bio) == before
    assert not MarketingConsent.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("website", "not a web address"),
        ("charity_number", "12"),
        ("company_number", "ABC"),
        ("income_band", "billions"),
        ("organisation_name_official", ""),
    ],
)
def test_bad_organisation_details_save_nothing(client, organisation_contact, field, value):
    data = organisation_profile_data(first_name="Changed", organisation_name_official="New name")
    data[field] = value
    response = client.post(URL, data)
    assert response.status_code == 400
    assert 'class="field__error"' in response.text
    organisation_contact.organisation.refresh_from_db()
    organisation_contact.user.refresh_from_db()
    assert organisation_contact.organisation.name == "Armley Community Trust"
    assert organisation_contact.user.first_name != "Changed"


def test_html_and_script_are_stored_as_text_and_shown_escaped(client, councillor):
    script = "<script>alert('owned')</script>"
    client.post(URL, profile_data(bio=script, job_title="<b>Leader</b>", last_name="O'Brien"))
    councillor.refresh_from_db()
    assert councillor.bio == script
    assert councillor.job_title == "<b>Leader</b>"
    for page in (client.get(URL).text, client.get(reverse("members:dashboard")).text):
        assert "<script>alert" not in page
        assert "<b>Leader</b>" not in page
        assert "&lt;script&gt;" in page


def test_consent_is_recorded_with_wording_and_time_only_when_it_changes(client, councillor):
    client.post(URL, profile_data(marketing_consent="on"))
    given = MarketingConsent.objects.get(user=councillor.user)
    assert given.given is True
    assert given.wording == MARKETING_CONSENT_WORDING
    assert given.recorded_at is not None

    client.post(URL, profile_data(marketing_consent="on", bio="Changed my bio only."))
    assert MarketingConsent.objects.filter(user=councillor.user).count() == 1

    client.post(URL, profile_data())  # checkbox unticked: consent withdrawn
    withdrawn = MarketingConsent.objects.filter(user=councillor.user).latest()
    assert withdrawn.given is False
    assert withdrawn.wording == MARKETING_CONSENT_WORDING
    assert MarketingConsent.objects.filter(user=councillor.user).count() == 2

    client.post(URL, profile_data())
    assert MarketingConsent.objects.filter(user=councillor.user).count() == 2
    dashboard = client.get(reverse("members:dashboard")).text
    assert "You said no on" in dashboard


def test_the_consent_wording_is_shown_beside_the_checkbox(client, councillor):
    page = client.get(URL).text
    assert f'<label for="id_marketing_consent">{MARKETING_CONSENT_WORDING}</label>' in page


def test_a_member_edits_only_their_own_profile(client, councillor):
    other = MembershipFactory(user__first_name="Other", bio="Theirs")
    response = client.post(
        URL, profile_data(user=other.user.pk, user_id=other.user.pk, membership=other.pk)
    )
    assert response.status_code == 302
    other.refresh_from_db()
    other.user.refresh_from_db()
    assert other.user.first_name == "Other"
    assert other.bio == "Theirs"
    assert "Theirs" not in client.get(URL).text


def test_the_form_shows_current_values(client, councillor):
    MarketingConsent.objects.create(user=councillor.user, given=True, wording="old words")
    page = client.get(URL).text
    assert f'value="{councillor.user.first_name}"' in page
    assert 'name="marketing_consent" id="id_marketing_consent" checked' in page
