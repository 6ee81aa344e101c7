"""The Redis cache backend, with one Redis client per connection pool."""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    """Builds a redis.Redis once per connection pool instead of once per operation.

    Django's client makes a new redis.Redis for every get, set or add, and each
    one builds a table of some 170 response callbacks: on the signing path that
    cost more CPU than the round trips to Redis (bench/sign.py --profile). A
    Redis client holds no connection of its own (the pool does) and is safe to
    share between threads.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
