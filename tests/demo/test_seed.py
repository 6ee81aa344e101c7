import logging
from dataclasses import replace

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page

from campaigns import demo as campaigns_demo
from campaigns.models import CampaignPage, Ratification, Target
from events import demo as events_demo
from events.models import DayOfActionPage, EventAction
from home import demo as home_demo
from home.models import HomePage
from mailings import demo as mailings_demo
from mailings import services
from mailings.models import Mailing
from mailings.selectors import audience_size
from petitions import demo as petitions_demo
from solidarity import demo as solidarity_demo
from solidarity.models import Message, SolidarityWallPage
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
    pages = Page.objects.count()
    # The day of action and the wall, published in every language, each
    # translation with a title of its own.
    for model, slug in (
        (DayOfActionPage, "day-of-action"),
        (SolidarityWallPage, "solidarity-wall"),
    ):
        english = model.objects.get(slug=slug, locale__language_code="en")
        translations = model.objects.filter(translation_key=english.translation_key).live()
        assert {
            page.locale.language_code: page.title != english.title for page in translations
        } == {code: code != "en" for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}, slug
    actions, messages = EventAction.objects.count(), Message.objects.count()

    mailing = Mailing.objects.get(name__startswith="Demo:")
    assert sorted(mailing.versions.values_list("language", flat=True)) == ["en", "fr"]
    assert audience_size(audience=mailing.audience) == 6
    assert services.mailing_problems(mailing=mailing) == []

    call_command("seed_demo")
    second = capsys.readouterr().out
    assert Mailing.objects.count() == 1
    assert Supporter.objects.count() == 6
    assert Page.objects.count() == pages, "no page made twice, none translated again"
    assert (EventAction.objects.count(), Message.objects.count()) == (actions, messages)
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
    events = events_demo.seed(campaign=campaigns.campaigns["international-migrants-day-2026"])
    solidarity = solidarity_demo.seed(campaign=campaigns.campaigns["un-migrant-workers-convention"])
    mailings = mailings_demo.seed(
        petition=petition.page, campaign=campaigns.campaigns["international-migrants-day-2026"]
    )
    return home, campaigns, petition, supporters, events, solidarity, mailings


def test_each_apps_demo_seed_returns_what_it_made():
    home, campaigns, petition, supporters, events, solidarity, mailings = seed_each_app()

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
    # The list, the tracker, the UN Migrant Workers Convention, International
    # Migrants Day and C189, in every other language.
    assert len(campaigns.translations) == 5 * len(others)
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

    # The day of action and the wall under their campaigns, each translation
    # under the campaign's translation in its language, its text in that language.
    for demo, campaign, source in (
        (events, "international-migrants-day-2026", events_demo.DAY_TRANSLATIONS),
        (solidarity, "un-migrant-workers-convention", solidarity_demo.WALL_TRANSLATIONS),
    ):
        assert demo.page.get_parent().pk == campaigns.campaigns[campaign].pk
        assert list(demo.translations) == others
        for code, page in demo.translations.items():
            assert page.locale.language_code == code
            assert type(page).objects.live().filter(pk=page.pk).exists(), "published"
            assert (page.title, page.intro) == source[code][:2]
            assert page.translation_key == demo.page.translation_key
            parent = campaigns.campaigns[campaign].get_translation(page.locale)
            assert page.get_parent().pk == parent.pk
    assert [a.title for a in events.actions] == [row[0] for row in events_demo.ACTIONS]
    # Each translation of the day offers the toolkit's materials, titled as they are.
    assert {page.toolkit.count() for page in events.translations.values()} == {
        len(events_demo.TOOLKIT)
    }
    assert solidarity.translations["fr"].opt_in_notice.startswith("Oui, envoyez-moi")
    assert solidarity.translations["ar"].prompt == solidarity_demo.WALL_TRANSLATIONS["ar"][2]

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
    assert again == (home, campaigns, petition, supporters, events, solidarity, mailings)
