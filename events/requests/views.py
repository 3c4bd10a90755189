"""The public side of event requests: asking for an event, following it, answering
the network's questions, withdrawing and reporting the outcome. Thin: who may do
what, and every change, is in events.requests.services.

A request's pages answer 404 to everyone who may not see it, so nobody learns
which references or ids exist."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.permissions import hosted_events
from members.elections import services as elections
from members.models import Membership
from network_site.decorators import signed_in_view
from network_site.refusals import Refused, add_to_form

from . import services
from .forms import AnswerForm, EventRequestForm, OutcomeForm, WithdrawForm
from .models import EventRequest, EventRequestOutcome, EventRequestUpdate

Status = EventRequest.Status
Source = EventRequestUpdate.Source

# What each status means, for the people who asked.
STATUS_EXPLANATIONS = {
    Status.SUBMITTED: (
        "We have your request. Someone from the network team will look at it, usually "
        f"within {services.TYPICAL_RESPONSE}."
    ),
    Status.IN_REVIEW: (
        "The network team is looking at your request. We may ask you a question or two "
        "before we decide."
    ),
    Status.NEEDS_INFORMATION: (
        "We need a little more from you before we can decide. Please answer the question "
        "below: your request goes back into review as soon as you do."
    ),
    Status.ACCEPTED: (
        "We would like to host this event with you. We are drafting its page and will be "
        "in touch to agree the details before it is published."
    ),
    Status.SCHEDULED: (
        "The event is published and open for registrations. You co-host it: you can see "
        "how many people have registered and who agreed to share their details with you."
    ),
    Status.HELD: "The event has taken place. Thank you for hosting it with us.",
    Status.DECLINED: (
        "We are not able to host this event. Our message below says why. You are welcome "
        "to ask again."
    ),
    Status.WITHDRAWN: "This request was withdrawn. You can ask for another event at any time.",
}
HOSTED = (Status.SCHEDULED, Status.HELD)


def _visible_request(user, pk):
    """One of the requests the member may follow, or 404 for every other id."""
    return get_object_or_404(
        services.visible_requests(user).select_related("local_authority", "event"),
        pk=pk,
    )


def _detail(event_request):
    return redirect("events:request_detail", pk=event_request.pk)


def _not_now(request, event_request, message):
    messages.info(request, message)
    return _detail(event_request)


def _action_page(request, event_request, form, template, act, *, done):
    """A page with one form about a request: a valid POST does ``act(form)`` and
    goes back to the request's page saying ``done`` (or why the rules said no)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                act(form)
            except Refused as refusal:
                return _not_now(request, event_request, refusal.message)
            messages.success(request, done)
            return _detail(event_request)
        status = 400
    context = {"event_request": event_request, "form": form}
    return TemplateResponse(request, template, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def request_event(request):
    """Explains how hosting works; the form is for approved councillors and officers."""
    context = {"typical_response": services.TYPICAL_RESPONSE}
    user = request.user
    if not user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return TemplateResponse(request, "event_requests/form.html", context)
    if not services.may_request(user):
        context["membership"] = (
            Membership.objects.filter(user=user).select_related("local_authority").first()
        )
        status = 403 if request.method == "POST" else 200
        return TemplateResponse(request, "event_requests/form.html", context, status=status)

    form = EventRequestForm(request.POST or None, requester=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                event_request = services.submit_request(
                    form.instance,
                    requester=user,
                    contacts=form.contact_users,
                    organisations=form.cleaned_data["co_host_organisations"],
                )
            except Refused as refusal:
                add_to_form(form, refusal)
            else:
                elections.record_confirmations(
                    form.pre_election,
                    user=user,
                    where=elections.Where.EVENT_REQUEST,
                    ref=f"event-request:{event_request.pk}",
                    description=f"{event_request.reference}: {event_request.title}",
                )
                messages.success(
                    request,
                    f"Thank you: your request is with us. Its reference is "
                    f"{event_request.reference}. We have emailed you a copy.",
                )
                return _detail(event_request)
        status = 400
    context["form"] = form
    return TemplateResponse(request, "event_requests/form.html", context, status=status)


def _timeline(event_request, user):
    """What the authority may read of the request's history: status changes and
    messages, never staff's internal notes."""
    entries = []
    for update in event_request.updates.select_related("author"):
        if not (update.is_status_change or update.message):
            continue  # an internal note only
        if update.source == Source.STAFF:
            who = "The network team"
        elif update.source == Source.SYSTEM:
            who = ""
        elif update.author_id == user.pk:
            who = "You"
        else:
            who = (update.author.get_full_name() if update.author else "") or "Your council"
        entries.append(
            {
                "at": update.created_at,
                "who": who,
                "status": update.get_to_status_display() if update.is_status_change else "",
                "status_value": update.to_status if update.is_status_change else "",
                "message": update.message,
                "from_authority": update.source == Source.AUTHORITY,
            }
        )
    return entries


def _render_detail(request, event_request, *, answer_form=None, status=200):
    user = request.user
    may_answer = services.may_answer(user, event_request)
    event = event_request.event if event_request.status in HOSTED else None
    timeline = _timeline(event_request, user)
    context = {
        "event_request": event_request,
        "status_explanation": STATUS_EXPLANATIONS[event_request.status],
        "timeline": timeline,
        "question": next(
            (e for e in reversed(timeline) if e["message"] and not e["from_authority"]), None
        ),
        "contacts": list(event_request.contacts.order_by("first_name", "last_name", "email")),
        "organisations": list(event_request.co_host_organisations.order_by("name")),
        "outcome": EventRequestOutcome.objects.filter(request=event_request).first(),
        "answer_form": (answer_form or AnswerForm()) if may_answer else None,
        "may_withdraw": services.may_withdraw(user, event_request),
        "may_report_outcome": services.may_report_outcome(user, event_request),
        "event": event if event and event.live else None,
        "hosting_url": (
            reverse("members:hosting_event", args=[event.pk])
            if event and hosted_events(user).filter(pk=event.pk).exists()
            else ""
        ),
    }
    return TemplateResponse(request, "event_requests/detail.html", context, status=status)


@signed_in_view("GET")
def request_detail(request, pk):
    return _render_detail(request, _visible_request(request.user, pk))


@signed_in_view("GET", "POST")
def request_answer(request, pk):
    event_request = _visible_request(request.user, pk)
    if request.method == "GET":
        # The answer form lives on the request's page (a sign-in on the way back
        # from a POST lands here with a GET).
        return redirect(reverse("events:request_detail", args=[pk]) + "#answer-title")
    if not services.may_answer(request.user, event_request):
        return _not_now(request, event_request, "This request is not waiting for an answer.")
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer(event_request, by=request.user, message=form.cleaned_data["message"])
        except Refused as refusal:
            add_to_form(form, refusal)
        else:
            messages.success(
                request,
                "Thank you: the network team has your answer, and your request is back in review.",
            )
            return _detail(event_request)
    return _render_detail(request, event_request, answer_form=form, status=400)


@signed_in_view("GET", "POST")
def request_withdraw(request, pk):
    """Asks to confirm, then withdraws the request (only its requester may)."""
    event_request = _visible_request(request.user, pk)
    if not services.may_withdraw(request.user, event_request):
        return _not_now(
            request,
            event_request,
            "Only the person who asked can withdraw a request, and only until its event "
            "is published. Contact us if plans have changed.",
        )
    return _action_page(
        request,
        event_request,
        WithdrawForm(request.POST or None),
        "event_requests/withdraw.html",
        lambda form: services.withdraw(
            event_request, by=request.user, reason=form.cleaned_data["reason"]
        ),
        done=f"Your request {event_request.reference} is withdrawn.",
    )


@signed_in_view("GET", "POST")
def request_outcome(request, pk):
    """The outcome report, once the event has been held (once per request)."""
    event_request = _visible_request(request.user, pk)
    if not services.may_report_outcome(request.user, event_request):
        if EventRequestOutcome.objects.filter(request=event_request).exists():
            message = "The outcome of this event has been reported already: thank you."
        else:
            message = "You can tell us how it went once the event has taken place."
        return _not_now(request, event_request, message)
    return _action_page(
        request,
        event_request,
        OutcomeForm(request.POST or None),
        "event_requests/outcome.html",
        lambda form: services.submit_outcome(event_request, by=request.user, outcome=form.instance),
        done="Thank you for telling us how it went.",
    )
