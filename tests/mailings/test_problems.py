import pytest
from django.core.exceptions import ValidationError

from mailings import services
from mailings.factories import AudienceFactory
from mailings.models import Mailing, MailingVersion, validate_header, validate_merge_fields
from tests.utils import mail_files, mail_text

pytestmark = pytest.mark.django_db


def problems(mailing):
    return " ".join(services.mailing_problems(mailing=mailing))


def test_a_good_mailing_has_no_problems(people, mailing):
    assert services.mailing_problems(mailing=mailing) == []


def test_unknown_merge_fields_are_named(people, mailing):
    MailingVersion.objects.filter(mailing=mailing, language="en").update(
        subject="Hello {frist_name}"
    )
    assert "Unknown merge field {frist_name}" in problems(mailing)
    with pytest.raises(ValidationError, match="frist_name"):
        validate_merge_fields("Dear {frist_name}")


def test_scripts_and_header_injection_are_refused(people, mailing):
    MailingVersion.objects.filter(mailing=mailing, language="en").update(
        body="<p>Hi</p><script>alert(1)</script>", subject="Hi\r\nBcc: all@example.org"
    )
    text = problems(mailing)
    assert "may not contain scripts" in text
    assert "Line breaks are not allowed" in text
    with pytest.raises(ValidationError):
        validate_header("Union\nBcc: x@example.org")


def test_an_empty_audience_is_refused_before_anything_is_sent(mailing):
    mailing.audience = AudienceFactory(languages=["ar"])
    mailing.save()
    with pytest.raises(ValidationError, match="reaches nobody"):
        services.mailing_send(mailing=mailing)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    assert not mailing.deliveries.exists()


def test_a_missing_provider_key_is_a_clear_problem(settings, people, mailing):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.mailgun.EmailBackend"}}
    settings.ANYMAIL = {}
    text = problems(mailing)
    assert "The email provider (mailgun) is not set up" in text
    assert "api_key" in text


def test_a_provider_that_cannot_personalise_is_a_clear_problem(settings, people, mailing):
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "x"}
    assert "cannot be personalised through postmark" in problems(mailing)
    settings.MAILING_MERGE_FIELD_FORMAT = "{{{{{}}}}}"
    assert "postmark" not in problems(mailing)


def test_development_mail_files_hold_each_persons_own_email(
    settings, tmp_path, people, mailing, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "mailings.backends.MergeFileBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_send(mailing=mailing)
    messages = mail_files(tmp_path)
    assert len(messages) == len(people)
    for person in people:
        (message,) = [m for m in messages if m["To"] == person.email]
        text = mail_text(message)
        html = message.get_body(preferencelist=("html",)).get_content()
        assert f"Dear {person.first_name}" in text or f"Cher·e {person.first_name}" in text
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "%recipient." not in text + html + message["Subject"]
        assert "/unsubscribe/" in text and "/unsubscribe/" in html


def test_the_preview_fills_every_merge_field(people, mailing):
    from mailings.emails import preview_render

    subject, html, text = preview_render(mailing, "fr")
    for part in (subject, html, text):
        assert "{first_name}" not in part and "%recipient" not in part
    assert "<title>Maria, le 18 décembre" in html
    assert "/unsubscribe/" in html and "/unsubscribe/" in text
