import time

import pytest
from django.core import signing
from django.urls import reverse

from campaigns.factories import TargetFactory
from petitions.factories import PetitionPageFactory
from petitions.forms import STARTED_SALT
from petitions.models import PetitionTarget


@pytest.fixture
def petition(campaign):
    page = PetitionPageFactory(parent=campaign, slug="sign-now", title="Ratify C189 now")
    PetitionTarget.objects.create(
        page=page, target=TargetFactory(name="Ministry of Human Resources")
    )
    return page


@pytest.fixture
def sign_data():
    """POST data a person would send, shown the form a while ago."""

    def build(**overrides):
        data = {
            "first_name": "Maria",
            "last_name": "Santos",
            "email": "maria.santos@example.org",
            "country": "PH",
            "display": "anonymous",
            "union": "",
            "started": signing.dumps(time.time() - 30, salt=STARTED_SALT),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build


def sign_url(petition):
    """Where the petition's form posts."""
    return reverse("petitions:sign", args=[petition.pk])


@pytest.fixture
def sign(client, petition, sign_data, django_capture_on_commit_callbacks):
    """Sign through the public form, running the queued tasks as the worker would."""

    def do(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                sign_url(petition), sign_data(**overrides), REMOTE_ADDR="198.51.100.7"
            )

    return do
