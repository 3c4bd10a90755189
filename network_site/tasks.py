import logging

from anymail.exceptions import AnymailInvalidAddress, AnymailRecipientsRefused
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutboundEmail, new_message_id

logger = logging.getLogger(__name__)

# Errors that no retry can cure: the provider refused every recipient, or the
# address cannot be sent to at all.
PERMANENT_EMAIL_ERRORS = (AnymailRecipientsRefused, AnymailInvalidAddress)
# How long the sweeper leaves an email it has enqueued before enqueueing it again
# (if, say, the workers were down and the task never ran).
REDISPATCH_AFTER = OutboundEmail.DISPATCH_GRACE * 2
SWEEP_BATCH_SIZE = 500


@task()
def publish_scheduled_pages():
    """Publish pages whose go-live time has come and unpublish expired ones."""
    call_command("publish_scheduled", verbosity=0)


@task()
def deliver_email(email_id):
    """Send one OutboundEmail through Django's email API, at most once.

    The email is claimed first (a short, committed update), so no row lock is held
    while the provider is called, and a second task for the same email (from the
    sweeper) finds it claimed, or sent. Sending is at-least-once only where no code
    can close it: the provider accepts the message and the worker dies before it
    records so; the email is then sent again once the claim lapses, with the same
    Message-ID, which lets the receiving side see the repeat for what it is.
    """
    email = OutboundEmail.claim(email_id, timezone.now())
    if email is None:
        return None  # sent, finally failed, suppressed, or in another worker's hands
    if email.is_suppressed():
        # The address bounced or complained after this was queued.
        email.mark_suppressed()
        return email.status
    if not email.message_id:  # queued before Message-IDs were kept
        email.message_id = new_message_id()
        email.save(update_fields=["message_id"])
    message = email.as_message()
    try:
        message.send()
    except PERMANENT_EMAIL_ERRORS as error:
        email.record_failure(error, timezone.now(), permanent=True)
        logger.error("Email %s to %s refused: %s", email.pk, email.to, error)
    except Exception as error:
        email.record_failure(error, timezone.now())
        log = logger.error if email.status == OutboundEmail.Status.FAILED else logger.warning
        log("Email %s to %s failed (attempt %s): %s", email.pk, email.to, email.attempts, error)
    else:
        anymail_status = getattr(message, "anymail_status", None)
        email.mark_sent(getattr(anymail_status, "message_id", None))
    return email.status


@task()
def retry_due_emails(now=None):
    """Enqueue every email that is due: retries whose time has come, and new emails
    whose own task was lost. Returns how many it enqueued."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            OutboundEmail.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
        )
        # A lease: the next sweeps leave these alone while their tasks wait in the queue.
        OutboundEmail.objects.filter(pk__in=due).update(next_attempt_at=now + REDISPATCH_AFTER)
    for email_id in due:
        deliver_email.enqueue(email_id)
    return len(due)
