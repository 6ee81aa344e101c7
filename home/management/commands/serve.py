"""Serve the site and run the django-q2 cluster beside it, for one-machine use."""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.core.management.base import BaseCommand

# Seconds the processes get to stop on their own after Ctrl-C, before they are killed.
GRACE = 6
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Command(BaseCommand):
    help = "Run the web server and the task worker together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--insecure",
            action="store_true",
            help="Passed to runserver: serve static files even with DEBUG off.",
        )
        parser.add_argument(
            "--gunicorn",
            action="store_true",
            help="Serve with gunicorn, as in production (WEB_WORKERS processes, default 2), "
            "instead of Django's development server.",
        )

    def handle(self, *args, addrport, insecure, gunicorn, **options):
        self.signals = []
        # Ctrl-C, SIGTERM from a process manager and a closed terminal stop
        # everything, even when this process was started with SIGINT ignored (as
        # background jobs are). Handlers only take note, so that a second Ctrl-C
        # during the clean-up cannot cut it short.
        for signum in STOP_SIGNALS:
            signal.signal(signum, self.take_note)
        manage = [sys.executable, "manage.py"]
        runserver = [*manage, "runserver", addrport, "--noreload"]
        if insecure:
            runserver.append("--insecure")
        if gunicorn:
            workers = os.environ.get("WEB_WORKERS", "2")
            runserver = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
            runserver += ["--bind", addrport, "--workers", workers, "--worker-class", "sync"]
        # Each child leads a process group of its own, so that stopping it reaches
        # what it started too (the qcluster's sentinel, pusher, monitor and
        # workers), and the terminal's Ctrl-C reaches only this process, which
        # stops them in order. The arguments come from whoever runs the command.
        children = {
            "task worker": subprocess.Popen([*manage, "qcluster"], start_new_session=True),  # noqa: S603
            "web server": subprocess.Popen(runserver, start_new_session=True),  # noqa: S603
        }
        try:
            while not self.signals and all(child.poll() is None for child in children.values()):
                time.sleep(0.2)
        finally:
            self.stop(children)

    def take_note(self, signum, frame):
        self.signals.append(signum)

    def stop(self, children):
        """Ask every group to stop, wait up to GRACE seconds, then kill what is left.

        SIGINT is what a terminal's Ctrl-C sends to a foreground group: the
        qcluster stops its workers once their tasks return (followers return at
        once, see home/queue.py), and runserver ends. A second Ctrl-C kills at once.
        """
        self.stdout.write("Stopping the web server and the task worker…")
        asked = len(self.signals)
        for child in children.values():
            signal_group(child.pid, signal.SIGINT)
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline and len(self.signals) <= asked:
            for child in children.values():
                child.poll()  # reaps a group leader that ended, so its group can empty
            if not any(group_alive(child.pid) for child in children.values()):
                break
            time.sleep(0.1)
        left = [
            name
            for name, child in children.items()
            if child.poll() is None or group_alive(child.pid)
        ]
        for child in children.values():
            signal_group(child.pid, signal.SIGKILL)
            child.wait()
        if left:
            self.stdout.write(f"Killed what had not stopped: {', '.join(left)}.")
        else:
            self.stdout.write("Stopped.")


def signal_group(group, signum):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signum)


def group_alive(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
