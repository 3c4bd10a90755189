"""People, memberships and steps shared by the membership fee tests."""

from django.urls import reverse

from members.models import Membership, MembershipFees
from network_site.models import OutboundEmail
from tests.factories import MembershipFactory, OrganisationFactory
from tests.members.membership_roles import membership_officer, verified_user

FEE_PENCE = 5000


def organisation_member(status=Membership.Status.AWAITING_PAYMENT, fee="50.00", **kwargs):
    """A community organisation's contact whose application carries an annual fee."""
    organisation = OrganisationFactory(name="Kirkstall Food Bank", income_band="100k-1m")
    kwargs.setdefault("user", verified_user(first_name="Fatima", email="fatima@foodbank.example"))
    return MembershipFactory(
        status=status,
        category=Membership.Category.ORGANISATION,
        organisation=organisation,
        organisation_name=organisation.name,
        local_authority=None,
        ward="",
        fee_due=fee,
        **kwargs,
    )


def status_now(record):
    """``record``'s status as the database has it now (``record`` is refreshed)."""
    record.refresh_from_db()
    return record.status


def statuses(payment, membership):
    """The payment's and the membership's status as the database has them now."""
    return status_now(payment), status_now(membership)


def officer():
    return membership_officer(first_name="Olu", email="olu@network.example")


def offer_direct_debit(offered=True):
    fees = MembershipFees.load()
    fees.offer_bacs_direct_debit = offered
    fees.save()


def press_pay(client, membership, data=None):
    """The member presses "Pay" on their dashboard (signed in)."""
    client.force_login(membership.user)
    return client.post(reverse("members:fee_pay"), data or {})


def started_payment(client, membership):
    """Press "Pay" and return the pending payment it started."""
    response = press_pay(client, membership)
    assert response.status_code == 302, response
    return membership.payments.latest("pk")


def sent(template, to=None):
    """The emails of one template written so far (in the test's transaction)."""
    emails = OutboundEmail.objects.filter(template=template)
    if to is not None:
        emails = emails.filter(to=to)
    return list(emails)


def fee_emails():
    """Every email the fee flow wrote, as (template, to) pairs, in order."""
    return list(
        OutboundEmail.objects.filter(template__startswith="members/membership_fee")
        .order_by("pk")
        .values_list("template", "to")
    )


def deliver_all(webhook, events):
    """Deliver each event; every one must be accepted."""
    for event in events:
        response = webhook(event)
        assert response.status_code == 200, (event["type"], response.content)
