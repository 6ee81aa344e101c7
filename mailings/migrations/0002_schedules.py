from django.db import migrations
from django.utils import timezone

SCHEDULES = [
    # (name, function, type, minutes)
    ("mailings: start scheduled mailings", "mailings.tasks.mailings_start_due", "I", 1),
    ("mailings: restart stalled sending", "mailings.tasks.mailings_sweep", "I", 1),
]


def create_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, schedule_type, minutes in SCHEDULES:
        Schedule.objects.update_or_create(
            name=name,
            defaults={
                "func": func,
                "schedule_type": schedule_type,
                "minutes": minutes,
                "repeats": -1,
                "next_run": timezone.now(),
            },
        )


def remove_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mailings", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
