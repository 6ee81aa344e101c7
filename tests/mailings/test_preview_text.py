"""A mailing's preview text is plain text: refused with markup, escaped whatever is stored."""

import pytest
from django.core.exceptions import ValidationError

from mailings.emails import Template
from mailings.factories import MailingFactory, MailingVersionFactory

pytestmark = pytest.mark.django_db

ATTACK = "<img src=x onerror=alert(1)>"


def test_markup_in_the_preview_text_is_refused_with_a_message():
    version = MailingVersionFactory(mailing=MailingFactory(), preview_text=ATTACK)
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert error.value.message_dict["preview_text"] == [
        "Plain text only: remove the characters < and >."
    ]


def test_markup_stored_before_the_check_is_escaped_in_both_parts():
    mailing = MailingFactory()
    version = MailingVersionFactory(
        mailing=mailing, preview_text=f"{{first_name}}, {ATTACK} & more"
    )
    template = Template(mailing, version)
    assert "<img" not in template.html
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; more" in template.html
    assert "<img" not in template.text
