"""What a bulletin's body is made of: blocks that read well in an email client as
on the web (no embeds, no scripts), including cards of the site's own articles
and events."""

from wagtail import blocks

from network_site.blocks import CallToActionBlock, CaptionedImageBlock, HeadingBlock


def card_block(page_type: str, *, icon: str, label: str) -> blocks.StructBlock:
    """A card of one of the site's pages (an article, an event), with an optional
    sentence of the writer's own."""
    return blocks.StructBlock(
        [
            ("page", blocks.PageChooserBlock(page_type=page_type)),
            (
                "note",
                blocks.TextBlock(
                    required=False,
                    max_length=300,
                    help_text="A sentence of your own; defaults to its summary.",
                ),
            ),
        ],
        icon=icon,
        label=label,
    )


class BulletinBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    image = CaptionedImageBlock()
    article = card_block("blog.BlogPage", icon="doc-full", label="Article card")
    event = card_block("events.EventPage", icon="date", label="Event card")
    call_to_action = CallToActionBlock()
