"""Text of the demo site, drawn from the unions' own action plans.

Kept apart from the seed command so that the command reads as a procedure and
this file as content. Targets and ratifications here are labelled demo data.
"""

import datetime

HOME = {
    "en": (
        "Mobilise",
        "Campaigns for the rights of migrant workers, run by their unions across countries of "
        "origin and destination. Sign, act and stand together.",
    ),
    "fr": (
        "Mobilise",
        "Des campagnes pour les droits des travailleuses et travailleurs migrants, menées par "
        "leurs syndicats dans les pays d’origine et de destination. Signez, agissez, soyez "
        "solidaires.",
    ),
    "es": (
        "Mobilise",
        "Campañas por los derechos de las personas trabajadoras migrantes, impulsadas por sus "
        "sindicatos en los países de origen y de destino. Firma, actúa y únete.",
    ),
    "ar": (
        "موبيلايز",
        "حملات من أجل حقوق العمال المهاجرين، تقودها نقاباتهم في بلدان المنشأ والمقصد. "
        "وقّع، تحرّك، وتضامن.",
    ),
}

HOME_KEY_FIGURES = {
    "en": ("167.7 million", "international migrant workers: one in twenty workers worldwide"),
    "fr": (
        "167,7 millions",
        "de travailleuses et travailleurs migrants internationaux : un travailleur sur vingt",
    ),
    "es": (
        "167,7 millones",
        "de personas trabajadoras migrantes internacionales: una de cada veinte en el mundo",
    ),
    "ar": ("167.7 مليون", "عامل مهاجر دولي: عامل واحد من كل عشرين عاملًا في العالم"),
}


def home_body(code):
    figure, label = HOME_KEY_FIGURES[code]
    source = "ILO Global Estimates on International Migrant Workers, 2024"
    return [{"type": "key_figure", "value": {"figure": figure, "label": label, "source": source}}]


INDEX_TITLES = {"en": "Campaigns", "fr": "Campagnes", "es": "Campañas", "ar": "الحملات"}
TRACKER_TITLES = {
    "en": "Ratification tracker",
    "fr": "Suivi des ratifications",
    "es": "Seguimiento de ratificaciones",
    "ar": "متابعة التصديقات",
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


AFFILIATES = [
    {
        "code": "gefont",
        "name": "General Federation of Nepalese Trade Unions",
        "acronym": "GEFONT",
        "country": "NP",
        "sector": "general",
        "trusted": True,
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
    },
]

PETITION = {
    "campaign": "ratify-c189",
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

# Translations of the C189 drive and its petition, so supporters can sign in
# their own language: (campaign title, campaign summary, petition title,
# petition summary, petition text, opt-in notice).
C189_TRANSLATIONS = {
    "fr": (
        "Ratifier la C189 : un travail décent pour les travailleuses et travailleurs domestiques",
        "Dans de nombreux pays, la loi ne reconnaît pas le travail domestique comme un travail. "
        "Nous demandons à chaque gouvernement de ratifier et d’appliquer la Convention 189 "
        "de l’OIT.",
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
        "Ratificar el C189: trabajo decente para las trabajadoras y los trabajadores domésticos",
        "En muchos países la ley no reconoce el trabajo doméstico como trabajo. Pedimos a "
        "cada gobierno que ratifique y aplique el Convenio 189 de la OIT.",
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
        "صادقوا على الاتفاقية 189: عمل لائق للعمال المنزليين",
        "في بلدان كثيرة لا يعترف القانون بالعمل المنزلي عملًا. نطالب كل حكومة بالتصديق على "
        "اتفاقية منظمة العمل الدولية رقم 189 وتطبيقها.",
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


# Demo supporters for the mailing demo: example.org addresses, nobody real.
DEMO_SUPPORTERS = [
    ("demo.maria@example.org", "Maria", "Santos", "PH", "en"),
    ("demo.ram@example.org", "Ram", "Thapa", "NP", "en"),
    ("demo.aisha@example.org", "Aisha", "Bello", "NG", "en"),
    ("demo.joseph@example.org", "Joseph", "Kamau", "KE", "en"),
    ("demo.aminata@example.org", "Aminata", "Diallo", "SN", "fr"),
    ("demo.fatou@example.org", "Fatou", "Ndiaye", "SN", "fr"),
]

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
