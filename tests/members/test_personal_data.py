import json
import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from members.models import MarketingConsent, Membership, MembershipDecision
from members.personal_data import (
    ERASURE_CONSENT_WORDING,
    REGISTRY,
    Exported,
    NotExported,
    erase_member,
    export_member_data,
)
from network_site.models import OutboundEmail, UndeliverableAddress
from network_site.payments import stripe_api
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-strong-test-password"  # tests.factories.UserFactory's
PERSONAL_FIELD = re.compile(r"email|name|phone|address|postcode|ward|bio|birth", re.IGNORECASE)


# The model walk: a new model or field holding personal data fails here until
# members/personal_data.py says whether and how it is exported.


def own_fields(model):
    """Fields declared on the model itself (not inherited from a multi-table parent)."""
    return [*model._meta.local_fields, *model._meta.local_many_to_many]


def points_at_user(model):
    user_model = get_user_model()
    return any(f.is_relation and f.related_model is user_model for f in own_fields(model))


def is_project_model(model):
    """A model of this project's own apps (not of Django, Wagtail or allauth)."""
    path = Path(apps.get_app_config(model._meta.app_label).path)
    return path.is_relative_to(settings.BASE_DIR) and "site-packages" not in path.parts


def reachable_project_models():
    """Project models reachable from the user model through relations, in either
    direction, not passing through models registered as holding no personal data."""
    user_model = get_user_model()
    seen, queue = {user_model}, [user_model]
    while queue:
        model = queue.pop()
        for relation in model._meta.get_fields(include_hidden=True):
            target = relation.related_model
            if not relation.is_relation or target is None or target in seen:
                continue
            if not is_project_model(target):
                continue
            seen.add(target)
            if not isinstance(REGISTRY.get(target._meta.label), NotExported):
                queue.append(target)
    return seen


def test_every_model_pointing_at_an_account_is_registered():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if points_at_user(model) and model._meta.label not in REGISTRY
    ]
    assert missing == [], (
        "These models point at a user: list them in members.personal_data.REGISTRY "
        f"as Exported or NotExported with a reason: {missing}"
    )


def test_every_reachable_model_with_a_personal_field_is_registered():
    missing = [
        model._meta.label
        for model in reachable_project_models()
        if any(PERSONAL_FIELD.search(f.name) for f in own_fields(model))
        and model._meta.label not in REGISTRY
    ]
    assert missing == [], f"Register these in members.personal_data.REGISTRY: {missing}"


def test_the_walk_reaches_the_member_models():
    labels = {model._meta.label for model in reachable_project_models()}
    assert {"members.Membership", "members.Organisation", "members.MarketingConsent"} <= labels


@pytest.mark.parametrize(
    "label", [label for label, entry in REGISTRY.items() if isinstance(entry, Exported)]
)
def test_every_field_of_an_exported_model_is_exported_or_withheld_with_a_reason(label):
    model = apps.get_model(label)
    entry = REGISTRY[label]
    all_fields = {f.name for f in [*model._meta.concrete_fields, *model._meta.many_to_many]}
    exported, withheld = set(entry.fields), set(entry.withheld)
    assert not exported & withheld
    assert exported | withheld == all_fields, (
        f"{label}: unlisted {sorted(all_fields - exported - withheld)}, "
        f"unknown {sorted((exported | withheld) - all_fields)}"
    )
    assert all(reason.strip() for reason in entry.withheld.values())


def test_every_registry_entry_is_a_real_model_with_a_reason():
    for label, entry in REGISTRY.items():
        apps.get_model(label)
        if isinstance(entry, NotExported):
            assert entry.reason.strip()


# Export


def sent_email(**fields):
    """An email in the outbox, as any template would leave it."""
    return OutboundEmail.objects.create(template="x", body_html="", **fields)


@pytest.fixture
def member(db, stripe_fake):
    customer = stripe_api.client().v1.customers.create(
        {"email": "asha@example.org", "name": "Asha Patel"}
    )
    membership = MembershipFactory(
        user__first_name="Asha",
        user__last_name="Patel",
        user__email="asha@example.org",
        status=Membership.Status.ACTIVE,
        category=Membership.Category.ORGANISATION,
        organisation=OrganisationFactory(name="Armley Trust"),
        job_title="Director",
        ward="",
        bio="I run a community centre.",
        directory_visibility=Membership.Visibility.PUBLIC,
        stripe_customer_id=customer.id,
    )
    user = membership.user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email="asha.old@example.org", verified=True)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "TOPSECRETSEED"}
    )
    MarketingConsent.objects.create(user=user, given=True, wording="Email me news.")
    MembershipDecision.objects.create(
        membership=membership, outcome="approved", reason="Asha Patel runs a real trust."
    )
    OutboundEmail.objects.create(
        template="members/membership_approved",
        to=user.email,
        subject="Welcome, Asha",
        body_text="Dear Asha Patel",
        body_html="<p>Dear Asha Patel</p>",
        user=user,
    )
    sent_email(to="ASHA.old@example.org", subject="Old address", body_text="Hi Asha")
    UndeliverableAddress.record("asha.old@example.org", UndeliverableAddress.Reason.BOUNCED)
    return user


@pytest.fixture
def someone_else(db):
    membership = MembershipFactory(
        user__first_name="Zed", user__email="zed@example.org", bio="Zed's bio", status="active"
    )
    MarketingConsent.objects.create(user=membership.user, given=True, wording="Email me news.")
    sent_email(to="zed@example.org", subject="For Zed", body_text="Zed", user=membership.user)
    return membership.user


def test_the_export_is_a_json_download_of_the_members_own_data(client, member, someone_else):
    client.force_login(member)
    response = client.get(reverse("members:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert "private" in response["Cache-Control"]
    data = json.loads(response.content)
    records = data["records"]
    assert records["members.User"]["rows"][0]["email"] == "asha@example.org"
    assert records["members.User"]["rows"][0]["first_name"] == "Asha"
    assert records["members.Membership"]["rows"][0]["bio"] == "I run a community centre."
    assert records["members.Membership"]["rows"][0]["status"]["label"] == "Active"
    assert records["members.Organisation"]["rows"][0]["name"] == "Armley Trust"
    assert records["members.MembershipDecision"]["rows"][0]["outcome"]["value"] == "approved"
    assert records["members.MarketingConsent"]["rows"][0]["wording"] == "Email me news."
    assert {row["email"] for row in records["account.EmailAddress"]["rows"]} == {
        "asha@example.org",
        "asha.old@example.org",
    }
    assert {row["subject"] for row in records["network_site.OutboundEmail"]["rows"]} == {
        "Welcome, Asha",
        "Old address",
    }
    assert records["mfa.Authenticator"]["rows"][0]["type"]["value"] == "totp"
    text = response.content.decode()
    assert "TOPSECRETSEED" not in text
    assert "pbkdf2" not in text
    assert member.password not in text
    for theirs in ("Zed", "zed@example.org", "For Zed"):
        assert theirs not in text


def test_the_export_covers_every_exported_model(member):
    data = export_member_data(member)
    assert set(data["records"]) == {
        label for label, entry in REGISTRY.items() if isinstance(entry, Exported)
    }
    json.dumps(data)  # JSON-ready without a custom encoder


def test_export_accepts_only_get(client, member):
    client.force_login(member)
    assert client.post(reverse("members:export")).status_code == 405


# Erasure


def signed_in_elsewhere(user):
    other = Client()
    other.force_login(user)
    assert other.get(reverse("members:dashboard")).status_code == 200
    return other


def session_user_ids():
    return {str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()}


def test_the_delete_page_explains_what_happens(client, member):
    client.force_login(member)
    page = client.get(reverse("members:delete")).text
    assert "This cannot be undone." in page
    assert "What we keep" in page
    assert 'name="password"' in page
    assert 'autocomplete="current-password"' in page


@pytest.mark.parametrize("password", ["", "wrong-password"])
def test_a_wrong_password_erases_nothing(client, member, password):
    client.force_login(member)
    response = client.post(reverse("members:delete"), {"password": password})
    assert response.status_code == 400
    assert 'class="field__error"' in response.text
    assert 'href="#id_password"' in response.text
    member.refresh_from_db()
    assert member.email == "asha@example.org"
    assert member.is_active
    assert client.get(reverse("members:dashboard")).status_code == 200


def test_erasure_after_reauthentication(client, home_page, member, someone_else):
    client.force_login(member)
    elsewhere = signed_in_elsewhere(member)
    theirs = signed_in_elsewhere(someone_else)
    response = client.post(reverse("members:delete"), {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Your account has been deleted" in response.text

    # Signed out here and on every other device; other people stay signed in.
    assert client.get(reverse("members:dashboard")).status_code == 302
    assert elsewhere.get(reverse("members:dashboard")).status_code == 302
    assert str(member.pk) not in session_user_ids()
    assert theirs.get(reverse("members:dashboard")).status_code == 200

    member.refresh_from_db()
    assert member.email == f"deleted-{member.pk}@invalid.example"
    assert member.first_name == member.last_name == ""
    assert not member.is_active
    assert not member.has_usable_password()
    assert not Client().login(email="asha@example.org", password=PASSWORD)

    assert not EmailAddress.objects.filter(user=member).exists()
    assert not Authenticator.objects.filter(user=member).exists()
    assert not UndeliverableAddress.objects.filter(email="asha.old@example.org").exists()

    membership = Membership.objects.get(user=member)
    assert membership.status == Membership.Status.CANCELLED
    assert membership.bio == membership.job_title == membership.ward == ""
    assert membership.directory_visibility == Membership.Visibility.HIDDEN
    # Kept to reconcile kept payments; Stripe's customer no longer names the member.
    customer = stripe_api.client().v1.customers.retrieve(membership.stripe_customer_id)
    assert (customer.name, customer.email) == (None, None)

    decision = MembershipDecision.objects.get(membership=membership)
    assert decision.outcome == "approved"
    assert decision.reason == ""

    consents = list(MarketingConsent.objects.filter(user=member))
    assert [c.given for c in consents] == [False, True]
    assert consents[0].wording == ERASURE_CONSENT_WORDING

    for email in OutboundEmail.objects.exclude(user=someone_else):
        assert email.to == f"deleted-{member.pk}@invalid.example"
        assert email.subject == email.body_text == email.body_html == ""
    assert OutboundEmail.objects.get(user=someone_else).subject == "For Zed"

    # Nothing personal is left anywhere the export looks.
    leftover = json.dumps(export_member_data(member))
    for text in ("Asha", "asha@", "asha.old@", "Patel", "community centre", "Director"):
        assert text not in leftover

    # Someone else's data is untouched.
    someone_else.refresh_from_db()
    assert someone_else.email == "zed@example.org"
    assert someone_else.membership.bio == "Zed's bio"


def test_erasure_ends_pending_email_to_the_member(member):
    queued = OutboundEmail.objects.get(subject="Welcome, Asha")
    assert queued.is_pending
    erase_member(member)
    queued.refresh_from_db()
    assert queued.status == OutboundEmail.Status.SUPPRESSED


def test_running_erasure_twice_is_harmless(member):
    erase_member(member)
    snapshot = json.dumps(export_member_data(member) | {"generated_at": None})
    counts = (MarketingConsent.objects.count(), MembershipDecision.objects.count())
    erase_member(member)
    assert json.dumps(export_member_data(member) | {"generated_at": None}) == snapshot
    assert (MarketingConsent.objects.count(), MembershipDecision.objects.count()) == counts


def test_a_user_without_membership_can_be_erased(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("members:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active


def test_a_member_cannot_erase_someone_else(client, member, someone_else):
    client.force_login(member)
    client.post(reverse("members:delete"), {"password": PASSWORD, "user": someone_else.pk})
    someone_else.refresh_from_db()
    assert someone_else.is_active
    assert someone_else.email == "zed@example.org"


def test_password_guessing_is_rate_limited(client, member):
    client.force_login(member)
    for _ in range(10):
        client.post(reverse("members:delete"), {"password": "guess"})
    response = client.post(reverse("members:delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "Too many attempts" in response.text
    member.refresh_from_db()
    assert member.is_active
