"""The four default email topics in every other language the site offers.

Written for this project with machine help, to be reviewed by native speakers
(README, Languages); staff change them under Snippets › Email topics. A topic
whose name staff have changed since is left as it is.
"""

from django.db import migrations

# slug: (English name, English description, {language: (name, description)})
TRANSLATIONS = {
    "ratification": (
        "Ratification drives",
        "Pressing governments to ratify the conventions that protect migrant workers.",
        {
            "fr": (
                "Campagnes de ratification",
                "Faire pression sur les gouvernements pour qu'ils ratifient les conventions qui protègent les travailleurs et travailleuses migrants.",
            ),
            "es": (
                "Campañas de ratificación",
                "Presionar a los gobiernos para que ratifiquen los convenios que protegen a los trabajadores y trabajadoras migrantes.",
            ),
            "ar": (
                "حملات التصديق",
                "الضغط على الحكومات للتصديق على الاتفاقيات التي تحمي العمال المهاجرين.",
            ),
            "ne": (
                "अनुमोदन अभियान",
                "आप्रवासी कामदारहरूको संरक्षण गर्ने महासन्धिहरू अनुमोदन गर्न सरकारहरूलाई दबाब दिने।",
            ),
            "bn": (
                "অনুসমর্থন প্রচারাভিযান",
                "অভিবাসী শ্রমিকদের সুরক্ষা দেয় এমন কনভেনশনগুলো অনুসমর্থনের জন্য সরকারগুলোর ওপর চাপ সৃষ্টি করা।",
            ),
            "ur": (
                "توثیق کی مہمات",
                "حکومتوں پر دباؤ ڈالنا کہ وہ تارکینِ وطن مزدوروں کو تحفظ دینے والے کنونشنز کی توثیق کریں۔",
            ),
            "id": (
                "Kampanye ratifikasi",
                "Mendesak pemerintah untuk meratifikasi konvensi-konvensi yang melindungi pekerja migran.",
            ),
            "tl": (
                "Mga kampanya para sa ratipikasyon",
                "Paggigiit sa mga gobyerno na ratipikahan ang mga kumbensiyong nangangalaga sa mga migranteng manggagawa.",
            ),
            "hi": (
                "अनुसमर्थन अभियान",
                "प्रवासी कामगारों की सुरक्षा करने वाले कन्वेंशनों का अनुसमर्थन करने के लिए सरकारों पर दबाव डालना।",
            ),
            "si": (
                "අපරානුමත කිරීමේ ව්\u200dයාපාර",
                "සංක්\u200dරමණික සේවකයන් ආරක්ෂා කරන සම්මුතීන් අපරානුමත කරන ලෙස රජයන්ට බලපෑම් කිරීම.",
            ),
        },
    ),
    "urgent-actions": (
        "Urgent actions",
        "When workers' rights are violated and a quick response can make a difference.",
        {
            "fr": (
                "Actions urgentes",
                "Lorsque les droits des travailleurs sont bafoués et qu'une réaction rapide peut faire la différence.",
            ),
            "es": (
                "Acciones urgentes",
                "Cuando se vulneran los derechos de los trabajadores y una respuesta rápida puede marcar la diferencia.",
            ),
            "ar": ("تحركات عاجلة", "عندما تُنتهك حقوق العمال ويمكن للتحرك السريع أن يُحدث فرقًا."),
            "ne": ("तत्काल कदम", "जब कामदारहरूको अधिकार उल्लङ्घन हुन्छ र छिटो प्रतिक्रियाले फरक पार्न सक्छ।"),
            "bn": ("জরুরি পদক্ষেপ", "যখন শ্রমিকদের অধিকার লঙ্ঘিত হয় এবং দ্রুত সাড়া দিলে পরিস্থিতি বদলানো যায়।"),
            "ur": (
                "فوری اقدامات",
                "جب مزدوروں کے حقوق پامال ہوں اور فوری ردِعمل سے فرق پڑ سکتا ہو۔",
            ),
            "id": (
                "Aksi mendesak",
                "Ketika hak-hak pekerja dilanggar dan tanggapan cepat dapat membawa perubahan.",
            ),
            "tl": (
                "Mga agarang aksiyon",
                "Kapag nilalabag ang mga karapatan ng manggagawa at malaki ang maitutulong ng mabilis na pagtugon.",
            ),
            "hi": (
                "तत्काल कार्रवाई",
                "जब कामगारों के अधिकारों का उल्लंघन हो और त्वरित प्रतिक्रिया से फ़र्क पड़ सकता हो।",
            ),
            "si": (
                "හදිසි ක්\u200dරියාමාර්ග",
                "කම්කරු අයිතිවාසිකම් උල්ලංඝනය වන විට සහ ඉක්මන් ප්\u200dරතිචාරයකින් වෙනසක් කළ හැකි විට.",
            ),
        },
    ),
    "days-of-action": (
        "Days of action",
        "International Migrants Day, Human Rights Day and other days of mobilisation.",
        {
            "fr": (
                "Journées d'action",
                "Journée internationale des migrants, Journée des droits de l'homme et autres journées de mobilisation.",
            ),
            "es": (
                "Jornadas de acción",
                "Día Internacional del Migrante, Día de los Derechos Humanos y otras jornadas de movilización.",
            ),
            "ar": (
                "أيام التحرك",
                "اليوم الدولي للمهاجرين ويوم حقوق الإنسان وغيرهما من أيام التعبئة.",
            ),
            "ne": (
                "अभियान दिवसहरू",
                "अन्तर्राष्ट्रिय आप्रवासी दिवस, मानव अधिकार दिवस र अन्य परिचालन दिवसहरू।",
            ),
            "bn": (
                "কর্মসূচি দিবস",
                "আন্তর্জাতিক অভিবাসী দিবস, মানবাধিকার দিবস এবং অন্যান্য সমাবেশ ও কর্মসূচির দিন।",
            ),
            "ur": (
                "ایامِ عمل",
                "تارکینِ وطن کا عالمی دن، انسانی حقوق کا عالمی دن اور دیگر احتجاجی و تحریکی دن۔",
            ),
            "id": (
                "Hari aksi",
                "Hari Migran Internasional, Hari Hak Asasi Manusia Sedunia, dan hari-hari mobilisasi lainnya.",
            ),
            "tl": (
                "Mga araw ng pagkilos",
                "Pandaigdigang Araw ng mga Migrante, Pandaigdigang Araw ng Karapatang Pantao, at iba pang araw ng mobilisasyon.",
            ),
            "hi": ("कार्रवाई दिवस", "अंतरराष्ट्रीय प्रवासी दिवस, मानवाधिकार दिवस और लामबंदी के अन्य दिवस।"),
            "si": (
                "උද්ඝෝෂණ දින",
                "ජාත්\u200dයන්තර සංක්\u200dරමණිකයන්ගේ දිනය, මානව හිමිකම් දිනය සහ අනෙකුත් බලමුලු ගැන්වීමේ දින.",
            ),
        },
    ),
    "organising": (
        "Organising",
        "News from organising drives and how to take part.",
        {
            "fr": (
                "Syndicalisation",
                "Nouvelles des campagnes de syndicalisation et comment y participer.",
            ),
            "es": (
                "Organización sindical",
                "Noticias de las campañas de organización sindical y cómo participar.",
            ),
            "ar": ("التنظيم النقابي", "أخبار حملات التنظيم النقابي وكيفية المشاركة فيها."),
            "ne": ("सङ्गठन निर्माण", "सङ्गठन निर्माण अभियानका समाचार र तिनमा कसरी सहभागी हुने।"),
            "bn": ("শ্রমিকদের সংগঠিত করা", "সংগঠিত করার উদ্যোগগুলোর খবর এবং কীভাবে যুক্ত হবেন।"),
            "ur": ("تنظیم سازی", "تنظیم سازی کی مہمات کی خبریں اور ان میں شامل ہونے کا طریقہ۔"),
            "id": (
                "Pengorganisasian",
                "Kabar dari kampanye pengorganisasian dan cara ikut terlibat.",
            ),
            "tl": (
                "Pag-oorganisa",
                "Mga balita mula sa mga kampanya ng pag-oorganisa at kung paano makilahok.",
            ),
            "hi": ("संगठन निर्माण", "संगठन निर्माण अभियानों की खबरें और उनमें कैसे शामिल हों।"),
            "si": ("සංවිධානය කිරීම", "සංවිධාන ව්\u200dයාපාරවල පුවත් සහ ඒවාට සම්බන්ධ විය හැකි ආකාරය."),
        },
    ),
}


def translate_topics(apps, schema_editor):
    Topic = apps.get_model("supporters", "Topic")
    TopicTranslation = apps.get_model("supporters", "TopicTranslation")
    for slug, (name, _description, languages) in TRANSLATIONS.items():
        topic = Topic.objects.filter(slug=slug, name=name).first()
        if topic is None:
            continue
        for order, (language, (translated, description)) in enumerate(languages.items()):
            TopicTranslation.objects.get_or_create(
                topic=topic,
                language=language,
                defaults={"name": translated, "description": description, "sort_order": order},
            )


def untranslate_topics(apps, schema_editor):
    TopicTranslation = apps.get_model("supporters", "TopicTranslation")
    TopicTranslation.objects.filter(topic__slug__in=TRANSLATIONS).delete()


class Migration(migrations.Migration):
    dependencies = [("supporters", "0009_topic_translations")]

    operations = [migrations.RunPython(translate_topics, untranslate_topics)]
