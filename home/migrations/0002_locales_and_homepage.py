from django.conf import settings
from django.db import migrations


def create_locales_and_homepage(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("home", "HomePage")

    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    default_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)

    # Replace Wagtail's placeholder "Welcome" page with the real home page.
    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title="Mobilise",
        draft_title="Mobilise",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=default_locale,
        live=True,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Mobilise"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales_and_homepage, migrations.RunPython.noop)]
