from django.db import migrations, models
from django.utils import timezone


def backfill_closed_at(apps, schema_editor):
    # Petitions closed before this field existed: their last publication is the
    # best date there is for when they closed.
    PetitionPage = apps.get_model("petitions", "PetitionPage")
    now = timezone.now()
    for page in PetitionPage.objects.exclude(state="open").filter(closed_at__isnull=True):
        PetitionPage.objects.filter(pk=page.pk).update(closed_at=page.last_published_at or now)


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0002_schedules'),
    ]

    operations = [
        migrations.AddField(
            model_name='petitionpage',
            name='closed_at',
            field=models.DateTimeField(blank=True, editable=False, help_text="When the petition stopped being open; signers' details are erased later.", null=True, verbose_name='closed at'),
        ),
        migrations.AddField(
            model_name='signature',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, help_text="When the signer's details were erased; the signature still counts.", null=True, verbose_name='anonymised at'),
        ),
        migrations.RunPython(backfill_closed_at, migrations.RunPython.noop),
    ]
