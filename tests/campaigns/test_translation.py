"""Sending a campaign for translation with its pages, as Communications staff do it:
wagtail-localize's "Translate page" form with "Include subtree" ticked."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import Translation

from campaigns.models import CampaignPage
from petitions.factories import PetitionPageFactory
from petitions.models import PetitionPage

pytestmark = pytest.mark.django_db


def test_staff_may_submit_translations(staff_user):
    assert staff_user.has_perm("wagtail_localize.submit_translation")


def test_a_campaign_goes_to_nepali_with_its_petition(
    staff_client, campaign, locales, django_capture_on_commit_callbacks
):
    petition = PetitionPageFactory(parent=campaign, slug="sign", title="Sign for kafala's end")
    submit = reverse("wagtail_localize:submit_page_translation", args=[campaign.pk])

    form = staff_client.get(submit, {"select_locale": "ne"})
    assert form.status_code == 200
    assert "Include subtree (1 page)" in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            submit, {"locales": [locales["ne"].pk], "include_subtree": "on"}
        )
    assert response.status_code == 302

    nepali_campaign = CampaignPage.objects.get(
        translation_key=campaign.translation_key, locale=locales["ne"]
    )
    nepali_petition = PetitionPage.objects.get(
        translation_key=petition.translation_key, locale=locales["ne"]
    )
    # The petition hangs under the campaign's translation, as in English.
    assert nepali_petition.get_parent().pk == nepali_campaign.pk
    # Synced translations: wagtail-localize keeps them in step with the English pages,
    # and the editor opens its translation view on them.
    for page in (campaign, petition):
        translation = Translation.objects.get(
            source__object_id=page.translation_key, target_locale=locales["ne"]
        )
        assert translation.enabled
    # Drafts until their text is translated and published (not English copies in /ne/).
    assert not nepali_campaign.live and not nepali_petition.live
    assert nepali_petition.petition_text == petition.petition_text
    # Nothing was made in a language not asked for.
    assert not Page.objects.filter(
        translation_key=campaign.translation_key, locale=locales["bn"]
    ).exists()

    # The report now shows both as translated into Nepali.
    report = staff_client.get("/admin/reports/missing-translations/", {"language": "ne"})
    states = {row["page"].title: row["cells"][0]["state"] for row in report.context["object_list"]}
    assert states["End kafala now"] == "draft"
    assert states["Sign for kafala's end"] == "draft"


def test_without_the_subtree_option_only_the_campaign_is_translated(
    staff_client, campaign, locales, django_capture_on_commit_callbacks
):
    petition = PetitionPageFactory(parent=campaign, slug="sign")
    submit = reverse("wagtail_localize:submit_page_translation", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(submit, {"locales": [locales["ne"].pk]})
    assert Page.objects.filter(translation_key=campaign.translation_key, locale=locales["ne"])
    assert not Page.objects.filter(
        translation_key=petition.translation_key, locale=locales["ne"]
    ).exists()


def test_the_reports_link_submits_the_campaign_with_its_pages(
    staff_client, campaign, locales, django_capture_on_commit_callbacks
):
    petition = PetitionPageFactory(parent=campaign, slug="sign")
    with_pages = reverse("home_translate_with_pages", args=[campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            with_pages, {"locales": [locales["ne"].pk, locales["bn"].pk], "include_subtree": "on"}
        )
    assert response.status_code == 302
    for locale in ("ne", "bn"):
        assert Page.objects.filter(
            translation_key=petition.translation_key, locale=locales[locale]
        ).exists()
