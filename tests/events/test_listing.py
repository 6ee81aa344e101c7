"""The day of action's page and list: a fixed number of queries however many actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.factories import EventActionFactory
from events.views.public import PAGE_SIZE

pytestmark = pytest.mark.django_db


def test_the_page_costs_the_same_queries_for_ten_actions_or_many(client, day):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(day.url).status_code == 200
        return len(captured)

    EventActionFactory.create_batch(10, day=day)
    client.get(day.url)  # warm what each process keeps (home.memory)
    ten = queries()
    EventActionFactory.create_batch(PAGE_SIZE * 2, day=day)
    assert queries() == ten


def test_the_list_is_paginated(client, day):
    EventActionFactory.create_batch(PAGE_SIZE + 5, day=day)
    first = client.get(day.url).content.decode()
    second = client.get(day.url, {"page": 2}).content.decode()
    assert first.count("event-list__item") == PAGE_SIZE
    assert second.count("event-list__item") == 5
    assert client.get(day.url, {"page": "999"}).status_code == 200
    assert client.get(day.url, {"page": "x"}).status_code == 200
