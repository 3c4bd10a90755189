"""Django-side steps of bench/http_throughput.sh and bench/lighthouse.sh, run with
`manage.py shell -c`.

They run under bench.settings, against the benchmark database and cache, and
talk to the benchmark's gunicorn over loopback HTTP.
"""

import html
import secrets
import sys
import urllib.request

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.signals import page_published

from blog.models import BlogIndexPage, BlogPage
from events.models import EventIndexPage, EventPage
from events.services import register_member
from network_site.roles import MODERATORS

HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "kiln-bench"}


def print_targets():
    """Print the article index path, the newest live article's id and path, the
    event index path and the path of the next upcoming event that is not cancelled
    ("-" for the last two when the content has no events)."""
    index = BlogIndexPage.objects.live().first()
    article = BlogPage.objects.published().order_by("-date", "-pk").first()
    if index is None or article is None:
        sys.exit("The demo content has no live article index or article.")
    events = EventIndexPage.objects.live().public().first()
    event = upcoming_event()
    print(
        index.get_url_parts()[2],
        article.pk,
        article.get_url_parts()[2],
        events.get_url_parts()[2] if events else "-",
        event.get_url_parts()[2] if events and event else "-",
    )


def upcoming_event():
    """The next upcoming event that is not cancelled: the one the benchmark measures."""
    return EventPage.objects.published().upcoming().filter(cancelled_at__isnull=True).first()


def print_public_pages(every_page=False):
    """Print, one a line, the path of each public page a reader may land on: every
    live public page of the tree, though only the newest article and the next event
    stand for the other articles and events (they share its template) unless
    ``every_page``; then the public views outside the tree."""
    pages = Page.objects.live().public().specific().order_by("path")
    if not every_page:
        pages = pages.not_type(BlogPage, EventPage)
    paths = [page.get_url_parts()[2] for page in pages if page.get_url_parts()]
    if not every_page:
        article = BlogPage.objects.published().order_by("-date", "-pk").first()
        event = EventPage.objects.published().upcoming().filter(cancelled_at__isnull=True).first()
        paths += [page.get_url_parts()[2] for page in (article, event) if page is not None]
    for index in EventIndexPage.objects.live().public():
        paths.append(index.get_url_parts()[2] + index.reverse_subpage("past"))
    paths += [reverse(name) for name in ("search", "members:directory", "events:request")]
    print("\n".join(paths))


def _fetch(url):
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:
        body = html.unescape(response.read().decode())
        return response.status, response.headers.get("X-Page-Cache", "-"), body


class FreshnessCheck:
    """Cache the pages, change the article's title by `publish`, fetch the pages again.

    ``paths`` starts with the article and the article index, which must show
    the new title (and not the old one) right after the publish; any other
    path must too if it showed the old title before.
    """

    def __init__(self, base_url, article_id, paths):
        self.base_url = base_url
        self.article = BlogPage.objects.get(pk=article_id)
        self.paths = paths
        self.old_title = self.article.title
        self.new_title = f"Bench revision {secrets.token_hex(6)}"
        # Only look for the old title when no other page's title contains it.
        self.old_title_unique = not (
            Page.objects.exclude(pk=article_id).filter(title__contains=self.old_title).exists()
        )

    def run(self, publish):
        showed_old = {}
        for path in self.paths:
            _fetch(self.base_url + path)  # the old version is now in the cache
            status, cache_state, body = _fetch(self.base_url + path)
            showed_old[path] = self.old_title in body
            print(f"  before publish  {path:<45} {status} X-Page-Cache={cache_state}")
        for path in self.paths[:2]:
            if not showed_old[path]:
                sys.exit(f"FAIL: {path} did not show {self.old_title!r} before publishing.")

        self.article.title = self.new_title
        publish(self.article)

        stale = []
        for path in self.paths:
            status, cache_state, body = _fetch(self.base_url + path)
            fresh = self.new_title in body and not (
                self.old_title_unique and self.old_title in body
            )
            must_change = path in self.paths[:2] or showed_old[path]
            verdict = "fresh" if fresh else ("STALE" if must_change else "not shown")
            print(f"  after publish   {path:<45} {status} X-Page-Cache={cache_state} {verdict}")
            if must_change and not fresh:
                stale.append(path)
        if stale:
            print(f"  FAIL: stale content after the publish on {', '.join(stale)}")
            return False
        print(f"  PASS: every page shows the new title {self.new_title!r} right after the publish")
        return True


def check_fresh_after_publish(base_url, article_id, paths):
    """A direct publish (`save_revision().publish()`), then fetch at once."""
    check = FreshnessCheck(base_url, article_id, paths)
    if not check.run(lambda article: article.save_revision().publish()):
        sys.exit(1)


def check_fresh_after_workflow_approval(base_url, article_id, paths):
    """Publish the way editors do: a Moderator approves the "Editorial review" task.

    Wagtail runs the approval, and so the publish, inside one database
    transaction. One reader requests the article while the `page_published`
    signal is being handled, that is after the site's own receivers ran and
    before that transaction commits: a reader who arrives in those few
    milliseconds on a busy site. Once the approval has committed every page
    must show the new title.
    """
    check = FreshnessCheck(base_url, article_id, paths)
    moderator, _ = get_user_model().objects.get_or_create(email="bench-moderator@example.org")
    moderator.groups.add(Group.objects.get(name=MODERATORS))

    def concurrent_reader(sender, instance, **kwargs):
        if instance.pk == check.article.pk:
            _, cache_state, _ = _fetch(base_url + paths[0])
            print(f"  reader during the approval, before its commit: X-Page-Cache={cache_state}")

    def approve(article):
        workflow = article.get_workflow()
        if workflow is None:
            sys.exit("FAIL: the article has no editorial workflow (network_site.roles).")
        article.save_revision(user=moderator)
        workflow_state = workflow.start(article, moderator)
        task_state = workflow_state.current_task_state
        page_published.connect(concurrent_reader, dispatch_uid="bench.concurrent_reader")
        try:
            task_state.task.specific.on_action(task_state, moderator, "approve")
        finally:
            page_published.disconnect(dispatch_uid="bench.concurrent_reader")
        article.refresh_from_db()
        if not article.live or article.title != check.new_title:
            sys.exit("FAIL: the approval did not publish the new title.")

    if not check.run(approve):
        sys.exit(1)


MEMBER_EMAIL = "councillor@keepitlocal.example"  # load_demo_content's councillor, an active member


def print_member_session():
    """Register the demo councillor for the benchmark's upcoming event (through the
    register service, as the register view does), sign them in and print the
    session cookie, for the benchmark's signed-in pages."""
    user = get_user_model().objects.get(email=MEMBER_EMAIL)
    event = upcoming_event()
    registration = register_member(event, user)
    client = Client()
    client.force_login(user, backend="members.auth_backends.ModelPermissionsBackend")
    print(f"{MEMBER_EMAIL} registered ({registration.status}) for {event.url}", file=sys.stderr)
    print(client.cookies["sessionid"].value)
