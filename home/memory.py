"""Everything a process keeps in its own memory between requests, in one place.

Nothing kept here is the truth: each entry is a copy of something in the
database or the shared cache, or a rendering of code and translations, kept
because making it again cost a measured share of a request (bench/sign.py
--profile). Processes share nothing through it, and nothing is lost when one
dies. Every store is bounded, and says what it keeps, for how long, and what
clears it:

- RECENT: shared-cache values read on every signature (the blocked domains,
  the affiliates, the pages' generation), for CACHE_RECENT_SECONDS after they
  were read.
- LIVE_PAGES: published, public pages by id (the signing path loads its
  petition without Wagtail's routing), until the page tree's generation moves:
  a page published, unpublished, moved or deleted, or a view restriction
  changed (home/signals.py), seen within RECENT's time.
- DRAWN_FROM: what public pages are drawn from and what changes only with
  the pages' generation: where each public URL leads (home.routes), the menu
  and the home page of each language, each page's translations, the site's
  settings; until the generation moves.
- PAGES: pages from the shared page cache (home/pagecache.py), by key, for
  CACHE_RECENT_SECONDS after they were read: a hit then reads no cache at
  all. Pages are at most that much older than the page cache keeps them.
- FORMS: form fields and the country list, prepared per language and per
  page's choices, until the process ends (they depend only on code and
  translations).
- EMAIL_TEMPLATES: a mailing's version rendered once for many batches, until
  the mailing is edited (its updated_at is in the key).

The Redis cache client (home/cache.py) also keeps one client object per
connection pool; it holds no data.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache


class Memory:
    """A bounded dictionary, emptied when full; entries may expire after `ttl` seconds."""

    stores = []

    def __init__(self, name, *, maxsize, ttl_setting=None):
        self.name = name
        self.maxsize = maxsize
        self.ttl_setting = ttl_setting
        self._entries = {}
        Memory.stores.append(self)

    def get(self, key):
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self.ttl_setting and time.monotonic() - entry[0] >= getattr(settings, self.ttl_setting):
            return None
        return entry[1]

    def set(self, key, value):
        if len(self._entries) >= self.maxsize and key not in self._entries:
            self._entries.clear()
        self._entries[key] = (time.monotonic(), value)
        return value

    def get_or_make(self, key, make):
        value = self.get(key)
        return value if value is not None else self.set(key, make())

    def clear(self):
        self._entries.clear()


RECENT = Memory("recent shared-cache reads", maxsize=64, ttl_setting="CACHE_RECENT_SECONDS")
LIVE_PAGES = Memory("live pages", maxsize=1000)
DRAWN_FROM = Memory("what pages are drawn from", maxsize=2000)
PAGES = Memory("pages from the page cache", maxsize=200, ttl_setting="CACHE_RECENT_SECONDS")
FORMS = Memory("prepared forms", maxsize=512)
EMAIL_TEMPLATES = Memory("rendered email templates", maxsize=50)


def memory_clear():
    """Forget everything this process keeps (tests; never needed for correctness)."""
    for store in Memory.stores:
        store.clear()


def cache_get_recent(key, store=RECENT):
    """The shared cache's value for `key`, as this process read it in the last moment.

    For settings read on every signature and changed rarely: each read of the
    shared cache is a file read or a round trip to Redis, and a change taking
    effect CACHE_RECENT_SECONDS later does no harm. Misses are not remembered.
    `store` is where the process keeps it (RECENT, or PAGES for pages).
    """
    value = store.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            store.set(key, value)
    return value


PAGES_GENERATION_KEY = "home:pages-generation"


def pages_generation():
    """A token that changes whenever any page's public state may have changed."""
    generation = cache_get_recent(PAGES_GENERATION_KEY)
    if generation is None:
        cache.add(PAGES_GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(PAGES_GENERATION_KEY)
    return generation


def pages_generation_bump():
    cache.set(PAGES_GENERATION_KEY, uuid.uuid4().hex, None)


def live_page(queryset, page_id):
    """The published, unrestricted page with this id from `queryset`, or None.

    Loading a page (a join over its tables and a query for view restrictions)
    was a third of a signature's time; a process now reads one cache key.
    """
    return kept_until_pages_change(
        LIVE_PAGES,
        (queryset.model._meta.label, page_id),
        lambda: queryset.live().public().filter(pk=page_id).first(),
    )


def kept_until_pages_change(store, key, make):
    """make()'s value, made once per pages' generation and kept in `store`."""
    generation = pages_generation()
    entry = store.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    value = make()
    store.set(key, (generation, value))
    return value
