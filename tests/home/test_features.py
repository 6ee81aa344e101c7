"""The home page features what editors chose, in their order and the visitor's language."""

import pytest
from django.db import connection

from campaigns.factories import CampaignPageFactory
from home.models import HomePageFeature
from home.selectors import home_features
from petitions.factories import PetitionPageFactory

pytestmark = pytest.mark.django_db


def feature(home, *pages):
    home.features.all().delete()
    for order, page in enumerate(pages):
        HomePageFeature.objects.create(home=home, page=page, sort_order=order)


def titles(html_or_pages):
    return [page.title for page in html_or_pages]


def test_without_a_choice_the_newest_active_campaigns_are_shown(client, home_page, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Active one")
    CampaignPageFactory(parent=campaign_index, title="Closed one", status="closed")
    assert titles(home_features(home=home_page)) == ["Active one"]
    assert "Active one" in client.get("/en/").content.decode()


def test_chosen_pages_are_shown_in_the_editors_order_whatever_their_type(
    client, home_page, campaign
):
    petition = PetitionPageFactory(parent=campaign, title="Ratify C189 now")
    closed = CampaignPageFactory(parent=campaign.get_parent(), title="Won last year", status="won")
    feature(home_page, petition, closed, campaign)
    assert titles(home_features(home=home_page)) == [
        "Ratify C189 now",
        "Won last year",
        "End kafala now",
    ]
    html = client.get("/en/").content.decode()
    assert html.index("Ratify C189 now") < html.index("Won last year") < html.index("End kafala")
    assert 'badge--petitionpage">Petition<' in html
    assert 'badge--status-won">Won<' in html


def test_a_feature_is_shown_in_the_home_pages_language_where_translated(
    client, home_page, campaign, locales
):
    untranslated = CampaignPageFactory(parent=campaign.get_parent(), title="Only in English")
    feature(home_page, campaign, untranslated)
    french_home = home_page.copy_for_translation(locales["fr"])
    french_home.save_revision().publish()
    french = campaign.copy_for_translation(locales["fr"], copy_parents=True)
    french.title = "Abolir la kafala"
    french.save_revision().publish()

    assert titles(home_features(home=french_home.specific)) == [
        "Abolir la kafala",
        "Only in English",
    ]
    assert titles(home_features(home=home_page)) == ["End kafala now", "Only in English"]


def test_a_translated_home_page_shows_the_main_home_pages_features_in_its_language(
    home_page, campaign, locales
):
    other = CampaignPageFactory(parent=campaign.get_parent(), title="Second")
    feature(home_page, other, campaign)
    arabic_home = home_page.copy_for_translation(locales["ar"])
    arabic_home.save_revision().publish()
    arabic_home.specific.features.all().delete()  # translated before features were chosen
    arabic = campaign.copy_for_translation(locales["ar"], copy_parents=True)
    arabic.title = "ألغوا الكفالة"
    arabic.save_revision().publish()
    assert titles(home_features(home=arabic_home.specific)) == ["Second", "ألغوا الكفالة"]
    feature(arabic_home.specific, arabic)
    assert titles(home_features(home=arabic_home.specific)) == ["ألغوا الكفالة"], "its own"


def test_an_unpublished_feature_is_left_out(home_page, campaign, campaign_index):
    other = CampaignPageFactory(parent=campaign_index, title="Draft")
    feature(home_page, other, campaign)
    other.unpublish()
    assert titles(home_features(home=home_page)) == ["End kafala now"]


def queries_of(action):
    """How many queries an action runs (a request resets Django's own query log)."""
    executed = []
    with connection.execute_wrapper(lambda run, *args: executed.append(1) or run(*args)):
        action()
    return len(executed)


def test_features_take_a_fixed_number_of_queries(client, home_page, campaign_index):
    pages = [CampaignPageFactory(parent=campaign_index, title=f"Campaign {n}") for n in range(2)]
    feature(home_page, *pages)
    client.get("/en/")
    few = queries_of(lambda: client.get("/en/"))
    pages += [CampaignPageFactory(parent=campaign_index, title=f"More {n}") for n in range(4)]
    pages.append(PetitionPageFactory(parent=pages[0], title="A petition"))
    feature(home_page, *pages)
    client.get("/en/")
    # One query more at most: a second page type to load.
    assert queries_of(lambda: client.get("/en/")) <= few + 1


def test_cards_offer_their_image_as_avif_then_webp_then_jpeg(client, home_page, campaign_index):
    from wagtail.images.models import Rendition
    from wagtail_factories import ImageFactory

    from home.renditions import CARD_SPECS

    pages = [
        CampaignPageFactory(parent=campaign_index, title=f"Campaign {n}", hero_image=ImageFactory())
        for n in range(2)
    ]
    for chosen in (False, True):
        if chosen:
            # Chosen by the editors: read with their renditions (home.selectors).
            feature(home_page, *pages)
        html = client.get("/en/").content.decode()
        assert html.count("<picture>") == 2
        for page in pages:
            for spec, kind in zip(CARD_SPECS, ("avif", "webp", "jpeg"), strict=True):
                rendition = Rendition.objects.get(image=page.hero_image, filter_spec=spec)
                assert rendition.url in html and rendition.url.endswith(kind.replace("jpeg", "jpg"))
