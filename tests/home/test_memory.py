"""What a process keeps between requests (home/memory.py): bounded, and never stale for long."""

import pytest
from django.core.cache import cache

from home import memory
from petitions.factories import PetitionPageFactory
from petitions.models import PetitionPage


@pytest.fixture
def clock(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(memory.time, "monotonic", lambda: now[0])
    return now


def test_recent_reads_are_remembered_briefly(settings, clock):
    settings.CACHE_RECENT_SECONDS = 2
    assert memory.cache_get_recent("recent-test") is None
    cache.set("recent-test", "first")
    assert memory.cache_get_recent("recent-test") == "first", "a miss is not remembered"
    cache.set("recent-test", "second")
    clock[0] += 1.9
    assert memory.cache_get_recent("recent-test") == "first"
    clock[0] += 0.2
    assert memory.cache_get_recent("recent-test") == "second"
    settings.CACHE_RECENT_SECONDS = 0
    cache.set("recent-test", "third")
    assert memory.cache_get_recent("recent-test") == "third"


def test_a_store_is_bounded():
    store = memory.Memory("test store", maxsize=3)
    try:
        for n in range(3):
            store.set(n, f"value {n}")
        assert store.get(2) == "value 2"
        store.set(3, "value 3")
        assert store.get(3) == "value 3"
        assert [store.get(n) for n in range(3)] == [None, None, None], "emptied when full"
        assert store.get_or_make(9, lambda: "made") == "made"
    finally:
        memory.Memory.stores.remove(store)


def test_every_store_is_listed_and_cleared_together():
    names = {store.name for store in memory.Memory.stores}
    assert {"recent shared-cache reads", "live pages", "prepared forms"} <= names
    memory.FORMS.set("k", "v")
    memory.memory_clear()
    assert memory.FORMS.get("k") is None


def test_a_live_page_is_loaded_again_once_pages_change(campaign, django_assert_num_queries):
    petition = PetitionPageFactory(parent=campaign, title="Ratify C189 now")
    assert memory.live_page(PetitionPage.objects, petition.pk) == petition
    with django_assert_num_queries(0):
        assert memory.live_page(PetitionPage.objects, petition.pk).title == "Ratify C189 now"
    petition.title = "Ratify C189 today"
    petition.save_revision().publish()  # home/signals.py moves the generation on
    assert memory.live_page(PetitionPage.objects, petition.pk).title == "Ratify C189 today"
    petition.unpublish()
    assert memory.live_page(PetitionPage.objects, petition.pk) is None
