"""Language negotiation: the first visit, the switcher's memory, hreflang and
pages not yet translated; names, dates and numbers in each language."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from wagtail.models import PageViewRestriction

from home.fields import country_names

pytestmark = pytest.mark.django_db

NEW_LANGUAGES = ["ne", "bn", "ur", "id", "tl", "hi", "si"]


def test_eleven_languages_are_offered_each_with_its_locale_and_its_own_name(locales):
    codes = [code for code, _name in settings.LANGUAGES]
    assert len(codes) >= 11 and set(NEW_LANGUAGES) <= set(codes)
    assert set(codes) <= set(locales)
    # Django describes each one (Tagalog and Sinhala through EXTRA_LANG_INFO).
    for code, _name in settings.LANGUAGES:
        assert translation.get_language_info(code)["code"] == code
    assert translation.get_language_info("ur")["bidi"] is True
    assert translation.get_language_info("si")["bidi"] is False


def test_the_readme_lists_every_language_with_its_review_status():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    table = readme[readme.index("| Code | Language |") :].split("\n\n")[0]
    for code, _name in settings.LANGUAGES:
        row = re.search(rf"^\| `{code}` \|.*$", table, re.M)
        assert row, f"{code} is not in the README's table of languages"
    for code in NEW_LANGUAGES:
        assert "needs review by a native speaker" in re.search(
            rf"^\| `{code}` \|.*$", table, re.M
        ).group(0)


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("ne-NP,ne;q=0.9,en;q=0.5", "/ne/"), ("ur-PK", "/ur/"), ("fil-PH,tl;q=0.8", "/tl/")],
)
def test_the_first_visit_follows_the_browsers_language(client, home_page, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert (response.status_code, response["Location"]) == (302, expected)


def test_the_switcher_remembers_the_choice_for_the_next_visit(client, home_page):
    response = client.get("/language/bn/", {"next": "/bn/campaigns/"})
    assert (response.status_code, response["Location"]) == (302, "/bn/campaigns/")
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "bn" and cookie["max-age"] == 365 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]
    # The browser says French; the choice made here wins.
    visit = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert visit["Location"] == "/bn/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
)
def test_the_switcher_only_leads_within_the_site(client, target):
    response = client.get("/language/ur/", {"next": target})
    assert response["Location"] == "/ur/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/language/xx/").status_code == 404
    assert client.post("/language/ne/").status_code == 405


def test_a_page_lists_its_translations_for_search_engines(client, home_page, campaign, locales):
    for locale in ("fr", "ne"):
        home_page.copy_for_translation(locales[locale]).save_revision().publish()
        index = campaign.get_parent().copy_for_translation(locales[locale])
        index.save_revision().publish()
    nepali = campaign.copy_for_translation(locales["ne"])
    nepali.save_revision().publish()
    html = client.get(campaign.url).content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "en": f"http://localhost{campaign.url}",
        "ne": f"http://localhost{nepali.url}",
        "x-default": f"http://localhost{campaign.url}",
    }


def test_a_public_page_does_not_name_a_translation_behind_a_password(
    client, home_page, campaign, locales
):
    for locale in ("fr", "ne"):
        home_page.copy_for_translation(locales[locale]).save_revision().publish()
        campaign.get_parent().copy_for_translation(locales[locale]).save_revision().publish()
        campaign.copy_for_translation(locales[locale]).save_revision().publish()
    french = campaign.get_translation(locales["fr"])
    PageViewRestriction.objects.create(
        page=french, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    html = client.get(campaign.url).content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert set(alternates) == {"en", "ne", "x-default"}
    # The switcher leads French readers to the page saying it is not in French.
    assert f"next=%2Ffr%2Fnot-translated%2F{campaign.pk}%2F" in html
    assert french.url not in html


def test_a_page_not_yet_translated_says_so_and_offers_the_languages_it_is_in(
    client, home_page, campaign, locales
):
    home_page.copy_for_translation(locales["ne"]).save_revision().publish()
    for locale in ("fr", "ar"):
        home_page.copy_for_translation(locales[locale]).save_revision().publish()
        campaign.get_parent().copy_for_translation(locales[locale]).save_revision().publish()
        arabic_or_french = campaign.copy_for_translation(locales[locale])
        arabic_or_french.title = "حملة" if locale == "ar" else "Campagne"
        arabic_or_french.save_revision().publish()
    response = client.get(f"/ne/not-translated/{campaign.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ne" dir="ltr">' in html
    with translation.override("ne"):
        heading = translation.gettext("This page is not yet in %(language)s") % {
            "language": "नेपाली"
        }
    assert heading != "This page is not yet in नेपाली" and heading in html
    assert 'lang="en" dir="ltr"><span class="available-languages__name">English</span>' in html
    arabic = '<span class="available-languages__name">العربية</span>: حملة'
    assert f'lang="ar" dir="rtl">{arabic}' in html
    assert 'href="/ne/"' in html and 'name="robots" content="noindex"' in html
    # Once translated, the same address leads to the translation.
    campaign.get_parent().copy_for_translation(locales["ne"]).save_revision().publish()
    nepali = campaign.copy_for_translation(locales["ne"])
    nepali.save_revision().publish()
    response = client.get(f"/ne/not-translated/{campaign.pk}/")
    assert (response.status_code, response["Location"]) == (302, nepali.url)


def test_not_translated_for_a_page_that_is_not_published_is_not_found(client, campaign):
    campaign.unpublish()
    assert client.get(f"/ur/not-translated/{campaign.pk}/").status_code == 404
    assert client.get("/ur/not-translated/999999/").status_code == 404


@pytest.mark.parametrize(
    ("language", "nepal", "qatar"),
    [
        ("ne", "नेपाल", "कतार"),
        ("bn", "নেপাল", "কাতার"),
        ("ur", "نیپال", "قطر"),
        ("hi", "नेपाल", "क़तर"),
        ("si", "නේපාලය", "කටාර්"),
        ("fr", "Népal", "Qatar"),
        ("ar", "نيبال", "قطر"),
    ],
)
def test_country_names_follow_the_language(language, nepal, qatar):
    with translation.override(language):
        names = country_names()
    assert (names["NP"], names["QA"]) == (nepal, qatar)


@pytest.mark.parametrize(
    ("language", "date", "number"),
    [
        ("en", "Dec. 18, 2026", "16,770,000"),
        ("ne", "2026 डिसेम्बर 18", "1,67,70,000"),
        ("hi", "18 दिसंबर 2026", "1,67,70,000"),
        ("bn", "18 ডিসেম্বর, 2026", "1,67,70,000"),
        ("ur", "18 دسمبر، 2026", "16,770,000"),
        ("si", "2026 උඳුවප් 18", "16,770,000"),
        ("tl", "Disyembre 18, 2026", "16,770,000"),
        ("id", "18 Des. 2026", "16.770.000"),
    ],
)
def test_dates_and_numbers_follow_the_language(language, date, number):
    template = Template('{% load humanize %}{{ day|date:"DATE_FORMAT" }}|{{ n|intcomma }}')
    with translation.override(language):
        shown = template.render(Context({"day": dt.date(2026, 12, 18), "n": 16770000}))
    assert shown == f"{date}|{number}"
