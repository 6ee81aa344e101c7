"""A supporter's own controls in a real browser with JavaScript off, as every
public action must work: the personal unsubscribe link from a mailing's file
under var/mail/, their email preferences in their language, and seeing,
downloading and erasing their data."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail

from tests.browser.conftest import TIMEOUT_MS, bad_request_expected
from tests.utils import mail_files, mail_text

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

MARIA = "demo.maria@example.org"


def test_one_click_unsubscribe_from_the_demo_mailing(
    no_js_page, demo_site, settings, tmp_path, django_capture_on_commit_callbacks
):
    browser_page = no_js_page
    from mailings import services
    from mailings.models import Delivery, Mailing
    from supporters.models import Supporter

    settings.MAILERS = {
        "default": {
            "BACKEND": "mailings.backends.MergeFileBackend",
            "OPTIONS": {"file_path": str(tmp_path / "mail")},
        }
    }
    mailing = Mailing.objects.get(name__startswith="Demo:")
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_send(mailing=mailing)
    (message,) = [m for m in mail_files(tmp_path / "mail") if m["To"] == MARIA]
    assert "Dear Maria," in mail_text(message)
    link = re.search(r"<(\S+)>", message["List-Unsubscribe"]).group(1)
    assert f"Unsubscribe: {link}" in mail_text(message)

    browser_page.goto(link)
    expect(browser_page.get_by_role("heading", level=1)).to_contain_text("Unsubscribe")
    assert Supporter.objects.get(email=MARIA).email_consent, "opening the link changes nothing"
    browser_page.get_by_role("button", name="Unsubscribe").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")

    maria = Supporter.objects.get(email=MARIA)
    assert not maria.email_consent
    assert Delivery.objects.get(mailing=mailing, supporter=maria).unsubscribed_at is not None


def test_download_then_erase_my_data(no_js_page, page_watch, demo_site):
    from supporters.models import Supporter

    browser_page = no_js_page
    browser_page.goto("/en/")
    browser_page.get_by_role("link", name="See or erase what we hold about you").click()
    browser_page.get_by_label("Email").fill(MARIA)
    browser_page.get_by_role("button", name="Send me the link").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Check your email")

    (message,) = [m for m in mail.outbox if MARIA in m.to]
    link = re.search(r"https?://\S+/my-data/\S+/", message.body).group(0)
    browser_page.goto(link)
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("What we hold about you")
    expect(browser_page.get_by_text("Ratify C189 now").first).to_be_visible()

    with browser_page.expect_download(timeout=TIMEOUT_MS) as download:
        browser_page.get_by_role("link", name="Download (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert MARIA in json.dumps(data)

    with bad_request_expected(browser_page, page_watch["no_js"]):
        browser_page.get_by_role("button", name="Erase my data").click()
    expect(browser_page.get_by_text("Tick the box")).to_be_visible()
    browser_page.get_by_role("checkbox").check()
    browser_page.get_by_role("button", name="Erase my data").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Your data is erased")
    assert not Supporter.objects.filter(email=MARIA).exists()


def test_preferences_in_nepali_from_the_link_in_an_email(no_js_page, demo_site):
    from django.utils import translation

    from supporters.models import Supporter, Topic
    from supporters.selectors import preferences_url

    maria = Supporter.objects.get(email=MARIA)
    no_js_page.goto(preferences_url(maria.pk, language="ne"))
    expect(no_js_page.locator("html")).to_have_attribute("lang", "ne")
    # The topics are named in Nepali, not left in English.
    urgent = Topic.objects.get(slug="urgent-actions")
    no_js_page.get_by_label(urgent.translations.get(language="ne").name).uncheck()
    with translation.override("ne"):
        save = translation.gettext("Save my choices")
    no_js_page.get_by_role("button", name=save).click()
    expect(no_js_page.locator("html")).to_have_attribute("lang", "ne")
    assert list(Supporter.objects.get(pk=maria.pk).topics_muted.all()) == [urgent]
