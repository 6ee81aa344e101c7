import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from .models import (
    CampaignGoal,
    CampaignIndexPage,
    CampaignPage,
    CampaignTarget,
    CampaignUpdate,
    Convention,
    Ratification,
    RatificationTrackerPage,
    Target,
)


class ConventionFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"T{n}")
    short_title = factory.Sequence(lambda n: f"Test Convention {n}")
    year_adopted = 2011

    class Meta:
        model = Convention
        django_get_or_create = ("code",)


class RatificationFactory(DjangoModelFactory):
    convention = factory.SubFactory(ConventionFactory)
    country = "PH"
    status = Ratification.Status.IN_FORCE
    date = datetime.date(2012, 9, 5)

    class Meta:
        model = Ratification


class TargetFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Ministry of Labour {n}")
    kind = Target.Kind.MINISTRY
    country = "QA"
    status = Target.Status.NO_RESPONSE

    class Meta:
        model = Target


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "Campaigns"
    intro = "Every campaign our unions run together."
    show_in_menus = True

    class Meta:
        model = CampaignIndexPage


class RatificationTrackerPageFactory(wagtail_factories.PageFactory):
    title = "Ratification tracker"
    intro = "Which countries have ratified the conventions that protect migrant workers."
    show_in_menus = True

    class Meta:
        model = RatificationTrackerPage


class CampaignPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campaign {n}")
    summary = "Migrant workers demand their rights."
    kind = CampaignPage.Kind.URGENT_ACTION
    status = CampaignPage.Status.ACTIVE
    start_date = datetime.date(2026, 1, 1)

    class Meta:
        model = CampaignPage


class CampaignGoalFactory(DjangoModelFactory):
    page = factory.SubFactory(CampaignPageFactory)
    label = "affiliates mobilised"
    current = 12
    target = 40

    class Meta:
        model = CampaignGoal


class CampaignTargetFactory(DjangoModelFactory):
    page = factory.SubFactory(CampaignPageFactory)
    target = factory.SubFactory(TargetFactory)
    ask = "Ratify the convention this year."

    class Meta:
        model = CampaignTarget


class CampaignUpdateFactory(DjangoModelFactory):
    page = factory.SubFactory(CampaignPageFactory)
    date = datetime.date(2026, 6, 16)
    title = "Petition delivered"

    class Meta:
        model = CampaignUpdate
