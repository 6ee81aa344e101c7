"""The petition's count says "1 signature", "2 signatures", in the page's language."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db


def count_html(petition, total, language="en"):
    with translation.override(language):
        return render_to_string(
            "petitions/components/count.html",
            {
                "count": {"total": total, "goal": 100, "percent": total},
                "page": petition,
                "request": RequestFactory().get(petition.url),
            },
        )


def shown_word(html):
    return re.search(r"data-count-noun[^>]*>([^<]*)</span>", html).group(1)


@pytest.mark.parametrize(
    ("total", "word"), [(1, "signature"), (2, "signatures"), (0, "signatures")]
)
def test_the_count_is_one_signature_or_several(petition, total, word):
    assert shown_word(count_html(petition, total)) == word


def test_the_live_count_has_every_plural_form_for_the_script(petition):
    html = count_html(petition, 5)
    assert 'data-one="signature"' in html
    assert 'data-other="signatures"' in html
