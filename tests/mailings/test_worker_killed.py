"""A task worker killed with SIGKILL while mailing batches are in flight at the provider.

Real processes: `manage.py qcluster` and a web server receiving the provider's
webhooks, on the embedded default; anymail's real Mailgun backend talking to
the stub provider, which answers slowly (so batches are in flight when the
worker dies) and posts a signed "delivered" event for every message it took.
Everyone must get the mailing once: what the provider said it delivered is
not sent again.
"""

from collections import Counter

from tests.mailings.stub_provider import StubMailgun
from tests.processes import free_port, project_from, wait_for

PEOPLE = 600
BATCH = 100

SEED = f"""
from mailings.factories import MailingFactory, MailingVersionFactory
from mailings.models import Audience
from mailings.services import mailing_send
from supporters.models import Supporter

Supporter.objects.bulk_create(
    Supporter(email=f"person{{n}}@example.org", email_canonical=f"person{{n}}@example.org",
              first_name=f"Person{{n}}", language="en", email_consent=True)
    for n in range({PEOPLE})
)
mailing = MailingFactory(audience=Audience.objects.create(name="Everyone"))
MailingVersionFactory(mailing=mailing, language="en", fallback=True)
mailing_send(mailing=mailing)
"""


def status(project):
    rows = project.query("SELECT status FROM mailings_mailing")
    return rows[0][0] if rows else None


def test_a_mailing_in_flight_when_the_worker_dies_reaches_everyone_once(process_database, tmp_path):
    stub = StubMailgun().start()
    port = free_port()
    stub.webhook_url = f"http://127.0.0.1:{port}/anymail/mailgun/tracking/"
    stub.webhook_auth = "hook:a-long-enough-webhook-password"
    stub.slow_seconds = 3
    stub.script = ["slow"] * 1000
    project = project_from(
        process_database,
        tmp_path / "var",
        STUB_MAILGUN_URL=f"http://127.0.0.1:{stub.port}/v3",
        ANYMAIL_REQUESTS_TIMEOUT=10,
        MAILING_CLAIM_TIMEOUT=25,
        MAILING_BATCH_SIZE=BATCH,
    )
    try:
        project.start("runserver", "--noreload", f"127.0.0.1:{port}")
        project.shell(SEED)
        worker = project.start("qcluster")
        assert wait_for(lambda: len(stub.batches) >= 2, timeout=60) is not None
        project.kill(worker)  # two batches taken by the provider, their answers not yet back
        in_flight = len(stub.recipients())

        project.start("qcluster", log="qcluster-restarted.log")
        took = wait_for(lambda: status(project) == "sent", timeout=180)
        assert took is not None, f"the mailing is still {status(project)}"

        counts = Counter(stub.recipients())
        assert set(counts) == {f"person{n}@example.org" for n in range(PEOPLE)}, "everyone"
        twice = sorted(address for address, n in counts.items() if n > 1)
        assert twice == [], f"{len(twice)} of the {in_flight} in flight got it twice"
        assert stub.webhooks_posted >= in_flight, "the provider told of what it took"
    finally:
        project.stop_all()
        stub.stop()
