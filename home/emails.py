"""Rendering and sending of every email, in the recipient's language.

Each email is three templates under templates/emails/<app>/: <name>_subject.txt,
<name>_body.txt and <name>_body.html.
"""

import html
import itertools
import os
import re
import secrets
from datetime import datetime
from pathlib import Path

from anymail.exceptions import AnymailError
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

# What a provider or a mail server raises when it did not take a message: worth
# retrying later (smtplib's errors and dropped connections are OSErrors).
SEND_ERRORS = (AnymailError, OSError)


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


_LINK = re.compile(r'<a\s[^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|div)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def email_text_from_html(markup):
    """A readable plain-text part from rich text: paragraphs kept, links spelled out."""

    def link(match):
        url, label = html.unescape(match.group(1)), _TAG.sub("", match.group(2)).strip()
        return f"{label} ({url})" if label and label != url else url

    text = _LINK.sub(link, markup)
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.IGNORECASE)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def email_message(subject, text, html, *, to, headers=None):
    message = EmailMultiAlternatives(subject, text, to=[to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def email_send(template, context, *, to, language="", headers=None):
    subject, text, html = email_render(template, context, language=language)
    email_message(subject, text, html, to=to, headers=headers).send()


def merge_fill(text, values, fmt):
    """Put each value in place of its placeholder, fmt.format(name)."""
    for name, value in values.items():
        text = text.replace(fmt.format(name), str(value))
    return text


class MergedEmail:
    """An email rendered once for many recipients, each getting their own values.

    Rendering the three templates was most of what an email cost to send; a
    batch of confirmations shares one petition and one language and differs
    only in a name and a link. The template sees a placeholder for each
    per-recipient field (`marks[name]`: letters and digits only, so escaping
    leaves it whole, and random, so no other text can contain it); each
    recipient's values then replace them, HTML-escaped in the HTML part as the
    template would have escaped them.
    """

    def __init__(self, template, context, *, fields, language=""):
        self.fmt = f"merge{secrets.token_hex(8)}{{}}end"
        self.marks = {name: self.fmt.format(name) for name in fields}
        self.subject, self.text, self.html = email_render(
            template, context(self.marks), language=language
        )

    def message(self, values, *, to, headers=None):
        escaped = {name: escape(value) for name, value in values.items()}
        return email_message(
            " ".join(merge_fill(self.subject, values, self.fmt).split()),
            merge_fill(self.text, values, self.fmt),
            merge_fill(self.html, escaped, self.fmt),
            to=to,
            headers=headers,
        )


class EmlFileBackend(BaseEmailBackend):
    """Development mailer: each email a real .eml file under var/mail/, one per message.

    A mail client opens it (both its text and HTML parts); the text parts are
    written unencoded (8bit) rather than quoted-printable, so that a long link,
    such as a signature's confirmation link, can also be copied whole from the
    file in a text editor.
    """

    def __init__(self, *, file_path, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path)

    def send_messages(self, email_messages):
        self.file_path.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            self.write(message)
        return len(email_messages)

    def write(self, message):
        msg = message.message()
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                part.set_content(part.get_content(), subtype=part.get_content_subtype(), cte="8bit")
        # Named by time, process and a counter: in order, and never one name twice.
        name = f"{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}-{next(_written):05d}.eml"
        with open(self.file_path / name, "xb") as eml:
            eml.write(msg.as_bytes(policy=msg.policy.clone(max_line_length=None)))


_written = itertools.count(1)
