"""The library at /stories/: its filters (service area, approach, outcome area,
region, authority), full-text search and pages of story cards.

A filter value that is not one of the choices is shown as an error beside its
field and not applied (never a 500). However many stories there are, a page of
the library is read in a fixed number of queries.
"""

from __future__ import annotations

import re

from django import forms

from members.models import LocalAuthority
from network_site.pagination import paginate
from network_site.search import typed_search

from .models import OUTCOME_AREAS, Approach, ServiceArea, StoryPage

SEARCH_MAX_LENGTH = 200
# Search results beyond this many are not worth a reader's paging: the most
# relevant are kept, then filtered and listed newest first like the rest.
SEARCH_RESULTS_MAX = 500


class StoryFilterForm(forms.Form):
    q = forms.CharField(label="Search the stories", required=False, max_length=1000)
    service_area = forms.ChoiceField(label="Service area", required=False)
    approach = forms.ChoiceField(label="Commissioning approach", required=False)
    outcome = forms.ChoiceField(label="Outcome area", required=False)
    region = forms.ChoiceField(label="Region", required=False)
    authority = forms.ChoiceField(label="Council", required=False)

    def __init__(self, *args, stories, **kwargs):
        super().__init__(*args, **kwargs)
        authorities = LocalAuthority.objects.filter(
            pk__in=stories.values("local_authority_id")
        ).order_by("name")
        authority_rows = list(authorities.values_list("slug", "name", "region"))
        regions = sorted({region for _slug, _name, region in authority_rows if region})
        self.fields["service_area"].choices = [("", "All service areas")] + [
            (area.slug, area.name) for area in ServiceArea.objects.all()
        ]
        self.fields["approach"].choices = [("", "All approaches"), *Approach.choices]
        self.fields["outcome"].choices = [("", "All outcome areas")] + [
            (key, name) for key, (_field, name) in OUTCOME_AREAS.items()
        ]
        self.fields["region"].choices = [("", "All regions")] + [(r, r) for r in regions]
        self.fields["authority"].choices = [("", "All councils")] + [
            (slug, name) for slug, name, _region in authority_rows
        ]

    def clean_q(self):
        return typed_search(self.cleaned_data["q"], SEARCH_MAX_LENGTH)

    def filtered(self, stories):
        """The stories matching every valid filter; an invalid one is not applied."""
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        if data.get("service_area"):
            stories = stories.filter(service_area__slug=data["service_area"])
        if data.get("approach"):
            stories = stories.filter(approach=data["approach"])
        if data.get("outcome"):
            stories = stories.showing_outcome(data["outcome"])
        if data.get("region"):
            stories = stories.filter(local_authority__region=data["region"])
        if data.get("authority"):
            stories = stories.filter(local_authority__slug=data["authority"])
        if terms := " ".join(re.findall(r"\w+", data.get("q", ""))):
            stories = stories.filter(pk__in=search_ids(terms))
        return stories

    @property
    def active_filters(self) -> list[tuple[str, str]]:
        """(field label, chosen value's label) of each filter in use."""
        used = []
        for name, value in getattr(self, "cleaned_data", {}).items():
            if not value or name in self.errors:
                continue
            field = self.fields[name]
            label = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
            used.append((str(field.label), str(label)))
        return used


def search_ids(terms: str) -> list[int]:
    """The ids of the live stories the words find, most relevant first (one query:
    the search backend's; what it indexes of quotes is only the consented ones)."""
    results = StoryPage.objects.published().search(terms)[:SEARCH_RESULTS_MAX]
    return [story.pk for story in results]


def story_list(request, index):
    """/stories/: the route of StoryIndexPage."""
    stories = index.get_stories()
    form = StoryFilterForm(request.GET or None, stories=stories)
    if form.is_bound:
        stories = form.filtered(stories)
    return index.render(
        request,
        context_overrides={
            "form": form,
            "stories": paginate(request, stories, index.per_page),
            "filtered": form.is_bound and bool(form.active_filters),
        },
    )


def stories_about(authority, limit: int) -> list[StoryPage]:
    """The newest published stories about one council, for its page."""
    return list(StoryPage.objects.published().filter(local_authority=authority).for_cards()[:limit])
