"""Every public page type, in English and in Arabic, checked by axe-core against
WCAG 2.2 AA (DESIGN.md §5), on a phone's screen and a desktop's.

axe-core comes bundled with axe-playwright-python (the `browser` extra) and is
injected into the page from that file: nothing is fetched from the network, and
the page fixture still fails the test if anything was. A failure names the page
type and language, and lists each violation with the elements it was found on.
"""

import re
from urllib.parse import urlencode

import pytest
from django.core import mail

from tests.browser.conftest import bad_request_expected, demo_translation
from tests.browser.test_petitions import confirm_link, petition  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe-core tags its rules by criterion level).
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
# A cheap phone first (DESIGN.md §5), then a desktop: layout changes what can fail
# (target sizes, reflow, contrast over a different background).
VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}
LANGUAGES = ["en", "ar"]

CAMPAIGN = "/campaigns/ratify-c189/"
PETITION = CAMPAIGN + "sign-ratify-c189/"
TRACKER = "/ratification-tracker/"
MARIA = "demo.maria@example.org"


# Where each page is ---------------------------------------------------------


def _day(language):
    from events.models import DayOfActionPage

    return demo_translation(DayOfActionPage, "day-of-action", language)


def _wall(language):
    from solidarity.models import SolidarityWallPage

    return demo_translation(SolidarityWallPage, "solidarity-wall", language)


def _subpage(page, name, *args, **query):
    url = page.url + page.reverse_subpage(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _expected_status(page, watch, status):
    """Chromium logs a console error for every 4xx page; for these pages that
    status is the point, so that one line is dropped (the other checks stay)."""
    page.wait_for_load_state("load")
    lines = [line for line in watch.console_errors if f"status of {status}" in line]
    assert lines, f"no {status} was answered: {watch.console_errors}"
    for line in lines:
        watch.console_errors.remove(line)


def _sign(page, language, email="amina@example.org"):
    """Sign the demo petition in `language` by its fields' names; lands on the thank-you."""
    page.goto(f"/{language}{PETITION}")
    page.locator("[name=first_name]").fill("Amina")
    page.locator("[name=last_name]").fill("Diallo")
    page.locator("[name=email]").fill(email)
    page.locator("[name=country]").select_option("NP")
    page.locator("form.sign-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/thanks/\?ref="))


# One function per page type: it opens the page as a visitor reaches it.


def home(page, language, watch):
    page.goto(f"/{language}/")


def campaigns_index(page, language, watch):
    page.goto(f"/{language}/campaigns/")


def campaign(page, language, watch):
    page.goto(f"/{language}{CAMPAIGN}")


def petition_page(page, language, watch):
    page.goto(f"/{language}{PETITION}")


def petition_errors(page, language, watch):
    """The form sent back with its errors beside the fields."""
    page.goto(f"/{language}{PETITION}")
    page.locator("[name=email]").fill("amina@example")
    with bad_request_expected(page, watch):
        page.locator("form.sign-form [type=submit]").click()


def petition_thanks(page, language, watch):
    _sign(page, language)


def petition_confirm(page, language, watch):
    """The page the link in the confirmation email opens, then the one its button shows."""
    _sign(page, language)
    page.goto(confirm_link(mail.outbox[-1]))
    expect(page.locator("main form [type=submit]")).to_be_visible()


def petition_confirmed(page, language, watch):
    petition_confirm(page, language, watch)
    page.locator("main form [type=submit]").click()
    expect(page.locator("main form [type=submit]")).to_have_count(0)


def petition_embed(page, language, watch):
    from petitions.models import PetitionPage

    shown = PetitionPage.objects.get(slug="sign-ratify-c189", locale__language_code=language)
    page.goto(f"/{language}/embed/petitions/{shown.pk}/")


def tracker(page, language, watch):
    page.goto(f"/{language}{TRACKER}")


def tracker_errors(page, language, watch):
    """A malformed filter is reported beside its field."""
    page.goto(f"/{language}{TRACKER}?region=nonsense")


def day_of_action(page, language, watch):
    page.goto(_day(language).url)


def event_action(page, language, watch):
    """An action still to come, with the form to say one will come."""
    from events.models import EventAction

    action = EventAction.objects.get(title="Friendship football match: local and migrant workers")
    page.goto(_subpage(_day(language), "action", action.pk))
    expect(page.locator("main form")).to_be_visible()


def event_action_reported(page, language, watch):
    """An action that took place, with its organiser's report and photos."""
    from events.models import EventAction

    action = EventAction.objects.filter(report__isnull=False).order_by("pk").first()
    page.goto(_subpage(_day(language), "action", action.pk))


def event_register(page, language, watch):
    page.goto(_subpage(_day(language), "register"))


def event_register_errors(page, language, watch):
    page.goto(_subpage(_day(language), "register"))
    with bad_request_expected(page, watch):
        page.locator("main form [type=submit]").click()


def event_registered(page, language, watch):
    page.goto(_subpage(_day(language), "registered"))


def event_manage(page, language, watch):
    """The organiser's link from the email: confirm, then the form to edit the action."""
    from events.emails import manage_token
    from events.factories import EventActionFactory
    from events.models import EventAction

    day = _day(language)
    action = EventActionFactory(day=day, status=EventAction.Status.UNCONFIRMED, language=language)
    page.goto(_subpage(day, "manage", t=manage_token(action)))
    page.locator("main form [type=submit]").first.click()
    expect(page.locator("main form [name=title]")).to_be_visible()


def event_manage_link(page, language, watch):
    page.goto(_subpage(_day(language), "manage_link"))


def event_report(page, language, watch):
    """The organiser's report form, after the action took place."""
    from events.emails import manage_token
    from events.models import EventAction

    action = EventAction.objects.filter(report__isnull=False).order_by("pk").first()
    page.goto(_subpage(_day(language), "report", t=manage_token(action)))
    expect(page.locator("main form.event-form")).to_be_visible()


def event_rsvp(page, language, watch):
    """The link in the email to one who will come: see or cancel the place."""
    from events.emails import rsvp_token
    from events.models import EventRsvp

    rsvp = EventRsvp.objects.order_by("pk").first()
    page.goto(_subpage(_day(language), "rsvp", t=rsvp_token(rsvp)))


def solidarity_wall(page, language, watch):
    page.goto(_wall(language).url)


def solidarity_message(page, language, watch):
    from solidarity.models import Message

    message = Message.objects.filter(status=Message.Status.APPROVED).order_by("pk").first()
    page.goto(_subpage(_wall(language), "message", message.pk))


def solidarity_reported(page, language, watch):
    """The wall again, with its notice, after "Report this message"."""
    solidarity_message(page, language, watch)
    page.locator("main form [type=submit]").click()
    expect(page.locator("main p.notice[role=status]")).to_be_visible()


def solidarity_post(page, language, watch):
    page.goto(_subpage(_wall(language), "post"))


def solidarity_post_errors(page, language, watch):
    page.goto(_subpage(_wall(language), "post"))
    with bad_request_expected(page, watch):
        page.locator("main form [type=submit]").click()


def solidarity_posted(page, language, watch):
    page.goto(_subpage(_wall(language), "posted"))


def solidarity_confirm(page, language, watch):
    """The link in the email to one who posted a message."""
    from solidarity.emails import confirm_token
    from solidarity.factories import MessageFactory
    from solidarity.models import Message

    wall = _wall(language)
    message = MessageFactory(wall=wall, status=Message.Status.UNCONFIRMED, language=language)
    page.goto(_subpage(wall, "confirm", t=confirm_token(message)))
    expect(page.locator("main form [type=submit]")).to_be_visible()


def solidarity_confirmed(page, language, watch):
    solidarity_confirm(page, language, watch)
    page.locator("main form [type=submit]").click()
    expect(page.locator("main form [type=submit]")).to_have_count(0)


def solidarity_links(page, language, watch):
    page.goto(_subpage(_wall(language), "links"))


def solidarity_print(page, language, watch):
    page.goto(_subpage(_wall(language), "print"))


def _maria():
    from supporters.models import Supporter

    return Supporter.objects.get(email=MARIA)


def unsubscribe(page, language, watch):
    from supporters.selectors import unsubscribe_url

    page.goto(unsubscribe_url(_maria().pk, language=language))


def unsubscribed(page, language, watch):
    unsubscribe(page, language, watch)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state("load")


def preferences(page, language, watch):
    from supporters.selectors import preferences_url

    page.goto(preferences_url(_maria().pk, language=language))


def data_request(page, language, watch):
    page.goto(f"/{language}/my-data/")


def data_request_sent(page, language, watch):
    page.goto(f"/{language}/my-data/sent/")


def my_data(page, language, watch):
    from supporters.selectors import data_access_url

    page.goto(data_access_url(_maria().pk, language=language))


def my_data_erase_errors(page, language, watch):
    """ "Erase my data" pressed without ticking the box that says one means it."""
    my_data(page, language, watch)
    with bad_request_expected(page, watch):
        page.locator("main form:has([type=checkbox]) [type=submit]").click()


def not_found(page, language, watch):
    page.goto(f"/{language}/no-such-page/")
    _expected_status(page, watch, 404)


def too_many_requests(page, language, watch, settings):
    """The answer past an hourly limit (here, registering an action on a day of action)."""
    settings.EVENTS_PER_HOUR = 0
    page.goto(_subpage(_day(language), "register"))
    page.locator("main form [type=submit]").click()
    _expected_status(page, watch, 429)
    expect(page.locator("main h1")).to_be_visible()


PAGES = [
    home,
    campaigns_index,
    campaign,
    petition_page,
    petition_errors,
    petition_thanks,
    petition_confirm,
    petition_confirmed,
    petition_embed,
    tracker,
    tracker_errors,
    day_of_action,
    event_action,
    event_action_reported,
    event_register,
    event_register_errors,
    event_registered,
    event_manage,
    event_manage_link,
    event_report,
    event_rsvp,
    solidarity_wall,
    solidarity_message,
    solidarity_reported,
    solidarity_post,
    solidarity_post_errors,
    solidarity_posted,
    solidarity_confirm,
    solidarity_confirmed,
    solidarity_links,
    solidarity_print,
    unsubscribe,
    unsubscribed,
    preferences,
    data_request,
    data_request_sent,
    my_data,
    my_data_erase_errors,
    not_found,
    too_many_requests,
]


# The check ------------------------------------------------------------------


def _report(violations):
    lines = []
    for where, violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}, {where}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


# The petition fixture lifts the minimum time to fill the form, so that signing is at once.
@pytest.mark.usefixtures("petition")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("reach", PAGES, ids=lambda reach: reach.__name__)
def test_page_meets_wcag_22_aa(reach, language, browser_page, page_watch, settings):
    page = browser_page
    if reach is too_many_requests:
        reach(page, language, page_watch["public"], settings)
    else:
        reach(page, language, page_watch["public"])
    page.wait_for_load_state("load")
    expect(page.locator("html")).to_have_attribute("lang", language)

    axe = Axe()
    violations = []
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        results = axe.run(page, options=AXE_OPTIONS)
        violations += [(name, violation) for violation in results.response["violations"]]
    assert not violations, (
        f"{reach.__name__} ({language}, {page.url}) has {len(violations)} "
        f"accessibility violations:\n{_report(violations)}"
    )
    page_watch["public"].assert_public_page_clean()
