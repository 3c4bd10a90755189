"""Searching rows by the words people type, and the filter forms of listings."""

import re
from functools import reduce
from operator import or_
from typing import Any, ClassVar

from django import forms
from django.db.models import Q, QuerySet

# How many words of a listing's search are looked for.
MOST_WORDS = 10


def typed_search(text: str, max_length: int) -> str:
    """What was typed in a search box, fit to search with: control characters (NUL
    above all) mean nothing in a search and upset databases; at most ``max_length``
    characters, trimmed."""
    return "".join(ch for ch in text if ch.isprintable()).strip()[:max_length]


def contains_any(term, fields):
    """Rows where any of ``fields`` (lookups such as "user__email") contains
    ``term``, ignoring case."""
    return reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))


class FilterForm(forms.Form):
    """A listing's filters, from its query string: each of ``lookups`` (a filter's
    name: the lookup that applies it) and the words of the search field ``q``,
    each looked for in any of ``search_fields``. A filter with an invalid value is
    not applied."""

    lookups: ClassVar[dict[str, str]] = {}
    search_fields: ClassVar[list[str]] = []
    search_max_length = 100

    def clean_q(self) -> str:
        return typed_search(self.cleaned_data["q"], self.search_max_length)

    def filtered(self, rows: QuerySet) -> QuerySet:
        """The rows matching the valid filters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        for name, lookup in self.lookups.items():
            if data.get(name):
                rows = rows.filter(**{lookup: data[name]})
        for term in re.findall(r"\w+", data.get("q", ""))[:MOST_WORDS]:
            rows = rows.filter(contains_any(term, self.search_fields))
        return rows

    @property
    def active_filters(self) -> dict[str, Any]:
        """The filters in use, with their values."""
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value and name not in self.errors
        }
