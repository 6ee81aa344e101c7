"""Server-side choropleth world map as a standalone SVG document.

No JavaScript, no tile server, no third-party request: the country outlines
ship with the code (``home/data/world_map.json``, built by
``home/data/build_world_map.py`` from the CC BY 4.0 ``@svg-maps/world``
package, whose attribution is drawn inside every map).

Colours are presentation attributes (``fill=``, ``stroke=``), never ``style``
attributes or ``<style>`` elements, so the output passes the site's Content
Security Policy whether it is inlined in a page or served as an image.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path

from django_countries import countries

DATA_FILE = Path(__file__).resolve().parent / "data" / "world_map.json"

NO_DATA_COLOUR = "#e6e6e6"
# Sequential palette from light to the site red (darkest = highest counts).
PALETTE = ("#f6d5d7", "#e9a1a6", "#d3636b", "#b02a33", "#8a0e15")
STROKE_COLOUR = "#fff"
STROKE_WIDTH = "0.3"
TEXT_COLOUR = "#333"
FONT_FAMILY = "system-ui, sans-serif"

# Space added under the map's own viewBox for the legend and attribution.
FOOTER_HEIGHT = 48
LEGEND_FONT_SIZE = 18
ATTRIBUTION_FONT_SIZE = 11


@functools.cache
def _map_data() -> dict:
    with DATA_FILE.open(encoding="utf-8") as f:
        return json.load(f)


def world_map_attribution() -> str:
    """The CC BY 4.0 credit for the map shapes (also drawn inside every map)."""
    return _map_data()["attribution"]


def _nice(value: float) -> int:
    """Round to two significant digits (1, 6, 39, 250, 1600...)."""
    if value < 100:
        return max(1, round(value))
    magnitude = 10 ** (int(math.log10(value)) - 1)
    return round(value / magnitude) * magnitude


def _clean_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Upper-case codes with a shape on the map and a positive count."""
    paths = _map_data()["paths"]
    clean: dict[str, int] = {}
    for code, count in counts.items():
        key = str(code).upper()
        if key in paths and count and count > 0:
            clean[key] = clean.get(key, 0) + int(count)
    return clean


def world_map_buckets(counts: Mapping[str, int]) -> list[tuple[int, str]]:
    """The colour steps as ``(lower_bound, colour)``, ascending.

    A country with count ``c > 0`` takes the colour of the last step whose
    lower bound is ``<= c``; countries without data are ``NO_DATA_COLOUR``.

    Thresholds are on a log scale from 1 to the maximum count: the lower
    bounds are ``max ** (i / 5)`` for ``i = 0..4``, rounded to two significant
    digits. Signatures per country are heavy-tailed (the campaign's own
    country dwarfs the rest), so a linear scale would paint everything but one
    country in the lightest step, and quantiles are unstable with the handful of
    countries a petition usually has and give legends with odd numbers that
    jump about as signatures arrive. Log steps only depend on the maximum.

    With a small maximum some bounds coincide; duplicates are dropped and the
    remaining steps are spread over the palette so that the top step is always
    the darkest. No data at all gives an empty list.
    """
    clean = _clean_counts(counts)
    if not clean:
        return []
    top = max(clean.values())
    steps = len(PALETTE)
    bounds = sorted({min(top, _nice(top ** (i / steps))) for i in range(steps)})
    if len(bounds) == 1:
        return [(bounds[0], PALETTE[-1])]
    last = len(bounds) - 1
    return [(bound, PALETTE[round(i * (steps - 1) / last)]) for i, bound in enumerate(bounds)]


def _colour(count: int, buckets: list[tuple[int, str]]) -> str:
    colour = NO_DATA_COLOUR
    for bound, step_colour in buckets:
        if count >= bound:
            colour = step_colour
    return colour


def _country_name(code: str) -> str:
    return countries.name(code) or _map_data().get("names", {}).get(code, code)


def _default_label(name: str, count: int) -> str:
    return f"{name}: {count}"


def world_map_svg(
    counts: Mapping[str, int],
    *,
    title: str,
    label: Callable[[str, int], str] | None = None,
    html_id: str | None = None,
) -> str:
    """Render a choropleth of ``counts`` (ISO 3166-1 alpha-2 code -> count).

    Returns a complete SVG document (no XML declaration, so it can also be
    inlined in HTML). Unknown codes are ignored and zero counts are shown as
    "no data". ``label(country_name, count)`` formats the hover title of
    countries with data (default ``"France: 12"``); its result is escaped.
    ``html_id`` is the id of the ``<title>`` element referenced by
    ``aria-labelledby``; by default it is derived from the input, so the output
    is deterministic and two different maps on one page do not clash.
    """
    data = _map_data()
    clean = _clean_counts(counts)
    buckets = world_map_buckets(clean)
    label = label or _default_label

    if html_id is None:
        digest = hashlib.sha256(
            json.dumps([title, sorted(clean.items())], ensure_ascii=False).encode()
        ).hexdigest()
        html_id = f"worldmap-{digest[:10]}"

    min_x, min_y, width, height = (float(v) for v in data["viewBox"].split())
    view_box = f"{min_x:g} {min_y:g} {width:g} {height + FOOTER_HEIGHT:g}"

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" role="img"'
        f' aria-labelledby="{escape(html_id)}">',
        f'<title id="{escape(html_id)}">{escape(title)}</title>',
        f'<g stroke="{STROKE_COLOUR}" stroke-width="{STROKE_WIDTH}" stroke-linejoin="round">',
    ]
    for code, d in sorted(data["paths"].items()):
        count = clean.get(code, 0)
        name = _country_name(code)
        text = label(name, count) if count else name
        out.append(
            f'<path data-code="{code}" d="{d}" fill="{_colour(count, buckets)}">'
            f"<title>{escape(text)}</title></path>"
        )
    out.append("</g>")

    # Footer: legend swatches on the left, attribution on the right.
    top = min_y + height
    swatch = LEGEND_FONT_SIZE
    baseline = top + 8 + swatch - 3
    out.append(
        f'<g font-family="{FONT_FAMILY}" font-size="{LEGEND_FONT_SIZE}" fill="{TEXT_COLOUR}">'
    )
    x = min_x + 10
    for bound, colour in buckets:
        out.append(
            f'<rect x="{x:g}" y="{top + 8:g}" width="{swatch}" height="{swatch}" fill="{colour}"/>'
        )
        bound_text = f"{bound}+"
        out.append(f'<text x="{x + swatch + 5:g}" y="{baseline:g}">{escape(bound_text)}</text>')
        x += swatch + 5 + LEGEND_FONT_SIZE * 0.6 * len(bound_text) + 16
    out.append(
        f'<text x="{min_x + width - 10:g}" y="{top + FOOTER_HEIGHT - 8:g}"'
        f' font-size="{ATTRIBUTION_FONT_SIZE}" text-anchor="end">'
        f"{escape(data['attribution'])}</text>"
    )
    out.append("</g></svg>")
    return "\n".join(out)
