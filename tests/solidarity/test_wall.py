"""The wall: published messages only, filters, pages, a fixed number of queries,
text in any direction, and the report button."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from solidarity import services
from solidarity.factories import MessageFactory
from solidarity.models import Message
from solidarity.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def refresh(wall):
    services.figures_refresh(action_key=wall.action_key)


def test_only_published_messages_are_shown_and_always_escaped(client, wall):
    MessageFactory(wall=wall, text="<script>alert('x')</script> Solidarity")
    MessageFactory(wall=wall, text="Waiting message", status=Message.Status.PENDING)
    MessageFactory(wall=wall, text="Hidden message", status=Message.Status.HIDDEN)
    refresh(wall)
    html = client.get(wall.url).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Solidarity" in html
    assert "<script>alert" not in html
    assert "Waiting message" not in html and "Hidden message" not in html


def test_right_to_left_messages_keep_their_direction(client, wall):
    MessageFactory(wall=wall, language="ar", text="نحن معكم")
    refresh(wall)
    html = client.get(wall.url).content.decode()
    assert '<article class="message" lang="ar">' in html
    assert '<p class="message__text" dir="auto">نحن معكم</p>' in html


@pytest.mark.parametrize(
    ("query", "texts"),
    [
        ({"from_country": "KE"}, {"From Kenya"}),
        ({"to_country": "PH"}, {"To the Philippines"}),
        ({"language": "sw"}, {"From Kenya"}),
        ({"from_country": "ZZ", "language": "<x>"}, None),
    ],
)
def test_the_wall_filters_by_countries_and_language(client, wall, query, texts):
    MessageFactory(wall=wall, text="From Nepal")
    MessageFactory(wall=wall, text="From Kenya", from_country="KE", language="sw")
    MessageFactory(wall=wall, text="To the Philippines", to_country="PH")
    refresh(wall)
    response = client.get(wall.url, query)
    assert response.status_code == 200
    shown = {m.text for m in response.context["listing"]}
    assert shown == (texts or {"From Nepal", "From Kenya", "To the Philippines"})


def test_the_wall_costs_the_same_queries_for_few_messages_or_many(client, wall):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(wall.url).status_code == 200
        return len(captured)

    def rendered_and_kept():
        client.get(wall.url)
        cache.clear()
        return queries(), queries()

    MessageFactory.create_batch(3, wall=wall)
    refresh(wall)
    few = rendered_and_kept()
    MessageFactory.create_batch(PAGE_SIZE * 2, wall=wall, from_country="KE")
    refresh(wall)
    assert rendered_and_kept() == few


def test_a_message_has_its_page_and_reports_count_once_per_person(client, wall):
    wall.report_threshold = 2
    wall.save()
    message = MessageFactory(wall=wall)
    url = wall.url + wall.reverse_subpage("message", args=[message.pk])
    report = wall.url + wall.reverse_subpage("report", args=[message.pk])
    assert "Report this message" in client.get(url).content.decode()
    for _ in range(1000 // 100):  # one person pressing again and again
        client.post(report, REMOTE_ADDR="198.51.100.1")
    message.refresh_from_db()
    assert (message.reports, message.status) == (1, Message.Status.APPROVED)
    response = client.post(report, REMOTE_ADDR="198.51.100.2")
    assert (response.status_code, response["Location"]) == (303, wall.url + "?reported=1")
    assert "will look at this message again" in client.get(response["Location"]).content.decode()
    message.refresh_from_db()
    assert (message.reports, message.status) == (2, Message.Status.PENDING)
    # Back in the queue: no longer on the wall.
    assert client.get(url).status_code == 404
    assert client.get(report).status_code == 405


def test_reporting_is_limited_per_connection(client, wall, settings):
    settings.SOLIDARITY_PER_HOUR = 3
    cache.clear()
    messages = MessageFactory.create_batch(5, wall=wall)
    codes = [
        client.post(
            wall.url + wall.reverse_subpage("report", args=[m.pk]), REMOTE_ADDR="198.51.100.3"
        ).status_code
        for m in messages
    ]
    assert codes == [303, 303, 303, 429, 429]


def test_the_links_view_counts_who_speaks_to_whom(client, wall):
    MessageFactory.create_batch(3, wall=wall, from_country="NP", to_country="QA")
    MessageFactory(wall=wall, from_country="KE", to_country="SA")
    MessageFactory(wall=wall, from_country="KE", to_country="SA", status=Message.Status.PENDING)
    refresh(wall)
    response = client.get(wall.url + wall.reverse_subpage("links"))
    html = response.content.decode()
    assert response.context["pairs"] == [("Nepal → Qatar", 3), ("Kenya → Saudi Arabia", 1)]
    assert "<svg" in html


def test_the_printable_wall_has_the_filtered_messages(client, wall):
    MessageFactory(wall=wall, text="From Nepal")
    MessageFactory(wall=wall, text="From Kenya", from_country="KE")
    MessageFactory(wall=wall, text="Not yet", status=Message.Status.PENDING)
    refresh(wall)
    html = client.get(wall.url + wall.reverse_subpage("print"), {"from_country": "KE"})
    html = html.content.decode()
    assert "From Kenya" in html and "From Nepal" not in html and "Not yet" not in html
