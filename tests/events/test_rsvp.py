"""Supporters RSVP to an action: capacity, waiting list, their own link, reminders."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from events import services
from events.emails import manage_token, rsvp_token
from events.factories import EventActionFactory
from events.models import EventAction, EventRsvp
from events.tasks import reminders_send
from supporters.factories import SupporterFactory
from supporters.models import Activity, Supporter

pytestmark = pytest.mark.django_db

Going, Waiting, Cancelled = (
    EventRsvp.Status.GOING,
    EventRsvp.Status.WAITING,
    EventRsvp.Status.CANCELLED,
)


@pytest.fixture
def action(day):
    now = timezone.now()
    return EventActionFactory(
        day=day,
        rsvp_open=True,
        capacity=2,
        starts_at=now + dt.timedelta(days=3),
        ends_at=now + dt.timedelta(days=3, hours=2),
    )


@pytest.fixture
def rsvp(client, day, action, django_capture_on_commit_callbacks):
    def do(name="Sita", email="sita@example.org", consent="on", target=None, ip="198.51.100.9"):
        target = target or action
        data = {"name": name, "email": email}
        if consent:
            data["consent"] = consent
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                day.url + day.reverse_subpage("action", args=[target.pk]), data, REMOTE_ADDR=ip
            )

    return do


def link_in(message, route="rsvp"):
    return re.sub(
        r"^https?://[^/]+", "", re.search(rf"https?://\S+/{route}/\?t=\S+", message.body).group(0)
    )


def test_the_action_page_offers_the_form_with_places_left(client, day, action):
    response = client.get(day.url + day.reverse_subpage("action", args=[action.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="consent"' in html
    assert "2 places left." in html


def test_a_reply_keeps_a_place_and_emails_the_link_to_cancel(rsvp, action):
    response = rsvp()
    assert response.status_code == 303
    assert response["Location"].endswith("?replied=going")
    reply = EventRsvp.objects.get()
    assert (reply.status, reply.email, reply.action_key) == (
        Going,
        "sita@example.org",
        action.action_key,
    )
    assert len(mail.outbox) == 1
    assert "Your place" in mail.outbox[0].subject
    assert "/rsvp/?t=" in mail.outbox[0].body and ".ics" not in mail.outbox[0].body
    activity = Activity.objects.get(kind=Activity.Kind.EVENT_RSVP)
    assert activity.supporter.email == "sita@example.org"
    # Saying you will come is not agreeing to campaign email.
    assert not Supporter.objects.get().email_consent


def test_every_field_is_checked(rsvp):
    response = rsvp(name="", email="not-an-address", consent=None)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "consent"}
    assert "Tick this box" in errors["consent"][0]
    assert not EventRsvp.objects.exists()


def test_an_address_known_to_bounce_is_refused_on_its_field(rsvp):
    SupporterFactory(
        email="gone@example.org",
        suppressed_at=timezone.now(),
        suppressed_reason=Supporter.Suppression.BOUNCED,
    )
    response = rsvp(email="gone@example.org")
    assert response.status_code == 400
    assert "bounced" in response.context["form"].errors["email"][0]


def test_replying_twice_keeps_one_place(rsvp):
    rsvp(email="Sita@Example.org")
    rsvp(email="sita@example.org")
    assert EventRsvp.objects.count() == 1
    assert len(mail.outbox) == 2  # the email again, for whoever lost it


def test_a_full_action_puts_people_on_the_waiting_list(rsvp, client, day, action):
    rsvp(email="a@example.org")
    rsvp(email="b@example.org")
    response = rsvp(email="c@example.org")
    assert response["Location"].endswith("?replied=waiting")
    assert list(EventRsvp.objects.order_by("pk").values_list("status", flat=True)) == [
        Going,
        Going,
        Waiting,
    ]
    assert "waiting list" in mail.outbox[-1].subject.lower()
    page = client.get(day.url + day.reverse_subpage("action", args=[action.pk]))
    assert "0 places left." in page.content.decode()
    assert "Join the waiting list" in page.content.decode()


def test_cancelling_by_own_link_gives_the_place_to_the_first_waiting(
    rsvp, client, action, django_capture_on_commit_callbacks
):
    for letter in "abcd":
        rsvp(email=f"{letter}@example.org")
    first = EventRsvp.objects.get(email="a@example.org")
    url = link_in(next(m for m in mail.outbox if m.to == ["a@example.org"]))
    assert "Cancel my place" in client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"do": "cancel"})
    assert response.status_code == 200
    assert "Your place is cancelled" in response.content.decode()
    statuses = dict(EventRsvp.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": Cancelled,
        "b@example.org": Going,
        "c@example.org": Going,
        "d@example.org": Waiting,
    }
    assert EventRsvp.objects.get(email="c@example.org").promoted_at is not None
    assert [m.to for m in mail.outbox] == [["c@example.org"]]
    assert "A place is yours" in mail.outbox[0].subject
    # Cancelling again changes nothing and promotes no one else.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"do": "cancel"})
    assert EventRsvp.objects.get(email="d@example.org").status == Waiting
    first.refresh_from_db()
    assert first.status == Cancelled


def test_a_reply_link_guessed_or_altered_opens_nothing(client, day, rsvp):
    rsvp()
    reply = EventRsvp.objects.get()
    url = day.url + day.reverse_subpage("rsvp")
    assert client.get(url + "?t=123").status_code == 400
    token = rsvp_token(reply)
    assert client.post(url + "?t=" + token[:-2] + "xx", {"do": "cancel"}).status_code == 400
    # The organiser's manage token is no reply token.
    assert client.get(url + "?t=" + manage_token(reply.event)).status_code == 400
    reply.refresh_from_db()
    assert reply.status == Going


def test_a_reply_link_of_another_day_opens_nothing(client, campaign, rsvp):
    from events.factories import DayOfActionPageFactory

    rsvp()
    other = DayOfActionPageFactory(parent=campaign, slug="other-day")
    token = rsvp_token(EventRsvp.objects.get())
    response = client.post(
        other.url + other.reverse_subpage("rsvp") + "?t=" + token, {"do": "cancel"}
    )
    assert response.status_code == 400
    assert EventRsvp.objects.get().status == Going


@pytest.mark.parametrize(
    "change",
    [
        {"rsvp_open": False},
        {"status": EventAction.Status.PENDING},
        {"status": EventAction.Status.CANCELLED},
    ],
)
def test_no_reply_to_an_action_closed_to_them(rsvp, action, change):
    EventAction.objects.filter(pk=action.pk).update(**change)
    response = rsvp()
    assert response.status_code in (404, 409)
    assert not EventRsvp.objects.exists()


def test_no_reply_once_the_event_is_over(rsvp, action):
    now = timezone.now()
    EventAction.objects.filter(pk=action.pk).update(
        starts_at=now - dt.timedelta(hours=3), ends_at=now - dt.timedelta(hours=1)
    )
    assert rsvp().status_code == 409
    assert not EventRsvp.objects.exists()


def test_replies_from_one_address_are_limited(rsvp, settings):
    settings.EVENTS_PER_HOUR = 3
    cache.clear()
    for n in range(3):
        assert rsvp(email=f"p{n}@example.org").status_code == 303
    assert rsvp(email="p9@example.org").status_code == 429
    assert EventRsvp.objects.count() == 3


def test_raising_the_capacity_promotes_the_waiting(
    rsvp, action, django_capture_on_commit_callbacks
):
    for letter in "abcd":
        rsvp(email=f"{letter}@example.org")
    from events.forms import EventActionForm

    form_data = {
        "organisation": action.organisation,
        "organiser_name": action.organiser_name,
        "organiser_email": action.organiser_email,
        "title": action.title,
        "kind": action.kind,
        "description": action.description,
        "country": "NP",
        "city": action.city,
        "venue": action.venue,
        "starts_at": action.local_start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": action.local_end.strftime("%Y-%m-%dT%H:%M"),
        "time_zone": action.time_zone,
        "expected_participants": "100",
        "rsvp_open": "on",
        "capacity": "3",
    }
    action.day.starts_on = action.local_start.date()
    form = EventActionForm(form_data, instance=action, day=action.day)
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        services.action_edit(form=form)
    assert EventRsvp.objects.filter(status=Going).count() == 3
    assert EventRsvp.objects.get(email="d@example.org").status == Waiting


def test_the_organiser_cancelling_tells_everyone_who_replied(
    rsvp, action, django_capture_on_commit_callbacks
):
    rsvp(email="a@example.org")
    rsvp(email="b@example.org")
    rsvp(email="c@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.action_cancel(action=action)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a@example.org",
        "b@example.org",
        "c@example.org",
    ]
    assert all("Cancelled" in m.subject for m in mail.outbox)


# Reminders ----------------------------------------------------------------------


def test_the_reminder_goes_the_day_before_at_the_events_local_time_once(day, rsvp, action):
    rsvp(email="a@example.org")
    rsvp(email="b@example.org")
    EventRsvp.objects.filter(email="b@example.org").update(status=Cancelled)
    start = action.starts_at
    mail.outbox.clear()
    # Two days before: not yet.
    assert services.reminders_send(now=start - dt.timedelta(hours=25), send=_send) == 0
    # 24 hours before, the same clock time the day before where it happens.
    assert services.reminders_send(now=start - dt.timedelta(hours=24), send=_send) == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "Tomorrow" in mail.outbox[0].subject
    assert action.local_start.strftime("%H:%M") in mail.outbox[0].body
    # The schedule runs again: no second reminder.
    assert services.reminders_send(now=start - dt.timedelta(hours=23), send=_send) == 0
    assert len(mail.outbox) == 1


def _send(pk):
    from events.tasks import _reminder_send

    _reminder_send(pk)


def test_the_scheduled_task_sends_what_is_due(day, rsvp, action):
    rsvp(email="a@example.org")
    EventAction.objects.filter(pk=action.pk).update(
        starts_at=timezone.now() + dt.timedelta(hours=20),
        ends_at=timezone.now() + dt.timedelta(hours=22),
    )
    EventRsvp.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    mail.outbox.clear()
    assert reminders_send() == 1
    assert EventRsvp.objects.get().reminded_at is not None
    assert reminders_send() == 0


def test_the_reminders_schedule_exists():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="events.tasks.reminders_send")
    assert schedule.schedule_type == Schedule.MINUTES and schedule.minutes == 10


def test_a_reply_after_the_reminder_was_due_gets_none(day, rsvp, action):
    EventAction.objects.filter(pk=action.pk).update(
        starts_at=timezone.now() + dt.timedelta(hours=5),
        ends_at=timezone.now() + dt.timedelta(hours=7),
    )
    rsvp(email="late@example.org")
    mail.outbox.clear()
    assert services.reminders_send(send=_send) == 0


def test_replies_are_erased_a_month_after_the_event(rsvp, action):
    rsvp()
    now = action.ends_at + dt.timedelta(days=29)
    assert services.rsvps_erase(now=now) == 0
    assert services.rsvps_erase(now=action.ends_at + dt.timedelta(days=31)) == 1
    assert not EventRsvp.objects.exists()


# The organiser's list -----------------------------------------------------------


def test_the_organiser_sees_and_downloads_who_is_coming(client, day, action, rsvp):
    rsvp(name='=HYPERLINK("http://evil")', email="a@example.org")
    rsvp(name="Maya", email="b@example.org")
    rsvp(name="Joseph", email="c@example.org")
    token = manage_token(action)
    page = client.get(day.url + day.reverse_subpage("manage") + "?t=" + token)
    html = page.content.decode()
    assert "Maya" in html and "b@example.org" in html
    assert "1 is on the waiting list." in html
    response = client.get(day.url + day.reverse_subpage("rsvps_csv") + "?t=" + token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body  # a formula is defused
    assert "b@example.org" in body and "On the waiting list" in body


def test_no_one_reads_a_list_that_is_not_theirs(client, day, action, rsvp):
    rsvp(email="a@example.org")
    other = EventActionFactory(day=day)
    url = day.url + day.reverse_subpage("rsvps_csv")
    response = client.get(url + "?t=" + manage_token(other))
    assert "a@example.org" not in response.content.decode()
    assert client.get(url + "?t=forged").status_code == 400
    assert "a@example.org" not in client.get(url).content.decode()
    # A replaced link reads nothing either.
    token = manage_token(action)
    EventAction.objects.filter(pk=action.pk).update(manage_version=2)
    response = client.get(url + "?t=" + token)
    assert response.status_code == 410
    assert "a@example.org" not in response.content.decode()


def test_a_failed_reminder_is_tried_again_by_the_next_run(day, rsvp, action):
    rsvp(email="a@example.org")
    start = action.starts_at

    def broken(pk):
        raise ConnectionError("the provider is down")

    with pytest.raises(ConnectionError):
        services.reminders_send(now=start - dt.timedelta(hours=20), send=broken)
    reply = EventRsvp.objects.get()
    assert reply.reminded_at is None and reply.reminder_claimed_at is None
    mail.outbox.clear()
    assert services.reminders_send(now=start - dt.timedelta(hours=19), send=_send) == 1


def test_a_reminder_claimed_by_a_dead_worker_is_sent_once_the_claim_lapses(day, rsvp, action):
    rsvp(email="a@example.org")
    start = action.starts_at
    EventRsvp.objects.update(reminder_claimed_at=timezone.now())  # a worker died holding it
    assert services.reminders_send(now=start - dt.timedelta(hours=20), send=_send) == 0
    EventRsvp.objects.update(
        reminder_claimed_at=timezone.now()
        - services.REMINDER_CLAIM_TIMEOUT
        - dt.timedelta(seconds=1)
    )
    mail.outbox.clear()
    assert services.reminders_send(now=start - dt.timedelta(hours=20), send=_send) == 1
    assert len(mail.outbox) == 1


def test_an_actions_page_has_share_links_to_itself(client, day, action):
    from urllib.parse import urlencode

    path = day.url + day.reverse_subpage("action", args=[action.pk])
    html = client.get(path).content.decode()
    facebook = "https://www.facebook.com/sharer/sharer.php?" + urlencode(
        {"u": "http://localhost" + path}
    )
    assert facebook.replace("&", "&amp;") in html
