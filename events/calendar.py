"""iCalendar files (RFC 5545) through the maintained `icalendar` library: one per
action, and a feed per day of action that calendar apps subscribe to.

Each event keeps its own time zone (DTSTART;TZID=Asia/Qatar with the matching
VTIMEZONE), so a calendar shows 16:00 in Doha as 16:00 there and converts it
for whoever is elsewhere. UIDs are stable: re-importing or refreshing the feed
updates an event instead of adding a second copy.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Mobilise//Days of action//EN"


def action_uid(action, host):
    return f"event-action-{action.pk}@{host}"


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(action, url, host, now):
    event = Event()
    event.add("uid", action_uid(action, host))
    event.add("dtstamp", now)
    event.add("dtstart", action.local_start)
    event.add("dtend", action.local_end)
    event.add("summary", action.title)
    event.add("description", f"{action.description}\n\n{action.organisation}\n{url}")
    place = ", ".join(part for part in (action.venue, action.city, action.country.name) if part)
    event.add("location", place or action.online_url)
    event.add("url", url)
    if action.status == action.Status.CANCELLED:
        event.add("status", "CANCELLED")
    return event


def calendar_for(actions, *, name, url_for):
    """The calendar of these actions; url_for(action) is each one's page."""
    host = urlsplit(settings.BASE_URL).hostname or "mobilise"
    now = timezone.now()
    calendar = _calendar(name)
    for action in actions:
        calendar.add_component(_event(action, url_for(action), host, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
