"""The admin screen where staff record that someone took back their consent to a
quote (stories.services.withdraw_quote_consent does it)."""

import uuid

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property

from network_site.forms import LongTextField
from network_site.record_form_views import RecordFormView
from network_site.refusals import Refused, add_to_form

from . import services
from .models import StoryPage

WITHDRAW_PERMISSION = "stories.add_quotewithdrawal"


class WithdrawConsentForm(forms.Form):
    quote = forms.ChoiceField(label="The quote", widget=forms.RadioSelect)
    note = LongTextField(
        rows=3,
        label="How and when consent was taken back",
        max_length=300,
        required=False,
        help_text="For the record, e.g. by email to the network on 2 May.",
    )

    def __init__(self, *args, quotes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quote"].choices = [
            (str(q.uuid), f"“{q.text}”" + (f" ({q.attribution})" if q.attribution else ""))
            for q in quotes
        ]


class WithdrawConsentView(RecordFormView):
    template_name = "stories/admin/withdraw_consent.html"
    form_class = WithdrawConsentForm
    page_title = "Consent taken back"
    header_icon = "openquote"
    listing_url_name = "wagtailadmin_explore_root"
    listing_label = "Pages"

    def may(self, user):
        return user.has_perm(WITHDRAW_PERMISSION)

    def load(self, page_id):
        self.story = get_object_or_404(StoryPage, pk=page_id)
        withdrawn = self.story.withdrawn_quote_uuids()
        self.quotes = [q for q in services.quotes_in_story(self.story) if q.uuid not in withdrawn]

    @cached_property
    def record_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.story.pk])

    @property
    def record_label(self):
        return self.story.title

    def get_page_subtitle(self):
        return self.story.title

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "quotes": self.quotes}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "story": self.story,
            "quotes": self.quotes,
            "listing_url": self.record_url,
        }

    def form_valid(self, form):
        try:
            services.withdraw_quote_consent(
                self.story,
                uuid.UUID(form.cleaned_data["quote"]),
                recorded_by=self.request.user,
                note=form.cleaned_data["note"],
            )
        except Refused as refusal:
            add_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Consent is recorded as taken back: the quote is off the story, its feed, "
            "search and exports.",
        )
        return redirect(self.record_url)
