"""The member's side of introductions: their requests, the introductions proposed
to them, answering and withdrawing (members.introductions.services)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from network_site import errors
from network_site.decorators import signed_in_view
from network_site.refusals import (
    Refused,
    form_page_status,
    submitted,
    tell_outcome,
)

from . import services
from .forms import RequestForm
from .models import Introduction, IntroductionRequest

INDEX = "members:introductions:index"


@signed_in_view()
def index(request):
    """Their requests (each with the introductions proposed to it) and the
    introductions others asked for that staff proposed them to."""
    user = request.user
    membership = services.own_membership(user)
    requests = (
        IntroductionRequest.objects.filter(requester__user=user)
        .select_related("local_authority")
        .prefetch_related(
            Prefetch(
                "introductions",
                queryset=Introduction.objects.select_related(
                    "member__user", "member__organisation", "member__local_authority"
                ).order_by("proposed_at", "pk"),
            )
        )
    )
    offered = (
        services.introductions_for(user).filter(member__user=user).order_by("-proposed_at", "-pk")
    )
    requests = list(requests)
    for introduction_request in requests:
        for introduction in introduction_request.introductions.all():
            introduction.proposed = services.describe(introduction.member)
    offered = list(offered)
    for introduction in offered:
        introduction.asking = services.describe(introduction.request.requester)
    context = {
        "membership": membership,
        "requests": requests,
        "offered": offered,
        "cannot_ask": services.why_cannot_ask(membership),
        "may_be_introduced": membership is not None
        and membership.category in services.KIND_FOR_CATEGORY,
        "max_open": services.MAX_OPEN_REQUESTS,
    }
    return TemplateResponse(request, "introductions/index.html", context)


@signed_in_view("GET", "POST")
def new(request):
    membership = services.own_membership(request.user)
    problem = services.why_cannot_ask(membership)
    if problem:
        return TemplateResponse(request, "introductions/new.html", {"problem": problem}, status=403)
    assert membership is not None  # why_cannot_ask
    form = RequestForm(request.POST or None, membership=membership)
    if request.method == "POST":
        # Each request is read by staff and may email other members.
        limited = errors.over_hourly_limit(
            request,
            "request_introduction",
            "You have asked for a lot of introductions in the last hour. "
            "Wait a while before asking again.",
        )
        if limited:
            return limited
        if submitted(
            form,
            lambda data: services.ask(membership, data["local_authority"], data["reason"]),
        ):
            messages.success(
                request,
                "Thank you: we have your request. A membership officer will suggest "
                "people and email you both.",
            )
            return redirect(INDEX)
    context = {"form": form, "membership": membership}
    return TemplateResponse(
        request, "introductions/new.html", context, status=form_page_status(request)
    )


ANSWERS = {
    "accept": "You have accepted. When the other side accepts too, we email you both "
    "each other's contact details.",
    "decline": "You have declined this introduction. We have let the other side know, "
    "without saying who you are.",
    "withdraw": "You have withdrawn from this introduction.",
}


@signed_in_view("POST")
def act(request, pk, action):
    """Accept, decline or withdraw from one introduction the member is a side of."""
    introduction = services.introductions_for(request.user).filter(pk=pk).first()
    if introduction is None:
        raise Http404
    try:
        if action == "withdraw":
            introduction = services.withdraw(introduction, request.user)
        else:
            introduction = services.answer(introduction, request.user, action == "accept")
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(INDEX)
    if introduction.shared_at:
        messages.success(
            request, "You have both accepted: we have emailed you each other's contact details."
        )
    else:
        messages.success(request, ANSWERS[action])
    return redirect(INDEX)


@signed_in_view("POST")
def withdraw_request(request, pk):
    introduction_request = IntroductionRequest.objects.filter(
        pk=pk, requester__user=request.user
    ).first()
    if introduction_request is None:
        raise Http404
    tell_outcome(
        request,
        lambda: services.withdraw_request(introduction_request, request.user),
        "Your request is withdrawn.",
    )
    return redirect(INDEX)
