"""Races, with real threads and real transactions: PostgreSQL only.

SQLite's in-memory test database is one connection; these need several, each
committing for real, so the tests are transactional (see the `petition` fixture).
"""

import pytest
from django.core import mail
from django.utils import timezone

from petitions import services
from petitions.factories import PetitionPageFactory, SignatureFactory
from petitions.models import PetitionCountryTally, PetitionPage, PetitionTally, Signature
from supporters.models import Activity, ConsentRecord, Supporter
from supporters.services import supporter_record_action
from tests.utils import RACE_MARKS, THREADS, race_site, run_at_once, signature_details

pytestmark = RACE_MARKS


@pytest.fixture
def petition():
    """A site with one campaign and its petition (tests/utils.py: race_site)."""
    from campaigns.factories import CampaignIndexPageFactory, CampaignPageFactory

    site = race_site()
    index = CampaignIndexPageFactory(parent=site.root_page, slug="race-campaigns")
    campaign = CampaignPageFactory(parent=index, slug="end-kafala", title="End kafala now")
    return PetitionPageFactory(parent=campaign, slug="sign-now", title="Ratify C189 now")


def test_concurrent_signatures_of_one_person_make_one(petition):
    emails = [
        "Maria.Santos@gmail.com",
        "mariasantos@gmail.com",
        "maria.santos+petition@gmail.com",
        "MARIASANTOS@GOOGLEMAIL.COM",
        " m.a.r.i.a.santos@gmail.com ",
        "maria.santos+x@googlemail.com",
        "mariasantos+y@gmail.com",
        "Maria.Santos@Gmail.com",
    ]

    def sign(i, page):
        return services.signature_sign(
            petition=page, details=signature_details(emails[i]), fill_seconds=30
        )

    results = run_at_once(sign, prepare=lambda i: PetitionPage.objects.get(pk=petition.pk))

    signature = Signature.objects.get()
    assert {r.signature.pk for r in results} == {signature.pk}
    assert sum(r.created for r in results) == 1
    assert signature.email_canonical == "mariasantos@gmail.com"
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2, subjects
    assert subjects[0].startswith("Confirm your signature")
    assert subjects[1].startswith("You have already signed"), "one notice for all the repeats"


def test_concurrent_confirmations_count_once(petition):
    signature = SignatureFactory(
        petition=petition,
        email="maria@example.org",
        opt_in=True,
        opt_in_notice=petition.opt_in_notice,
    )

    results = run_at_once(
        lambda i, sig: services.signature_confirm(signature=sig),
        prepare=lambda i: Signature.objects.select_related("petition").get(pk=signature.pk),
    )

    assert results.count(True) == 1 and results.count(False) == THREADS - 1
    assert Supporter.objects.count() == 1
    assert Activity.objects.count() == 1
    assert ConsentRecord.objects.count() == 1
    services.tallies_update()
    assert PetitionTally.objects.get(action_key=petition.action_key).confirmed == 1


def test_concurrent_actions_of_one_new_supporter_make_one_supporter(petition):
    pages = [petition] + [
        PetitionPageFactory(parent=petition.get_parent(), slug=f"petition-{n}")
        for n in range(THREADS - 1)
    ]
    run_at_once(
        lambda i, _: supporter_record_action(
            email="Maria.Santos@gmail.com" if i % 2 else "mariasantos+x@googlemail.com",
            kind=Activity.Kind.PETITION_SIGNATURE,
            page=pages[i],
            first_name="Maria",
        )
    )
    assert Supporter.objects.count() == 1
    assert Activity.objects.count() == THREADS


@pytest.mark.parametrize(
    ("with_recount", "tallies_exist"),
    [(False, True), (False, False), (True, True)],
    ids=["updates", "updates-creating-the-tallies", "updates-and-recounts"],
)
def test_concurrent_counting_never_counts_twice(petition, with_recount, tallies_exist):
    other = PetitionPageFactory(parent=petition.get_parent(), slug="other")
    countries = ["PH", "NP", "ID", "LK", "KE"]
    now = timezone.now()
    Signature.objects.bulk_create(
        SignatureFactory.build(
            petition=petition if n % 3 else other,
            email=f"signer{n}@example.org",
            referral_code=f"c{n}",
            country=countries[n % len(countries)],
            confirmed_at=now,
            flagged=n % 50 == 0,
        )
        for n in range(500)
    )
    if tallies_exist:  # the steady state; otherwise the first batches race to create them
        PetitionTally.objects.bulk_create(
            [
                PetitionTally(action_key=petition.action_key),
                PetitionTally(action_key=other.action_key),
            ]
        )
    counting = Signature.objects.counting()
    expected = {page.pk: counting.filter(petition=page).count() for page in (petition, other)}
    assert sum(expected.values()) == 490

    def count(i, _):
        if with_recount and i % 4 == 3:
            services.tallies_recount(action_keys=[petition.action_key, other.action_key])
            return 0
        marked = 0
        while True:
            batch = services.tallies_update(limit=37)
            if not batch:
                return marked
            marked += batch

    marked = run_at_once(count)

    if not with_recount:
        assert sum(marked) == 500, "each signature is marked by exactly one batch"
    assert not Signature.objects.filter(counted=False).exists()
    assert services.tallies_update() == 0
    for page in (petition, other):
        assert PetitionTally.objects.get(action_key=page.action_key).confirmed == expected[page.pk]
        by_country = dict(
            PetitionCountryTally.objects.filter(action_key=page.action_key).values_list(
                "country", "confirmed"
            )
        )
        assert by_country == {
            code: counting.filter(petition=page, country=code).count()
            for code in countries
            if counting.filter(petition=page, country=code).exists()
        }
