"""Signatures in a supporter's data export and erasure, and the retention sweep:
the signer's details go, the count stays."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django_q.models import Schedule

from petitions import services, tasks
from petitions.factories import PetitionPageFactory, SignatureFactory
from petitions.models import PetitionPage, Signature
from petitions.selectors import petition_count
from supporters.factories import SupporterFactory
from supporters.models import Activity
from supporters.services import supporter_data_export, supporter_erase

pytestmark = pytest.mark.django_db

PERSONAL = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "comment",
    "union_name",
    "ip_hash",
    "email_domain",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "opt_in_notice",
)


@pytest.fixture(autouse=True)
def _english():
    """Section titles and labels are in the active language, which other tests may leave set."""
    with translation.override("en"):
        yield


def signature(petition, email="maria.santos@example.org", **kwargs):
    fields = {
        "email": email,
        "first_name": "Maria",
        "last_name": "Santos",
        "phone": "+63 2 555 0101",
        "comment": "For my sister in Riyadh",
        "union_name": "Domestic Workers Union",
        "display": Signature.Display.NAME,
        "ip_hash": "abc123",
        "utm_source": "newsletter",
        "utm_medium": "email",
        "utm_campaign": "c189",
        "opt_in": True,
        "opt_in_notice": "Yes, email me",
        "confirmed_at": timezone.now(),
        "country": "PH",
    }
    fields.update(kwargs)
    return SignatureFactory(petition=petition, **fields)


def assert_anonymised(sig):
    sig.refresh_from_db()
    for name in PERSONAL:
        assert getattr(sig, name) == "", name
    assert sig.email_canonical == f"erased-{sig.pk}"
    assert sig.display == Signature.Display.ANONYMOUS
    assert sig.anonymised_at is not None
    assert sig.country.code == "PH" and sig.confirmed_at is not None


def test_export_lists_the_persons_signatures(petition):
    signature(petition)
    signature(petition, email="someone@example.org")
    supporter = SupporterFactory(email="maria.santos@example.org")

    rows = supporter_data_export(supporter=supporter)["Petition signatures"]

    assert len(rows) == 1
    assert rows[0]["Petition"] == petition.title
    assert rows[0]["Union (as typed)"] == "Domestic Workers Union"
    assert rows[0]["Comment"] == "For my sister in Riyadh"
    assert rows[0]["Agreed to campaign email"] is True


def test_erasure_anonymises_every_signature_and_keeps_the_count(petition, campaign):
    other = PetitionPageFactory(parent=campaign, slug="second", title="Second")
    mine = [signature(petition), signature(other)]
    theirs = signature(petition, email="someone@example.org")
    services.tallies_update()
    before = (petition_count(petition=petition)["total"], petition_count(petition=other)["total"])
    supporter = SupporterFactory(email="maria.santos@example.org")

    supporter_erase(supporter=supporter)

    for sig in mine:
        assert_anonymised(sig)
    theirs.refresh_from_db()
    assert theirs.anonymised_at is None and theirs.first_name == "Maria"
    services.tallies_recount()
    after = (petition_count(petition=petition)["total"], petition_count(petition=other)["total"])
    assert after == before == (2, 1)
    assert "Petition signatures" not in supporter_data_export(
        supporter=SupporterFactory(email="maria.santos@example.org")
    )


def test_signatures_anonymise_skips_those_already_done(petition):
    sig = signature(petition)
    assert services.signatures_anonymise(queryset=Signature.objects.all()) == 1
    first = Signature.objects.get(pk=sig.pk).anonymised_at
    assert services.signatures_anonymise(queryset=Signature.objects.all()) == 0
    assert Signature.objects.get(pk=sig.pk).anonymised_at == first


# closed_at ---------------------------------------------------------------------


def test_closed_at_is_set_when_the_petition_closes_and_cleared_when_it_reopens(petition):
    assert petition.closed_at is None
    petition.state = PetitionPage.State.CLOSED
    petition.save()
    closed_at = PetitionPage.objects.get(pk=petition.pk).closed_at
    assert closed_at is not None

    petition.state = PetitionPage.State.DELIVERED
    petition.delivered_on = timezone.now().date()
    petition.save(update_fields=["state", "delivered_on"])
    assert PetitionPage.objects.get(pk=petition.pk).closed_at == closed_at

    petition.state = PetitionPage.State.OPEN
    petition.save(update_fields=["state"])
    assert PetitionPage.objects.get(pk=petition.pk).closed_at is None


def test_publishing_an_older_draft_keeps_the_closing_date(petition):
    revision = petition.save_revision()
    petition.state = PetitionPage.State.CLOSED
    petition.save()
    closed_at = PetitionPage.objects.get(pk=petition.pk).closed_at

    page = PetitionPage.objects.get(pk=petition.pk)
    draft = revision.as_object()
    draft.state = PetitionPage.State.CLOSED
    draft.save_revision().publish()

    assert PetitionPage.objects.get(pk=page.pk).closed_at == closed_at


# Retention ---------------------------------------------------------------------


def close(petition, days_ago):
    PetitionPage.objects.filter(pk=petition.pk).update(
        state=PetitionPage.State.CLOSED, closed_at=timezone.now() - timedelta(days=days_ago)
    )


def test_retention_sweep_anonymises_only_petitions_closed_long_ago(campaign, settings):
    settings.RETENTION_AFTER_CLOSE = 30
    old = PetitionPageFactory(parent=campaign, slug="old", title="Old")
    recent = PetitionPageFactory(parent=campaign, slug="recent", title="Recent")
    expired = PetitionPageFactory(
        parent=campaign, slug="expired", deadline=timezone.now() - timedelta(days=40)
    )
    running = PetitionPageFactory(parent=campaign, slug="running")
    close(old, days_ago=31)
    close(recent, days_ago=29)
    signatures = {page.slug: signature(page) for page in (old, recent, expired, running)}
    services.tallies_update()
    supporter = SupporterFactory(email="maria.santos@example.org")
    for page in (old, recent, expired, running):
        Activity.objects.create(
            supporter=supporter, kind="petition_signature", page=page, occurred_at=timezone.now()
        )

    assert tasks.signatures_retention_sweep() == {"anonymised": 2, "flagged_deleted": 0}

    assert_anonymised(signatures["old"])
    assert_anonymised(signatures["expired"])
    for slug in ("recent", "running"):
        signatures[slug].refresh_from_db()
        assert signatures[slug].anonymised_at is None and signatures[slug].email
    assert set(Activity.objects.values_list("page__slug", flat=True)) == {"recent", "running"}
    services.tallies_recount()
    assert petition_count(petition=old)["total"] == 1

    assert tasks.signatures_retention_sweep()["anonymised"] == 0, "a second run changes nothing"


def test_retention_sweep_works_in_batches(campaign, settings):
    settings.RETENTION_AFTER_CLOSE = 1
    old = PetitionPageFactory(parent=campaign, slug="old")
    close(old, days_ago=2)
    for n in range(5):
        signature(old, email=f"signer{n}@example.org")
    assert services.signatures_retention_sweep(batch=2) == 5
    assert not Signature.objects.filter(anonymised_at__isnull=True).exists()


def test_retention_sweep_runs_daily():
    schedule = Schedule.objects.get(func="petitions.tasks.signatures_retention_sweep")
    assert schedule.schedule_type == Schedule.DAILY
