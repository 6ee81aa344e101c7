import pytest
from django.urls import reverse
from django.utils import translation

from solidarity.factories import SolidarityWallPageFactory


@pytest.fixture
def wall(campaign):
    return SolidarityWallPageFactory(
        parent=campaign, slug="wall", title="Messages to workers in Qatar", default_to_country="QA"
    )


@pytest.fixture
def post_data():
    def build(**overrides):
        data = {
            "display_name": "Binod",
            "organisation": "",
            "from_country": "NP",
            "to_country": "QA",
            "language": "ne",
            "text": "तपाईंहरू एक्लो हुनुहुन्न। You are not alone.",
            "email": "binod@example.org",
            "consent": "on",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build


@pytest.fixture
def post(client, wall, post_data, django_capture_on_commit_callbacks):
    def do(ip="198.51.100.20", files=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                post_url(wall),
                {**post_data(**overrides), **(files or {})},
                REMOTE_ADDR=ip,
            )

    return do


def post_url(wall):
    """Where the wall's form posts (its action): a plain URL in the wall's language."""
    with translation.override(wall.locale.language_code):
        return reverse("solidarity:post", args=[wall.pk])
