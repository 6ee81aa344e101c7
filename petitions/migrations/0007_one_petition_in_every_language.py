"""A petition is one action in all its languages: the schema, then the counts per action.

See 0006 for the data: every signature and paper batch now names its action.
"""

import django.utils.timezone
import django_countries.fields
from django.db import migrations, models
from django.db.models import Count, Sum

COUNTING = models.Q(confirmed_at__isnull=False, flagged=False, invalidated_at__isnull=True)


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
    dependencies = [("petitions", "0006_action_keys")]

    operations = [
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
