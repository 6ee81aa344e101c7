"""Petitions in a real browser: sign, confirm from the email, watch the count
move, and sign in a frame on an affiliate's own website.

Every test also fails if the browser asked any host but the live server for
anything (the embed test allows exactly one more: the affiliate's site, a
second local server), logged a console error (CSP violations, failed loads)
or threw a script error.
"""

import functools
import re
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from tests.browser.conftest import TIMEOUT_MS, Watch, bad_request_expected

pytestmark = pytest.mark.browser
# Skips the module, rather than failing collection, without the browser extra.
expect = pytest.importorskip("playwright.sync_api").expect

CAMPAIGN_PATH = "/en/campaigns/ratify-c189/"
PETITION_PATH = CAMPAIGN_PATH + "sign-ratify-c189/"
PETITION_TITLE = "Ratify C189 now: domestic work is work"
SHOW_NAME = "My first name and the initial of my last name"
OPT_IN = re.compile(r"^Yes, email me about this campaign")
CONFIRM_LINK = re.compile(r"https?://\S+/confirm/\?t=\S+")


@pytest.fixture
def petition(demo_site, settings):
    """The demo petition, signable at once: the minimum time to fill the form
    (3 s, against scripts) is lifted rather than waited out."""
    from petitions.models import PetitionPage

    settings.PETITION_LIMITS = {**settings.PETITION_LIMITS, "min_fill_seconds": 0}
    # The locmem cache outlives each test's database: forget earlier tests'
    # per-IP signing counters (every signature here comes from 127.0.0.1).
    cache.clear()
    return PetitionPage.objects.get(slug="sign-ratify-c189", locale__language_code="en")


def fill_and_sign(scope, *, first_name, last_name, email, country, opt_in=True):
    """Fill the petition form in `scope` (a page or a frame) and press Sign."""
    scope.get_by_label("First name", exact=True).fill(first_name)
    scope.get_by_label("Last name", exact=True).fill(last_name)
    scope.get_by_label("Email", exact=True).fill(email)
    scope.get_by_label("Country where you live").select_option(label=country)
    scope.get_by_label(SHOW_NAME).check()
    if opt_in:
        scope.get_by_label(OPT_IN).check()
    scope.get_by_role("button", name="Sign", exact=True).click()


def count_total(scope):
    return scope.locator("[data-count-total]")


def whatsapp_href(scope):
    return scope.locator("section.share").get_by_role("link", name="WhatsApp").get_attribute("href")


def confirm_link(message):
    match = CONFIRM_LINK.search(message.body)
    assert match, f"no confirmation link in: {message.body}"
    return match.group(0)


def test_sign_then_confirm_from_the_email_and_count(browser_page, page_watch, petition, demo_site):
    from petitions.models import Signature

    page = browser_page
    page.goto(CAMPAIGN_PATH)
    page.locator("section.actions").get_by_role("link", name=PETITION_TITLE).click()
    expect(page).to_have_url(demo_site + PETITION_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text(PETITION_TITLE)
    expect(count_total(page)).to_have_text("0")

    fill_and_sign(
        page, first_name="Amina", last_name="Diallo", email="amina@example.org", country="Nepal"
    )

    expect(page).to_have_url(re.compile(r"/petitions/\d+/thanks/\?ref="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for signing")
    signature = Signature.objects.get()
    assert (signature.email, signature.country.code, signature.display) == (
        "amina@example.org",
        "NP",
        Signature.Display.NAME,
    )
    assert signature.opt_in and not signature.flagged and signature.confirmed_at is None
    # Shares carry the signer's referral code, so the signatures they bring are credited.
    href = whatsapp_href(page)
    assert f"src%3D{signature.referral_code}" in href, href
    expect(page.get_by_label("Link to this page")).to_have_value(
        f"{demo_site}{PETITION_PATH}?src={signature.referral_code}"
    )

    # The confirmation email left inline, after the signature's commit.
    assert [m.to for m in mail.outbox] == [["amina@example.org"]], "no confirmation email"
    link = confirm_link(mail.outbox[0])
    assert link.startswith(demo_site + PETITION_PATH + "confirm/?t="), link

    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your signature")
    signature.refresh_from_db()
    assert signature.confirmed_at is None
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your signature is confirmed")
    signature.refresh_from_db()
    assert signature.confirmed_at is not None

    # The counting task ran inline after the confirmation's commit; the count
    # corrects itself at once (JavaScript), the list of signers with the page
    # cache, within PAGE_CACHE_SECONDS (8 s).
    page.get_by_role("link", name="Go to the petition").click()
    expect(page).to_have_url(demo_site + PETITION_PATH)
    expect(count_total(page)).to_have_text("1")
    recent = page.locator("section.recent")
    heading = recent.get_by_role("heading", name="Recent signatures")
    for _ in range(12):
        if heading.is_visible():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(heading).to_be_visible()
    expect(recent.locator("li")).to_have_text(["Amina D., Nepal"])
    page_watch["public"].assert_public_page_clean()


def test_sign_without_javascript_repeat_and_errors(no_js_page, page_watch, petition, demo_site):
    from petitions.models import Signature

    page = no_js_page
    page.goto(PETITION_PATH)
    fill_and_sign(
        page,
        first_name="Rosa",
        last_name="Mendes",
        email="rosa.mendes@example.org",
        country="Kenya",
    )
    expect(page).to_have_url(re.compile(r"/petitions/\d+/thanks/\?ref="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for signing")
    signature = Signature.objects.get()
    share_url = f"{demo_site}{PETITION_PATH}?src={signature.referral_code}"
    expect(page.get_by_label("Link to this page")).to_have_value(share_url)
    # Without JavaScript the copy button stays hidden; the link box still works.
    expect(page.locator("[data-copy-button]")).to_be_hidden()

    # The same person again, the address typed differently: the same thank-you,
    # the same referral code, still one signature, and one "already signed" email.
    page.goto(PETITION_PATH)
    fill_and_sign(
        page,
        first_name="Rosa",
        last_name="Mendes",
        email="Rosa.Mendes@EXAMPLE.org",
        country="Kenya",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for signing")
    expect(page.get_by_label("Link to this page")).to_have_value(share_url)
    assert Signature.objects.count() == 1
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2, subjects
    assert subjects[1] == f"You have already signed: {PETITION_TITLE}", subjects

    # Errors are shown beside their fields, and what was typed is kept.
    page.goto(PETITION_PATH)
    page.get_by_label("First name", exact=True).fill("Joy")
    page.get_by_label("Email", exact=True).fill("joy@example")
    page.get_by_label(OPT_IN).check()
    with bad_request_expected(page, page_watch["no_js"]):
        page.get_by_role("button", name="Sign", exact=True).click()
    form = page.locator("form.sign-form")
    expect(form.get_by_role("alert")).to_have_text("Please correct the fields marked below.")
    email_field = form.locator(".field", has=page.get_by_label("Email", exact=True))
    expect(email_field).to_have_class(re.compile(r"\bfield--error\b"))
    expect(email_field.locator(".field__error")).to_have_text(
        "Enter an email address such as name@example.org."
    )
    country_field = form.locator(".field", has=page.get_by_label("Country where you live"))
    expect(country_field.locator(".field__error")).to_have_text("This field is required.")
    first_name_field = form.locator(".field", has=page.get_by_label("First name", exact=True))
    expect(first_name_field.locator(".field__error")).to_have_count(0)
    expect(page.get_by_label("First name", exact=True)).to_have_value("Joy")
    expect(page.get_by_label("Email", exact=True)).to_have_value("joy@example")
    expect(page.get_by_label(OPT_IN)).to_be_checked()
    assert Signature.objects.count() == 1
    page_watch["no_js"].assert_public_page_clean()


def test_count_refreshes_itself_while_the_page_is_open(browser_page, page_watch, petition):
    from petitions.factories import SignatureFactory
    from petitions.services import tallies_update

    page = browser_page
    page.goto(PETITION_PATH)
    expect(count_total(page)).to_have_text("0")

    # Someone else signs and confirms meanwhile; the counting task runs.
    SignatureFactory(petition=petition, country="KE", confirmed_at=timezone.now())
    assert tallies_update() == 1

    # site.js asks count/ every 10 s.
    expect(count_total(page)).to_have_text("1", timeout=15_000)
    expect(page.locator("progress[data-count-bar]")).to_have_attribute("value", "1")
    expect(page.locator("[data-count-goal]")).to_have_text("10,000")
    page_watch["public"].assert_public_page_clean()


def test_the_count_keeps_the_pages_own_figures_when_it_refreshes(
    browser_page, page_watch, petition
):
    # A browser writes Nepali figures in Devanagari digits (१६,७७,०००) unless told
    # otherwise; the page, drawn by the server, does not.
    from petitions.models import PetitionTally

    PetitionTally.objects.update_or_create(
        action_key=petition.action_key, defaults={"confirmed": 1677000}
    )
    page = browser_page
    with page.expect_response(lambda response: response.url.endswith("/count/")):
        page.goto(PETITION_PATH.replace("/en/", "/ne/"))
    expect(page.locator("html")).to_have_attribute("lang", "ne")
    page.wait_for_load_state("networkidle")
    expect(count_total(page)).to_have_text("16,77,000")
    expect(page.locator("[data-count-goal]")).to_have_text("25,00,000")
    page_watch["public"].assert_public_page_clean()


def test_field_errors_are_announced_with_their_field(browser_page, page_watch, petition):
    page = browser_page
    page.goto(PETITION_PATH)
    page.get_by_label("Email", exact=True).fill("joy@example")
    with bad_request_expected(page, page_watch["public"]):
        page.get_by_role("button", name="Sign", exact=True).click()
    email = page.get_by_label("Email", exact=True)
    expect(email).to_have_attribute("aria-invalid", "true")
    page_watch["public"].assert_public_page_clean()
    # A screen reader announces the help and the error with the field, in the
    # order Django's aria-describedby names them.
    expect(email).to_have_accessible_description(
        "We send you a link to confirm your signature. "
        "Enter an email address such as name@example.org.",
        timeout=1_000,
    )


# Embedding ---------------------------------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@dataclass
class OtherSite:
    root: object
    url: str

    @property
    def netloc(self):
        return urlsplit(self.url).netloc


@pytest.fixture
def other_site(tmp_path):
    """An affiliate's website: static files from a directory, on 127.0.0.1 and
    a port of its own, while the live server answers as "localhost"."""
    root = tmp_path / "affiliate-site"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield OtherSite(root=root, url=f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class TwoSiteWatch(Watch):
    """The live server, plus exactly one other local origin: the affiliate's site."""

    other_netloc: str = ""

    @property
    def allowed_netlocs(self):
        return super().allowed_netlocs | {self.other_netloc}


@pytest.fixture
def affiliate_page(chromium, demo_site, other_site):
    context = chromium.new_context(locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = TwoSiteWatch(base_url=demo_site, other_netloc=other_site.netloc)
    watch.attach(page)
    try:
        yield page, watch
    finally:
        context.close()


def test_sign_in_a_frame_on_an_affiliates_site(affiliate_page, other_site, petition, demo_site):
    from petitions.models import Signature

    page, watch = affiliate_page
    embed_url = f"{demo_site}/en/embed/petitions/{petition.pk}/?affiliate=gefont"
    # Another host, not only another port: the frame is cross-site, so the
    # browser withholds the live server's cookies, the CSRF cookie included.
    assert urlsplit(other_site.url).hostname != urlsplit(demo_site).hostname
    (other_site.root / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>GEFONT</title><link rel='icon' href='data:,'></head><body>"
        "<h1>GEFONT campaigns</h1>"
        f"<iframe src='{embed_url}' title='Sign the petition' width='480' height='1400'>"
        "</iframe></body></html>",
        encoding="utf-8",
    )

    page.goto(other_site.url + "/")
    expect(page.get_by_role("heading", name="GEFONT campaigns")).to_be_visible()
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", level=1)).to_have_text(PETITION_TITLE)
    expect(frame.locator("input[name=src]")).to_have_value("gefont")

    with page.expect_request(lambda r: r.method == "POST") as posted:
        fill_and_sign(
            frame, first_name="Sita", last_name="Rai", email="sita@example.org", country="Nepal"
        )
    assert posted.value.url.startswith(f"{demo_site}/en/embed/petitions/{petition.pk}/")
    assert posted.value.header_value("cookie") is None, "the frame sent a cookie"

    expect(frame.get_by_role("heading", name="Thank you for signing")).to_be_visible()
    signature = Signature.objects.select_related("affiliate").get()
    assert signature.source == "gefont"
    assert signature.affiliate is not None and signature.affiliate.code == "gefont"
    assert not signature.flagged, signature.flag_reason
    assert f"src%3D{signature.referral_code}" in whatsapp_href(frame)
    assert [m.to for m in mail.outbox] == [["sita@example.org"]], "no confirmation email"

    foreign = watch.foreign_requests()
    assert not foreign, f"requests to other hosts: {foreign}"
    assert any(urlsplit(url).netloc == other_site.netloc for url in watch.requests)
    assert not watch.page_errors, f"uncaught script errors: {watch.page_errors}"
    assert not watch.console_errors, f"console errors: {watch.console_errors}"


def test_arabic_petition_reads_right_to_left(browser_page, page_watch, petition):
    from wagtail.models import Locale

    translation = petition.get_translation_or_none(Locale.objects.get(language_code="ar"))
    if translation is None or not translation.live:
        pytest.skip("the demo seed has no Arabic translation of the petition")
    page = browser_page
    page.goto(translation.url)
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text(translation.title)
    expect(page.locator("form.sign-form button[type=submit]")).to_be_visible()
    page_watch["public"].assert_public_page_clean()


FRENCH_PETITION_PATH = "/fr/campaigns/ratify-c189/sign-ratify-c189/"


def sign_in_any_language(page, path, *, first_name, email, country_code):
    """Fill the form by its fields' names, whatever the language, press the submit button."""
    page.goto(path)
    page.locator("[name=first_name]").fill(first_name)
    page.locator("[name=email]").fill(email)
    page.locator("[name=country]").select_option(country_code)
    page.locator("form.sign-form [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/thanks/\?ref="))


def test_one_count_for_signatures_in_english_and_french(browser_page, page_watch, petition):
    from petitions.models import PetitionPage, Signature

    page = browser_page
    french = PetitionPage.objects.get(
        translation_key=petition.translation_key, locale__language_code="fr"
    )
    assert french.url == FRENCH_PETITION_PATH
    sign_in_any_language(
        page, PETITION_PATH, first_name="Amina", email="amina@example.org", country_code="NP"
    )
    sign_in_any_language(
        page,
        FRENCH_PETITION_PATH,
        first_name="Aminata",
        email="aminata@example.org",
        country_code="SN",
    )
    # Signing the French petition again with the English address is a repeat.
    sign_in_any_language(
        page, FRENCH_PETITION_PATH, first_name="Amina", email="Amina@example.org", country_code="NP"
    )
    assert dict(Signature.objects.values_list("email", "language")) == {
        "amina@example.org": "en",
        "aminata@example.org": "fr",
    }
    subjects = sorted(m.subject.split(":")[0].strip() for m in mail.outbox)
    # Emails go in the language each signed in; the repeat's notice in the first one's.
    assert subjects == [
        "Confirm your signature",
        "Confirmez votre signature",
        "You have already signed",
    ]
    confirmations = [m for m in mail.outbox if not m.subject.startswith("You have already")]
    for message in confirmations:
        page.goto(confirm_link(message))
        page.locator("main form [type=submit]").click()
        expect(page.locator("main form [type=submit]")).to_have_count(0)
    # Pages and counts come from the page cache: at most 10 s behind.
    for path in (PETITION_PATH, FRENCH_PETITION_PATH):
        page.goto(path)
        expect(count_total(page)).to_have_text("2", timeout=12000)
    assert page.request.get(FRENCH_PETITION_PATH + "count/").json()["total"] == 2
    page_watch["public"].assert_public_page_clean()


@pytest.mark.parametrize("scripts", ["with JavaScript", "without JavaScript"])
def test_a_signature_from_a_page_served_by_the_page_cache_is_accepted_and_confirmed(
    request, petition, scripts
):
    """The petition page is shared by every visitor (home/pagecache.py): no
    token of anyone's in it, yet the form works and its fill time is the
    visitor's own."""
    from petitions.models import Signature

    page = request.getfixturevalue("browser_page" if scripts == "with JavaScript" else "no_js_page")
    # Another visitor has just drawn it: this one gets the copy.
    page.request.get(PETITION_PATH)
    served = page.goto(PETITION_PATH)
    assert served.headers["x-page-cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.content()
    fill_and_sign(
        page, first_name="Joy", last_name="Ada", email="joy.ada@example.org", country="Kenya"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for signing")
    signature = Signature.objects.get()
    assert not signature.flagged
    page.goto(confirm_link(mail.outbox[-1]))
    page.get_by_role("button", name="Confirm my signature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your signature is confirmed")
    signature.refresh_from_db()
    assert signature.confirmed_at is not None
