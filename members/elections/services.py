"""What every warning of a pre-election period asks: is an authority in one now
(or on a given day), which elections a screen should warn of, and recording that
someone was warned and went ahead. Views, viewsets and template tags call these;
none of them blocks anything."""

import datetime
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from members.models import LocalAuthority, Membership

from .models import Election, PreElectionConfirmation

Where = PreElectionConfirmation.Where

# Which councils are in a period today, for the notices on public pages: read from
# the shared cache (no query per page), under a version every change to an election
# moves on.
VERSION_KEY = "elections:version"
ONE_DAY = 24 * 60 * 60


@dataclass(frozen=True)
class Notice:
    place: str
    polling_day: datetime.date


def periods_today() -> dict[int, Notice]:
    """The authorities (by id) in a pre-election period today, each with the
    soonest polling day."""
    today = timezone.localdate()
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
    key = f"elections:in-period:{version}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = {}
        for election in (
            Election.objects.in_period(today).select_related("authority").order_by("-polling_day")
        ):
            found[election.authority_id] = Notice(election.place, election.polling_day)
        cache.set(key, found, timeout=ONE_DAY)
    return found


def elections_changed() -> None:
    """Every cached answer of periods_today goes: now, and again once the change
    commits (so no reader in between keeps the old one)."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, time.time_ns(), timeout=None))


def period_for(authority: LocalAuthority | int | None, on: datetime.date | None = None):
    """The election whose pre-election period the authority is in on the day
    (today by default), or None. The soonest polling day wins if two overlap."""
    if authority is None:
        return None
    return (
        Election.objects.in_period(on)
        .filter(authority=authority)
        .select_related("authority")
        .order_by("polling_day")
        .first()
    )


def elections_for(
    authorities: Iterable[LocalAuthority | int] | QuerySet,
    on: datetime.date | None = None,
    spans: Iterable[tuple[datetime.date, datetime.date | None]] = (),
) -> list[Election]:
    """The elections in the authorities' areas whose period includes today (or
    ``on``) or shares a day with any of the (first, last) ``spans`` (say, the
    dates an event is wanted on; no last day: the first day alone)."""
    today = on or timezone.localdate()
    wanted = [(today, today), *[(first, last or first) for first, last in spans if first]]
    return list(
        Election.objects.overlapping(wanted)
        .filter(authority__in=authorities)
        .select_related("authority")
        .order_by("polling_day", "authority__name")
    )


def elections_for_councillors(members: QuerySet, on: datetime.date | None = None) -> list[Election]:
    """The elections in period today whose authority has a councillor among
    ``members`` (a queryset of users, e.g. a bulletin's audience)."""
    authorities = members.filter(membership__category=Membership.Category.COUNCILLOR).values(
        "membership__local_authority"
    )
    return list(
        Election.objects.in_period(on)
        .filter(authority__in=authorities)
        .select_related("authority")
        .order_by("polling_day", "authority__name")
    )


def warning(elections: Iterable[Election]) -> str:
    """One sentence naming each authority in its period and its polling day."""
    parts = [f"{e.place} (polling day {e.polling_day:%-d %B %Y})" for e in elections]
    if not parts:
        return ""
    if len(parts) == 1:
        named = parts[0]
        verb = "is"
    else:
        named = ", ".join(parts[:-1]) + " and " + parts[-1]
        verb = "are"
    return (
        f"{named} {verb} in a pre-election period. Councils must avoid publicity that could "
        "be seen as political until polling day: check this is appropriate before going on."
    )


def record_confirmations(
    elections: Iterable[Election],
    *,
    user,
    where: str,
    ref: str = "",
    description: str = "",
) -> list[PreElectionConfirmation]:
    """One confirmation per election the person was warned of."""
    person = user if user is not None and user.is_authenticated else None
    return PreElectionConfirmation.objects.bulk_create(
        PreElectionConfirmation(
            election=election,
            user=person,
            where=where,
            object_ref=ref[:100],
            object_description=description[:255],
        )
        for election in elections
    )
