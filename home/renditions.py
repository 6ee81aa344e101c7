"""The image sizes public templates ask for, generated when a page is published
or a photo is accepted.

Keep these in step with the templates: a rendition missing here is made on
the first public request that needs it, which is what this avoids.

Photos are offered as a <picture> ({% picture %}): AVIF, then WebP, then JPEG
for browsers that take neither, each in several widths so that a 360 px phone
downloads a 360 or 720 px image, not a desktop's.
"""

from wagtail import blocks
from wagtail.fields import StreamField

from .blocks import ImageBlock

FORMATS = ("avif", "webp", "jpeg")
HERO_WIDTHS = (360, 720, 1080, 1440)
# Photos inside the text column (image blocks, a petition's delivery photo).
FIGURE_WIDTHS = (360, 720, 1080)


def _picture_specs(widths):
    return tuple(f"width-{w}|format-{fmt}" for w in widths for fmt in FORMATS)


HERO_SPECS = _picture_specs(HERO_WIDTHS)
FIGURE_SPECS = _picture_specs(FIGURE_WIDTHS)
# Photos supporters and affiliates upload (a solidarity message's, an event
# report's), within a 720 or 360 px box (the first gives the <img> its width
# and height: the size shown on a wide screen): made by the worker once the
# photo is accepted (home.tasks.upload_renditions_make), so the wall or the
# event page that shows it makes none.
UPLOAD_SPECS = tuple(f"max-{box}|format-{fmt}" for box in ("720x540", "360x270") for fmt in FORMATS)
# A card's image, one size in each format: home.selectors prefetches exactly these.
CARD_SPECS = tuple(f"fill-640x360|format-{fmt}" for fmt in FORMATS)
SOCIAL_SPEC = "fill-1200x630|format-jpeg"


def _block_images(block, value):
    """The images of ImageBlocks anywhere inside a stream value."""
    if value is None:
        return
    if isinstance(block, ImageBlock):
        if value.get("image"):
            yield value["image"]
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _block_images(child.block, child.value)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _block_images(child_block, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _block_images(block.child_block, item)


def specs_for_page(page):
    """(image, filter specs) pairs a published page shows."""
    pairs = []
    hero = getattr(page, "hero_image", None)
    if hero:
        pairs.append((hero, (*HERO_SPECS, *CARD_SPECS)))
    sharing = getattr(page, "sharing_image", None)
    if sharing:
        pairs.append((sharing, (SOCIAL_SPEC,)))
    delivery = getattr(page, "delivery_photo", None)
    if delivery:
        pairs.append((delivery, FIGURE_SPECS))
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for image in _block_images(field.stream_block, getattr(page, field.name)):
                pairs.append((image, FIGURE_SPECS))
    return pairs
