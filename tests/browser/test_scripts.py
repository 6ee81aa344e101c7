"""Every script the site is read in, as a phone with no web font draws it.

Debian's Chromium with the fonts-noto packages stands in for Android's Noto
fonts. For each page, every piece of text shown is checked against the fonts
Chromium actually drew it with (DevTools' CSS.getPlatformFontsForNode) and the
characters those fonts hold (fontconfig): a character no font holds is drawn
as a box ("tofu"). Screenshots are kept under var/screenshots/ for a person to
look at.
"""

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import demo_translation

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

C189 = "campaigns/ratify-c189/"
PETITION = "campaigns/ratify-c189/sign-ratify-c189/"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# One language per script, and Urdu's Nastaliq beside Arabic's Naskh.
SCRIPTS = {
    "ne": "Devanagari",
    "hi": "Devanagari",
    "bn": "Bengali",
    "si": "Sinhala",
    "ur": "Arabic (Nastaliq)",
    "ar": "Arabic (Naskh)",
}
FC_LIST = shutil.which("fc-list") or "/usr/bin/fc-list"
SKIPPED_TAGS = {"SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "TITLE", "svg", "OPTION"}


@cache
def font_charset(postscript_name):
    """The code points the installed font of this name holds (fontconfig's ranges)."""
    out = subprocess.run(  # noqa: S603 - fontconfig, asked about a font Chromium named
        [FC_LIST, "--format", "%{charset}\n", f":postscriptname={postscript_name}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")[0]
    points = set()
    for part in out.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return frozenset(points)


def _text_nodes(node):
    """(element node id, its own text) for each element with text of its own."""
    children = node.get("children", [])
    text = "".join(c.get("nodeValue", "") for c in children if c["nodeType"] == 3)
    if node["nodeType"] == 1 and node.get("nodeName") in SKIPPED_TAGS:
        return
    if node["nodeType"] == 1 and text.strip():
        yield node["nodeId"], text
    for child in children:
        yield from _text_nodes(child)
    for inner in node.get("shadowRoots", []):
        yield from _text_nodes(inner)


def drawn_text(page):
    """[(text, [font families])] for each piece of text the page draws."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": False})["root"]
    drawn = []
    for node_id, text in _text_nodes(root):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
        if fonts:  # not drawn (hidden, a closed menu): nothing to check
            drawn.append((text, fonts))
    cdp.detach()
    return drawn


def boxes(page):
    """The characters drawn with no glyph, with the text they are in and the fonts used."""
    missing = []
    for text, fonts in drawn_text(page):
        held = frozenset().union(*(font_charset(font["postScriptName"]) for font in fonts))
        lost = {
            char
            for char in text
            # Joiners and marks of direction are not drawn; fonts need not hold them.
            if not char.isspace() and unicodedata.category(char) != "Cf" and ord(char) not in held
        }
        if lost:
            missing.append((text.strip()[:60], sorted(lost), [f["familyName"] for f in fonts]))
    return missing


def families(page, selector):
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [font["familyName"] for font in fonts]


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_every_script_is_drawn_without_boxes(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    for code, script in SCRIPTS.items():
        for name, path in (("home", ""), ("petition", PETITION)):
            page.goto(f"/{code}/{path}")
            expect(page.locator("html")).to_have_attribute("lang", code)
            # The language menu open: each language's name in its own script is drawn too.
            page.locator(".languages summary").click()
            screenshot(page, f"{code}-{name}")
            assert boxes(page) == [], f"{script} ({code}) {name}: characters drawn as boxes"
    # Urdu in Nastaliq (or Naskh where a phone has no Nastaliq), never another style.
    page.goto(f"/ur/{C189}")
    assert any("Nastaliq" in family for family in families(page, "h1")), families(page, "h1")


def left_of(page, selector, first, second):
    """Is `first` drawn to the left of `second` inside the element?"""
    return page.locator(selector).first.evaluate(
        """(element, [first, second]) => {
            const where = (needle) => {
                const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
                for (let node; (node = walker.nextNode()); ) {
                    const at = node.data.indexOf(needle);
                    if (at < 0) continue;
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + needle.length);
                    return range.getBoundingClientRect().left;
                }
                throw new Error("not found: " + needle);
            };
            return where(first) < where(second);
        }""",
        [first, second],
    )


@pytest.mark.parametrize("code", ["ar", "ur"])
def test_right_to_left_pages_keep_other_directions_whole(browser_page, code):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/{code}/{C189}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, f"{code}-campaign")
    # The campaign's blocks not yet translated are English, laid out as English.
    figure = page.locator(".block--key_figure")
    expect(figure).to_have_attribute("lang", "en")
    expect(figure).to_have_attribute("dir", "ltr")
    assert left_of(page, ".block--key_figure", "75.6", "million"), "75.6 million, not million 75.6"
    paragraph = page.locator(".block--paragraph").first
    expect(paragraph).to_have_attribute("dir", "ltr")
    assert paragraph.evaluate("e => getComputedStyle(e.querySelector('p') || e).direction") == "ltr"
    # The translated title and summary are not marked: they are in the page's language.
    assert page.locator("h1").get_attribute("lang") is None
    # A goal's progress reads "3 / 10", not "10 / 3".
    assert left_of(page, ".goal__label bdi", "3", "10")

    for name, path in (
        ("home", ""),
        ("campaigns", "campaigns/"),
        ("petition", PETITION),
        ("tracker", "ratification-tracker/"),
        ("imd", "campaigns/international-migrants-day-2026/"),
    ):
        page.goto(f"/{code}/{path}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        screenshot(page, f"{code}-{name}")
        assert boxes(page) == [], f"{code} {name}: characters drawn as boxes"

    # The day of action and the wall, written in the language: their title and
    # introduction are not marked, while the affiliates' and posters' own words
    # (English, Nepali, Filipino, Swahili, Arabic) keep their own direction.
    from events.models import DayOfActionPage
    from solidarity.models import SolidarityWallPage

    for model, slug, item, link, own_words in (
        (DayOfActionPage, "day-of-action", "event", "/actions/", ".event-list__item h3"),
        (SolidarityWallPage, "solidarity-wall", "message", "/messages/", ".message__text"),
    ):
        listing = demo_translation(model, slug, code)
        page.goto(listing.url)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        assert page.locator("h1").get_attribute("lang") is None
        assert page.locator("main .rich-text").first.get_attribute("lang") is None
        expect(page.locator(own_words).first).to_have_attribute("dir", "auto")
        screenshot(page, f"{code}-{slug}")
        assert boxes(page) == [], f"{code} {slug}: characters drawn as boxes"
        page.locator(f"main a[href*='{link}']").first.click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        screenshot(page, f"{code}-{item}")
        assert boxes(page) == [], f"{code} {item}: characters drawn as boxes"


def test_the_language_menu_leads_to_a_translation_or_says_there_is_none(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/en/{C189}")
    page.locator(".languages summary").click()
    page.get_by_role("link", name="اردو").click()
    expect(page).to_have_url(f"{page.url.split('/ur/')[0]}/ur/{C189}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The zero-fees campaign is not translated into Urdu: the menu says so, in
    # Urdu, and offers the languages it is in.
    page.goto("/en/campaigns/fair-recruitment-zero-fees/")
    page.locator(".languages summary").click()
    page.get_by_role("link", name="اردو").click()
    expect(page.locator("html")).to_have_attribute("lang", "ur")
    expect(page.locator("h1")).to_contain_text("اردو")
    screenshot(page, "ur-not-translated")
    page.get_by_role("link", name="English: ").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The choice is remembered: the site's address leads to Urdu again.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/ur/$"))
    assert boxes(page) == []
