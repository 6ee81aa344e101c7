import pytest

from petitions import services as petition_services
from petitions.factories import PetitionPageFactory
from supporters.factories import SupporterFactory
from tests.utils import signature_details


@pytest.fixture
def petition(campaign):
    return PetitionPageFactory(parent=campaign, slug="ratify-c189", title="Ratify C189 now")


@pytest.fixture
def subscriber(db):
    """A supporter who agreed to campaign email."""
    return SupporterFactory(email="maria.santos@example.org", email_consent=True, language="fr")


@pytest.fixture
def signed(petition, django_capture_on_commit_callbacks):
    """Sign and confirm, as a person would; the worker's tasks run (and count) at once."""

    def do(email="maria.santos@example.org", *, on=None, **kwargs):
        details = signature_details(email, last_name="Santos", opt_in=True, **kwargs)
        with django_capture_on_commit_callbacks(execute=True):
            result = petition_services.signature_sign(
                petition=on or petition, details=details, fill_seconds=30
            )
            petition_services.signature_confirm(signature=result.signature)
        result.signature.refresh_from_db()
        return result.signature

    return do
