"""Things sold, made directly for the reconciliation and admin tests: a Payment row
and its Checkout Session in the fake (through services.start_checkout), without
the purchase screens of members or events."""

from decimal import Decimal

from members.models import Membership
from network_site.payments import services
from network_site.payments.models import Payment, Refund
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MembershipFactory,
    RegistrationFactory,
)

TICKET_PENCE = 1250


def paid_event(home_page, **fields):
    """A paid event in an events index of its own: £12.50 a ticket unless ``price``
    (in pounds) says otherwise."""
    fields.setdefault("title", "Keeping care local")
    fields.setdefault("price", Decimal(TICKET_PENCE) / 100)
    return EventPageFactory(parent=EventIndexPageFactory(parent=home_page), **fields)


def checkout(payment, **options):
    """Open the payment's Checkout Session (in the fake) the way the site does."""
    services.start_checkout(
        payment,
        name=payment.description,
        success_url="https://network.example/paid",
        cancel_url="https://network.example/not-paid",
        customer_email=payment.user.email,
        **options,
    )
    payment.refresh_from_db()
    return payment


def ticket_payment(event, *, user=None, **fields):
    """A held place at ``event`` and its ticket payment (not yet at Stripe)."""
    registration = RegistrationFactory(event=event, status="pending-payment")
    if user is not None:
        registration.user = user
        registration.save(update_fields=["user"])
    payment = Payment.objects.create(
        purpose=Payment.Purpose.TICKET,
        user=registration.user,
        amount=TICKET_PENCE,
        description=f"{event.title}: ticket",
        **fields,
    )
    registration.payments.add(payment)
    return payment


def ticket(event, **options):
    """A ticket payment whose Checkout Session is open."""
    return checkout(ticket_payment(event, **options))


def fee(amount=6000, **membership):
    """An active member's yearly fee whose Checkout Session (a subscription) is open."""
    membership = MembershipFactory(status=Membership.Status.ACTIVE, **membership)
    payment = Payment.objects.create(
        purpose=Payment.Purpose.MEMBERSHIP,
        user=membership.user,
        amount=amount,
        description="Membership fee",
    )
    membership.payments.add(payment)
    return checkout(payment, recurring_interval="year")


def records():
    """Every payment and refund as stored, to show that nothing changed."""
    return (
        list(Payment.objects.order_by("pk").values()),
        list(Refund.objects.order_by("pk").values()),
    )
