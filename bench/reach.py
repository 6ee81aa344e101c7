"""Pages that reach a cheap phone on a slow network: what each public page
transfers, and how long a phone on 3G waits for it.

Usage (from the repository root, with the project's virtualenv and Debian's
Chromium, `apt-get install -y chromium`; about 5 minutes with the defaults):

    .venv/bin/python bench/reach.py [--pages home,petition,...] [--languages en,ar,ne]
        [--repeat 1] [--profiles slow-3g,fast-3g] [--db sqlite|postgres] [--worktree]

The server is bench/sign.py's: the code at HEAD in a temporary copy (the work
tree with --worktree), production settings through bench/settings.py, gunicorn
with 2 sync workers and the task worker, the demo site seeded on a fresh
database (SQLite by default), static files collected and served by whitenoise
(compressed beforehand), image renditions served by Django as the demo does (in
production the web server serves them, with the same bytes). The demo petition
is given confirmed signatures from eight countries, so that it shows its map.

Each page is loaded by /usr/bin/chromium (Playwright, headless) in a fresh
browser context, so with an empty cache, on a phone's screen: 360 x 740 CSS
pixels at a device pixel ratio of 2, touch. Page types (--pages): home,
campaigns (the index), campaign (ratify-c189), petition (its sign page, with
its map), tracker (the ratification tracker), day (a day of action), event (an
affiliate's event action on it), wall (a solidarity wall), message (one
solidarity message), found from the demo's pages and their links; in English,
Arabic and Nepali (--languages), skipping a language whose home answers 404
and a page not translated into it.

The network is Chromium's emulation (CDP Network.emulateNetworkConditions),
with DevTools' presets:
  slow-3g: 2,000 ms latency, 50,000 bytes/s down and up (400 kbit/s);
  fast-3g: 562.5 ms latency, 180,000 bytes/s down (1.44 Mbit/s), 84,375 up.
The emulation works per request, as DevTools' does: each response waits the
latency, then bodies arrive at the throughput shared by parallel downloads.

Printed for each page:
- bytes transferred: the sum over all responses of what Chromium received
  (CDP Network.loadingFinished encodedDataLength: the body as sent, compressed
  or not, and the response headers), on the first screen (until the network
  falls quiet after the load event, without scrolling: Chromium fetches lazy
  images within a few screens of the viewport, so the petition's map is on
  it) and over the whole page (after scrolling to its end); each URL once (the
  petition's count refreshes every 10 s);
- the number of requests (whole page);
- on each profile, in seconds from the start of the navigation: DOMContentLoaded,
  the load event, the moment the page's h1 is visible on the screen (the first
  frame in which it is laid out inside the viewport, and not before the first
  contentful paint), and when the first screen's last byte arrived ("all":
  lazy images near the screen, such as the petition's map, come after the
  load event);
- the three heaviest requests of each page.
With --repeat N, the median of N loads of each. The issue's budget (the
petition page without its hero image, with its map, at most 60 KB) is marked
PASS or MISS. It exits 0 either way (it is a measurement); 1 only when it
cannot run.
"""

import argparse
import http.client
import importlib.util
import json
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Loading bench/sign.py also puts the project's root before bench/ on the path.
_spec = importlib.util.spec_from_file_location("bench_sign", HERE / "sign.py")
sign = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sign)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2}
PROFILES = {
    "slow-3g": {"latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000},
    "fast-3g": {"latency": 562.5, "downloadThroughput": 180_000, "uploadThroughput": 84_375},
}
PAGES = {
    "home": "home",
    "campaigns": "campaigns index",
    "campaign": "a campaign",
    "petition": "a petition",
    "tracker": "ratification tracker",
    "day": "a day of action",
    "event": "an event action",
    "wall": "a solidarity wall",
    "message": "a solidarity message",
}
# Pages found by following a link from another page: (that page, the link's path).
LINKED = {"event": ("day", r"/actions/\d+/"), "message": ("wall", r"/messages/\d+/")}
BUDGET = {"petition": 60 * 1024}
# Signers of the demo petition, by country: its map shows where they live.
NAVIGATION_TIMEOUT_MS = 180_000

# Marks the first frame in which the page's h1 is laid out inside the viewport.
H1_WATCH = """
(() => {
  const visible = () => {
    const h1 = document.querySelector("h1");
    if (!h1) return false;
    const box = h1.getBoundingClientRect();
    const style = getComputedStyle(h1);
    return box.width > 0 && box.height > 0 && box.top < innerHeight && box.bottom > 0
      && style.visibility !== "hidden" && style.display !== "none";
  };
  const frame = () => {
    if (visible()) window.__benchH1 = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""
TIMINGS = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const h1 = window.__benchH1;
  return {
    dcl: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    h1: h1 === undefined ? null : Math.max(h1, fcp ? fcp.startTime : 0),
  };
}
"""


# --- Helpers inside Django (each runs as `reach.py _NAME ...` with the bench env) ----------


def helper_signers():
    """Confirmed signatures from several countries on the demo petition, counted."""
    sign.django_setup()
    from petitions.factories import confirmed_signers
    from petitions.models import PetitionPage

    page = PetitionPage.objects.live().filter(locale__language_code="en").first()
    signers = confirmed_signers(page, prefix="reach")
    return {"signers": signers, "hero_image": bool(page.hero_image_id)}


def helper_urls(languages):
    """The path of each page type in each language (None where not translated)."""
    sign.django_setup()
    from wagtail.models import Locale

    from campaigns.models import CampaignIndexPage, CampaignPage, RatificationTrackerPage
    from events.models import DayOfActionPage
    from home.models import HomePage
    from petitions.models import PetitionPage
    from solidarity.models import SolidarityWallPage

    def first(model, **filters):
        return model.objects.live().filter(locale__language_code="en", **filters).first()

    campaign = first(CampaignPage, slug="ratify-c189")
    petition = (
        PetitionPage.objects.live().descendant_of(campaign).first() if campaign else None
    ) or first(PetitionPage)
    english = {
        "home": first(HomePage),
        "campaigns": first(CampaignIndexPage),
        "campaign": campaign,
        "petition": petition,
        "tracker": first(RatificationTrackerPage),
        "day": first(DayOfActionPage),
        "wall": first(SolidarityWallPage),
    }
    urls = {}
    for code in languages.split(","):
        locale = Locale.objects.filter(language_code=code).first()
        urls[code] = {}
        for name, page in english.items():
            page = page and locale and page.get_translation_or_none(locale)
            urls[code][name] = page.url if page and page.live else None
    return urls


HELPERS = {**sign.HELPERS, "_signers": helper_signers, "_urls": helper_urls}


def wsgi_serving_media():
    """The app gunicorn serves (`bench.reach:wsgi_serving_media()`): production's,
    with Django serving image renditions as in the demo (home.views.media_file)."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    settings.SERVE_MEDIA = True
    return application


# --- Driver ---------------------------------------------------------------------------


def http_get(port, path):
    """(status, body) of a plain GET, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


class ReachRun(sign.DatabaseRun):
    def __init__(self, db, args, procs, src):
        super().__init__(db, args, procs, src)
        self.script = str(src / "bench" / "reach.py")

    def start_app(self, env=None):
        app = "bench.reach:wsgi_serving_media()"
        self.app_port = self.start_gunicorn("app", app, env or self.env)

    def languages(self, urls):
        """The languages whose home answers, with each page type's path (or why not)."""
        kept = {}
        for code, paths in urls.items():
            status, _ = http_get(self.app_port, f"/{code}/")
            if status != 200:
                self.say(f"{code}: /{code}/ answers {status}, language skipped")
                continue
            for name, (parent, pattern) in LINKED.items():
                paths[name] = None
                if paths.get(parent):
                    _, html = http_get(self.app_port, paths[parent])
                    found = re.search(rf'href="([^"#?]*{pattern})"', html)
                    paths[name] = found.group(1) if found else "no link to one"
            kept[code] = {name: paths.get(name) or "not translated" for name in self.args.pages}
        return kept

    def warm(self, urls):
        """Each page drawn once (the page cache, renditions made on first view)."""
        for paths in urls.values():
            for path in paths.values():
                if path.startswith("/"):
                    http_get(self.app_port, path)

    def run(self):
        self.prepare()
        self.results["signers"] = self.helper("_signers")
        urls = self.helper("_urls", ",".join(self.args.languages))
        self.start_app()
        self.start_worker()
        urls = self.languages(urls)
        self.warm(urls)
        self.results["urls"] = urls
        self.results["pages"] = measure_all(self, urls)
        self.procs.stop_all()
        return self.results


class Load:
    """One page in a fresh browser context on an emulated network: what it transferred
    and when it was usable."""

    def __init__(self, browser, base_url, path, profile):
        self.context = browser.new_context(
            base_url=base_url, is_mobile=True, has_touch=True, **PHONE
        )
        self.context.set_default_timeout(NAVIGATION_TIMEOUT_MS)
        self.context.add_init_script(H1_WATCH)
        self.page = self.context.new_page()
        self.path = path
        self.requests = {}  # requestId -> {"url", "type", "bytes", "done", "end"}
        self.started = None  # CDP's clock when the page itself was asked for
        cdp = self.context.new_cdp_session(self.page)
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.send("Network.enable")
        conditions = {"offline": False, "connectionType": "cellular3g", **PROFILES[profile]}
        cdp.send("Network.emulateNetworkConditions", conditions)

    def _sent(self, event):
        url = event["request"]["url"]
        if not url.startswith("http"):
            return
        if self.started is None:
            self.started = event["timestamp"]
        self.requests[event["requestId"]] = {
            "url": url,
            "type": "",
            "bytes": 0,
            "done": False,
            "end": None,
        }

    def _response(self, event):
        row = self.requests.get(event["requestId"])
        if row is not None:
            row["type"] = event["response"]["mimeType"]

    def _finished(self, event):
        row = self.requests.get(event["requestId"])
        if row is not None:
            row["bytes"], row["done"] = int(event["encodedDataLength"]), True
            row["end"] = event["timestamp"] - self.started

    def _failed(self, event):
        row = self.requests.get(event["requestId"])
        if row is not None:
            row["done"] = True

    def settle(self, quiet_ms=1000, limit_ms=60_000):
        """Wait until no request has been in flight for quiet_ms."""
        quiet, waited = 0, 0
        while quiet < quiet_ms and waited < limit_ms:
            busy = any(not row["done"] for row in self.requests.values())
            quiet = 0 if busy else quiet + 100
            self.page.wait_for_timeout(100)
            waited += 100

    def transferred(self):
        """(bytes, requests, rows) so far, each URL once."""
        rows = {}
        for row in self.requests.values():
            rows.setdefault(row["url"], row)
        return sum(r["bytes"] for r in rows.values()), len(rows), list(rows.values())

    def run(self):
        self.page.goto(self.path, wait_until="load", timeout=NAVIGATION_TIMEOUT_MS)
        self.page.wait_for_function(
            "performance.getEntriesByType('navigation')[0].loadEventEnd > 0"
        )
        self.settle()
        timings = self.page.evaluate(TIMINGS)
        first_screen, _, rows = self.transferred()
        # The last byte of the first screen (the petition's map, say) arrived.
        complete = max((r["end"] for r in rows if r["end"] is not None), default=None)
        # Scroll down a screen at a time, as a reader does: lazy images load.
        height = self.page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, height + 740, 600):
            self.page.evaluate(f"window.scrollTo(0, {y})")
            self.page.wait_for_timeout(150)
        self.settle()
        total, count, rows = self.transferred()
        heaviest = sorted(rows, key=lambda r: -r["bytes"])[:3]
        has_h1 = self.page.evaluate("document.querySelector('h1') !== null")
        self.context.close()
        return {
            "first_screen": first_screen,
            "total": total,
            "requests": count,
            "dcl": timings["dcl"] / 1000,
            "load": timings["load"] / 1000,
            "h1": timings["h1"] / 1000 if timings["h1"] is not None else None,
            "complete": complete,
            "heaviest": [
                {
                    "url": re.sub(r"^https?://[^/]+", "", r["url"]),
                    "type": r["type"],
                    "bytes": r["bytes"],
                }
                for r in heaviest
            ],
            "has_h1": has_h1,
        }


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def measure_all(run, urls):
    from playwright.sync_api import sync_playwright

    base_url = f"http://127.0.0.1:{run.app_port}"
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            for code, paths in urls.items():
                results[code] = {}
                for name, path in paths.items():
                    if not path.startswith("/"):
                        results[code][name] = {"missing": path}
                        continue
                    row = {"path": path}
                    for profile in run.args.profiles:
                        loads = [
                            Load(browser, base_url, path, profile).run()
                            for _ in range(run.args.repeat)
                        ]
                        row[profile] = {
                            key: median([load[key] for load in loads])
                            for key in (
                                "dcl",
                                "load",
                                "h1",
                                "complete",
                                "first_screen",
                                "total",
                                "requests",
                            )
                        }
                        row.setdefault("heaviest", loads[0]["heaviest"])
                        row.setdefault("has_h1", loads[0]["has_h1"])
                    first = row[run.args.profiles[0]]
                    run.say(
                        f"{code} {name}: {first['total'] / 1024:.1f} KB, "
                        f"{first['requests']:.0f} requests, load "
                        + ", ".join(f"{p} {row[p]['load']:.1f} s" for p in run.args.profiles)
                    )
                    results[code][name] = row
        finally:
            browser.close()
    return results


def kb(value):
    return f"{value / 1024:.1f}" if value is not None else "-"


def seconds(value):
    return f"{value:.1f}" if value is not None else "-"


def summary(result, args):
    profiles = args.profiles
    print()
    print(
        f"Phone: 360x740 CSS px at DPR 2, fresh context (empty cache); "
        f"{result['db']}; demo petition given {result['signers']['signers']} signers."
    )
    print("KB: bytes transferred (bodies as sent + response headers), each URL once.")
    print(
        "Times: seconds from the start of navigation (median of --repeat loads); all: the"
        " first screen's last byte."
    )
    for code, pages in result["pages"].items():
        print()
        head = f"== {code} ==".ljust(22) + f"{'KB first':>9} {'KB whole':>9} {'reqs':>5}"
        sub = f"{'':<22}{'screen':>9} {'page':>9} {'':>5}"
        for profile in profiles:
            head += f" | {profile + ', seconds to:':<23}"
            sub += f" | {'DCL':>5} {'load':>5} {'h1':>5} {'all':>5}"
        print(head)
        print(sub)
        for name, row in pages.items():
            if "missing" in row:
                print(f"  {PAGES[name]:<20}  {row['missing']} in this language")
                continue
            first = row[profiles[0]]
            line = f"  {PAGES[name]:<20}{kb(first['first_screen']):>9} {kb(first['total']):>9}"
            line += f" {first['requests']:>5.0f}"
            for profile in profiles:
                t = row[profile]
                h1 = seconds(t["h1"]) if row["has_h1"] else "no h1"
                line += f" | {seconds(t['dcl']):>5} {seconds(t['load']):>5} {h1:>5}"
                line += f" {seconds(t['complete']):>5}"
            if name in BUDGET:
                ok = first["total"] <= BUDGET[name]
                hero = " (has a hero image)" if result["signers"]["hero_image"] else ""
                line += f"  {'PASS' if ok else 'MISS'} (<= {BUDGET[name] // 1024} KB){hero}"
            print(line)
        print(f"  heaviest requests ({code}):")
        for name, row in pages.items():
            if "missing" in row:
                continue
            heavy = ", ".join(
                f"{kb(h['bytes'])} KB {h['type'] or '?'} {h['url']}" for h in row["heaviest"]
            )
            print(f"    {name:<10}{row['path']}")
            print(f"              {heavy}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pages",
        type=lambda s: [p for p in s.split(",") if p],
        default=list(PAGES),
        help=f"page types, comma-separated: {','.join(PAGES)}",
    )
    parser.add_argument(
        "--languages", type=lambda s: [c for c in s.split(",") if c], default=["en", "ar", "ne"]
    )
    parser.add_argument(
        "--profiles",
        type=lambda s: [p for p in s.split(",") if p],
        default=["slow-3g", "fast-3g"],
        help="network profiles, comma-separated: slow-3g,fast-3g",
    )
    parser.add_argument("--repeat", type=int, default=1, help="loads per page; the median")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--worktree", action="store_true", help="the work tree, not HEAD")
    args = parser.parse_args()
    unknown = [p for p in args.pages if p not in PAGES] + [
        p for p in args.profiles if p not in PROFILES
    ]
    if unknown:
        parser.error(f"unknown page types or profiles: {', '.join(unknown)}")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium")
    if importlib.util.find_spec("playwright") is None:
        sys.exit("Playwright for Python is missing: pip install -e '.[browser]'")
    if args.db == "postgres" and not sign.reachable(sign.PG["port"]):
        sys.exit("PostgreSQL is not reachable on 127.0.0.1:5432")
    args.repeat = max(1, args.repeat)
    src_parent = Path(tempfile.mkdtemp(prefix="mobilise-reach-src-"))
    commit = sign.snapshot_source(args.worktree, src_parent / "src")
    sign.say(f"Measuring {commit or 'the work tree'}")
    procs = sign.Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    started = time.monotonic()
    try:
        run = ReachRun(args.db, args, procs, src_parent / "src")
        result = run.run()
        shutil.rmtree(run.tmp, ignore_errors=True)
    finally:
        procs.stop_all()
        shutil.rmtree(src_parent, ignore_errors=True)
    summary(result, args)
    print(f"\n({time.monotonic() - started:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    sign.run_as_script(HELPERS, main)
