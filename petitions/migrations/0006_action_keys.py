"""A petition is one action in all its languages (home/actions.py).

Signatures and paper batches record the action's key (the pages' shared
translation_key); one signature per person per action; the public counts are
kept per action and recounted here from the signatures.

Someone who signed two translations of one petition before this change keeps
one signature: the one that counts (or else the first), the other is deleted,
since it counted the same person twice. Signatures without a language take
their page's.
"""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery


def keys_and_languages(apps, schema_editor):
    PetitionPage = apps.get_model("petitions", "PetitionPage")
    Signature = apps.get_model("petitions", "Signature")
    PaperSignatures = apps.get_model("petitions", "PaperSignatures")
    for model in (Signature, PaperSignatures):
        model.objects.update(
            action_key=Subquery(
                PetitionPage.objects.filter(pk=OuterRef("petition_id")).values("translation_key")[:1]
            )
        )
    Signature.objects.filter(language="").update(
        language=Subquery(
            PetitionPage.objects.filter(pk=OuterRef("petition_id")).values(
                "locale__language_code"
            )[:1]
        )
    )


def one_signature_per_person(apps, schema_editor):
    Signature = apps.get_model("petitions", "Signature")
    doubled = (
        Signature.objects.order_by()
        .values("action_key", "email_canonical")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for row in doubled.iterator():
        signatures = list(
            Signature.objects.filter(
                action_key=row["action_key"], email_canonical=row["email_canonical"]
            ).order_by("pk")
        )
        counting = [s for s in signatures if s.confirmed_at and not s.flagged and not s.invalidated_at]
        kept = (counting or signatures)[0]
        Signature.objects.filter(pk__in=[s.pk for s in signatures if s.pk != kept.pk]).delete()


class Migration(migrations.Migration):
    # Data here, schema in 0007: PostgreSQL refuses to alter a table in the
    # transaction that changed its rows.
    dependencies = [
        ("petitions", "0005_signature_indexes"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="action_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="papersignatures",
            name="action_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(keys_and_languages, migrations.RunPython.noop),
        migrations.RunPython(one_signature_per_person, migrations.RunPython.noop),
    ]
