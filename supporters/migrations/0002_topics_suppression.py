import taggit.managers
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supporters', '0001_initial'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.CreateModel(
            name='Topic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='As supporters see it, e.g. “Urgent actions”.', max_length=100, verbose_name='name')),
                ('slug', models.SlugField(help_text='A short code for the topic, e.g. urgent-actions.', unique=True, verbose_name='slug')),
                ('description', models.TextField(blank=True, help_text='One sentence shown under the topic on the email preferences page.', verbose_name='description')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, help_text='Topics are listed from the lowest number.', verbose_name='order')),
            ],
            options={
                'verbose_name': 'email topic',
                'verbose_name_plural': 'email topics',
                'ordering': ['sort_order', 'name'],
            },
        ),
        migrations.AddField(
            model_name='supporter',
            name='suppressed_at',
            field=models.DateTimeField(blank=True, help_text='Set when their address bounced or they marked our email as spam; no campaign email goes to a suppressed address.', null=True, verbose_name='suppressed'),
        ),
        migrations.AddField(
            model_name='supporter',
            name='suppressed_reason',
            field=models.CharField(blank=True, choices=[('bounced', 'The address bounced'), ('complained', 'Marked our email as spam'), ('staff', 'Suppressed by staff')], max_length=16, verbose_name='why suppressed'),
        ),
        migrations.AddField(
            model_name='supporter',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text="Staff's own labels, e.g. speaker, translator, press.", through='taggit.TaggedItem', to='taggit.Tag', verbose_name='Tags'),
        ),
        migrations.AddField(
            model_name='supporter',
            name='topics_muted',
            field=models.ManyToManyField(blank=True, help_text='Topics they asked not to receive email about.', related_name='+', to='supporters.topic', verbose_name='topics muted'),
        ),
    ]
