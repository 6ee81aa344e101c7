"""A task worker killed with SIGKILL in the middle of sending confirmation emails.

Real processes: `manage.py qcluster` on the embedded default (SQLite, the file
cache, the ORM broker), killed as a crash would kill it, then started again.
Every signer must get their confirmation email, within a minute of the
restart, and at most one twice for each sending task the kill cut short (the
follower, and at worst a sweep beside it): the email being sent, which the
provider may have taken before the worker could record it.
"""

from tests.process_mail import sent_log
from tests.processes import project_from, wait_for

SIGNERS = 300

SEED = f"""
from wagtail.models import Site
from petitions.factories import PetitionPageFactory
from petitions.services import signature_sign

home = Site.objects.get(is_default_site=True).root_page
petition = PetitionPageFactory(parent=home, slug="ratify-c189", title="Ratify C189 now")
for n in range({SIGNERS}):
    details = dict(email=f"signer{{n}}@example.org", first_name="Maria", country="PH",
                   display="anonymous", opt_in=False, language="en")
    signature_sign(petition=petition, details=details, fill_seconds=30)
"""


def unsent(project):
    return project.query(
        "SELECT COUNT(*) FROM petitions_signature WHERE confirmation_sent_at IS NULL"
    )[0][0]


def test_every_signer_gets_their_email_after_the_worker_is_killed_and_restarted(
    process_database, tmp_path
):
    project = project_from(process_database, tmp_path / "var", MAIL_DELAY="0.02")
    try:
        project.shell(SEED)
        assert unsent(project) == SIGNERS

        worker = project.start("qcluster")
        assert wait_for(lambda: len(sent_log(project.var_dir)) >= 60, timeout=60) is not None
        project.kill(worker)  # in the middle of the burst
        sent_before = len(sent_log(project.var_dir))
        assert 0 < sent_before < SIGNERS, "killed while there was still work"

        project.start("qcluster", log="qcluster-restarted.log")
        took = wait_for(lambda: unsent(project) == 0, timeout=120)
        assert took is not None, f"{unsent(project)} confirmations never sent"
        assert took <= 60, f"the backlog took {took:.0f} s after the restart"

        sent = [line["to"][0] for line in sent_log(project.var_dir)]
        everyone = {f"signer{n}@example.org" for n in range(SIGNERS)}
        assert set(sent) == everyone, "nobody is left without their email"
        twice = len(sent) - len(set(sent))
        assert twice <= 2, f"{twice} got a second copy"
    finally:
        project.stop_all()
