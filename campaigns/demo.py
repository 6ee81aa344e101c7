"""The demo campaigns: their targets, the campaign list, the ratification tracker and its data.

The text is drawn from the unions' own action plans. Targets and ratifications
here are labelled demo data.
"""

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Page

from home.demo import translate, translation_locales

from .factories import (
    CampaignIndexPageFactory,
    CampaignPageFactory,
    RatificationTrackerPageFactory,
)
from .models import (
    CampaignGoal,
    CampaignIndexPage,
    CampaignPage,
    CampaignTarget,
    CampaignUpdate,
    Convention,
    RatificationTrackerPage,
    Target,
)
from .services import ImportReport, ratifications_import

RATIFICATIONS_CSV = Path(__file__).resolve().parent / "demo_data" / "ratifications.csv"

INDEX_TITLES = {
    "en": "Campaigns",
    "fr": "Campagnes",
    "es": "Campañas",
    "ar": "الحملات",
    "ne": "अभियानहरू",
    "bn": "প্রচারাভিযান",
    "ur": "مہمات",
    "id": "Kampanye",
    "tl": "Mga Kampanya",
    "hi": "अभियान",
    "si": "උද්ඝෝෂණ ව්‍යාපාර",
}
TRACKER_TITLES = {
    "en": "Ratification tracker",
    "fr": "Suivi des ratifications",
    "es": "Seguimiento de ratificaciones",
    "ar": "متابعة التصديقات",
    "ne": "अनुमोदनको स्थिति",
    "bn": "অনুসমর্থনের অবস্থা",
    "ur": "توثیق کی صورتحال",
    "id": "Pemantauan ratifikasi",
    "tl": "Pagsubaybay sa ratipikasyon",
    "hi": "अनुमोदन की स्थिति",
    "si": "අපරානුමත කිරීම්වල තත්ත්වය",
}
TRACKER_INTRO = (
    "Which member States have ratified the conventions that protect migrant workers. "
    "The figures on this demo site are a sample labelled as demo data; check NORMLEX "
    "and the UN Treaty Collection before quoting them."
)

TARGETS = [
    {
        "key": "qatar",
        "name": "Ministry of Labour, State of Qatar",
        "kind": "ministry",
        "country": "QA",
        "description": "Responsible for enforcing the labour law reforms promised in 2017. "
        "Demo data.",
        "website": "https://www.mol.gov.qa/",
        "status": "responded",
        "response": "The Ministry states that the minimum wage and the end of exit permits "
        "apply to all workers, including domestic workers.",
        "response_date": datetime.date(2026, 3, 2),
    },
    {
        "key": "malaysia",
        "name": "Ministry of Human Resources, Malaysia",
        "kind": "ministry",
        "country": "MY",
        "description": "Malaysia has not ratified C189; over 100,000 migrant domestic workers "
        "have no weekly rest day in law. Demo data.",
        "status": "no_response",
    },
    {
        "key": "saudi",
        "name": "Ministry of Human Resources and Social Development, Saudi Arabia",
        "kind": "ministry",
        "country": "SA",
        "description": "Domestic workers remain tied to their employer under kafala. Demo data.",
        "status": "no_response",
    },
    {
        "key": "lebanon",
        "name": "Ministry of Labour, Lebanon",
        "kind": "ministry",
        "country": "LB",
        "description": "A new standard contract was suspended in 2020. Demo data.",
        "status": "committed",
        "response": "The Minister told union delegates the ministry will review the "
        "standard unified contract with the ILO.",
        "response_date": datetime.date(2026, 5, 12),
    },
    {
        "key": "agency",
        "name": "Example Overseas Manpower Agency (demo)",
        "kind": "recruitment_agency",
        "country": "NP",
        "description": "A fictional agency standing in for those that charge workers "
        "recruitment fees of several months' wages. Demo data.",
        "status": "no_response",
    },
    {
        "key": "contractor",
        "name": "Example Gulf Construction Group (demo)",
        "kind": "company",
        "country": "AE",
        "description": "A fictional contractor standing in for firms whose workers paid "
        "recruitment fees and were not reimbursed. Demo data.",
        "status": "no_response",
    },
    {
        "key": "fifa",
        "name": "FIFA",
        "kind": "international_body",
        "country": "",
        "description": "Awards tournaments built by migrant workers and has a duty to "
        "remedy the abuses. Demo data.",
        "status": "responded",
        "response": "FIFA says it is assessing a remedy fund for workers.",
        "response_date": datetime.date(2026, 4, 20),
    },
]


def paragraph(html):
    return {"type": "paragraph", "value": html}


CAMPAIGNS = [
    {
        "slug": "ratify-c189",
        "title": "Ratify C189: decent work for domestic workers",
        "summary": "Domestic workers cook, clean and care for families, yet in many countries "
        "the law does not treat them as workers. We ask every government to ratify and "
        "apply ILO Convention 189.",
        "kind": "ratification",
        "convention": "C189",
        "start_date": datetime.date(2026, 6, 16),
        "default_ask": "Ratify ILO Convention 189 and give domestic workers a weekly day "
        "off, a written contract and the right to keep their passport.",
        "body": [
            {
                "type": "key_figure",
                "value": {
                    "figure": "75.6 million",
                    "label": "domestic workers worldwide, most of them women and many of them "
                    "migrants",
                    "source": "ILO, Making decent work a reality for domestic workers, 2021",
                },
            },
            paragraph(
                "<p>Fifteen years after its adoption, Convention 189 is still not "
                "ratified by most countries that employ migrant domestic workers. "
                "Where it is in force, workers have won minimum wages, limits on "
                "hours and the right to organise.</p>"
            ),
            {
                "type": "demands",
                "value": {
                    "title": "Our demands",
                    "intro": "We call on every government that has not done so to:",
                    "demands": [
                        "Ratify ILO Convention 189 and Convention 190 without delay.",
                        "Include domestic workers in labour and social security law.",
                        "Let domestic workers change employer without permission.",
                        "Recognise domestic workers' unions and bargain with them.",
                    ],
                },
            },
            {
                "type": "faq",
                "value": {
                    "title": "Questions",
                    "items": [
                        {
                            "question": "What does ratifying change?",
                            "answer": "<p>A ratifying State must bring its law into line with "
                            "the Convention and report to the ILO on how it applies "
                            "it.</p>",
                        },
                        {
                            "question": "Does it cover undocumented workers?",
                            "answer": "<p>The Convention applies to all domestic workers. Your "
                            "union can advise you safely and confidentially.</p>",
                        },
                    ],
                },
            },
        ],
        "targets": [
            (
                "malaysia",
                "Ratify C189 and add a weekly rest day for domestic workers to the Employment Act.",
            ),
            ("saudi", "Ratify C189 and end the sponsorship system for domestic workers."),
            ("lebanon", "Ratify C189 and adopt the standard unified contract."),
        ],
        "goals": [("new ratifications this year", 3, 10), ("affiliates campaigning", 27, 40)],
        "updates": [
            (
                datetime.date(2026, 6, 16),
                "Campaign launched on International Domestic Workers' Day",
                "<p>Unions in 31 countries launched the drive together.</p>",
            ),
        ],
    },
    {
        "slug": "un-migrant-workers-convention",
        "title": "35 years on: ratify the UN Migrant Workers Convention",
        "summary": "Adopted on 18 December 1990, the UN Convention protects every migrant "
        "worker and their family, documented or not. Most destination countries have still "
        "not ratified it.",
        "kind": "ratification",
        "convention": "UN1990",
        "start_date": datetime.date(2025, 12, 18),
        "default_ask": "Ratify the International Convention on the Protection of the Rights "
        "of All Migrant Workers and Members of Their Families.",
        "body": [
            paragraph(
                "<p>The Convention guarantees basic rights to all migrant workers: "
                "equal pay, safe conditions, access to justice, and the right to "
                "keep their identity documents.</p>"
            ),
            {
                "type": "quote",
                "value": {
                    "quote": "We built this country. We ask only to be treated as people with "
                    "rights.",
                    "attribution": "A construction worker",
                    "role": "member of a building workers' union in the Gulf",
                },
            },
        ],
        "targets": [("qatar", "Ratify the Convention and the ILO fundamental conventions.")],
        "goals": [("countries ratified since launch", 1, 5)],
        "updates": [],
        "translations": {
            "fr": (
                "35 ans après : ratifier la Convention de l’ONU sur les travailleurs migrants",
                "Adoptée le 18 décembre 1990, la Convention de l’ONU protège chaque travailleuse "
                "et travailleur migrant et sa famille, avec ou sans papiers. La plupart des pays "
                "de destination ne l’ont toujours pas ratifiée.",
            ),
            "es": (
                "35 años después: ratificar la Convención de la ONU sobre los trabajadores "
                "migratorios",
                "Adoptada el 18 de diciembre de 1990, la Convención de la ONU protege a todas las "
                "personas trabajadoras migrantes y a sus familias, tengan papeles o no. La "
                "mayoría de los países de destino todavía no la han ratificado.",
            ),
            "ar": (
                "بعد 35 عامًا: صادقوا على اتفاقية الأمم المتحدة لحقوق العمال المهاجرين",
                "اعتُمدت اتفاقية الأمم المتحدة في 18 ديسمبر 1990، وهي تحمي كل عامل مهاجر "
                "وأسرته، سواء كانت لديه وثائق أم لا. ومعظم بلدان المقصد لم تصادق عليها حتى الآن.",
            ),
            "ne": (
                "३५ वर्षपछि: आप्रवासी श्रमिकसम्बन्धी संयुक्त राष्ट्रसंघीय महासन्धि अनुमोदन गर्नुहोस्",
                "१८ डिसेम्बर १९९० मा पारित संयुक्त राष्ट्रसंघको यो महासन्धिले हरेक आप्रवासी "
                "श्रमिक र उनीहरूको परिवारलाई, कागजपत्र भए पनि नभए पनि, संरक्षण दिन्छ। "
                "धेरैजसो गन्तव्य देशले अझै यसलाई अनुमोदन गरेका छैनन्।",
            ),
            "bn": (
                "৩৫ বছর পর: অভিবাসী শ্রমিক বিষয়ক জাতিসংঘ কনভেনশন অনুসমর্থন করুন",
                "১৯৯০ সালের ১৮ ডিসেম্বর গৃহীত জাতিসংঘের এই কনভেনশন প্রত্যেক অভিবাসী শ্রমিক "
                "ও তাঁর পরিবারকে সুরক্ষা দেয়, তাঁর কাগজপত্র থাকুক বা না থাকুক। বেশিরভাগ "
                "গন্তব্য দেশ এখনও এটি অনুসমর্থন করেনি।",
            ),
            "ur": (
                "35 سال بعد: تارکین وطن مزدوروں سے متعلق اقوام متحدہ کے کنونشن کی توثیق کریں",
                "18 دسمبر 1990 کو منظور ہونے والا اقوام متحدہ کا یہ کنونشن ہر تارک وطن مزدور "
                "اور اس کے خاندان کو تحفظ دیتا ہے، چاہے اس کے پاس کاغذات ہوں یا نہ ہوں۔ زیادہ "
                "تر میزبان ممالک نے اب تک اس کی توثیق نہیں کی۔",
            ),
            "id": (
                "35 tahun kemudian: ratifikasi Konvensi PBB tentang Pekerja Migran",
                "Diadopsi pada 18 Desember 1990, Konvensi PBB ini melindungi setiap pekerja "
                "migran dan keluarganya, baik berdokumen maupun tidak. Sebagian besar negara "
                "tujuan masih belum meratifikasinya.",
            ),
            "tl": (
                "Makalipas ang 35 taon: ratipikahan ang Kumbensiyon ng UN para sa mga Migranteng "
                "Manggagawa",
                "Pinagtibay noong Disyembre 18, 1990, pinoprotektahan ng Kumbensiyong ito ng UN "
                "ang bawat migranteng manggagawa at ang kanyang pamilya, may dokumento man o "
                "wala. Karamihan sa mga bansang destinasyon ay hindi pa rin ito niratipikahan.",
            ),
            "hi": (
                "35 साल बाद: प्रवासी कामगारों पर संयुक्त राष्ट्र कन्वेंशन का अनुमोदन करें",
                "18 दिसंबर 1990 को अपनाया गया संयुक्त राष्ट्र का यह कन्वेंशन हर प्रवासी कामगार "
                "और उसके परिवार की रक्षा करता है, चाहे उसके पास दस्तावेज़ हों या न हों। "
                "ज़्यादातर गंतव्य देशों ने अब तक इसका अनुमोदन नहीं किया है।",
            ),
            "si": (
                "වසර 35කට පසු: සංක්‍රමණික සේවකයන් පිළිබඳ එක්සත් ජාතීන්ගේ සම්මුතිය අපරානුමත කරන්න",
                "1990 දෙසැම්බර් 18 වන දා සම්මත කළ එක්සත් ජාතීන්ගේ මෙම සම්මුතිය, ලියකියවිලි "
                "තිබුණත් නැතත්, සෑම සංක්‍රමණික සේවකයෙකුටම සහ ඔවුන්ගේ පවුලට ආරක්ෂාව සලසයි. "
                "බොහෝ ගමනාන්ත රටවල් තවමත් එය අපරානුමත කර නැත.",
            ),
        },
    },
    {
        "slug": "fair-recruitment-zero-fees",
        "title": "Zero fees: stop recruitment agencies from robbing workers",
        "summary": "Workers pay agencies months of wages for a job abroad and arrive in debt. "
        "We name the agencies and contractors that profit and ask governments to enforce "
        "the employer-pays principle.",
        "kind": "urgent_action",
        "convention": "C181",
        "start_date": datetime.date(2026, 9, 1),
        "body": [
            {
                "type": "key_figure",
                "value": {
                    "figure": "1 in 4",
                    "label": "migrant workers surveyed paid more than a month's wages in fees",
                    "source": "Union survey of members, demo figure",
                },
            },
            paragraph(
                "<p>The ILO's General Principles for Fair Recruitment say no fee "
                "should be charged to workers. Agencies keep charging them, and "
                "contractors look away.</p>"
            ),
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Tell your story safely",
                    "text": "Your union can record what you paid without sharing your name.",
                    "button_label": "Contact your union",
                    "page": None,
                    "url": "https://example.org/contact",
                },
            },
        ],
        "targets": [
            ("agency", "Refund every fee charged to workers and publish your fee policy."),
            ("contractor", "Reimburse recruitment fees paid by workers on your sites."),
            ("qatar", "Enforce the ban on recruitment fees and prosecute offenders."),
            ("fifa", "Create a remedy fund for workers who paid recruitment fees."),
        ],
        "goals": [("workers reimbursed", 420, 5000)],
        "updates": [
            (
                datetime.date(2026, 10, 5),
                "First reimbursements won",
                "<p>After union pressure, 420 workers were repaid their fees.</p>",
            ),
            (datetime.date(2026, 9, 1), "Action launched", ""),
        ],
    },
    {
        "slug": "international-migrants-day-2026",
        "title": "International Migrants Day, 18 December 2026",
        "summary": "On 18 December unions in countries of origin and destination act "
        "together: rallies, workplace meetings and delegations to governments, for equal "
        "rights and an end to the kafala system.",
        "kind": "day_of_action",
        "convention": None,
        "start_date": datetime.date(2026, 11, 1),
        "end_date": datetime.date(2026, 12, 18),
        "body": [
            paragraph(
                "<p>Register your union's action, download the toolkit and join "
                "the global day of action.</p>"
            ),
        ],
        "targets": [],
        "goals": [("affiliates mobilised", 12, 40), ("countries with actions", 9, 30)],
        "updates": [],
        "translations": {
            "fr": (
                "Journée internationale des migrants, 18 décembre 2026",
                "Le 18 décembre, les syndicats des pays d’origine et de destination "
                "agissent ensemble pour l’égalité des droits et la fin de la kafala.",
            ),
            "es": (
                "Día Internacional del Migrante, 18 de diciembre de 2026",
                "El 18 de diciembre, los sindicatos de los países de origen y destino "
                "actúan juntos por la igualdad de derechos y el fin de la kafala.",
            ),
            "ar": (
                "اليوم الدولي للمهاجرين، 18 ديسمبر 2026",
                "في 18 ديسمبر تتحرك النقابات في بلدان المنشأ والمقصد معًا من أجل "
                "المساواة في الحقوق وإنهاء نظام الكفالة.",
            ),
            "ne": (
                "अन्तर्राष्ट्रिय आप्रवासी दिवस, १८ डिसेम्बर २०२६",
                "१८ डिसेम्बरमा उद्गम र गन्तव्य देशका ट्रेड युनियनहरू समान अधिकार र "
                "कफाला प्रणालीको अन्त्यका लागि एकसाथ कदम चाल्छन्।",
            ),
            "bn": (
                "আন্তর্জাতিক অভিবাসী দিবস, ১৮ ডিসেম্বর ২০২৬",
                "১৮ ডিসেম্বর উৎস ও গন্তব্য দেশের ট্রেড ইউনিয়নগুলো সমান অধিকার ও "
                "কাফালা প্রথার অবসানের দাবিতে একসঙ্গে মাঠে নামে।",
            ),
            "ur": (
                "تارکین وطن کا عالمی دن، 18 دسمبر 2026",
                "18 دسمبر کو آبائی اور میزبان ممالک کی ٹریڈ یونینیں برابر حقوق اور "
                "کفالہ نظام کے خاتمے کے لیے مل کر قدم اٹھاتی ہیں۔",
            ),
            "id": (
                "Hari Migran Internasional, 18 Desember 2026",
                "Pada 18 Desember, serikat pekerja di negara asal dan negara tujuan "
                "bergerak bersama untuk kesetaraan hak dan penghapusan sistem kafala.",
            ),
            "tl": (
                "Pandaigdigang Araw ng mga Migrante, Disyembre 18, 2026",
                "Sa Disyembre 18, sabay-sabay na kikilos ang mga unyon sa mga bansang "
                "pinagmulan at destinasyon para sa pantay na karapatan at pagbuwag sa "
                "sistemang kafala.",
            ),
            "hi": (
                "अंतरराष्ट्रीय प्रवासी दिवस, 18 दिसंबर 2026",
                "18 दिसंबर को मूल और गंतव्य देशों की ट्रेड यूनियनें बराबरी के अधिकारों और "
                "कफ़ाला व्यवस्था को ख़त्म करने के लिए एक साथ कदम उठाती हैं।",
            ),
            "si": (
                "ජාත්‍යන්තර සංක්‍රමණිකයන්ගේ දිනය, 2026 දෙසැම්බර් 18",
                "දෙසැම්බර් 18 වන දා මව් රටවල සහ ගමනාන්ත රටවල වෘත්තීය සමිති, සමාන "
                "අයිතිවාසිකම් සහ කෆාලා ක්‍රමය අහෝසි කිරීම වෙනුවෙන් එක්ව ක්‍රියා කරයි.",
            ),
        },
    },
    {
        "slug": "organise-domestic-workers",
        "title": "Organise 20,000 migrant domestic workers",
        "summary": "A three-year drive by affiliates in origin and destination countries to "
        "bring migrant domestic workers into unions.",
        "kind": "organising",
        "convention": None,
        "start_date": datetime.date(2025, 1, 1),
        "end_date": datetime.date(2027, 12, 31),
        "body": [paragraph("<p>Every new member makes the union stronger.</p>")],
        "targets": [],
        "goals": [("migrant workers organised", 8450, 20000), ("affiliates mobilised", 22, 40)],
        "updates": [],
    },
]

# Translations of the C189 drive, so supporters can read it in their own
# language: (campaign title, campaign summary).
C189_TRANSLATIONS = {
    "fr": (
        "Ratifier la C189 : un travail décent pour les travailleuses et travailleurs domestiques",
        "Dans de nombreux pays, la loi ne reconnaît pas le travail domestique comme un travail. "
        "Nous demandons à chaque gouvernement de ratifier et d’appliquer la Convention 189 "
        "de l’OIT.",
    ),
    "es": (
        "Ratificar el C189: trabajo decente para las trabajadoras y los trabajadores domésticos",
        "En muchos países la ley no reconoce el trabajo doméstico como trabajo. Pedimos a "
        "cada gobierno que ratifique y aplique el Convenio 189 de la OIT.",
    ),
    "ar": (
        "صادقوا على الاتفاقية 189: عمل لائق للعمال المنزليين",
        "في بلدان كثيرة لا يعترف القانون بالعمل المنزلي عملًا. نطالب كل حكومة بالتصديق على "
        "اتفاقية منظمة العمل الدولية رقم 189 وتطبيقها.",
    ),
    "ne": (
        "महासन्धि १८९ अनुमोदन गर्नुहोस्: घरेलु श्रमिकका लागि मर्यादित काम",
        "धेरै देशमा कानुनले घरेलु कामलाई कामका रूपमा मान्यता दिँदैन। हामी हरेक सरकारलाई "
        "आईएलओ महासन्धि १८९ अनुमोदन गरी लागू गर्न आग्रह गर्छौँ।",
    ),
    "bn": (
        "কনভেনশন ১৮৯ অনুসমর্থন করুন: গৃহকর্মীদের জন্য শোভন কাজ",
        "অনেক দেশে আইন গৃহস্থালি কাজকে কাজ হিসেবে স্বীকৃতি দেয় না। আমরা প্রতিটি সরকারের "
        "কাছে আইএলও কনভেনশন ১৮৯ অনুসমর্থন ও বাস্তবায়নের দাবি জানাই।",
    ),
    "ur": (
        "کنونشن 189 کی توثیق کریں: گھریلو ملازمین کے لیے باوقار روزگار",
        "بہت سے ممالک میں قانون گھریلو کام کو کام تسلیم نہیں کرتا۔ ہم ہر حکومت سے مطالبہ "
        "کرتے ہیں کہ وہ آئی ایل او کنونشن 189 کی توثیق کرے اور اس پر عمل درآمد کرے۔",
    ),
    "id": (
        "Ratifikasi Konvensi ILO 189: kerja layak bagi pekerja rumah tangga",
        "Di banyak negara, hukum tidak mengakui pekerjaan rumah tangga sebagai pekerjaan. "
        "Kami meminta setiap pemerintah untuk meratifikasi dan menerapkan "
        "Konvensi ILO No. 189.",
    ),
    "tl": (
        "Ratipikahan ang C189: disenteng trabaho para sa mga kasambahay",
        "Sa maraming bansa, hindi kinikilala ng batas ang gawaing-bahay bilang trabaho. "
        "Hinihiling namin sa bawat gobyerno na ratipikahan at ipatupad ang "
        "ILO Convention 189.",
    ),
    "hi": (
        "कन्वेंशन 189 का अनुमोदन करें: घरेलू कामगारों के लिए गरिमापूर्ण काम",
        "कई देशों में कानून घरेलू काम को काम नहीं मानता। हम हर सरकार से माँग करते हैं कि "
        "वह आईएलओ कन्वेंशन 189 का अनुमोदन करे और उसे लागू करे।",
    ),
    "si": (
        "C189 අපරානුමත කරන්න: ගෘහ සේවකයන්ට යහපත් රැකියා",
        "බොහෝ රටවල නීතිය ගෘහ සේවය රැකියාවක් ලෙස පිළිගන්නේ නැත. ජාත්‍යන්තර කම්කරු "
        "සංවිධානයේ (ILO) අංක 189 දරන සම්මුතිය අපරානුමත කර ක්‍රියාත්මක කරන ලෙස අපි සෑම "
        "රජයකින්ම ඉල්ලා සිටිමු.",
    ),
}


@dataclass(frozen=True)
class CampaignsDemo:
    """What the campaigns demo holds: its English pages, targets and ratifications.

    campaigns maps each slug of CAMPAIGNS to its English page, in that order;
    targets maps each key of TARGETS to its target; translations are the
    campaign list, the tracker, the UN Migrant Workers Convention campaign,
    International Migrants Day and the C189 drive in the other languages;
    ratifications is the report of the CSV import.
    """

    index: CampaignIndexPage
    tracker: RatificationTrackerPage
    targets: dict[str, Target]
    campaigns: dict[str, CampaignPage]
    translations: tuple[Page, ...]
    ratifications: ImportReport


def seed(*, home) -> CampaignsDemo:
    """The campaign list and the tracker under the home page, the campaigns and their targets."""
    index = _child(home, CampaignIndexPage, CampaignIndexPageFactory, "campaigns")
    tracker = _child(
        home,
        RatificationTrackerPage,
        RatificationTrackerPageFactory,
        "ratification-tracker",
        intro=TRACKER_INTRO,
    )
    targets = _targets()
    # Campaigns ask targets by their key, so the targets are made first (the
    # conventions they name come with the migrations).
    campaigns = {spec["slug"]: _campaign(index, spec, targets) for spec in CAMPAIGNS}
    translations = _translations(index, tracker, campaigns)
    report = ratifications_import(text=RATIFICATIONS_CSV.read_text(encoding="utf-8-sig"))
    return CampaignsDemo(
        index=index,
        tracker=tracker,
        targets=targets,
        campaigns=campaigns,
        translations=translations,
        ratifications=report,
    )


def _child(parent, model, page_factory, slug, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    return existing or page_factory(parent=parent, slug=slug, **fields)


def _targets():
    targets = {}
    for spec in TARGETS:
        fields = {k: v for k, v in spec.items() if k not in ("key", "name")}
        targets[spec["key"]], _created = Target.objects.get_or_create(
            name=spec["name"], defaults=fields
        )
    return targets


def _campaign(index, spec, targets):
    existing = CampaignPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing:
        return existing
    convention = Convention.objects.get(code=spec["convention"]) if spec["convention"] else None
    page = CampaignPageFactory.build(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        kind=spec["kind"],
        convention=convention,
        start_date=spec["start_date"],
        end_date=spec.get("end_date"),
        default_ask=spec.get("default_ask", ""),
        body=json.dumps(spec["body"]),
    )
    page.goals = [
        CampaignGoal(label=label, current=current, target=target, sort_order=i)
        for i, (label, current, target) in enumerate(spec["goals"])
    ]
    page.campaign_targets = [
        CampaignTarget(target=targets[key], ask=ask, sort_order=i)
        for i, (key, ask) in enumerate(spec["targets"])
    ]
    page.updates = [
        CampaignUpdate(date=date, title=title, text=text, sort_order=i)
        for i, (date, title, text) in enumerate(spec["updates"])
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translations(index, tracker, campaigns):
    c189 = campaigns["ratify-c189"]
    # The campaigns whose spec carries its translations: the UN Migrant Workers
    # Convention (for its wall) and International Migrants Day (for its day of action).
    others = [(campaigns[s["slug"]], s["translations"]) for s in CAMPAIGNS if "translations" in s]
    translations = []
    for code, locale in translation_locales():
        translations.append(translate(index, locale, title=INDEX_TITLES[code]))
        translations.append(translate(tracker, locale, title=TRACKER_TITLES[code]))
        for campaign, texts in others:
            title, summary = texts[code]
            translations.append(translate(campaign, locale, title=title, summary=summary))
        title, summary = C189_TRANSLATIONS[code]
        translations.append(translate(c189, locale, title=title, summary=summary))
    return tuple(translations)
