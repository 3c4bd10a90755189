"""Build the demo site from network_site.demo.content.

Every step looks its records up (pages by slug, images and documents by title,
people by email, councils by GSS code) and brings them in line with the
content, so a second run finds nothing to do. A page gets a new revision only
when something on it changed.
"""

import datetime
import decimal
import hashlib
import io
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.models import (
    Author,
    BlogCategory,
    BlogIndexPage,
    BlogPage,
    BlogPageAuthor,
    BlogPageRelatedArticle,
)
from events.models import EventIndexPage, EventPage, Venue
from events.requests.models import EventRequest, EventRequestUpdate
from members.models import LocalAuthority, Membership
from network_site.models import HomePage, NavigationSettings, OrganisationSettings, StandardPage
from network_site.roles import EDITORS, MODERATORS, ensure_staff_roles

from . import content
from .images import hero_image, portrait_image

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# Block ids derived from the page and position, so a rerun writes identical StreamField data.
BLOCK_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://keepitlocal.example/demo-content")
# Pages that are not articles carry this first-published date.
SITE_OPENED = datetime.date(2024, 11, 28)
WAGTAIL_WELCOME_PAGE_SLUG = "home"


class DemoContentError(Exception):
    """The demo content cannot be loaded as it stands; the message says why."""


@dataclass(frozen=True)
class DemoLogin:
    """An account for trying the site out. The password is public: demo only."""

    email: str
    password: str
    first_name: str
    last_name: str
    description: str
    group: str | None = None
    is_superuser: bool = False
    is_staff: bool = True
    # For a member (not staff): an approved councillor membership of this council.
    councillor_of: str | None = None  # GSS code
    ward: str = ""


@dataclass
class Relations:
    """Related rows of a page: how to read them, what they should be, how to set them."""

    desired: dict
    current: Callable[[Page], dict]
    apply: Callable[[Page], None]


def publication_time(date):
    """Half past nine, London time, on the given day: when demo pages 'went out'."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 30)))


def block_id(*parts):
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, "/".join(str(part) for part in parts)))


def update_fields(instance, values):
    """Set the values that differ; return the names of the fields that changed."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    return changed


def upsert(model, lookup, values):
    """The row matching lookup, created or brought in line with values, and what happened."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values), CREATED
    changed = update_fields(instance, values)
    if not changed:
        return instance, UNCHANGED
    instance.save(update_fields=changed)
    return instance, UPDATED


def stream_differs(field, current, raw):
    return field.get_prep_value(current) != field.get_prep_value(field.to_python(raw))


def page_differs(page, fields):
    for name, value in fields.items():
        field = page._meta.get_field(name)
        current = getattr(page, name)
        if isinstance(field, StreamField):
            if stream_differs(field, current, value):
                return True
        elif current != value:
            return True
    return False


def publish_page(parent, model, slug, fields, relations=None):
    """Create or update a page under parent and publish it through a revision.

    Returns the page and what happened. Nothing is written when the page is
    live and already matches.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if (
        page is not None
        and page.live
        and not page_differs(page, fields)
        and (relations is None or relations.current(page) == relations.desired)
    ):
        return page, UNCHANGED
    status = CREATED if page is None else UPDATED
    if page is None:
        page = model(slug=slug, live=False)
    for name, value in fields.items():
        setattr(page, name, value)
    if relations is not None:
        relations.apply(page)
    if status == CREATED:
        parent.add_child(instance=page)
    page.save_revision().publish()
    return page, status


class DemoLoader:
    """Loads the demo content, writing one summary line per kind of record to `write`."""

    def __init__(self, write):
        self.write = write
        self.images = {}
        self.documents = {}
        self.categories = {}
        self.authors = {}
        self.articles = {}
        self.media_statuses = {"Images": [], "Documents": []}

    def load(self, logins):
        home = self.home_page()
        site = self.default_site(home)
        index = self.blog_index(home)
        self.load_categories()
        self.load_authors()
        self.load_articles(index)
        pages = self.standard_pages(home)
        for label, statuses in self.media_statuses.items():
            self.report(label, statuses)
        self.local_authorities()
        self.load_events(home)
        self.site_settings(site, home, index, pages)
        self.users(logins)
        self.event_requests()

    def report(self, label, statuses):
        counts = Counter(statuses)
        summary = ", ".join(
            f"{counts[status]} {status}"
            for status in (CREATED, UPDATED, UNCHANGED)
            if counts[status]
        )
        self.write(f"{label}: {summary or 'none'}")

    # Pages

    def home_page(self):
        root = Page.get_first_root_node()
        self.remove_wagtail_welcome_page(root)
        fields = {
            **content.HOME,
            "first_published_at": publication_time(SITE_OPENED),
        }
        home, status = publish_page(root, HomePage, "home", fields)
        self.report("Home page", [status])
        return home

    def remove_wagtail_welcome_page(self, root):
        """Delete the placeholder page a new Wagtail project starts with (and its site)."""
        plain_page = ContentType.objects.get_for_model(Page)
        welcome = (
            Page.objects.child_of(root)
            .filter(slug=WAGTAIL_WELCOME_PAGE_SLUG, content_type=plain_page)
            .first()
        )
        if welcome is None:
            return
        if welcome.get_children_count():
            raise DemoContentError(
                f"The placeholder page {welcome.title!r} has pages under it; move them or "
                "delete it before loading the demo content."
            )
        welcome.delete()
        self.write(f"Removed Wagtail's placeholder page {welcome.title!r}")

    def default_site(self, home):
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
        self.report("Default site", [status])
        return site

    def blog_index(self, home):
        spec = content.BLOG_INDEX
        fields = {
            "title": spec["title"],
            "introduction": spec["introduction"],
            "first_published_at": publication_time(SITE_OPENED),
        }
        index, status = publish_page(home, BlogIndexPage, spec["slug"], fields)
        self.report("Article index", [status])
        return index

    def standard_pages(self, home):
        pages, statuses = {}, []
        for spec in content.STANDARD_PAGES:
            fields = {
                "title": spec["title"],
                "introduction": spec["introduction"],
                "body": self.stream(spec["slug"], spec["body"]),
                "first_published_at": publication_time(SITE_OPENED),
            }
            pages[spec["slug"]], status = publish_page(home, StandardPage, spec["slug"], fields)
            statuses.append(status)
        self.report("Standard pages", statuses)
        return pages

    def load_articles(self, index):
        statuses = [self.article(index, spec) for spec in content.ARTICLES]
        self.report("Articles", statuses)

    def article(self, index, spec):
        authors = [self.authors[slug] for slug in spec["authors"]]
        categories = [self.categories[slug] for slug in spec["categories"]]
        try:
            related = [self.articles[slug] for slug in spec["related"]]
        except KeyError as error:
            raise DemoContentError(
                f"{spec['slug']}: related article {error} must come earlier in ARTICLES"
            ) from None
        hero = self.image(spec["hero"])

        def current(page):
            return {
                "authors": [link.author_id for link in page.blog_authors.all()],
                "categories": sorted(category.pk for category in page.categories.all()),
                "tags": sorted(page.tags.names()),
                "related": [link.article_id for link in page.related_articles.all()],
            }

        def apply(page):
            page.blog_authors = [BlogPageAuthor(author=author) for author in authors]
            page.categories = categories
            page.tags.set(spec["tags"])
            page.related_articles = [BlogPageRelatedArticle(article=other) for other in related]

        relations = Relations(
            desired={
                "authors": [author.pk for author in authors],
                "categories": sorted(category.pk for category in categories),
                "tags": sorted(spec["tags"]),
                "related": [other.pk for other in related],
            },
            current=current,
            apply=apply,
        )
        fields = {
            "title": spec["title"],
            "date": spec["date"],
            "summary": spec["summary"],
            "hero_image": hero,
            "hero_alt_text": hero.description,
            "body": self.stream(spec["slug"], spec["body"]),
            "first_published_at": publication_time(spec["date"]),
        }
        page, status = publish_page(index, BlogPage, spec["slug"], fields, relations)
        self.articles[spec["slug"]] = page
        return status

    # StreamField data

    def stream(self, page_slug, blocks):
        """The stored (JSON) form of a body: a list of blocks with stable ids."""
        return [
            {
                "type": block_type,
                "value": self.block_value(block_type, value, page_slug, position),
                "id": block_id(page_slug, position),
            }
            for position, (block_type, value) in enumerate(blocks)
        ]

    def block_value(self, block_type, value, page_slug, position):
        if block_type == "image":
            image = self.image(value["image"])
            return {
                "image": {"image": image.pk, "decorative": False, "alt_text": image.description},
                "caption": value["caption"],
                "attribution": value["attribution"],
            }
        if block_type == "document":
            return {**value, "document": self.document(value["document"]).pk}
        if block_type == "lessons":
            items = [
                {"type": "item", "value": lesson, "id": block_id(page_slug, position, number)}
                for number, lesson in enumerate(value["lessons"])
            ]
            return {"heading": value["heading"], "lessons": items}
        if block_type == "call_to_action":
            return {
                "heading": value["heading"],
                "text": value["text"],
                "button_label": value["button_label"],
                "link": {"page": None, "url": value["url"]},
            }
        return value

    # Media

    def image(self, key):
        """The library image for an IMAGES key, drawn only when missing."""
        if key not in self.images:
            spec = content.IMAGES[key]
            image_model = get_image_model()
            image = image_model.objects.filter(title=spec["title"]).order_by("pk").first()
            status = UNCHANGED
            if image is None:
                image, status = image_model(title=spec["title"]), CREATED
            if status == CREATED or not image.file.storage.exists(image.file.name):
                draw = portrait_image if spec["kind"] == "portrait" else hero_image
                data = draw(spec["title"], spec["palette"])
                image.file = ImageFile(io.BytesIO(data), name=f"{slugify(spec['title'])}.jpg")
                image.file_size = len(data)
                image.file_hash = hashlib.sha1(data).hexdigest()
                status = status if status == CREATED else UPDATED
            if image.description != spec["description"]:
                image.description = spec["description"]
                status = status if status == CREATED else UPDATED
            if status != UNCHANGED:
                image.save()
            self.images[key] = image
            self.media_statuses["Images"].append(status)
        return self.images[key]

    def document(self, key):
        """The library document for a DOCUMENTS key, written only when missing."""
        if key not in self.documents:
            spec = content.DOCUMENTS[key]
            document_model = get_document_model()
            document = document_model.objects.filter(title=spec["title"]).order_by("pk").first()
            status = UNCHANGED
            if document is None:
                document, status = document_model(title=spec["title"]), CREATED
            if status == CREATED or not document.file.storage.exists(document.file.name):
                data = spec["text"].encode()
                document.file = ContentFile(data, name=spec["filename"])
                document.file_size = len(data)
                document.file_hash = hashlib.sha1(data).hexdigest()
                document.save()
                status = status if status == CREATED else UPDATED
            self.documents[key] = document
            self.media_statuses["Documents"].append(status)
        return self.documents[key]

    # Snippets and settings

    def load_categories(self):
        statuses = []
        for spec in content.CATEGORIES:
            category, status = upsert(
                BlogCategory,
                {"slug": spec["slug"]},
                {"name": spec["name"], "description": spec["description"]},
            )
            self.categories[category.slug] = category
            statuses.append(status)
        self.report("Article categories", statuses)

    def load_authors(self):
        statuses = []
        for spec in content.AUTHORS:
            values = {
                "name": spec["name"],
                "role": spec["role"],
                "organisation": spec["organisation"],
                "bio": spec["bio"],
                "photo": self.image(spec["photo"]),
            }
            author, status = upsert(Author, {"slug": spec["slug"]}, values)
            self.authors[author.slug] = author
            statuses.append(status)
        self.report("Authors", statuses)

    def site_settings(self, site, home, index, pages):
        organisation = OrganisationSettings.for_site(site)
        changed = update_fields(organisation, content.ORGANISATION)
        if changed:
            organisation.save()
        self.report("Organisation settings", [UPDATED if changed else UNCHANGED])

        main = [(index, "Articles")]
        if events := self.events_link(home):
            main.append(events)
        main.append(("/members/directory/", "Members"))
        main.append(("/members/join/", "Join"))
        main.append((pages["about"], "About"))
        footer = [
            (pages["about"], "About"),
            (pages["privacy"], "Privacy notice"),
            (pages["accessibility"], "Accessibility statement"),
        ]
        navigation = NavigationSettings.for_site(site)
        streams = {
            "main_navigation": self.nav_links("main-navigation", main),
            "footer_navigation": self.nav_links("footer-navigation", footer),
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
        self.report("Navigation", [UPDATED if changed else UNCHANGED])

    def events_link(self, home):
        """A menu link to the events, only when the site has them (a page, or a view)."""
        page = Page.objects.child_of(home).live().filter(slug="events").first()
        if page is not None:
            return (page, "Events")
        try:
            match = resolve("/events/")
        except Resolver404:
            return None
        return None if match.url_name == "wagtail_serve" else ("/events/", "Events")

    def nav_links(self, name, links):
        return [
            {
                "type": "link",
                "value": {
                    "page": None if isinstance(target, str) else target.pk,
                    "url": target if isinstance(target, str) else "",
                    "label": label,
                },
                "id": block_id(name, position),
            }
            for position, (target, label) in enumerate(links)
        ]

    # Events

    def load_events(self, home):
        spec = content.EVENT_INDEX
        fields = {
            "title": spec["title"],
            "introduction": spec["introduction"],
            "first_published_at": publication_time(SITE_OPENED),
        }
        index, status = publish_page(home, EventIndexPage, spec["slug"], fields)
        self.report("Event index", [status])

        venues, statuses = {}, []
        for venue_spec in content.VENUES:
            values = {name: value for name, value in venue_spec.items() if name != "name"}
            venue, venue_status = upsert(Venue, {"name": venue_spec["name"]}, values)
            venues[venue.name], _ = venue, statuses.append(venue_status)
        self.report("Venues", statuses)

        today = timezone.localdate()
        statuses = [self.event(index, spec, venues, today) for spec in content.EVENTS]
        self.report("Events", statuses)

    def event(self, index, spec, venues, today):
        day = today + datetime.timedelta(days=spec["days_from_now"])

        def at(clock):
            return timezone.make_aware(
                datetime.datetime.combine(day, datetime.time.fromisoformat(clock))
            )

        authority = (
            LocalAuthority.objects.get(gss_code=spec["host_authority"])
            if spec.get("host_authority")
            else None
        )
        related = list(BlogPage.objects.filter(slug__in=spec.get("related", [])).order_by("pk"))
        reason = spec.get("cancellation_reason", "")
        fields = {
            "title": spec["title"],
            "summary": spec["summary"],
            "start": at(spec["start"]),
            "end": at(spec["end"]),
            "format": spec["format"],
            "venue": venues.get(spec.get("venue")),
            "online_joining_details": spec.get("online_joining_details", ""),
            "host_authority": authority,
            "capacity": spec["capacity"],
            "members_only": spec.get("members_only", False),
            "price": decimal.Decimal(spec.get("price", "0")),
            "member_free_places": spec.get("member_free_places", 0),
            "description": spec["description"],
            "agenda": [
                {
                    "type": "item",
                    "value": {"time": time, "title": title, "description": description},
                    "id": block_id(spec["slug"], "agenda", position),
                }
                for position, (time, title, description) in enumerate(spec["agenda"])
            ],
            "speakers": [
                {
                    "type": "speaker",
                    "value": {
                        "name": name,
                        "role": role,
                        "organisation": organisation,
                        "photo": None,
                        "bio": "",
                    },
                    "id": block_id(spec["slug"], "speaker", position),
                }
                for position, (name, role, organisation) in enumerate(spec["speakers"])
            ],
            "first_published_at": publication_time(min(today, day) - datetime.timedelta(days=30)),
        }

        def current(page):
            return {
                "topics": sorted(page.topics.names()),
                "related": sorted(article.pk for article in page.related_articles.all()),
            }

        def apply(page):
            page.topics.set(spec["topics"])
            page.related_articles = related

        relations = Relations(
            desired={
                "topics": sorted(spec["topics"]),
                "related": sorted(article.pk for article in related),
            },
            current=current,
            apply=apply,
        )
        page, status = publish_page(index, EventPage, spec["slug"], fields, relations)
        # A cancellation is the event's state, kept outside revisions (as
        # events.services.cancel_event keeps it), so it is set on the row itself.
        state = {
            "cancellation_reason": reason,
            "cancelled_at": publication_time(today - datetime.timedelta(days=1))
            if reason
            else None,
        }
        page.refresh_from_db()
        if any(getattr(page, name) != value for name, value in state.items()):
            EventPage.objects.filter(pk=page.pk).update(**state)
            status = status if status == CREATED else UPDATED
        return status

    # People and places

    def local_authorities(self):
        statuses = []
        for spec in content.LOCAL_AUTHORITIES:
            values = {name: value for name, value in spec.items() if name != "gss_code"}
            statuses.append(upsert(LocalAuthority, {"gss_code": spec["gss_code"]}, values)[1])
        self.report("Local authorities", statuses)

    def users(self, logins):
        if Group.objects.filter(name__in=[EDITORS, MODERATORS]).count() != 2:
            ensure_staff_roles()
        statuses = [self.user(login) for login in logins]
        self.report("Demo accounts", statuses)

    def event_requests(self):
        """Requests from the demo councillor, each at a different stage, with the
        exchange that got it there (the history is written once, when created)."""
        statuses = []
        users = get_user_model().objects
        today = timezone.localdate()
        for spec in content.EVENT_REQUESTS:
            values = {
                name: value
                for name, value in spec.items()
                if name not in ("reference", "requester", "authority", "in_days", "history")
            }
            values["local_authority"] = LocalAuthority.objects.get(gss_code=spec["authority"])
            values["requester"] = users.get(email=spec["requester"])
            values["date_1_from"] = today + datetime.timedelta(days=spec["in_days"])
            existing = EventRequest.objects.filter(reference=spec["reference"]).first()
            if existing is not None:
                # Dates move with the calendar; only what the demo says is restored.
                values.pop("date_1_from")
            request, status = upsert(EventRequest, {"reference": spec["reference"]}, values)
            if status == CREATED:
                staff = users.filter(is_superuser=True).order_by("pk").first()
                moment = timezone.now() - datetime.timedelta(days=len(spec["history"]))
                previous = ""
                for n, (source, to_status, message) in enumerate(spec["history"]):
                    EventRequestUpdate.objects.create(
                        request=request,
                        created_at=moment + datetime.timedelta(days=n),
                        author=values["requester"] if source == "authority" else staff,
                        source=source,
                        from_status=previous,
                        to_status=to_status,
                        message=message,
                    )
                    previous = to_status or previous
            statuses.append(status)
        self.report("Event requests", statuses)

    def user(self, login):
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
        if login.councillor_of:
            _, membership_status = upsert(
                Membership,
                {"user": user},
                {
                    "category": Membership.Category.COUNCILLOR,
                    "status": Membership.Status.ACTIVE,
                    "local_authority": LocalAuthority.objects.get(gss_code=login.councillor_of),
                    "ward": login.ward,
                },
            )
            if membership_status != UNCHANGED and status == UNCHANGED:
                status = UPDATED
        return status
