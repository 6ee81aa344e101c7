"""A translation's parts still in its source language are marked as such (home.fallbacks)."""

import json
import re

import pytest

from campaigns.models import CampaignGoal

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "paragraph", "value": "<p>Domestic workers are workers.</p>", "id": "p1"},
    {
        "type": "key_figure",
        "value": {"figure": "75.6 million", "label": "domestic workers", "source": ""},
        "id": "k1",
    },
]


@pytest.fixture
def arabic_campaign(home_page, campaign, locales):
    campaign.body = json.dumps(BODY)
    campaign.goals = [CampaignGoal(label="new ratifications this year", current=3, target=10)]
    campaign.save_revision().publish()
    for page in (home_page, campaign.get_parent()):
        page.copy_for_translation(locales["ar"]).save_revision().publish()
    arabic = campaign.copy_for_translation(locales["ar"])
    arabic.title = "صادقوا على الاتفاقية 189"
    # The paragraph translated; the key figure and the summary not yet.
    raw = json.loads(json.dumps(BODY))
    raw[0]["value"] = "<p>العمال المنزليون عمال.</p>"
    arabic.body = json.dumps(raw)
    arabic.save_revision().publish()
    return arabic


def block_attrs(html, block_type):
    return re.search(rf'<div class="block block--{block_type}"([^>]*)>', html).group(1)


def test_the_parts_not_yet_translated_carry_their_own_language_and_direction(
    client, arabic_campaign
):
    html = client.get(arabic_campaign.url).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert block_attrs(html, "key_figure") == ' lang="en" dir="ltr"'
    assert block_attrs(html, "paragraph") == ""
    assert "<h1>صادقوا" in html
    assert '<p class="lead" lang="en" dir="ltr">Migrant workers demand their rights.</p>' in html
    assert '<span lang="en" dir="ltr">new ratifications this year</span>' in html
    # Figures keep their order whatever the page's direction.
    assert '<bdi dir="ltr">3 / 10</bdi>' in html


def test_a_page_in_the_default_language_marks_nothing(client, campaign):
    campaign.body = json.dumps(BODY)
    campaign.save_revision().publish()
    html = client.get(campaign.url).content.decode()
    assert block_attrs(html, "key_figure") == ""
    assert 'lang="en" dir="ltr"' not in html.split("<main", 1)[1].split("</main>")[0]


def test_a_translated_page_drawn_afresh_stays_within_the_query_budget(
    client, arabic_campaign, django_assert_max_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(arabic_campaign.url)  # what is kept per pages' generation
    with django_assert_max_num_queries(12):
        client.get(arabic_campaign.url)


@pytest.mark.parametrize("kind", ["wall", "day"])
def test_a_wall_or_day_not_yet_written_in_arabic_keeps_its_english_marked(
    client, campaign, locales, kind
):
    from events.factories import DayOfActionPageFactory
    from solidarity.factories import SolidarityWallPageFactory

    factory = SolidarityWallPageFactory if kind == "wall" else DayOfActionPageFactory
    page = factory(parent=campaign, title="Messages to Qatar", intro="<p>Write to them.</p>")
    arabic = page.copy_for_translation(locales["ar"], copy_parents=True)
    arabic.save_revision().publish()
    html = client.get(arabic.url).content.decode()
    assert '<h1 lang="en" dir="ltr">Messages to Qatar</h1>' in html
    assert '<div class="rich-text" lang="en" dir="ltr">' in html
    # Written in Arabic, it is not marked.
    arabic.title = "رسائل إلى قطر"
    arabic.save_revision().publish()
    assert "<h1>رسائل إلى قطر</h1>" in client.get(arabic.url).content.decode()
