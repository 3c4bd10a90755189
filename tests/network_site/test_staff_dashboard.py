"""The staff dashboard on the Wagtail admin home: what needs each member of staff,
counted as the listings they link to count, and the network's charts, drawn on the
server, in a fixed number of queries."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from events.models import Registration
from events.requests.models import EventRequest
from members.models import Membership, MembershipDecision
from network_site import staff_dashboard
from network_site.models import OutboundEmail
from network_site.payments.models import StripeEvent
from network_site.roles import COMMUNICATIONS
from tests.factories import (
    EventRequestFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    OutboundEmailFactory,
    RegistrationFactory,
)
from tests.members.membership_roles import event_manager, membership_officer, verified_user
from tests.query_counts import warm_query_count

ADMIN_HOME = "/admin/"
QUERY_BUDGET = 15


@pytest.fixture
def superuser(db):
    return verified_user(is_staff=True, is_superuser=True)


@pytest.fixture
def waiting_rows(db):
    """Rows of every kind that waits for staff, and rows of the same kinds that do not."""
    MembershipFactory.create_batch(3)
    MembershipFactory(status=Membership.Status.ACTIVE)
    EventRequestFactory.create_batch(2)
    EventRequestFactory(status=EventRequest.Status.IN_REVIEW)
    EventRequestFactory(status=EventRequest.Status.DECLINED)
    OutboundEmailFactory.create_batch(2, status=OutboundEmail.Status.FAILED)
    OutboundEmailFactory(status=OutboundEmail.Status.SENT)
    for n, outcome in enumerate([StripeEvent.Outcome.MISMATCH, StripeEvent.Outcome.APPLIED]):
        StripeEvent.objects.create(
            stripe_id=f"evt_{n}", type="invoice.paid", created=timezone.now(), outcome=outcome
        )


def counts_on(html):
    """{label: (count, url)} of the "What needs you" panel."""
    found = re.findall(
        r'<a href="([^"]+)">\s*<span class="staff-counts__count">(\d+)</span>\s*'
        r'<span class="staff-counts__label">([^<]+)</span>',
        html,
    )
    return {label: (int(count), url.replace("&amp;", "&")) for url, count, label in found}


def test_each_count_is_the_number_of_rows_its_listing_shows(client, superuser, waiting_rows):
    client.force_login(superuser)
    counts = counts_on(client.get(ADMIN_HOME).text)
    assert {label: count for label, (count, _) in counts.items()} == {
        "Applications waiting for a decision": 3,
        "Event requests waiting for review": 2,
        "Event requests in review, waiting for an answer": 1,
        "Emails that failed": 2,
        "Stripe events that did not match": 1,
    }
    for label, (count, url) in counts.items():
        listing = client.get(url)
        assert listing.status_code == 200, url
        assert listing.context["items_count"] == count, (label, url)


def test_counts_are_live_while_the_charts_keep_for_five_minutes(client, superuser):
    MembershipFactory(status=Membership.Status.ACTIVE)
    client.force_login(superuser)
    client.get(ADMIN_HOME)
    MembershipFactory()
    MembershipFactory(status=Membership.Status.ACTIVE)
    html = client.get(ADMIN_HOME).text
    assert counts_on(html)["Applications waiting for a decision"][0] == 1
    assert "The network&#x27;s 1 active member by" in html
    staff_dashboard.forget_figures()
    assert "The network&#x27;s 2 active members by" in client.get(ADMIN_HOME).text


def test_staff_see_what_their_role_may_act_on(client, waiting_rows):
    client.force_login(membership_officer())
    officer = counts_on(client.get(ADMIN_HOME).text)
    assert set(officer) == {
        "Applications waiting for a decision",
        "Stripe events that did not match",
    }
    client.force_login(event_manager())
    manager_html = client.get(ADMIN_HOME).text
    assert set(counts_on(manager_html)) == {
        "Event requests waiting for review",
        "Event requests in review, waiting for an answer",
        "Stripe events that did not match",
    }
    # Event managers see the events' charts, not the members'.
    assert "This week&#x27;s events" in manager_html
    assert "Members by category" not in manager_html
    writer = verified_user(is_staff=True)
    writer.groups.add(Group.objects.get(name=COMMUNICATIONS))
    client.force_login(writer)
    html = client.get(ADMIN_HOME).text
    assert "What needs you" not in html
    assert "The network at a glance" not in html


def test_wagtail_site_summary_gives_way_to_the_panels(client, superuser):
    client.force_login(superuser)
    html = client.get(ADMIN_HOME).text
    assert "What needs you" in html
    assert 'class="w-summary"' not in html


def test_count_together_counts_each_queryset_in_one_query(
    db, django_assert_num_queries, waiting_rows
):
    querysets = [
        Membership.objects.pending(),
        Membership.objects.filter(local_authority__region="Nowhere"),
        OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED, to__contains="@"),
        StripeEvent.objects.order_by("-received_at"),
    ]
    expected = [queryset.count() for queryset in querysets]
    with django_assert_num_queries(1):
        assert staff_dashboard.count_together(querysets) == expected == [3, 0, 2, 2]
    assert staff_dashboard.count_together([]) == []


def test_members_charts_count_sign_ups_approvals_categories_and_regions(client, superuser):
    north = LocalAuthorityFactory(region="North East")
    south = LocalAuthorityFactory(region="South West")
    MembershipFactory.create_batch(2, status=Membership.Status.ACTIVE, local_authority=north)
    MembershipFactory(status=Membership.Status.ACTIVE, local_authority=south)
    MembershipFactory(status=Membership.Status.ACTIVE, for_organisation=True)
    MembershipFactory(local_authority=south)  # pending: not a member yet
    long_ago = timezone.now() - datetime.timedelta(days=800)
    MembershipFactory(status=Membership.Status.ACTIVE, applied_at=long_ago, local_authority=north)
    approved = Membership.objects.filter(status=Membership.Status.ACTIVE).first()
    MembershipDecision.objects.create(
        membership=approved, outcome=MembershipDecision.Outcome.APPROVED
    )
    MembershipDecision.objects.create(
        membership=approved, outcome=MembershipDecision.Outcome.REJECTED
    )

    charts = {chart.slug: chart for chart in staff_dashboard.figures_for(superuser).charts}
    assert {row.label: row.values for row in charts["by-category"].rows} == {
        "Councillor": (4,),
        "Community organisation": (1,),
    }
    assert {row.label: row.values for row in charts["by-region"].rows} == {
        "North East": (3,),
        "South West": (1,),
        "No region (not a council member)": (1,),
    }
    months = charts["sign-ups"].rows
    assert len(months) == 12
    this_month = f"{timezone.localdate():%B %Y}"
    assert months[-1].label == this_month
    assert months[-1].values == (5, 1)  # the one applied 800 days ago is not counted
    assert sum(row.values[0] for row in months) == 5


def test_the_events_charts_show_places_taken_against_capacity(client, superuser, make_event):
    now = timezone.now()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    this_week_start = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=2), datetime.time(10))
    )
    this_week = make_event(title="Midweek roundtable", start=this_week_start, capacity=20)
    make_event(title="Next month", start=now + datetime.timedelta(days=40))
    held = make_event(
        title="Held last month",
        start=now - datetime.timedelta(days=30),
        end=now - datetime.timedelta(days=30, hours=-2),
        capacity=30,
    )
    RegistrationFactory.create_batch(3, event=this_week)
    RegistrationFactory(event=this_week, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=this_week, status=Registration.Status.WAITLISTED)
    RegistrationFactory.create_batch(2, event=held, status=Registration.Status.ATTENDED)
    RegistrationFactory(event=held)

    charts = {chart.slug: chart for chart in staff_dashboard.figures_for(superuser).charts}
    [week_row] = charts["this-week"].rows
    assert week_row.label.startswith("Midweek roundtable (")
    assert week_row.values == (3, 20)
    assert week_row.url == f"/admin/registrations/?event={this_week.pk}"
    held_rows = [row for row in charts["recent-events"].rows if "Held last month" in row.label]
    assert [row.values for row in held_rows] == [(3, 2, 30)]
    assert all("Next month" not in row.label for row in charts["recent-events"].rows)


def test_each_chart_is_an_svg_with_a_title_a_description_and_a_table(client, superuser):
    MembershipFactory(status=Membership.Status.ACTIVE)
    client.force_login(superuser)
    html = client.get(ADMIN_HOME).text
    for slug in ("sign-ups", "by-category", "by-region"):
        assert re.search(
            rf'<svg[^>]*role="img"\s+aria-labelledby="chart-{slug}-title chart-{slug}-desc"', html
        )
        assert f'<title id="chart-{slug}-title">' in html
        assert f'<desc id="chart-{slug}-desc">' in html
    assert html.count('<table class="listing staff-chart__table">') == 3
    assert re.search(r'<th scope="row">Councillor</th>\s*<td>1</td>', html)
    assert "no tracking pixels" in html


def admin_home_queries(client):
    return warm_query_count(client, ADMIN_HOME)


def add_network(size, make_event):
    """``size`` members across regions and categories, with events this week and
    past ones full of registrations, and rows waiting for staff."""
    authorities = [LocalAuthorityFactory(region=f"Region {n}") for n in range(4)]
    for n in range(size):
        MembershipFactory(
            status=Membership.Status.ACTIVE if n % 3 else Membership.Status.PENDING,
            local_authority=authorities[n % 4],
        )
    now = timezone.now()
    for days in (-20, -10, 1):
        event = make_event(start=now + datetime.timedelta(days=days))
        RegistrationFactory.create_batch(max(size // 10, 1), event=event)
    EventRequestFactory.create_batch(max(size // 20, 1))
    OutboundEmailFactory.create_batch(max(size // 20, 1), status=OutboundEmail.Status.FAILED)


@pytest.mark.parametrize("cache_warm", [True, False], ids=["charts cached", "charts drawn"])
def test_admin_home_queries_stay_fixed_as_the_network_grows(
    client, superuser, make_event, cache_warm
):
    client.force_login(superuser)
    client.get(ADMIN_HOME)

    def count():
        if not cache_warm:
            staff_dashboard.forget_figures()
        return admin_home_queries(client) if cache_warm else _cold_queries(client)

    add_network(10, make_event)
    small = count()
    add_network(200, make_event)
    assert count() == small
    if cache_warm:
        assert small <= QUERY_BUDGET


def _cold_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(ADMIN_HOME)
    staff_dashboard.forget_figures()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(ADMIN_HOME).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_admin_home_queries_are_the_same_on_the_demo_and_at_scale(client):
    """The demo's administrator (who has edited pages: Wagtail's recent edits panel
    runs both its queries) on the demo content and with 400 more members, 40
    events and 2,000 registrations around it."""
    call_command("load_demo_content", force=True, verbosity=0)
    client.force_login(get_user_model().objects.get(email="admin@keepitlocal.example"))
    demo = admin_home_queries(client)
    call_command("generate_scale_data", scale=0.04, force=True, verbosity=0)
    staff_dashboard.forget_figures()
    assert admin_home_queries(client) == demo <= QUERY_BUDGET
