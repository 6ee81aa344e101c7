"""The demo petition: the C189 drive's petition to governments, in every language."""

from dataclasses import dataclass

from home.demo import translate, translation_locales

from .factories import PetitionPageFactory
from .models import PetitionPage, PetitionTarget

PETITION = {
    "slug": "sign-ratify-c189",
    "title": "Ratify C189 now: domestic work is work",
    "summary": "Tell the governments of Malaysia, Saudi Arabia and Lebanon to ratify ILO "
    "Convention 189 and give migrant domestic workers the rights every worker has.",
    "petition_text": "<p>To the governments of Malaysia, Saudi Arabia and Lebanon:</p>"
    "<p>We, the undersigned, call on you to ratify ILO Convention 189 on domestic workers "
    "without delay, to include domestic workers in your labour laws, and to guarantee "
    "them a weekly day off, a written contract, the right to keep their passport and the "
    "right to join a union.</p>",
    "goal": 10000,
    "targets": ["malaysia", "saudi", "lebanon"],
    "thank_you_text": "Domestic workers' unions will hand the signatures to each "
    "government on 16 June, International Domestic Workers' Day.",
}

# Translations of the C189 petition, so supporters can sign in their own
# language: (petition title, petition summary, petition text, opt-in notice).
PETITION_TRANSLATIONS = {
    "fr": (
        "Ratifiez la C189 maintenant : le travail domestique est un travail",
        "Demandez aux gouvernements de la Malaisie, de l’Arabie saoudite et du Liban de "
        "ratifier la Convention 189 de l’OIT.",
        "<p>Aux gouvernements de la Malaisie, de l’Arabie saoudite et du Liban :</p>"
        "<p>Nous, soussigné·es, vous demandons de ratifier sans délai la Convention 189 de "
        "l’OIT, d’inclure les travailleuses et travailleurs domestiques dans le droit du "
        "travail et de leur garantir un jour de repos par semaine, un contrat écrit, le droit "
        "de garder leur passeport et le droit de se syndiquer.</p>",
        "Oui, écrivez-moi au sujet de cette campagne et d’autres pour les droits des "
        "travailleuses et travailleurs migrants. Je peux me désabonner à tout moment.",
    ),
    "es": (
        "Ratifiquen el C189 ya: el trabajo doméstico es trabajo",
        "Pide a los gobiernos de Malasia, Arabia Saudita y el Líbano que ratifiquen el "
        "Convenio 189 de la OIT.",
        "<p>A los gobiernos de Malasia, Arabia Saudita y el Líbano:</p>"
        "<p>Quienes firmamos les pedimos que ratifiquen sin demora el Convenio 189 de la OIT, "
        "que incluyan a las personas trabajadoras domésticas en la legislación laboral y que "
        "les garanticen un día de descanso semanal, un contrato escrito, el derecho a "
        "conservar su pasaporte y el derecho a afiliarse a un sindicato.</p>",
        "Sí, escríbanme sobre esta campaña y otras por los derechos de las personas "
        "trabajadoras migrantes. Puedo darme de baja en cualquier momento.",
    ),
    "ar": (
        "صادقوا على الاتفاقية 189 الآن: العمل المنزلي عمل",
        "اطلبوا من حكومات ماليزيا والمملكة العربية السعودية ولبنان التصديق على اتفاقية "
        "منظمة العمل الدولية رقم 189.",
        "<p>إلى حكومات ماليزيا والمملكة العربية السعودية ولبنان:</p>"
        "<p>نحن الموقعين أدناه نطالبكم بالتصديق دون تأخير على اتفاقية منظمة العمل الدولية "
        "رقم 189، وبإدراج العمال المنزليين في قوانين العمل، وضمان يوم راحة أسبوعي لهم وعقد "
        "مكتوب وحقهم في الاحتفاظ بجوازات سفرهم والانضمام إلى نقابة.</p>",
        "نعم، راسلوني بشأن هذه الحملة وحملات أخرى من أجل حقوق العمال المهاجرين. يمكنني "
        "إلغاء الاشتراك في أي وقت.",
    ),
}


@dataclass(frozen=True)
class PetitionDemo:
    """The English petition page and its translations by language code."""

    page: PetitionPage
    translations: dict[str, PetitionPage]


def seed(*, campaign, targets) -> PetitionDemo:
    """The petition under the campaign given, addressed to targets (TARGETS key to target)."""
    page = PetitionPage.objects.child_of(campaign).filter(slug=PETITION["slug"]).first()
    if page is None:
        page = PetitionPageFactory.build(**{k: v for k, v in PETITION.items() if k != "targets"})
        page.petition_targets = [
            PetitionTarget(target=targets[key], sort_order=i)
            for i, key in enumerate(PETITION["targets"])
        ]
        campaign.add_child(instance=page)
        page.save_revision().publish()
    translations = {}
    for code, locale in translation_locales():
        title, summary, text, notice = PETITION_TRANSLATIONS[code]
        translations[code] = translate(
            page,
            locale,
            title=title,
            summary=summary,
            petition_text=text,
            opt_in_notice=notice,
        )
    return PetitionDemo(page=page, translations=translations)
