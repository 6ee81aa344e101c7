"""A supporter signs in Nepali or in Urdu: every page and email they meet is in that language."""

import re

import pytest
from django.core import mail
from django.utils import translation

from petitions.models import PetitionPage, Signature
from tests.petitions.conftest import sign_url

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s\"<>]+")


def gettext_in(language, text):
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no {language} translation"
    return translated


@pytest.mark.parametrize(
    ("language", "direction", "nepal"), [("ne", "ltr", "नेपाल"), ("ur", "rtl", "نیپال")]
)
def test_signing_in_nepali_and_urdu_speaks_that_language_throughout(
    client,
    petition,
    sign_data,
    locales,
    django_capture_on_commit_callbacks,
    language,
    direction,
    nepal,
):
    home = petition.get_parent().get_parent().get_parent()
    for page in [home, petition.get_parent().get_parent(), petition.get_parent(), petition]:
        page.specific.copy_for_translation(locales[language]).save_revision().publish()
    translated = PetitionPage.objects.get(locale=locales[language])

    html = client.get(translated.url).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert gettext_in(language, "Sign the petition") in html
    assert f'<option value="NP">{nepal}</option>' in html
    with translation.override(language):
        url = sign_url(translated)
    assert url.startswith(f"/{language}/")

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, sign_data(country="NP"), REMOTE_ADDR="198.51.100.7")
    assert answer.status_code == 303
    thanks = client.get(answer["Location"]).content.decode()
    assert f'<html lang="{language}"' in thanks
    assert gettext_in(language, "Thank you for signing") in thanks
    assert Signature.objects.get().language == language

    (email,) = mail.outbox
    assert email.subject.startswith(gettext_in(language, "Confirm your signature")), email.subject
    assert "Confirm your signature" not in email.body
    confirm = next(link for link in LINK.findall(email.body) if "/confirm/" in link)
    assert f"/{language}/" in confirm
    page = client.get(confirm.removeprefix("http://testserver")).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert gettext_in(language, "Confirm my signature") in page
