"""The shared page cache for anonymous visitors (home/pagecache.py): who is
served from it, what is never kept, and how an edit shows at once."""

import re
import time

import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from campaigns.factories import RatificationFactory
from events.factories import DayOfActionPageFactory, EventActionFactory
from home.pagecache import FORM_STARTED, FORM_STARTED_SALT, HEADER
from petitions.factories import PetitionPageFactory
from petitions.models import Signature
from solidarity.factories import MessageFactory, SolidarityWallPageFactory
from solidarity.models import Message
from tests.petitions.conftest import sign_url

pytestmark = pytest.mark.django_db

STARTED = re.compile(r'name="started" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 8


@pytest.fixture
def petition(campaign):
    return PetitionPageFactory(parent=campaign, slug="sign-now", title="Ratify C189 now")


@pytest.fixture
def sign_data():
    def build(**overrides):
        return {
            "first_name": "Maria",
            "email": "maria.santos@example.org",
            "country": "PH",
            "display": "anonymous",
            **overrides,
        }

    return build


@pytest.fixture
def wall(campaign):
    wall = SolidarityWallPageFactory(parent=campaign, slug="wall", title="To workers in Qatar")
    MessageFactory(wall=wall)
    return wall


@pytest.fixture
def day(campaign):
    return DayOfActionPageFactory(parent=campaign, slug="migrants-day")


@pytest.fixture
def public_urls(home_page, campaign_index, campaign, tracker_page, petition, wall, day):
    action = EventActionFactory(day=day)
    message = Message.objects.get()
    return {
        "home": home_page.url,
        "campaign index": campaign_index.url,
        "campaign": campaign.url,
        "tracker": tracker_page.url,
        "petition": petition.url,
        "petition embed": reverse("petitions:embed", args=[petition.pk]),
        "wall": wall.url,
        "wall's form": wall.url + wall.reverse_subpage("post"),
        "a message": wall.url + wall.reverse_subpage("message", args=[message.pk]),
        "who speaks to whom": wall.url + wall.reverse_subpage("links"),
        "day of action": day.url,
        "an action": day.url + day.reverse_subpage("action", args=[action.pk]),
    }


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, len(captured)


def test_every_public_page_type_is_served_from_the_cache_to_anonymous_visitors(client, public_urls):
    for name, url in public_urls.items():
        first, _drawn = queries(client, url)
        assert first.status_code == 200, name
        assert first[HEADER] == "miss", name
        assert set(first["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=8"}, (
            name
        )
        assert "Cookie" not in first.get("Vary", ""), name
        assert not first.cookies, name
        again, count = queries(client, url)
        assert again[HEADER] == "hit", name
        assert count == 0, name
        # The same page, but for the form's start time, stamped in each response.
        assert STARTED.sub("", again.content.decode()) == STARTED.sub("", first.content.decode()), (
            name
        )


def test_an_editor_is_never_served_a_cached_page_nor_fills_the_cache(staff_client, campaign):
    visitor = Client()
    visitor.get(campaign.url)
    response = staff_client.get(campaign.url)
    assert HEADER not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    # An editor's view (with the user bar) is not what anonymous visitors get.
    cache.clear()
    staff_client.get(campaign.url)
    assert visitor.get(campaign.url)[HEADER] == "miss"


def test_a_published_edit_shows_at_once_in_every_language(client, campaign):
    assert b"End kafala now" in client.get(campaign.url).content
    campaign.title = "Abolish kafala now"
    campaign.save_revision().publish()
    response = client.get(campaign.url)
    assert response[HEADER] == "miss"
    assert b"Abolish kafala now" in response.content


def test_a_new_stylesheet_is_never_served_a_page_drawn_with_the_old_one(
    client, campaign, petition, sign_data, monkeypatch
):
    # Each page carries the stylesheet the policy's hash allows: after a deploy
    # that changes it, a page or a thank-you page drawn before is drawn again.
    response = client.post(sign_url(petition), sign_data())
    thanks = response["Location"]
    client.get(campaign.url)
    client.get(thanks)
    assert client.get(campaign.url)[HEADER] == "hit"
    monkeypatch.setattr("home.pagecache.stylesheet_version", lambda: "another")
    drawn = []
    monkeypatch.setattr("home.pagecache.cache.set", lambda key, *a, **k: drawn.append(key))
    assert client.get(campaign.url)[HEADER] == "miss"
    client.get(thanks)
    assert [key.split(":")[0] for key in drawn] == ["page", "shell"]


def test_unpublishing_takes_the_page_away_at_once(client, petition):
    assert client.get(petition.url).status_code == 200
    petition.unpublish()
    assert client.get(petition.url).status_code == 404


def test_a_ratification_edited_shows_on_the_tracker_at_once(client, tracker_page):
    client.get(tracker_page.url)
    assert client.get(tracker_page.url)[HEADER] == "hit"
    RatificationFactory()
    assert client.get(tracker_page.url)[HEADER] == "miss"


def test_counts_on_a_cached_page_are_at_most_page_cache_seconds_behind(client, petition, settings):
    from petitions.models import PetitionTally

    settings.PAGE_CACHE_SECONDS = 1
    PetitionTally.objects.create(action_key=petition.action_key, confirmed=41)
    assert b'data-value="41"' in client.get(petition.url).content
    PetitionTally.objects.filter(action_key=petition.action_key).update(confirmed=42)
    assert b'data-value="41"' in client.get(petition.url).content
    time.sleep(1.1)
    assert b'data-value="42"' in client.get(petition.url).content


def test_each_link_with_its_own_source_is_kept_apart(client, petition):
    client.get(petition.url + "?src=gefont")
    response = client.get(petition.url + "?src=ituc")
    assert response[HEADER] == "miss"
    assert b'value="ituc"' in response.content


def test_a_form_from_the_cache_carries_the_time_it_was_served_and_signs(
    client, petition, sign_data, django_capture_on_commit_callbacks
):
    first = STARTED.search(client.get(petition.url).content.decode()).group(1)
    time.sleep(1.1)  # signed times have one-second steps
    served = client.get(petition.url)
    assert served[HEADER] == "hit"
    assert FORM_STARTED.encode() not in served.content
    second = STARTED.search(served.content.decode()).group(1)
    assert signing.loads(second, salt=FORM_STARTED_SALT) > signing.loads(
        first, salt=FORM_STARTED_SALT
    )
    # Sent at once from the cached page: the fill time is measured from when it was served.
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver")
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(sign_url(petition), sign_data(started=second))
    assert response.status_code == 303
    assert Signature.objects.get().flag_reason == "too_fast"


def test_head_is_served_from_the_cache(client, campaign):
    client.get(campaign.url)
    response = client.head(campaign.url)
    assert response.status_code == 200
    assert response[HEADER] == "hit"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_each_language_is_its_own_page(client, campaign, language):
    from wagtail.models import Locale

    translated = campaign.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    )
    translated.save_revision().publish()
    english = client.get(campaign.url)
    other = client.get(translated.url)
    assert other[HEADER] == "miss"
    assert english.content != other.content


def personal_urls(petition, wall, day):
    action = EventActionFactory(day=day)
    return [
        petition.url + petition.reverse_subpage("thanks") + "?ref=x",
        petition.url + petition.reverse_subpage("confirm") + "?t=x",
        wall.url + wall.reverse_subpage("posted") + "?s=confirm",
        wall.url + wall.reverse_subpage("confirm") + "?t=x",
        day.url + day.reverse_subpage("registered"),
        day.url + day.reverse_subpage("manage") + "?t=x",
        day.url + day.reverse_subpage("rsvp") + "?t=x",
        day.url + day.reverse_subpage("register"),
        day.url + day.reverse_subpage("action", args=[action.pk]) + "?replied=going",
        reverse("supporters:data_request"),
        reverse("supporters:unsubscribe", kwargs={"token": "x"}),
        reverse("supporters:preferences", kwargs={"token": "x"}),
    ]


def test_personal_pages_are_never_kept_by_us_or_by_a_cdn(client, petition, wall, day):
    for url in personal_urls(petition, wall, day):
        response = client.get(url)
        control = response["Cache-Control"]
        assert "private" in control and "no-store" in control, url
        assert "public" not in control, url
        assert HEADER not in response, url


def test_a_page_behind_a_password_is_never_kept(client, campaign):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=campaign, restriction_type=PageViewRestriction.PASSWORD, password="solidarity"
    )
    response = client.get(campaign.url)
    assert HEADER not in response
    assert "no-store" in response["Cache-Control"]
    assert b"End kafala now" not in response.content or response.status_code != 200


@pytest.mark.parametrize(
    "form", ["post a message", "report a message", "reply to an action", "sign the embed"]
)
def test_forms_from_shared_pages_refuse_a_post_from_another_site(
    client, wall, day, petition, form, sign_data
):
    message = Message.objects.get()
    action = EventActionFactory(day=day, rsvp_open=True)
    url, data = {
        "post a message": (reverse("solidarity:post", args=[wall.pk]), {"text": "Hi"}),
        "report a message": (reverse("solidarity:report", args=[wall.pk, message.pk]), {}),
        "reply to an action": (
            reverse("events:rsvp", args=[day.pk, action.pk]),
            {"name": "Ana", "email": "ana@example.org", "consent": "on"},
        ),
        "sign the embed": (reverse("petitions:embed", args=[petition.pk]), sign_data()),
    }[form]
    forged = Client(enforce_csrf_checks=True).post(
        url, data, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert forged.status_code == 403
    assert "Send this form from our site" in forged.content.decode()
    assert Message.objects.get().reports == 0
    assert not action.rsvps.exists()
    assert not Signature.objects.exists()
    assert not mail.outbox


def test_an_action_reply_is_accepted_from_the_shared_action_page(client, day):
    action = EventActionFactory(day=day, rsvp_open=True)
    page = day.url + day.reverse_subpage("action", args=[action.pk])
    html = client.get(page).content.decode()
    assert "csrfmiddlewaretoken" not in html
    url = reverse("events:rsvp", args=[day.pk, action.pk])
    assert f'action="{url}"' in html
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver")
    response = browser.post(url, {"name": "Ana", "email": "ana@example.org", "consent": "on"})
    assert response.status_code == 303
    assert action.rsvps.count() == 1
    assert browser.get(url).status_code == 302


class RecordingBackend(BaseBackend):
    """A CDN for the tests: the URLs it was asked to purge."""

    purged = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


def test_publishing_purges_the_page_and_its_public_routes_from_a_cdn(
    settings, petition, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.home.test_pagecache.RecordingBackend"}
    }
    RecordingBackend.purged.clear()
    petition.title = "Ratify C189 today"
    with django_capture_on_commit_callbacks(execute=True):
        petition.save_revision().publish()
    url = petition.get_full_url()
    assert {url, url + "count/", url + "map/"} <= set(RecordingBackend.purged)


def test_no_cdn_is_asked_anything_by_default(settings, petition):
    assert settings.WAGTAILFRONTENDCACHE == {}
    petition.save_revision().publish()  # nothing to reach, nothing fails


def test_each_signer_gets_their_own_link_on_a_thank_you_page_drawn_once(
    client, petition, sign_data, django_assert_max_num_queries
):
    codes = []
    for n in range(2):
        response = client.post(sign_url(petition), sign_data(email=f"signer{n}@example.org"))
        if n:
            # Drawn once: the second signer's page is one read, for their code.
            with django_assert_max_num_queries(1):
                thanks = client.get(response["Location"])
        else:
            thanks = client.get(response["Location"])
        assert "no-store" in thanks["Cache-Control"]
        codes.append(Signature.objects.get(email=f"signer{n}@example.org").referral_code)
        assert f"?src={codes[-1]}" in thanks.content.decode()
    assert codes[0] != codes[1]
    assert f"?src={codes[0]}" not in thanks.content.decode()


# Compression (home.middleware.TextGZipMiddleware, home.pagecache.gzip_joined)


def test_a_page_from_the_cache_is_sent_compressed_with_its_own_fresh_form_time(client, petition):
    import gzip

    first = client.get(petition.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert first[HEADER] == "miss" and first["Content-Encoding"] == "gzip"
    hits = [client.get(petition.url, HTTP_ACCEPT_ENCODING="gzip") for _ in range(2)]
    assert all(hit[HEADER] == "hit" and hit["Content-Encoding"] == "gzip" for hit in hits)
    # The length said is the length sent, or a browser waits for the rest.
    assert [int(hit["Content-Length"]) for hit in hits] == [len(hit.content) for hit in hits]
    assert "Accept-Encoding" in hits[0]["Vary"]
    pages = [gzip.decompress(hit.content) for hit in hits]
    assert len(hits[0].content) * 3 < len(pages[0]), "compressed at least three times"
    plain = client.get(petition.url)  # a client that does not take gzip
    assert "Content-Encoding" not in plain and plain[HEADER] == "hit"
    assert int(plain["Content-Length"]) == len(plain.content)
    stamps = [STARTED.search(page.decode()).group(1) for page in [*pages, plain.content]]
    assert len(set(stamps)) == 3, "each visitor's form carries the time it was served"
    for page in pages:
        assert STARTED.sub("", page.decode()) == STARTED.sub("", plain.content.decode())
    assert FORM_STARTED.encode() not in pages[0]


def test_text_is_answered_compressed_and_images_are_not_compressed_again(client, petition, rf):
    from django.http import HttpResponse

    from home.middleware import TextGZipMiddleware

    response = client.get(petition.url + "map/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    # A count is too short to gain anything (under 200 bytes); a longer JSON is compressed.
    assert "Content-Encoding" not in client.get(
        petition.url + "count/", HTTP_ACCEPT_ENCODING="gzip"
    )

    def answer(content_type):
        middleware = TextGZipMiddleware(lambda request: HttpResponse(b"x" * 2000, content_type))
        return middleware(rf.get("/", HTTP_ACCEPT_ENCODING="gzip"))

    assert answer("text/csv; charset=utf-8")["Content-Encoding"] == "gzip"
    assert answer("application/json")["Content-Encoding"] == "gzip"
    assert answer("image/svg+xml")["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in answer("image/png")
    assert "Content-Encoding" not in answer("application/pdf")
