"""The demo wall: unions of Nepal, the Philippines, Kenya and Qatar speak to migrant
workers in Qatar and to each other, each in its own language. The wall's own text
is in every language; the messages stay as their senders wrote them."""

from dataclasses import dataclass

from django.utils import translation

from home.demo import translate, translation_locales
from supporters.models import Affiliate

from . import services
from .factories import SolidarityWallPageFactory
from .models import DEFAULT_OPT_IN_NOTICE, Message, SolidarityWallPage

WALL = {
    "slug": "solidarity-wall",
    "title": "Messages to migrant workers in Qatar",
    "intro": "<p>Unions in the countries workers come from and the country they work in "
    "send their solidarity. Every message is read by a moderator before it is published.</p>",
    "prompt": "Send a message to migrant workers in Qatar",
    "default_to_country": "QA",
}

# Translations of the wall's page, so that people write in their own language:
# (title, introduction, prompt). The messages are their senders' own words and
# are not translated.
WALL_TRANSLATIONS = {
    "fr": (
        "Messages aux travailleuses et travailleurs migrants au Qatar",
        "<p>Les syndicats des pays d’où viennent les travailleuses et travailleurs, et du "
        "pays où ils travaillent, leur envoient leur solidarité. Chaque message est lu par "
        "l’équipe de modération avant d’être publié.</p>",
        "Envoyez un message aux travailleuses et travailleurs migrants au Qatar",
    ),
    "es": (
        "Mensajes a las personas trabajadoras migrantes en Catar",
        "<p>Los sindicatos de los países de donde vienen las personas trabajadoras y del "
        "país donde trabajan les envían su solidaridad. El equipo de moderación lee cada "
        "mensaje antes de publicarlo.</p>",
        "Envíe un mensaje a las personas trabajadoras migrantes en Catar",
    ),
    "ar": (
        "رسائل إلى العمال المهاجرين في قطر",
        "<p>ترسل النقابات في البلدان التي يأتي منها العمال وفي البلد الذي يعملون فيه "
        "رسائل تضامنها. يقرأ أحد المشرفين كل رسالة قبل نشرها.</p>",
        "أرسل رسالة إلى العمال المهاجرين في قطر",
    ),
    "ne": (
        "कतारमा रहेका आप्रवासी श्रमिकलाई सन्देश",
        "<p>श्रमिकहरू आएका देशहरू र उनीहरूले काम गर्ने देशका ट्रेड युनियनहरूले "
        "ऐक्यबद्धता पठाउँछन्। हरेक सन्देश प्रकाशित हुनुअघि एक जना मोडरेटरले "
        "पढ्नुहुन्छ।</p>",
        "कतारमा रहेका आप्रवासी श्रमिकलाई सन्देश पठाउनुहोस्",
    ),
    "bn": (
        "কাতারের অভিবাসী শ্রমিকদের প্রতি বার্তা",
        "<p>শ্রমিকেরা যেসব দেশ থেকে আসেন এবং যে দেশে কাজ করেন, সেসব দেশের ট্রেড "
        "ইউনিয়ন তাঁদের প্রতি সংহতি জানায়। প্রতিটি বার্তা প্রকাশের আগে একজন মডারেটর "
        "পড়েন।</p>",
        "কাতারের অভিবাসী শ্রমিকদের বার্তা পাঠান",
    ),
    "ur": (
        "قطر میں تارکین وطن مزدوروں کے نام پیغامات",
        "<p>جن ممالک سے مزدور آتے ہیں اور جس ملک میں وہ کام کرتے ہیں، وہاں کی ٹریڈ "
        "یونینیں انہیں اپنی یکجہتی کا پیغام بھیجتی ہیں۔ ہر پیغام شائع ہونے سے پہلے ایک "
        "نگران پڑھتا ہے۔</p>",
        "قطر میں تارکین وطن مزدوروں کو پیغام بھیجیں",
    ),
    "id": (
        "Pesan untuk pekerja migran di Qatar",
        "<p>Serikat pekerja di negara asal para pekerja dan di negara tempat mereka bekerja "
        "mengirimkan solidaritas. Setiap pesan dibaca oleh moderator sebelum "
        "diterbitkan.</p>",
        "Kirim pesan kepada pekerja migran di Qatar",
    ),
    "tl": (
        "Mga mensahe sa mga migranteng manggagawa sa Qatar",
        "<p>Nagpapadala ng pakikiisa ang mga unyon sa mga bansang pinagmulan ng mga "
        "manggagawa at sa bansang pinagtatrabahuhan nila. Binabasa ng isang moderator ang "
        "bawat mensahe bago ito ilathala.</p>",
        "Magpadala ng mensahe sa mga migranteng manggagawa sa Qatar",
    ),
    "hi": (
        "क़तर में प्रवासी कामगारों के नाम संदेश",
        "<p>जिन देशों से कामगार आते हैं और जिस देश में वे काम करते हैं, वहाँ की ट्रेड "
        "यूनियनें उन्हें अपनी एकजुटता भेजती हैं। हर संदेश प्रकाशित होने से पहले एक "
        "मॉडरेटर उसे पढ़ता है।</p>",
        "क़तर में प्रवासी कामगारों को संदेश भेजें",
    ),
    "si": (
        "කටාර්හි සංක්‍රමණික සේවකයන්ට පණිවිඩ",
        "<p>සේවකයන් පැමිණෙන රටවල සහ ඔවුන් සේවය කරන රටේ වෘත්තීය සමිති ඔවුන්ට සිය "
        "සහයෝගය යවයි. සෑම පණිවිඩයක්ම ප්‍රකාශයට පත් කිරීමට පෙර පරීක්ෂකයෙකු එය "
        "කියවයි.</p>",
        "කටාර්හි සංක්‍රමණික සේවකයන්ට පණිවිඩයක් යවන්න",
    ),
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
    """The English wall and its translations by language code (the messages,
    posted on the English page, show on every translation)."""

    page: SolidarityWallPage
    translations: dict[str, SolidarityWallPage]


def seed(*, campaign) -> SolidarityDemo:
    """The wall under the campaign given (translated into every language already),
    in every language, with its messages."""
    page = SolidarityWallPage.objects.child_of(campaign).filter(slug=WALL["slug"]).first()
    if page is None:
        page = SolidarityWallPageFactory.build(**WALL)
        campaign.add_child(instance=page)
        page.save_revision().publish()
    translations = {}
    for code, locale in translation_locales():
        title, intro, prompt = WALL_TRANSLATIONS[code]
        # The English page's opt-in notice is the default one: each translation
        # gets the default in its language, as the interface catalogue words it.
        with translation.override(code):
            notice = str(DEFAULT_OPT_IN_NOTICE)
        translations[code] = translate(
            page, locale, title=title, intro=intro, prompt=prompt, opt_in_notice=notice
        )
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
    return SolidarityDemo(page=page, translations=translations)
