"""Every shared body block renders, with real images and documents."""

import json

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from wagtail.blocks import StructBlockValidationError
from wagtail.documents import get_document_model

from network_site.blocks import BodyBlock, LinkBlock
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    document = get_document_model()(title="Keep it Local principles")
    document.file.save("principles.txt", ContentFile(b"Think local first."), save=False)
    document.save()
    return document


@pytest.fixture
def rendered_body(client, home_page, document, settings):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.network_site.embed_finder.LocalVideoFinder"}]
    image = wagtail_factories.ImageFactory(title="Meeting")
    page = StandardPageFactory(
        parent=home_page,
        title="Every block",
        body=json.dumps(
            [
                {"type": block_type, "value": value}
                for block_type, value in [
                    ("heading", {"text": "A section", "level": "h2"}),
                    ("heading", {"text": "A sub-section", "level": "h3"}),
                    (
                        "paragraph",
                        '<p>Some <b>bold</b> and <a href="https://example.org">a link</a>.</p>',
                    ),
                    (
                        "image",
                        {
                            "image": {
                                "image": image.pk,
                                "alt_text": "Councillors in a circle",
                                "decorative": False,
                            },
                            "caption": "The Leeds meeting",
                            "attribution": "Photo: the network",
                        },
                    ),
                    (
                        "quote",
                        {"text": "Keep it local.", "attribution": "A councillor", "role": "Leeds"},
                    ),
                    (
                        "lessons",
                        {
                            "heading": "Lessons",
                            "lessons": [
                                {
                                    "title": "Grants matter",
                                    "text": "<p>They let groups try things.</p>",
                                },
                                {"title": "Relationships matter", "text": ""},
                            ],
                        },
                    ),
                    (
                        "call_to_action",
                        {
                            "heading": "Join the network",
                            "text": "It is free for councillors.",
                            "button_label": "Join now",
                            "link": {"page": None, "url": "https://example.org/join/"},
                        },
                    ),
                    (
                        "document",
                        {"document": document.pk, "label": "", "description": "Our principles."},
                    ),
                    ("embed", "https://video.example/leeds"),
                ]
            ]
        ),
    )
    return BeautifulSoup(client.get(page.url).content, "html.parser").select_one(".prose")


def test_headings_keep_their_level(rendered_body):
    assert rendered_body.find("h2", string="A section")
    assert rendered_body.find("h3", string="A sub-section")


def test_rich_text_paragraph(rendered_body):
    assert rendered_body.find("b", string="bold")
    assert rendered_body.find("a", href="https://example.org")


def test_image_has_alt_text_caption_credit_and_dimensions(rendered_body):
    figure = rendered_body.select_one("figure.figure")
    img = figure.find("img")
    assert img["alt"] == "Councillors in a circle"
    assert img["width"]
    assert img["height"]
    assert figure.find("source", type="image/webp")
    assert "The Leeds meeting" in figure.figcaption.get_text()
    assert "Photo: the network" in figure.figcaption.get_text()


def test_quote_names_the_speaker(rendered_body):
    quote = rendered_body.select_one("figure.quote")
    assert quote.blockquote.get_text(strip=True) == "Keep it local."
    assert " ".join(quote.figcaption.get_text().split()) == "A councillor, Leeds"


def test_numbered_lessons_are_an_ordered_list(rendered_body):
    items = rendered_body.select("ol.lessons__list > li")
    assert [item.select_one(".lessons__title").get_text() for item in items] == [
        "Grants matter",
        "Relationships matter",
    ]


def test_call_to_action_links_out(rendered_body):
    cta = rendered_body.select_one(".cta")
    assert cta.find("a", class_="button")["href"] == "https://example.org/join/"
    assert "Join now" in cta.get_text()


def test_call_to_action_is_a_landmark_named_by_its_heading(rendered_body):
    cta = rendered_body.select_one("aside.cta")
    heading = rendered_body.find(id=cta["aria-labelledby"])
    assert heading in cta.descendants
    assert heading.get_text() == "Join the network"


def test_call_to_action_links_to_a_chosen_page(home_page):
    about = StandardPageFactory(parent=home_page, title="About", slug="about")
    block = BodyBlock().child_blocks["call_to_action"]
    value = block.to_python(
        {
            "heading": "Who we are",
            "text": "",
            "button_label": "Read more",
            "link": {"page": about.pk},
        }
    )
    html = BeautifulSoup(block.render(value, context={"id": "abc"}), "html.parser")
    assert html.select_one("aside.cta a.button")["href"] == "/about/"
    assert html.select_one("aside.cta")["aria-labelledby"] == "cta-abc"
    assert html.find(id="cta-abc").get_text() == "Who we are"
    assert html.p is None  # no text, no empty paragraph


def test_call_to_action_previewed_on_its_own_is_named_by_its_heading():
    block = BodyBlock().child_blocks["call_to_action"]
    value = block.to_python(
        {"heading": "Join us", "button_label": "Join", "link": {"url": "/members/join/"}}
    )
    cta = BeautifulSoup(block.render(value), "html.parser").select_one("aside.cta")
    assert cta["aria-label"] == "Join us"
    assert not cta.has_attr("aria-labelledby")
    assert not cta.h2.has_attr("id")
    assert cta.a["href"] == "/members/join/"


def test_document_link_shows_type_and_size(rendered_body, document):
    link = rendered_body.select_one(".document-link")
    assert link.a["href"] == document.url
    assert link.a.get_text() == "Keep it Local principles"
    assert "TXT" in link.get_text()


def test_embed_waits_for_the_reader_to_load_the_provider_player(rendered_body):
    embed = rendered_body.select_one(".embed")
    placeholder = embed.select_one("[data-embed-placeholder]")
    # The video's title captions the figure, outside the placeholder the player replaces.
    assert embed.select_one(":scope > figcaption.embed__title").get_text() == "A network event"
    button = placeholder.select_one("button[data-embed-load]")
    assert button.get_text() == "Load video from video.example"
    assert placeholder.a["href"] == "https://video.example/leeds"
    # The player is inert until then: only inside a <template>.
    assert embed.select("iframe") == []
    player = BeautifulSoup(
        embed.select_one("template[data-embed-player]").decode_contents(), "html.parser"
    )
    iframe = player.select_one("iframe")
    assert iframe["src"] == "https://video.example/leeds/player"
    assert iframe["title"] == "A network event"


def test_link_needs_exactly_one_target(home_page):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": ""}))
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": home_page.pk, "url": "https://example.org"}))
    assert block.clean(block.to_python({"page": None, "url": "https://example.org"}))


@pytest.mark.parametrize("address", ["/members/join/", "https://example.org/x", "http://a.example"])
def test_link_accepts_site_paths_and_web_addresses(address):
    block = LinkBlock()
    assert block.clean(block.to_python({"page": None, "url": address}))["url"] == address


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "//evil.example", "members/join", "ftp://x"]
)
def test_link_refuses_other_addresses(address):
    block = LinkBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"page": None, "url": address}))


def test_every_block_has_a_template_and_preview_help():
    for name, block in BodyBlock().child_blocks.items():
        assert block.meta.template, f"{name} has no template"
        assert block.meta.icon, f"{name} has no icon"
