import re

import pytest
from django.test import override_settings

from campaigns.factories import CampaignPageFactory

pytestmark = pytest.mark.django_db

OTHER_HOST = re.compile(
    r'(?:src|href|action|content)="(?:https?:)?//(?!testserver|localhost)', re.I
)


def test_root_redirects_to_the_visitors_language(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_home_page_declares_language_and_direction(client, home_page):
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_home_lists_active_campaigns_of_its_language(client, campaign_index):
    CampaignPageFactory(parent=campaign_index, title="Active one")
    CampaignPageFactory(parent=campaign_index, title="Closed one", status="closed")
    html = client.get("/en/").content.decode()
    assert "Active one" in html
    assert "Closed one" not in html


def test_arabic_pages_are_right_to_left(client, home_page, locales):
    arabic = home_page.copy_for_translation(locales["ar"])
    arabic.title = "موبيلايز"
    arabic.save_revision().publish()
    html = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "موبيلايز" in html


def test_language_switcher_links_translations_or_says_there_is_none(
    client, home_page, campaign, locales
):
    from urllib.parse import quote

    french_home = home_page.copy_for_translation(locales["fr"])
    french_home.save_revision().publish()
    html = client.get(campaign.url).content.decode()
    # No French campaign yet: the switcher leads to a page that says so, in French.
    not_translated = f"/fr/not-translated/{campaign.pk}/"
    assert f'href="/language/fr/?next={quote(not_translated, safe="")}" hreflang="fr"' in html
    assert 'hreflang="en" lang="en" aria-current="true"' in html
    french_index = campaign.get_parent().copy_for_translation(locales["fr"])
    french_index.save_revision().publish()
    french_campaign = campaign.copy_for_translation(locales["fr"])
    french_campaign.save_revision().publish()
    html = client.get(campaign.url).content.decode()
    assert f'href="/language/fr/?next={quote(french_campaign.url, safe="")}" hreflang="fr"' in html


def test_public_pages_load_nothing_from_other_hosts(client, campaign, tracker_page):
    for url in ["/en/", campaign.url, tracker_page.url]:
        response = client.get(url)
        html = response.content.decode()
        # Share links are the only links to other hosts, and they are plain links.
        html = re.sub(r'<ul class="share__links">.*?</ul>', "", html, flags=re.S)
        assert not OTHER_HOST.search(html), url


def test_public_csp_is_strict_and_the_admin_has_its_own(client, home_page, staff_client):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    admin_policy = staff_client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy


def test_unknown_url_gets_a_404_page_in_the_visitors_language(client, home_page, locales):
    french_home = home_page.copy_for_translation(locales["fr"])
    french_home.save_revision().publish()
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Page introuvable" in html
    assert 'href="/fr/"' in html


def test_404_in_arabic_is_right_to_left(client, home_page):
    response = client.get("/ar/nowhere/")
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "url",
    [
        "/en/?%ff",
        "/en/?page=%00",
        "/en/campaigns/?kind=%ff%fe",
        "/en/%ff/",
        "/en/<script>/",
        "/xx/",
        "/en/ratification-tracker/?region=" + "a" * 5000,
    ],
)
def test_malformed_requests_never_error(client, campaign, tracker_page, url):
    response = client.get(url)
    assert response.status_code in (200, 302, 404)


def test_robots_and_sitemap(client, campaign):
    robots = client.get("/robots.txt")
    assert "Disallow: /admin/" in robots.content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert campaign.full_url in sitemap
