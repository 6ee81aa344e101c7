"""Images stored before uploads were cleaned keep their metadata: clean them (home/images.py)."""

from django.db import migrations


def clean_existing_images(apps, schema_editor):
    from home.images import images_reclean

    images_reclean(apps.get_model("wagtailimages", "Image"), apps.get_model("wagtailimages", "Rendition"))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_homepagefeature"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(clean_existing_images, migrations.RunPython.noop)]
