"""What staff and recipients do with bulletins: send a test, send now or at a
time (or stop a scheduled one), follow the progress, and unsubscribe with the
link in a bulletin."""

import datetime
from functools import partial
from typing import TYPE_CHECKING

from django.core import signing
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from members.models import MarketingConsent
from network_site.emails import RenderedEmail, queue_email
from network_site.models import OutboundEmail
from network_site.refusals import Refused

from . import tasks
from .audience import audience
from .models import Bulletin, BulletinDelivery
from .sending import (
    EMAIL_TEMPLATE,
    TEST_TOKEN_VALUE,
    UNSUBSCRIBE_SALT,
    render,
    unsubscribe_headers,
    unsubscribe_token,
    unsubscribe_url,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import _User

UNSUBSCRIBED_WORDING = "Unsubscribed with the one-click link in the bulletin “{subject}”."


def may_send(user) -> bool:
    return user.has_perm("bulletins.send_bulletin")


def send_test(bulletin: Bulletin, to: "_User") -> OutboundEmail:
    """Send the bulletin as it stands to ``to`` (staff), marked as a test; its
    unsubscribe link changes nothing."""
    if not to.email:
        raise Refused("Your account has no email address to send the test to.")
    token = unsubscribe_token(None)
    rendered = render(bulletin, unsubscribe=unsubscribe_url(token))
    rendered = RenderedEmail(
        subject=f"[Test] {rendered.subject}",
        body_text=rendered.body_text,
        body_html=rendered.body_html,
    )
    return queue_email(
        EMAIL_TEMPLATE, to.email, rendered, user=to, headers=unsubscribe_headers(token)
    )


#####


def schedule(
    bulletin: Bulletin,
    *,
    by: "_User",
    send_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Bulletin:
    """Send the bulletin now, or at ``send_at``. Only a draft with someone to
    receive it can be sent; it can no longer be edited."""
    now = now or timezone.now()
    if send_at is not None and send_at < now - datetime.timedelta(minutes=1):
        raise Refused("Choose a time from now on, or send it now.", field="send_at")
    with transaction.atomic():
        locked = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
        if not locked.is_draft:
            raise Refused("This bulletin has already been sent or scheduled.")
        if not locked.body:
            raise Refused("Write the bulletin before sending it.")
        if not audience(locked).exists():
            raise Refused(
                "Nobody in this audience can receive it: no member with marketing consent "
                "and a deliverable address matches every segment chosen."
            )
        locked.status = Bulletin.Status.SCHEDULED
        locked.send_at = send_at or now
        locked.sent_by = by
        locked.save(update_fields=["status", "send_at", "sent_by"])
        if locked.send_at <= now:
            transaction.on_commit(partial(tasks.send_bulletin.enqueue, locked.pk), robust=True)
    bulletin.refresh_from_db()
    return bulletin


def unschedule(bulletin: Bulletin) -> Bulletin:
    """A scheduled bulletin whose time has not come goes back to being a draft."""
    updated = Bulletin.objects.filter(pk=bulletin.pk, status=Bulletin.Status.SCHEDULED).update(
        status=Bulletin.Status.DRAFT, send_at=None
    )
    if not updated:
        raise Refused("Only a bulletin that is scheduled and not yet sending can be stopped.")
    bulletin.refresh_from_db()
    return bulletin


def progress(bulletin: Bulletin) -> dict[str, int]:
    """How far sending has gone: recipients, waiting, handed to the outbox, suppressed
    at send time, and of those handed over, delivered, failed and still retrying."""
    deliveries = bulletin.deliveries.all()
    counts = dict.fromkeys(BulletinDelivery.Status.values, 0)
    for row in deliveries.values("status").order_by().annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    emails = dict.fromkeys(OutboundEmail.Status.values, 0)
    for row in (
        OutboundEmail.objects.filter(pk__in=deliveries.values("email_id"))
        .values("status")
        .order_by()
        .annotate(n=Count("pk"))
    ):
        emails[row["status"]] = row["n"]
    return {
        "recipients": sum(counts.values()),
        "waiting": counts[BulletinDelivery.Status.PENDING],
        "handed_over": counts[BulletinDelivery.Status.SENT],
        "suppressed": counts[BulletinDelivery.Status.SUPPRESSED]
        + emails[OutboundEmail.Status.SUPPRESSED],
        "sent": emails[OutboundEmail.Status.SENT],
        "failed": emails[OutboundEmail.Status.FAILED],
        "retrying": emails[OutboundEmail.Status.QUEUED] + emails[OutboundEmail.Status.RETRYING],
    }


class BadToken(Exception):
    """The link was not made by this site (or was changed)."""


def delivery_for(token: str) -> BulletinDelivery | None:
    """The delivery an unsubscribe token names; None for a test email's token."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise BadToken(str(error)) from error
    if value == TEST_TOKEN_VALUE:
        return None
    delivery = BulletinDelivery.objects.select_related("bulletin", "user").filter(pk=value).first()
    if delivery is None:
        raise BadToken("No such delivery.")
    return delivery


def unsubscribe(token: str, now: datetime.datetime | None = None) -> BulletinDelivery | None:
    """Withdraw the recipient's marketing consent (recorded with the time and the
    bulletin). Repeating it changes nothing. Returns the delivery (None for a test)."""
    now = now or timezone.now()
    delivery = delivery_for(token)
    if delivery is None:
        return None
    with transaction.atomic():
        locked = BulletinDelivery.objects.select_for_update().get(pk=delivery.pk)
        if locked.unsubscribed_at is None:
            locked.unsubscribed_at = now
            locked.save(update_fields=["unsubscribed_at"])
        latest = MarketingConsent.objects.filter(user_id=locked.user_id).first()
        if latest is None or latest.given:
            MarketingConsent.objects.create(
                user_id=locked.user_id,
                given=False,
                wording=UNSUBSCRIBED_WORDING.format(subject=delivery.bulletin.subject),
                recorded_at=now,
            )
    delivery.unsubscribed_at = locked.unsubscribed_at
    return delivery
