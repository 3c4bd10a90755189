"""Sending a bulletin: once to each recipient, in batches that survive a worker
that stops half-way (``send``). The one send path is ``send_batch``: whatever
audience the bulletin was built from, it writes an email only for recipients
that ``audience.consenting_members`` admits at that moment, and every email
carries List-Unsubscribe and List-Unsubscribe-Post (RFC 2369, RFC 8058)."""

import datetime
import secrets
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Exists, Q
from django.urls import reverse
from django.utils import timezone

from network_site.emails import RenderedEmail, queue_email, render_email
from network_site.models import OutboundEmail

from .audience import audience, consenting_members
from .models import Bulletin, BulletinDelivery
from .rendering import blocks_of, site_url

BATCH_SIZE = 200
UNSUBSCRIBE_SALT = "bulletins.unsubscribe"
TEST_TOKEN_VALUE = "test"
EMAIL_TEMPLATE = "bulletins/bulletin"


def unsubscribe_token(delivery: BulletinDelivery | None) -> str:
    """The signed, per-recipient token of the unsubscribe link (a test email's
    token unsubscribes nobody)."""
    return signing.dumps(delivery.pk if delivery else TEST_TOKEN_VALUE, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(token: str) -> str:
    return site_url() + reverse("bulletins:unsubscribe", args=[token])


def unsubscribe_headers(token: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: a mail client's one-click button POSTs to the URL."""
    mailto = (
        f"mailto:{settings.BULLETIN_UNSUBSCRIBE_MAILTO}?subject={quote('unsubscribe ' + token)}"
    )
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(token)}>, <{mailto}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def render(bulletin: Bulletin, *, unsubscribe: str) -> RenderedEmail:
    return render_email(
        EMAIL_TEMPLATE,
        {
            "bulletin": bulletin,
            "blocks": blocks_of(bulletin),
            "unsubscribe_url": unsubscribe,
            "web_url": site_url() + bulletin.get_absolute_url(),
            "preferences_url": site_url() + reverse("members:profile"),
        },
    )


class _Template:
    """The bulletin rendered once, with a marker where each recipient's own
    unsubscribe link goes: rendering 10,000 times would be the slow part."""

    def __init__(self, bulletin: Bulletin):
        self.marker = f"unsubscribe-{secrets.token_hex(16)}"
        self.rendered = render(bulletin, unsubscribe=self.marker)

    def for_url(self, url: str) -> RenderedEmail:
        return RenderedEmail(
            subject=self.rendered.subject,
            body_text=self.rendered.body_text.replace(self.marker, url),
            body_html=self.rendered.body_html.replace(self.marker, url),
        )


def start(bulletin_id: int, now: datetime.datetime | None = None) -> bool:
    """A scheduled bulletin whose time has come starts sending: one delivery for
    each recipient in its audience now. Once only; False when there is nothing to
    start (not due, or started already)."""
    now = now or timezone.now()
    with transaction.atomic():
        bulletin = (
            Bulletin.objects.select_for_update()
            .filter(pk=bulletin_id, status=Bulletin.Status.SCHEDULED, send_at__lte=now)
            .first()
        )
        if bulletin is None:
            return False
        recipients = audience(bulletin).values_list("pk", flat=True).order_by("pk")
        BulletinDelivery.objects.bulk_create(
            (BulletinDelivery(bulletin=bulletin, user_id=pk, created_at=now) for pk in recipients),
            batch_size=1000,
            ignore_conflicts=True,
        )
        bulletin.status = Bulletin.Status.SENDING
        bulletin.started_at = now
        bulletin.save(update_fields=["status", "started_at"])
    return True


def send_batch(
    bulletin_id: int, size: int = BATCH_SIZE, now: datetime.datetime | None = None
) -> int:
    """Send up to ``size`` waiting deliveries of a sending bulletin, in one
    transaction: each one's email is written to the outbox in the same commit that
    marks it sent, so a worker that dies mid-batch leaves the batch to be sent
    again whole, and a delivery is never sent twice. Returns how many it handled."""
    now = now or timezone.now()
    with transaction.atomic():
        bulletin = Bulletin.objects.filter(pk=bulletin_id, status=Bulletin.Status.SENDING).first()
        if bulletin is None:
            return 0
        deliveries = list(
            BulletinDelivery.objects.select_for_update(skip_locked=True)
            .filter(bulletin=bulletin, status=BulletinDelivery.Status.PENDING)
            .select_related("user")
            .order_by("pk")[:size]
        )
        if not deliveries:
            return 0
        # The gate, at the moment of sending: consent may have been withdrawn, or an
        # address bounced, since the audience was taken.
        may_receive = set(
            consenting_members()
            .filter(pk__in=[delivery.user_id for delivery in deliveries])
            .values_list("pk", flat=True)
        )
        template = _Template(bulletin)
        for delivery in deliveries:
            delivery.processed_at = now
            if delivery.user_id not in may_receive:
                delivery.status = BulletinDelivery.Status.SUPPRESSED
                continue
            token = unsubscribe_token(delivery)
            delivery.email = queue_email(
                EMAIL_TEMPLATE,
                delivery.user.email,
                template.for_url(unsubscribe_url(token)),
                kind=OutboundEmail.Kind.MARKETING,
                user=delivery.user,
                headers=unsubscribe_headers(token),
            )
            delivery.status = BulletinDelivery.Status.SENT
        BulletinDelivery.objects.bulk_update(deliveries, ["status", "email", "processed_at"])
    return len(deliveries)


def finish(bulletin_id: int, now: datetime.datetime | None = None) -> bool:
    """A sending bulletin with no delivery waiting is sent (and appears in the archive)."""
    now = now or timezone.now()
    waiting = BulletinDelivery.objects.filter(
        bulletin_id=bulletin_id, status=BulletinDelivery.Status.PENDING
    )
    return bool(
        Bulletin.objects.filter(pk=bulletin_id, status=Bulletin.Status.SENDING)
        .exclude(Exists(waiting))
        .update(status=Bulletin.Status.SENT, sent_at=now)
    )


def send(bulletin_id: int, now: datetime.datetime | None = None) -> None:
    """Start the bulletin if it is due, send every waiting delivery batch by batch,
    and mark it sent. Safe to run again after a crash, or beside another worker."""
    start(bulletin_id, now)
    while send_batch(bulletin_id, now=now):
        pass
    finish(bulletin_id, now)


def due(now: datetime.datetime | None = None) -> list[int]:
    """Bulletins to work on: scheduled ones whose time has come, and any still
    sending (a worker stopped half-way)."""
    now = now or timezone.now()
    return list(
        Bulletin.objects.filter(
            Q(status=Bulletin.Status.SCHEDULED, send_at__lte=now)
            | Q(status=Bulletin.Status.SENDING)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
