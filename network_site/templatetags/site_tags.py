import json
from urllib.parse import urlsplit

from django import template
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

register = template.Library()

# The characters that could end a <script> element or start an HTML comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A JSON-LD <script> element, safe to put in HTML."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag
def url_if_exists(name, fallback=""):
    """The URL of a named route, or the fallback while that feature is not installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.simple_tag(takes_context=True)
def nav_link(context, link):
    """A menu link (NavigationSettings.main_links) with whether it is the page
    being read, or the section it is in."""
    request = context.get("request")
    href = link["href"]
    current_path = getattr(request, "path", "")
    is_current = bool(href) and href != "/" and current_path.startswith(href)
    return {**link, "is_current": is_current}


@register.simple_tag(takes_context=True)
def canonical_url(context, page=None):
    request = context["request"]
    if page is not None and getattr(page, "pk", None):
        url = page.get_full_url(request)
        if url:
            return url
    return request.build_absolute_uri(request.path)


@register.filter
def structured_data(page, request):
    return page.get_structured_data(request)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """A full address for a path (media may already be absolute, e.g. on S3)."""
    return context["request"].build_absolute_uri(url)


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, *trail, current="", page=None):
    """The one breadcrumb trail. Give the links as titles and addresses in turn (an
    address or, as for ``redirect()``, a URL name), then the page you are on:

        {% breadcrumbs "Your membership" "members:dashboard" current="Edit your profile" %}

    or a Wagtail page, whose ancestors below the root make the trail (the site's
    root page is "Home"): ``{% breadcrumbs page=page %}``. A top-level page has none.
    """
    if page is not None:
        request = context.get("request")
        ancestors = [ancestor for ancestor in page.route_ancestors() if not ancestor.is_root()]
        links = [
            ("Home" if ancestor.depth == 2 else ancestor.title, ancestor.get_url(request=request))
            for ancestor in ancestors
        ]
        current = page.title
    else:
        if len(trail) % 2:
            raise template.TemplateSyntaxError("breadcrumbs takes a title and an address per link")
        pairs = zip(trail[::2], trail[1::2], strict=True)
        links = [(title, resolve_url(to)) for title, to in pairs]
    return {"links": links, "current": current}


@register.simple_tag
def video_embed(url):
    """What a placeholder shows of an embedded video before the reader asks for
    the player: its title, its provider and the player's HTML, or None when the
    provider does not answer (the block then shows a plain link)."""
    try:
        embed = get_embed(url)
    except EmbedException:
        return None
    return {
        "title": embed.title,
        "provider": embed.provider_name or urlsplit(url).hostname or "the provider",
        "html": mark_safe(embed.html),  # from the provider's oEmbed answer, as Wagtail renders it
        "width": embed.width or 16,
        "height": embed.height or 9,
    }
