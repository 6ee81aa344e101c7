"""The day of action's page and list: a fixed number of queries however many actions."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.factories import EventActionFactory
from events.models import DayFigures, EventAction, ToolkitItem
from events.views.public import PAGE_SIZE

pytestmark = pytest.mark.django_db


def test_the_page_costs_the_same_queries_for_ten_actions_or_many(client, day):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(day.url).status_code == 200
        return len(captured)

    def rendered_and_cached():
        client.get(day.url)  # warm what each process keeps (home.memory)
        cache.clear()
        rendered = queries()  # the list is rendered, then kept until an action changes
        return rendered, queries()

    EventActionFactory.create_batch(10, day=day)
    services.figures_refresh(action_key=day.action_key)
    ten = rendered_and_cached()
    EventActionFactory.create_batch(PAGE_SIZE * 2, day=day, country="QA")
    services.figures_refresh(action_key=day.action_key)
    assert rendered_and_cached() == ten
    assert ten[1] < ten[0]  # a list kept is not read again


def test_the_kept_list_changes_when_an_action_does(client, day, django_capture_on_commit_callbacks):
    action = EventActionFactory(day=day, title="Rally in Kathmandu")
    services.figures_refresh(action_key=day.action_key)
    assert "Rally in Kathmandu" in client.get(day.url).content.decode()
    action.title = "March in Kathmandu"
    with django_capture_on_commit_callbacks(execute=True):
        action.save()  # as the admin or the organiser's link saves it
    html = client.get(day.url).content.decode()
    assert "March in Kathmandu" in html and "Rally in Kathmandu" not in html


def test_the_list_is_paginated(client, day):
    EventActionFactory.create_batch(PAGE_SIZE + 5, day=day)
    first = client.get(day.url).content.decode()
    second = client.get(day.url, {"page": 2}).content.decode()
    assert first.count("event-list__item") == PAGE_SIZE
    assert second.count("event-list__item") == 5
    assert client.get(day.url, {"page": "999"}).status_code == 200
    assert client.get(day.url, {"page": "x"}).status_code == 200


def test_the_figures_are_counted_by_the_worker_not_on_each_view(
    client, day, django_capture_on_commit_callbacks
):
    EventActionFactory.create_batch(2, day=day, country="NP", expected_participants=100)
    pending = EventActionFactory(day=day, country="QA", status=EventAction.Status.PENDING)
    # Nothing counted yet: the page shows no figures rather than counting itself.
    assert 'class="count__total"' not in client.get(day.url).content.decode()
    services.figures_refresh(action_key=day.action_key)
    figures = DayFigures.objects.get(action_key=day.action_key)
    assert (figures.actions, figures.countries, figures.participants) == (2, 1, 200)
    assert figures.by_country == {"NP": 2}
    # Approving an action recounts them in a task queued on commit.
    with django_capture_on_commit_callbacks(execute=True):
        services.action_decide(actions=EventAction.objects.filter(pk=pending.pk), approve=True)
    figures.refresh_from_db()
    assert (figures.actions, figures.countries) == (3, 2)
    html = client.get(day.url).content.decode()
    assert "3</strong> actions" in html and "in 2 countries" in html
    assert "400 participants expected" in html


def test_the_map_is_drawn_from_the_counted_figures(client, day):
    EventActionFactory.create_batch(3, day=day, country="NP")
    services.figures_refresh(action_key=day.action_key)
    EventActionFactory(day=day, country="QA")  # not counted yet
    response = client.get(day.url + day.reverse_subpage("map"))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "max-age=300" in response["Cache-Control"]
    svg = response.content.decode()
    assert "Nepal: 3 actions" in svg
    assert "Qatar:" not in svg
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org", "")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"country": "QA"}, {"Football"}),
        ({"kind": "online"}, {"Webinar"}),
        ({"where": "online"}, {"Webinar"}),
        ({"where": "in_person"}, {"Football", "Rally"}),
        ({"date": "2026-12-19"}, {"Rally"}),
        ({"country": "ZZ", "kind": "<script>", "date": "1900-01-01", "where": "moon"}, None),
    ],
)
def test_the_list_filters_by_country_kind_date_and_place(client, day, query, titles):
    import datetime as dt
    import zoneinfo

    EventActionFactory(
        day=day, title="Football", kind="sports", country="QA", time_zone="Asia/Qatar"
    )
    # 00:30 on the 19th in Kathmandu is still the 18th in UTC: the local date counts.
    start = dt.datetime(2026, 12, 19, 0, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Kathmandu"))
    EventActionFactory(
        day=day, title="Rally", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    EventActionFactory(
        day=day,
        title="Webinar",
        kind="online",
        venue="",
        city="",
        online_url="https://meet.example.org/imd",
    )
    services.figures_refresh(action_key=day.action_key)
    response = client.get(day.url, query)
    assert response.status_code == 200
    shown = {a.title for a in response.context["listing"]}
    assert shown == (titles if titles is not None else {"Football", "Rally", "Webinar"})


def test_the_toolkit_lists_materials_in_the_visitors_language_first(client, day):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    for n, (title, language) in enumerate(
        [("Poster", "en"), ("Affiche", "fr"), ("Leaflet in Nepali", "ne")]
    ):
        document = Document(title=title, file=ContentFile(b"%PDF-1.4", name=f"{n}.pdf"))
        document.save()
        ToolkitItem.objects.create(page=day, document=document, language=language, sort_order=n)
    html = client.get(day.url).content.decode()
    assert html.index("Poster") < html.index("Affiche")
    assert 'hreflang="ne"' in html and "Nepali" in html
