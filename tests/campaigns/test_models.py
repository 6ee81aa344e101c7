import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from campaigns.factories import CampaignGoalFactory
from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    Convention,
    RatificationTrackerPage,
    Target,
)
from home.models import HomePage


class CampaignPageRulesTests(WagtailPageTestCase):
    def test_campaigns_live_only_in_a_campaign_list(self):
        self.assertAllowedParentPageTypes(CampaignPage, {CampaignIndexPage})
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})

    def test_lists_and_tracker_sit_under_a_home_page(self):
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(RatificationTrackerPage, {HomePage})
        self.assertAllowedSubpageTypes(RatificationTrackerPage, set())


@pytest.mark.django_db
def test_ratification_drive_requires_a_convention(campaign):
    campaign.kind = CampaignPage.Kind.RATIFICATION
    campaign.convention = None
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "convention" in error.value.message_dict


@pytest.mark.django_db
def test_end_date_cannot_precede_start_date(campaign):
    campaign.end_date = campaign.start_date.replace(year=campaign.start_date.year - 1)
    with pytest.raises(ValidationError) as error:
        campaign.full_clean()
    assert "end_date" in error.value.message_dict


@pytest.mark.django_db
def test_a_ratification_drive_with_a_convention_is_valid(campaign):
    campaign.kind = CampaignPage.Kind.RATIFICATION
    campaign.convention = Convention.objects.get(code="C189")
    campaign.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("current", "target", "percent"), [(12, 40, 30), (0, 40, 0), (50, 40, 100), (1, 3, 33)]
)
def test_goal_percent_is_capped_and_rounded(campaign, current, target, percent):
    goal = CampaignGoalFactory(page=campaign, current=current, target=target)
    assert goal.percent == percent
    assert str(goal) == f"affiliates mobilised: {current} / {target}"


@pytest.mark.django_db
def test_goal_of_zero_is_rejected(campaign):
    goal = CampaignGoalFactory.build(page=campaign, target=0)
    with pytest.raises(ValidationError):
        goal.clean()


@pytest.mark.django_db
def test_target_response_date_needs_a_response():
    target = Target(name="Ministry", response_date="2026-01-01")
    with pytest.raises(ValidationError) as error:
        target.clean()
    assert "response" in error.value.message_dict


@pytest.mark.django_db
def test_conventions_are_created_by_migration():
    codes = list(Convention.objects.values_list("code", flat=True))
    assert codes == ["C87", "C98", "C97", "C143", "C181", "C189", "C190", "UN1990"]
