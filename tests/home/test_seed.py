import pytest
from django.core.management import call_command

from campaigns.models import CampaignPage, Ratification, Target
from home.models import HomePage
from mailings import services
from mailings.models import Mailing
from mailings.selectors import audience_size
from supporters.models import Supporter

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_the_site_and_is_idempotent(settings, tmp_path, capsys, client):
    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (CampaignPage.objects.count(), Target.objects.count(), Ratification.objects.count())
    assert CampaignPage.objects.filter(locale__language_code="en").count() == 5
    assert HomePage.objects.count() == 4, "one home page per language"
    assert Ratification.objects.filter(note="Demo data").count() == counts[2] > 100
    assert "admin@example.org /" in first

    mailing = Mailing.objects.get(name__startswith="Demo:")
    assert sorted(mailing.versions.values_list("language", flat=True)) == ["en", "fr"]
    assert audience_size(audience=mailing.audience) == 6
    assert services.mailing_problems(mailing=mailing) == []

    call_command("seed_demo")
    second = capsys.readouterr().out
    assert Mailing.objects.count() == 1
    assert Supporter.objects.count() == 6
    assert (
        CampaignPage.objects.count(),
        Target.objects.count(),
        Ratification.objects.count(),
    ) == counts
    password = first.split("admin@example.org / ")[1].split()[0]
    assert f"admin@example.org / {password}" in second
    assert client.login(email="admin@example.org", password=password)

    drive = CampaignPage.objects.get(slug="ratify-c189", locale__language_code="en")
    html = client.get(drive.url).content.decode()
    assert "Ministry of Human Resources, Malaysia" in html
    assert "Countries that have not ratified C189" in html
    for code in ["fr", "es", "ar"]:
        assert client.get(f"/{code}/").status_code == 200
        assert client.get(f"/{code}/campaigns/international-migrants-day-2026/").status_code == 200
