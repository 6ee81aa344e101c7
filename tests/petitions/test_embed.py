import pytest
from django.core import mail
from django.test import Client

from petitions.models import Signature
from supporters.factories import AffiliateFactory

pytestmark = pytest.mark.django_db


def embed_url(petition, query=""):
    return f"/en/embed/petitions/{petition.pk}/{query}"


def test_embed_can_be_framed_by_any_site_and_carries_the_affiliate(client, petition):
    AffiliateFactory(code="gefont")
    response = client.get(embed_url(petition, "?affiliate=gefont"))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert 'name="src" value="gefont"' in html
    assert f'action="/en/embed/petitions/{petition.pk}/#sign"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_signature_made_in_the_frame_is_attributed_to_the_affiliate(
    petition, sign_data, django_capture_on_commit_callbacks
):
    affiliate = AffiliateFactory(code="gefont")
    # In a frame on another site the browser sends no cookie: no CSRF cookie either.
    client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(embed_url(petition), sign_data(src="gefont"))
    assert response.status_code == 200
    assert "Thank you for signing" in response.content.decode()
    signature = Signature.objects.get()
    assert signature.source == "gefont" and signature.affiliate == affiliate
    assert not signature.flagged
    assert len(mail.outbox) == 1


def test_embed_shows_errors_in_place(client, petition, sign_data):
    response = client.post(embed_url(petition), sign_data(email="nope"))
    assert response.status_code == 400
    assert "Enter an email address such as name@example.org." in response.content.decode()
    assert not Signature.objects.exists()


def test_embed_of_a_closed_petition_takes_no_signature(client, petition, sign_data):
    petition.state = "closed"
    petition.save_revision().publish()
    response = client.post(embed_url(petition), sign_data())
    assert "This petition is closed" in response.content.decode()
    assert not Signature.objects.exists()


def test_embed_of_an_unknown_or_draft_page_is_404(client, petition):
    assert client.get("/en/embed/petitions/999999/").status_code == 404
    petition.unpublish()
    assert client.get(embed_url(petition)).status_code == 404


def test_embed_is_in_the_visitors_language(client, petition):
    html = client.get(f"/ar/embed/petitions/{petition.pk}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
