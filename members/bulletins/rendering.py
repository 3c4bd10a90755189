"""A bulletin's body as plain data for its three renderings (the email's HTML and
text, and the web version in the archive), with every link absolute."""

import html
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime
from wagtail.rich_text import expand_db_html

_RELATIVE_LINK = re.compile(r'(href|src)="/(?!/)')


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url: str) -> str:
    return f"{site_url()}{url}" if url.startswith("/") else url


def absolute_html(fragment: str) -> str:
    """Rich text with its links to the site made absolute (an email has no base URL)."""
    return _RELATIVE_LINK.sub(lambda m: f'{m.group(1)}="{site_url()}/', expand_db_html(fragment))


def html_to_text(fragment: str) -> str:
    """Rich text as plain text: paragraphs and list items on lines of their own,
    links followed by their address."""
    text = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", fragment, flags=re.S | re.I)
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.I)
    text = re.sub(r"</(p|li|h[1-6])>|<br\s*/?>", "\n", text, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    lines = [" ".join(line.split()) for line in html.unescape(text).splitlines()]
    return "\n".join(line for line in lines if line)


@dataclass
class Block:
    kind: str  # heading, text, image, card, call_to_action
    heading: str = ""
    html: str = ""
    text: str = ""
    url: str = ""
    label: str = ""  # a card's kind ("Article", "Event") or a button's words
    meta: str = ""  # a card's date
    image_url: str = ""
    alt: str = ""
    extra: dict = field(default_factory=dict)


def _link_url(link) -> str:
    page = link.get("page")
    return page.specific.full_url if page else absolute(link.get("url") or "")


def blocks_of(bulletin) -> list[Block]:
    result = []
    for child in bulletin.body:
        value = child.value
        if child.block_type == "heading":
            result.append(Block("heading", heading=value["text"]))
        elif child.block_type == "text":
            fragment = absolute_html(value.source)
            result.append(Block("text", html=fragment, text=html_to_text(fragment)))
        elif child.block_type == "image":
            image = value["image"]
            rendition = image.get_rendition("width-1200")
            result.append(
                Block(
                    "image",
                    image_url=absolute(rendition.url),
                    alt=image.default_alt_text or image.title,
                    text=value["caption"],
                    extra={"attribution": value["attribution"]},
                )
            )
        elif child.block_type in ("article", "event"):
            page = value["page"]
            if page is None or not page.live:
                continue  # unpublished since: nothing to link to
            page = page.specific
            is_event = child.block_type == "event"
            meta = (
                date_format(localtime(page.start), "l j F Y, H:i")
                if is_event
                else date_format(page.date, "j F Y")
            )
            result.append(
                Block(
                    "card",
                    heading=page.title,
                    text=value["note"] or page.summary,
                    url=page.full_url,
                    label="Event" if is_event else "Article",
                    meta=meta,
                )
            )
        elif child.block_type == "call_to_action":
            result.append(
                Block(
                    "call_to_action",
                    heading=value["heading"],
                    text=value["text"],
                    label=value["button_label"],
                    url=_link_url(value["link"]),
                )
            )
    return result
