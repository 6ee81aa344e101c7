"""The demo mailing: a draft in English and French to the people who signed the demo petition."""

from dataclasses import dataclass

from .models import Audience, Mailing, MailingVersion

MAILING = {
    "audience": "Demo: signers of the C189 petition",
    "name": "Demo: International Migrants Day call-out",
    "from_name": "Migrant Workers' Rights Campaign",
    "versions": [
        {
            "language": "en",
            "fallback": True,
            "subject": "{first_name}, march with us on International Migrants Day",
            "preview_text": (
                "18 December: unions in countries of origin and destination act together."
            ),
            "body": (
                "<p>Dear {first_name},</p>"
                "<p>Thank you for signing for the ratification of ILO Convention 189. "
                "On 18 December, International Migrants Day, domestic workers' unions in "
                "countries of origin and destination will act together: marches, vigils "
                "and delegations to labour ministries.</p>"
                "<p>Find an action near you and bring a colleague: {campaign_url}</p>"
            ),
        },
        {
            "language": "fr",
            "fallback": False,
            "subject": "{first_name}, marchez avec nous pour la Journée des migrants",
            "preview_text": (
                "Le 18 décembre, les syndicats des pays d'origine et de destination agissent."
            ),
            "body": (
                "<p>Bonjour {first_name},</p>"
                "<p>Merci d'avoir signé pour la ratification de la Convention 189 de l'OIT. "
                "Le 18 décembre, Journée internationale des migrants, les syndicats de "
                "travailleuses et travailleurs domestiques agiront ensemble : marches, "
                "veillées et délégations auprès des ministères du travail.</p>"
                "<p>Trouvez une action près de chez vous : {campaign_url}</p>"
            ),
        },
    ],
}


@dataclass(frozen=True)
class MailingsDemo:
    """The demo audience and its draft mailing."""

    audience: Audience
    mailing: Mailing


def seed(*, petition, campaign) -> MailingsDemo:
    """The audience of those who signed the petition, and a draft mailing about the campaign."""
    audience, _created = Audience.objects.get_or_create(name=MAILING["audience"])
    audience.pages.set([petition])
    mailing = Mailing.objects.filter(name=MAILING["name"]).first()
    if mailing is None:
        mailing = Mailing.objects.create(
            name=MAILING["name"],
            audience=audience,
            campaign=campaign,
            from_name=MAILING["from_name"],
        )
        for order, version in enumerate(MAILING["versions"]):
            MailingVersion.objects.create(mailing=mailing, sort_order=order, **version)
    return MailingsDemo(audience=audience, mailing=mailing)
