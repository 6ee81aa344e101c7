import datetime
from urllib.parse import quote

import pytest
from django_countries import countries

from campaigns.factories import (
    CampaignGoalFactory,
    CampaignPageFactory,
    CampaignTargetFactory,
    CampaignUpdateFactory,
    RatificationFactory,
    TargetFactory,
)
from campaigns.models import CampaignPage, Convention, Ratification
from campaigns.regions import STATES
from home.memory import pages_generation_bump

pytestmark = pytest.mark.django_db


def test_campaign_page_shows_goals_targets_updates_and_share_links(client, campaign):
    CampaignGoalFactory(page=campaign, label="affiliates mobilised", current=12, target=40)
    target = TargetFactory(
        name="Ministry of Labour, State of Qatar",
        response="We have abolished exit permits.",
        response_date=datetime.date(2026, 3, 2),
        status="responded",
    )
    CampaignTargetFactory(page=campaign, target=target, ask="Enforce the minimum wage.")
    CampaignUpdateFactory(page=campaign, date=datetime.date(2026, 1, 5), title="Older news")
    CampaignUpdateFactory(page=campaign, date=datetime.date(2026, 6, 5), title="Newer news")

    response = client.get(campaign.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<progress id="goal-' in html and 'max="40" value="12"' in html
    assert "Ministry of Labour, State of Qatar" in html
    assert "Enforce the minimum wage." in html
    assert "We have abolished exit permits." in html
    assert "Responded" in html
    assert html.index("Newer news") < html.index("Older news")
    full_url = campaign.full_url
    encoded_url = quote(full_url, safe="")
    # The share message is the campaign's sharing text (here its summary) and its address.
    assert f"https://wa.me/?text=Migrant+workers+demand+their+rights.+{encoded_url}" in html
    assert f"https://t.me/share/url?url={encoded_url}&amp;text=Migrant" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=" in html
    assert "https://x.com/intent/post?" in html
    assert "mailto:?subject=Migrant%20workers%20demand%20their%20rights." in html
    assert f'value="{full_url}" readonly' in html


def test_open_graph_tags(client, campaign):
    campaign.social_text = "Sign for migrant workers"
    campaign.save_revision().publish()
    html = client.get(campaign.url).content.decode()
    assert '<meta property="og:title" content="End kafala now">' in html
    assert '<meta property="og:description" content="Sign for migrant workers">' in html
    assert f'<meta property="og:url" content="{campaign.full_url}">' in html


def test_campaign_page_escapes_editor_text(client, campaign_index):
    page = CampaignPageFactory(parent=campaign_index, summary="<script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_ratification_drive_lists_countries_still_to_ratify(client, campaign_index):
    c189 = Convention.objects.get(code="C189")
    RatificationFactory(convention=c189, country="PH")
    RatificationFactory(convention=c189, country="IT", status=Ratification.Status.DENOUNCED)
    qatar = TargetFactory(name="Ministry of Labour, State of Qatar", country="QA")
    page = CampaignPageFactory(
        parent=campaign_index,
        kind=CampaignPage.Kind.RATIFICATION,
        convention=c189,
        default_ask="Ratify C189 now.",
    )
    CampaignTargetFactory(page=page, target=qatar, ask="Ratify C189 before June.")

    response = client.get(page.url)

    unratified = response.context["unratified"]
    listed = {row["code"]: row for group in unratified["groups"] for row in group["countries"]}
    assert "PH" not in listed
    assert "IT" in listed, "a denounced convention no longer binds the country"
    assert unratified["total"] == len(STATES) - 1
    assert listed["QA"]["target"] == qatar
    assert listed["QA"]["ask"] == "Ratify C189 before June."
    assert unratified["targeted"] == 1
    html = response.content.decode()
    assert "Countries that have not ratified C189" in html
    assert "Ratify C189 now." in html
    assert countries.name("MY") in html


def test_index_lists_live_campaigns_active_first(client, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Won campaign", status="won")
    CampaignPageFactory(parent=campaign_index, title="Active campaign", status="active")
    draft = CampaignPageFactory(parent=campaign_index, title="Draft campaign")
    draft.unpublish()

    html = client.get(campaign_index.url).content.decode()

    assert "Draft campaign" not in html
    assert html.index("Active campaign") < html.index("Won campaign")


def test_index_filters_by_kind_and_status(client, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Drive", kind="urgent_action")
    CampaignPageFactory(parent=campaign_index, title="Day", kind="day_of_action", status="closed")

    response = client.get(campaign_index.url, {"kind": "day_of_action"})
    titles = [c.title for c in response.context["campaigns"]]
    assert titles == ["Day"]

    response = client.get(campaign_index.url, {"status": "active"})
    assert [c.title for c in response.context["campaigns"]] == ["Drive"]


@pytest.mark.parametrize(
    "query",
    [
        "?kind=bogus",
        "?status=%00",
        "?page=zz",
        "?page=-1",
        "?page=99999999999999999999",
        "?kind[]=1&kind[]=2",
        "?%ff=%ff",
    ],
)
def test_index_survives_malformed_query_strings(client, campaign_index, campaign, query):
    response = client.get(campaign_index.url + query)
    assert response.status_code == 200
    assert "End kafala now" in response.content.decode()


def test_index_reports_an_unknown_filter_value(client, campaign_index):
    response = client.get(campaign_index.url, {"kind": "bogus"})
    assert "Select a valid choice" in response.content.decode()


def test_index_paginates_keeping_filters(client, campaign_index):
    for n in range(13):
        CampaignPageFactory(parent=campaign_index, title=f"Campaign {n:02}", kind="organising")
    response = client.get(campaign_index.url, {"kind": "organising"})
    html = response.content.decode()
    assert len(response.context["campaigns"]) == 12
    assert 'href="?kind=organising&amp;page=2"' in html
    response = client.get(campaign_index.url, {"kind": "organising", "page": 2})
    assert len(response.context["campaigns"]) == 1


def test_campaign_page_query_count_does_not_grow_with_targets(
    client, campaign, django_assert_max_num_queries
):
    for _ in range(3):
        CampaignTargetFactory(page=campaign)
    client.get(campaign.url)
    pages_generation_bump()  # as publishing the page does: all of it is read again
    with django_assert_max_num_queries(30) as few:
        client.get(campaign.url)
    for _ in range(10):
        CampaignTargetFactory(page=campaign)
        CampaignGoalFactory(page=campaign)
    pages_generation_bump()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(campaign.url)


def test_campaign_page_lists_its_petitions(client, campaign):
    from petitions.factories import PetitionPageFactory

    PetitionPageFactory(parent=campaign, title="Sign for C189", summary="Add your name.")
    draft = PetitionPageFactory(parent=campaign, title="Draft petition")
    draft.unpublish()
    html = client.get(campaign.url).content.decode()
    assert "Take action" in html
    assert "Sign for C189" in html and "Add your name." in html
    assert "Draft petition" not in html
