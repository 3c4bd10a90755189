from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from network_site.payments.stripe_api import StripeUnavailable
from network_site.refusals import form_page_status, submitted

from .. import lifecycle
from ..forms.notes import NoteForm
from ..models import Membership


class LeaveForm(NoteForm):
    label = "Why are you leaving?"
    help_text = "It helps us do better; only the membership team reads it."


@never_cache
@login_required
def leave(request):
    """End the member's membership, keeping their account."""
    membership = Membership.objects.filter(user=request.user).with_contact_count().first()
    if membership is None or not membership.may_leave():
        messages.info(request, "You have no membership to leave.")
        return redirect("members:dashboard")
    form = LeaveForm(request.POST or None)
    status = form_page_status(request)
    if request.method == "POST":
        try:
            if submitted(
                form, lambda data: lifecycle.leave(membership, request.user, data["reason"])
            ):
                messages.success(
                    request,
                    "You have left the network. Your account stays: "
                    "you can apply again at any time.",
                )
                return redirect("members:dashboard")
        except StripeUnavailable:
            form.add_error(
                None,
                "We could not reach our payment provider to stop your membership fee, "
                "so you are still a member. Please try again in a few minutes.",
            )
            status = 503
    context = {
        "form": form,
        "membership": membership,
        "organisation_contacts": membership.contact_count if membership.is_main_contact else 0,
    }
    return TemplateResponse(request, "members/leave.html", context, status=status)
