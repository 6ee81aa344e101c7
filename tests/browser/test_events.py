"""Days of action in a real browser: an affiliate registers a football match
without JavaScript, confirms it from the email, edits it through the manage
link; staff approve it in the admin; a visitor finds it and downloads its
calendar file, which opens at the right local time."""

import re

import pytest
from django.core import mail
from icalendar import Calendar

from tests.browser.test_admin import editor, sign_in  # noqa: F401 - the fixture too

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

DAY_PATH = "/en/campaigns/international-migrants-day-2026/day-of-action/"
MANAGE_LINK = re.compile(r"https?://\S+/manage/\?t=\S+")
TITLE = "Friendship football match in Doha"


def register(page):
    page.goto(DAY_PATH)
    page.get_by_role("link", name="Register your action").click()
    page.get_by_label("Your union or organisation").fill("Nepali workers' football club")
    page.get_by_label("Your name", exact=True).fill("Ram Bahadur")
    page.get_by_label("Your email", exact=True).fill("ram@example.org")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Kind", exact=True).select_option(label="Sports or cultural event")
    page.get_by_label("Description", exact=True).fill("Local and migrant workers play together.")
    page.get_by_label("Country", exact=True).select_option(label="Qatar")
    page.get_by_label("City", exact=True).fill("Doha")
    page.get_by_label("Venue", exact=True).fill("Aspire Park")
    page.get_by_label("Starts (local time)").fill("2026-12-18T16:00")
    page.get_by_label("Ends (local time)").fill("2026-12-18T18:00")
    page.get_by_label("Time zone", exact=True).select_option("Asia/Qatar")
    page.get_by_label("Expected participants").fill("120")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


def test_an_affiliate_registers_and_staff_approve(no_js_page, admin_page, editor, demo_site):  # noqa: F811
    page = no_js_page
    register(page)
    link = MANAGE_LINK.search(mail.outbox[-1].body).group(0)

    page.goto(link)
    page.get_by_role("button", name="Confirm my action").click()
    expect(page.get_by_text("Waiting for approval")).to_be_visible()
    page.get_by_label("Venue", exact=True).fill("Aspire Park, pitch 3")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()

    sign_in(admin_page)
    # The demo's pending action from Dhaka, and this one.
    admin_page.get_by_role("link", name="2 actions wait for approval.").click()
    row = admin_page.get_by_role("row").filter(has_text=TITLE)
    row.get_by_role("checkbox").check()
    admin_page.locator(".bulk-actions-buttons").get_by_text("Approve", exact=True).click()
    admin_page.get_by_role("button", name="Yes, approve").click()
    expect(admin_page.get_by_text("1 action approved")).to_be_visible()

    page.goto(DAY_PATH)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Aspire Park, pitch 3")).to_be_visible()
    expect(page.get_by_text("local time, Asia/Qatar")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar").click()
    with open(download.value.path(), "rb") as ics:
        (event,) = Calendar.from_ical(ics.read()).walk("VEVENT")
    start = event.decoded("dtstart")
    assert (str(start.tzinfo), start.hour) == ("Asia/Qatar", 16)
