"""StreamField blocks shared by every page type.

Each block is described once: icon, template, label, description and a
preview value for the admin's block picker. Link logic lives in StructValue
classes so the templates stay dumb.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")
        description = _("A heading that starts a new section of the page.")
        preview_value = {"text": "Our demands", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        label = _("Text")
        description = _("Paragraphs of text with links and lists.")
        preview_value = (
            "<p>Migrant domestic workers are entitled to the same rights as every other "
            "worker: a weekly day off, a written contract and the freedom to join a union.</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Alternative text"),
        help_text=_(
            "Describe the image for people who cannot see it. "
            "Leave empty to use the image's own description."
        ),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    attribution = blocks.CharBlock(required=False, max_length=120, label=_("Photo credit"))

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")
        description = _("A photo or illustration with alternative text and a caption.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120, label=_("Who said it"))
    role = blocks.CharBlock(
        required=False,
        max_length=160,
        label=_("Their role"),
        help_text=_("For example: domestic worker and union organiser, Hong Kong."),
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        label = _("Quote")
        description = _("A testimony or statement, with who said it.")
        preview_value = {
            "quote": "We are workers, not slaves. We want our passports back.",
            "attribution": "Rosa",
            "role": "Domestic worker, member of a national domestic workers' union",
        }


class EmbedValue(blocks.StructValue):
    def host(self):
        return urlsplit(self.get("url") or "").hostname or ""


class EmbedBlock(blocks.StructBlock):
    """A video or post hosted elsewhere, shown as a link rather than an iframe.

    Loading another site's player would tell that site who is reading the
    campaign; supporters choose to open it themselves.
    """

    url = blocks.URLBlock(label=_("Address of the video or post"))
    title = blocks.CharBlock(label=_("Title"), max_length=160)
    description = blocks.TextBlock(required=False, max_length=400, label=_("Description"))

    class Meta:
        icon = "media"
        template = "blocks/embed_block.html"
        label = _("Video or post")
        description = _(
            "A link to a video or social media post. Shown as a card so the page "
            "makes no request to the other site until the reader chooses to open it."
        )
        value_class = EmbedValue
        preview_value = {
            "url": "https://www.youtube.com/watch?v=example",
            "title": "Migrant workers speak out",
            "description": "Five minutes with the workers who built the stadiums.",
        }


class LinkValue(blocks.StructValue):
    def link_url(self):
        page = self.get("page")
        if page:
            return page.localized.url
        return self.get("url") or ""


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(required=False, max_length=400, label=_("Text"))
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(required=False, label=_("Page to link to"))
    url = blocks.URLBlock(
        required=False,
        label=_("Or an address"),
        help_text=_("Used only when no page is chosen."),
    )

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"
        label = _("Call to action")
        description = _("A highlighted box asking the reader to do one thing, with a button.")
        value_class = LinkValue
        preview_value = {
            "heading": "Sign the petition",
            "text": "Tell governments to ratify C189 now.",
            "button_label": "Sign now",
            "url": "https://example.org/",
        }

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        return value


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("Figure"),
        max_length=30,
        help_text=_("As it should be read, for example “169 million” or “6,500”."),
    )
    label = blocks.CharBlock(label=_("What it counts"), max_length=160)
    source = blocks.CharBlock(required=False, max_length=200, label=_("Source"))

    class Meta:
        icon = "order"
        template = "blocks/key_figure_block.html"
        label = _("Key figure")
        description = _("One large number with what it means and where it comes from.")
        preview_value = {
            "figure": "167.7 million",
            "label": "international migrant workers worldwide",
            "source": "ILO Global Estimates on International Migrant Workers, 2024",
        }


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = ParagraphBlock(label=_("Answer"))


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120, label=_("Title"))
    items = blocks.ListBlock(FAQItemBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        template = "blocks/faq_block.html"
        label = _("Questions and answers")
        description = _("Questions that open to show their answer, one at a time.")
        preview_value = {
            "title": "Frequently asked questions",
            "items": [
                {
                    "question": "What is ILO Convention 189?",
                    "answer": "<p>The international treaty on decent work for domestic "
                    "workers, adopted in 2011.</p>",
                }
            ],
        }


class DemandsBlock(blocks.StructBlock):
    title = blocks.CharBlock(default=_("Our demands"), max_length=120, label=_("Title"))
    intro = blocks.TextBlock(required=False, max_length=400, label=_("Introduction"))
    demands = blocks.ListBlock(
        blocks.CharBlock(max_length=300, label=_("Demand")), label=_("Demands"), min_num=1
    )

    class Meta:
        icon = "list-ol"
        template = "blocks/demands_block.html"
        label = _("List of demands")
        description = _("The campaign's demands as a numbered list.")
        preview_value = {
            "title": "Our demands",
            "intro": "We call on governments to:",
            "demands": [
                "Ratify and implement ILO Conventions 189 and 190.",
                "End the kafala system and let workers change employer freely.",
                "Ban recruitment fees charged to workers.",
            ],
        }


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    call_to_action = CallToActionBlock()
    key_figure = KeyFigureBlock()
    faq = FAQBlock()
    demands = DemandsBlock()
