"""Joining the network: one form, one category's fields required, nothing saved half-way,
the fee recorded, the applicant and the membership officers emailed once it commits."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from members.forms.join import JoinForm
from members.models import Membership, MembershipFees, Organisation
from network_site.models import OutboundEmail
from tests.factories import LocalAuthorityFactory, MembershipFactory
from tests.members.membership_roles import (
    ROLES,
    membership_officer,
    user_in_role,
    verified_user,
)

pytestmark = pytest.mark.django_db

JOIN_URL = "/members/join/"


@pytest.fixture
def bradford(db):
    return LocalAuthorityFactory(name="Bradford Metropolitan District Council")


@pytest.fixture
def applicant(client):
    user = verified_user(first_name="", last_name="")
    client.force_login(user)
    return user


def answers(category, **extra):
    return {"first_name": "Ada", "last_name": "Lovelace", "category": category, **extra}


def councillor_answers(authority, **extra):
    return answers(
        "councillor",
        **{"councillor_authority": authority.pk, "councillor_ward": "Headingley", **extra},
    )


def organisation_answers(*authorities, **extra):
    details = {
        "organisation_name": "Chapeltown Community Trust",
        "organisation_charity_number": "1123 456",
        "organisation_company_number": "",
        "organisation_income_band": "100k-1m",
        "organisation_authorities": [authority.pk for authority in authorities],
        "organisation_website": "chapeltown.example.org",
        "organisation_role": "Director",
    }
    return answers("organisation", **{**details, **extra})


# Who can see the form


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client):
    response = client.get(JOIN_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/members/join/" in response["Location"]


def test_unverified_user_is_asked_to_verify_first(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(JOIN_URL)
    assert response.status_code in (200, 302)
    assert b"Which best describes you?" not in response.content
    assert not Membership.objects.exists()


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_signed_in_role_sees_the_form(client, role):
    client.force_login(user_in_role(role))
    response = client.get(JOIN_URL)
    assert response.status_code == 200
    assert b"Which best describes you?" in response.content


def test_form_shows_each_category_and_its_fee(client, applicant):
    fees = MembershipFees.load()
    fees.policy = Decimal("25")
    fees.save()
    response = client.get(JOIN_URL)
    content = response.content.decode()
    for _, label in Membership.Category.choices:
        assert label in content
    assert "Annual fee £25.00" in content
    assert "£50.00" in content  # organisations with £100k to £1m income
    assert "novalidate" in content
    assert "js/join.js" in content


def test_someone_who_has_applied_sees_their_status_not_the_form(client, applicant):
    MembershipFactory(user=applicant, status=Membership.Status.PENDING)
    response = client.get(JOIN_URL)
    assert response.status_code == 200
    assert b"Status: <strong>Pending</strong>" in response.content
    assert b"Which best describes you?" not in response.content
    # Posting again changes nothing.
    response = client.post(JOIN_URL, answers("other", other_about="Again"))
    assert Membership.objects.count() == 1


# Validation


@pytest.mark.parametrize(
    ("category", "required"),
    [
        ("councillor", ["councillor_authority", "councillor_ward"]),
        ("officer", ["officer_authority", "officer_job_title"]),
        (
            "organisation",
            ["organisation_name", "organisation_income_band", "organisation_authorities"],
        ),
        ("policy", ["policy_organisation"]),
        ("other", ["other_about"]),
    ],
)
def test_each_category_requires_its_own_fields_only(category, required):
    form = JoinForm(answers(category))
    assert not form.is_valid()
    assert sorted(form.errors) == sorted(required)


def test_name_and_category_are_required(client, applicant):
    response = client.post(JOIN_URL, {})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"first_name", "last_name", "category"}
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'href="#id_category_0"' in content
    assert "Choose the membership category that best describes you." in content
    assert not Membership.objects.exists()


def test_errors_appear_in_the_summary_and_beside_the_field(client, applicant):
    response = client.post(JOIN_URL, answers("councillor"))
    content = response.content.decode()
    assert response.status_code == 400
    assert content.count("Choose the council you sit on.") == 2
    assert 'href="#id_councillor_authority"' in content
    assert 'class="field field--error"' in content


def test_fields_of_other_categories_are_ignored(leeds):
    form = JoinForm(councillor_answers(leeds, organisation_charity_number="not a number"))
    assert form.is_valid(), form.errors
    assert "organisation_charity_number" not in form.cleaned_data


@pytest.mark.parametrize(
    "number", ["12345", "ABC1234", "1234567-123", "SC12345", "<script>", "1" * 30]
)
def test_bad_charity_numbers_are_refused(leeds, number):
    form = JoinForm(organisation_answers(leeds, organisation_charity_number=number))
    assert not form.is_valid()
    assert list(form.errors) == ["organisation_charity_number"]


@pytest.mark.parametrize("number", ["1234567", "1234567-1", "sc012345", "NIC101234", " 1123456 "])
def test_good_charity_numbers_are_stored_compact_and_upper_case(leeds, number):
    form = JoinForm(organisation_answers(leeds, organisation_charity_number=number))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation_charity_number"] == number.replace(" ", "").upper()


@pytest.mark.parametrize("number", ["12345", "XX123456", "123456789", "SC12345A"])
def test_bad_company_numbers_are_refused(leeds, number):
    form = JoinForm(organisation_answers(leeds, organisation_company_number=number))
    assert not form.is_valid()
    assert list(form.errors) == ["organisation_company_number"]


@pytest.mark.parametrize(
    ("number", "stored"),
    [("01234567", "01234567"), ("1234567", "01234567"), ("sc 123456", "SC123456")],
)
def test_good_company_numbers(leeds, number, stored):
    form = JoinForm(organisation_answers(leeds, organisation_company_number=number))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["organisation_company_number"] == stored


def test_lengths_are_limited(leeds):
    form = JoinForm(councillor_answers(leeds, first_name="A" * 151, councillor_ward="W" * 151))
    assert not form.is_valid()
    assert set(form.errors) == {"first_name", "councillor_ward"}


def test_a_council_that_does_not_exist_is_an_error_not_a_crash(client, applicant):
    for value in ["999999", "not-a-number", "1 OR 1=1"]:
        response = client.post(
            JOIN_URL, answers("councillor", councillor_authority=value, councillor_ward="X")
        )
        assert response.status_code == 400
        assert "councillor_authority" in response.context["form"].errors
    response = client.post(JOIN_URL, organisation_answers(organisation_authorities=["x", "-1"]))
    assert response.status_code == 400
    response = client.post(JOIN_URL, answers("no-such-category"))
    assert response.status_code == 400
    assert not Membership.objects.exists()
    assert not Organisation.objects.exists()


def test_former_councils_are_not_offered(leeds):
    old = LocalAuthorityFactory(name="Old District Council", is_current=False)
    form = JoinForm(councillor_answers(old))
    assert not form.is_valid()
    assert "councillor_authority" in form.errors


def test_invalid_application_saves_nothing(client, applicant, leeds):
    response = client.post(JOIN_URL, organisation_answers(leeds, organisation_income_band=""))
    assert response.status_code == 400
    assert not Membership.objects.exists()
    assert not Organisation.objects.exists()
    assert not OutboundEmail.objects.exists()
    applicant.refresh_from_db()
    assert applicant.first_name == ""


def test_values_are_kept_when_the_form_is_shown_again(client, applicant, leeds):
    response = client.post(JOIN_URL, organisation_answers(leeds, organisation_income_band=""))
    content = response.content.decode()
    assert 'value="Chapeltown Community Trust"' in content
    assert re.search(r'value="organisation"[^>]* checked>', content)


# Submitting


def test_councillor_application(client, applicant, leeds, commit):
    officer = membership_officer(email="officer@example.org")
    with commit():
        response = client.post(JOIN_URL, councillor_answers(leeds))
    assert response.status_code == 302
    assert response["Location"] == JOIN_URL

    membership = Membership.objects.get(user=applicant)
    assert membership.status == Membership.Status.PENDING
    assert membership.category == "councillor"
    assert membership.local_authority == leeds
    assert membership.ward == "Headingley"
    assert membership.fee_due == 0
    applicant.refresh_from_db()
    assert applicant.get_full_name() == "Ada Lovelace"

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([applicant.email, officer.email])
    to_applicant = next(m for m in mail.outbox if m.to == [applicant.email])
    assert "We have your application" in to_applicant.subject
    assert "Membership in your category is free." in to_applicant.body
    to_officer = next(m for m in mail.outbox if m.to == [officer.email])
    assert to_officer.subject == "New membership application: Ada Lovelace (Councillor)"
    assert f"http://testserver/admin/memberships/inspect/{membership.pk}/" in to_officer.body

    page = client.get(JOIN_URL)
    assert b"Thank you: your application has been sent." in page.content
    assert b"Status: <strong>Pending</strong>" in page.content


def test_officer_application(client, applicant, leeds):
    response = client.post(
        JOIN_URL,
        answers("officer", officer_authority=leeds.pk, officer_job_title="Head of Commissioning"),
    )
    assert response.status_code == 302
    membership = applicant.membership
    assert (membership.category, membership.local_authority, membership.job_title) == (
        "officer",
        leeds,
        "Head of Commissioning",
    )
    assert membership.fee_due == 0


def test_community_organisation_application(client, applicant, leeds, bradford, commit):
    with commit():
        response = client.post(JOIN_URL, organisation_answers(leeds, bradford))
    assert response.status_code == 302
    membership = Membership.objects.get(user=applicant)
    organisation = membership.organisation
    assert organisation.name == "Chapeltown Community Trust"
    assert organisation.kind == Organisation.Kind.COMMUNITY
    assert organisation.charity_number == "1123456"
    assert organisation.income_band == "100k-1m"
    assert organisation.website == "https://chapeltown.example.org"
    assert set(organisation.local_authorities.all()) == {leeds, bradford}
    assert membership.job_title == "Director"
    assert membership.local_authority in {leeds, bradford}
    assert membership.fee_due == Decimal("50.00")
    to_applicant = next(m for m in mail.outbox if m.to == [applicant.email])
    assert "£50.00" in to_applicant.body
    assert "There is nothing to pay yet" in to_applicant.body


def test_policy_and_other_applications(client, leeds):
    policy = verified_user()
    client.force_login(policy)
    client.post(
        JOIN_URL, answers("policy", policy_organisation="Institute", policy_job_title="Fellow")
    )
    assert policy.membership.organisation_name == "Institute"
    assert policy.membership.job_title == "Fellow"

    other = verified_user()
    client.force_login(other)
    client.post(JOIN_URL, answers("other", other_about="I volunteer at a food bank."))
    assert other.membership.bio == "I volunteer at a food bank."
    assert other.membership.category == "other"


@pytest.mark.parametrize(
    ("band", "fee"),
    [("under-100k", "0"), ("100k-1m", "50"), ("1m-10m", "150"), ("over-10m", "300")],
)
def test_organisation_fee_follows_the_income_band(client, applicant, leeds, band, fee):
    client.post(JOIN_URL, organisation_answers(leeds, organisation_income_band=band))
    assert applicant.membership.fee_due == Decimal(fee)


@pytest.mark.parametrize("category", ["councillor", "officer", "policy", "other"])
def test_fee_set_by_staff_is_recorded_per_category(client, applicant, leeds, category):
    fees = MembershipFees.load()
    setattr(fees, category, Decimal("12.50"))
    fees.save()
    data = {
        "councillor": councillor_answers(leeds),
        "officer": answers("officer", officer_authority=leeds.pk, officer_job_title="Officer"),
        "policy": answers("policy", policy_organisation="Institute"),
        "other": answers("other", other_about="Interested"),
    }[category]
    client.post(JOIN_URL, data)
    assert applicant.membership.fee_due == Decimal("12.50")


def test_emails_are_sent_only_when_the_application_commits(
    client, applicant, leeds, django_capture_on_commit_callbacks
):
    membership_officer()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(JOIN_URL, councillor_answers(leeds))
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_a_failure_while_sending_saves_nothing(client, applicant, leeds, monkeypatch):
    import members.services

    def broken(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(members.services, "send_templated_email", broken)
    client.raise_request_exception = False
    response = client.post(JOIN_URL, organisation_answers(leeds))
    assert response.status_code == 500
    assert not Membership.objects.exists()
    assert not Organisation.objects.exists()


def test_inactive_officers_and_other_staff_are_not_emailed(client, applicant, leeds, commit):
    membership_officer(email="gone@example.org", is_active=False)
    user_in_role("staff")
    with commit():
        client.post(JOIN_URL, councillor_answers(leeds))
    assert [message.to for message in mail.outbox] == [[applicant.email]]


# Text is text


def test_html_in_text_fields_is_stored_as_text_and_shown_escaped(client, applicant, commit):
    script = '<script>alert("x")</script>'
    with commit():
        client.post(
            JOIN_URL,
            answers(
                "policy",
                first_name=script,
                policy_organisation=f"<b>Institute</b>{script}",
            ),
        )
    membership = applicant.membership
    assert membership.organisation_name == f"<b>Institute</b>{script}"
    page = client.get(JOIN_URL).content.decode()
    assert script not in page
    assert "&lt;b&gt;Institute&lt;/b&gt;&lt;script&gt;" in page
    email = next(m for m in mail.outbox if m.to == [applicant.email])
    html = email.alternatives[0][0]
    assert script not in html
    assert "&lt;script&gt;" in html


def test_escaped_values_are_redisplayed_escaped_on_error(client, applicant):
    script = '"><script>alert(1)</script>'
    response = client.post(JOIN_URL, answers("policy", last_name="", first_name=script))
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.content.decode()
