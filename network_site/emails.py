"""The one way the site sends email.

    send_templated_email(
        "members/membership_approved", member.email, {"member": member}, user=member
    )

renders ``templates/emails/<name>.txt`` and ``templates/emails/<name>.html``. Both
extend the branded bases (``emails/base.txt``, ``emails/base.html``); the text
template's ``{% block subject %}`` is the subject (its whitespace, newlines
included, collapses to single spaces). The email is saved in the caller's
transaction and handed to the ``deliver_email`` task when that transaction
commits: nothing is sent for work that is rolled back, and no request waits on
the email provider. A provider failure is retried (see
``OutboundEmail.record_failure``); staff see every email under Email in the admin.

An email rendered some other way (allauth's messages, see members.adapters) is
queued with ``queue_email(name, to, rendered)``: the same row, task and retries.

Every template gets ``organisation`` (the default site's OrganisationSettings) and
``site_url`` (the site's address, no trailing slash, for absolute links); the HTML
template also gets ``subject``.
"""

import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from wagtail.models import Site

from .models import OrganisationSettings, OutboundEmail, new_message_id
from .tasks import deliver_email

if TYPE_CHECKING:
    # The configured user model, as django-stubs resolves it; the base names no app.
    from django.contrib.auth.models import _User
    from typing_extensions import Unpack


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


def email_context(context: Mapping[str, Any] | None = None) -> dict[str, Any]:
    site = Site.objects.filter(is_default_site=True).first()
    organisation = OrganisationSettings.for_site(site) if site else OrganisationSettings()
    return {
        "organisation": organisation,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        **(context or {}),
    }


def render_email(name: str, context: Mapping[str, Any] | None = None) -> RenderedEmail:
    """Render the template pair. ``emails/base.txt`` writes the subject block first,
    then a marker that is new for each rendering (so no context value can fake it),
    then the plain-text body."""
    context = email_context(context)
    marker = f"[end of subject {secrets.token_hex(16)}]"
    text = render_to_string(f"emails/{name}.txt", {**context, "end_of_subject": marker})
    subject, found, body_text = text.partition(marker)
    subject = " ".join(subject.split())
    if not (found and subject):
        raise ImproperlyConfigured(
            f"emails/{name}.txt must extend emails/base.txt and fill {{% block subject %}}."
        )
    body_html = render_to_string(f"emails/{name}.html", {**context, "subject": subject})
    return RenderedEmail(subject=subject, body_text=_tidy_text(body_text), body_html=body_html)


def _tidy_text(text: str) -> str:
    """Template tags leave trailing spaces and runs of blank lines; keep one blank line."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


class Delivery(TypedDict, total=False):
    """How an email goes out, besides its template and address (``queue_email``'s
    keyword arguments, which ``send_templated_email`` passes on)."""

    kind: str
    reply_to: str | None
    user: "_User | None"
    attachments: Iterable[tuple[str, str, str]]
    headers: Mapping[str, str] | None


def send_templated_email(
    name: str,
    to: str,
    context: Mapping[str, Any] | None = None,
    **delivery: "Unpack[Delivery]",
) -> OutboundEmail:
    """Render ``emails/<name>`` for one address and send it once the current
    transaction commits. Marketing email to an undeliverable address is recorded
    as suppressed and never sent. ``attachments`` are small text files given as
    (filename, content, mimetype); ``headers`` are added to the message (e.g.
    List-Unsubscribe). Returns the saved OutboundEmail."""
    return queue_email(name, to, render_email(name, context), **delivery)


def queue_email(
    name: str,
    to: str,
    rendered: RenderedEmail,
    *,
    kind: str = OutboundEmail.Kind.TRANSACTIONAL,
    reply_to: str | None = None,
    user: "_User | None" = None,
    attachments: Iterable[tuple[str, str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> OutboundEmail:
    """Save an already rendered email and send it once the current transaction
    commits. ``send_templated_email`` renders and calls this; so does the account
    adapter (members.adapters), which renders allauth's own messages. ``name`` says
    which email it is (e.g. ``account/email/password_reset_key``)."""
    to = to.strip()
    validate_email(to)
    if reply_to:
        validate_email(reply_to)
    email = OutboundEmail(
        template=name[: OutboundEmail._meta.get_field("template").max_length],
        to=to,
        subject=rendered.subject,
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        reply_to=reply_to or "",
        kind=kind,
        user=user,
        message_id=new_message_id(),
        attachments=[
            {"filename": filename, "content": content, "mimetype": mimetype}
            for filename, content, mimetype in attachments
        ],
        headers=dict(headers or {}),
    )
    if email.is_suppressed():
        email.status = OutboundEmail.Status.SUPPRESSED
    else:
        email.next_attempt_at = email.created_at + OutboundEmail.DISPATCH_GRACE
    email.save()
    if email.status == OutboundEmail.Status.QUEUED:
        # robust: if enqueueing fails after the commit, the sweeper sends the email.
        transaction.on_commit(partial(deliver_email.enqueue, email.pk), robust=True)
    return email
