import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from .models import Message, SolidarityWallPage


class SolidarityWallPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Solidarity with migrant workers {n}")
    intro = "<p>Unions of origin and destination countries speak to each other.</p>"

    class Meta:
        model = SolidarityWallPage


class MessageFactory(DjangoModelFactory):
    wall = factory.SubFactory(SolidarityWallPageFactory)
    action_key = factory.LazyAttribute(lambda o: o.wall.translation_key)
    display_name = "Sita"
    organisation = "GEFONT"
    from_country = "NP"
    to_country = "QA"
    language = "en"
    text = factory.Sequence(lambda n: f"You are not alone. We stand with you. ({n})")
    email = factory.Sequence(lambda n: f"sender{n}@example.org")
    status = Message.Status.APPROVED

    class Meta:
        model = Message
