"""Reports › Missing translations: what Communications staff see of each page's translations."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.factories import CampaignPageFactory
from petitions.factories import PetitionPageFactory
from users.services import SUPPORTER_DATA_GROUP_NAME

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/missing-translations/"
OTHER_LANGUAGES = ["fr", "es", "ar", "ne", "bn", "ur", "id", "tl", "hi", "si"]


def _published_at(page, when):
    type(page).objects.filter(pk=page.pk).update(last_published_at=when)


def _translate(page, locale, *, live=True, when=None):
    translation = page.copy_for_translation(locale, copy_parents=True)
    revision = translation.save_revision()
    if live:
        revision.publish()
        _published_at(translation, when or timezone.now())
    return translation


def _states(response):
    return {
        row["page"].title: {
            code: cell["state"]
            for code, cell in zip(
                [locale.language_code for locale in response.context["locales"]],
                row["cells"],
                strict=True,
            )
        }
        for row in response.context["object_list"]
    }


@pytest.fixture
def site_pages(campaign, locales):
    """A campaign with a petition: French live, Spanish out of date, Nepali a draft."""
    petition = PetitionPageFactory(parent=campaign, slug="sign", title="Sign for kafala's end")
    earlier = timezone.now() - datetime.timedelta(days=2)
    _published_at(campaign, earlier)
    _published_at(petition, earlier)
    _translate(campaign, locales["fr"], when=earlier + datetime.timedelta(hours=1))
    _translate(petition, locales["es"], when=earlier - datetime.timedelta(hours=1))
    _translate(campaign, locales["ne"], live=False)
    return campaign, petition


def test_staff_see_each_page_in_each_language(staff_client, site_pages):
    campaign, petition = site_pages
    response = staff_client.get(REPORT)
    assert response.status_code == 200
    states = _states(response)
    assert [locale.language_code for locale in response.context["locales"]] == OTHER_LANGUAGES
    # The home page and the campaigns' index are there too, in the tree's order.
    assert list(states) == ["Mobilise", "Campaigns", "End kafala now", "Sign for kafala's end"]
    assert states["End kafala now"]["fr"] == "live"
    assert states["End kafala now"]["ne"] == "draft"
    assert states["End kafala now"]["es"] == "missing"
    assert states["Sign for kafala's end"]["es"] == "outdated"
    assert states["Sign for kafala's end"]["fr"] == "missing"
    assert set(states["Mobilise"].values()) <= {"missing", "draft"}

    html = response.content.decode()
    submit = reverse("wagtail_localize:submit_page_translation", args=[petition.pk])
    assert f"{submit}?select_locale=fr" in html
    french = campaign.get_translation(campaign.locale.__class__.objects.get(language_code="fr"))
    assert reverse("wagtailadmin_pages:edit", args=[french.pk]) in html
    assert "Out of date" in html and "Missing" in html


def test_a_campaign_offers_to_be_translated_with_its_pages(staff_client, site_pages):
    campaign, _petition = site_pages
    response = staff_client.get(REPORT)
    rows = {row["page"].title: row for row in response.context["object_list"]}
    with_pages = reverse("home_translate_with_pages", args=[campaign.pk])
    assert rows["End kafala now"]["with_pages_url"] == with_pages
    assert rows["Sign for kafala's end"]["with_pages_url"] == ""  # no pages under it
    assert rows["Mobilise"]["with_pages_url"] == ""  # that would be the whole site
    assert "Translate with its pages" in response.content.decode()

    # The link opens wagtail-localize's form with "Include subtree" already ticked.
    form = staff_client.get(with_pages).content.decode()
    assert "Include subtree (1 page)" in form
    checkbox = re.search(r'<input type="checkbox" name="include_subtree"[^>]*>', form).group()
    assert "checked" in checkbox


def test_one_language_and_missing_only(staff_client, site_pages):
    html = staff_client.get(REPORT).content.decode()
    assert 'name="language" value="ne"' in html and 'name="missing" value="1"' in html

    response = staff_client.get(REPORT, {"language": "fr"})
    assert [locale.language_code for locale in response.context["locales"]] == ["fr"]
    assert _states(response)["End kafala now"] == {"fr": "live"}

    response = staff_client.get(REPORT, {"language": "fr", "missing": "1"})
    assert list(_states(response)) == ["Mobilise", "Campaigns", "Sign for kafala's end"]

    # In any language: a page translated into some languages but not all is still missing.
    response = staff_client.get(REPORT, {"missing": "1"})
    assert "End kafala now" in _states(response)

    # The results fragment the filters reload is the same table.
    results = staff_client.get(REPORT + "results/", {"language": "es", "missing": "1"})
    assert results.status_code == 200
    assert "End kafala now" in results.content.decode()


def test_drafts_and_private_pages_are_not_sources(staff_client, campaign):
    from wagtail.models import PageViewRestriction

    draft = CampaignPageFactory(parent=campaign.get_parent(), title="Not yet out", live=False)
    private = CampaignPageFactory(parent=campaign.get_parent(), title="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    titles = list(_states(staff_client.get(REPORT)))
    assert draft.title not in titles and private.title not in titles
    assert "End kafala now" in titles


def test_the_report_is_in_the_reports_menu_for_staff(staff_client):
    html = staff_client.get("/admin/").content.decode()
    assert "Missing translations" in html


def test_people_who_cannot_translate_are_refused(client, django_user_model, campaign):
    user = django_user_model.objects.create_user(email="data-only@example.org", password="x" * 12)
    user.groups.add(Group.objects.get(name=SUPPORTER_DATA_GROUP_NAME))
    client.force_login(user)
    # Wagtail's admin answers a refusal with its dashboard and a message.
    for url in (
        REPORT,
        REPORT + "results/",
        reverse("home_translate_with_pages", args=[campaign.pk]),
    ):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [("/admin/", 302)], url
        assert "Sorry, you do not have permission to access this area." in (
            response.content.decode()
        )
    assert "Missing translations" not in client.get("/admin/").content.decode()

    client.logout()
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_queries_do_not_grow_with_the_pages(
    staff_client, site_pages, django_assert_max_num_queries
):
    campaign, _petition = site_pages
    with CaptureQueriesContext(connection) as few:
        assert staff_client.get(REPORT).status_code == 200
    for n in range(30):
        page = CampaignPageFactory(parent=campaign.get_parent(), title=f"Campaign {n}")
        PetitionPageFactory(parent=page, title=f"Petition {n}")
    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(REPORT)
    assert len(response.context["object_list"]) == 50  # a page of the report
    with django_assert_max_num_queries(len(few)):
        staff_client.get(REPORT, {"missing": "1", "p": "2"})


def test_the_report_is_paginated(staff_client, campaign):
    for n in range(55):
        CampaignPageFactory(parent=campaign.get_parent(), title=f"Campaign {n}")
    first = staff_client.get(REPORT)
    second = staff_client.get(REPORT, {"p": "2"})
    assert first.context["paginator"].count == 58  # home, index, End kafala now and 55
    assert len(first.context["object_list"]) == 50
    assert len(second.context["object_list"]) == 8
