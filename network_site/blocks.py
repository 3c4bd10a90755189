"""The StreamField blocks every page type shares: one body, one set of blocks."""

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import HttpRequest
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="Use H2 for sections and H3 inside them: screen readers navigate by level.",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        preview_value = {"text": "Commissioning for services that transform lives", "level": "h2"}
        description = "A section heading that appears in the page outline."


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = "An image with alternative text, an optional caption and credit."


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=150)
    role = blocks.CharBlock(required=False, max_length=150, help_text="e.g. Councillor, Leeds")

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        preview_value = {
            "text": "Grants still matter: they let small groups try what a contract never would.",
            "attribution": "A commissioner",
        }
        description = "A pull quote with the name of the person quoted."


class LessonBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    text = blocks.RichTextBlock(required=False, features=["bold", "italic", "link"])


class NumberedLessonsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    lessons = blocks.ListBlock(LessonBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "blocks/numbered_lessons_block.html"
        preview_value = {
            "heading": "What we learned",
            "lessons": [
                {"title": "Grants have a place in the funding mix", "text": ""},
                {"title": "Commissioners need time with communities", "text": ""},
            ],
        }
        description = "A numbered list of lessons, each with a short title and text."


def validate_link_address(value):
    """A path on this site (/members/join/) or a full http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkValue(blocks.StructValue):
    def href(self, request: HttpRequest | None = None) -> str:
        """Where the link goes: the chosen page's URL, or the address given."""
        page = self.get("page")
        return page.get_url(request=request) if page else self.get("url") or ""


class LinkBlock(blocks.StructBlock):
    """A link to a page on this site or to an address; exactly one of the two."""

    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label="Or an address",
        help_text="A path on this site, such as /members/join/, or a full web address.",
        validators=[validate_link_address],
    )

    class Meta:
        icon = "link"
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError("Choose a page or enter an address, not both.")
                }
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False, max_length=400)
    button_label = blocks.CharBlock(max_length=60)
    link = LinkBlock()

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        description = "A highlighted box that asks the reader to act, with one button."

    def get_context(self, value, parent_context=None):
        """The box's link, and the id of its heading, which names it: the stream
        gives each block an id; a block rendered on its own (a preview) has none."""
        context = super().get_context(value, parent_context)
        block_id = context.get("id")
        context["heading_id"] = f"cta-{block_id}" if block_id else ""
        context["href"] = value["link"].href(context.get("request"))
        return context


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, max_length=150, help_text="Defaults to the title.")
    description = blocks.TextBlock(required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"
        description = "A download link that shows the file's type and size."


class RetentionPeriodsBlock(blocks.StaticBlock):
    """How long the site keeps what, read from the retention settings that the
    daily pruning uses (network_site.housekeeping), so the privacy notice cannot
    drift from what the site does."""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["periods"] = [
            ("What an email we sent you said", settings.EMAIL_BODY_RETENTION_DAYS),
            ("The record that we sent you an email", settings.EMAIL_RECORD_RETENTION_DAYS),
            (
                "A guest's name and address, and anyone's access and dietary needs, "
                "after the event",
                settings.EVENT_PERSONAL_DATA_RETENTION_DAYS,
            ),
            ("Logs of the site's background work", settings.TASK_RESULT_RETENTION_DAYS),
        ]
        return context

    class Meta:
        icon = "time"
        template = "blocks/retention_periods_block.html"
        admin_text = (
            "How long the site keeps emails, event registrations' personal details and "
            "background logs: the periods in the site's settings, shown as a list."
        )
        description = "The site's retention periods, for the privacy notice."


class PageCardChooserBlock(blocks.PageChooserBlock):
    """A chooser of pages of one type, shown as cards: the chosen pages of a body
    are read in one query, through the type's ``for_cards()`` where its QuerySet
    has one (what its card shows, e.g. stories.StoryQuerySet)."""

    def bulk_to_python(self, values):
        pages = self.target_model.objects.all()
        if hasattr(pages, "for_cards"):
            pages = pages.for_cards()
        found = pages.in_bulk([value for value in values if value is not None])
        result, seen = [], set()
        for pk in values:
            page = found.get(pk)
            if page is not None and pk in seen:
                page = copy.copy(page)  # one instance per place, as Wagtail's own does
            seen.add(pk)
            result.append(page)
        return result


class StoryCardBlock(blocks.StructBlock):
    """A card for one of the library's published stories. The base names the page
    type by its label only (as its URLs name the apps they include): it imports
    nothing of stories. A story unpublished later drops out of the page."""

    story = PageCardChooserBlock(
        page_type="stories.StoryPage", help_text="A published story from the library."
    )

    class Meta:
        icon = "openquote"
        label = "Story card"
        template = "blocks/story_card_block.html"
        description = "A card for one of the library's stories, linking to it."

    def clean(self, value):
        value = super().clean(value)
        story = value.get("story")
        if story is not None and not story.live:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "story": ValidationError("Choose a published story: this one is not live.")
                }
            )
        return value


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        icon="media",
        template="blocks/embed_block.html",
        help_text="A YouTube or Vimeo address, for example.",
    )
    lessons = NumberedLessonsBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    retention_periods = RetentionPeriodsBlock()
    story = StoryCardBlock()


class NavLinkBlock(LinkBlock):
    label = blocks.CharBlock(max_length=40, required=False, help_text="Defaults to the page title.")

    class Meta:
        icon = "link"
        label = "Link"
