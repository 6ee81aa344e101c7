"""Cold renders: what a page costs when the page cache misses.

Usage (from the repository root, with the project's virtualenv; about a minute):

    .venv/bin/python bench/renders.py [--requests 30] [--queries] [--profile NAME]

It makes a fresh SQLite database in a temporary directory (WAL, the embedded
default), seeds the demo site and turns the page cache off (PAGE_CACHE_SECONDS
= 0), so that every request below draws its page: what a visitor waits for on
the first view after a publish, or when the cache has expired. Each page is
requested through Django's full middleware stack (the test client, DEBUG off),
warmed three times, then --requests times; it prints the queries of one request
and the median server CPU per request (process time). What a page is drawn
from (its route, the menu, the tracker's columns) is kept by each process until
pages change (home.memory): "after a publish" is the median CPU of the first
view after the pages' generation moved, when all of it is read again.

Targets (issue "Public pages under a surge"): a campaign or a petition page
<= 12 queries and <= 15 ms; the ratification tracker <= 30 ms. The other page
types are printed for information. It prints PASS/MISS and exits 0 either way.
--queries prints each page's SQL; --profile NAME prints where that page's CPU
goes (cProfile, top 25 by cumulative time).
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.views import after_change, measure, queries_of, setup  # noqa: E402

TARGETS = {
    "a campaign": (12, 15.0),
    "a petition": (12, 15.0),
    "tracker": (None, 30.0),
}


def pages():
    from campaigns.models import CampaignIndexPage, CampaignPage, RatificationTrackerPage
    from events.models import DayOfActionPage
    from home.models import HomePage
    from petitions.models import PetitionPage
    from solidarity.models import SolidarityWallPage

    def first(model, **filters):
        page = model.objects.live().filter(locale__language_code="en", **filters).first()
        return page.url if page else None

    return {
        "home": first(HomePage),
        "campaigns": first(CampaignIndexPage),
        "a campaign": first(CampaignPage, slug="ratify-c189"),
        "a petition": first(PetitionPage),
        "tracker": first(RatificationTrackerPage),
        "day of action": first(DayOfActionPage),
        "wall": first(SolidarityWallPage),
    }


def profile(client, url, requests):
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(25)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--queries", action="store_true", help="print each page's SQL")
    parser.add_argument("--profile", metavar="NAME", help="profile one page, e.g. tracker")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        settings.PAGE_CACHE_SECONDS = 0
        print("Seeding the demo site in a fresh SQLite database...", flush=True)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        client = Client(HTTP_HOST="localhost")
        urls = pages()
        if args.profile:
            url = urls[args.profile]
            measure(client, url, 1)
            profile(client, url, args.requests)
            return
        from home.memory import pages_generation_bump

        urls = {name: url for name, url in urls.items() if url}
        results = {name: measure(client, url, args.requests) for name, url in urls.items()}
        first = {
            name: after_change(client, url, pages_generation_bump) for name, url in urls.items()
        }
        print()
        print(
            f"{'page (cache miss)':<18}{'queries':>8}{'CPU ms':>9}{'after a publish':>17}  target"
        )
        for name, (queries, cpu) in results.items():
            verdict = ""
            if name in TARGETS:
                most_queries, most_ms = TARGETS[name]
                ok = cpu <= most_ms and (most_queries is None or queries <= most_queries)
                wanted = f"<= {most_ms:.0f} ms" + (
                    f", <= {most_queries} queries" if most_queries else ""
                )
                verdict = ("PASS" if ok else "MISS") + f" ({wanted})"
            print(f"{name:<18}{queries:>8}{cpu:>9.1f}{first[name]:>14.1f} ms  {verdict}")
            if args.queries:
                for sql in queries_of(client, urls[name]):
                    print("    " + sql[:220])


if __name__ == "__main__":
    main()
