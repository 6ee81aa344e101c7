import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from users.services import (
    STAFF_GROUP_NAME,
    SUPPORTER_DATA_GROUP_NAME,
    staff_group_ensure,
    supporter_data_group_ensure,
)

pytestmark = pytest.mark.django_db


def test_staff_sign_in_with_email():
    user = get_user_model().objects.create_user(email="Editor@Example.org", password="x" * 12)
    assert user.email == "editor@example.org"
    assert str(user) == "editor@example.org"
    with pytest.raises(ValueError, match="email"):
        get_user_model().objects.create_user(email="", password="x")


def test_communications_staff_group_exists_after_migrate():
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    codes = set(group.permissions.values_list("codename", flat=True))
    assert {
        "access_admin",
        "add_target",
        "change_ratification",
        "submit_translation",
        "view_signature",
        "add_papersignatures",
        "view_affiliate",
    } <= codes
    assert "add_signature" not in codes and "change_supporter" not in codes
    assert "view_supporter" not in codes and "view_personal_data" not in codes
    assert "change_sitesettings" not in codes
    page_codes = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert page_codes == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}


def test_staff_group_ensure_is_idempotent():
    before = Group.objects.get(name=STAFF_GROUP_NAME).permissions.count()
    staff_group_ensure()
    staff_group_ensure()
    assert Group.objects.filter(name=STAFF_GROUP_NAME).count() == 1
    assert Group.objects.get(name=STAFF_GROUP_NAME).permissions.count() == before


def test_staff_can_open_the_campaign_editor(staff_client, campaign_index):
    response = staff_client.get(f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/")
    assert response.status_code == 200
    assert "Ratification drive" in response.content.decode()


def test_staff_can_publish_a_ratification_drive_from_the_admin(staff_client, campaign_index):
    from campaigns.models import CampaignPage, Convention
    from tests.utils import inline_formset

    data = {
        "title": "Ratify C190 now",
        "slug": "ratify-c190-now",
        "summary": "End violence and harassment at work.",
        "kind": "ratification",
        "status": "active",
        "convention": Convention.objects.get(code="C190").pk,
        "body-count": "0",
        "action-publish": "publish",
        **inline_formset("goals", []),
        **inline_formset("campaign_targets", []),
        **inline_formset("updates", []),
    }
    url = f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = CampaignPage.objects.get(slug="ratify-c190-now")
    assert page.live
    assert staff_client.get(page.url).status_code == 200


def test_a_ratification_drive_without_convention_is_refused_in_the_admin(
    staff_client, campaign_index
):
    from campaigns.models import CampaignPage
    from tests.utils import inline_formset

    data = {
        "title": "Missing convention",
        "slug": "missing-convention",
        "summary": "x",
        "kind": "ratification",
        "status": "active",
        "body-count": "0",
        "action-publish": "publish",
        **inline_formset("goals", []),
        **inline_formset("campaign_targets", []),
        **inline_formset("updates", []),
    }
    url = f"/admin/pages/add/campaigns/campaignpage/{campaign_index.pk}/"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "Choose the convention this ratification drive asks for." in response.content.decode()
    assert not CampaignPage.objects.filter(slug="missing-convention").exists()


def test_the_supporter_data_group_alone_holds_personal_data():
    group = Group.objects.get(name=SUPPORTER_DATA_GROUP_NAME)
    codes = set(group.permissions.values_list("codename", flat=True))
    assert {"view_personal_data", "view_supporter", "change_supporter", "delete_supporter"} <= codes
    supporter_data_group_ensure()
    assert Group.objects.filter(name=SUPPORTER_DATA_GROUP_NAME).count() == 1


def test_a_site_set_up_before_the_roles_loses_the_supporter_list_for_communications():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=STAFF_GROUP_NAME)
    group.permissions.add(Permission.objects.get(codename="view_supporter"))
    staff_group_ensure()
    assert not group.permissions.filter(codename="view_supporter").exists()
