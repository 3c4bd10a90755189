"""``exact`` and ``__in`` lookups that ignore numbers the database cannot hold.

Django answers ``exact`` on an integer column with no rows when the number is out
of the column's range, but not ``__in``, nor either lookup on a foreign key or a
page's ``pk`` (a one-to-one key to Wagtail's page): those hand the number to the
driver, and SQLite refuses one over 2**63 with ``OverflowError``. That was a 500
for a form whose choices were tampered with (``ModelMultipleChoiceField`` looks its
choices up with ``pk__in``) or a URL with a huge id. Such a number matches no row,
so ``__in`` leaves it out and ``exact`` matches nothing.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField, lookups
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn


def _fits(field, value, connection) -> bool:
    """Whether ``value`` can be stored in ``field`` (or, for a key, its target)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    target = getattr(field, "target_field", field)
    ranges = connection.ops.integer_field_ranges
    low, high = ranges.get(target.get_internal_type(), (None, None))
    return (low is None or value >= low) and (high is None or value <= high)


class _InRangeMixin:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            field = self.lhs.output_field
            self.rhs = [value for value in self.rhs if _fits(field, value, connection)]
        return super().process_rhs(compiler, connection)


@IntegerField.register_lookup
class InRange(_InRangeMixin, lookups.In):
    lookup_name = "in"


@ForeignObject.register_lookup
class RelatedInRange(_InRangeMixin, RelatedIn):
    lookup_name = "in"


@ForeignObject.register_lookup
class RelatedExactInRange(RelatedExact):
    lookup_name = "exact"

    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value() and not _fits(self.lhs.output_field, self.rhs, connection):
            raise EmptyResultSet
        return super().as_sql(compiler, connection)
