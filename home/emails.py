"""Rendering and sending of every email, in the recipient's language.

Each email is three templates under templates/emails/<app>/: <name>_subject.txt,
<name>_body.txt and <name>_body.html.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def email_render(template, context, *, language=""):
    """(subject, text, html) for a template prefix such as "emails/petitions/confirmation"."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            **context,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": translation.get_language_bidi(),
        }
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    # Headers cannot hold line breaks; a subject template may end with one.
    return " ".join(subject.split()), text, html


def email_send(template, context, *, to, language="", headers=None):
    subject, text, html = email_render(template, context, language=language)
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    message.send()
