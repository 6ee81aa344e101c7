import factory
from factory.django import DjangoModelFactory

from .models import Affiliate, Supporter, Topic


class AffiliateFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Domestic Workers Union {n}")
    acronym = factory.Sequence(lambda n: f"DWU{n}")
    code = factory.Sequence(lambda n: f"dwu{n}")
    country = "NP"
    sector = Affiliate.Sector.DOMESTIC

    class Meta:
        model = Affiliate


class SupporterFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"supporter{n}@example.org")

    class Meta:
        model = Supporter


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Campaign topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic
