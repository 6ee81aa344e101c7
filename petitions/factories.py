import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from supporters.models import email_canonical

from .models import PetitionPage, Signature


class PetitionPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Petition {n}")
    summary = "Tell governments to ratify C189."
    petition_text = "<p>We, the undersigned, call on you to ratify ILO Convention 189.</p>"
    goal = 1000

    class Meta:
        model = PetitionPage


class SignatureFactory(DjangoModelFactory):
    petition = factory.SubFactory(PetitionPageFactory)
    action_key = factory.LazyAttribute(lambda o: o.petition.translation_key)
    email = factory.Sequence(lambda n: f"signer{n}@example.org")
    email_canonical = factory.LazyAttribute(lambda o: email_canonical(o.email))
    email_domain = factory.LazyAttribute(lambda o: o.email_canonical.rpartition("@")[2])
    first_name = "Maria"
    last_name = "Santos"
    country = "PH"
    referral_code = factory.Sequence(lambda n: f"ref{n}")

    class Meta:
        model = Signature
