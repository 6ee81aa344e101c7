"""The demo affiliates, and demo supporters who signed a petition and agreed to campaign email."""

from dataclasses import dataclass

from django.utils import timezone

from .models import Activity, Affiliate, Supporter
from .services import Consent, supporter_record_action

AFFILIATES = [
    {
        "code": "gefont",
        "name": "General Federation of Nepalese Trade Unions",
        "acronym": "GEFONT",
        "country": "NP",
        "sector": "general",
        "trusted": True,
        "email_domains": "gefont.org",
    },
    {
        "code": "kwdu",
        "name": "Kenya Domestic Workers Union (demo)",
        "acronym": "KUDHEIHA",
        "country": "KE",
        "sector": "domestic",
    },
    {
        "code": "fadwu",
        "name": "Federation of Asian Domestic Workers Unions",
        "acronym": "FADWU",
        "country": "HK",
        "sector": "domestic",
        "trusted": True,
        "email_domains": "idwfed.org",
    },
]


# Demo supporters for the mailing demo: example.org addresses, nobody real.
DEMO_SUPPORTERS = [
    ("demo.maria@example.org", "Maria", "Santos", "PH", "en"),
    ("demo.ram@example.org", "Ram", "Thapa", "NP", "en"),
    ("demo.aisha@example.org", "Aisha", "Bello", "NG", "en"),
    ("demo.joseph@example.org", "Joseph", "Kamau", "KE", "en"),
    ("demo.aminata@example.org", "Aminata", "Diallo", "SN", "fr"),
    ("demo.fatou@example.org", "Fatou", "Ndiaye", "SN", "fr"),
]


@dataclass(frozen=True)
class SupportersDemo:
    """The affiliates of AFFILIATES and the supporters of DEMO_SUPPORTERS, in their order."""

    affiliates: tuple[Affiliate, ...]
    supporters: tuple[Supporter, ...]


def seed(*, page) -> SupportersDemo:
    """The affiliates, and the demo supporters as signers of the page given, with consent."""
    affiliates = tuple(
        Affiliate.objects.get_or_create(code=spec["code"], defaults=spec)[0] for spec in AFFILIATES
    )
    supporters = tuple(
        supporter_record_action(
            email=email,
            kind=Activity.Kind.PETITION_SIGNATURE,
            page=page,
            first_name=first,
            last_name=last,
            country=country,
            language=language,
            consent=Consent(given=True, notice="Demo data", at=timezone.now()),
        )
        for email, first, last, country, language in DEMO_SUPPORTERS
    )
    return SupportersDemo(affiliates=affiliates, supporters=supporters)
