"""A task worker told to stop (SIGTERM to its process group, as systemd, Docker or
Kubernetes stop a service) in the middle of sending confirmation emails.

It must be gone within a few seconds, not hold the service's stop for the
length of a follower's run, and the worker started after it sends the rest.
"""

import os
import signal
import subprocess

import pytest

from tests.petitions.test_worker_killed import SEED, SIGNERS, unsent
from tests.process_mail import sent_log
from tests.processes import project_from, wait_for

STOP_WITHIN = 5


@pytest.mark.parametrize(
    "told",
    [
        pytest.param(lambda pid: os.killpg(pid, signal.SIGTERM), id="group (systemd)"),
        pytest.param(lambda pid: os.kill(pid, signal.SIGTERM), id="main process (docker)"),
    ],
)
def test_a_worker_told_to_stop_ends_within_seconds_and_nothing_is_lost(
    process_database, tmp_path, told
):
    project = project_from(process_database, tmp_path / "var", MAIL_DELAY="0.02")
    try:
        project.shell(SEED)
        worker = project.start("qcluster")
        assert wait_for(lambda: len(sent_log(project.var_dir)) >= 60, timeout=60) is not None

        told(worker.pid)
        try:
            worker.wait(timeout=STOP_WITHIN)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"qcluster still running {STOP_WITHIN} s after SIGTERM") from None
        group_gone = wait_for(lambda: not _group_alive(worker.pid), timeout=STOP_WITHIN)
        assert group_gone is not None, "the stopped worker's sentinel or workers still run"
        assert 0 < unsent(project) < SIGNERS, "stopped while there was still work"

        project.start("qcluster", log="qcluster-restarted.log")
        took = wait_for(lambda: unsent(project) == 0, timeout=120)
        assert took is not None, f"{unsent(project)} confirmations never sent"
        # Resumed as soon as it starts, not at the next schedule a minute later.
        assert took <= 30, f"the rest took {took:.0f} s after the restart"

        sent = [line["to"][0] for line in sent_log(project.var_dir)]
        assert set(sent) == {f"signer{n}@example.org" for n in range(SIGNERS)}
        assert len(sent) == len(set(sent)), "a worker that stops cleanly sends nothing twice"
    finally:
        project.stop_all()


def _group_alive(group):
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
