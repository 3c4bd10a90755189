"""A fresh production site: the page tree, its site record and menus, with
placeholder words the charity replaces (``manage.py setup_site``).

Each installed app may have a ``site_setup`` module whose ``SETUP_STEPS`` add its
part (blog: the article index; events: the events index; members: the join and
directory links); this module holds the base's own (the home page and site, the
standard pages, the menus). Steps run by ``order``, lowest first.

Setting up is idempotent and never overwrites: a page that exists (found by its
slug under the home page) is left as staff made it, a menu that has links keeps
them. Running it again on a live site only adds what is missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from .app_modules import app_submodules
from .models import HomePage, NavigationSettings, StandardPage
from .roles import ensure_staff_roles

SETUP_MODULE = "site_setup"
WAGTAIL_WELCOME_PAGE_SLUG = "home"
# Where the base's own links sit in the main menu (the apps' come before).
ABOUT_MENU_ORDER = 900


class SiteSetupError(Exception):
    """The site cannot be set up as it stands; the message says why."""


@dataclass
class SiteSetup:
    """What the steps share: the home page, the site, and the links they add."""

    write: Callable[[str], Any]
    home: HomePage | None = None
    site: Site | None = None
    pages: dict[str, Page] = field(default_factory=dict)
    menu_links: list[tuple[int, Page | str, str]] = field(default_factory=list)
    footer_links: list[tuple[int, Page | str, str]] = field(default_factory=list)

    def ensure_page(self, model: type[Page], slug: str, **fields: Any) -> Page:
        """The page of this type and slug under the home page: left as it is when it
        exists, otherwise created with ``fields`` and published."""
        assert self.home is not None, "the site step runs first"
        page = model.objects.child_of(self.home).filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            self.home.add_child(instance=page)
            page.save_revision().publish()
            self.write(f"  created {model._meta.verbose_name} /{slug}/")
        else:
            self.write(f"  kept {model._meta.verbose_name} /{slug}/ as it is")
        self.pages[slug] = page
        return page

    def add_menu_link(self, target: Page | str, label: str, order: int) -> None:
        self.menu_links.append((order, target, label))

    def add_footer_link(self, target: Page | str, label: str, order: int) -> None:
        self.footer_links.append((order, target, label))


@dataclass(frozen=True)
class SetupStep:
    name: str
    order: int
    run: Callable[[SiteSetup], None]


def index_page_step(
    order: int, model: type[Page], slug: str, *, menu_order: int, **fields: Any
) -> SetupStep:
    """A step that makes an app's index page under the home page (``fields``: its
    title and introduction) and links it from the main menu under its title."""

    def run(setup: SiteSetup) -> None:
        index = setup.ensure_page(model, slug, **fields)
        setup.add_menu_link(index, fields["title"], order=menu_order)

    return SetupStep(str(model._meta.verbose_name), order, run)


def setup_steps() -> list[SetupStep]:
    """The SETUP_STEPS of every installed app's site_setup module, in order."""
    steps = [step for module in app_submodules(SETUP_MODULE) for step in module.SETUP_STEPS]
    return sorted(steps, key=lambda step: step.order)


def set_up_site(write: Callable[[str], Any]) -> SiteSetup:
    setup = SiteSetup(write)
    for step in setup_steps():
        write(f"{step.name}:")
        step.run(setup)
    return setup


# The base's own steps


def paragraph(*texts: str) -> dict[str, Any]:
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in texts)}


def heading(text: str) -> dict[str, Any]:
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


PLACEHOLDER = "<i>Placeholder: replace this page's words with your own before launch.</i>"


def home_and_site(setup: SiteSetup) -> None:
    root = Page.get_first_root_node()
    setup.home = HomePage.objects.child_of(root).first()
    if setup.home is None:
        remove_wagtail_welcome_page(root, setup.write)
        setup.home = HomePage(
            title=settings.WAGTAIL_SITE_NAME,
            slug="home",
            introduction=(
                "A network of councillors, commissioners, community organisations and policy "
                "experts working to keep public services local."
            ),
            join_heading="Join the network",
            join_text="Membership is open to everyone who works on local public services.",
        )
        root.add_child(instance=setup.home)
        setup.home.save_revision().publish()
        setup.write("  created the home page")
    else:
        setup.write("  kept the home page as it is")
    setup.site = default_site(setup.home)


def remove_wagtail_welcome_page(root: Page, write: Callable[[str], Any]) -> None:
    """Delete the placeholder page a new Wagtail database starts with (and its site)."""
    plain_page = ContentType.objects.get_for_model(Page)
    welcome = (
        Page.objects.child_of(root)
        .filter(slug=WAGTAIL_WELCOME_PAGE_SLUG, content_type=plain_page)
        .first()
    )
    if welcome is None:
        return
    if welcome.get_children_count():
        raise SiteSetupError(
            f"Wagtail's placeholder page {welcome.title!r} has pages under it; move them "
            "or delete it first."
        )
    welcome.delete()
    write(f"Removed Wagtail's placeholder page {welcome.title!r}")


def default_site(home: HomePage) -> Site:
    """The default site, rooted at the home page and answering at
    WAGTAILADMIN_BASE_URL (its links in sitemaps and feeds use that address). A
    default site that staff have given another address keeps it; the localhost one
    a new Wagtail database starts with takes the real address."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    values = {
        "hostname": address.hostname or "localhost",
        "port": address.port or (443 if address.scheme == "https" else 80),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(root_page=home, is_default_site=True, **values)
    if site.hostname == "localhost" and site.port == 80:
        for name, value in values.items():
            setattr(site, name, value)
    site.root_page = home
    site.save()
    return site


STANDARD_PAGES = {
    "about": {
        "title": "About the network",
        "introduction": "Who we are, what we believe and how the network works.",
        "body": [
            paragraph(PLACEHOLDER),
            heading("What we do"),
            paragraph("Say what the network is for, who is in it and how it is run."),
        ],
    },
    "privacy": {
        "title": "Privacy notice",
        "introduction": "How we use the personal information of members, attendees and visitors.",
        "body": [
            paragraph(PLACEHOLDER),
            heading("Who we are"),
            paragraph("Name the controller of the data, with a postal and an email address."),
            heading("What we hold and why"),
            paragraph(
                "Accounts, memberships, event registrations (with any access or dietary needs), "
                "event requests, payments (card details stay with Stripe) and the emails we send."
            ),
            heading("How long we keep it"),
            paragraph("The site deletes these by itself once their period has passed:"),
            {"type": "retention_periods", "value": None},
            heading("Your rights"),
            paragraph(
                'Members can <a href="/members/export/">download their data</a> or '
                '<a href="/members/delete/">delete their account</a>; say how to ask for '
                "anything else, and how to complain to the ICO."
            ),
        ],
    },
    "accessibility": {
        "title": "Accessibility statement",
        "introduction": "How accessible this website is and what to do if you have a problem.",
        "body": [
            paragraph(PLACEHOLDER),
            heading("How we test"),
            paragraph(
                "Every page is checked automatically against WCAG 2.2 AA; say when people "
                "last tested it by hand, and how to report a problem."
            ),
        ],
    },
}


FOOTER_LABELS = {"about": "About"}


def standard_pages(setup: SiteSetup) -> None:
    """The about, privacy and accessibility pages, all three in the footer."""
    for position, (slug, fields) in enumerate(STANDARD_PAGES.items()):
        page = setup.ensure_page(StandardPage, slug, **fields)
        setup.add_footer_link(page, FOOTER_LABELS.get(slug, fields["title"]), order=position)
    setup.add_menu_link(setup.pages["about"], "About", order=ABOUT_MENU_ORDER)


def nav_links(links: list[tuple[int, Page | str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "type": "link",
            "value": {
                "page": target.pk if isinstance(target, Page) else None,
                "url": target if isinstance(target, str) else "",
                "label": label,
            },
        }
        for _order, target, label in sorted(links, key=lambda link: link[0])
    ]


def menus(setup: SiteSetup) -> None:
    """The main menu and footer, each only if it has no links yet; and the staff roles."""
    navigation = NavigationSettings.for_site(setup.site)
    changed = []
    for name, links in (
        ("main_navigation", setup.menu_links),
        ("footer_navigation", setup.footer_links),
    ):
        if not getattr(navigation, name):
            setattr(navigation, name, nav_links(links))
            changed.append(name)
    if changed:
        navigation.save()
    setup.write(f"  {'set ' + ' and '.join(changed) if changed else 'kept the menus as they are'}")
    ensure_staff_roles()


SETUP_STEPS = [
    SetupStep("Home page and site", 0, home_and_site),
    SetupStep("Standard pages", 200, standard_pages),
    SetupStep("Menus and staff roles", 900, menus),
]
