from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from wagtail import hooks

from network_site.member_data import MEMBER_DASHBOARD_CONTEXT
from network_site.models import UndeliverableAddress

from ..forms.profile import MARKETING_CONSENT_WORDING, ProfileForm
from ..models import MarketingConsent, Membership


@never_cache
@login_required
def dashboard(request):
    """The member's own page: membership, what is pending, profile, preferences, their data."""
    user = request.user
    membership = (
        Membership.objects.filter(user=user)
        .select_related("local_authority", "organisation", "contact_for__user")
        .with_fee_in_progress()
        .with_contact_count()
        .first()
    )
    if membership is not None:
        membership.user = user  # the same person: no second query for them
    # The latest decision says why a membership is not active; no other state needs it.
    Status = Membership.Status
    explained = membership is not None and membership.status in (
        Status.REJECTED,
        Status.SUSPENDED,
        Status.CANCELLED,
    )
    latest_decision = membership.decisions.first() if explained else None
    context = {
        "membership": membership,
        "latest_decision": latest_decision,
        "marketing_consent": MarketingConsent.objects.filter(user=user).first(),
        "undeliverable": UndeliverableAddress.for_email(user.email),
        "organisation_contacts": membership.contact_count
        if membership is not None and membership.is_main_contact
        else 0,
    }
    # What the other apps show here (events: registrations; event requests).
    for panel_context in hooks.get_hooks(MEMBER_DASHBOARD_CONTEXT):
        context.update(panel_context(user, membership))
    return TemplateResponse(request, "members/dashboard.html", context)


@never_cache
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your profile has been saved.")
            return redirect("members:dashboard")
        status = 400
    else:
        status = 200
    return TemplateResponse(
        request,
        "members/profile.html",
        {"form": form, "consent_wording": MARKETING_CONSENT_WORDING},
        status=status,
    )
