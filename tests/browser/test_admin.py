"""The Wagtail admin in a real browser: an editor of the Communications staff
group signs in and publishes a campaign."""

import re

import pytest
from django.contrib.auth.models import Group

from campaigns.models import CampaignIndexPage, CampaignPage
from users.services import STAFF_GROUP_NAME

pytestmark = pytest.mark.browser
# Skips the module, rather than failing collection, without the browser extra.
expect = pytest.importorskip("playwright.sync_api").expect

EDITOR_EMAIL = "editor@example.org"
EDITOR_PASSWORD = "a-long-editor-password-2026"
CAMPAIGN_TITLE = "End violence and harassment at work: ratify C190"
CAMPAIGN_SUMMARY = "Migrant women face violence at work. We ask every government to ratify C190."
QATAR_TARGET = "Ministry of Labour, State of Qatar"


@pytest.fixture
def editor(demo_site, django_user_model):
    """A member of the Communications staff group; not a superuser, not is_staff."""
    user = django_user_model.objects.create_user(
        email=EDITOR_EMAIL, password=EDITOR_PASSWORD, first_name="Amina"
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    return user


@pytest.fixture
def campaign_index(demo_site):
    return CampaignIndexPage.objects.get(locale__language_code="en", slug="campaigns")


def sign_in(page):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(EDITOR_EMAIL)
    page.locator("#id_password").fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def open_add_campaign_form(page, campaign_index):
    """From the page explorer's view of the Campaigns list, "Add child page"
    (a campaign list allows only campaigns, so Wagtail goes straight to the form)."""
    page.goto(f"/admin/pages/{campaign_index.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Campaigns")
    page.get_by_role("link", name="Add child page").first.click()
    expect(page).to_have_url(
        re.compile(rf"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/$")
    )


def fill_campaign(page, *, kind):
    page.locator("#id_title").fill(CAMPAIGN_TITLE)
    page.locator("#id_summary").fill(CAMPAIGN_SUMMARY)
    page.locator("#id_kind").select_option(label=kind)


def choose_snippet(page, chooser, choice):
    """Open a snippet chooser's modal and pick the row whose link text starts with `choice`."""
    chooser.locator("button[data-chooser-action-choose]").click()
    modal = page.locator(".modal.in")
    expect(modal).to_be_visible()
    modal.get_by_role("link", name=re.compile(rf"^{re.escape(choice)}")).click()
    expect(modal).to_be_hidden()
    expect(chooser.locator("[data-chooser-title]")).to_contain_text(choice)


def publish(page):
    """Publish lives in the footer's dropdown; the main button saves a draft."""
    footer = page.locator("footer")
    expect(footer.get_by_role("button", name="Save draft")).to_be_visible()
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name="Publish", exact=True).click()


def test_editor_publishes_a_ratification_drive(
    admin_page, browser_page, page_watch, editor, campaign_index, demo_site
):
    page = admin_page
    sign_in(page)
    open_add_campaign_form(page, campaign_index)
    fill_campaign(page, kind="Ratification drive")
    choose_snippet(
        page, page.locator("#id_convention-chooser"), "C190 – Violence and Harassment Convention"
    )

    page.get_by_role("button", name="Add Target").click()
    target_form = page.locator("#inline_child_campaign_targets-0")
    expect(target_form).to_be_visible()
    choose_snippet(page, target_form.locator(".snippet-chooser"), QATAR_TARGET)
    target_form.locator("#id_campaign_targets-0-ask").fill(
        "Ratify C190 and cover domestic workers."
    )

    publish(page)

    expect(page.locator(".messages")).to_contain_text(
        f"Page '{CAMPAIGN_TITLE}' created and published."
    )
    campaign = CampaignPage.objects.get(title=CAMPAIGN_TITLE)
    assert campaign.live
    assert campaign.convention.code == "C190"
    assert [link.target.name for link in campaign.campaign_targets.all()] == [QATAR_TARGET]

    # The editor sees the live page with Wagtail's user bar, still under the
    # public pages' strict policy.
    page.goto(campaign.get_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(CAMPAIGN_TITLE)
    expect(page.locator("wagtail-userbar")).to_be_attached()
    page.locator("wagtail-userbar").get_by_role("button").first.click()
    expect(page.locator("wagtail-userbar").get_by_role("menuitem", name="Edit")).to_be_visible()
    public_url = demo_site + campaign.get_url()
    on_public_page = [
        e for e in page_watch["admin"].console_errors if e.endswith(f"@ {public_url}")
    ]
    assert on_public_page == []

    # What the public sees, in a browser that is not signed in.
    public = browser_page
    public.goto(campaign.get_url())
    expect(public.get_by_role("heading", level=1)).to_have_text(CAMPAIGN_TITLE)
    expect(public.locator(".lead").first).to_have_text(CAMPAIGN_SUMMARY)
    scorecard = public.locator("section.scorecard")
    expect(scorecard.get_by_role("heading", name="Who we are asking to act")).to_be_visible()
    qatar = scorecard.locator("li.target", has_text=QATAR_TARGET)
    expect(qatar).to_contain_text("Ratify C190 and cover domestic workers.")
    expect(qatar.locator(".target__status")).to_have_text("Responded")
    expect(
        public.get_by_role("heading", name="Countries that have not ratified C190")
    ).to_be_visible()


def test_ratification_drive_without_convention_is_refused(
    admin_page, editor, campaign_index, demo_site
):
    page = admin_page
    sign_in(page)
    page.goto(f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/")
    fill_campaign(page, kind="Ratification drive")

    publish(page)

    expect(page.locator(".messages")).to_contain_text(
        "The page could not be created due to validation errors."
    )
    convention_field = page.locator("[data-contentpath=convention]")
    expect(convention_field.locator("[data-field-errors]")).to_have_text(
        "Choose the convention this ratification drive asks for."
    )
    # The form keeps what was typed, and nothing was saved.
    expect(page.locator("#id_title")).to_have_value(CAMPAIGN_TITLE)
    assert not CampaignPage.objects.filter(title=CAMPAIGN_TITLE).exists()


def test_admin_loads_nothing_from_other_hosts(
    admin_page, page_watch, editor, campaign_index, demo_site
):
    page = admin_page
    sign_in(page)
    page.goto(f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/")
    expect(page.locator("#id_title")).to_be_visible()
    page_watch["admin"].assert_admin_page_clean()


def test_staff_group_handler_survives_a_flush(transactional_db):
    from django.apps import apps
    from django.core.management import call_command

    from users.apps import ensure_staff_group

    call_command("flush", interactive=False, verbosity=0)
    ensure_staff_group(sender=apps.get_app_config("users"))
    assert Group.objects.filter(name=STAFF_GROUP_NAME).exists()


C189_CAMPAIGN = "Ratify C189: decent work for domestic workers"
C189_PETITION = "Ratify C189 now: domestic work is work"
IMD_CAMPAIGN = "International Migrants Day, 18 December 2026"


def choose_page(page, chooser, title):
    """Open a page chooser's modal, search for the title and pick that page."""
    chooser.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal.in")
    expect(modal).to_be_visible()
    modal.locator("input[name=q]").fill(title)
    modal.locator("a.choose-page", has_text=title).first.click()
    expect(modal).to_be_hidden()
    expect(chooser.locator("[data-chooser-title]")).to_contain_text(title)


def card_titles(page):
    return page.locator(".cards .card__title")


def test_editor_chooses_and_reorders_what_the_home_page_features(
    admin_page, browser_page, editor, demo_site
):
    from home.models import HomePage

    public = browser_page
    public.goto("/en/")
    newest = card_titles(public).all_text_contents()
    assert C189_CAMPAIGN in newest and C189_PETITION not in newest, "newest campaigns by default"

    page = admin_page
    sign_in(page)
    home = HomePage.objects.get(locale__language_code="en")
    page.goto(f"/admin/pages/{home.pk}/edit/")
    for index, title in enumerate([C189_PETITION, IMD_CAMPAIGN]):
        page.locator("#id_features-ADD").click()
        child = page.locator(f"#inline_child_features-{index}")
        expect(child).to_be_visible()
        choose_page(page, child, title)
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")

    public.goto("/en/")
    expect(card_titles(public)).to_have_text([C189_PETITION, IMD_CAMPAIGN])
    # The French home page shows the same features, in French where translated.
    public.goto("/fr/")
    expect(card_titles(public)).to_have_count(2)
    expect(card_titles(public).first).to_contain_text("C189")
    expect(card_titles(public).last).to_contain_text("18 décembre")

    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.locator("#inline_child_features-1 [data-inline-panel-child-move-up]").click()
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    public.goto("/en/")
    expect(card_titles(public)).to_have_text([IMD_CAMPAIGN, C189_PETITION])

    # Without features, the newest active campaigns again.
    page.goto(f"/admin/pages/{home.pk}/edit/")
    for index in (0, 1):
        page.locator(f"#id_features-{index}-DELETE-button").click()
    publish(page)
    expect(page.locator(".messages")).to_contain_text("published")
    public.goto("/en/")
    expect(card_titles(public)).to_have_text(newest)
