"""Solidarity walls benchmark: the wall with 20 and 100,000 messages, and what
posting a message costs beside signing a petition.

Usage (from the repository root, with the project's virtualenv; about two minutes):

    .venv/bin/python bench/walls.py [--messages 100000] [--requests 100] [--posts 200]

It makes a fresh SQLite database in a temporary directory (WAL, the embedded
default), seeds the demo site and leaves its wall with 20 published messages.
Each view is requested in this process through Django's full middleware stack
(the test client, DEBUG off), warmed three times, then --requests times; it
prints the queries of one request and the server CPU per request (process
time). Then it adds published messages up to --messages, has the worker's
figures counted once (timed), and measures again; the list is drawn once per
change of the wall's messages and kept, so it also prints the first view after
a change.

Posting: --posts messages without a photo, each from another address with
another text, against --posts signatures of the demo petition, in the same
run, through the same stack (the confirmation emails are rendered and
discarded; the per-address limits are raised so that they never trip).

Targets (issue "Solidarity walls"): a fixed number of queries and CPU per view
within 2x of the wall with 20 messages; posting costs no more CPU than
signing. It prints PASS/MISS for each and exits 0 either way.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import views as shared  # noqa: E402
from bench.views import after_change, measure  # noqa: E402

COUNTRIES = ["NP", "PH", "KE", "QA", "SA", "MY", "BD", "IN", "LK", "AE", "KW", "LB", "ID", "UG"]
LANGUAGES = ["en", "ne", "fil", "sw", "ar", "fr", "es", "hi"]
STARTED = re.compile(rb'name="started" value="([^"]*)"')
POST_ACTION = re.compile(rb'<form class="message-form" method="post" action="([^"#]+)')
SIGN_ACTION = re.compile(rb'<form class="sign-form" method="post" action="([^"#]*)')


def setup(var_dir):
    """The shared setup, with the per-address limits raised so that they never trip."""
    shared.setup(var_dir)
    from django.conf import settings

    settings.SOLIDARITY_PER_HOUR = 10**9
    settings.PETITION_LIMITS = {
        **settings.PETITION_LIMITS,
        "burst": 10**9,
        "sustained": 10**9,
        "hard_per_hour": 10**9,
        "min_fill_seconds": 0,
    }


def add_messages(wall, count, start_index):
    from django.db import transaction
    from django.utils import timezone

    from solidarity.models import Message

    now = timezone.now()
    for chunk in range(start_index, start_index + count, 10_000):
        batch = [
            Message(
                wall=wall,
                action_key=wall.translation_key,
                display_name=f"Sender {n}",
                organisation=f"Union {n % 300}",
                from_country=COUNTRIES[n % len(COUNTRIES)],
                to_country=COUNTRIES[(n * 7 + 3) % len(COUNTRIES)],
                language=LANGUAGES[n % len(LANGUAGES)],
                text=f"You are not alone: we stand with you, message {n}. " * 3,
                email=f"sender{n}@example.org",
                status=Message.Status.APPROVED,
                created_at=now,
            )
            for n in range(chunk, min(chunk + 10_000, start_index + count))
        ]
        with transaction.atomic():
            Message.objects.bulk_create(batch, batch_size=2000)


def cpu_per_post(client, posts, make):
    for n in range(5):
        make(10**6 + n)
    begin = time.process_time()
    for n in range(posts):
        make(n)
    return (time.process_time() - begin) * 1000 / posts


def profile_posts(name, posts, make):
    """The functions that cost the most CPU in `posts` requests, inclusive of their calls."""
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    for n in range(posts):
        make(2 * 10**6 + n)
    profile.disable()
    print(f"\nWhere {name} spends its CPU ({posts} requests, cumulative):")
    stats = pstats.Stats(profile).sort_stats("cumulative")
    stats.print_stats(40)
    if os.environ.get("BENCH_CALLEES"):
        stats.print_callees(os.environ["BENCH_CALLEES"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument(
        "--profile", action="store_true", help="print where posting and signing spend their CPU"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as var_dir:
        setup(var_dir)
        from django.core.management import call_command
        from django.test import Client

        from petitions.models import PetitionPage
        from solidarity import services
        from solidarity.models import Message, SolidarityWallPage

        print("Seeding the demo site in a fresh SQLite database...", flush=True)
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0)
        wall = SolidarityWallPage.objects.get(slug="solidarity-wall")
        Message.objects.for_action(wall).exclude(status=Message.Status.APPROVED).delete()
        kept = Message.objects.for_action(wall).count()
        add_messages(wall, 20 - kept, 0)
        services.figures_refresh(action_key=wall.action_key)

        def refresh():
            services.figures_refresh(action_key=wall.action_key)

        client = Client(HTTP_HOST="localhost")
        views = {
            "wall": wall.url,
            "wall, page 50": wall.url + "?page=50",
            "wall, filtered": wall.url + "?from_country=NP&language=ne",
            "who speaks to whom": wall.url + wall.reverse_subpage("links"),
        }
        small = {name: measure(client, url, args.requests) for name, url in views.items()}
        small_first = {name: after_change(client, url, refresh) for name, url in views.items()}

        print(f"Adding {args.messages - 20:,} published messages...", flush=True)
        add_messages(wall, args.messages - 20, 20)
        begin = time.monotonic()
        services.figures_refresh(action_key=wall.action_key)
        counting = time.monotonic() - begin
        large = {name: measure(client, url, args.requests) for name, url in views.items()}
        large_first = {name: after_change(client, url, refresh) for name, url in views.items()}

        form = client.get(wall.url + wall.reverse_subpage("post"))
        post_url = POST_ACTION.search(form.content).group(1).decode()

        def post(n):
            response = client.post(
                post_url,
                {
                    "display_name": "Binod",
                    "from_country": "NP",
                    "to_country": "QA",
                    "language": "ne",
                    "text": f"You are not alone. We stand with you. ({n})",
                    "email": f"poster{n}@example.org",
                    "consent": "on",
                },
                REMOTE_ADDR=f"10.1.{n // 250 % 250}.{n % 250}",
            )
            assert response.status_code == 303, response.status_code

        petition = PetitionPage.objects.live().filter(locale__language_code="en").first()
        form = client.get(petition.url)
        started = STARTED.search(form.content).group(1).decode()
        action = SIGN_ACTION.search(form.content)
        sign_url = action.group(1).decode() if action and action.group(1) else petition.url

        def sign(n):
            response = client.post(
                sign_url,
                {
                    "started": started,
                    "first_name": "Maria",
                    "last_name": "Santos",
                    "email": f"signer{n}@example.org",
                    "country": "PH",
                    "display": "name",
                    "union": "",
                    "website": "",
                },
                REMOTE_ADDR=f"10.2.{n // 250 % 250}.{n % 250}",
            )
            assert response.status_code == 303, response.status_code

        posting = cpu_per_post(client, args.posts, post)
        signing = cpu_per_post(client, args.posts, sign)
        if args.profile:
            for name, make in (("posting", post), ("signing", sign)):
                profile_posts(name, args.posts, make)

        print()
        print(f"{'view':<20}{'queries':>14}{'CPU ms/view':>24}{'ratio':>8}  target")
        for name in views:
            (q1, t1), (q2, t2) = small[name], large[name]
            ratio = t2 / t1 if t1 else float("inf")
            ok = q1 == q2 and ratio <= 2
            verdict = ("PASS" if ok else "MISS") + " (same queries, CPU <= 2x)"
            cpu = f"{t1:>10.2f} -> {t2:<10.2f}"
            print(f"{name:<20}{q1:>5} -> {q2:<6}{cpu}{ratio:>6.2f}x  {verdict}")
        print()
        print("The first view after a message changed draws the list again:")
        for name in views:
            print(f"  {name:<20}{small_first[name]:>8.2f} -> {large_first[name]:.2f} ms")
        print()
        verdict = "PASS" if posting <= signing else "MISS"
        print(
            f"Posting a message: {posting:.2f} ms CPU; signing the petition: {signing:.2f} ms "
            f"({posting / signing:.2f}x)  {verdict} (posting <= signing)"
        )
        print(
            f"Figures of {args.messages:,} messages counted by the worker in "
            f"{counting * 1000:.0f} ms."
        )


if __name__ == "__main__":
    main()
