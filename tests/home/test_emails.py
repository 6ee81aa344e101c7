from django.core.mail import EmailMultiAlternatives

from home.emails import EmlFileBackend, email_render
from tests.utils import mail_files, mail_text


def test_development_mail_is_one_eml_file_per_message_with_both_parts(tmp_path):
    link = "http://127.0.0.1:8000/en/petition/confirm/?t=" + "a" * 150 + ":1vQx:abc"
    messages = []
    for name in ("Zoë", "Amina"):
        message = EmailMultiAlternatives(
            "Confirm “now”", f"Hello {name},\n\n{link}\n", to=[f"{name}@example.org"]
        )
        message.attach_alternative(f"<p>Hello {name}</p>", "text/html")
        messages.append(message)
    folder = tmp_path / "mail"

    assert EmlFileBackend(file_path=str(folder)).send_messages(messages) == 2

    paths = sorted(folder.iterdir())
    assert [path.suffix for path in paths] == [".eml", ".eml"], "nothing else, nothing empty"
    assert all(path.stat().st_size > 0 for path in paths)
    zoe, amina = mail_files(folder)
    assert zoe.get_content_type() == "multipart/alternative"
    assert zoe.get_boundary()
    assert [part.get_content_type() for part in zoe.iter_parts()] == ["text/plain", "text/html"]
    assert zoe["Subject"] == "Confirm “now”" and zoe["To"] == "Zoë@example.org"
    assert mail_text(zoe).startswith("Hello Zoë,")
    assert zoe.get_body(preferencelist=("html",)).get_content().strip() == "<p>Hello Zoë</p>"
    assert "Hello Amina," in mail_text(amina)
    assert link in paths[0].read_text(), "the link can be copied whole from the file itself"


def test_no_mail_no_file(tmp_path):
    EmlFileBackend(file_path=str(tmp_path)).send_messages([])
    assert list(tmp_path.iterdir()) == []


def test_email_render_gives_a_one_line_subject_in_the_language(settings):
    subject, text, html = email_render(
        "emails/petitions/confirmation",
        {
            "signature": type("S", (), {"first_name": "O'Brien & Co"})(),
            "petition": type("P", (), {"title": "Ratify C189"})(),
            "confirm_url": "http://x/confirm/?t=1",
        },
        language="fr",
    )
    assert "\n" not in subject and "Ratify C189" in subject
    assert "O'Brien & Co" in text, "plain text is not HTML-escaped"
    assert "O&#x27;Brien &amp; Co" in html
    assert '<html lang="fr" dir="ltr">' in html
