"""The public site in a real browser: what a supporter on a phone sees and does.

Every test here also fails, through the page fixtures, if the page asked
another host for anything, broke the Content Security Policy or threw a
script error.
"""

import re
from urllib.parse import parse_qs, quote_plus, unquote, urlsplit

import pytest

pytestmark = pytest.mark.browser
# Skips the module, rather than failing collection, without the browser extra.
expect = pytest.importorskip("playwright.sync_api").expect

C189_TITLE = "Ratify C189: decent work for domestic workers"
C189_PATH = "/en/campaigns/ratify-c189/"
IMD_PATH = "/en/campaigns/international-migrants-day-2026/"
TRACKER_PATH = "/en/ratification-tracker/"
ARAB_STATES = {
    "Bahrain",
    "Iraq",
    "Jordan",
    "Kuwait",
    "Lebanon",
    "Oman",
    "Qatar",
    "Saudi Arabia",
    "Syria",
    "United Arab Emirates",
    "Yemen",
}


def expect_language(page, code, direction):
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)


def tracker_rows(page):
    return page.locator("table.tracker tbody tr")


def test_home_to_campaign_and_share_links(browser_page, demo_site):
    page = browser_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=demo_site)

    page.goto("/en/")
    expect_language(page, "en", "ltr")
    expect(page.locator(".site-name")).to_have_text("Mobilise")
    expect(page.get_by_role("heading", name="Current campaigns", level=2)).to_be_visible()
    page.locator(".card").get_by_role("link", name=C189_TITLE).click()

    expect(page).to_have_url(demo_site + C189_PATH)
    expect_language(page, "en", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(C189_TITLE)

    # Goals: a labelled <progress> each.
    goals = page.locator("section.goals progress")
    expect(goals).to_have_count(2)
    expect(goals.first).to_have_attribute("value", "3")
    expect(goals.first).to_have_attribute("max", "10")
    expect(page.get_by_label("new ratifications this year")).to_be_visible()

    # The targets scorecard, with each target's public response or silence.
    scorecard = page.locator("section.scorecard")
    expect(scorecard.get_by_role("heading", name="Who we are asking to act")).to_be_visible()
    lebanon = scorecard.locator("li.target", has_text="Ministry of Labour, Lebanon")
    expect(lebanon.locator(".target__status")).to_have_text("Committed to act")
    malaysia = scorecard.locator("li.target", has_text="Ministry of Human Resources, Malaysia")
    expect(malaysia).to_contain_text("No public response yet.")

    # Countries that have not ratified, one closed <details> per region.
    unratified = page.locator("section.unratified")
    expect(
        unratified.get_by_role("heading", name="Countries that have not ratified C189")
    ).to_be_visible()
    region = unratified.locator("details.region", has=page.locator("summary", has_text="Arab"))
    saudi = region.locator("li", has_text="Saudi Arabia")
    expect(saudi).to_be_hidden()
    region.locator("summary").click()
    expect(region).to_have_attribute("open", "")
    expect(saudi).to_be_visible()
    expect(saudi).to_contain_text("Ministry of Human Resources and Social Development")

    # Share links: plain links carrying this page's full URL, never followed here.
    page_url = demo_site + C189_PATH
    share = page.locator("section.share")
    expect(share.get_by_role("heading", name="Share")).to_be_visible()
    expected_links = {
        "WhatsApp": ("https", "wa.me", "text"),
        "Telegram": ("https", "t.me", "url"),
        "Facebook": ("https", "www.facebook.com", "u"),
        "X": ("https", "x.com", "url"),
    }
    for name, (scheme, host, param) in expected_links.items():
        link = share.get_by_role("link", name=name, exact=True)
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
        href = link.get_attribute("href")
        parts = urlsplit(href)
        assert (parts.scheme, parts.hostname) == (scheme, host), href
        assert quote_plus(page_url) in href, f"{name} link lacks the encoded page URL: {href}"
        assert page_url in parse_qs(parts.query)[param][0], href
    email_href = share.get_by_role("link", name="Email", exact=True).get_attribute("href")
    assert email_href.startswith("mailto:?"), email_href
    assert page_url not in email_href, f"page URL not encoded in the mailto link: {email_href}"
    assert page_url in unquote(parse_qs(urlsplit(email_href).query)["body"][0]), email_href

    # The link box works without JavaScript; the copy button is an enhancement.
    expect(share.get_by_label("Link to this page")).to_have_value(page_url)
    expect(share.get_by_label("Link to this page")).to_have_attribute("readonly", "")
    copy = share.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.click()
    expect(share.get_by_role("status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == page_url


def test_language_switcher_to_arabic_home(browser_page, demo_site):
    page = browser_page
    page.goto("/en/")
    languages = page.get_by_role("navigation", name="Language")
    # A menu that opens (a <details>): eleven languages do not fit a phone's header.
    expect(languages.get_by_role("link", name="العربية")).to_be_hidden()
    languages.locator("summary").click()
    languages.get_by_role("link", name="العربية").click()

    expect(page).to_have_url(demo_site + "/ar/")
    expect_language(page, "ar", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("موبيلايز")
    expect(page.locator(".lead").first).to_contain_text("حملات من أجل حقوق العمال المهاجرين")
    current = page.locator("nav.languages [aria-current=true]")
    expect(current).to_have_text("العربية")


def test_language_switcher_to_french_translation_of_a_campaign(browser_page, demo_site):
    page = browser_page
    page.goto(IMD_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "International Migrants Day, 18 December 2026"
    )
    languages = page.get_by_role("navigation", name="Language")
    languages.locator("summary").click()
    languages.get_by_role("link", name="Français").click()

    expect(page).to_have_url(re.compile(r"/fr/.+/international-migrants-day-2026/$"))
    expect_language(page, "fr", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Journée internationale des migrants, 18 décembre 2026"
    )
    expect(page.locator(".lead").first).to_contain_text("Le 18 décembre")


def test_tracker_filters_by_region_then_country(browser_page, demo_site):
    page = browser_page
    page.goto(TRACKER_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ratification tracker")
    expect(tracker_rows(page).filter(has_text="France")).to_have_count(1)

    page.get_by_label("Region").select_option(label="Arab States")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]region=arab_states\b"))
    expect(tracker_rows(page)).to_have_count(len(ARAB_STATES))
    expect(tracker_rows(page).locator("th")).to_have_text(sorted(ARAB_STATES))
    expect(tracker_rows(page).filter(has_text="Qatar")).to_have_count(1)
    expect(tracker_rows(page).filter(has_text="France")).to_have_count(0)
    expect(page.get_by_label("Region")).to_have_value("arab_states")

    page.get_by_label("Region").select_option(label="All regions")
    page.get_by_label("Country", exact=True).select_option(label="Philippines")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]country=PH\b"))
    expect(tracker_rows(page)).to_have_count(1)
    row = tracker_rows(page).first
    expect(row.locator("th")).to_have_text("Philippines")
    expect(row).to_contain_text("2012")  # C189, in force since 2012 in the demo data


def test_tracker_survives_a_malformed_query(browser_page, demo_site):
    page = browser_page
    response = page.goto(TRACKER_PATH + "?region=nonsense&country=%00")

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Ratification tracker")
    expect(page.locator(".field__error").first).to_contain_text("Select a valid choice")
    # Unknown filters are reported and ignored: every member State is listed.
    expect(tracker_rows(page).filter(has_text="France")).to_have_count(1)
    expect(tracker_rows(page).filter(has_text="Qatar")).to_have_count(1)


def test_campaign_and_tracker_work_without_javascript(no_js_page, demo_site):
    page = no_js_page
    page.goto(C189_PATH)
    expect_language(page, "en", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text(C189_TITLE)
    expect(page.locator("section.goals progress")).to_have_count(2)
    expect(page.get_by_role("heading", name="Who we are asking to act")).to_be_visible()
    region = page.locator("details.region", has=page.locator("summary", has_text="Arab"))
    region.locator("summary").click()  # <details> needs no script
    expect(region.locator("li", has_text="Qatar")).to_be_visible()
    share = page.locator("section.share")
    expect(share.get_by_label("Link to this page")).to_have_value(demo_site + C189_PATH)
    expect(share.get_by_role("link", name="WhatsApp")).to_be_visible()

    page.goto(TRACKER_PATH)
    page.get_by_label("Region").select_option(label="Arab States")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"[?&]region=arab_states\b"))
    expect(tracker_rows(page)).to_have_count(len(ARAB_STATES))
    expect(tracker_rows(page).filter(has_text="France")).to_have_count(0)


def test_copy_button_stays_hidden_without_javascript(no_js_page, demo_site):
    page = no_js_page
    page.goto(C189_PATH)
    share = page.locator("section.share")
    expect(share.get_by_label("Link to this page")).to_be_visible()
    # The button is an enhancement site.js reveals; without the script it must not show.
    expect(share.locator("[data-copy-button]")).to_be_hidden(timeout=1_000)
