"""Public pages under a surge: the page cache against a static file, and a
visitor's journey against signing alone.

Usage (from the repository root, with the project's virtualenv; about 5 minutes
for both databases with the defaults; `apt-get install wrk` first):

    .venv/bin/python bench/pages.py [--db sqlite|postgres|both] [--duration 10]
        [--connections 16] [--workers 2] [--worktree]

What is measured, on the same servers as bench/sign.py (the code at HEAD in a
temporary copy, production settings through bench/settings.py, gunicorn with
--workers sync workers and the task worker beside it, the demo site seeded on
a fresh database: SQLite with the file cache and the ORM broker, or PostgreSQL
with Redis as cache and broker):

1. Warm cache. wrk (--connections connections, two threads) GETs, for
   --duration seconds each, a static file (served by whitenoise, the ceiling of
   this stack), then one page of each public type, drawn once beforehand: home,
   campaigns, a campaign, a petition, the ratification tracker, a day of action,
   a solidarity wall. Target: each page at least 50 % of the static file's
   requests per second.
2. Journeys. The petition page GET, its form POSTed, the thank-you page the
   answer leads to, in a loop on each connection (bench/sign.py's load
   generator), against signing alone (the POST in a loop). Target: journeys/s
   at least 60 % of signatures/s. Every acknowledged signature is checked to be
   stored once.

It prints figures and PASS/MISS per target and exits 0 either way (it is a
measurement); 1 only when it cannot run.
"""

import argparse
import importlib.util
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Loading bench/sign.py also puts the project's root before bench/ on the path.
_spec = importlib.util.spec_from_file_location("bench_sign", HERE / "sign.py")
sign = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sign)

WRK = shutil.which("wrk")
RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
TARGETS = {"page": 0.50, "journey": 0.60}


def helper_urls():
    """The path of one published page of each public type, and of a static file."""
    sign.django_setup()
    from django.templatetags.static import static

    from campaigns.models import CampaignIndexPage, CampaignPage, RatificationTrackerPage
    from events.models import DayOfActionPage
    from home.models import HomePage
    from petitions.models import PetitionPage
    from solidarity.models import SolidarityWallPage

    def first(model, **filters):
        return model.objects.live().filter(locale__language_code="en", **filters).first().url

    return {
        "static file": static("css/site.css"),
        "home": first(HomePage),
        "campaigns": first(CampaignIndexPage),
        "a campaign": first(CampaignPage, slug="ratify-c189"),
        "a petition": first(PetitionPage),
        "ratification tracker": first(RatificationTrackerPage),
        "a day of action": first(DayOfActionPage),
        "a solidarity wall": first(SolidarityWallPage),
    }


HELPERS = {**sign.HELPERS, "_urls": helper_urls}


class PagesRun(sign.DatabaseRun):
    def __init__(self, db, args, procs, src):
        super().__init__(db, args, procs, src)
        self.script = str(src / "bench" / "pages.py")

    def wrk(self, path):
        url = f"http://127.0.0.1:{self.app_port}{path}"
        sign.wait_quiet(self.args.quiet_wait)
        argv = [WRK, "-t2", f"-c{self.args.connections}", f"-d{round(self.args.duration)}s", url]
        output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        rate = float(RATE.search(output).group(1))
        errors = NON_2XX.search(output)
        return rate, int(errors.group(1)) if errors else 0

    def phase_warm(self, urls):
        results = {}
        for name, path in urls.items():
            sign.wait_http(self.app_port, path)  # drawn once: the cache is warm
            rate, errors = self.wrk(path)
            results[name] = {"path": path, "rate": rate, "errors": errors}
            self.say(f"{name} ({path}): {rate:,.0f} req/s, {errors} errors")
        self.results["phases"]["warm"] = results

    def phase_journeys(self):
        out = {}
        for mode in ("sign", "journey"):
            result = self.load(mode, self.app_port, self.path, prefix=mode, groups=("app",))
            self.report_load(mode, result)
            result["check"] = self.check("signature", mode, result)
            out[mode] = result
        self.results["phases"]["journeys"] = out

    def run(self):
        self.prepare()
        urls = self.helper("_urls")
        self.start_app()
        self.start_worker()
        self.phase_warm(urls)
        self.phase_journeys()
        self.procs.stop_all()
        return self.results


def verdict(ok):
    return "PASS" if ok else "MISS"


def summary(results):
    print()
    for res in results:
        warm = res["phases"]["warm"]
        static = warm["static file"]["rate"]
        print(f"== {res['db']}: warm page cache, requests/s (wrk, same run) ==")
        for name, row in warm.items():
            ratio = row["rate"] / static if static else 0
            target = (
                ""
                if name == "static file"
                else (f"  {verdict(ratio >= TARGETS['page'])} (>= {TARGETS['page']:.0%} of static)")
            )
            print(f"  {name:<22}{row['rate']:>10,.0f}{ratio:>8.0%}{target}")
        journeys = res["phases"]["journeys"]
        signing, journey = journeys["sign"]["rate"], journeys["journey"]["rate"]
        ratio = journey / signing if signing else 0
        print(f"== {res['db']}: a visitor's journey (page, sign, thank-you) ==")
        print(
            f"  signing alone {signing:,.0f}/s; journeys {journey:,.0f}/s: {ratio:.0%}  "
            f"{verdict(ratio >= TARGETS['journey'])} (>= {TARGETS['journey']:.0%})"
        )
        for mode in ("sign", "journey"):
            check = journeys[mode]["check"]
            print(
                f"  {mode}: acknowledged {check['acked']}, missing {check['missing']}, "
                f"duplicates {check['duplicates']}"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quiet-wait", type=float, default=20)
    parser.add_argument("--worktree", action="store_true", help="the work tree, not HEAD")
    args = parser.parse_args()
    if WRK is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if args.db == "both" and not sign.reachable(sign.PG["port"]):
        databases = ["sqlite"]
    src_parent = Path(tempfile.mkdtemp(prefix="mobilise-pages-src-"))
    commit = sign.snapshot_source(args.worktree, src_parent / "src")
    sign.say(f"Measuring {commit or 'the work tree'}")
    procs = sign.Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    results = []
    try:
        for db in databases:
            run = PagesRun(db, args, procs, src_parent / "src")
            results.append(run.run())
            shutil.rmtree(run.tmp, ignore_errors=True)
    finally:
        procs.stop_all()
        shutil.rmtree(src_parent, ignore_errors=True)
    summary(results)


if __name__ == "__main__":
    sign.run_as_script(HELPERS, main)
