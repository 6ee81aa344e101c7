"""A solidarity wall in a real browser: a supporter posts a message with a photo
without JavaScript and confirms it from the email; a moderator approves it in the
admin; it appears on the wall, its photo served without metadata; the filters and
the links view find it; reporting it sends it back to the queue."""

import re
import urllib.request

import pytest
from django.core import mail

from tests.browser.test_admin import editor, sign_in  # noqa: F401 - the fixture too
from tests.home.test_images import assert_clean, tagged_photo

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

WALL = "/en/campaigns/un-migrant-workers-convention/solidarity-wall/"
CONFIRM = re.compile(r"https?://\S+/confirm/\?t=\S+")
TEXT = "From Kathmandu to Doha: your wages are your right. We stand with you."


def test_the_message_length_shows_as_it_is_typed(browser_page, demo_site):
    page = browser_page
    page.goto(WALL + "post/")
    page.get_by_label("Your message", exact=True).fill("नमस्ते, solidarity!")
    expect(page.locator(".field__counter")).to_have_text("19 / 1000")


def test_a_message_is_posted_approved_shown_and_reported(
    no_js_page,
    admin_page,
    editor,  # noqa: F811
    demo_site,
):
    page = no_js_page
    page.goto(WALL)
    page.get_by_role("link", name="Send a message to migrant workers in Qatar").click()
    page.get_by_label("Your name, as shown").fill("Sita")
    page.get_by_label("From", exact=True).select_option(label="Nepal")
    expect(page.get_by_label("To workers in")).to_have_value("QA")
    page.get_by_label("Language of your message").select_option(label="English")
    page.get_by_label("Your message", exact=True).fill(TEXT)
    page.get_by_label("Your email").fill("sita@example.org")
    page.get_by_label("A photo (optional)").set_input_files(
        files=[
            {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": tagged_photo(size=(640, 400))}
        ]
    )
    page.get_by_label("Publish my message").check()
    page.get_by_role("button", name="Send my message").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    page.goto(CONFIRM.search(mail.outbox[-1].body).group(0))
    page.get_by_role("button", name="Confirm my message").click()
    expect(page.get_by_text("Your message is with the moderators")).to_be_visible()

    sign_in(admin_page)
    admin_page.get_by_role("link", name=re.compile(r"messages? waits? for a moderator")).click()
    row = admin_page.get_by_role("row").filter(has_text="From Kathmandu to Doha")
    expect(row.locator("img")).to_be_visible()  # the photo's preview
    row.get_by_role("checkbox").check()
    admin_page.locator(".bulk-actions-buttons").get_by_text("Approve", exact=True).click()
    admin_page.get_by_role("button", name="Yes, go ahead").click()
    expect(admin_page.get_by_text("1 message changed.")).to_be_visible()

    page.goto(WALL)
    page.get_by_label("From", exact=True).select_option(label="Nepal")
    page.get_by_role("button", name="Show").click()
    message = page.locator("article.message").filter(has_text=TEXT)
    expect(message).to_be_visible()
    for img in message.locator("img").all():
        with urllib.request.urlopen(demo_site + img.get_attribute("src")) as served:  # noqa: S310
            assert_clean(served.read())

    page.get_by_role("link", name="Who speaks to whom").click()
    expect(page.get_by_role("cell", name="Nepal → Qatar")).to_be_visible()

    page.goto(WALL)
    message = page.locator("article.message").filter(has_text=TEXT)
    message.get_by_role("link").last.click()
    from solidarity.models import Message

    sent = Message.objects.get(text=TEXT)
    sent.wall.report_threshold = 1
    sent.wall.save()
    page.get_by_role("button", name="Report this message").click()
    expect(page.get_by_text("The moderators will look at this message again.")).to_be_visible()
    sent.refresh_from_db()
    assert sent.status == Message.Status.PENDING
