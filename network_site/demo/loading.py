"""The machinery of the demo content: the steps each app contributes, the order
they run in, and the helpers they write their records with.

Every app may have a ``demo`` module whose ``DEMO_STEPS`` list the parts of the
demo it loads (the base's own are in network_site.demo.site). The steps of all
installed apps run by their ``order``, lowest first; a step names in ``after``
the steps whose records it needs, and loading stops with an error when one of
those is missing or runs later. The orders in use:

    0    site               network_site: home page and default site
    100  articles           blog: article index, categories, authors, articles
    200  standard pages     network_site: about, privacy notice, accessibility
    290  media library      network_site: what became of the images and documents
    300  members            members: local authorities, member pages in the menu
    400  events             events: event index, venues, events
    500  site settings      network_site: organisation settings and navigation
    600  accounts           network_site: the demo logins
    610  memberships        members: the demo councillor's membership
    620  commitments        members.councils.demo: Leeds's and Bristol's commitments
    700  event requests     events.requests.demo: the councillor's requests
    720  bulletins          members.bulletins.demo: two sent bulletins and a draft

Every step looks its records up (pages by slug, images and documents by title,
people by email, councils by GSS code) and brings them in line with the
content, so a second run finds nothing to do. A page gets a new revision only
when something on it changed.
"""

import datetime
import hashlib
import io
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page

from network_site.app_modules import steps_in_order

from . import content
from .images import hero_image, portrait_image

# The module in which an app declares its DEMO_STEPS.
DEMO_MODULE = "demo"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# Block ids derived from the page and position, so a rerun writes identical StreamField data.
BLOCK_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://keepitlocal.example/demo-content")
# Pages that are not articles carry this first-published date.
SITE_OPENED = datetime.date(2024, 11, 28)


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


@dataclass(frozen=True)
class DemoStep:
    """One part of the demo: ``load(loader)`` writes it. Steps run by ``order``;
    ``after`` names the steps whose records this one needs."""

    name: str
    order: int
    load: Callable[["DemoLoader"], None]
    after: tuple[str, ...] = ()


def demo_steps():
    """The DEMO_STEPS of every installed app's demo module, in the order they run."""
    return steps_in_order(DEMO_MODULE, "DEMO_STEPS", DemoContentError)


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


def publish_index_page(loader, model, spec, label):
    """An index page under the home page (``spec`` gives its slug, title and
    introduction), first published the day the site opened; reported as ``label``."""
    fields = {
        "title": spec["title"],
        "introduction": spec["introduction"],
        "first_published_at": publication_time(SITE_OPENED),
    }
    index, status = publish_page(loader.home, model, spec["slug"], fields)
    loader.report(label, [status])
    return index


def _library_item(model, title, make_file):
    """The image or document titled ``title`` (the oldest, if several), made when
    missing, its file rewritten by ``make_file()`` (the bytes and the file) when
    missing from storage; with CREATED, UPDATED or UNCHANGED. Not saved."""
    item = model.objects.filter(title=title).order_by("pk").first()
    status = UNCHANGED
    if item is None:
        item, status = model(title=title), CREATED
    if status == CREATED or not item.file.storage.exists(item.file.name):
        data, item.file = make_file()
        item.file_size = len(data)
        item.file_hash = hashlib.sha1(data).hexdigest()
        status = status if status == CREATED else UPDATED
    return item, status


class DemoLoader:
    """Runs the demo steps, writing one summary line per kind of record to ``write``.

    The steps share what they made through it: the home page and site, the media
    library (images and documents by key), the links of the main menu and the
    demo logins.
    """

    def __init__(self, write):
        self.write = write
        self.home = None
        self.site = None
        self.standard_pages = {}
        self.logins = []
        self.image_specs = {}
        self.document_specs = dict(content.DOCUMENTS)
        self.images = {}
        self.documents = {}
        self.media_statuses = {"Images": [], "Documents": []}
        self.menu_links = []

    def load(self, logins):
        self.logins = list(logins)
        for step in demo_steps():
            step.load(self)

    def report(self, label, statuses):
        counts = Counter(statuses)
        summary = ", ".join(
            f"{counts[status]} {status}"
            for status in (CREATED, UPDATED, UNCHANGED)
            if counts[status]
        )
        self.write(f"{label}: {summary or 'none'}")

    def load_each(self, label, specs, write):
        """Write every spec with ``write(spec)`` (which returns the record and what
        happened), report what happened as ``label`` and return the records by slug."""
        records, statuses = {}, []
        for spec in specs:
            records[spec["slug"]], status = write(spec)
            statuses.append(status)
        self.report(label, statuses)
        return records

    def add_images(self, specs):
        """Make these images (specs by key, as in blog.demo_content.IMAGES) available
        to ``image`` and to the image blocks of bodies."""
        self.image_specs.update(specs)

    def add_menu_link(self, target, label, order):
        """A link of the main menu (a page or a path), placed by ``order``."""
        self.menu_links.append((order, target, label))

    def main_menu(self):
        return [
            (target, label)
            for _, target, label in sorted(self.menu_links, key=lambda link: link[0])
        ]

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
            spec = self.image_specs[key]

            def drawn():
                draw = portrait_image if spec["kind"] == "portrait" else hero_image
                data = draw(spec["title"], spec["palette"])
                return data, ImageFile(io.BytesIO(data), name=f"{slugify(spec['title'])}.jpg")

            image, status = _library_item(get_image_model(), spec["title"], drawn)
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
            spec = self.document_specs[key]

            def written():
                data = spec["text"].encode()
                return data, ContentFile(data, name=spec["filename"])

            document, status = _library_item(get_document_model(), spec["title"], written)
            if status != UNCHANGED:
                document.save()
            self.documents[key] = document
            self.media_statuses["Documents"].append(status)
        return self.documents[key]

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
