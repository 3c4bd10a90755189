"""The steps of the story form members fill in from their dashboard: what the
story is about, what changed, and in the words of the people involved. Each step
edits the story's draft; stories.services decides who may edit and saves it."""

from django import forms

from members.models import LocalAuthority
from network_site.forms import DateInput, LongTextField, PlainLimits, Radios

from . import services
from .models import OUTCOME_AREAS, StoryPage, StoryQuote


class AboutForm(PlainLimits, forms.ModelForm):
    """Step 1: the story in brief, where and how it was commissioned."""

    use_required_attribute = False

    class Meta:
        model = StoryPage
        fields = services.ABOUT_FIELDS
        labels = {
            "title": "A title for the story",
            "summary": "The story in two or three sentences",
            "local_authority": "The council whose commissioning it is about",
            "service_area": "The service",
            "approach": "How the council paid for it",
            "period_start": "From",
            "period_end": "To",
        }
        help_texts = {
            "title": "For example: A lunch club that the neighbourhood runs itself.",
            "summary": "What was commissioned, by whom, and what changed. Up to 400 characters.",
            "local_authority": "",
            "service_area": "",
            "approach": "",
            "period_start": "When the work the story is about began.",
            "period_end": "Leave empty if it goes on.",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "service_area": Radios,
            "approach": Radios,
            "period_start": DateInput,
            "period_end": DateInput,
        }
        error_messages = {
            "title": {"required": "Give the story a title."},
            "summary": {"required": "Tell us the story in a few sentences."},
            "local_authority": {"required": "Choose the council."},
            "service_area": {"required": "Choose the service the story is about."},
            "approach": {"required": "Choose how the council paid for it."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].max_length = 120
        self.fields["title"].widget.attrs["maxlength"] = 120
        self.fields["local_authority"].queryset = LocalAuthority.objects.current().order_by("name")
        self.fields["local_authority"].empty_label = "Choose a council"
        self.fields["service_area"].empty_label = None
        # Radios offer the real choices only: none is picked until the member picks one.
        approach = self.fields["approach"]
        approach.choices = [choice for choice in approach.choices if choice[0]]


class OutcomesForm(PlainLimits, forms.ModelForm):
    """Step 2: what changed, in each outcome area the story shows (at least one)."""

    use_required_attribute = False

    class Meta:
        model = StoryPage
        fields = [field for field, _label in OUTCOME_AREAS.values()]
        widgets = {field: forms.Textarea(attrs={"rows": 4}) for field, _ in OUTCOME_AREAS.values()}


class QuoteForm(PlainLimits, forms.Form):
    """Step 3: one quote in the words of someone the story is about, published
    only with their agreement."""

    use_required_attribute = False

    text = LongTextField(
        label="A quote (optional)",
        required=False,
        max_length=StoryQuote._meta.get_field("text").max_length,
        rows=3,
        help_text="A sentence or two from someone the story is about, in their words.",
    )
    attribution = forms.CharField(
        label="Who said it",
        required=False,
        max_length=StoryQuote._meta.get_field("attribution").max_length,
        help_text="As they would like to be named, e.g. a volunteer at the lunch club.",
    )
    consent = forms.BooleanField(
        label="They have agreed that the network may publish their words",
        required=False,
        help_text="We never publish a quote without the agreement of the person who said it.",
    )

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("consent"):
            self.add_error(
                "consent",
                "Ask them first, and tick this once they agree; or leave the quote out.",
            )
        if data.get("attribution") and not data.get("text"):
            self.add_error("text", "Add the quote, or leave who said it empty.")
        return data


STEPS = {
    "about": ("What the story is about", AboutForm),
    "outcomes": ("What changed", OutcomesForm),
    "quote": ("In their words", QuoteForm),
}
