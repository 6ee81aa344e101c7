"""What each public page type costs when the page cache misses: a fixed, small
number of queries, whatever the page lists (bench/renders.py measures the time).

Two cases for each: a miss while the pages are unchanged (the page cache's
copy expired: the route, menu and translations are kept by the process), and
the first view after a publish (everything read again)."""

from datetime import timedelta

import pytest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail_factories import ImageFactory

from campaigns.factories import (
    CampaignGoalFactory,
    CampaignPageFactory,
    CampaignTargetFactory,
    CampaignUpdateFactory,
    ConventionFactory,
    RatificationFactory,
)
from events import services as events_services
from events.factories import DayOfActionPageFactory, EventActionFactory
from home.memory import pages_generation_bump
from home.renditions import CARD_SPECS
from petitions import services as petitions_services
from petitions.factories import PetitionPageFactory, SignatureFactory
from solidarity import services as solidarity_services
from solidarity.factories import MessageFactory, SolidarityWallPageFactory

pytestmark = pytest.mark.django_db

# The targets are for a campaign and a petition; the others are held to the same.
MOST_QUERIES_UNCHANGED = 12
MOST_QUERIES_AFTER_PUBLISH = 30
COUNTRIES = ["PH", "NP", "ID", "LK", "KE", "QA", "MY", "SA"]


def _with_cards(campaign_index, n):
    """n campaigns shown as cards, each with its image in every card format."""
    for _ in range(n):
        page = CampaignPageFactory(parent=campaign_index, hero_image=ImageFactory())
        page.hero_image.get_renditions(*CARD_SPECS)


def _home(home_page, campaign_index, n):
    _with_cards(campaign_index, n)
    return home_page


def _campaigns(home_page, campaign_index, n):
    _with_cards(campaign_index, n)
    return campaign_index


def _campaign(home_page, campaign_index, n):
    from campaigns.models import CampaignPage

    page = CampaignPage.objects.first() or CampaignPageFactory(parent=campaign_index, slug="c189")
    for _ in range(n):
        CampaignTargetFactory(page=page)
        CampaignGoalFactory(page=page)
        CampaignUpdateFactory(page=page)
        PetitionPageFactory(parent=page)
    return page


def _petition(home_page, campaign_index, n):
    from petitions.models import PetitionPage

    page = PetitionPage.objects.first() or PetitionPageFactory(
        parent=CampaignPageFactory(parent=campaign_index), slug="sign"
    )
    for k in range(n):
        SignatureFactory(
            petition=page,
            confirmed_at=timezone.now() - timedelta(seconds=k),
            country=COUNTRIES[k % len(COUNTRIES)],
            display="name",
        )
    petitions_services.tallies_update()
    return page


def _tracker(home_page, campaign_index, n):
    from campaigns.models import RatificationTrackerPage

    page = RatificationTrackerPage.objects.first()
    if page is None:
        from campaigns.factories import RatificationTrackerPageFactory

        page = RatificationTrackerPageFactory(parent=home_page, slug="tracker")
    convention = ConventionFactory()
    for code in COUNTRIES[:n]:
        RatificationFactory(convention=convention, country=code)
    return page


def _day(home_page, campaign_index, n):
    from events.models import DayOfActionPage

    page = DayOfActionPage.objects.first() or DayOfActionPageFactory(parent=home_page, slug="day")
    for k in range(n):
        EventActionFactory(day=page, country=COUNTRIES[k % len(COUNTRIES)])
    events_services.figures_refresh(action_key=page.action_key)
    return page


def _wall(home_page, campaign_index, n):
    from solidarity.models import SolidarityWallPage

    page = SolidarityWallPage.objects.first() or SolidarityWallPageFactory(
        parent=home_page, slug="wall"
    )
    for k in range(n):
        MessageFactory(wall=page, from_country=COUNTRIES[k % len(COUNTRIES)])
    solidarity_services.figures_refresh(action_key=page.action_key)
    return page


PAGE_TYPES = {
    "home": _home,
    "campaigns": _campaigns,
    "a campaign": _campaign,
    "a petition": _petition,
    "tracker": _tracker,
    "day of action": _day,
    "wall": _wall,
}


def _queries(client, url):
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_a_page_drawn_on_a_cache_miss_reads_few_tables_whatever_it_lists(
    client, home_page, campaign_index, page_type
):
    grow = PAGE_TYPES[page_type]
    url = grow(home_page, campaign_index, 2).url
    client.get(url)
    unchanged = _queries(client, url)
    # What was added is published: the list is read again, and so is the page.
    grow(home_page, campaign_index, 1)
    pages_generation_bump()
    after_publish = _queries(client, url)

    grow(home_page, campaign_index, 8)
    pages_generation_bump()
    assert _queries(client, url) <= after_publish, "more queries with more to list"
    assert _queries(client, url) <= unchanged

    assert unchanged <= MOST_QUERIES_UNCHANGED
    assert after_publish <= MOST_QUERIES_AFTER_PUBLISH


# What each process keeps (the route, the menu, the settings) is read again when pages change.


def test_a_page_shown_then_given_a_password_is_no_longer_shown(client, campaign):
    from wagtail.models import PageViewRestriction

    assert client.get(campaign.url).status_code == 200
    client.get(campaign.url)  # now routed from what the process kept
    PageViewRestriction.objects.create(
        page=campaign, restriction_type=PageViewRestriction.PASSWORD, password="solidarity"
    )
    response = client.get(campaign.url)
    assert b"End kafala now" not in response.content
    assert b"password" in response.content.lower()


def test_a_page_shown_then_unpublished_is_gone_and_its_menu_entry_too(client, home_page, campaign):
    from campaigns.factories import CampaignIndexPageFactory

    other = CampaignIndexPageFactory(parent=home_page, slug="news", title="Union news")
    other.show_in_menus = True
    other.save_revision().publish()
    assert b"Union news" in client.get(campaign.url).content
    other.unpublish()
    assert b"Union news" not in client.get(campaign.url).content
    assert client.get(other.url or "/en/news/").status_code == 404


def test_the_organisation_name_edited_shows_at_once(client, home_page, campaign):
    from wagtail.models import Site

    from home.models import SiteSettings

    client.get(campaign.url)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Migrant Workers Unite"
    settings.save()
    assert b"Migrant Workers Unite" in client.get(campaign.url).content


def test_a_site_moved_to_another_host_is_routed_there(client, campaign):
    from wagtail.models import Site

    client.get(campaign.url, HTTP_HOST="localhost")
    site = Site.objects.get(is_default_site=True)
    site.hostname = "campaigns.example.org"
    site.save()
    response = client.get(campaign.url, HTTP_HOST="campaigns.example.org")
    assert response.status_code == 200
    assert b"End kafala now" in response.content
