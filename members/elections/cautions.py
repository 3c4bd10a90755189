"""The pre-election cautions of a page going live (network_site.cautions): an
article that names a council in its pre-election period, and an event co-hosted
by one (its host authority). Each confirmation is recorded."""

import re

from django.utils import timezone
from django.utils.html import strip_tags

from blog.models import BlogPage
from events.models import EventPage
from network_site.cautions import Caution

from . import services
from .models import Election

Where = services.Where


def article_text(page: BlogPage) -> str:
    """The title, summary and body text of an article, as the search index reads them."""
    body = page.body.stream_block.get_searchable_content(page.body)
    return "\n".join([page.title, page.summary, *(strip_tags(text) for text in body)])


def _names(election: Election) -> list[str]:
    authority = election.authority
    return [name for name in {authority.name, authority.short_name} if name]


def names_in(text: str, election: Election) -> bool:
    return any(
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
        for name in _names(election)
    )


def _recorder(election: Election, where: str):
    def record(user, page):
        services.record_confirmations(
            [election],
            user=user,
            where=where,
            ref=f"page:{page.pk}" if page.pk else "page:new",
            description=page.title,
        )

    return record


def _caution(election: Election, what: str, where: str) -> Caution:
    return Caution(
        key=f"election:{election.pk}",
        message=f"{what} {services.warning([election])}",
        on_confirm=_recorder(election, where),
    )


def page_publish_cautions(page) -> list[Caution]:
    today = timezone.localdate()
    if isinstance(page, BlogPage):
        text = article_text(page)
        return [
            _caution(election, f"This article names {election.place}.", Where.ARTICLE_PUBLISH)
            for election in Election.objects.in_period(today).select_related("authority")
            if names_in(text, election)
        ]
    if isinstance(page, EventPage) and page.host_authority_id:
        election = services.period_for(page.host_authority_id, on=today)
        if election is not None:
            what = f"This event is co-hosted by {election.authority.name}."
            return [_caution(election, what, Where.EVENT_APPROVAL)]
    return []
