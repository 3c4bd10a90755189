"""Follow-ups: three and six months after an event held with a council, its hosts
are asked once at each stage what has changed since, with a link to the story
form. A host can opt out from the email's link, signed in or not. Run by the
scheduled task ``stories.tasks.send_story_follow_ups``; safe to run late or twice."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from events.requests import services as requests
from events.requests.models import EventRequest
from network_site.emails import send_templated_email

from . import services
from .models import StoryFollowUp, StoryFollowUpOptOut

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # (django-stubs)

Stage = StoryFollowUp.Stage

# How long after an event is held each stage is due, and for how long it stays
# due: a run that comes late still asks, one that comes months late asks only the
# stage that is due then, never a pile of them at once.
DUE_AFTER = {
    Stage.THREE_MONTHS: datetime.timedelta(days=91),
    Stage.SIX_MONTHS: datetime.timedelta(days=182),
}
DUE_FOR = datetime.timedelta(days=91)
BATCH = 200
OPT_OUT_SALT = "stories.follow-ups.opt-out"


def opt_out_token(user: _User) -> str:
    return signing.dumps(user.pk, salt=OPT_OUT_SALT)


def user_of_opt_out_token(token: str) -> _User | None:
    """The person a link in a follow-up email was for; None for a token we did not sign."""
    try:
        pk = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def opt_out(user: _User) -> StoryFollowUpOptOut:
    """No more follow-ups for them, whichever events they host. Idempotent."""
    opt_out, _created = StoryFollowUpOptOut.objects.get_or_create(user=user)
    return opt_out


def opted_out(user: _User) -> bool:
    return StoryFollowUpOptOut.objects.filter(user=user).exists()


def due_requests(stage: int, now: datetime.datetime):
    """The requests held long enough ago for ``stage``, and not so long ago that
    the stage has passed."""
    newest = now - DUE_AFTER[Stage(stage)]
    return (
        EventRequest.objects.filter(
            status=EventRequest.Status.HELD,
            status_changed_at__lte=newest,
            status_changed_at__gt=newest - DUE_FOR,
        )
        .select_related("local_authority", "event", "requester", "outcome__story_submission")
        .order_by("status_changed_at", "pk")
    )


def story_url(event_request: EventRequest) -> str:
    """The story form: started from the request's outcome report while no story has
    been made from it, otherwise a new story."""
    outcome = getattr(event_request, "outcome", None)
    url = reverse("members:story_new")
    if outcome is not None and not hasattr(outcome, "story_submission"):
        return f"{url}?outcome={event_request.pk}"
    return url


def send_follow_ups(now: datetime.datetime | None = None) -> int:
    """Ask every host due a follow-up, once per stage; returns how many were asked."""
    now = now or timezone.now()
    sent = 0
    opted = set(StoryFollowUpOptOut.objects.values_list("user_id", flat=True))
    for stage in DUE_AFTER:
        for event_request in due_requests(stage, now)[:BATCH]:
            asked = set(
                StoryFollowUp.objects.filter(request=event_request, stage=stage).values_list(
                    "user_id", flat=True
                )
            )
            for host in requests.authority_side(event_request):
                if host.pk in opted or host.pk in asked or not services.may_submit_story(host):
                    continue
                sent += _ask(event_request, host, Stage(stage), now)
    return sent


def _ask(event_request: EventRequest, host: _User, stage: StoryFollowUp.Stage, now) -> int:
    with transaction.atomic():
        _follow_up, created = StoryFollowUp.objects.get_or_create(
            request=event_request, user=host, stage=stage, defaults={"sent_at": now}
        )
        if not created:  # another run asked them first
            return 0
        send_templated_email(
            "stories/follow_up",
            host.email,
            {
                "person": host,
                "event_request": event_request,
                "months": int(stage),
                "story_url": story_url(event_request),
                "opt_out_url": reverse("members:story_follow_ups_stop", args=[opt_out_token(host)]),
            },
            user=host,
        )
    return 1
