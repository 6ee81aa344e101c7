import factory
from factory.django import DjangoModelFactory

from .models import Audience, Mailing, MailingVersion


class AudienceFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Supporters who acted {n}")

    class Meta:
        model = Audience


class MailingFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"International Migrants Day call-out {n}")
    audience = factory.SubFactory(AudienceFactory)
    from_name = "Migrant Workers' Rights"

    class Meta:
        model = Mailing


class MailingVersionFactory(DjangoModelFactory):
    mailing = factory.SubFactory(MailingFactory)
    language = "en"
    fallback = True
    subject = "{first_name}, 18 December is International Migrants Day"
    preview_text = "Join the unions marching for migrant workers."
    body = "<p>Dear {first_name},</p><p>Join us on 18 December.</p>"

    class Meta:
        model = MailingVersion
