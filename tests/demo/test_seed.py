import logging
from dataclasses import replace

import pytest
from django.conf import settings
from django.core.management import call_command

from campaigns import demo as campaigns_demo
from campaigns.models import CampaignPage, Ratification, Target
from home import demo as home_demo
from home.models import HomePage
from mailings import demo as mailings_demo
from mailings import services
from mailings.models import Mailing
from mailings.selectors import audience_size
from petitions import demo as petitions_demo
from supporters import demo as supporters_demo
from supporters.models import Supporter

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_site_and_is_idempotent(settings, tmp_path, capsys, caplog, client):
    settings.VAR_DIR = tmp_path
    caplog.set_level(logging.INFO)
    call_command("seed_demo")
    first = capsys.readouterr().out
    assert [record.getMessage() for record in caplog.records] == [], "no log lines"
    lines = first.strip().splitlines()
    assert len(lines) <= 3 and lines[-1].startswith("Demo admin"), "the account, last, on screen"
    counts = (CampaignPage.objects.count(), Target.objects.count(), Ratification.objects.count())
    assert CampaignPage.objects.filter(locale__language_code="en").count() == 5
    assert HomePage.objects.count() == len(settings.LANGUAGES), "one home page per language"
    assert Ratification.objects.filter(note="Demo data").count() == counts[2] > 100
    assert "admin@example.org /" in first

    mailing = Mailing.objects.get(name__startswith="Demo:")
    assert sorted(mailing.versions.values_list("language", flat=True)) == ["en", "fr"]
    assert audience_size(audience=mailing.audience) == 6
    assert services.mailing_problems(mailing=mailing) == []

    call_command("seed_demo")
    second = capsys.readouterr().out
    assert Mailing.objects.count() == 1
    assert Supporter.objects.count() == 6
    assert (
        CampaignPage.objects.count(),
        Target.objects.count(),
        Ratification.objects.count(),
    ) == counts
    password = first.split("admin@example.org / ")[1].split()[0]
    assert f"admin@example.org / {password}" in second
    signed_in = client.post(
        "/admin/login/", {"username": "admin@example.org", "password": password}
    )
    assert signed_in.status_code == 302

    drive = CampaignPage.objects.get(slug="ratify-c189", locale__language_code="en")
    html = client.get(drive.url).content.decode()
    assert "Ministry of Human Resources, Malaysia" in html
    assert "Countries that have not ratified C189" in html
    for code, _name in settings.LANGUAGES:
        assert client.get(f"/{code}/").status_code == 200
        assert client.get(f"/{code}/campaigns/international-migrants-day-2026/").status_code == 200


def seed_each_app():
    """Each app's demo seed in the order seed_demo calls them, with what each returned."""
    home = home_demo.seed()
    campaigns = campaigns_demo.seed(home=home.page)
    petition = petitions_demo.seed(
        campaign=campaigns.campaigns["ratify-c189"], targets=campaigns.targets
    )
    supporters = supporters_demo.seed(page=petition.page)
    mailings = mailings_demo.seed(
        petition=petition.page, campaign=campaigns.campaigns["international-migrants-day-2026"]
    )
    return home, campaigns, petition, supporters, mailings


def test_each_apps_demo_seed_returns_what_it_made():
    home, campaigns, petition, supporters, mailings = seed_each_app()

    assert home.page == HomePage.objects.get(locale__language_code="en")
    others = [code for code, _name in settings.LANGUAGES if code != "en"]
    assert {code: page.locale.language_code for code, page in home.translations.items()} == {
        code: code for code in others
    }
    assert (home.site.hostname, home.site_settings.organisation_name) == ("testserver", "Mobilise")

    english = CampaignPage.objects.filter(locale__language_code="en")
    assert english.count() == 5
    assert set(campaigns.campaigns.values()) == set(english)
    assert list(campaigns.campaigns) == [spec["slug"] for spec in campaigns_demo.CAMPAIGNS]
    assert list(campaigns.targets) == [spec["key"] for spec in campaigns_demo.TARGETS]
    assert campaigns.index.get_parent().pk == campaigns.tracker.get_parent().pk == home.page.pk
    # The list, the tracker, International Migrants Day and C189, in every other language.
    assert len(campaigns.translations) == 4 * len(others)
    assert campaigns.ratifications.ok and campaigns.ratifications.rows

    c189 = campaigns.campaigns["ratify-c189"]
    assert petition.page.get_parent().pk == c189.pk
    assert list(petition.page.petition_targets.values_list("target", flat=True)) == [
        campaigns.targets[key].pk for key in ["malaysia", "saudi", "lebanon"]
    ]
    assert petition.translations["fr"].title.startswith("Ratifiez la C189")

    assert [a.code for a in supporters.affiliates] == ["gefont", "kwdu", "fadwu"]
    assert [s.email for s in supporters.supporters] == [
        row[0] for row in supporters_demo.DEMO_SUPPORTERS
    ]
    assert all(s.email_consent for s in supporters.supporters)

    assert list(mailings.audience.pages.values_list("pk", flat=True)) == [petition.page.pk]
    assert mailings.mailing.audience == mailings.audience
    assert mailings.mailing.campaign == campaigns.campaigns["international-migrants-day-2026"]
    assert mailings.mailing.versions.count() == 2

    # Seeding again makes nothing new and returns the same things; only the
    # ratifications report differs, finding every row already there.
    again = seed_each_app()
    assert again[1].ratifications.ok
    assert {row.action for row in again[1].ratifications.rows} == {"unchanged"}
    again = (again[0], replace(again[1], ratifications=campaigns.ratifications), *again[2:])
    assert again == (home, campaigns, petition, supporters, mailings)
