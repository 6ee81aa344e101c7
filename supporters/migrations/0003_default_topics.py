from django.db import migrations

TOPICS = [
    # (slug, name, description)
    ("ratification", "Ratification drives", "Pressing governments to ratify the conventions that protect migrant workers."),
    ("urgent-actions", "Urgent actions", "When workers' rights are violated and a quick response can make a difference."),
    ("days-of-action", "Days of action", "International Migrants Day, Human Rights Day and other days of mobilisation."),
    ("organising", "Organising", "News from organising drives and how to take part."),
]


def create_topics(apps, schema_editor):
    Topic = apps.get_model("supporters", "Topic")
    for order, (slug, name, description) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "sort_order": order * 10},
        )


def remove_topics(apps, schema_editor):
    Topic = apps.get_model("supporters", "Topic")
    Topic.objects.filter(slug__in=[slug for slug, _name, _description in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("supporters", "0002_topics_suppression")]

    operations = [migrations.RunPython(create_topics, remove_topics)]
