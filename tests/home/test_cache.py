"""The Redis cache backend: one client per pool, and it still works as a Django cache."""

import socket

import pytest

from home.cache import RedisCache

URL = "redis://127.0.0.1:6379/15"


def redis_reachable():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.2).close()
    except OSError:
        return False
    return True


def test_one_client_serves_every_operation():
    cache = RedisCache(URL, {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first, "one server: one pool"


def test_reads_from_replicas_use_their_own_pools():
    cache = RedisCache(f"{URL},redis://127.0.0.1:6380/15", {})
    writer = cache._cache.get_client(write=True)
    reader = cache._cache.get_client()
    assert reader is not writer
    assert reader.connection_pool is not writer.connection_pool
    assert cache._cache.get_client() is reader


@pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
def test_it_is_a_django_cache():
    cache = RedisCache(URL, {"KEY_PREFIX": "mobilise-test-cache"})
    cache.delete_many(["k", "n"])
    assert cache.add("k", {"v": 1}, 30) is True
    assert cache.add("k", {"v": 2}, 30) is False
    assert cache.get("k") == {"v": 1}
    cache.set("n", 1, 30)
    assert cache.incr("n") == 2
    cache.delete_many(["k", "n"])
    assert cache.get("k") is None
