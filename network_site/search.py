"""Searching rows by the words people type."""

from functools import reduce
from operator import or_

from django.db.models import Q


def contains_any(term, fields):
    """Rows where any of ``fields`` (lookups such as "user__email") contains
    ``term``, ignoring case."""
    return reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields))
