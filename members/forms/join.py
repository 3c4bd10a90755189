"""The join form: one page, one category, only that category's fields required."""

import re

from django import forms

from members.models import (
    CHARITY_NUMBER_VALIDATOR,
    COMPANY_NUMBER_VALIDATOR,
    LocalAuthority,
    Membership,
    Organisation,
)
from network_site.forms import LongTextField

Category = Membership.Category

# The fields each category asks for, in the order they are shown; the required ones
# are required only when that category is chosen.
CATEGORY_FIELDS = {
    Category.COUNCILLOR: ["councillor_authority", "councillor_ward"],
    Category.OFFICER: ["officer_authority", "officer_job_title"],
    Category.ORGANISATION: [
        "organisation_name",
        "organisation_charity_number",
        "organisation_company_number",
        "organisation_income_band",
        "organisation_authorities",
        "organisation_website",
        "organisation_role",
    ],
    Category.POLICY: ["policy_organisation", "policy_job_title"],
    Category.OTHER: ["other_organisation", "other_about"],
}
REQUIRED_FIELDS = {
    Category.COUNCILLOR: {"councillor_authority", "councillor_ward"},
    Category.OFFICER: {"officer_authority", "officer_job_title"},
    Category.ORGANISATION: {
        "organisation_name",
        "organisation_income_band",
        "organisation_authorities",
    },
    Category.POLICY: {"policy_organisation"},
    Category.OTHER: {"other_about"},
}
CATEGORY_HELP = {
    Category.COUNCILLOR: "You are an elected member of a council in the UK.",
    Category.OFFICER: "You work for a council, including as a commissioner of services.",
    Category.ORGANISATION: (
        "You are the contact for a charity, social enterprise or community group. "
        "A fee may apply, depending on the organisation's income."
    ),
    Category.POLICY: "You work in a think tank, university or national body.",
    Category.OTHER: "None of the above fits, but you care about keeping services local.",
}
REQUIRED_MESSAGES = {
    "councillor_authority": "Choose the council you sit on.",
    "councillor_ward": "Enter your ward or division.",
    "officer_authority": "Choose the council you work for.",
    "officer_job_title": "Enter your job title.",
    "organisation_name": "Enter the organisation's name.",
    "organisation_income_band": "Choose the organisation's yearly income.",
    "organisation_authorities": "Choose at least one area the organisation works in.",
    "policy_organisation": "Enter where you work.",
    "other_about": "Tell us how you are involved in local public services.",
}


def _compact(value):
    """Charity and company numbers are often written with spaces; store them without."""
    return re.sub(r"\s+", "", value or "").upper()


class CategoryRadios(forms.RadioSelect):
    def id_for_label(self, id_, index=None):
        # The error summary links to the first radio (Django gives the group no id).
        return super().id_for_label(id_, 0 if index is None else index)


class AuthorityChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=LocalAuthority.objects.current(),
            empty_label="Choose a council",
            required=False,
            **kwargs,
        )


class JoinForm(forms.Form):
    # Errors go in the summary and beside each field; the browser's own
    # validation would stop the page on fields of categories not chosen.
    use_required_attribute = False

    first_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter your first name."}
    )
    last_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter your last name."}
    )
    category = forms.ChoiceField(
        label="Which best describes you?",
        choices=Category.choices,
        widget=CategoryRadios,
        error_messages={"required": "Choose the membership category that best describes you."},
    )

    councillor_authority = AuthorityChoiceField(label="Your council")
    councillor_ward = forms.CharField(label="Your ward or division", max_length=150, required=False)

    officer_authority = AuthorityChoiceField(label="The council you work for")
    officer_job_title = forms.CharField(
        label="Job title",
        max_length=150,
        required=False,
        help_text="For example, Head of Commissioning.",
    )

    organisation_name = forms.CharField(label="Organisation name", max_length=200, required=False)
    organisation_charity_number = forms.CharField(
        label="Registered charity number",
        max_length=20,
        required=False,
        help_text="If it is a registered charity. For example, 1234567, SC012345 or NIC101234.",
    )
    organisation_company_number = forms.CharField(
        label="Company number",
        max_length=20,
        required=False,
        help_text=(
            "If it is registered with Companies House: eight digits, or two letters "
            "and six digits, for example 01234567 or SC123456."
        ),
    )
    organisation_income_band = forms.ChoiceField(
        label="Yearly income",
        choices=[("", "Choose a band"), *Organisation.IncomeBand.choices],
        required=False,
        help_text="From the latest accounts. It sets the membership fee.",
    )
    organisation_authorities = forms.ModelMultipleChoiceField(
        label="Local authority areas it works in",
        queryset=LocalAuthority.objects.current(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Choose one or more. To choose more than one, hold Ctrl (Cmd on a Mac).",
    )
    organisation_website = forms.URLField(
        label="Website", max_length=200, required=False, assume_scheme="https"
    )
    organisation_role = forms.CharField(
        label="Your role in the organisation",
        max_length=150,
        required=False,
        help_text="You will be the organisation's contact with the network.",
    )

    policy_organisation = forms.CharField(label="Where you work", max_length=200, required=False)
    policy_job_title = forms.CharField(label="Job title", max_length=150, required=False)

    other_organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    other_about = LongTextField(
        label="How are you involved in local public services?",
        max_length=1500,
        required=False,
        rows=5,
        help_text="A few sentences are enough (up to 1,500 characters).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["organisation_website"].widget.attrs["autocomplete"] = "url"
        # A category's required fields are required (and shown so) in its fieldset;
        # clean() drops the errors of every category that was not chosen.
        for names in REQUIRED_FIELDS.values():
            for name in names:
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = REQUIRED_MESSAGES[name]

    def categories(self, fees):
        """Each category for the template: its radio, help, fee and fieldset of fields."""
        chosen = self["category"].value()
        return [
            {
                "value": value,
                "label": label,
                "id": f"{self['category'].auto_id}_{index}",
                "checked": chosen == value,
                "help": CATEGORY_HELP[value],
                "fee": fees.fee_for(value),
                "fields": [self[name] for name in CATEGORY_FIELDS[value]],
            }
            for index, (value, label) in enumerate(Category.choices)
        ]

    @staticmethod
    def organisation_fees(fees):
        """(income band label, annual fee) for each band."""
        return [
            (label, fees.fee_for(Category.ORGANISATION, band))
            for band, label in Organisation.IncomeBand.choices
        ]

    def clean_organisation_charity_number(self):
        value = _compact(self.cleaned_data["organisation_charity_number"])
        if value:
            CHARITY_NUMBER_VALIDATOR(value)
        return value

    def clean_organisation_company_number(self):
        value = _compact(self.cleaned_data["organisation_company_number"])
        if value.isdigit() and 6 <= len(value) < 8:
            value = value.zfill(8)  # 1234567 is written for 01234567
        if value:
            COMPANY_NUMBER_VALIDATOR(value)
        return value

    def clean(self):
        cleaned = super().clean()
        category = cleaned.get("category")
        for other, names in CATEGORY_FIELDS.items():
            if other == category:
                continue
            # Whatever was typed in another category's fieldset is neither checked nor kept.
            for name in names:
                self._errors.pop(name, None)
                cleaned.pop(name, None)
        return cleaned
