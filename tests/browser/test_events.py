"""Days of action in a real browser: an affiliate registers a football match
and a rally without JavaScript, confirms them from the emails, edits one through
the manage link; staff approve them in the admin; a supporter finds the match on
the filtered list and the map, says they will come and gets the calendar file,
which opens at the right local time, and the reminder; the organiser of the
rally reports back with a photo, served without its metadata, and the annual
review shows it."""

import datetime as dt
import re
import urllib.request

import pytest
from django.core import mail
from icalendar import Calendar

from tests.browser.test_admin import editor, sign_in  # noqa: F401 - the fixture too
from tests.home.test_images import assert_clean, tagged_photo

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect

DAY_PATH = "/en/campaigns/international-migrants-day-2026/day-of-action/"
MANAGE_LINK = re.compile(r"https?://\S+/manage/\?t=\S+")
TITLE = "Friendship football match in Doha"


def register(page, title=TITLE, starts="2026-12-18T16:00", ends="2026-12-18T18:00", kind=None):
    page.goto(DAY_PATH)
    page.get_by_role("link", name="Register your action").click()
    page.get_by_label("Your union or organisation").fill("Nepali workers' football club")
    page.get_by_label("Your name", exact=True).fill("Ram Bahadur")
    page.get_by_label("Your email", exact=True).fill("ram@example.org")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Kind", exact=True).select_option(label=kind or "Sports or cultural event")
    page.get_by_label("Description", exact=True).fill("Local and migrant workers play together.")
    page.get_by_label("Country", exact=True).select_option(label="Qatar")
    page.get_by_label("City", exact=True).fill("Doha")
    page.get_by_label("Venue", exact=True).fill("Aspire Park")
    page.get_by_label("Starts (local time)").fill(starts)
    page.get_by_label("Ends (local time)").fill(ends)
    page.get_by_label("Time zone", exact=True).select_option("Asia/Qatar")
    page.get_by_label("Expected participants").fill("120")
    page.get_by_label("The public may RSVP").check()
    page.get_by_label("Capacity").fill("1")
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()


RALLY = "Rally for the day off in Doha"


def test_an_affiliate_registers_staff_approve_supporters_come_and_it_is_reported(
    no_js_page,
    admin_page,
    editor,  # noqa: F811
    demo_site,
    django_capture_on_commit_callbacks,
):
    page = no_js_page
    register(page)
    football_link = MANAGE_LINK.search(mail.outbox[-1].body).group(0)
    # The rally took place in the run-up to the day: it will be reported on.
    register(page, RALLY, "2026-11-29T10:00", "2026-11-29T12:00", kind="Rally")
    rally_link = MANAGE_LINK.search(mail.outbox[-1].body).group(0)

    page.goto(football_link)
    page.get_by_role("button", name="Confirm my action").click()
    expect(page.get_by_text("Waiting for approval")).to_be_visible()
    page.get_by_label("Venue", exact=True).fill("Aspire Park, pitch 3")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    page.goto(rally_link)
    page.get_by_role("button", name="Confirm my action").click()
    expect(page.get_by_text("Waiting for approval")).to_be_visible()

    sign_in(admin_page)
    # The demo's pending action from Dhaka, and these two.
    admin_page.get_by_role("link", name="3 actions wait for approval.").click()
    for title in (TITLE, RALLY):
        admin_page.get_by_role("row").filter(has_text=title).get_by_role("checkbox").check()
    admin_page.locator(".bulk-actions-buttons").get_by_text("Approve", exact=True).click()
    admin_page.get_by_role("button", name="Yes, approve").click()
    expect(admin_page.get_by_text("2 actions approved")).to_be_visible()

    # A supporter finds the match by its country, on the list and the map.
    page.goto(DAY_PATH)
    expect(page.locator("img.by-country__map")).to_be_visible()
    page.get_by_label("Country", exact=True).select_option(label="Qatar")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    expect(
        page.get_by_role("link", name="Rally at Maitighar Mandala: zero recruitment fees")
    ).to_have_count(0)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Aspire Park, pitch 3")).to_be_visible()
    expect(page.get_by_text("local time, Asia/Qatar").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar").click()
    with open(download.value.path(), "rb") as ics:
        (event,) = Calendar.from_ical(ics.read()).walk("VEVENT")
    start = event.decoded("dtstart")
    assert (str(start.tzinfo), start.hour) == ("Asia/Qatar", 16)

    expect(page.get_by_text("1 place left.")).to_be_visible()
    page.get_by_label("Your name").fill("Maya")
    page.get_by_label("Your email").fill("maya@example.org")
    page.get_by_label("The organisers may see my name and email").check()
    page.get_by_role("button", name="Keep me a place").click()
    expect(page.get_by_text("Your place is kept.")).to_be_visible()
    assert mail.outbox[-1].to == ["maya@example.org"]

    # The day before, at 16:00 in Doha, the worker's schedule sends the reminder.
    from events import services
    from events.models import EventAction
    from events.tasks import _reminder_send

    match = EventAction.objects.get(title=TITLE)
    services.reminders_send(now=match.starts_at - dt.timedelta(hours=24), send=_reminder_send)
    reminder = mail.outbox[-1]
    assert (reminder.to, reminder.subject) == (["maya@example.org"], f"Tomorrow: {TITLE}")
    assert "18 December 2026, 16:00 (Asia/Qatar time)" in reminder.body

    # The rally's organiser reports back with a photo that says where it was taken.
    page.goto(rally_link)
    page.get_by_role("link", name="Write my report").click()
    page.get_by_label("How many took part").fill("150")
    page.get_by_label("Outcome").select_option(label="It took place, larger than planned")
    page.get_by_label("What happened").fill("We marched to the Ministry of Labour.")
    page.get_by_label("Press coverage").fill("https://example.org/news/doha-rally")
    page.get_by_label("Show this report").check()
    page.get_by_label("Photos", exact=True).set_input_files(
        files=[
            {"name": "rally.jpg", "mimeType": "image/jpeg", "buffer": tagged_photo(size=(640, 400))}
        ]
    )
    page.get_by_role("button", name="Send my report").click()
    expect(page.get_by_text("Your report is saved.")).to_be_visible()

    page.goto(DAY_PATH)
    page.get_by_role("link", name=RALLY).click()
    expect(page.get_by_text("150 people took part.")).to_be_visible()
    src = page.locator(".event-report__photos img").get_attribute("src")
    with urllib.request.urlopen(demo_site + src) as served:  # noqa: S310 - the live server
        assert_clean(served.read())

    admin_page.goto("/admin/days-of-action/review/?year=2026")
    # The club's two actions, one reported, with 150 who took part.
    club = admin_page.get_by_role("row").filter(has_text="Nepali workers' football club")
    expect(club.get_by_role("cell")).to_have_text(
        ["Nepali workers' football club", "2", "1", "240", "150"]
    )
    admin_page.get_by_role(
        "link", name="International Migrants Day 2026: actions around the world"
    ).click()
    expect(admin_page.get_by_text("We marched to the Ministry of Labour.")).to_be_visible()


def test_staff_publish_a_day_of_action(admin_page, no_js_page, editor, demo_site):  # noqa: F811
    from campaigns.models import CampaignPage
    from events.models import DayOfActionPage
    from tests.browser.test_admin import publish

    campaign = CampaignPage.objects.get(
        slug="international-migrants-day-2026", locale__language_code="en"
    )
    page = admin_page
    sign_in(page)
    page.goto(f"/admin/pages/add/events/dayofactionpage/{campaign.pk}/")
    page.locator("#id_title").fill("Human Rights Day 2026")
    page.locator("#id_starts_on").fill("2026-12-10")
    # The date picker opens on the field: close it, so that it cannot take the value back.
    page.locator("#id_starts_on").press("Escape")
    page.locator("#id_title").click()
    expect(page.locator("#id_starts_on")).to_have_value("2026-12-10")
    publish(page)
    print(
        "FIELD ERRORS",
        [
            t.strip()
            for t in page.locator(
                ".w-field__errors, .help-critical, .error-message, [class*=error]"
            ).all_inner_texts()
            if t.strip()
        ],
        page.url,
    )
    expect(page.locator(".messages")).to_contain_text("created and published")
    day = DayOfActionPage.objects.get(title="Human Rights Day 2026")
    assert day.live and day.starts_on == dt.date(2026, 12, 10)

    no_js_page.goto(day.url)
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Human Rights Day 2026")
    expect(no_js_page.get_by_role("link", name="Register your action")).to_be_visible()
    expect(no_js_page.get_by_text("No action is listed yet.")).to_be_visible()
