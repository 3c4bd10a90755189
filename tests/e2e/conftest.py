"""Browser tests: the system Chromium, driven by Playwright, against pytest-django's live server.

Every page a test visits is checked with axe-core. Without Chromium or axe-core the
tests are skipped with the reason; CI sets KILN_REQUIRE_BROWSER=1 so they fail instead.
"""

import datetime
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import wagtail_factories
from django.core.servers.basehttp import WSGIServer
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.testcases import LiveServerThread
from pytest_django.plugin import blocking_manager_key
from wagtail.models import Collection, Site

from network_site.models import NavigationSettings, OrganisationSettings
from tests.factories import (
    AuthorFactory,
    BlogCategoryFactory,
    BlogPageFactory,
    StandardPageFactory,
)
from tests.members.membership_roles import staff_in_group

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}

# axe's default rules, and "p-as-heading" too: Wagtail's userbar runs that rule for
# every editor who opens a page, and counts a bold <p> standing in for a heading.
AXE_RUN = """async () => {
    const results = await axe.run(document, {
        rules: {'p-as-heading': {enabled: true}},
        resultTypes: ['violations'],
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({
            target: node.target.join(' '),
            summary: node.failureSummary,
        })),
    }));
}"""


# Runs in every document before its own scripts: a violation of the page's
# Content-Security-Policy is reported back to the test.
REPORT_POLICY_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportPolicyViolation(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}`
        + (event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "")
    );
});
"""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Leave the database as migrations left it, for whatever test runs next.

    A transactional test ends by flushing every table, which also removes the rows
    migrations created (Wagtail's root page and collection, the default locale).
    The serialized rollback only restores them at the start of a test that asks for it.
    """
    yield
    # After the last test the test database is already gone: nothing to restore, and the
    # connection points at the real database again.
    if nextitem is None or "django_db_serialized_rollback" not in item.fixturenames:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with item.config.stash[blocking_manager_key].unblock():
            connection.creation.deserialize_db_from_string(contents)


def _unavailable(reason):
    """Skip for a developer without the tools; fail in CI, where they must be present."""
    if os.environ.get("KILN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (KILN_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


class OneRequestAtATimeServer(WSGIServer):
    """The live server for SQLite. Its threads would share the test's in-memory
    connection, and a page's parallel requests (the HTML, the admin's icon
    sprite) could then use it at the same moment ("bad parameter or other API
    misuse"): on SQLite the live server answers one request at a time, in its
    own thread, which holds the shared connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    if connections[DEFAULT_DB_ALIAS].vendor != "sqlite":
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", OneRequestAtATimeServer)
        yield


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module at a time.

    Playwright's sync API keeps an asyncio event loop running in the test thread
    while it is started, and Django refuses database access from a thread with a
    running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. So the variable is set only
    while Playwright runs: set for the whole session it would reach other tests (and
    the subprocesses they start, where `check --deploy` rightly rejects it).
    """
    if not CHROMIUM_PATH.exists():
        _unavailable(f"Chromium not found at {CHROMIUM_PATH}: apt-get install chromium")
    if not AXE_PATH.exists():
        _unavailable(f"axe-core not found at {AXE_PATH}: run `make axe` (npm ci)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed: pip install -e '.[dev]'")

    thread_connections = {alias: connections[alias] for alias in connections}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        # With a loop running, asgiref keeps Django's connections per asyncio context
        # rather than per thread, so the test would get new ones: hand it the thread's
        # own (they carry the test database's serialized contents for the rollback, and
        # SQLite's in-memory database that the live server shares).
        for alias, connection in thread_connections.items():
            connections[alias] = connection
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
        finally:
            playwright.stop()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context (no shared cookies) of the given size."""
    contexts, pages = [], []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        # Anything the page fails to load (a missing stylesheet or image), any script
        # error, console error or Content-Security-Policy violation is a defect.
        page.failed_loads = []
        pages.append(page)
        context.expose_function(
            "reportPolicyViolation",
            lambda report: page.failed_loads.append(f"CSP violation {report}"),
        )
        context.add_init_script(REPORT_POLICY_VIOLATIONS)
        # axe-core comes in the same way: an init script is not an inline script of
        # the page, so the page's policy applies to the page's own scripts only.
        context.add_init_script(path=str(AXE_PATH))
        page.on(
            "console",
            lambda message: (
                page.failed_loads.append(f"console error {message.text}")
                # A response of 400 or more is logged too: the "response" listener
                # below records it with its address, where a test may expect it.
                if message.type == "error" and not message.text.startswith("Failed to load")
                else None
            ),
        )
        page.on(
            "response",
            lambda response: (
                page.failed_loads.append(f"{response.status} {response.url}")
                if response.status >= 400
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda request: (
                # Leaving a page cancels what it was still fetching (a favicon, a
                # download handed to the browser): that is not a defect of any page.
                None
                if (request.failure or "").startswith("net::ERR_ABORTED")
                else page.failed_loads.append(f"failed {request.url}")
            ),
        )
        page.on("pageerror", lambda error: page.failed_loads.append(f"script error {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    # Whatever a journey did after its last check counts too.
    failures = [failure for page in pages for failure in page.failed_loads]
    assert failures == [], f"the browser reported: {failures}"


@pytest.fixture
def page(new_page):
    return new_page()


def axe_check(page):
    """Run axe-core on the page and fail on any violation, whatever its impact."""
    violations = page.evaluate(AXE_RUN)
    if violations:
        lines = [f"axe found {len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']}"
                f" <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                lines.append(f"    at {node['target']}")
                summary = " ".join(node["summary"].split())
                lines.append(f"       {summary}")
        pytest.fail("\n".join(lines), pytrace=False)


def load_every_image(page):
    """Scroll through the page so lazy images load, wait for them, and go back to the top."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
                window.scrollTo({top: y, behavior: "instant"});
                await new Promise((resolve) => requestAnimationFrame(resolve));
            }
            await Promise.all(Array.from(document.images).map((img) => img.complete
                ? null
                : new Promise((resolve) => { img.onload = img.onerror = resolve; })));
            window.scrollTo({top: 0, behavior: "instant"});
        }"""
    )


@pytest.fixture
def check_page(request):
    """Check the page a reader has reached and keep a full-page screenshot of it.

    Every page: loaded without errors, exactly one h1, no axe-core violations.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"\W+", "-", request.node.name).strip("-")
    count = 0

    def check(page, label):
        nonlocal count
        count += 1
        page.wait_for_load_state("load")
        load_every_image(page)
        page.screenshot(path=SCREENSHOTS / f"{test_name}-{count:02d}-{label}.png", full_page=True)
        assert page.failed_loads == [], f"{page.url} failed to load: {page.failed_loads}"
        broken = page.evaluate(
            "() => Array.from(document.images)"
            ".filter((img) => !img.naturalWidth).map((img) => img.currentSrc || img.src)"
        )
        assert broken == [], f"{page.url} shows broken images: {broken}"
        assert page.locator("h1").count() == 1, f"{page.url} should have exactly one h1"
        axe_check(page)

    return check


def admin_screenshots(journey):
    """The way a journey photographs the admin pages it visits: they are Wagtail's own
    and not checked with axe-core, only kept as ``<journey>-admin-<label>.png``."""

    def admin_screenshot(page, label):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{journey}-admin-{label}.png", full_page=True)

    return admin_screenshot


ARTICLES = [
    ("How neighbourhood networks keep care close to home", "commissioning", ["social value"]),
    ("Grants still matter: what commissioners told us in Leeds", "commissioning", []),
    ("Five lessons from a year of keeping services local", "news", ["social value"]),
    ("Why scale is not the same as value in public contracts", "commissioning", ["procurement"]),
    ("Councillors and community groups: building trust that lasts", "news", []),
    ("What a place-based approach to homelessness looks like", "commissioning", []),
    ("Our network meets in Bristol to talk about early help", "news", ["events"]),
    ("Commissioning for outcomes without losing the small providers", "commissioning", []),
    ("A practical guide to social value for local authority officers", "commissioning", []),
    ("Meet the organisations joining the network this spring", "news", []),
    ("Youth services that young people helped to design", "news", ["social value"]),
    ("Keeping money in the local economy: the case for local spend", "news", ["procurement"]),
]
COLOURS = ["#1d4e5f", "#3f8f8a", "#6f6a9a", "#b5553c", "#4a7fa7", "#2f5233"]


def article_body(title):
    return [
        {"type": "paragraph", "value": f"<p>{title} is a question we hear at every event.</p>"},
        {"type": "heading", "value": {"text": "What we heard", "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>Local organisations know their places, and commissioners who "
            "spend time with them design services that last.</p>",
        },
        {
            "type": "quote",
            "value": {
                "text": "Grants let small groups try what a contract never would.",
                "attribution": "A commissioner",
                "role": "Leeds",
            },
        },
        {
            "type": "lessons",
            "value": {
                "heading": "What we learned",
                "lessons": [
                    {"title": "Grants have a place in the funding mix", "text": ""},
                    {
                        "title": "Commissioners need time with communities",
                        "text": "<p>Relationships come before specifications.</p>",
                    },
                ],
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "heading": "Join the network",
                "text": "Councillors, officers and community organisations are welcome.",
                "button_label": "Join the network",
                "link": {"page": None, "url": "https://example.org/join/"},
            },
        },
    ]


@pytest.fixture
def site_content(
    transactional_db, django_db_serialized_rollback, live_server, settings, home_page, blog_index
):
    """A small but realistic site, served by the live server.

    transactional_db (so the live server's thread sees the data) with a serialized
    rollback, which restores Wagtail's root page, root collection and locale that the
    flush after each transactional test removes.
    """
    settings.ROOT_URLCONF = "tests.e2e.urls"
    site = Site.objects.get(is_default_site=True)
    about = StandardPageFactory(
        parent=home_page,
        title="About the network",
        slug="about",
        introduction="Who we are and how the network works.",
    )
    navigation = NavigationSettings.for_site(site)
    navigation.main_navigation = [
        ("link", {"page": blog_index, "url": "", "label": ""}),
        ("link", {"page": about, "url": "", "label": ""}),
    ]
    navigation.footer_navigation = [
        ("link", {"page": about, "url": "", "label": "About us"}),
        ("link", {"page": None, "url": "https://example.org/privacy/", "label": "Privacy"}),
    ]
    navigation.save()
    organisation = OrganisationSettings.for_site(site)
    organisation.tagline = "Keeping public services local."
    organisation.email = "hello@example.org"
    organisation.address = "33 Corsham Street\nLondon\nN1 6DR"
    organisation.registration = "Registered charity number 1234567"
    organisation.save()

    categories = {
        "commissioning": BlogCategoryFactory(name="Commissioning", slug="commissioning"),
        "news": BlogCategoryFactory(name="Network news", slug="network-news"),
    }
    authors = [
        AuthorFactory(name="Ada Byrne", slug="ada-byrne", role="Policy Officer"),
        AuthorFactory(
            name="Ben Ola", slug="ben-ola", role="Councillor", organisation="Leeds City Council"
        ),
    ]
    collection = Collection.get_first_root_node()
    articles = []
    for number, (title, category, tags) in enumerate(ARTICLES):
        image = wagtail_factories.ImageFactory(
            title=title,
            collection=collection,
            file__width=1200,
            file__height=675,
            file__color=COLOURS[number % len(COLOURS)],
        )
        article = BlogPageFactory(
            parent=blog_index,
            title=title,
            date=datetime.date(2025, 3, 1) + datetime.timedelta(days=7 * number),
            summary=f"{title}: what the network learned, and what councils can do next.",
            hero_image=image,
            body=article_body(title),
            authors=authors[: 1 + number % 2],
            categories_set=[categories[category]],
        )
        if tags:
            article.tags.add(*tags)
            article.save()
        articles.append(article)

    return SimpleNamespace(
        url=live_server.url,
        home=home_page,
        blog_index=blog_index,
        articles=articles,
        lead=max(articles, key=lambda article: article.date),
        categories=categories,
        articles_in=lambda category: [
            article
            for article, (_, article_category, _) in zip(articles, ARTICLES, strict=True)
            if article_category == category
        ],
    )


def staff_member(group, name, email, password):
    """A verified member of staff in ``group`` (network_site.roles), named "First Last",
    who signs in to the browser with ``password``."""
    first_name, last_name = name.split()
    return staff_in_group(
        group, email=email, first_name=first_name, last_name=last_name, password=password
    )


def sign_in(page, base_url, email, password):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    press(page, page.get_by_role("button", name=re.compile("sign in", re.I)))


def sign_out(page, base_url):
    page.goto(base_url + "/accounts/logout/")
    press(page, page.locator("main form button.button"))


def press(page, control):
    """Click ``control`` and wait for the page it leads to to load."""
    control.click()
    page.wait_for_load_state("load")
