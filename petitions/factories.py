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


# Signers from the countries migrant workers come from, enough to draw the map.
SIGNERS_BY_COUNTRY = {"PH": 40, "NP": 25, "ID": 20, "IN": 15, "LK": 12, "BD": 10, "KE": 8, "ET": 6}


def confirmed_signers(petition, *, prefix, by_country=SIGNERS_BY_COUNTRY):
    """Confirmed signatures on the petition, `by_country[code]` from each country,
    and the tallies brought up to date. Returns how many."""
    from django.utils import timezone

    from .services import tallies_update

    now = timezone.now()
    for country, count in by_country.items():
        for n in range(count):
            SignatureFactory(
                petition=petition,
                country=country,
                confirmed_at=now,
                email=f"{prefix}-{country}-{n}@example.org",
                referral_code=f"{prefix}{country}{n}",
            )
    tallies_update()
    return sum(by_country.values())
