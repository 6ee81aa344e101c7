from django.core.mail import EmailMultiAlternatives

from home.emails import ReadableFileBackend, email_render


def test_development_mail_files_keep_long_links_whole(tmp_path):
    link = "http://127.0.0.1:8000/en/petition/confirm/?t=" + "a" * 150 + ":1vQx:abc"
    message = EmailMultiAlternatives(
        "Confirm “now”", f"Hello Zoë,\n\n{link}\n", to=["z@example.org"]
    )
    message.attach_alternative("<p>html</p>", "text/html")
    ReadableFileBackend(file_path=str(tmp_path)).send_messages([message])
    written = next(tmp_path.iterdir()).read_text()
    assert link in written
    assert "Subject: Confirm “now”" in written
    assert "Hello Zoë," in written
    assert "<p>html</p>" not in written


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
