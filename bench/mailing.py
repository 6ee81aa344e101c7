"""Mailing benchmark: fan-out and hand-off of one mailing to a large audience.

Usage (from the repository root, with the project's virtualenv; about a minute):

    .venv/bin/python bench/mailing.py [--supporters 100000] [--workers 1 2]
        [--batch 500] [--small 10000]

For each audience size (--small, then --supporters) it makes a fresh SQLite
database in a temporary directory (WAL, as the embedded default), adds that many
supporters who agreed to campaign email (in four languages), and one mailing with
an English and a French version. Then, each step in a fresh process so that its
peak memory is its own:

1. Fan-out: mailings.services.mailing_fan_out, which writes one delivery per
   recipient; its time and the process's peak RSS.
2. Sending: N worker processes (--workers) each loop mailings.services.
   mailing_send_batch, as django-q2's chains do, through anymail's real Mailgun
   backend to a stub Mailgun API on 127.0.0.1 (tests/mailings/stub_provider.py,
   in its own process). Emails/s handed off counts recipients the stub accepted;
   then the stub's record is checked: every recipient once, none shared a
   message (each batch carries recipient-variables for exactly its recipients),
   no batch above --batch.

3. Kill the worker (--kill N supporters, 0 skips it): the real processes
   (`manage.py qcluster` and a web server receiving the provider's webhooks,
   tests/processes.py) send a mailing through the stub, which answers each
   batch slowly (--kill-slow s, as a provider under load does); the task
   worker and everything it forked is killed with SIGKILL while batches are
   in flight, and started again --kill-down s later. Twice: with the stub
   posting a signed "delivered" webhook for each message it took, and without
   webhooks. It prints who never got the mailing (missing), who got it twice
   (duplicates, against the number in flight when the worker died), and how
   long after the restart the mailing finished.

It prints the figures and PASS/MISS against the targets (fan-out <= 30 s,
>= 1,500 emails/s, memory flat in the audience size), and exits 0 either way.
"""

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(var_dir, port=None, batch=500):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["MOBILISE_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django
    from django.conf import settings

    django.setup()
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.mailgun.EmailBackend"}}
    settings.ANYMAIL = {
        "MAILGUN_API_KEY": "bench",
        "MAILGUN_API_URL": f"http://127.0.0.1:{port or 9}/v3",
        "MAILGUN_SENDER_DOMAIN": "mg.example.org",
    }
    settings.MAILING_BATCH_SIZE = batch
    settings.MAILING_SEND_RATE = 0


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(var_dir, count, queue):
    setup_django(var_dir)
    from django.core.management import call_command
    from django.db import transaction

    from mailings.models import Audience, Mailing, MailingVersion
    from supporters.models import Supporter

    call_command("migrate", verbosity=0)
    languages = ["en", "fr", "es", "ar"]
    chunk = 10_000
    for start in range(0, count, chunk):
        with transaction.atomic():
            Supporter.objects.bulk_create(
                Supporter(
                    email=f"bench{n}@example.org",
                    email_canonical=f"bench{n}@example.org",
                    first_name=f"Name{n}",
                    language=languages[n % 4],
                    email_consent=True,
                )
                for n in range(start, min(start + chunk, count))
            )
    audience = Audience.objects.create(name="Everyone")
    mailing = Mailing.objects.create(name="Bench", audience=audience, from_name="Bench")
    for language, subject in (("en", "Hello {first_name}"), ("fr", "Bonjour {first_name}")):
        MailingVersion.objects.create(
            mailing=mailing,
            language=language,
            fallback=language == "en",
            subject=subject,
            body="<p>Dear {first_name},</p><p>Join us on 18 December.</p>",
        )
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    queue.put(mailing.pk)


def fan_out(var_dir, mailing_id, queue):
    setup_django(var_dir)
    from mailings import services

    services.mailing_chains_start = lambda **kwargs: 0  # the benchmark sends itself
    begin = time.monotonic()
    services.mailing_fan_out(mailing_id=mailing_id)
    queue.put({"seconds": time.monotonic() - begin, "peak_mb": peak_mb()})


def send(var_dir, mailing_id, port, batch, queue):
    setup_django(var_dir, port=port, batch=batch)
    from mailings import services

    handed = 0
    while True:
        sent = services.mailing_send_batch(mailing_id=mailing_id)
        if sent is None:
            break
        handed += sent
    queue.put({"handed": handed, "peak_mb": peak_mb()})


def stub_server(queue):
    from tests.mailings.stub_provider import StubMailgun

    stub = StubMailgun().start()
    queue.put(stub.port)
    stub.thread.join()


def run(target, *args):
    queue = multiprocessing.Queue()
    process = multiprocessing.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get(timeout=1800)
    process.join()
    return result


def measure(count, workers, batch, port):
    with tempfile.TemporaryDirectory(prefix="mobilise-bench-mailing-") as tmp:
        var_dir = Path(tmp)
        begin = time.monotonic()
        mailing_id = run(prepare, var_dir, count)
        prepared = time.monotonic() - begin
        fan = run(fan_out, var_dir, mailing_id)
        queue = multiprocessing.Queue()
        before = stats(port)
        begin = time.monotonic()
        processes = [
            multiprocessing.Process(target=send, args=(var_dir, mailing_id, port, batch, queue))
            for _ in range(workers)
        ]
        for process in processes:
            process.start()
        results = [queue.get(timeout=1800) for _ in processes]
        for process in processes:
            process.join()
        seconds = time.monotonic() - begin
        after = stats(port)
        handed = after["recipients"] - before["recipients"]
        return {
            "supporters": count,
            "workers": workers,
            "prepare_s": prepared,
            "fan_out_s": fan["seconds"],
            "fan_out_peak_mb": fan["peak_mb"],
            "send_s": seconds,
            "handed": handed,
            "emails_per_s": handed / seconds if seconds else 0,
            "send_peak_mb": max(r["peak_mb"] for r in results),
            "stub": after,
            "duplicates": after["recipients"] - after["unique"],
        }


KILL_SEED = """
from mailings.factories import MailingFactory, MailingVersionFactory
from mailings.models import Audience
from mailings.services import mailing_send
from supporters.models import Supporter

Supporter.objects.bulk_create(
    (Supporter(email=f"kill{{n}}@example.org", email_canonical=f"kill{{n}}@example.org",
               first_name=f"Name{{n}}", language="en", email_consent=True)
     for n in range({count})),
    batch_size=5000,
)
mailing = MailingFactory(audience=Audience.objects.create(name="Everyone"))
MailingVersionFactory(mailing=mailing, language="en", fallback=True)
mailing_send(mailing=mailing)
"""


def kill_phase(count, batch, *, webhooks, down, slow, template):
    """Kill the task worker while batches are in flight; see the module's docstring."""
    from collections import Counter

    from tests.mailings.stub_provider import StubMailgun
    from tests.processes import free_port, project_from, wait_for

    stub = StubMailgun().start()
    stub.slow_seconds, stub.script = slow, ["slow"] * 100_000
    port = free_port()
    if webhooks:
        stub.webhook_url = f"http://127.0.0.1:{port}/anymail/mailgun/tracking/"
        stub.webhook_auth = "hook:a-long-enough-webhook-password"
    with tempfile.TemporaryDirectory(prefix="mobilise-bench-kill-") as tmp:
        project = project_from(
            template,
            Path(tmp) / "var",
            STUB_MAILGUN_URL=f"http://127.0.0.1:{stub.port}/v3",
            ANYMAIL_REQUESTS_TIMEOUT=max(10, slow * 3),
            MAILING_BATCH_SIZE=batch,
        )
        try:
            project.start("runserver", "--noreload", f"127.0.0.1:{port}")
            project.shell(KILL_SEED.format(count=count))
            worker = project.start("qcluster")
            wait_for(lambda: len(stub.batches) >= 2, timeout=120)
            project.kill(worker)
            in_flight = len(stub.recipients())
            time.sleep(down)
            project.start("qcluster", log="qcluster-restarted.log")

            def finished():
                rows = project.query("SELECT status FROM mailings_mailing")
                return rows and rows[0][0] == "sent"

            took = wait_for(finished, timeout=900, every=0.5)
        finally:
            project.stop_all()
            stub.stop()
    counts = Counter(stub.recipients())
    expected = {f"kill{n}@example.org" for n in range(count)}
    return {
        "webhooks": webhooks,
        "in_flight": in_flight,
        "missing": len(expected - set(counts)),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "finished_after_restart_s": took,
    }


def stats(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats") as response:
        return json.load(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--supporters", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--kill", type=int, default=5000, help="supporters (0 skips the phase)")
    parser.add_argument("--kill-down", type=float, default=5)
    parser.add_argument("--kill-slow", type=float, default=2)
    args = parser.parse_args()
    multiprocessing.set_start_method("spawn")
    if args.kill:
        kill_rows = kill_phases(args)
    rows = []
    for workers in args.workers:
        for count in (args.small, args.supporters):
            stub_queue = multiprocessing.Queue()
            stub = multiprocessing.Process(target=stub_server, args=(stub_queue,), daemon=True)
            stub.start()
            port = stub_queue.get(timeout=30)
            try:
                row = measure(count, workers, args.batch, port)
            finally:
                stub.terminate()
            rows.append(row)
            print(
                f"{row['supporters']:>7} supporters, {workers} worker(s): "
                f"fan-out {row['fan_out_s']:.1f} s (peak {row['fan_out_peak_mb']:.0f} MB); "
                f"sent {row['handed']} in {row['send_s']:.1f} s = {row['emails_per_s']:.0f}/s "
                f"(peak {row['send_peak_mb']:.0f} MB per worker); "
                f"duplicates {row['duplicates']}, private {row['stub']['private']}, "
                f"largest batch {row['stub']['max_batch']}",
                flush=True,
            )
    big = [r for r in rows if r["supporters"] == args.supporters]
    small = [r for r in rows if r["supporters"] == args.small]
    fan = max(r["fan_out_s"] for r in big)
    rate = max(r["emails_per_s"] for r in big)
    growth = max(r["send_peak_mb"] for r in big) - max(r["send_peak_mb"] for r in small)
    fan_growth = max(r["fan_out_peak_mb"] for r in big) - max(r["fan_out_peak_mb"] for r in small)
    ok = all(r["duplicates"] == 0 and r["stub"]["private"] for r in rows)
    complete = all(r["handed"] == r["supporters"] for r in rows)
    print("=" * 80)
    print(f"fan-out of {args.supporters}: {fan:.1f} s            {_mark(fan <= 30)} (<= 30 s)")
    print(f"emails/s handed off (best): {rate:.0f}/s   {_mark(rate >= 1500)} (>= 1,500/s)")
    print(
        f"peak memory, {args.small} -> {args.supporters}: sending +{growth:.0f} MB, "
        f"fan-out +{fan_growth:.0f} MB   {_mark(growth < 20 and fan_growth < 20)} (flat)"
    )
    print(f"every recipient exactly once, never sharing a message: {_mark(ok and complete)}")
    for row in kill_rows if args.kill else []:
        with_or_without = "with" if row["webhooks"] else "without"
        took = row["finished_after_restart_s"]
        print(
            f"worker killed, {with_or_without} the provider's webhooks: missing {row['missing']}, "
            f"twice {row['duplicates']} of {row['in_flight']} in flight; finished "
            f"{'never' if took is None else f'{took:.0f} s'} after the restart   "
            f"{_mark(row['missing'] == 0 and (row['duplicates'] == 0 or not row['webhooks']))}"
        )


def kill_phases(args):
    from tests.processes import migrated_template

    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    with tempfile.TemporaryDirectory(prefix="mobilise-bench-template-") as tmp:
        template = migrated_template(Path(tmp))
        rows = []
        for webhooks in (True, False):
            row = kill_phase(
                args.kill,
                args.batch,
                webhooks=webhooks,
                down=args.kill_down,
                slow=args.kill_slow,
                template=template,
            )
            rows.append(row)
            took = row["finished_after_restart_s"]
            print(
                f"{args.kill} supporters, worker killed with {row['in_flight']} recipients in "
                f"flight, {'with' if webhooks else 'without'} webhooks: missing "
                f"{row['missing']}, twice {row['duplicates']}, finished "
                f"{'never' if took is None else f'{took:.0f} s'} after the restart",
                flush=True,
            )
    return rows


def _mark(passed):
    return "PASS" if passed else "MISS"


if __name__ == "__main__":
    main()
