"""The introductions of the demo, in Leeds: the demo councillor's open request, the
demo organisation's request with an officer proposed (waiting for answers), and an
introduction both sides accepted. The demo members who take part are opted in.

Written as records, as if the steps had happened: loading the demo sends no email.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.models import LocalAuthority, Membership
from network_site.demo.loading import CREATED, UNCHANGED, UPDATED, DemoStep, upsert

from .models import Introduction, IntroductionEvent, IntroductionRequest

COUNCILLOR = "councillor@keepitlocal.example"
ORGANISATION = "organisation@keepitlocal.example"
OFFICER = "officer@keepitlocal.example"  # the membership officer who proposed
LEEDS_OFFICER = "listed.officer.leeds@keepitlocal.example"
OPTED_IN = (COUNCILLOR, ORGANISATION, LEEDS_OFFICER)

Action = IntroductionEvent.Action
Accepted = Introduction.Answer.ACCEPTED

REQUESTS = [
    {
        "requester": COUNCILLOR,
        "kind": IntroductionRequest.Kind.MEET_ORGANISATIONS,
        "reason": "I am putting together a group on food poverty in Headingley and would "
        "like to meet organisations that run food banks, larders or community kitchens.",
        "status": IntroductionRequest.Status.OPEN,
        "days_ago": 2,
        "proposed": None,
    },
    {
        "requester": ORGANISATION,
        "kind": IntroductionRequest.Kind.MEET_COUNCIL,
        "reason": "We want to understand how the council commissions early help, so that "
        "our family drop-in can be part of it.",
        "status": IntroductionRequest.Status.PROPOSED,
        "days_ago": 6,
        "proposed": (LEEDS_OFFICER, "waiting"),
    },
    {
        "requester": COUNCILLOR,
        "kind": IntroductionRequest.Kind.MEET_ORGANISATIONS,
        "reason": "Scrutiny is reviewing the council's surplus food contract; I would like "
        "to hear from groups that redistribute food locally.",
        "status": IntroductionRequest.Status.PROPOSED,
        "days_ago": 20,
        "proposed": (ORGANISATION, "introduced"),
    },
]


def _membership(email):
    return Membership.objects.select_related("user").get(user__email__iexact=email)


def load_introductions(loader):
    statuses = []
    for email in OPTED_IN:
        updated = Membership.objects.filter(
            user__email__iexact=email, open_to_introductions=False
        ).update(open_to_introductions=True)
        statuses.append(UPDATED if updated else UNCHANGED)
    officer = get_user_model().objects.filter(email__iexact=OFFICER).first()
    leeds = LocalAuthority.objects.get(gss_code="E08000035")
    now = timezone.now()
    for spec in REQUESTS:
        requester = _membership(spec["requester"])
        asked_at = now - datetime.timedelta(days=spec["days_ago"])
        request, status = upsert(
            IntroductionRequest,
            {"requester": requester, "reason": spec["reason"]},
            {"kind": spec["kind"], "local_authority": leeds},
        )
        statuses.append(status)
        if status != CREATED:
            continue  # the steps are written once; a demo admin's later moves stay
        request.status = spec["status"]
        request.created_at = asked_at
        request.save(update_fields=["status", "created_at"])
        IntroductionEvent.objects.create(
            request=request, action=Action.ASKED, actor=requester.user, at=asked_at
        )
        if spec["proposed"] is None:
            continue
        email, state = spec["proposed"]
        member = _membership(email)
        proposed_at = asked_at + datetime.timedelta(days=1)
        introduction = Introduction.objects.create(
            request=request, member=member, proposed_by=officer, proposed_at=proposed_at
        )
        steps = [(Action.PROPOSED, officer, proposed_at)]
        if state == "introduced":
            answered = proposed_at + datetime.timedelta(days=1)
            shared = proposed_at + datetime.timedelta(days=2)
            introduction.requester_answer = introduction.member_answer = Accepted
            introduction.requester_answered_at = answered
            introduction.member_answered_at = shared
            introduction.shared_at = shared
            introduction.save()
            steps += [
                (Action.ACCEPTED, requester.user, answered),
                (Action.ACCEPTED, member.user, shared),
                (Action.SHARED, None, shared),
            ]
        for action, actor, at in steps:
            IntroductionEvent.objects.create(
                request=request, introduction=introduction, action=action, actor=actor, at=at
            )
    loader.report("Introductions", statuses)


DEMO_STEPS = [
    DemoStep("introductions", 730, load_introductions, after=("memberships", "accounts")),
]
