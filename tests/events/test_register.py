"""Registering an event action without an account, confirming it and managing it by link."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache

from events.emails import manage_token
from events.factories import EventActionFactory
from events.models import EventAction
from supporters.factories import AffiliateFactory
from supporters.models import Activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(client, day, register_data, django_capture_on_commit_callbacks):
    def do(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                day.url + day.reverse_subpage("register"),
                register_data(**overrides),
                REMOTE_ADDR="198.51.100.7",
            )

    return do


def manage_link(message):
    return re.search(r"https?://\S+/manage/\?t=\S+", message.body).group(0)


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_register_form_renders_without_javascript(client, day):
    response = client.get(day.url + day.reverse_subpage("register"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("organisation", "starts_at", "time_zone", "online_url", "capacity"):
        assert f'name="{name}"' in html
    assert 'list="affiliate-names"' in html


def test_an_action_is_stored_in_utc_and_waits_for_the_organiser(register, day):
    response = register()
    assert response.status_code == 303
    action = EventAction.objects.get()
    # 16:00 in Doha (UTC+3) is 13:00 UTC.
    assert action.starts_at == dt.datetime(2026, 12, 18, 13, 0, tzinfo=dt.UTC)
    assert action.local_start.hour == 16
    assert action.status == EventAction.Status.UNCONFIRMED
    assert action.action_key == day.translation_key
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ram@example.org"]


def test_confirming_by_post_sends_an_unknown_organiser_to_moderation(
    client, register, django_capture_on_commit_callbacks
):
    register()
    url = path_of(manage_link(mail.outbox[0]))
    page = client.get(url)
    assert page.status_code == 200
    assert EventAction.objects.get().status == EventAction.Status.UNCONFIRMED, "GET changes nothing"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"do": "confirm"})
    action = EventAction.objects.get()
    assert action.status == EventAction.Status.PENDING
    assert Activity.objects.filter(kind=Activity.Kind.EVENT_REGISTRATION).count() == 1


def test_a_trusted_affiliate_is_published_at_once(client, register):
    AffiliateFactory(
        name="Nepal Migrant Workers' Union",
        acronym="NMWU",
        trusted=True,
        email_domains="example.org",
    )
    register(organisation="nmwu")
    client.post(path_of(manage_link(mail.outbox[0])), {"do": "confirm"})
    action = EventAction.objects.get()
    assert action.affiliate.acronym == "NMWU"
    assert action.status == EventAction.Status.APPROVED


def test_typing_a_trusted_unions_name_from_another_address_is_moderated(client, register):
    AffiliateFactory(
        name="Nepal Migrant Workers' Union",
        acronym="NMWU",
        trusted=True,
        email_domains="nmwu.org.np",
    )
    register(organisation="NMWU", organiser_email="impostor@example.org")
    client.post(path_of(manage_link(mail.outbox[0])), {"do": "confirm"})
    action = EventAction.objects.get()
    assert action.affiliate.acronym == "NMWU"
    assert action.status == EventAction.Status.PENDING


def test_the_organiser_edits_through_the_link(client, register, register_data):
    AffiliateFactory(name="Nepal Migrant Workers' Union", trusted=True)
    register()
    url = path_of(manage_link(mail.outbox[0]))
    client.post(url, {"do": "confirm"})
    response = client.post(url, {"do": "save", **register_data(starts_at="2026-12-18T17:00")})
    assert response.status_code == 200
    assert "Your changes are saved" in response.content.decode()
    assert EventAction.objects.get().local_start.hour == 17
    form_html = client.get(url).content.decode()
    assert 'value="2026-12-18T17:00"' in form_html, "shown back in the event's own time"


def test_a_double_submission_stores_one_action(register):
    register()
    register()
    assert EventAction.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2026-12-18T15:00"}, "ends_at", "The end must be after the start."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Select a valid choice"),
        ({"starts_at": "2061-12-18T16:00"}, "starts_at", "around the day of action"),
        ({"starts_at": "18/12/2026 4pm"}, "starts_at", "Enter a date and time"),
        ({"venue": "x" * 5000}, "venue", "at most 200 characters"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "Enter a valid URL"),
        ({"online_url": "data:text/html,hi"}, "online_url", "Enter a valid URL"),
        ({"organiser_email": "ram@localhost"}, "organiser_email", "name@example.org"),
        ({"kind": "online", "online_url": ""}, "online_url", "Give the link"),
        ({"title": "<script>x</script>"}, "title", "< or >"),
        ({"expected_participants": "-5"}, "expected_participants", "greater than or equal"),
        ({"venue": "", "city": "", "online_url": ""}, "venue", "Say where it takes place"),
    ],
)
def test_bad_input_is_refused_field_by_field(register, overrides, field, message):
    response = register(**overrides)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    assert EventAction.objects.count() == 0


def test_malformed_posts_never_give_a_500(client, day):
    url = day.url + day.reverse_subpage("register")
    assert client.post(url, {"starts_at": ["a", "b"], "capacity": "1e999"}).status_code == 400
    assert client.put(url).status_code == 405


@pytest.mark.parametrize("token", ["", "garbage", "1:abc:def"])
def test_a_guessed_or_altered_link_opens_nothing(client, day, token):
    EventActionFactory(day=day)
    response = client.get(day.url + day.reverse_subpage("manage"), {"t": token})
    assert response.status_code == 400
    assert "does not work" in response.content.decode()


def test_a_link_of_another_day_of_action_opens_nothing(client, day, campaign):
    from events.factories import DayOfActionPageFactory

    other = DayOfActionPageFactory(parent=campaign, slug="human-rights-day")
    action = EventActionFactory(day=other)
    response = client.get(day.url + day.reverse_subpage("manage"), {"t": manage_token(action)})
    assert response.status_code == 400


def test_asking_again_replaces_the_link_and_keeps_the_action(
    client, day, django_capture_on_commit_callbacks
):
    action = EventActionFactory(day=day, organiser_email="Sita@Example.org")
    old = manage_token(action)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            day.url + day.reverse_subpage("manage_link"), {"email": "sita@example.org"}
        )
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    manage = day.url + day.reverse_subpage("manage")
    replaced = client.get(manage, {"t": old})
    assert replaced.status_code == 410
    assert "replaced" in replaced.content.decode()
    assert client.get(path_of(manage_link(mail.outbox[0]))).status_code == 200
    action.refresh_from_db()
    assert action.status == EventAction.Status.APPROVED


def test_asking_for_a_link_tells_nothing_about_who_registered(client, day):
    response = client.post(
        day.url + day.reverse_subpage("manage_link"), {"email": "nobody@example.org"}
    )
    assert response.status_code == 200
    assert "If that address registered" in response.content.decode()
    assert len(mail.outbox) == 0


def test_the_organiser_cancels_and_it_leaves_the_list(client, day):
    action = EventActionFactory(day=day, title="Rally at the ministry")
    assert "Rally at the ministry" in client.get(day.url).content.decode()
    client.post(
        day.url + day.reverse_subpage("manage") + f"?t={manage_token(action)}", {"do": "cancel"}
    )
    action.refresh_from_db()
    assert action.status == EventAction.Status.CANCELLED
    assert "Rally at the ministry" not in client.get(day.url).content.decode()


def test_only_approved_actions_are_listed_or_shown(client, day):
    pending = EventActionFactory(day=day, title="Pending one", status=EventAction.Status.PENDING)
    EventActionFactory(day=day, title="Approved one")
    html = client.get(day.url).content.decode()
    assert "Approved one" in html
    assert "Pending one" not in html
    detail = day.url + day.reverse_subpage("action", args=[pending.pk])
    assert client.get(detail).status_code == 404


def test_an_action_page_shows_the_local_time_with_its_zone(client, day):
    action = EventActionFactory(day=day)
    html = client.get(day.url + day.reverse_subpage("action", args=[action.pk])).content.decode()
    assert "Dec. 18, 2026, 11 a.m." in html
    assert "Asia/Kathmandu" in html


def test_registrations_from_one_address_are_limited(register, settings):
    settings.EVENTS_PER_HOUR = 2
    cache.clear()
    assert register(title="One").status_code == 303
    assert register(title="Two").status_code == 303
    assert register(title="Three").status_code == 429
    assert EventAction.objects.count() == 2


def test_the_form_and_email_speak_the_organisers_language(
    client, day, locales, register_data, django_capture_on_commit_callbacks
):
    french = day.copy_for_translation(locales["fr"], copy_parents=True).specific
    french.save_revision().publish()
    url = french.url + french.reverse_subpage("register")
    assert "Inscrivez votre action" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, register_data())
    action = EventAction.objects.get()
    assert action.language == "fr"
    assert action.action_key == day.translation_key, "one day of action in every language"
    assert mail.outbox[0].subject == "Confirmez votre action : Friendship football match"


def test_an_organiser_address_that_bounced_before_gets_a_message_on_its_field(register):
    from django.utils import timezone

    from supporters.factories import SupporterFactory
    from supporters.models import Supporter

    SupporterFactory(
        email="ram@example.org",
        suppressed_at=timezone.now(),
        suppressed_reason=Supporter.Suppression.BOUNCED,
    )
    response = register()
    assert response.status_code == 400
    assert "has bounced" in response.context["form"].errors["organiser_email"][0]
    assert not EventAction.objects.exists()
