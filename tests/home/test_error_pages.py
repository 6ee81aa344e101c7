"""What a visitor sees when a page is missing or fails, with DEBUG off as under `make run`."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from config.settings import dev

pytestmark = pytest.mark.django_db


def test_an_unknown_address_under_fr_is_the_sites_own_404_in_french(client, home_page, settings):
    settings.DEBUG = False
    response = client.get("/fr/no-such-campaign/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Page introuvable" in html
    assert "URLconf" not in html and "admin/" not in html, "no URL patterns listed"


def test_the_500_page_stands_alone_in_the_visitors_language():
    request = RequestFactory().get("/ar/")
    with translation.override("ar"):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert 'href="/ar/"' in html, "a link home"


def test_make_run_serves_static_files_and_media_with_debug_off(settings):
    assert not dev.DEBUG, "make run shows the site's own error pages"
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = dev.WHITENOISE_USE_FINDERS
    settings.WHITENOISE_AUTOREFRESH = dev.WHITENOISE_AUTOREFRESH
    settings.SERVE_MEDIA = dev.SERVE_MEDIA
    name = default_storage.save("images/poster.txt", ContentFile(b"poster"))

    client = Client()  # a new client builds the middleware with these settings
    assert client.get("/static/css/site.css").status_code == 200
    media = client.get(f"/media/{name}")
    assert media.status_code == 200
    assert b"".join(media.streaming_content) == b"poster"


def test_media_is_not_served_by_django_unless_asked(settings):
    settings.SERVE_MEDIA = False
    name = default_storage.save("images/poster.txt", ContentFile(b"poster"))
    assert Client().get(f"/media/{name}").status_code == 404


def test_original_images_are_never_served(settings):
    """Pages show renditions; an original is for the admin, whatever the demo serves."""
    settings.SERVE_MEDIA = True
    name = default_storage.save("original_images/photo.jpg", ContentFile(b"original"))
    client = Client()
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get("/media/images/../original_images/photo.jpg").status_code == 404
