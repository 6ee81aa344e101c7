"""A petition is one action in every language it is translated into: one count, one
signature per person, one report, one export, and audiences that reach all its signers."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from mailings.selectors import audience_supporters
from petitions import services
from petitions.models import PetitionPage, PetitionTally, Signature
from petitions.selectors import country_breakdown, petition_count, recent_signers
from tests.petitions.conftest import sign_url

pytestmark = pytest.mark.django_db

CONFIRM = re.compile(r"https?://[^/\s]+(/\S+/confirm/\?t=\S+)")
REPORTS = "/admin/petitions/reports/"


@pytest.fixture
def translations(petition, locales):
    """The petition in English, French and Arabic, each published at /<lang>/…"""
    pages = {"en": petition}
    for code in ("fr", "ar"):
        page = petition.copy_for_translation(locales[code], copy_parents=True)
        page.title = {"fr": "Ratifiez la C189", "ar": "صادقوا على الاتفاقية 189"}[code]
        page.save_revision().publish()
        pages[code] = PetitionPage.objects.get(pk=page.pk)
    return pages


@pytest.fixture
def sign_in(client, sign_data, django_capture_on_commit_callbacks):
    """Sign a translation through its own form in its language, and confirm from the email."""

    def do(page, language, email, *, confirm=True, **data):
        with translation.override(language):
            url = sign_url(page)
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, sign_data(email=email, **data), REMOTE_ADDR="192.0.2.9")
        assert response.status_code == 303
        if confirm and len(mail.outbox) > sent:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(CONFIRM.search(mail.outbox[sent].body).group(1))
        return response

    return do


@pytest.fixture
def signed_in_three_languages(translations, sign_in):
    sign_in(translations["en"], "en", "maria@example.org", country="PH")
    sign_in(translations["fr"], "fr", "aminata@example.org", country="SN", display="name")
    sign_in(translations["ar"], "ar", "fatima@example.org", country="LB")
    sign_in(translations["ar"], "ar", "ram@example.org", country="NP")
    return translations


def test_every_translation_shows_the_one_count(client, signed_in_three_languages):
    for code, page in signed_in_three_languages.items():
        assert petition_count(petition=page)["total"] == 4, code
        assert client.get(page.url).context["count"]["total"] == 4, code
        assert client.get(f"{page.url}count/").json()["total"] == 4, code
    assert PetitionPage.objects.count() == 3


def test_the_count_refreshed_by_the_page_is_written_as_the_page_writes_it(
    client, petition, locales
):
    # The page's script shows these as they are: Devanagari-script pages group
    # by lakh and crore in ASCII digits, as the server-drawn page does.
    PetitionTally.objects.update_or_create(
        action_key=petition.action_key, defaults={"confirmed": 1677000}
    )
    pages = {"en": petition}
    for code in ("hi", "fr"):
        pages[code] = petition.copy_for_translation(locales[code], copy_parents=True)
        pages[code].save_revision().publish()
    expected = {"en": "1,677,000", "hi": "16,77,000", "fr": "1\xa0677\xa0000"}
    for code, page in pages.items():
        count = client.get(f"{page.url}count/").json()
        assert (count["total"], count["total_text"]) == (1677000, expected[code]), code
        html = client.get(page.url).content.decode()
        assert f'data-value="1677000">{expected[code]}</strong>' in html, code


def test_signers_in_every_language_appear_in_the_breakdown_and_the_recent_list(
    signed_in_three_languages,
):
    french = signed_in_three_languages["fr"]
    assert {row["code"]: row["count"] for row in country_breakdown(petition=french)} == {
        "PH": 1,
        "SN": 1,
        "LB": 1,
        "NP": 1,
    }
    recent = recent_signers(petition=french)
    assert len(recent) == 4
    assert sorted(row["name"] for row in recent) == ["", "", "", "Maria S."], "as each chose"


def test_a_signature_remembers_the_language_it_was_made_in(signed_in_three_languages):
    languages = dict(Signature.objects.values_list("email", "language"))
    assert languages == {
        "maria@example.org": "en",
        "aminata@example.org": "fr",
        "fatima@example.org": "ar",
        "ram@example.org": "ar",
    }
    pages = dict(Signature.objects.values_list("email", "petition__locale__language_code"))
    assert pages == languages, "each on the translation it was signed on"


def test_signing_again_in_another_language_is_a_repeat(
    client, translations, sign_in, django_capture_on_commit_callbacks
):
    sign_in(translations["en"], "en", "Maria.Santos@gmail.com")
    first = Signature.objects.get()
    response = sign_in(translations["fr"], "fr", "mariasantos+c189@gmail.com", confirm=False)
    assert Signature.objects.count() == 1
    assert "?ref=" in response["Location"], "the same thank-you page, never an error"
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2 and subjects[1].startswith("You have already signed")
    sign_in(translations["ar"], "ar", "maria.santos@gmail.com", confirm=False)
    assert len(mail.outbox) == 2, "at most one “you already signed” email"
    assert Signature.objects.get().pk == first.pk
    assert petition_count(petition=translations["ar"])["total"] == 1


def test_an_audience_on_any_translation_reaches_every_signer(
    signed_in_three_languages, campaign, locales
):
    from supporters.models import Supporter

    Supporter.objects.update(email_consent=True)
    everyone = {"maria@example.org", "aminata@example.org", "fatima@example.org", "ram@example.org"}
    for page in [*signed_in_three_languages.values(), campaign]:
        reached = audience_supporters(filters={"pages": [page]})
        assert set(reached.values_list("email", flat=True)) == everyone, page.title


def test_the_staff_report_and_export_cover_every_language(admin_client, signed_in_three_languages):
    english, arabic = signed_in_three_languages["en"], signed_in_three_languages["ar"]
    response = admin_client.get(f"{REPORTS}{arabic.pk}/")
    assert response.status_code == 302 and response["Location"] == f"{REPORTS}{english.pk}/"
    report = admin_client.get(f"{REPORTS}{english.pk}/")
    assert report.context["count"]["total"] == 4
    assert report.context["statuses"]["confirmed"] == 4
    assert len(report.context["translations"]) == 3

    index = admin_client.get(REPORTS).content.decode()
    assert index.count(f"{REPORTS}{english.pk}/") == 1, "one row for the petition"
    assert f"{REPORTS}{arabic.pk}/" not in index

    export = admin_client.get(f"{REPORTS}{english.pk}/export/all/")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    header, rows = rows[0], rows[1:]
    assert {row[header.index("language")] for row in rows} == {"en", "fr", "ar"}
    assert len(rows) == 4

    listing = admin_client.get(
        reverse("petitions_signatures:index"), {"petition": english.pk}
    ).content.decode()
    for email in ("maria@example.org", "aminata@example.org", "fatima@example.org"):
        assert email in listing


def test_invalidating_by_criteria_covers_every_language(signed_in_three_languages):
    arabic = signed_in_three_languages["ar"]
    count = services.signatures_invalidate_matching(
        petition=signed_in_three_languages["en"], ip_hash=Signature.objects.first().ip_hash
    )
    assert count == 4
    services.tallies_recount()
    assert petition_count(petition=arabic)["total"] == 0


def test_retention_waits_until_every_translation_is_closed(signed_in_three_languages, settings):
    settings.RETENTION_AFTER_CLOSE = 1
    long_ago = timezone.now() - timedelta(days=2)
    english = signed_in_three_languages["en"]
    PetitionPage.objects.filter(pk=english.pk).update(state="closed", closed_at=long_ago)
    assert services.signatures_retention_sweep() == 0, "the French and Arabic still take signatures"
    PetitionPage.objects.update(state="closed", closed_at=long_ago)
    assert services.signatures_retention_sweep() == 4
    assert petition_count(petition=english)["total"] == 4, "they still count, anonymously"
