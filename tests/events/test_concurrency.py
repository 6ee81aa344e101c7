"""Replies racing for the last places, with real threads and transactions: PostgreSQL only."""

import datetime as dt

import pytest
from django.utils import timezone

from events import services
from events.factories import DayOfActionPageFactory, EventActionFactory
from events.models import EventAction, EventRsvp
from tests.utils import RACE_MARKS, THREADS, race_site, run_at_once

pytestmark = RACE_MARKS


@pytest.fixture
def action():
    site = race_site()
    day = DayOfActionPageFactory(parent=site.root_page, slug="race-day")
    start = timezone.now() + dt.timedelta(days=2)
    return EventActionFactory(
        day=day, rsvp_open=True, capacity=1, starts_at=start, ends_at=start + dt.timedelta(hours=2)
    )


def test_people_replying_at_once_for_the_last_place_never_overbook(action):
    def work(i, _):
        rsvp, _created = services.rsvp_create(
            action=action, name=f"P{i}", email=f"p{i}@example.org", language="en"
        )
        return rsvp.status

    statuses = run_at_once(work)
    assert statuses.count(EventRsvp.Status.GOING) == 1
    assert statuses.count(EventRsvp.Status.WAITING) == THREADS - 1
    assert EventRsvp.objects.going().count() == 1
    assert EventRsvp.objects.count() == THREADS


def test_one_person_replying_from_two_tabs_at_once_holds_one_place(action):
    EventAction.objects.filter(pk=action.pk).update(capacity=THREADS)

    def work(i, _):
        return services.rsvp_create(
            action=action, name="Sita", email="sita@example.org", language="en"
        )[1]

    created = run_at_once(work)
    assert created.count(True) == 1
    assert EventRsvp.objects.count() == 1


def test_cancellations_at_once_promote_each_waiting_person_once(action):
    EventAction.objects.filter(pk=action.pk).update(capacity=4)
    action.refresh_from_db()
    replies = [
        services.rsvp_create(action=action, name=f"P{i}", email=f"p{i}@example.org", language="en")[
            0
        ]
        for i in range(4 + THREADS)
    ]
    going = [r for r in replies if r.status == EventRsvp.Status.GOING]
    assert len(going) == 4

    def work(i, _):
        return services.rsvp_cancel(rsvp=going[i % 4])

    results = run_at_once(work)
    assert results.count(True) == 4
    # Four places freed, four promoted: never more than the capacity.
    assert EventRsvp.objects.going().count() == 4
    assert EventRsvp.objects.waiting().count() == THREADS - 4
    promoted = EventRsvp.objects.filter(promoted_at__isnull=False).order_by("created_at", "pk")
    assert [r.name for r in promoted] == ["P4", "P5", "P6", "P7"]
