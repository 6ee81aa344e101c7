import datetime as dt
import zoneinfo

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from .models import DayOfActionPage, EventAction


class DayOfActionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"International Migrants Day {n}")
    starts_on = dt.date(2026, 12, 18)
    intro = "<p>Unions everywhere stand with migrant workers.</p>"

    class Meta:
        model = DayOfActionPage


def _at(hour, zone="Asia/Kathmandu"):
    return dt.datetime(2026, 12, 18, hour, 0, tzinfo=zoneinfo.ZoneInfo(zone))


class EventActionFactory(DjangoModelFactory):
    day = factory.SubFactory(DayOfActionPageFactory)
    action_key = factory.LazyAttribute(lambda o: o.day.translation_key)
    organisation = "GEFONT"
    organiser_name = "Sita"
    organiser_email = factory.Sequence(lambda n: f"organiser{n}@example.org")
    language = "en"
    title = factory.Sequence(lambda n: f"Rally for migrant workers {n}")
    kind = EventAction.Kind.RALLY
    description = "We march to the Ministry of Labour."
    country = "NP"
    city = "Kathmandu"
    venue = "Maitighar Mandala"
    time_zone = "Asia/Kathmandu"
    starts_at = factory.LazyFunction(lambda: _at(11))
    ends_at = factory.LazyFunction(lambda: _at(13))
    expected_participants = 200
    status = EventAction.Status.APPROVED

    class Meta:
        model = EventAction
