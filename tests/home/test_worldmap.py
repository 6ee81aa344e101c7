"""The server-side SVG choropleth world map (home.worldmap)."""

import gzip
import json
import re
import xml.etree.ElementTree as ET

from django.utils import translation

from home.worldmap import (
    DATA_FILE,
    NO_DATA_COLOUR,
    PALETTE,
    world_map_attribution,
    world_map_buckets,
    world_map_svg,
)

SVG_NS = "http://www.w3.org/2000/svg"
NS = {"svg": SVG_NS}
DARKEST = "#8a0e15"
COUNTS = {"QA": 4210, "NP": 2380, "PH": 1890, "FR": 640, "US": 150, "BR": 45, "MX": 1}


def render(counts=COUNTS, **kwargs):
    kwargs.setdefault("title", "Signatures by country")
    with translation.override("en"):
        return world_map_svg(counts, **kwargs)


def parse(svg):
    # Our own output, not untrusted input: the stdlib parser is fine here.
    return ET.fromstring(svg)  # noqa: S314


def paths_by_code(svg):
    root = parse(svg)
    return {p.get("data-code"): p for p in root.iter(f"{{{SVG_NS}}}path")}


def test_output_is_a_standalone_accessible_svg_document():
    svg = render()
    root = parse(svg)

    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root.get("role") == "img"
    title = root.find("svg:title", NS)
    assert title is not None
    assert title.text == "Signatures by country"
    assert root.get("aria-labelledby") == title.get("id")
    assert len(root.get("viewBox").split()) == 4


def test_has_a_path_per_country_including_the_usual_ones():
    paths = paths_by_code(render())

    for code in ("FR", "PH", "QA", "NP", "BR", "US", "IN", "GB", "ZA", "AU"):
        assert code in paths, code
        assert paths[code].get("d").startswith("m")
    assert len(paths) > 240
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in paths)


def test_highest_count_is_darkest_and_absent_or_zero_is_grey():
    paths = paths_by_code(render({**COUNTS, "CA": 0}))

    assert paths["QA"].get("fill") == DARKEST
    assert paths["DE"].get("fill") == NO_DATA_COLOUR
    assert paths["CA"].get("fill") == NO_DATA_COLOUR
    assert paths["MX"].get("fill") == PALETTE[0]
    assert all(p.get("fill") for p in paths.values())


def test_colours_increase_with_the_count():
    paths = paths_by_code(render())
    order = [paths[code].get("fill") for code in ("MX", "BR", "US", "FR", "QA")]

    assert [PALETTE.index(colour) for colour in order] == sorted(
        PALETTE.index(colour) for colour in order
    )


def test_unknown_and_lower_case_codes():
    paths = paths_by_code(render({"ZZ": 99, "EU": 5, "fr": 3}))

    assert "ZZ" not in paths
    # The lower-case code is accepted and is the maximum once unknown codes are ignored.
    assert paths["FR"].get("fill") == DARKEST


def test_hover_titles_give_the_country_name_and_count():
    paths = paths_by_code(render({"FR": 12}))

    assert paths["FR"].find("svg:title", NS).text == "France: 12"
    assert paths["DE"].find("svg:title", NS).text == "Germany"


def test_label_callback_formats_and_is_escaped():
    svg = render({"FR": 12}, label=lambda name, n: f"<b>{name}</b> — {n} signatures")
    paths = paths_by_code(svg)

    assert paths["FR"].find("svg:title", NS).text == "<b>France</b> — 12 signatures"
    assert "<b>" not in svg


def test_title_is_escaped():
    svg = render(title='<script>alert("x")</script> & co')

    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert parse(svg).find("svg:title", NS).text == '<script>alert("x")</script> & co'


def test_no_inline_styles_for_the_content_security_policy():
    svg = render()

    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg


def test_no_third_party_urls():
    assert re.findall(r"https?://[^\s\"'<>]+", render()) == [SVG_NS]


def test_output_is_deterministic():
    reordered = dict(reversed(list(COUNTS.items())))

    assert render() == render()
    assert render() == render(reordered)


def test_attribution_is_shown():
    svg = render()
    attribution = world_map_attribution()

    assert "CC BY 4.0" in attribution
    assert "@svg-maps/world" in attribution
    assert attribution in svg


def test_legend_has_a_swatch_per_bucket():
    root = parse(render())
    buckets = world_map_buckets(COUNTS)
    rects = root.findall(".//svg:rect", NS)
    texts = [t.text for t in root.iter(f"{{{SVG_NS}}}text")]

    assert [r.get("fill") for r in rects] == [colour for _, colour in buckets]
    for bound, _ in buckets:
        assert f"{bound}+" in texts


def test_buckets_are_log_scaled_up_to_the_darkest_colour():
    buckets = world_map_buckets({"QA": 10_000, "FR": 3})
    bounds = [bound for bound, _ in buckets]

    assert [colour for _, colour in buckets] == list(PALETTE)
    assert bounds[0] == 1
    assert bounds == sorted(set(bounds))
    assert bounds[-1] <= 10_000
    assert PALETTE[-1] == DARKEST


def test_buckets_with_small_or_no_counts():
    assert world_map_buckets({}) == []
    assert world_map_buckets({"FR": 0, "ZZ": 4}) == []
    assert world_map_buckets({"FR": 1}) == [(1, DARKEST)]

    buckets = world_map_buckets({"FR": 3, "DE": 1})
    bounds = [bound for bound, _ in buckets]
    assert bounds == sorted(set(bounds))
    assert buckets[-1][1] == DARKEST
    assert buckets[0][1] == PALETTE[0]


def test_empty_counts_render_an_all_grey_map():
    paths = paths_by_code(render({}))

    assert {p.get("fill") for p in paths.values()} == {NO_DATA_COLOUR}


def test_data_file_stays_small():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))

    assert DATA_FILE.stat().st_size < 45_000
    assert len(data["paths"]) > 240
    svg = render().encode()
    assert len(svg) < 65_000
    # What a phone downloads (the map is served compressed): under 20 KB.
    assert len(gzip.compress(svg)) < 20_000


def test_small_countries_keep_an_outline():
    # Where many migrant workers go: a few pixels wide, but there to hover and read.
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for code in ("SG", "BH", "QA", "MV", "MO", "MU", "BN", "KW", "LB"):
        assert len(re.findall(r"-?(?:\d+(?:\.\d+)?|\.\d+)", data["paths"][code])) >= 6, code
    # Only two are too small to draw at all: Gibraltar and the Vatican.
    assert {code for code, d in data["paths"].items() if not d} == {"GI", "VA"}
