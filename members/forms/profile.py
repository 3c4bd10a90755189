from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import (
    CHARITY_NUMBER_VALIDATOR,
    COMPANY_NUMBER_VALIDATOR,
    MarketingConsent,
    Membership,
    Organisation,
)

# Shown beside the checkbox and saved with every consent record, word for word.
MARKETING_CONSENT_WORDING = (
    "Email me the Keep it Local Network newsletter and news of events. "
    "I can stop these emails at any time from my profile or from the link in every email."
)

# Who can be introduced to other members (members.introductions).
INTRODUCTION_CATEGORIES = (
    Membership.Category.COUNCILLOR,
    Membership.Category.OFFICER,
    Membership.Category.ORGANISATION,
)
INTRODUCTIONS_WORDING = (
    "Staff may suggest introductions to me: when a member asks to meet people working "
    "in my area, we may ask me whether I would like to meet them. My email address is "
    "shared only if we both accept."
)


def marketing_consent_given(user) -> bool:
    latest = MarketingConsent.objects.filter(user=user).first()
    return bool(latest and latest.given)


def _model_field(model, name, **kwargs):
    """A form field made from the model field, so lengths and validators match the database."""
    return model._meta.get_field(name).formfield(**kwargs)


class RadioSelect(forms.RadioSelect):
    """Radios whose field links to the first option, so the error summary can point at it."""

    def id_for_label(self, id_, index="0"):
        return super().id_for_label(id_, index)


class ProfileForm(forms.Form):
    """A member's own profile: their name, membership details, organisation and preferences.

    Fields depend on the member: ward only for councillors, organisation details only
    for the contact of a community organisation, membership fields only with a membership.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.membership = (
            Membership.objects.filter(user=user).select_related("organisation").first()
        )
        membership = self.membership
        self.organisation = (
            membership.organisation
            # Only the main contact keeps the organisation's details; its further
            # contacts (members.organisations) see them.
            if membership
            and membership.is_main_contact
            and membership.organisation
            and membership.organisation.kind == Organisation.Kind.COMMUNITY
            else None
        )
        user_model = get_user_model()
        self.fields["first_name"] = _model_field(
            user_model, "first_name", required=True, initial=user.first_name
        )
        self.fields["last_name"] = _model_field(
            user_model, "last_name", required=True, initial=user.last_name
        )
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

        if membership:
            self.fields["job_title"] = _model_field(
                Membership,
                "job_title",
                initial=membership.job_title,
                help_text="Shown in the directory if you choose to be listed.",
            )
            self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"
            if membership.category == Membership.Category.COUNCILLOR:
                self.fields["ward"] = _model_field(
                    Membership,
                    "ward",
                    initial=membership.ward,
                    help_text="The ward or division you represent.",
                )
            if (
                membership.category in (Membership.Category.POLICY, Membership.Category.OTHER)
                and not self.organisation
            ):
                self.fields["organisation_name"] = _model_field(
                    Membership,
                    "organisation_name",
                    label="Where you work",
                    initial=membership.organisation_name,
                )
            self.fields["bio"] = _model_field(
                Membership,
                "bio",
                label="About you",
                initial=membership.bio,
                help_text="A few sentences for other members: your work and interests. "
                "Up to 1,500 characters, plain text.",
            )
            self.fields["bio"].widget.attrs["rows"] = 6

        if self.organisation:
            organisation = self.organisation
            self.fields["organisation_name_official"] = _model_field(
                Organisation, "name", label="Organisation name", initial=organisation.name
            )
            self.fields["website"] = forms.URLField(
                label="Organisation website",
                required=False,
                max_length=200,
                assume_scheme="https",
                initial=organisation.website,
                help_text="For example https://www.example.org.uk",
            )
            # The number formats are checked in clean_*(), after spaces and case are tidied.
            self.fields["charity_number"] = _model_field(
                Organisation, "charity_number", initial=organisation.charity_number
            )
            self.fields["company_number"] = _model_field(
                Organisation, "company_number", initial=organisation.company_number
            )
            self.fields["income_band"] = _model_field(
                Organisation,
                "income_band",
                initial=organisation.income_band,
                help_text="Your annual income sets the membership fee.",
            )

        if membership:
            self.fields["directory_visibility"] = forms.ChoiceField(
                label="Listing in the members' directory",
                choices=Membership.Visibility.choices,
                initial=membership.directory_visibility,
                widget=RadioSelect,
                help_text="The directory shows your name, membership category, job title or "
                "ward, council and organisation, never your email address.",
            )
            if membership.category in INTRODUCTION_CATEGORIES:
                self.fields["open_to_introductions"] = forms.BooleanField(
                    label=INTRODUCTIONS_WORDING,
                    required=False,
                    initial=membership.open_to_introductions,
                    help_text="Off unless you turn it on. You can turn it off at any time; "
                    "you can always decline or withdraw from an introduction.",
                )
        self.fields["marketing_consent"] = forms.BooleanField(
            label=MARKETING_CONSENT_WORDING,
            required=False,
            initial=marketing_consent_given(user),
        )

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_charity_number(self):
        number = self.cleaned_data["charity_number"].replace(" ", "").upper()
        if number:
            CHARITY_NUMBER_VALIDATOR(number)
        return number

    def clean_company_number(self):
        number = self.cleaned_data["company_number"].replace(" ", "").upper()
        if number:
            COMPANY_NUMBER_VALIDATOR(number)
        return number

    @transaction.atomic
    def save(self):
        data = self.cleaned_data
        user = self.user
        user.first_name = data["first_name"]
        user.last_name = data["last_name"]
        user.save(update_fields=["first_name", "last_name"])

        if self.membership:
            membership = self.membership
            for name in (
                "job_title",
                "ward",
                "organisation_name",
                "bio",
                "directory_visibility",
                "open_to_introductions",
            ):
                if name in data:
                    setattr(membership, name, data[name])
            membership.save()

        if self.organisation:
            organisation = self.organisation
            organisation.name = data["organisation_name_official"]
            for name in ("website", "charity_number", "company_number", "income_band"):
                setattr(organisation, name, data[name])
            organisation.save()

        given = data["marketing_consent"]
        if given != marketing_consent_given(user):
            MarketingConsent.objects.create(
                user=user, given=given, wording=MARKETING_CONSENT_WORDING
            )
        return user
