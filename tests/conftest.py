import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from wagtail.models import Locale, Site

from campaigns.factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    RatificationTrackerPageFactory,
)
from users.services import STAFF_GROUP_NAME, SUPPORTER_DATA_GROUP_NAME


@pytest.fixture(autouse=True)
def _no_language_left_behind():
    """A request under /fr/ activates French in the test's thread; the next test starts afresh."""
    yield
    translation.deactivate()


@pytest.fixture
def home_page(db):
    """The English home page the data migration made, root of the default site."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def campaign_index(home_page):
    return CampaignIndexPageFactory(parent=home_page, slug="campaigns")


@pytest.fixture
def tracker_page(home_page):
    return RatificationTrackerPageFactory(parent=home_page, slug="ratification-tracker")


@pytest.fixture
def campaign(campaign_index):
    return CampaignPageFactory(parent=campaign_index, slug="end-kafala", title="End kafala now")


@pytest.fixture
def staff_user(django_user_model):
    user = django_user_model.objects.create_user(
        email="editor@example.org", password="a-long-demo-password", first_name="Amina"
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    return user


@pytest.fixture
def data_user(django_user_model):
    """Communications staff who also hold the "Supporter data" role."""
    user = django_user_model.objects.create_user(
        email="data@example.org", password="a-long-demo-password", first_name="Rosa"
    )
    user.groups.add(
        Group.objects.get(name=STAFF_GROUP_NAME), Group.objects.get(name=SUPPORTER_DATA_GROUP_NAME)
    )
    return user


@pytest.fixture
def data_client(client, data_user):
    client.force_login(data_user)
    return client


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="boss@example.org", password="x" * 12)
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached lookups must not leak from one test to the next."""
    from django.core.cache import cache

    from home.memory import memory_clear

    cache.clear()
    memory_clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def process_database(tmp_path_factory):
    """A migrated SQLite database for the tests that run real processes (tests/processes.py)."""
    from tests.processes import migrated_template

    return migrated_template(tmp_path_factory.mktemp("process-template"))
