from django.db import migrations

CONVENTIONS = [
    (
        "C87",
        "ilo",
        1948,
        "Freedom of Association Convention",
        "Freedom of Association and Protection of the Right to Organise Convention, 1948 (No. 87)",
        "Workers, migrants included, may form and join unions of their own choosing without "
        "prior authorisation.",
        "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C087",
    ),
    (
        "C98",
        "ilo",
        1949,
        "Right to Organise and Collective Bargaining Convention",
        "Right to Organise and Collective Bargaining Convention, 1949 (No. 98)",
        "Protects workers against anti-union discrimination and promotes collective bargaining.",
        "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C098",
    ),
    (
        "C97",
        "ilo",
        1949,
        "Migration for Employment Convention",
        "Migration for Employment Convention (Revised), 1949 (No. 97)",
        "Equal treatment of migrant workers regularly admitted with nationals in pay, union "
        "membership, housing and social security.",
        "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C097",
    ),
    (
        "C143",
        "ilo",
        1975,
        "Migrant Workers (Supplementary Provisions) Convention",
        "Migrant Workers (Supplementary Provisions) Convention, 1975 (No. 143)",
        "Basic human rights for all migrant workers, including those in an irregular situation, "
        "and action against trafficking and abusive employment.",
        "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C143",
    ),
    (
        "C181",
        "ilo",
        1997,
        "Private Employment Agencies Convention",
        "Private Employment Agencies Convention, 1997 (No. 181)",
        "Recruitment agencies may not charge fees to workers and must protect their rights.",
        "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C181",
    ),
    (
        "C189",
        "ilo",
        2011,
        "Domestic Workers Convention",
        "Domestic Workers Convention, 2011 (No. 189)",
        "Domestic workers have the same basic labour rights as other workers: a weekly day off, "
        "limits on hours, a written contract and the right to keep their documents.",
        "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C189",
    ),
    (
        "C190",
        "ilo",
        2019,
        "Violence and Harassment Convention",
        "Violence and Harassment Convention, 2019 (No. 190)",
        "The right of everyone to a world of work free from violence and harassment, "
        "including gender-based violence.",
        "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:C190",
    ),
    (
        "UN1990",
        "un",
        1990,
        "Migrant Workers Convention",
        "International Convention on the Protection of the Rights of All Migrant Workers and "
        "Members of Their Families, 1990",
        "Human rights for all migrant workers and their families, documented or not.",
        "https://www.ohchr.org/en/instruments-mechanisms/instruments/international-convention-protection-rights-all-migrant-workers",
    ),
]


def create_conventions(apps, schema_editor):
    Convention = apps.get_model("campaigns", "Convention")
    for order, (code, body, year, short_title, title, summary, url) in enumerate(CONVENTIONS):
        Convention.objects.update_or_create(
            code=code,
            defaults={
                "body": body,
                "year_adopted": year,
                "short_title": short_title,
                "title": title,
                "summary": summary,
                "official_url": url,
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [migrations.RunPython(create_conventions, migrations.RunPython.noop)]
