"""Scale-out under signing load: two web instances and two task workers, one
of each killed with SIGKILL mid-run.

Usage (from the repository root, with the project's virtualenv; PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379; about two minutes):

    .venv/bin/python bench/scale.py [--duration 20] [--connections 16]
        [--workers 2] [--confirm-sample 300] [--worktree]

The layout of the README's two nodes on one machine, with the servers of
bench/sign.py (the code at HEAD in a temporary copy, production settings
through bench/settings.py, the demo site on a fresh database `mobilise_bench`,
Redis db 14 as cache and broker):

- two gunicorn instances (--workers sync workers each) on two ports, and two
  `qcluster` task workers, all sharing PostgreSQL and Redis; every confirmation
  email is written to a log (tests/process_mail.py, 2 ms an email);
- the load generator signs with unique emails on --connections connections,
  half on each instance; a connection whose instance stops answering moves to
  the other one, as a proxy in front would;
- 30 % of the way in, the second web instance and the second worker are
  killed with SIGKILL (each with every process in its group: gunicorn's
  workers, qcluster's pool) and not started again: the survivors carry on.

Then it prints, from the database and the mail log: acknowledged signatures
lost (missing) and stored twice (duplicates); confirmation emails missing,
sent twice, and sent over 60 s after the kill (late); then --confirm-sample
signatures are confirmed through the surviving instance while the count is
polled, and a new second instance is started: the count each instance shows
against the number of confirmed signatures in the database (converged when
they are all equal, and how long after the last confirmation).

Targets (issue "Public pages under a surge"): 0 lost, 0 duplicates, every
confirmation email sent, and sent once but for the one each sending task of the
killed worker was sending (the provider may have taken it before the worker
could write that down; no sender can tell that from a lost email without the
provider's help), the count converging. It prints PASS/MISS and
exits 0 either way; 1 only when it cannot run.
"""

import argparse
import importlib.util
import json
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Loading bench/sign.py also puts the project's root before bench/ on the path.
_spec = importlib.util.spec_from_file_location("bench_sign", HERE / "sign.py")
sign = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sign)

WEB_APP = "config.wsgi:application"


def helper_truth(path):
    """The count the database holds for the petition: confirmed signatures that
    count (and paper ones), and what its tally says."""
    sign.django_setup()
    from petitions.models import PetitionPage, PetitionTally, Signature

    page = PetitionPage.objects.live().filter(locale__language_code="en").get()
    tally = PetitionTally.objects.filter(action_key=page.action_key).first()
    return {
        "confirmed": Signature.objects.counting().for_action(page).count(),
        "tally": tally.total if tally else 0,
        "path": path,
    }


HELPERS = {**sign.HELPERS, "_truth": helper_truth}


class ScaleRun(sign.DatabaseRun):
    def __init__(self, args, procs, src):
        super().__init__("postgres", args, procs, src)
        self.script = str(src / "bench" / "scale.py")
        self.ports = {}

    def count_shown(self, port):
        """count/ as an instance answers it (the JSON each page view asks for)."""
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", f"{self.path}count/", headers={"Accept-Language": "en"})
        answer = connection.getresponse()
        body = answer.read()
        connection.close()
        return json.loads(body)["total"] if answer.status == 200 else None

    def run(self):
        self.prepare()
        env = {**self.make_env(redis=self.redis, record_mail=1), "MAIL_DELAY": "0.002"}
        for name in ("web1", "web2"):
            self.ports[name] = self.start_gunicorn(name, WEB_APP, env)
        self.app_port = self.ports["web1"]
        for name in ("worker1", "worker2"):
            self.start_worker(env, name=name, wait=False)
        time.sleep(3)
        self.alive("worker1", "worker2")
        self.say(
            f"web instances on ports {self.ports['web1']} and {self.ports['web2']}, "
            f"{self.args.workers} gunicorn workers each; two task workers"
        )

        events = {}

        def kill_mid_run():
            time.sleep(self.args.warmup + self.args.duration * 0.3)
            self.procs.kill("web2")
            self.procs.kill("worker2")
            events["killed"] = time.time()
            self.say("web2 and worker2 killed with SIGKILL")

        killer = threading.Thread(target=kill_mid_run)
        killer.start()
        spec = {
            "mode": "sign",
            "port": self.ports["web1"],
            "ports": [self.ports["web1"], self.ports["web2"]],
            "path": self.path,
            "prefix": "scale",
            "connections": self.args.connections,
            "warmup": self.args.warmup,
            "duration": self.args.duration,
        }
        result = self.client(spec)
        killer.join()
        self.say(
            f"signing on two instances, one killed: {result['rate']:.0f}/s, errors "
            f"{result['errors']} of {result['requests']} {result['statuses']}"
        )
        check = self.check("signature", "scale", result)
        drain = self.helper("_drain", "scale", 240, env=env)
        mail = self.helper(
            "_kill_report", "scale", events["killed"], events["killed"], self.tmp / "var", env=env
        )
        mail["pending"] = drain["pending"]
        self.say(
            f"confirmation emails: {mail['signatures']} signers, missing {mail['missing']}, "
            f"sent twice {mail['duplicates']}, sent over 60 s after the kill {mail['late']} "
            f"(the last of those who signed before the kill went out "
            f"{mail['backlog_seconds'] or 0:.0f} s after it)"
        )

        lag = self.phase_lag("count", "scale", "confirmations through web1")
        self.ports["web2"] = self.start_gunicorn("web2", WEB_APP, env)
        deadline = time.monotonic() + 30
        while True:
            truth = self.helper("_truth", self.path, env=env)
            shown = {name: self.count_shown(port) for name, port in self.ports.items()}
            converged = len({*shown.values(), truth["confirmed"], truth["tally"]}) == 1
            if converged or time.monotonic() > deadline:
                break
            time.sleep(1)
        self.say(
            f"count: database {truth['confirmed']} confirmed, tally {truth['tally']}, "
            + ", ".join(f"{name} shows {value}" for name, value in shown.items())
        )
        self.procs.stop_all()
        self.results["scale"] = {
            "result": result,
            "check": check,
            "mail": mail,
            "lag": lag,
            "truth": truth,
            "shown": shown,
            "converged": converged,
        }
        return self.results


def verdict(ok):
    return "PASS" if ok else "MISS"


def summary(results):
    scale = results["scale"]
    check, mail = scale["check"], scale["mail"]
    lag = scale["lag"]
    print()
    print("== two web instances and two workers, one of each killed (PostgreSQL + Redis) ==")
    print(f"  signatures acknowledged {check['acked']}, stored {check['rows']}")
    lost_ok = not (check["missing"] or check["duplicates"] or check["acked_twice"])
    print(
        f"  lost {check['missing']}, duplicates {check['duplicates']}, stored but not "
        f"acknowledged {check['unacknowledged']} (requests cut by the kill)  {verdict(lost_ok)}"
    )
    # The email a killed worker was sending may have been taken by the provider
    # unrecorded: one per sending task it ran (the follower, at worst a sweep).
    mail_ok = not (mail["missing"] or mail["pending"]) and mail["duplicates"] <= 2
    print(
        f"  confirmation emails: missing {mail['missing']}, sent twice {mail['duplicates']}, "
        f"late (> 60 s after the kill) {mail['late']}  {verdict(mail_ok)}"
    )
    shown = ", ".join(f"{name} {value}" for name, value in scale["shown"].items())
    lag_text = "-" if lag["lag_max"] is None else f"{lag['lag_max']:.1f} s"
    print(
        f"  count after {lag['confirmed']} confirmations: database {scale['truth']['confirmed']}, "
        f"tally {scale['truth']['tally']}, {shown}; lag max {lag_text}  "
        f"{verdict(scale['converged'])}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--confirm-sample", type=int, default=300)
    parser.add_argument("--lag-timeout", type=float, default=45)
    parser.add_argument("--quiet-wait", type=float, default=20)
    parser.add_argument("--worktree", action="store_true", help="the work tree, not HEAD")
    args = parser.parse_args()
    if not (sign.reachable(sign.PG["port"]) and sign.reachable(6379)):
        sys.exit("The scale-out run needs PostgreSQL on 127.0.0.1:5432 and Redis on :6379.")
    src_parent = Path(tempfile.mkdtemp(prefix="mobilise-scale-src-"))
    commit = sign.snapshot_source(args.worktree, src_parent / "src")
    sign.say(f"Measuring {commit or 'the work tree'}")
    procs = sign.Processes()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    run = None
    try:
        run = ScaleRun(args, procs, src_parent / "src")
        results = run.run()
    except Exception as error:
        procs.stop_all()
        sys.exit(f"Stopped: {error!r}. Logs kept in {run.tmp if run else '-'}")
    finally:
        procs.stop_all()
        shutil.rmtree(src_parent, ignore_errors=True)
    shutil.rmtree(run.tmp, ignore_errors=True)
    summary(results)


if __name__ == "__main__":
    sign.run_as_script(HELPERS, main)
