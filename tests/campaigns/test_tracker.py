import pytest

from campaigns.factories import RatificationFactory
from campaigns.models import Convention, Ratification
from campaigns.regions import STATE_REGIONS, STATES, Region
from home.memory import pages_generation_bump

pytestmark = pytest.mark.django_db


@pytest.fixture
def ratifications():
    c189 = Convention.objects.get(code="C189")
    c190 = Convention.objects.get(code="C190")
    RatificationFactory(convention=c189, country="PH")
    RatificationFactory(convention=c190, country="PH", status=Ratification.Status.NOT_IN_FORCE)
    RatificationFactory(convention=c189, country="IT")
    RatificationFactory(convention=c189, country="JO", status=Ratification.Status.DENOUNCED)


def test_tracker_shows_every_member_state_and_counts(client, tracker_page, ratifications):
    response = client.get(tracker_page.url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == len(STATES)
    counts = {c.code: n for c, n in response.context["convention_counts"]}
    assert counts["C189"] == 2, "denounced ratifications are not counted"
    assert counts["C190"] == 1
    assert counts["C87"] == 0
    html = response.content.decode()
    assert '<td class="s-f">2012</td>' in html
    assert '<td class="s-n">2012*</td>' in html
    assert '<td class="s-d"><del>2012</del></td>' in html


def test_tracker_filters_by_region(client, tracker_page, ratifications):
    response = client.get(tracker_page.url, {"region": "arab_states"})
    codes = {row["code"] for row in response.context["rows"]}
    assert codes == {c for c, r in STATE_REGIONS.items() if r == Region.ARAB_STATES}
    assert "QA" in codes and "PH" not in codes
    counts = {c.code: n for c, n in response.context["convention_counts"]}
    assert counts["C189"] == 0


def test_tracker_filters_by_country(client, tracker_page, ratifications):
    response = client.get(tracker_page.url, {"country": "PH"})
    rows = response.context["rows"]
    assert [row["code"] for row in rows] == ["PH"]


@pytest.mark.parametrize(
    "query", ["?region=nonsense", "?country=%00", "?country=ZZ&region=", "?region=%ff%fe", "?x"]
)
def test_tracker_survives_malformed_query_strings(client, tracker_page, ratifications, query):
    response = client.get(tracker_page.url + query)
    assert response.status_code == 200
    assert len(response.context["rows"]) == len(STATES)


def test_tracker_query_count_is_fixed(
    client, tracker_page, django_assert_max_num_queries, django_assert_num_queries
):
    client.get(tracker_page.url)
    with django_assert_num_queries(0):  # the columns are kept until ratifications change
        client.get(tracker_page.url)
    pages_generation_bump()
    with django_assert_max_num_queries(30) as few:
        client.get(tracker_page.url)
    for code in ["FR", "DE", "ES", "BR", "AR", "ZA"]:
        RatificationFactory(convention=Convention.objects.get(code="C87"), country=code)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(tracker_page.url)
    assert sum(count for _c, count in response.context["convention_counts"]) >= 6


def test_country_names_follow_the_language(client, tracker_page, home_page, locales):
    french_home = home_page.copy_for_translation(locales["fr"])
    french_home.save_revision().publish()
    french_tracker = tracker_page.copy_for_translation(locales["fr"])
    french_tracker.save_revision().publish()
    html = client.get(french_tracker.url, {"country": "DE"}).content.decode()
    assert "Allemagne" in html
