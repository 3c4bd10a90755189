import re

from django import forms

from members.models import Membership
from network_site.forms import LongTextField

from . import services
from .models import IntroductionRequest

# A contact detail typed into the reason would reach the other side before both
# accepted: the reason is sent to the people proposed.
EMAIL_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PHONE_NUMBER = re.compile(r"(?:\+|\b)\d(?:[\s()-]*\d){8,}")


class RequestForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        label="Which local authority",
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the authorities listed."},
    )
    reason = LongTextField(
        label="Why you would like to meet them",
        max_length=IntroductionRequest._meta.get_field("reason").max_length,
        rows=6,
        help_text="What you are working on and what you hope to find. We send this to the "
        "people we suggest, without your contact details. Leave out email addresses and "
        "phone numbers: we share them only when both of you accept.",
        error_messages={"required": "Tell us why you would like an introduction."},
    )

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["local_authority"]
        field.queryset = services.authorities_to_ask_about(membership).order_by("name")
        if membership.category == Membership.Category.ORGANISATION:
            field.help_text = "We suggest councillors and officers of this authority."
        else:
            field.help_text = "Your own council: we suggest organisations working in its area."

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Tell us a little more: a sentence or two is enough.")
        if EMAIL_ADDRESS.search(reason) or PHONE_NUMBER.search(reason):
            raise forms.ValidationError(
                "Leave out email addresses and phone numbers: we share contact details "
                "only when both of you accept the introduction."
            )
        return reason


class ProposeForm(forms.Form):
    """Staff choose whom to propose, among the suggested matches only."""

    member = forms.ModelChoiceField(
        label="Member to propose",
        queryset=None,
        error_messages={
            "invalid_choice": "Choose one of the suggested members: only members at this "
            "authority who agreed to introductions can be proposed.",
            "required": "Choose a member to propose.",
        },
    )

    def __init__(self, *args, request: IntroductionRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = services.suggested_matches(request)
        self.fields["member"].label_from_instance = staff_label


def staff_label(membership: Membership) -> str:
    """How staff see a suggested member (staff may see names; the members may not yet)."""
    user = membership.user
    name = user.get_full_name() or user.email
    if membership.category == Membership.Category.ORGANISATION and membership.organisation:
        return f"{membership.organisation.name}: {name}"
    return f"{name}, {membership.get_category_display().lower()}"
