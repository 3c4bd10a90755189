"""The member's story form, under /members/stories/: three steps, each saved to
the story's draft, then a page to check it and send it to the editors. A host can
start from their outcome report, whose consenting quote is carried over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from members.models import active_membership_of
from network_site.decorators import signed_in_view
from network_site.refusals import Refused, add_to_form

from . import follow_ups, services
from .forms import STEPS, AboutForm, QuoteForm
from .models import StoryPage, StorySubmission

STEP_NAMES = list(STEPS)


def _own_submission(user, pk) -> StorySubmission:
    return get_object_or_404(services.submissions_of(user), pk=pk)


def _next_url(submission, step):
    later = STEP_NAMES[STEP_NAMES.index(step) + 1 :]
    if later:
        return reverse("members:story_step", args=[submission.pk, later[0]])
    return reverse("members:story_check", args=[submission.pk])


def _after_save(request, submission, step):
    if "save_draft" in request.POST:
        messages.success(request, "Your story is saved as a draft: carry on whenever you like.")
        return redirect("members:dashboard")
    return redirect(_next_url(submission, step))


def _step_page(request, form, *, step, submission=None, outcome=None, status=200):
    if submission is not None:
        action = reverse("members:story_step", args=[submission.pk, step])
    else:
        action = reverse("members:story_new")
        if outcome is not None:
            action += f"?outcome={outcome.request_id}"
    context = {
        "action": action,
        "form": form,
        "step": step,
        "step_title": STEPS[step][0],
        "step_number": STEP_NAMES.index(step) + 1,
        "step_count": len(STEP_NAMES),
        "steps": [(name, title) for name, (title, _form) in STEPS.items()],
        "submission": submission,
        "outcome": outcome,
    }
    if submission is not None and step == "quote":
        context["carried_quotes"] = [
            q for q in services.draft_of(submission).quotes.all() if q.from_outcome_report
        ]
    return TemplateResponse(request, "stories/submit/step.html", context, status=status)


def _clean_draft(form, draft):
    """The form's fields set on the draft, checked by the page's own rules."""
    form.save(commit=False)
    try:
        draft.full_clean(exclude=["path", "depth", "url_path", "slug", "content_type"])
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
        return False
    return True


@signed_in_view("GET", "POST")
def story_new(request):
    """Step 1 of a new story; ``?outcome=<request>`` starts from an outcome report."""
    user = request.user
    if not services.may_submit_story(user):
        messages.info(request, "Stories are sent by members of the network.")
        return redirect("members:dashboard")
    outcome = None
    if "outcome" in request.GET:
        outcome = services.outcomes_to_tell(user).filter(request_id=request.GET["outcome"]).first()
        if outcome is None:
            raise Http404("No outcome report of yours waits for a story.")
    draft = StoryPage()
    membership = active_membership_of(user)
    initial = {"local_authority": membership.local_authority_id if membership else None}
    if outcome is not None:
        initial = services.story_fields_from_outcome(outcome)
    form = AboutForm(request.POST or None, instance=draft, initial=initial)
    if request.method == "POST":
        if form.is_valid() and _clean_draft(form, draft):
            try:
                if outcome is not None:
                    submission = services.start_story_from_outcome(user, outcome, draft)
                else:
                    submission = services.start_story(user, draft)
            except Refused as refusal:
                add_to_form(form, refusal)
            else:
                return _after_save(request, submission, "about")
        return _step_page(request, form, step="about", outcome=outcome, status=400)
    return _step_page(request, form, step="about", outcome=outcome)


@signed_in_view("GET", "POST")
def story_step(request, pk, step):
    if step not in STEPS:
        raise Http404("No such step.")
    user = request.user
    submission = _own_submission(user, pk)
    if not submission.editable:
        return redirect("members:story_check", submission.pk)
    draft = services.draft_of(submission)
    form_class = STEPS[step][1]
    if form_class is QuoteForm:
        quote = services.member_quote(draft, user)
        initial = (
            {"text": quote.text, "attribution": quote.attribution, "consent": True} if quote else {}
        )
        form = QuoteForm(request.POST or None, initial=initial)
    else:
        form = form_class(request.POST or None, instance=draft)
    if request.method == "POST":
        if isinstance(form, QuoteForm):
            valid = form.is_valid()
            if valid:
                data = form.cleaned_data
                services.set_member_quote(draft, data["text"], data["attribution"], user=user)
        else:
            valid = form.is_valid() and _clean_draft(form, draft)
        if valid:
            try:
                services.save_draft(submission, draft, user=user)
            except Refused as refusal:
                messages.error(request, refusal.message)
                return redirect("members:story_check", submission.pk)
            return _after_save(request, submission, step)
        return _step_page(request, form, step=step, submission=submission, status=400)
    return _step_page(request, form, step=step, submission=submission)


@signed_in_view("GET", "POST")
def story_check(request, pk):
    """The story as it stands, where it is, and (while it is the member's to
    change) the button that sends it to the editors."""
    user = request.user
    submission = _own_submission(user, pk)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            services.send_for_review(submission, user=user)
        except Refused as refusal:
            error = refusal.message
            status = 400
        else:
            messages.success(
                request, "Thank you: your story is with our editors. We will email you."
            )
            return redirect("members:dashboard")
    draft = services.draft_of(submission)
    context = {
        "submission": submission,
        "story": draft,
        "outcomes": draft.outcomes,
        "quotes": draft.quotes.all(),
        "error": error,
        "steps": [(name, title) for name, (title, _form) in STEPS.items()],
    }
    return TemplateResponse(request, "stories/submit/check.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_ups_stop(request, token):
    """The opt-out link of a follow-up email, signed in or not. GET: one button
    (nothing changes on a GET, which link scanners make). POST: no more follow-ups."""
    person = follow_ups.user_of_opt_out_token(token)
    if person is None:
        return TemplateResponse(request, "stories/follow_ups_stop_invalid.html", status=400)
    done = follow_ups.opted_out(person)
    if request.method == "POST":
        follow_ups.opt_out(person)
        done = True
    return TemplateResponse(request, "stories/follow_ups_stop.html", {"token": token, "done": done})
