"""`make run`'s serve command, stopped with Ctrl-C as in a terminal.

Real processes: `manage.py serve` on the embedded default starts runserver and
the qcluster (its sentinel, pusher, monitor and workers); one person signs a
petition over HTTP, which sets a follower task working in a worker; then the
terminal's Ctrl-C. Every process serve started must be gone within 10 seconds,
none left holding the database.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.process_mail import sent_log
from tests.processes import free_port, project_from, wait_for

pytestmark = pytest.mark.slow

SEED = """
from wagtail.models import Site
from petitions.factories import PetitionPageFactory

home = Site.objects.get(is_default_site=True).root_page
PetitionPageFactory(parent=home, slug="ratify-c189", title="Ratify C189 now")
"""


def processes():
    """{pid: (parent pid, session id)} of the machine's living processes."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name (in brackets) may hold spaces; the fields after it do not.
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":  # a zombie holds nothing but its exit status
            found[int(entry.name)] = (int(fields[1]), int(fields[3]))
    return found


def started_by(pid):
    """The processes in the sessions of pid and of its children (serve's groups)."""
    table = processes()
    sessions = {pid} | {child for child, (parent, _) in table.items() if parent == pid}
    return {process for process, (_, session) in table.items() if session in sessions}


def sign(base):
    """Sign the petition as a person would: read the form, post it back."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/en/ratify-c189/", timeout=30).read().decode()
    action = re.search(r'<form class="sign-form"[^>]*action="([^"#]+)', page).group(1)

    def hidden(name):
        return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)

    data = {
        "started": hidden("started"),
        "first_name": "Maria",
        "last_name": "Santos",
        "email": "maria.santos@example.org",
        "country": "PH",
        "display": "anonymous",
    }
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        urllib.parse.urljoin(base, action),
        data=urllib.parse.urlencode(data).encode(),
        headers={"Referer": f"{base}/en/ratify-c189/"},
    )
    return opener.open(request, timeout=30).geturl()


@pytest.fixture
def served(request, process_database, tmp_path):
    # The follower stays on the lookout far longer than the test waits: only
    # its noticing the stop lets the cluster end in time on its own.
    project = project_from(process_database, tmp_path / "var", FOLLOW_IDLE="60")
    project.shell(SEED)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = getattr(request, "param", "runserver")
    options = ["--gunicorn"] if server == "gunicorn" else []
    serve = project.start("serve", *options, f"127.0.0.1:{port}")

    def up():
        try:
            page = urllib.request.urlopen(f"{base}/en/ratify-c189/", timeout=5)  # noqa: S310
            return page.status == 200
        except OSError:
            return False

    started = set()
    try:
        assert wait_for(up, timeout=60) is not None, (project.var_dir / "serve.log").read_text()
        # serve's children lead sessions of their own: a failing test must stop them too.
        started = started_by(serve.pid)
        assert "/thanks/" in sign(base)
        assert wait_for(lambda: sent_log(project.var_dir), timeout=30) is not None, "email sent"
        yield project, serve
    finally:
        project.stop_all()
        for pid in started:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def ctrl_c(serve):
    """What the terminal does: SIGINT to its foreground process group, here serve's."""
    os.killpg(serve.pid, signal.SIGINT)


def stopped_within(serve, started, seconds):
    took = wait_for(lambda: not (started & set(processes())), timeout=seconds + 20)
    assert took is not None, f"still running: {sorted(started & set(processes()))}"
    serve.wait(timeout=10)
    return took


@pytest.mark.parametrize("served", ["runserver", "gunicorn"], indirect=True)
def test_ctrl_c_stops_every_process_serve_started(served):
    project, serve = served
    started = started_by(serve.pid)
    assert len(started) >= 7, (
        "serve, the web server (gunicorn: and its workers), qcluster and its "
        "sentinel, pusher, monitor, workers"
    )

    ctrl_c(serve)

    took = stopped_within(serve, started, 10)
    assert took <= 10, f"took {took:.1f} s"
    log = (project.var_dir / "serve.log").read_text()
    assert "Stopped." in log and "Killed" not in log, "they stopped on their own, following too"
    assert serve.returncode == 0


def test_ctrl_c_twice_still_stops_every_process(served):
    project, serve = served
    started = started_by(serve.pid)

    ctrl_c(serve)
    time.sleep(0.3)
    ctrl_c(serve)

    took = stopped_within(serve, started, 10)
    assert took <= 10, f"took {took:.1f} s"
    assert "Traceback" not in (project.var_dir / "serve.log").read_text()
