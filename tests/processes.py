"""Running the project's real processes in a test, and killing them as a crash would.

Each process gets its own session (process group), so that SIGKILL reaches the
django-q2 sentinel and every worker it forked, as `kill -9` of a whole service
does.
"""

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class Project:
    """The project in a var directory of its own, with tests.process_settings."""

    def __init__(self, var_dir, **env):
        self.var_dir = Path(var_dir)
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.process_settings",
            "MOBILISE_VAR_DIR": str(self.var_dir),
            "PYTHONUNBUFFERED": "1",
            **{key: str(value) for key, value in env.items()},
        }
        self.env.pop("DATABASE_URL", None)
        self.env.pop("REDIS_URL", None)
        self.processes = []

    @property
    def database(self):
        return self.var_dir / "db.sqlite3"

    def manage(self, *args, timeout=300):
        """Run a management command to completion; returns its output."""
        result = subprocess.run(  # noqa: S603 - our own manage.py, arguments from the test
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def shell(self, code, timeout=300):
        return self.manage("shell", "--no-imports", "-c", code, timeout=timeout)

    def start(self, *args, log=None):
        """Start a management command in its own process group."""
        out = open(self.var_dir / (log or f"{args[0]}.log"), "ab")  # noqa: SIM115
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def kill(self, process):
        """SIGKILL the process and everything in its group, as a crash would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self):
        for process in self.processes:
            self.kill(process)

    def query(self, sql, params=()):
        """Read the project's database directly (a reader never blocks SQLite's writers)."""
        connection = sqlite3.connect(self.database, timeout=30)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def write(self, sql, params=()):
        """Change the project's database directly (time passing, a claim lapsing)."""
        connection = sqlite3.connect(self.database, timeout=30)
        try:
            connection.execute(sql, params)
            connection.commit()
        finally:
            connection.close()


def migrated_template(var_dir):
    """A migrated database, built once per test session and copied for each test."""
    project = Project(var_dir)
    project.var_dir.mkdir(parents=True, exist_ok=True)
    project.manage("migrate", "--noinput")
    connection = sqlite3.connect(project.database)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return project.database


def project_from(template, var_dir, **env):
    project = Project(var_dir, **env)
    project.var_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(template, project.database)
    return project


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, *, timeout, every=0.2):
    """Poll until predicate() is true; returns the seconds it took, or None on timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(every)
    return None


def worker_killed_mid_send(project, worker, *, sent, everyone, task, lapse, unsent):
    """Kill the task worker (SIGKILL) once it has sent 20 emails, let the
    dead worker's claims lapse (`lapse`, SQL), queue `task` as its schedule would,
    start a worker again and wait until `unsent()` is 0.

    `sent()` lists the addresses mailed so far. Returns (missing, twice, sent
    before the kill), and prints them.
    """
    assert wait_for(lambda: len(sent()) >= 20, timeout=90) is not None
    project.kill(worker)
    before = len(sent())
    assert 0 < before < len(everyone), "killed while there was still work"
    project.write(lapse)
    project.shell(f"from django_q.tasks import async_task; async_task({task!r})")
    project.start("qcluster", log="qcluster-restarted.log")
    assert wait_for(lambda: unsent() == 0, timeout=120) is not None
    mailed = sent()
    missing = len(set(everyone) - set(mailed))
    twice = len(mailed) - len(set(mailed))
    print(f"{task}: missing {missing}, twice {twice}, sent before the kill {before}")
    return missing, twice, before
