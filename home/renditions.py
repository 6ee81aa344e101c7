"""The image sizes public templates ask for, generated when a page is published.

Keep these in step with the templates: a rendition missing here is made on
the first public request that needs it, which is what this avoids.
"""

HERO_WIDTHS = (480, 960, 1440)
HERO_SPECS = tuple(f"width-{w}|format-webp" for w in HERO_WIDTHS)
CARD_SPEC = "fill-640x360|format-webp"
SOCIAL_SPEC = "fill-1200x630|format-jpeg"


def specs_for_page(page):
    """(image, filter specs) pairs a published page shows."""
    pairs = []
    hero = getattr(page, "hero_image", None)
    if hero:
        pairs.append((hero, (*HERO_SPECS, CARD_SPEC)))
    sharing = getattr(page, "sharing_image", None)
    if sharing:
        pairs.append((sharing, (SOCIAL_SPEC,)))
    return pairs
