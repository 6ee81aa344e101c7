"""The demo wall: unions of Nepal, the Philippines, Kenya and Qatar speak to migrant
workers in Qatar and to each other, each in its own language."""

from dataclasses import dataclass

from supporters.models import Affiliate

from . import services
from .factories import SolidarityWallPageFactory
from .models import Message, SolidarityWallPage

WALL = {
    "slug": "solidarity-wall",
    "title": "Messages to migrant workers in Qatar",
    "intro": "<p>Unions in the countries workers come from and the country they work in "
    "send their solidarity. Every message is read by a moderator before it is published.</p>",
    "prompt": "Send a message to migrant workers in Qatar",
    "default_to_country": "QA",
}

# (name, organisation or affiliate code, from, to, language, text, status)
MESSAGES = [
    (
        "Binod",
        "gefont",
        "NP",
        "QA",
        "ne",
        "कतारमा काम गर्ने दाजुभाइ दिदीबहिनीहरू, तपाईंहरू एक्लो हुनुहुन्न। "
        "तपाईंको पसिनाको पूरा ज्याला तपाईंको अधिकार हो। हामी नेपालबाट तपाईंसँगै छौं।",
        "approved",
    ),
    (
        "Maricel",
        "fadwu",
        "PH",
        "QA",
        "fil",
        "Sa aming mga kapatid na kasambahay sa Qatar: may karapatan kayo sa isang araw na "
        "pahinga bawat linggo at sa inyong pasaporte. Hindi kayo nag-iisa. Mabuhay ang unyon!",
        "approved",
    ),
    (
        "Wanjiru",
        "kwdu",
        "KE",
        "QA",
        "sw",
        "Kwa wafanyakazi wa Kenya walioko Qatar: haki zenu ni haki za binadamu. Tunasimama "
        "nanyi hadi mishahara yote ilipwe na mfumo wa kafala ukomeshwe.",
        "approved",
    ),
    (
        "أحمد",
        "Qatar workers' committee (demo)",
        "QA",
        "NP",
        "ar",
        "إلى عائلات العمال في نيبال: أبناؤكم وبناتكم ليسوا وحدهم هنا. نحن نعمل معًا من أجل "
        "أجور عادلة وظروف عمل آمنة في الحر.",
        "approved",
    ),
    (
        "Joseph",
        "",
        "KE",
        "PH",
        "en",
        "From Nairobi to Manila: domestic workers everywhere deserve C189. Solidarity!",
        "approved",
    ),
    (
        "Anonymous",
        "",
        "GB",
        "QA",
        "en",
        "Stay strong. The world is watching how Qatar treats the workers who built it.",
        "pending",
    ),
]


@dataclass(frozen=True)
class SolidarityDemo:
    page: SolidarityWallPage


def seed(*, campaign) -> SolidarityDemo:
    page = SolidarityWallPage.objects.child_of(campaign).filter(slug=WALL["slug"]).first()
    if page is None:
        page = SolidarityWallPageFactory.build(**WALL)
        campaign.add_child(instance=page)
        page.save_revision().publish()
    affiliates = {affiliate.code: affiliate for affiliate in Affiliate.objects.all()}
    for n, (name, who, origin, destination, language, text, status) in enumerate(MESSAGES):
        if Message.objects.for_action(page).filter(text=text).exists():
            continue
        affiliate = affiliates.get(who)
        Message.objects.create(
            wall=page,
            display_name=name,
            organisation=affiliate.name if affiliate else who,
            affiliate=affiliate,
            from_country=origin,
            to_country=destination,
            language=language,
            text=text,
            email=f"sender{n}@example.org",
            status=status,
        )
    services.figures_refresh(action_key=page.action_key)
    return SolidarityDemo(page=page)
