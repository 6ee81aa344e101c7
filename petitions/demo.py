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
    "ne": (
        "महासन्धि १८९ अहिले नै अनुमोदन गर्नुहोस्: घरेलु काम पनि काम हो",
        "मलेसिया, साउदी अरब र लेबनानका सरकारहरूलाई आईएलओ महासन्धि १८९ अनुमोदन गर्न आग्रह गर्नुहोस्।",
        "<p>मलेसिया, साउदी अरब र लेबनानका सरकारहरूसमक्ष:</p>"
        "<p>हामी तल हस्ताक्षर गर्नेहरू तपाईंहरूलाई घरेलु श्रमिकसम्बन्धी आईएलओ महासन्धि १८९ "
        "ढिलाइ नगरी अनुमोदन गर्न, घरेलु श्रमिकलाई श्रम कानुनमा समेट्न, र उनीहरूलाई हप्तामा "
        "एक दिन बिदा, लिखित सम्झौता, आफ्नो पासपोर्ट आफैँसँग राख्ने अधिकार र ट्रेड युनियनमा "
        "आबद्ध हुने अधिकार सुनिश्चित गर्न आग्रह गर्छौँ।</p>",
        "हो, यो अभियान र आप्रवासी श्रमिकका अधिकारसम्बन्धी अन्य अभियानबारे मलाई इमेल "
        "पठाउनुहोस्। म जुनसुकै बेला इमेल बन्द गर्न सक्छु।",
    ),
    "bn": (
        "এখনই কনভেনশন ১৮৯ অনুসমর্থন করুন: গৃহস্থালি কাজও কাজ",
        "মালয়েশিয়া, সৌদি আরব ও লেবাননের সরকারের কাছে আইএলও কনভেনশন ১৮৯ অনুসমর্থনের দাবি জানান।",
        "<p>মালয়েশিয়া, সৌদি আরব ও লেবাননের সরকারের প্রতি:</p>"
        "<p>আমরা, নিম্নস্বাক্ষরকারীরা, আপনাদের কাছে দাবি জানাই যে আপনারা গৃহকর্মী বিষয়ক "
        "আইএলও কনভেনশন ১৮৯ অবিলম্বে অনুসমর্থন করুন, গৃহকর্মীদের শ্রম আইনের আওতায় আনুন, "
        "এবং তাঁদের জন্য সপ্তাহে এক দিন ছুটি, লিখিত চুক্তি, নিজের পাসপোর্ট নিজের কাছে "
        "রাখার অধিকার ও ইউনিয়নে যোগ দেওয়ার অধিকার নিশ্চিত করুন।</p>",
        "হ্যাঁ, এই প্রচারাভিযান এবং অভিবাসী শ্রমিকদের অধিকারের জন্য অন্যান্য প্রচারাভিযান "
        "সম্পর্কে আমাকে ইমেইল পাঠান। আমি যেকোনো সময় ইমেইল বন্ধ করতে পারি।",
    ),
    "ur": (
        "کنونشن 189 کی ابھی توثیق کریں: گھریلو کام بھی کام ہے",
        "ملائیشیا، سعودی عرب اور لبنان کی حکومتوں سے مطالبہ کریں کہ وہ آئی ایل او کنونشن "
        "189 کی توثیق کریں۔",
        "<p>ملائیشیا، سعودی عرب اور لبنان کی حکومتوں کے نام:</p>"
        "<p>ہم، نیچے دستخط کرنے والے، آپ سے مطالبہ کرتے ہیں کہ گھریلو ملازمین سے متعلق "
        "آئی ایل او کنونشن 189 کی بلا تاخیر توثیق کریں، گھریلو ملازمین کو لیبر قوانین میں "
        "شامل کریں، اور انہیں ہفتے میں ایک چھٹی، تحریری معاہدہ، اپنا پاسپورٹ اپنے پاس "
        "رکھنے کا حق اور یونین میں شامل ہونے کا حق یقینی بنائیں۔</p>",
        "جی ہاں، مجھے اس مہم اور تارکین وطن مزدوروں کے حقوق کی دوسری مہمات کے بارے میں "
        "ای میل بھیجیں۔ یہ ای میلز کسی بھی وقت بند کروائی جا سکتی ہیں۔",
    ),
    "id": (
        "Ratifikasi Konvensi ILO 189 sekarang: pekerjaan rumah tangga adalah pekerjaan",
        "Desak pemerintah Malaysia, Arab Saudi, dan Lebanon untuk meratifikasi "
        "Konvensi ILO No. 189.",
        "<p>Kepada pemerintah Malaysia, Arab Saudi, dan Lebanon:</p>"
        "<p>Kami yang bertanda tangan di bawah ini meminta Anda untuk segera meratifikasi "
        "Konvensi ILO No. 189 tentang pekerja rumah tangga, memasukkan pekerja rumah tangga "
        "ke dalam hukum ketenagakerjaan, dan menjamin hak mereka atas satu hari libur setiap "
        "minggu, kontrak kerja tertulis, hak untuk memegang paspor sendiri, dan hak untuk "
        "bergabung dengan serikat pekerja.</p>",
        "Ya, kirimi saya email tentang kampanye ini dan kampanye lain untuk hak-hak pekerja "
        "migran. Saya dapat berhenti berlangganan kapan saja.",
    ),
    "tl": (
        "Ratipikahan na ang C189: trabaho ang gawaing-bahay",
        "Hilingin sa mga gobyerno ng Malaysia, Saudi Arabia at Lebanon na ratipikahan ang "
        "ILO Convention 189.",
        "<p>Sa mga gobyerno ng Malaysia, Saudi Arabia at Lebanon:</p>"
        "<p>Kami, ang mga nakalagda sa ibaba, ay nananawagan sa inyo na ratipikahan agad ang "
        "ILO Convention 189 tungkol sa mga kasambahay, isama ang mga kasambahay sa inyong "
        "mga batas paggawa, at tiyakin ang kanilang isang araw na pahinga bawat linggo, "
        "nakasulat na kontrata, karapatang hawakan ang sarili nilang pasaporte, at karapatang "
        "sumali sa unyon.</p>",
        "Oo, padalhan ninyo ako ng email tungkol sa kampanyang ito at iba pang kampanya para "
        "sa karapatan ng mga migranteng manggagawa. Maaari akong mag-unsubscribe anumang oras.",
    ),
    "hi": (
        "कन्वेंशन 189 का अनुमोदन अभी करें: घरेलू काम भी काम है",
        "मलेशिया, सऊदी अरब और लेबनान की सरकारों से आईएलओ कन्वेंशन 189 का अनुमोदन करने की माँग करें।",
        "<p>मलेशिया, सऊदी अरब और लेबनान की सरकारों के नाम:</p>"
        "<p>हम, नीचे हस्ताक्षर करने वाले, आपसे माँग करते हैं कि घरेलू कामगारों से जुड़े "
        "आईएलओ कन्वेंशन 189 का बिना देर किए अनुमोदन करें, घरेलू कामगारों को श्रम कानूनों "
        "के दायरे में लाएँ, और उन्हें हफ़्ते में एक दिन की छुट्टी, लिखित अनुबंध, अपना "
        "पासपोर्ट अपने पास रखने का अधिकार और यूनियन में शामिल होने का अधिकार सुनिश्चित "
        "करें।</p>",
        "हाँ, मुझे इस अभियान और प्रवासी कामगारों के अधिकारों के लिए दूसरे अभियानों के बारे "
        "में ईमेल भेजें। ये ईमेल कभी भी बंद करवाए जा सकते हैं।",
    ),
    "si": (
        "C189 දැන්ම අපරානුමත කරන්න: ගෘහ සේවය ද රැකියාවකි",
        "ජාත්‍යන්තර කම්කරු සංවිධානයේ (ILO) අංක 189 දරන සම්මුතිය අපරානුමත කරන ලෙස "
        "මැලේසියාව, සෞදි අරාබිය සහ ලෙබනනය යන රටවල රජයන්ගෙන් ඉල්ලා සිටින්න.",
        "<p>මැලේසියාව, සෞදි අරාබිය සහ ලෙබනනය යන රටවල රජයන් වෙත:</p>"
        "<p>පහත අත්සන් කළ අපි, ගෘහ සේවකයන් පිළිබඳ ජාත්‍යන්තර කම්කරු සංවිධානයේ (ILO) අංක "
        "189 දරන සම්මුතිය ප්‍රමාද නොකර අපරානුමත කරන ලෙසත්, ගෘහ සේවකයන් ඔබේ කම්කරු "
        "නීතිවලට ඇතුළත් කරන ලෙසත්, ඔවුන්ට සතියකට එක් නිවාඩු දිනයක්, ලිඛිත රැකියා "
        "ගිවිසුමක්, තමන්ගේ ගමන් බලපත්‍රය තමන් ළඟම තබා ගැනීමේ අයිතිය සහ වෘත්තීය "
        "සමිතියකට බැඳීමේ අයිතිය සහතික කරන ලෙසත් ඔබෙන් ඉල්ලා සිටිමු.</p>",
        "ඔව්, මෙම උද්ඝෝෂණය සහ සංක්‍රමණික සේවකයන්ගේ අයිතිවාසිකම් වෙනුවෙන් වන අනෙකුත් "
        "උද්ඝෝෂණ ගැන මට ඊමේල් එවන්න. මට ඕනෑම වේලාවක මෙම ඊමේල් ලැබීම නවත්වා ගත හැකිය.",
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
