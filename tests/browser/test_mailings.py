"""Mailings in the admin, in a real browser: a member of the Communications staff
sees an audience's size change as they edit it, previews the demo mailing in two
languages, sends a test to themselves, sends it and reads the final report."""

import re

import pytest
from django.core import mail

from tests.browser.test_admin import editor, sign_in  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect


@pytest.fixture
def demo_mailing(demo_site):
    from mailings.models import Mailing

    return Mailing.objects.get(name__startswith="Demo:")


def test_audience_size_follows_the_filters(admin_page, editor, demo_mailing):  # noqa: F811
    sign_in(admin_page)
    admin_page.goto(f"/admin/mailings/audiences/edit/{demo_mailing.audience_id}/")
    size = admin_page.locator("[data-audience-size-count]")
    expect(size).to_have_text("6")
    admin_page.get_by_label("Français", exact=True).check()
    expect(size).to_have_text("2")
    admin_page.get_by_label("Français", exact=True).uncheck()
    expect(size).to_have_text("6")


def test_preview_test_send_and_report(admin_page, editor, demo_mailing):  # noqa: F811
    sign_in(admin_page)
    admin_page.goto(f"/admin/mailings/mailings/status/{demo_mailing.pk}/")
    expect(admin_page.get_by_text("Everything is ready to send.")).to_be_visible()

    admin_page.get_by_role("link", name="Preview").last.click()
    frame = admin_page.frame_locator("iframe")
    expect(frame.get_by_text("Dear Maria,")).to_be_visible()
    expect(frame.get_by_role("link", name="Unsubscribe")).to_be_visible()
    admin_page.get_by_label("Language").select_option("fr")
    admin_page.get_by_role("button", name="Show").click()
    expect(frame.get_by_text("Bonjour Maria,")).to_be_visible()

    admin_page.goto(f"/admin/mailings/mailings/status/{demo_mailing.pk}/")
    admin_page.get_by_role("button", name=re.compile("Send a test to")).click()
    expect(admin_page.get_by_text("A test copy is on its way")).to_be_visible()
    (test_copy,) = [m for m in mail.outbox if "editor@example.org" in m.to]
    assert test_copy.subject.startswith("[TEST]")

    admin_page.get_by_role("link", name="Send now").click()
    expect(admin_page.get_by_text("International Migrants Day", exact=False).first).to_be_visible()
    admin_page.get_by_role("button", name="Yes, send it now").click()
    expect(admin_page.get_by_role("heading", name="Final report")).to_be_visible()
    demo_mailing.refresh_from_db()
    assert demo_mailing.status == "sent"
    sent = [m for m in mail.outbox if getattr(m, "merge_data", None) and m is not test_copy]
    french = {"demo.aminata@example.org", "demo.fatou@example.org"}
    for message in sent:
        assert ("marchez avec nous" in message.subject) == bool(french & set(message.to))
    assert sorted(a for m in sent for a in m.to) == sorted(
        demo_mailing.deliveries.values_list("supporter__email", flat=True)
    )
