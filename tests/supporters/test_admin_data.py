"""Staff download or erase what is held about a supporter, with the permission for it."""

import json

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import ModelLogEntry

from petitions.models import Signature
from supporters.models import Supporter

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/supporters/supporter"


@pytest.fixture
def maria(signed):
    signed("maria.santos@example.org")
    return Supporter.objects.get(email_canonical="maria.santos@example.org")


def test_inspect_view_offers_download_and_erase_to_those_allowed(superuser_client, maria):
    html = superuser_client.get(f"{ADMIN}/inspect/{maria.pk}/").content.decode()
    assert f"{ADMIN}/export/{maria.pk}/" in html
    assert f"{ADMIN}/erase/{maria.pk}/" in html


def test_communications_staff_cannot_see_download_or_erase_supporters(staff_client, maria):
    for response in (
        staff_client.get(f"{ADMIN}/"),
        staff_client.get(f"{ADMIN}/?q=maria"),
        staff_client.get(f"{ADMIN}/inspect/{maria.pk}/"),
        staff_client.get(f"{ADMIN}/edit/{maria.pk}/"),
        staff_client.get(f"{ADMIN}/export/{maria.pk}/"),
        staff_client.get(f"{ADMIN}/erase/{maria.pk}/"),
        staff_client.post(f"{ADMIN}/erase/{maria.pk}/"),
    ):
        assert response.status_code in (302, 403)
        assert "maria.santos@example.org" not in response.content.decode()
    assert Supporter.objects.filter(pk=maria.pk).exists()
    assert not ModelLogEntry.objects.filter(action="supporters.export").exists()
    assert f"{ADMIN}/" not in staff_client.get("/admin/").content.decode(), "not in the menu"


def test_the_supporter_permission_alone_does_not_open_personal_data(
    staff_client, staff_user, maria
):
    """Given the old view/change/delete permissions by hand, staff still need the role."""
    staff_user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_supporter", "change_supporter", "delete_supporter"]
        )
    )
    for url in (f"{ADMIN}/", f"{ADMIN}/inspect/{maria.pk}/", f"{ADMIN}/export/{maria.pk}/"):
        response = staff_client.get(url)
        assert response.status_code in (302, 403), url
        assert "maria.santos@example.org" not in response.content.decode()


def test_the_supporter_data_role_downloads_and_the_audit_log_says_so(data_client, data_user, maria):
    html = data_client.get(f"{ADMIN}/inspect/{maria.pk}/").content.decode()
    assert "maria.santos@example.org" in html
    assert f"{ADMIN}/export/{maria.pk}/" in html
    assert f"{ADMIN}/erase/{maria.pk}/" in html

    response = data_client.get(f"{ADMIN}/export/{maria.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sections = json.loads(response.content)["sections"]
    assert sections["Petition signatures"][0]["Petition"] == "Ratify C189 now"
    entry = ModelLogEntry.objects.get(action="supporters.export")
    assert (entry.user, entry.data["rows"]) == (data_user, 1)


def test_erase_asks_first_then_erases(data_client, maria):
    confirm = data_client.get(f"{ADMIN}/erase/{maria.pk}/")
    assert confirm.status_code == 200
    assert "This cannot be undone." in confirm.content.decode()
    assert Supporter.objects.filter(pk=maria.pk).exists()

    response = data_client.post(f"{ADMIN}/erase/{maria.pk}/")

    assert response.status_code == 302
    assert not Supporter.objects.filter(pk=maria.pk).exists()
    assert Signature.objects.get().anonymised_at is not None
    entries = ModelLogEntry.objects.filter(object_id=str(maria.pk))
    assert [(e.action, e.label) for e in entries] == [("supporters.erase", f"#{maria.pk}")]


def test_staff_tag_supporters_and_see_why_an_address_is_suppressed(superuser_client, maria):
    from supporters.services import supporter_suppress

    supporter_suppress(email=maria.email, reason="bounced")
    edit = f"{ADMIN}/edit/{maria.pk}/"
    assert superuser_client.get(edit).status_code == 200
    response = superuser_client.post(
        edit,
        {
            "email": maria.email,
            "first_name": "Maria",
            "last_name": "Santos",
            "country": "PH",
            "language": "en",
            "affiliate": "",
            "tags": "speaker, translator",
        },
    )
    assert response.status_code == 302
    assert set(maria.tags.names()) == {"speaker", "translator"}
    html = superuser_client.get(f"{ADMIN}/inspect/{maria.pk}/").content.decode()
    assert "The address bounced" in html and "speaker" in html


def test_topics_are_managed_in_the_supporters_menu(superuser_client):
    html = superuser_client.get("/admin/snippets/supporters/topic/").content.decode()
    assert "Urgent actions" in html


def test_staff_translate_a_topic_in_its_own_form(superuser_client):
    from supporters.models import Topic

    topic = Topic.objects.get(slug="organising")
    url = f"/admin/snippets/supporters/topic/edit/{topic.pk}/"
    html = superuser_client.get(url).content.decode()
    assert "Translations" in html and "Syndicalisation" in html
    existing = list(topic.translations.order_by("sort_order"))
    data = {
        "name": topic.name,
        "slug": topic.slug,
        "description": topic.description,
        "sort_order": topic.sort_order,
        "translations-TOTAL_FORMS": str(len(existing)),
        "translations-INITIAL_FORMS": str(len(existing)),
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
    }
    for n, translation in enumerate(existing):
        data |= {
            f"translations-{n}-id": translation.pk,
            f"translations-{n}-language": translation.language,
            f"translations-{n}-name": translation.name,
            f"translations-{n}-description": translation.description,
            f"translations-{n}-ORDER": n + 1,
            f"translations-{n}-DELETE": "",
        }
    fr = next(n for n, t in enumerate(existing) if t.language == "fr")
    data[f"translations-{fr}-name"] = "Organisation syndicale"
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert topic.translations.get(language="fr").name == "Organisation syndicale"
    assert topic.text("fr").name == "Organisation syndicale"
