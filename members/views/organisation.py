"""An organisation's contacts: its main contact invites and removes them; an
invited person accepts with an account of their own (members.organisations)."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from network_site import errors
from network_site.decorators import signed_in_view
from network_site.refusals import (
    Refused,
    form_page_status,
    submitted,
    tell_outcome,
)

from .. import organisations
from ..forms.notes import NoteForm
from ..models import Membership, OrganisationInvitation


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="We email them a link to accept, which works for 14 days. They sign in "
        "or create an account with this address.",
    )


class RemoveForm(NoteForm):
    label = "Note to them (optional)"
    help_text = "Added to the email that tells them."


def _organisation_membership(request) -> Membership | None:
    """The signed-in member's organisation membership, if they are its main contact."""
    membership = (
        Membership.objects.select_related("organisation", "user").filter(user=request.user).first()
    )
    if membership is None or not membership.is_main_contact:
        return None
    return membership


@signed_in_view("GET", "POST")
def contacts(request):
    """The main contact's page: the organisation's contacts, and inviting another."""
    membership = _organisation_membership(request)
    if membership is None:
        messages.info(request, "Only the main contact of an organisation manages its contacts.")
        return redirect("members:dashboard")
    takes_contacts = membership.status in organisations.TAKES_CONTACTS
    form = InviteForm(request.POST or None)
    if request.method == "POST":
        # Each invitation emails an address the member typed.
        limited = errors.over_hourly_limit(
            request,
            "invite_organisation_contact",
            "You have sent a lot of invitations in the last hour. "
            "Wait a while before sending more.",
        )
        if limited:
            return limited
        if submitted(
            form, lambda data: organisations.invite(membership, request.user, data["email"])
        ):
            email = form.cleaned_data["email"]
            messages.success(request, f"We have emailed an invitation to {email.lower()}.")
            return redirect("members:organisation_contacts")
    context = {
        "membership": membership,
        "contacts": organisations.contacts(membership),
        "invitations": organisations.open_invitations(membership),
        "form": form if takes_contacts else None,
        "max_contacts": organisations.MAX_CONTACTS,
    }
    return TemplateResponse(
        request, "members/organisation_contacts.html", context, status=form_page_status(request)
    )


@signed_in_view("POST")
def cancel_invitation(request, pk):
    membership = _organisation_membership(request)
    if membership is None:
        raise Http404
    invitation = get_object_or_404(OrganisationInvitation, pk=pk, membership=membership)
    try:
        organisations.cancel_invitation(invitation, request.user)
    except Refused as refusal:
        messages.info(request, refusal.message)
    else:
        messages.success(request, f"The invitation to {invitation.email} is cancelled.")
    return redirect("members:organisation_contacts")


@signed_in_view("GET", "POST")
def remove_contact(request, pk):
    """Confirm, then remove one of the organisation's contacts."""
    membership = _organisation_membership(request)
    if membership is None:
        raise Http404
    contact = get_object_or_404(
        organisations.contacts(membership).select_related("contact_for"), pk=pk
    )
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and submitted(
        form, lambda data: organisations.remove(contact, request.user, data["reason"])
    ):
        messages.success(
            request, f"{contact.user} is no longer a contact of {membership.organisation}."
        )
        return redirect("members:organisation_contacts")
    return TemplateResponse(
        request,
        "members/organisation_contact_remove.html",
        {"form": form, "contact": contact, "membership": membership},
        status=form_page_status(request),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link in an invitation: who it is from and, for the invited person
    signed in, the button that accepts it."""
    try:
        invitation = organisations.invitation_from_token(token)
    except Refused as refusal:
        return TemplateResponse(
            request, "members/organisation_invitation.html", {"refusal": refusal}, status=400
        )
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        accepted = tell_outcome(
            request,
            lambda: organisations.accept(token, user),
            f"You are now a contact of {invitation.membership.organisation} in the network.",
        )
        return redirect("members:dashboard" if accepted else request.path)
    context = {
        "invitation": invitation,
        "problem": organisations.why_cannot_accept(invitation, user)
        if user.is_authenticated
        else None,
    }
    return TemplateResponse(request, "members/organisation_invitation.html", context)
