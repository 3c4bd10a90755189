"""The base's part of the demo: the home page and site, the standard pages, the
site settings and the demo logins. What the apps add comes from their own demo
modules (see network_site.demo.loading)."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from network_site import site_setup
from network_site.models import HomePage, NavigationSettings, OrganisationSettings, StandardPage
from network_site.roles import EDITORS, MODERATORS, ensure_staff_roles

from . import content
from .loading import (
    CREATED,
    SITE_OPENED,
    UNCHANGED,
    UPDATED,
    DemoContentError,
    DemoStep,
    publication_time,
    publish_page,
    stream_differs,
    update_fields,
    upsert,
)

ABOUT_MENU_ORDER = site_setup.ABOUT_MENU_ORDER


def load_site(loader):
    loader.home = home_page(loader)
    loader.site = default_site(loader, loader.home)


def home_page(loader):
    root = Page.get_first_root_node()
    remove_wagtail_welcome_page(loader, root)
    fields = {
        **content.HOME,
        "first_published_at": publication_time(SITE_OPENED),
    }
    home, status = publish_page(root, HomePage, "home", fields)
    loader.report("Home page", [status])
    return home


def remove_wagtail_welcome_page(loader, root):
    try:
        site_setup.remove_wagtail_welcome_page(root, loader.write)
    except site_setup.SiteSetupError as error:
        raise DemoContentError(str(error)) from error


def default_site(loader, home):
    site = (
        Site.objects.filter(hostname="localhost", port=80).first()
        or Site.objects.filter(is_default_site=True).first()
        or Site(hostname="localhost", port=80)
    )
    Site.objects.filter(is_default_site=True).exclude(pk=site.pk).update(is_default_site=False)
    values = {
        "hostname": "localhost",
        "port": 80,
        "root_page_id": home.pk,
        "is_default_site": True,
        "site_name": content.SITE_NAME,
    }
    status = CREATED if site.pk is None else UPDATED
    if update_fields(site, values) or status == CREATED:
        site.save()
    else:
        status = UNCHANGED
    loader.report("Default site", [status])
    return site


def load_standard_pages(loader):
    def write(spec):
        fields = {
            "title": spec["title"],
            "introduction": spec["introduction"],
            "body": loader.stream(spec["slug"], spec["body"]),
            "first_published_at": publication_time(SITE_OPENED),
        }
        return publish_page(loader.home, StandardPage, spec["slug"], fields)

    loader.standard_pages = loader.load_each("Standard pages", content.STANDARD_PAGES, write)


def report_media(loader):
    """What became of the library, once the pages that use it are written."""
    for label, statuses in loader.media_statuses.items():
        loader.report(label, statuses)


def load_site_settings(loader):
    site, pages = loader.site, loader.standard_pages
    organisation = OrganisationSettings.for_site(site)
    changed = update_fields(organisation, content.ORGANISATION)
    if changed:
        organisation.save()
    loader.report("Organisation settings", [UPDATED if changed else UNCHANGED])

    loader.add_menu_link(pages["about"], "About", order=ABOUT_MENU_ORDER)
    footer = [
        (pages["about"], "About"),
        (pages["privacy"], "Privacy notice"),
        (pages["accessibility"], "Accessibility statement"),
    ]
    navigation = NavigationSettings.for_site(site)
    streams = {
        "main_navigation": loader.nav_links("main-navigation", loader.main_menu()),
        "footer_navigation": loader.nav_links("footer-navigation", footer),
    }
    changed = [
        name
        for name, raw in streams.items()
        if stream_differs(navigation._meta.get_field(name), getattr(navigation, name), raw)
    ]
    for name in changed:
        setattr(navigation, name, streams[name])
    if changed:
        navigation.save()
    loader.report("Navigation", [UPDATED if changed else UNCHANGED])


def load_accounts(loader):
    if Group.objects.filter(name__in=[EDITORS, MODERATORS]).count() != 2:
        ensure_staff_roles()
    statuses = [account(login) for login in loader.logins]
    loader.report("Demo accounts", statuses)


def account(login):
    user_model = get_user_model()
    values = {
        "first_name": login.first_name,
        "last_name": login.last_name,
        "is_staff": login.is_staff,
        "is_superuser": login.is_superuser,
        "is_active": True,
    }
    user = user_model.objects.filter(email__iexact=login.email).first()
    if user is None:
        user = user_model.objects.create_user(login.email, login.password, **values)
        status = CREATED
    else:
        changed = update_fields(user, values)
        if not user.check_password(login.password):
            user.set_password(login.password)
            changed.append("password")
        if changed:
            user.save()
        status = UPDATED if changed else UNCHANGED

    groups = [Group.objects.get(name=login.group)] if login.group else []
    if {group.pk for group in user.groups.all()} != {group.pk for group in groups}:
        user.groups.set(groups)
        status = status if status == CREATED else UPDATED

    _, address_status = upsert(
        EmailAddress,
        {"user": user, "email": login.email},
        {"verified": True, "primary": True},
    )
    if address_status != UNCHANGED and status == UNCHANGED:
        status = UPDATED
    return status


DEMO_STEPS = [
    DemoStep("site", 0, load_site),
    DemoStep("standard pages", 200, load_standard_pages, after=("site",)),
    DemoStep("media library", 290, report_media),
    DemoStep("site settings", 500, load_site_settings, after=("site", "standard pages")),
    DemoStep("accounts", 600, load_accounts),
]
