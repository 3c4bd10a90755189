"""The staff dashboard: what the Wagtail admin home shows the network's staff.

Two panels, each filled by the apps through a hook, so the base knows no feature:

- "What needs you" (``STAFF_DASHBOARD_COUNTS``: ``fn(user) -> Iterable[ListingCount]``):
  counts of rows waiting for someone, each linking to the admin listing filtered to
  exactly those rows. The count and the link are made from the same lookups, and
  every count on the page is taken in one database query (``count_together``),
  however many apps add one.
- "The network at a glance" (``STAFF_DASHBOARD_FIGURES``: ``fn() -> Iterable[Figure]``):
  charts (network_site.charts) of what each app holds. A figure is the same for
  every member of staff allowed to see it, so its charts are computed once and
  kept in the shared cache for ``FIGURES_TIMEOUT``; the panel says when they were
  drawn. Counts that ask for action are never cached.

Wagtail's own site summary (pages, images and documents counted) gives way to
these panels; its moderation, recent-edits and locked-pages panels stay.

The apps' reports (``StaffReport``, ``register_report``) are in the admin's Reports
menu, each for the staff who may see it, exportable as CSV and XLSX like every
admin listing.
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connections
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .charts import Chart

STAFF_DASHBOARD_COUNTS = "staff_dashboard_counts"
STAFF_DASHBOARD_FIGURES = "staff_dashboard_figures"
FIGURES_TIMEOUT = 5 * 60
FIGURES_CACHE_PREFIX = "staff-dashboard-figures:"


@dataclass(frozen=True)
class ListingCount:
    """``label``: how many rows of ``queryset`` match ``lookups``, linking to the admin
    listing ``url_name`` filtered by the same lookups (its filter's field names)."""

    label: str
    queryset: QuerySet
    url_name: str
    lookups: Mapping[str, str]
    order: int = 100

    @property
    def rows(self) -> QuerySet:
        return self.queryset.filter(**self.lookups)

    @property
    def url(self) -> str:
        return f"{reverse(self.url_name)}?{urlencode(self.lookups)}"


@dataclass(frozen=True)
class Figure:
    """Charts an app draws for staff who hold ``permission``; ``key`` names them in
    the cache, ``draw`` computes them (a few queries, whatever the data's size)."""

    key: str
    permission: str
    draw: Callable[[], Sequence[Chart]]
    order: int = 100


def count_together(querysets: Sequence[QuerySet]) -> list[int]:
    """The number of rows of each queryset, in one query:
    ``SELECT (SELECT COUNT(*) FROM (…) ), (SELECT COUNT(*) FROM (…))``."""
    if not querysets:
        return []
    using = querysets[0].db
    selects: list[str] = []
    params: list[Any] = []
    for n, queryset in enumerate(querysets):
        inner, inner_params = queryset.order_by().values("pk").query.sql_with_params()
        selects.append(f"(SELECT COUNT(*) FROM ({inner}) AS counted_{n})")
        params.extend(inner_params)
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        return list(cursor.fetchone())


@dataclass
class CountedItem:
    label: str
    count: int
    url: str


def waiting_counts(user) -> list[CountedItem]:
    """What needs ``user``, by the apps' hooks, counted in one query."""
    items = sorted(
        (item for fn in hooks.get_hooks(STAFF_DASHBOARD_COUNTS) for item in fn(user)),
        key=lambda item: item.order,
    )
    counts = count_together([item.rows for item in items])
    return [
        CountedItem(item.label, count, item.url) for item, count in zip(items, counts, strict=True)
    ]


@dataclass
class DrawnFigures:
    charts: list[Chart] = field(default_factory=list)
    drawn_at: Any = None


def figures_for(user) -> DrawnFigures:
    """The charts ``user`` may see, from the cache where they are fresh."""
    figures = sorted(
        (
            figure
            for fn in hooks.get_hooks(STAFF_DASHBOARD_FIGURES)
            for figure in fn()
            if user.has_perm(figure.permission)
        ),
        key=lambda figure: figure.order,
    )
    keys = {figure.key: FIGURES_CACHE_PREFIX + figure.key for figure in figures}
    cached = cache.get_many(keys.values())
    drawn = DrawnFigures()
    fresh = {}
    for figure in figures:
        entry = cached.get(keys[figure.key])
        if entry is None:
            entry = {"charts": list(figure.draw()), "drawn_at": timezone.now()}
            fresh[keys[figure.key]] = entry
        drawn.charts.extend(entry["charts"])
        if drawn.drawn_at is None or entry["drawn_at"] < drawn.drawn_at:
            drawn.drawn_at = entry["drawn_at"]
    if fresh:
        cache.set_many(fresh, FIGURES_TIMEOUT)
    return drawn


def forget_figures() -> None:
    """Drop the cached charts (the next admin home draws them again)."""
    keys = [
        FIGURES_CACHE_PREFIX + figure.key
        for fn in hooks.get_hooks(STAFF_DASHBOARD_FIGURES)
        for figure in fn()
    ]
    cache.delete_many(keys)


class StaffDashboardPanel(Component):
    """A panel of the admin home that shows nothing when it has nothing to say."""

    class Media:
        css = {"all": ["css/staff_dashboard.css"]}

    def get_context_data(self, parent_context: Mapping[str, Any]) -> Mapping[str, Any]:
        raise NotImplementedError

    def render_html(self, parent_context: Mapping[str, Any] | None = None) -> str:
        context = self.get_context_data(parent_context or {})
        if not any(context.values()):
            return ""
        return render_to_string(self.template_name, context)


class WaitingPanel(StaffDashboardPanel):
    name = "waiting"
    order = 10
    template_name = "network_site/admin/waiting_panel.html"

    def get_context_data(self, parent_context):
        return {"items": waiting_counts(parent_context["request"].user)}


class FiguresPanel(StaffDashboardPanel):
    name = "figures"
    order = 20
    template_name = "network_site/admin/figures_panel.html"

    def get_context_data(self, parent_context):
        figures = figures_for(parent_context["request"].user)
        return {"figures": figures if figures.charts else None}


def construct_homepage_panels(request, panels: list) -> None:
    panels[:0] = [WaitingPanel(), FiguresPanel()]


def construct_homepage_summary_items(request, summary_items: list) -> None:
    summary_items.clear()


class StaffReport(ReportView):
    """A report for staff who may ``permission_required`` on ``model``. Its
    ``page_title`` and ``header_icon`` are also its item in the Reports menu; its
    URLs are named ``index_url_name`` and that with ``_results``; its export is
    named ``export_filename`` and the day's date."""

    model: ClassVar[type[Model]]
    permission_required = "view"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.index_results_url_name = f"{cls.index_url_name}_results"
        cls.permission_policy = ModelPermissionPolicy(cls.model)

    @classmethod
    def permission(cls) -> str:
        """The permission ``permission_policy`` asks for, as ``user.has_perm`` names it."""
        meta = cls.model._meta
        return f"{meta.app_label}.{cls.permission_required}_{meta.model_name}"

    def get_filename(self) -> str:
        return f"{self.export_filename}-{datetime.date.today():%Y-%m-%d}"


class PermissionMenuItem(MenuItem):
    """A menu item (e.g. of the Reports menu) shown to staff who hold ``permission``."""

    def __init__(self, label: str, url: str, permission: str, **kwargs):
        super().__init__(label, url, **kwargs)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


def register_report(view: type[StaffReport], slug: str, *, order: int) -> None:
    """Serve the report ``view`` at /admin/reports/<slug>/ (and its results) and
    list it in the admin's Reports menu, at ``order``, for the staff it is for."""

    @hooks.register("register_admin_urls")
    def report_urls():
        return [
            path(f"reports/{slug}/", view.as_view(), name=view.index_url_name),
            path(
                f"reports/{slug}/results/",
                view.as_view(results_only=True),
                name=view.index_results_url_name,
            ),
        ]

    @hooks.register("register_reports_menu_item")
    def report_menu_item():
        return PermissionMenuItem(
            view.page_title,
            reverse(view.index_url_name),
            view.permission(),
            icon_name=view.header_icon,
            order=order,
        )
