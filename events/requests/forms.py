"""The forms of the public request pages: asking for an event, answering the
network's questions, withdrawing, and the outcome report. Who may do what is
decided in events.requests.services; these forms only check what was typed."""

import datetime
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone

from members.elections import services as elections
from members.elections.forms import add_confirmation, check_confirmation
from members.models import Organisation
from network_site.forms import (
    CheckboxList,
    DateInput,
    LongTextField,
    PlainLimits,
    Radios,
    plain_limits,
)

from . import services
from .models import EventRequest, EventRequestOutcome
from .record_fields import DATE_CHOICES, DATE_FIELDS, PAGE_ORDER, VENUE_FIELDS

MAX_CONTACTS = 10
FURTHEST_DATE = datetime.timedelta(days=2 * 366)  # a request is for the next two years
NOT_ON_THE_MODEL = ("co_host_organisations", "contacts")  # handed to submit_request


class ContactEmailsField(forms.CharField):
    """Email addresses, one a line (commas and semicolons work too). Cleans to a
    list of distinct addresses, lower-cased."""

    widget = forms.Textarea

    def __init__(self, **kwargs):
        super().__init__(max_length=2000, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        addresses = []
        for address in re.split(r"[\s,;]+", value or ""):
            if not address:
                continue
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    f"“{address[:80]}” is not an email address. Write one address a line."
                ) from None
            if address.lower() not in addresses:
                addresses.append(address.lower())
        if len(addresses) > MAX_CONTACTS:
            raise ValidationError(f"Name {MAX_CONTACTS} colleagues at most.")
        return addresses


class EventRequestForm(forms.ModelForm):
    """A local authority asks the network for an event. The model's own checks
    (dates, venue, audience) land beside their fields."""

    use_required_attribute = False  # errors come from the server, beside each field
    field_order = PAGE_ORDER  # the error summary lists errors in the order of the page

    audience = forms.MultipleChoiceField(
        label="Who it is for",
        choices=EventRequest.Audience.choices,
        widget=CheckboxList,
        help_text="Choose all that apply.",
        error_messages={
            "required": "Choose who the event is for.",
            "invalid_choice": "Choose who the event is for from the list.",
        },
    )
    co_host_organisations = forms.ModelMultipleChoiceField(
        label="Community organisations in the network",
        queryset=Organisation.objects.none(),
        required=False,
        widget=CheckboxList,
        help_text="Tick those you would like to host the event with you.",
        error_messages={
            "invalid_choice": "Choose from the organisations listed.",
            "invalid_pk_value": "Choose from the organisations listed.",
        },
    )
    contacts = ContactEmailsField(
        label="Colleagues to keep informed",
        help_text=(
            "Email addresses of colleagues at your council who are members of the network, "
            "one a line. They can follow the request and co-host the event with you."
        ),
    )

    class Meta:
        model = EventRequest
        fields = [name for name in PAGE_ORDER if name not in NOT_ON_THE_MODEL]
        labels = {
            "local_authority": "Your council",
            "title": "Working title",
            "theme": "Theme",
            "aims": "Aims",
            "date_1_from": "First choice: from",
            "date_1_to": "First choice: until",
            "date_2_from": "Second choice: from",
            "date_2_to": "Second choice: until",
            "date_3_from": "Third choice: from",
            "date_3_to": "Third choice: until",
            "format": "Format",
            "expected_attendees": "Expected numbers",
            "venue_offered": "Our council can offer a venue",
            "venue_name": "Venue name",
            "venue_address": "Address",
            "venue_postcode": "Postcode",
            "venue_capacity": "How many people it holds",
            "venue_accessibility": "Accessibility",
            "other_co_hosts": "Other organisations to host with",
            "contact_phone": "Contact phone number",
        }
        help_texts = {
            "title": "A name to know it by; we will agree the final title together.",
            "theme": "For example: bringing home care back in house.",
            "aims": (
                "What should the event achieve, and for whom? What do you hope changes "
                "because of it? Up to 3,000 characters."
            ),
            "expected_attendees": (
                "How many people you expect: between 5 and 2,000. A rough number is fine."
            ),
            "venue_offered": (
                "A room the council can book for the day, free of charge to the network."
            ),
            "venue_address": "The street address, without the postcode.",
            "venue_postcode": "For example, LS1 1UR.",
            "venue_accessibility": (
                "Step-free access, hearing loop, accessible toilets, quiet room, parking."
            ),
            "other_co_hosts": "Organisations not in the network yet, one a line.",
            "contact_phone": "So we can talk it through with you. For example, 0113 222 4444.",
        }
        widgets = {
            "aims": forms.Textarea(attrs={"rows": 6}),
            **dict.fromkeys(DATE_FIELDS, DateInput),
            "format": Radios,
            "venue_address": forms.Textarea(attrs={"rows": 3}),
            "venue_accessibility": forms.Textarea(attrs={"rows": 4}),
            "other_co_hosts": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        error_messages = {
            "local_authority": {
                "required": "Choose the council the event is for.",
                "invalid_choice": "You can only ask on behalf of your own council.",
            },
            "title": {"required": "Give the event a working title."},
            "theme": {"required": "Say what the event is about."},
            "aims": {"required": "Say what the event should achieve."},
            "date_1_from": {"required": "Give at least one date that would suit you."},
            "expected_attendees": {
                "required": "Say roughly how many people you expect.",
                "invalid": "Enter a whole number, for example 60.",
            },
            "format": {
                "required": "Choose how the event would run.",
                "invalid_choice": "Choose in person, online or hybrid.",
            },
            "contact_phone": {"required": "Give a phone number we can call you on."},
        }

    def __init__(self, *args, requester, **kwargs):
        super().__init__(*args, **kwargs)
        self.requester = requester
        self.contact_users = []
        authorities = services.requesting_authorities(requester)
        authority = self.fields["local_authority"]
        authority.queryset = authorities
        authority.empty_label = None if len(authority.queryset) == 1 else "Choose a council"
        if "local_authority" not in self.initial:
            self.initial["local_authority"] = authorities.values_list("pk", flat=True).first()
        self.fields["co_host_organisations"].queryset = services.possible_co_hosts(
            authorities
        ).filter(kind=Organisation.Kind.COMMUNITY)
        for name in DATE_FIELDS:
            self.fields[name].error_messages["invalid"] = (
                "Enter a real date, for example 14/03/2027."
            )
        self.fields["format"].choices = [
            choice for choice in self.fields["format"].choices if choice[0]
        ]
        expected = self.fields["expected_attendees"]
        expected.min_value, expected.max_value = 5, 2000
        expected.widget.attrs.update(min=5, max=2000, inputmode="numeric")
        expected.error_messages.update(
            min_value="Events are for 5 people or more.",
            max_value="We can host up to 2,000 people: for more, tell us in the aims.",
        )
        capacity = self.fields["venue_capacity"]
        capacity.widget.attrs.update(min=5, max=5000, inputmode="numeric")
        capacity.error_messages.update(
            invalid="Enter a whole number, for example 120.",
            min_value="A venue for the event holds 5 people or more.",
            max_value="Enter a capacity of 5,000 or fewer.",
        )
        self.fields["venue_postcode"].max_length = 10  # spaces are tidied before the check
        self.fields["venue_postcode"].widget.attrs.update(maxlength=10, autocomplete="postal-code")
        # Required once a venue is offered; clean() drops them when it is not.
        for name, what in VENUE_FIELDS.items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = f"You offered a venue: tell us {what}."
        plain_limits(self)
        # The pre-election warning: on the empty form for the council chosen first;
        # once sent, for the council chosen and the dates wanted (clean()).
        self.pre_election = []
        if not self.is_bound and self.initial.get("local_authority"):
            add_confirmation(self, elections.elections_for([self.initial["local_authority"]]))

    @property
    def date_choices(self):
        """(from, until) bound fields of each choice of dates, in order."""
        return [(self[first], self[until]) for first, until in DATE_CHOICES]

    def clean_venue_postcode(self):
        return " ".join(self.cleaned_data["venue_postcode"].upper().split())

    def _clean_dates(self):
        today = timezone.localdate()
        for name in DATE_FIELDS:
            day = self.cleaned_data.get(name)
            if day and day > today + FURTHEST_DATE:
                self.add_error(name, "Choose a date in the next two years.")

    def clean(self):
        cleaned = super().clean()
        self._clean_dates()
        if not cleaned.get("venue_offered"):
            # Details of a venue not offered (typed, then the box unticked) are dropped,
            # errors and all.
            for name in VENUE_FIELDS:
                self.errors.pop(name, None)
                cleaned[name] = None if name == "venue_capacity" else ""
        authority = cleaned.get("local_authority")
        organisations = cleaned.get("co_host_organisations")
        if (
            authority
            and organisations
            and organisations.exclude(pk__in=services.possible_co_hosts(authority)).exists()
        ):
            self.add_error(
                "co_host_organisations", "Choose organisations that work in your council's area."
            )
        addresses = cleaned.get("contacts") or []
        if authority and addresses:
            self.contact_users = self._contact_users(authority, addresses)
        if authority:
            spans = [(cleaned.get(first), cleaned.get(until)) for first, until in DATE_CHOICES]
            check_confirmation(self, elections.elections_for([authority], spans=spans))
        return cleaned

    def _contact_users(self, authority, addresses):
        """The members named as contacts. An address that is not an approved member
        of the council gets the same message whether or not it has an account."""
        if self.requester.email.lower() in addresses:
            self.add_error("contacts", "You follow your own request already: leave yourself out.")
            return []
        # Addresses are unique whatever their case: compare them lower-cased.
        matching = Q()
        for address in addresses:
            matching |= Q(email__iexact=address)
        candidates = services.possible_contacts(authority, exclude=self.requester)
        found = {user.email.lower(): user for user in candidates.filter(matching)}
        unknown = [address for address in addresses if address not in found]
        if unknown:
            self.add_error(
                "contacts",
                [
                    f"{address} is not an approved member of this council on the network."
                    for address in unknown
                ],
            )
            return []
        return [found[address] for address in addresses]

    def _update_errors(self, errors):
        """A field that already failed its own check keeps that one message: the
        model would only add a second, vaguer one (its value never reached it)."""
        already = set(self._errors or ())
        kept = {
            field: messages
            for field, messages in errors.error_dict.items()
            if field == NON_FIELD_ERRORS or field not in already
        }
        if kept:
            super()._update_errors(ValidationError(kept))


class AnswerForm(PlainLimits, forms.Form):
    message = LongTextField(
        label="Your answer",
        max_length=5000,
        rows=6,
        help_text="The network team reads this with your request (up to 5,000 characters).",
        error_messages={"required": "Write your answer."},
    )


class WithdrawForm(PlainLimits, forms.Form):
    reason = LongTextField(
        label="Why are you withdrawing it?",
        max_length=2000,
        required=False,
        rows=4,
        help_text="It helps us to know, but you do not have to say.",
    )


class OutcomeForm(PlainLimits, forms.ModelForm):
    use_required_attribute = False

    class Meta:
        model = EventRequestOutcome
        fields = [
            "what_happened",
            "what_changed",
            "quote",
            "quote_attribution",
            "may_publish_quote",
        ]
        labels = {
            "what_happened": "What happened",
            "what_changed": "What changed",
            "quote": "A quote about the event",
            "quote_attribution": "Who said it",
            "may_publish_quote": (
                "The network may publish this quote on its website and in its reports"
            ),
        }
        help_texts = {
            "what_happened": (
                "Who came, what you talked about, what you agreed. Up to 3,000 characters."
            ),
            "what_changed": (
                "What has changed since, or will, because of it: decisions, new partnerships, "
                "services brought back in house."
            ),
            "quote": "A sentence or two in your own words, or a colleague's with their agreement.",
            "quote_attribution": (
                "Name, role and council, for example Cllr Asha Patel, Leeds City Council."
            ),
            "may_publish_quote": "Leave unticked if the quote is for the network team only.",
        }
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 6}),
            "what_changed": forms.Textarea(attrs={"rows": 6}),
            "quote": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "what_happened": {"required": "Tell us what happened at the event."},
            "what_changed": {"required": "Tell us what has changed, even if it is early days."},
        }

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("may_publish_quote")
            and cleaned.get("quote")
            and not cleaned.get("quote_attribution")
        ):
            self.add_error("quote_attribution", "Say who said it, so we can credit them.")
        return cleaned
