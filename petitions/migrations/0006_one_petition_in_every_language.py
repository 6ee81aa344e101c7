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
from django.db.models import Count, OuterRef, Subquery, Sum

import django.utils.timezone
import django_countries.fields

COUNTING = models.Q(confirmed_at__isnull=False, flagged=False, invalidated_at__isnull=True)


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


def recount(apps, schema_editor):
    Signature = apps.get_model("petitions", "Signature")
    PaperSignatures = apps.get_model("petitions", "PaperSignatures")
    PetitionTally = apps.get_model("petitions", "PetitionTally")
    PetitionCountryTally = apps.get_model("petitions", "PetitionCountryTally")
    Signature.objects.filter(counted=False, confirmed_at__isnull=False).update(counted=True)
    totals, paper = {}, {}
    for row in (
        Signature.objects.filter(COUNTING)
        .order_by()
        .values("action_key", "country")
        .annotate(n=Count("pk"))
    ):
        totals[row["action_key"]] = totals.get(row["action_key"], 0) + row["n"]
        PetitionCountryTally.objects.create(
            action_key=row["action_key"], country=row["country"], confirmed=row["n"]
        )
    for row in PaperSignatures.objects.order_by().values("action_key").annotate(n=Sum("count")):
        paper[row["action_key"]] = row["n"] or 0
    for key in {*totals, *paper}:
        PetitionTally.objects.create(
            action_key=key, confirmed=totals.get(key, 0), paper=paper.get(key, 0)
        )


class Migration(migrations.Migration):
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
        migrations.RemoveConstraint(model_name="signature", name="one_signature_per_person"),
        migrations.RemoveIndex(model_name="signature", name="signature_recent"),
        migrations.RemoveIndex(model_name="signature", name="signature_timeline"),
        migrations.AlterField(
            model_name="signature",
            name="action_key",
            field=models.UUIDField(
                editable=False,
                help_text="The action this belongs to, the same in every language it is translated into.",
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="papersignatures",
            name="action_key",
            field=models.UUIDField(
                editable=False,
                help_text="The action this belongs to, the same in every language it is translated into.",
                verbose_name="action",
            ),
        ),
        migrations.AddConstraint(
            model_name="signature",
            constraint=models.UniqueConstraint(
                fields=("action_key", "email_canonical"), name="one_signature_per_person"
            ),
        ),
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(fields=["action_key", "-confirmed_at"], name="signature_recent"),
        ),
        migrations.AddIndex(
            model_name="signature",
            index=models.Index(fields=["action_key", "created_at"], name="signature_timeline"),
        ),
        migrations.AlterField(
            model_name="signature",
            name="petition",
            field=models.ForeignKey(
                help_text="The translation it was signed on.",
                on_delete=models.deletion.CASCADE,
                related_name="signatures",
                to="petitions.petitionpage",
                verbose_name="petition",
            ),
        ),
        migrations.AlterField(
            model_name="signature",
            name="language",
            field=models.CharField(
                blank=True,
                help_text="The language it was signed in.",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.DeleteModel(name="PetitionCountryTally"),
        migrations.DeleteModel(name="PetitionTally"),
        migrations.CreateModel(
            name="PetitionTally",
            fields=[
                ("action_key", models.UUIDField(primary_key=True, serialize=False)),
                ("confirmed", models.PositiveIntegerField(default=0)),
                ("paper", models.PositiveIntegerField(default=0)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={"verbose_name": "petition count"},
        ),
        migrations.CreateModel(
            name="PetitionCountryTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("action_key", models.UUIDField()),
                ("country", django_countries.fields.CountryField(max_length=2)),
                ("confirmed", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("action_key", "country"), name="one_tally_per_country"
                    )
                ]
            },
        ),
        migrations.RunPython(recount, migrations.RunPython.noop),
    ]
