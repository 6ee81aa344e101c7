"""iCalendar: one file per action and a feed per day of action, parsed with `icalendar`."""

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from events import services
from events.factories import EventActionFactory
from events.models import EventAction

pytestmark = pytest.mark.django_db

DOHA = zoneinfo.ZoneInfo("Asia/Qatar")


def doha(hour):
    return dt.datetime(2026, 12, 18, hour, 0, tzinfo=DOHA)


def events_of(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_an_action_opens_in_a_calendar_at_its_local_time(client, day):
    action = EventActionFactory(
        day=day,
        title="Football match",
        time_zone="Asia/Qatar",
        starts_at=doha(16),
        ends_at=doha(18),
        country="QA",
        city="Doha",
        venue="Aspire Park",
    )
    url = day.url + day.reverse_subpage("action_calendar", args=[action.pk])
    calendar, (event,) = events_of(client.get(url))
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == "Asia/Qatar"
    assert (start.hour, start.minute) == (16, 0)
    assert start.astimezone(dt.UTC).hour == 13
    assert event.decoded("dtend") - start == dt.timedelta(hours=2)
    assert str(event["summary"]) == "Football match"
    assert str(event["location"]) == "Aspire Park, Doha, Qatar"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Qatar"]
    again = events_of(client.get(url))[1][0]
    assert str(again["uid"]) == str(event["uid"]), "the same UID every time"


def test_the_feed_has_every_approved_action_and_nothing_else(client, day):
    EventActionFactory(day=day, title="Kathmandu rally")
    EventActionFactory(
        day=day, title="Doha match", time_zone="Asia/Qatar", starts_at=doha(16), ends_at=doha(18)
    )
    EventActionFactory(day=day, title="Waiting", status=EventAction.Status.PENDING)
    EventActionFactory(day=day, title="Gone", status=EventAction.Status.CANCELLED)
    calendar, events = events_of(client.get(day.url + day.reverse_subpage("calendar")))
    assert sorted(str(event["summary"]) for event in events) == ["Doha match", "Kathmandu rally"]
    assert sorted(str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")) == [
        "Asia/Kathmandu",
        "Asia/Qatar",
    ]
    assert len({str(event["uid"]) for event in events}) == 2


def test_a_pending_actions_calendar_is_not_served(client, day):
    action = EventActionFactory(day=day, status=EventAction.Status.PENDING)
    url = day.url + day.reverse_subpage("action_calendar", args=[action.pk])
    assert client.get(url).status_code == 404


@pytest.fixture
def fresh_feed(monkeypatch):
    """The feed drawn again as soon as an action changed."""
    from events.views import public

    monkeypatch.setattr(public, "FEED_STALE", 0)


def test_the_feed_costs_the_same_queries_for_many_actions(client, day, fresh_feed):
    url = day.url + day.reverse_subpage("calendar")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            events_of(client.get(url))
        return len(captured)

    EventActionFactory.create_batch(3, day=day)
    services.figures_refresh(action_key=day.action_key)
    few = queries()
    EventActionFactory.create_batch(30, day=day)
    services.figures_refresh(action_key=day.action_key)
    assert queries() == few


def test_the_feed_is_drawn_once_per_change_of_the_actions(
    client, day, django_capture_on_commit_callbacks, fresh_feed
):
    url = day.url + day.reverse_subpage("calendar")
    action = EventActionFactory(day=day, title="Rally")
    services.figures_refresh(action_key=day.action_key)
    assert [str(e["SUMMARY"]) for e in events_of(client.get(url))[1]] == ["Rally"]
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    assert not any("events_eventaction" in q["sql"] for q in kept.captured_queries)
    action.title = "March"
    with django_capture_on_commit_callbacks(execute=True):
        action.save()
    assert [str(e["SUMMARY"]) for e in events_of(client.get(url))[1]] == ["March"]


def test_in_a_surge_of_changes_the_feed_is_drawn_at_most_once_a_minute(
    client, day, django_capture_on_commit_callbacks
):
    url = day.url + day.reverse_subpage("calendar")
    action = EventActionFactory(day=day, title="Rally")
    services.figures_refresh(action_key=day.action_key)
    client.get(url)
    action.title = "March"
    with django_capture_on_commit_callbacks(execute=True):
        action.save()
    # Drawn under a minute ago: the kept feed is served, not drawn again.
    assert [str(e["SUMMARY"]) for e in events_of(client.get(url))[1]] == ["Rally"]
