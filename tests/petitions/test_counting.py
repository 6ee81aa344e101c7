"""The public count: batched by tallies_update, reconciled by tallies_recount,
corrected by the staff's invalidations and paper batches, read in a fixed number of queries."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petitions import services, tasks
from petitions.factories import PetitionPageFactory, SignatureFactory
from petitions.models import (
    PaperSignatures,
    PetitionCountryTally,
    PetitionPage,
    PetitionTally,
    Signature,
    next_milestone,
)
from petitions.selectors import country_breakdown, petition_count

pytestmark = pytest.mark.django_db


def confirmed(petition, n=1, **kwargs):
    """n confirmed signatures, not yet counted."""
    kwargs.setdefault("confirmed_at", timezone.now())
    return [SignatureFactory(petition=petition, **kwargs) for _ in range(n)]


def tally(petition):
    return PetitionTally.objects.get(action_key=petition.action_key).confirmed


def by_country(petition):
    return dict(
        PetitionCountryTally.objects.filter(action_key=petition.action_key).values_list(
            "country", "confirmed"
        )
    )


# tallies_update -------------------------------------------------------------------


def test_tallies_update_counts_only_confirmed_unflagged_valid_signatures(petition):
    confirmed(petition, 3, country="PH")
    confirmed(petition, 2, country="NP")
    SignatureFactory(petition=petition)  # not confirmed
    confirmed(petition, flagged=True, flag_reason="burst")
    confirmed(petition, invalidated_at=timezone.now())

    marked = services.tallies_update()

    assert marked == 7, "every confirmed signature is looked at once, counting or not"
    assert tally(petition) == 5
    assert by_country(petition) == {"PH": 3, "NP": 2}
    assert not Signature.objects.filter(confirmed_at__isnull=False, counted=False).exists()
    assert Signature.objects.get(confirmed_at__isnull=True).counted is False
    assert petition_count(petition=petition)["total"] == 5


def test_a_second_run_adds_nothing(petition):
    confirmed(petition, 4)
    services.tallies_update()
    assert services.tallies_update() == 0
    assert tally(petition) == 4
    assert by_country(petition) == {"PH": 4}


def test_signatures_confirmed_after_a_batch_are_added_by_the_next(petition):
    confirmed(petition, 2, country="PH")
    waiting = SignatureFactory(petition=petition, country="NP")
    services.tallies_update()
    assert tally(petition) == 2

    Signature.objects.filter(pk=waiting.pk).update(confirmed_at=timezone.now())
    confirmed(petition, 1, country="PH")
    assert services.tallies_update() == 2
    assert tally(petition) == 4
    assert by_country(petition) == {"PH": 3, "NP": 1}


def test_tallies_update_works_in_batches(petition):
    confirmed(petition, 5)
    assert services.tallies_update(limit=2) == 2
    assert tally(petition) == 2
    assert services.tallies_update(limit=2) == 2
    assert services.tallies_update(limit=2) == 1
    assert services.tallies_update(limit=2) == 0
    assert tally(petition) == 5


def test_tallies_update_keeps_petitions_apart(petition, campaign):
    other = PetitionPageFactory(parent=campaign, slug="other")
    confirmed(petition, 2)
    confirmed(other, 3, country="FR")
    services.tallies_update()
    assert (tally(petition), tally(other)) == (2, 3)
    assert by_country(petition) == {"PH": 2}
    assert by_country(other) == {"FR": 3}


def test_nothing_to_count_writes_nothing(petition, django_assert_num_queries):
    SignatureFactory(petition=petition)
    with django_assert_num_queries(1):
        assert services.tallies_update() == 0
    assert not PetitionTally.objects.exists()


# tallies_recount ------------------------------------------------------------------


def test_recount_restores_a_tampered_tally(petition):
    confirmed(petition, 3, country="PH")
    confirmed(petition, 1, country="NP")
    services.tallies_update()
    PetitionTally.objects.filter(action_key=petition.action_key).update(confirmed=999)
    PetitionCountryTally.objects.filter(action_key=petition.action_key, country="PH").update(
        confirmed=7
    )

    services.tallies_recount(action_keys=[petition.action_key])

    assert tally(petition) == 4
    assert by_country(petition) == {"PH": 3, "NP": 1}


def test_recount_of_every_petition(petition, campaign):
    other = PetitionPageFactory(parent=campaign, slug="other")
    confirmed(petition, 2)
    confirmed(other, 1)
    services.tallies_update()
    PetitionTally.objects.update(confirmed=0)

    assert services.tallies_recount() == 2
    assert (tally(petition), tally(other)) == (2, 1)


def test_recount_marks_uncounted_confirmed_signatures_counted(petition):
    confirmed(petition, 2)
    services.tallies_recount(action_keys=[petition.action_key])
    assert tally(petition) == 2
    assert services.tallies_update() == 0, "the next batch must not add them again"
    assert tally(petition) == 2


def test_recount_removes_country_rows_that_no_longer_apply(petition):
    confirmed(petition, 2, country="PH")
    nepal = confirmed(petition, 1, country="NP")
    services.tallies_update()
    Signature.objects.filter(pk=nepal[0].pk).update(flagged=True, flag_reason="staff")

    services.tallies_recount(action_keys=[petition.action_key])

    assert by_country(petition) == {"PH": 2}
    assert tally(petition) == 2
    assert [row["code"] for row in country_breakdown(petition=petition)] == ["PH"]


def test_recount_lists_petitions_without_reading_every_signature(petition):
    confirmed(petition, 3)
    PaperSignatures.objects.create(petition=petition, count=5)
    with CaptureQueriesContext(connection) as queries:
        services.tallies_recount()
    listing = [q["sql"] for q in queries.captured_queries if "DISTINCT" in q["sql"].upper()]
    assert listing, "the petitions to recount are listed with DISTINCT"
    for sql in listing:
        assert "created_at" not in sql and "added_at" not in sql, sql


# Staff corrections --------------------------------------------------------------


def test_invalidating_signatures_lowers_the_count_after_commit(
    petition, django_capture_on_commit_callbacks
):
    confirmed(petition, 3, country="PH")
    burst = confirmed(petition, 2, country="NP")
    services.tallies_update()
    assert petition_count(petition=petition)["total"] == 5

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        n = services.signatures_invalidate(
            queryset=Signature.objects.filter(pk__in=[s.pk for s in burst])
        )
    assert n == 2
    assert tally(petition) == 5, "the recount waits for the commit"
    for callback in callbacks:
        callback()

    assert tally(petition) == 3
    assert by_country(petition) == {"PH": 3}
    assert petition_count(petition=petition)["total"] == 3


def test_invalidating_twice_counts_once(petition, django_capture_on_commit_callbacks):
    signatures = confirmed(petition, 2)
    services.tallies_update()
    queryset = Signature.objects.filter(pk=signatures[0].pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.signatures_invalidate(queryset=queryset) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.signatures_invalidate(queryset=queryset) == 0
    assert tally(petition) == 1


def test_paper_signatures_raise_the_public_total_and_survive_a_recount(
    petition, django_capture_on_commit_callbacks
):
    confirmed(petition, 2)
    services.tallies_update()
    with django_capture_on_commit_callbacks(execute=True):
        services.paper_signatures_add(petition=petition, count=300, country="NP", note="May Day")
        services.paper_signatures_add(petition=petition, count=50)

    count = petition_count(petition=petition)
    assert count["total"] == 352
    tally_row = PetitionTally.objects.get(action_key=petition.action_key)
    assert (tally_row.confirmed, tally_row.paper) == (2, 350)

    PetitionTally.objects.filter(action_key=petition.action_key).update(paper=0, confirmed=0)
    services.tallies_recount(action_keys=[petition.action_key])
    assert petition_count(petition=petition)["total"] == 352


def test_paper_signatures_on_a_petition_without_any_online(
    petition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.paper_signatures_add(petition=petition, count=1200)
    count = petition_count(petition=petition)
    assert count["total"] == 1200
    assert count["goal"] == 2500, "passing the goal shows the next milestone"


# Goal and milestones -------------------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "milestone"),
    [(1000, 2500), (2500, 5000), (5000, 10000), (10000, 25000), (7500, 10000), (1, 2)],
)
def test_next_milestone(goal, milestone):
    assert next_milestone(goal) == milestone


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 1000), (999, 1000), (1000, 2500), (2499, 2500), (2500, 5000), (9999, 10000)],
)
def test_goal_for_raises_the_goal_once_reached(count, shown):
    assert PetitionPage(goal=1000, raise_goal=True).goal_for(count) == shown


def test_goal_for_keeps_the_goal_when_not_raised():
    page = PetitionPage(goal=1000, raise_goal=False)
    assert page.goal_for(5000) == 1000


def test_percent_is_capped_when_the_goal_is_kept(petition):
    petition.raise_goal = False
    petition.goal = 10
    petition.save()
    confirmed(petition, 15)
    services.tallies_update()
    count = petition_count(petition=petition)
    assert (count["total"], count["goal"], count["percent"]) == (15, 10, 100)


# What the public sees ----------------------------------------------------------------


def test_count_endpoint_and_page_reflect_the_tally(client, petition):
    confirmed(petition, 3, country="PH")
    confirmed(petition, 2, country="NP")
    assert client.get(petition.url + "count/").json()["total"] == 0

    services.tallies_update()

    assert client.get(petition.url + "count/").json() == {
        "total": 5,
        "goal": 1000,
        "percent": 0,
        "total_text": "5",
        "goal_text": "1,000",
    }
    response = client.get(petition.url)
    assert response.context["count"]["total"] == 5
    html = response.content.decode()
    assert re.search(r'<strong class="count__total"[^>]*>5</strong>', html)
    assert [(row["code"], row["count"]) for row in response.context["countries"]] == [
        ("PH", 3),
        ("NP", 2),
    ]


def test_the_page_shows_the_tally_not_a_live_count(client, petition):
    confirmed(petition, 2)
    services.tallies_update()
    PetitionTally.objects.filter(action_key=petition.action_key).update(confirmed=1234)
    assert client.get(petition.url).context["count"]["total"] == 1234
    assert client.get(petition.url + "count/").json()["goal"] == 2500


def test_petition_page_queries_do_not_grow_with_signatures(
    client, petition, django_assert_max_num_queries
):
    countries = ["PH", "NP", "ID", "LK", "KE"]
    for n in range(5):
        SignatureFactory(
            petition=petition, confirmed_at=timezone.now(), country=countries[n], display="name"
        )
    services.tallies_update()
    client.get(petition.url)  # warm caches such as the site root
    with django_assert_max_num_queries(30) as few:
        assert client.get(petition.url).status_code == 200

    for n in range(55):
        SignatureFactory(
            petition=petition,
            confirmed_at=timezone.now() - timedelta(seconds=n),
            country=countries[n % 5] if n % 2 else "QA",
            display="initials",
        )
    services.tallies_update()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(petition.url)
    assert response.context["count"]["total"] == 60


# The counting follower (home/queue.py) -------------------------------------------


def test_two_kicks_in_a_row_enqueue_one_counting_task():
    with mock.patch("home.queue.async_task") as async_task:
        services.TALLIES.kick()
        services.TALLIES.kick()
    async_task.assert_called_once_with("petitions.tasks.tallies_follow", 0)
    assert cache.get(services.TALLIES.lock_key((), 0)) is not None


def test_the_lock_is_released_once_the_task_ran(petition):
    confirmed(petition, 2)
    with mock.patch("home.queue.async_task") as async_task:
        services.TALLIES.kick()
        tasks.tallies_follow()
        assert cache.get(services.TALLIES.lock_key((), 0)) is None
        assert tally(petition) == 2
        services.TALLIES.kick()
    assert async_task.call_count == 2


def test_a_kick_runs_the_counting_task_inline_in_tests(petition):
    """django-q2 runs in sync mode: the kick counts and frees the lock at once."""
    confirmed(petition, 3)
    services.TALLIES.kick()
    assert tally(petition) == 3
    assert cache.get(services.TALLIES.lock_key((), 0)) is None


def test_confirming_kicks_the_count(petition, django_capture_on_commit_callbacks):
    signature = SignatureFactory(petition=petition)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.signature_confirm(signature=signature) is True
    assert tally(petition) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.signature_confirm(signature=signature) is False
    assert tally(petition) == 1
