"""The senders' confirmation links, sent by the real task worker, with the worker
killed (SIGKILL to its whole process group) in the middle of them."""

from tests.process_mail import sent_log
from tests.processes import project_from, worker_killed_mid_send

MESSAGES = 120

# Messages posted while no worker ran: the worker that starts sends their links.
SEED = f"""
from wagtail.models import Site
from solidarity.factories import MessageFactory, SolidarityWallPageFactory
from solidarity.models import Message

home = Site.objects.get(is_default_site=True).root_page
wall = SolidarityWallPageFactory(parent=home, slug="wall", title="To workers in Qatar")
Message.objects.bulk_create(
    MessageFactory.build(wall=wall, action_key=wall.translation_key, status="unconfirmed",
                         email=f"sender{{n}}@example.org")
    for n in range({MESSAGES})
)
"""


def links(project):
    return [line["to"][0] for line in sent_log(project.var_dir) if "Confirm" in line["subject"]]


def test_confirmation_links_survive_a_killed_worker_none_missed_at_most_one_twice(
    process_database, tmp_path
):
    project = project_from(process_database, tmp_path / "var", MAIL_DELAY="0.05")
    try:
        project.shell(SEED)
        # A starting worker sweeps what waits: 120 links at 0.05 s each.
        worker = project.start("qcluster")
        missing, twice, _before = worker_killed_mid_send(
            project,
            worker,
            sent=lambda: links(project),
            everyone=[f"sender{n}@example.org" for n in range(MESSAGES)],
            task="solidarity.tasks.confirmations_sweep",
            lapse="UPDATE solidarity_message "
            "SET confirmation_claimed_at = datetime('now', '-1 hour') "
            "WHERE confirmation_sent_at IS NULL AND confirmation_claimed_at IS NOT NULL",
            unsent=lambda: project.query(
                "SELECT COUNT(*) FROM solidarity_message WHERE confirmation_sent_at IS NULL"
            )[0][0],
        )
        assert not missing
        # Only one message is ever between "sent" and "marked": at most one link twice.
        assert twice <= 1
    finally:
        project.stop_all()
