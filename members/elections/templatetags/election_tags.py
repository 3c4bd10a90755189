"""``{% pre_election_notice authority %}`` and ``{% pre_election_notice_for_event page %}``:
the notice that a council is in its pre-election period, for the council page and
the pages of the events it co-hosts (events cannot import members, but their
templates can load this library). Read from the shared cache: no query per page."""

from django import template

from ..services import periods_today

register = template.Library()


def _notices(authority_id):
    notice = periods_today().get(authority_id) if authority_id else None
    return {"notices": [notice] if notice else []}


@register.inclusion_tag("elections/notice.html")
def pre_election_notice(authority):
    return _notices(getattr(authority, "pk", None))


@register.inclusion_tag("elections/notice.html")
def pre_election_notice_for_event(page):
    """For an event whose host authority (the council that co-hosts it, in whose
    area it is held) is in its pre-election period."""
    return _notices(getattr(page, "host_authority_id", None))
