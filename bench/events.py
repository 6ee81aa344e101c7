"""Days of action benchmark: the page, its list and its map with 10 and 10,000 actions.

Usage (from the repository root, with the project's virtualenv; about a minute):

    .venv/bin/python bench/events.py [--actions 10000] [--requests 100]

It makes a fresh SQLite database in a temporary directory (WAL, the embedded
default), seeds the demo site, and leaves its International Migrants Day with
10 approved actions. Each view below is requested in this process through
Django's full middleware stack (the test client, DEBUG off), warmed three times,
then --requests times; it prints the queries of one request and the server CPU
time per request (process time, so another process on the machine does not
count). The list and the feed are drawn once per change of the day's actions
and kept in the cache: it also prints the first view after a change (the feed
is drawn again at most once a minute while actions keep changing; here at once,
to show what a draw costs). Then it adds approved actions up to --actions in 30 countries, has the
worker's figures counted once (timed), and measures again.

Targets (issue "Days of action"): a fixed number of queries whatever the number
of actions, and CPU per view within 2x of the day with 10 actions. The map and
the figures are read from one counted row, never recounted on a view. It prints
PASS/MISS for each and exits 0 either way. The iCalendar feed lists every
action, so its cost grows with them: it is printed for information, with no target.
"""

import argparse
import datetime as dt
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.views import after_change, measure, setup  # noqa: E402

COUNTRIES = [
    "NP", "PH", "ID", "QA", "SA", "MY", "BD", "IN", "LK", "AE", "KW", "LB", "JO", "HK", "SG",
    "TH", "MM", "KH", "VN", "ET", "KE", "UG", "GH", "NG", "MX", "GT", "US", "ES", "IT", "FR",
]  # fmt: skip
ZONES = ["Asia/Kathmandu", "Asia/Manila", "Asia/Qatar", "Europe/Madrid", "America/Mexico_City"]


def add_actions(day, count, start_index):
    from django.db import transaction

    from events.models import EventAction

    batch = []
    for n in range(start_index, start_index + count):
        zone = ZONES[n % len(ZONES)]
        start = dt.datetime(2026, 12, 17 + n % 3, 8 + n % 10, 0, tzinfo=zoneinfo.ZoneInfo(zone))
        batch.append(
            EventAction(
                day=day,
                action_key=day.translation_key,
                organisation=f"Union {n % 400}",
                organiser_name=f"Organiser {n}",
                organiser_email=f"organiser{n}@example.org",
                language="en",
                title=f"Action {n} for migrant workers' rights",
                kind=EventAction.Kind.values[n % len(EventAction.Kind.values)],
                description="We gather for migrant workers' rights. " * 5,
                country=COUNTRIES[n % len(COUNTRIES)],
                city=f"City {n % 97}",
                venue=f"Square {n % 13}",
                starts_at=start,
                local_day=start.date(),
                ends_at=start + dt.timedelta(hours=2),
                time_zone=zone,
                expected_participants=50 + n % 500,
                status=EventAction.Status.APPROVED,
            )
        )
    with transaction.atomic():
        EventAction.objects.bulk_create(batch, batch_size=2000)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from events import services
        from events.models import DayOfActionPage, EventAction
        from events.views import public

        public.FEED_STALE = 0

        print("Seeding the demo site in a fresh SQLite database...", flush=True)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        day = DayOfActionPage.objects.get(slug="day-of-action")
        actions = EventAction.objects.for_action(day)
        actions.exclude(status=EventAction.Status.APPROVED).delete()
        kept = actions.count()
        if kept < 10:
            add_actions(day, 10 - kept, 0)
        else:
            actions.filter(pk__in=list(actions.values_list("pk", flat=True)[10:])).delete()
        services.figures_refresh(action_key=day.action_key)
        action = actions.first()

        def refresh():
            services.figures_refresh(action_key=day.action_key)

        client = Client(HTTP_HOST="localhost")
        views = {
            "day page": day.url,
            "list, page 20": day.url + "?page=20",
            "list, filtered": day.url + "?country=NP&where=in_person",
            "map (SVG)": day.url + day.reverse_subpage("map"),
            "one action": day.url + day.reverse_subpage("action", args=[action.pk]),
            "iCalendar feed": day.url + day.reverse_subpage("calendar"),
        }
        small = {name: measure(client, url, args.requests) for name, url in views.items()}
        small_first = {name: after_change(client, url, refresh) for name, url in views.items()}

        print(f"Adding {args.actions - 10:,} approved actions...", flush=True)
        add_actions(day, args.actions - 10, 10)
        begin = time.monotonic()
        services.figures_refresh(action_key=day.action_key)
        counting = time.monotonic() - begin
        large = {name: measure(client, url, args.requests) for name, url in views.items()}
        large_first = {name: after_change(client, url, refresh) for name, url in views.items()}

        print()
        print(f"{'view':<18}{'queries':>16}{'CPU ms/view':>24}{'ratio':>8}  target")
        for name in views:
            (q1, t1), (q2, t2) = small[name], large[name]
            ratio = t2 / t1 if t1 else float("inf")
            if name == "iCalendar feed":
                verdict = "(no target: it lists every action)"
            else:
                ok = q1 == q2 and ratio <= 2
                verdict = ("PASS" if ok else "MISS") + " (same queries, CPU <= 2x)"
            print(
                f"{name:<18}{q1:>7} -> {q2:<7}{t1:>10.2f} -> {t2:<10.2f}{ratio:>6.2f}x  {verdict}"
            )
        print()
        print("The first view after an action changed draws the list (or feed) again:")
        for name in views:
            print(f"  {name:<18}{small_first[name]:>10.2f} -> {large_first[name]:.2f} ms")
        print()
        print(
            f"Figures and map of {args.actions:,} actions counted by the worker in "
            f"{counting * 1000:.0f} ms, once per change; views read the counted row."
        )


if __name__ == "__main__":
    main()
