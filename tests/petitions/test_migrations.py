"""Signatures made before a petition was one action in every language migrate to it."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from petitions.models import PetitionCountryTally, PetitionPage, PetitionTally, Signature

BEFORE = [("petitions", "0005_signature_indexes")]


@pytest.fixture
def before(transactional_db):
    """The models as they were before 0006, and a way to migrate everything forward."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps

    def forward():
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    yield old, forward
    forward()


def old_petition(old, *, home, number, locale, key, title):
    Petition = old.get_model("petitions", "PetitionPage")
    return Petition.objects.create(
        path=f"{home.path}{number:04d}",
        depth=home.depth + 1,
        numchild=0,
        title=title,
        draft_title=title,
        slug=f"petition-{number}",
        url_path=f"{home.url_path}petition-{number}/",
        content_type_id=ContentType.objects.get_for_model(PetitionPage).pk,
        locale_id=locale.pk,
        translation_key=key,
        live=True,
        summary="Ratify C189.",
        petition_text="<p>Ratify C189.</p>",
    )


def test_signatures_on_translations_become_one_petitions(before):
    old, forward = before
    Locale, Page = old.get_model("wagtailcore", "Locale"), old.get_model("wagtailcore", "Page")
    Signature_ = old.get_model("petitions", "Signature")
    Tally = old.get_model("petitions", "PetitionTally")
    locales = {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fr", "ar")
    }
    # An earlier transactional test may have emptied the tree: the pages hang from a root.
    home = Page.objects.filter(depth=1).first() or Page.objects.create(
        path="0001",
        depth=1,
        numchild=0,
        title="Root",
        draft_title="Root",
        slug="root",
        url_path="/",
        content_type_id=ContentType.objects.get_for_model(Page).pk,
        locale_id=locales["en"].pk,
        translation_key=uuid.uuid4(),
    )
    key, other_key = uuid.uuid4(), uuid.uuid4()
    english = old_petition(old, home=home, number=901, locale=locales["en"], key=key, title="C189")
    french = old_petition(
        old, home=home, number=902, locale=locales["fr"], key=key, title="C189 fr"
    )
    arabic = old_petition(
        old, home=home, number=903, locale=locales["ar"], key=key, title="C189 ar"
    )
    other = old_petition(
        old, home=home, number=904, locale=locales["en"], key=other_key, title="Other"
    )
    now = timezone.now()

    def sign(page, email, *, confirmed=True, language="", country="PH"):
        return Signature_.objects.create(
            petition=page,
            email=email,
            email_canonical=email,
            first_name="A",
            country=country,
            language=language,
            referral_code=uuid.uuid4().hex[:16],
            confirmed_at=now if confirmed else None,
            counted=confirmed,
        )

    sign(english, "maria@example.org", confirmed=False, language="en")
    kept = sign(french, "maria@example.org", language="fr", country="SN")  # the one that counts
    sign(french, "aminata@example.org", language="fr", country="SN")
    blank = sign(arabic, "fatima@example.org", country="LB")
    sign(other, "maria@example.org", language="en")
    Tally.objects.create(petition=english, confirmed=0)
    Tally.objects.create(petition=french, confirmed=2)
    Tally.objects.create(petition=arabic, confirmed=1)

    forward()

    assert Signature.objects.for_action(key).count() == 3, "Maria's second signature went"
    assert Signature.objects.filter(email="maria@example.org").count() == 2, "one per petition"
    assert Signature.objects.get(pk=kept.pk).action_key == key
    assert Signature.objects.get(pk=blank.pk).language == "ar", "the page's language"
    assert PetitionTally.objects.get(action_key=key).confirmed == 3
    assert PetitionTally.objects.get(action_key=other_key).confirmed == 1
    assert dict(
        PetitionCountryTally.objects.filter(action_key=key).values_list("country", "confirmed")
    ) == {"SN": 2, "LB": 1}
    assert not Signature.objects.filter(counted=False, confirmed_at__isnull=False).exists()
