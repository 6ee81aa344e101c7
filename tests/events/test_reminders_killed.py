"""The day-before reminders, sent by the real task worker from its schedule, with
the worker killed (SIGKILL to its whole process group) in the middle of them."""

from tests.process_mail import sent_log
from tests.processes import project_from, worker_killed_mid_send

REPLIES = 120

SEED = f"""
import datetime as dt
from django.utils import timezone
from wagtail.models import Site
from events.factories import DayOfActionPageFactory, EventActionFactory
from events.models import EventRsvp

home = Site.objects.get(is_default_site=True).root_page
today = timezone.localdate()
day = DayOfActionPageFactory(parent=home, slug="migrants-day", starts_on=today)
start = timezone.now() + dt.timedelta(hours=20)
action = EventActionFactory(
    day=day, rsvp_open=True, starts_at=start, ends_at=start + dt.timedelta(hours=2),
    time_zone="Asia/Kathmandu",
)
EventRsvp.objects.bulk_create(
    EventRsvp(event=action, day=day, action_key=day.translation_key, name=f"P{{n}}",
              email=f"person{{n}}@example.org", language="en", status="going",
              created_at=timezone.now() - dt.timedelta(days=2))
    for n in range({REPLIES})
)
"""

RUN_NOW = "UPDATE django_q_schedule SET next_run = datetime('now', '-1 minute') WHERE func = ?"


def reminders(project):
    return [line["to"][0] for line in sent_log(project.var_dir) if "Tomorrow" in line["subject"]]


def test_reminders_survive_a_killed_worker_none_missed_at_most_one_twice(
    process_database, tmp_path
):
    project = project_from(process_database, tmp_path / "var", MAIL_DELAY="0.05")
    try:
        project.shell(SEED)
        project.write(RUN_NOW, ["events.tasks.reminders_send"])
        # The scheduler looks every 30 s; then 120 reminders at 0.05 s each.
        worker = project.start("qcluster")
        missing, twice, _before = worker_killed_mid_send(
            project,
            worker,
            sent=lambda: reminders(project),
            everyone=[f"person{n}@example.org" for n in range(REPLIES)],
            task="events.tasks.reminders_send",
            lapse="UPDATE events_eventrsvp SET reminder_claimed_at = datetime('now', '-1 hour') "
            "WHERE reminded_at IS NULL AND reminder_claimed_at IS NOT NULL",
            unsent=lambda: project.query(
                "SELECT COUNT(*) FROM events_eventrsvp WHERE reminded_at IS NULL"
            )[0][0],
        )
        assert not missing
        # Only one reply is ever between "sent" and "marked": at most one person twice.
        assert twice <= 1
    finally:
        project.stop_all()
