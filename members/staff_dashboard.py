"""What the staff dashboard (network_site.staff_dashboard) shows of members: the
applications waiting for a decision, and charts of sign-ups, approvals and who the
members are. Registered in members.wagtail_hooks."""

import datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from network_site.charts import Chart, chart, counted
from network_site.staff_dashboard import Figure, ListingCount

from .models import Membership, MembershipDecision
from .services import DECIDE_PERMISSION

MONTHS = 12
NO_REGION = "No region (not a council member)"


def waiting(user):
    if user.has_perm(DECIDE_PERMISSION):
        yield ListingCount(
            "Applications waiting for a decision",
            Membership.objects.all(),
            "memberships:index",
            {"status": Membership.Status.PENDING},
            order=20,
        )


def last_months(today: datetime.date, count: int = MONTHS) -> list[datetime.date]:
    """The first days of the ``count`` months up to and including ``today``'s, oldest first."""
    months, month = [], today.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _per_month(queryset, field: str, since: datetime.datetime) -> dict[datetime.date, int]:
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {_as_date(row["month"]): row["n"] for row in rows}


def _as_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def sign_ups_and_approvals() -> Chart:
    months = last_months(timezone.localdate())
    since = timezone.make_aware(datetime.datetime.combine(months[0], datetime.time()))
    applied = _per_month(Membership.objects.all(), "applied_at", since)
    approved = _per_month(
        MembershipDecision.objects.filter(outcome=MembershipDecision.Outcome.APPROVED),
        "decided_at",
        since,
    )
    return chart(
        "sign-ups",
        "Sign-ups and approvals per month",
        f"Applications received and applications approved in each of the last {MONTHS} "
        f"months: {counted(sum(applied.values()), 'application')} and "
        f"{counted(sum(approved.values()), 'approval')} in all.",
        ("Applications", "Approvals"),
        [(f"{month:%B %Y}", (applied.get(month, 0), approved.get(month, 0))) for month in months],
        row_heading="Month",
    )


def members_by_category_and_region() -> list[Chart]:
    """Active members by category and by their council's region, from one query."""
    rows = (
        Membership.objects.active()
        .values("category", "local_authority__region")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_category: dict[str, int] = {}
    by_region: dict[str, int] = {}
    for row in rows:
        by_category[row["category"]] = by_category.get(row["category"], 0) + row["n"]
        region = row["local_authority__region"] or NO_REGION
        by_region[region] = by_region.get(region, 0) + row["n"]
    total = sum(by_category.values())
    categories = [
        (label, (by_category[value],))
        for value, label in Membership.Category.choices
        if by_category.get(value)
    ]
    regions = sorted(by_region.items(), key=lambda item: (item[0] == NO_REGION, item[0]))
    return [
        chart(
            "by-category",
            "Members by category",
            f"The network's {counted(total, 'active member')} by the category they joined in.",
            ("Members",),
            categories,
            row_heading="Category",
            empty="No active members yet.",
        ),
        chart(
            "by-region",
            "Members by region",
            f"The network's {counted(total, 'active member')} by the region of their council; "
            "members who do not sit on or work for a council have no region.",
            ("Members",),
            [(region, (count,)) for region, count in regions],
            row_heading="Region",
            empty="No active members yet.",
        ),
    ]


def figures():
    yield Figure(
        "members",
        "members.view_membership",
        lambda: [sign_ups_and_approvals(), *members_by_category_and_region()],
        order=10,
    )
