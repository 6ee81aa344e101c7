import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from home.pagecache import FORM_STARTED
from petitions.models import PetitionPage, Signature
from supporters.models import Activity, ConsentRecord, Supporter
from tests.petitions.conftest import sign_url

pytestmark = pytest.mark.django_db


def confirm_path(message):
    return re.search(r"http://[^/]+(/\S+/confirm/\?t=\S+)", message.body).group(1)


def test_petition_page_shows_the_form_text_targets_and_count(client, petition):
    response = client.get(petition.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "We, the undersigned" in html
    assert "Ministry of Human Resources" in html
    assert 'name="email"' in html and 'name="website"' in html
    assert 'data-count-url="' in html
    assert 'data-count-total data-value="0">0</strong>' in html


def test_sign_confirm_and_count(client, petition, sign, django_capture_on_commit_callbacks):
    response = sign(opt_in="on")

    assert response.status_code == 303
    assert "/thanks/?ref=" in response["Location"]
    signature = Signature.objects.get()
    assert signature.confirmed_at is None and not signature.flagged
    assert signature.ip_hash and "198.51.100.7" not in signature.ip_hash
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria.santos@example.org"]
    assert "Ratify C189 now" in message.subject

    thanks = client.get(response["Location"])
    assert "?src=" + signature.referral_code in thanks.content.decode()
    assert client.get(petition.url).context["count"]["total"] == 0, "unconfirmed do not count"

    path = confirm_path(message)
    page = client.get(path)
    assert "Confirm my signature" in page.content.decode()
    signature.refresh_from_db()
    assert signature.confirmed_at is None, "opening the link alone confirms nothing"

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(path)
    assert "Your signature is confirmed" in confirmed.content.decode()
    signature.refresh_from_db()
    assert signature.confirmed_at and signature.counted

    count = client.get(petition.url + "count/").json()
    assert count == {
        "total": 1,
        "goal": 1000,
        "percent": 0,
        "total_text": "1",
        "goal_text": "1,000",
    }
    supporter = Supporter.objects.get()
    assert supporter.email_consent
    assert ConsentRecord.objects.get().notice == petition.opt_in_notice
    activity = Activity.objects.get()
    assert activity.kind == "petition_signature" and activity.page_id == petition.pk

    again = client.post(path)
    assert "already confirmed" in again.content.decode()
    assert Activity.objects.count() == 1


def test_no_opt_in_records_no_consent(client, petition, sign, django_capture_on_commit_callbacks):
    sign()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path(mail.outbox[0]))
    supporter = Supporter.objects.get()
    assert not supporter.email_consent
    assert not ConsentRecord.objects.exists()
    assert Signature.objects.get().opt_in_notice == ""


def test_repeat_signatures_change_nothing_and_email_once(client, petition, sign):
    first = sign(email="Maria.Santos@Gmail.com")
    second = sign(email=" mariasantos+petition@gmail.com ")
    third = sign(email="maria.santos@googlemail.com")

    assert first.status_code == second.status_code == third.status_code == 303
    assert Signature.objects.count() == 1
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 2
    assert subjects[1].startswith("You have already signed")
    assert "confirm/" in mail.outbox[1].body, "an unconfirmed signer gets the link again"


def test_signer_chooses_how_they_appear(client, petition, sign, django_capture_on_commit_callbacks):
    for n, display in enumerate(["anonymous", "initials", "name"]):
        mail.outbox.clear()
        sign(email=f"signer{n}@example.org", display=display, first_name="Amina", last_name="Khan")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(confirm_path(mail.outbox[0]))
    html = client.get(petition.url).content.decode()
    recent = html[html.index("Recent signatures") :]
    assert "<strong><bdi>Amina K.</bdi></strong>" in recent
    assert "<strong><bdi>A.K.</bdi></strong>" in recent
    assert "Khan" not in recent and "signer" not in recent
    assert recent.count("Philippines") >= 3


def test_signing_without_confirmation_counts_at_once(client, petition, sign):
    petition.require_confirmation = False
    petition.save_revision().publish()
    sign()
    assert mail.outbox == []
    assert client.get(petition.url + "count/").json()["total"] == 1
    assert Supporter.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter an email address such as name@example.org."),
        ("email", "", "This field is required."),
        ("first_name", "", "This field is required."),
        ("first_name", "M" * 101, "Ensure this value has at most 100 characters"),
        ("first_name", "Maria\x00", "Null characters are not allowed."),
        ("first_name", "Maria\x07", "special or invisible characters"),
        ("first_name", "Maria\u202e", "special or invisible characters"),
        ("last_name", "<b>Santos</b>", "Please do not use the characters &lt; or &gt;."),
        ("country", "XX", "Select a valid choice."),
        ("country", "", "This field is required."),
        ("display", "everything", "Select a valid choice."),
    ],
)
def test_each_field_is_validated_with_a_clear_message(
    client, petition, sign_data, field, value, message
):
    response = client.post(sign_url(petition), sign_data(**{field: value}))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Please correct the fields marked below." in html
    assert Signature.objects.count() == 0


def test_errors_are_in_the_pages_language(client, petition, sign_data, locales):
    from petitions.models import PetitionPage

    french = petition.get_parent().get_parent().get_parent()
    for page in [french, petition.get_parent().get_parent(), petition.get_parent(), petition]:
        page.specific.copy_for_translation(locales["fr"]).save_revision().publish()
    french_petition = PetitionPage.objects.get(locale=locales["fr"])
    with translation.override("fr"):
        url = sign_url(french_petition)
    assert url.startswith("/fr/")
    response = client.post(url, sign_data(email="x"))
    assert "Saisissez une adresse électronique comme nom@exemple.org." in response.content.decode()


def test_the_form_posts_to_the_sign_url_and_only_there(client, petition, sign_data):
    html = client.get(petition.url).content.decode()
    assert f'action="{sign_url(petition)}#sign"' in html
    assert client.post(petition.url, sign_data()).status_code == 405
    assert Signature.objects.count() == 0
    response = client.post(sign_url(petition), sign_data())
    assert response.status_code == 303
    assert Signature.objects.count() == 1


def test_the_sign_url_sends_other_requests_to_the_page(client, petition):
    response = client.get(sign_url(petition))
    assert response.status_code == 302
    assert response["Location"] == petition.url


def test_the_sign_url_of_an_unpublished_or_missing_petition_is_not_found(
    client, petition, sign_data
):
    assert client.post(sign_url(petition), sign_data()).status_code == 303
    petition.unpublish()
    assert client.post(sign_url(petition), sign_data(email="b@example.org")).status_code == 404
    assert client.post(f"/en/petitions/{petition.pk + 999}/sign/", sign_data()).status_code == 404
    assert Signature.objects.count() == 1


def test_closing_a_petition_stops_signing_at_once(client, petition, sign_data):
    assert client.post(sign_url(petition), sign_data()).status_code == 303
    petition.state = petition.State.CLOSED
    petition.save_revision().publish()
    response = client.post(sign_url(petition), sign_data(email="late@example.org"))
    assert response.status_code == 409
    assert Signature.objects.count() == 1


def test_the_country_list_is_in_the_pages_language_and_keeps_the_choice(
    client, petition, sign_data, locales
):
    english = client.post(sign_url(petition), sign_data(email="x", country="DE"))
    assert '<option value="DE" selected>Germany</option>' in english.content.decode()
    french_home = petition.get_parent().get_parent().get_parent()
    for page in [french_home, petition.get_parent().get_parent(), petition.get_parent(), petition]:
        page.specific.copy_for_translation(locales["fr"]).save_revision().publish()
    french = PetitionPage.objects.get(locale=locales["fr"])
    html = client.get(french.url).content.decode()
    assert '<option value="DE">Allemagne</option>' in html
    assert "selected>Allemagne" not in html


def test_formula_and_markup_are_stored_as_text_and_escaped(
    client, petition, sign, django_capture_on_commit_callbacks
):
    sign(first_name='=HYPERLINK("x")', display="name")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path(mail.outbox[0]))
    html = client.get(petition.url).content.decode()
    assert "=HYPERLINK(&quot;x&quot;)" in html


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
    ],
)
def test_a_signature_sent_from_another_site_is_refused_and_explained(petition, sign_data, headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post(sign_url(petition), sign_data(), **headers)
    assert response.status_code == 403
    assert "This form was sent from another website" in response.content.decode()
    assert Signature.objects.count() == 0


def test_trusted_origins_may_send_the_form_others_not(petition, sign_data, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://*.example.org", "https://ituc-csi.org"]
    client = Client(enforce_csrf_checks=True)
    for origin, status in [
        ("https://campaigns.example.org", 303),
        ("https://ituc-csi.org", 303),
        ("http://campaigns.example.org", 403),
        ("https://example.org.evil.example", 403),
    ]:
        data = sign_data(email=f"{status}-{len(origin)}@example.org")
        assert client.post(sign_url(petition), data, HTTP_ORIGIN=origin).status_code == status


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"},
        {},  # a program, or a browser that says nothing: the other checks apply
    ],
)
def test_a_signature_from_our_own_pages_needs_no_token(petition, sign_data, headers):
    client = Client(enforce_csrf_checks=True)
    assert client.post(sign_url(petition), sign_data(), **headers).status_code == 303
    assert Signature.objects.count() == 1


@pytest.mark.parametrize("body", [b"\xff\xfe\x00garbage", b"email=%ZZ&&&===", b""])
def test_malformed_posts_do_not_error(client, petition, body):
    response = client.post(
        sign_url(petition), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert Signature.objects.count() == 0


def test_other_methods_are_refused(client, petition):
    assert client.put(petition.url).status_code == 405


def test_closed_petition_refuses_signatures_and_says_so(client, petition, sign):
    petition.state = "closed"
    petition.save_revision().publish()
    response = sign()
    assert response.status_code == 409
    assert "the petition closed before you sent it" in response.content.decode()
    assert Signature.objects.count() == 0


def test_deadline_closes_the_petition(client, petition, sign):
    from django.utils import timezone

    petition.deadline = timezone.now()
    petition.save_revision().publish()
    assert sign().status_code == 409


@pytest.mark.parametrize(
    ("token", "status", "text"),
    [
        ("not-a-token", 400, "This link does not work"),
        ("MQ:1vQx:bad", 400, "This link does not work"),
        ("", 400, "This link does not work"),
    ],
)
def test_bad_confirmation_tokens_get_a_helpful_page(client, petition, token, status, text):
    response = client.get(f"{petition.url}confirm/", {"t": token})
    assert response.status_code == status
    assert text in response.content.decode()
    assert client.post(f"{petition.url}confirm/?t={token}").status_code == status


def test_expired_confirmation_link(client, petition, sign, settings):
    sign()
    settings.PETITION_CONFIRMATION_MAX_AGE = -1
    path = confirm_path(mail.outbox[0])
    response = client.post(path)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Signature.objects.get().confirmed_at is None


def test_a_confirmation_link_works_only_on_its_own_petition(client, petition, campaign, sign):
    from petitions.factories import PetitionPageFactory

    sign()
    other = PetitionPageFactory(parent=campaign, slug="other")
    query = confirm_path(mail.outbox[0]).split("/confirm/")[1]
    assert client.post(f"{other.url}confirm/{query}").status_code == 400
    assert Signature.objects.get().confirmed_at is None


def test_referral_and_affiliate_codes_are_carried_to_the_signature(client, petition, sign):
    from supporters.factories import AffiliateFactory

    affiliate = AffiliateFactory(code="gefont")
    form = client.get(petition.url + "?src=gefont&utm_source=whatsapp&utm_campaign=imd<script>")
    html = form.content.decode()
    assert 'name="src" value="gefont"' in html
    assert 'name="utm_campaign" value="imdscript"' in html
    sign(src="gefont", utm_source="whatsapp")
    signature = Signature.objects.get()
    assert signature.source == "gefont" and signature.affiliate == affiliate
    assert signature.utm_source == "whatsapp"


def test_union_typed_by_name_is_matched_to_the_affiliate(client, petition, sign):
    from supporters.factories import AffiliateFactory

    affiliate = AffiliateFactory(name="Nepal Domestic Workers Union", acronym="NDWU")
    sign(union="ndwu")
    assert Signature.objects.get().affiliate == affiliate


def test_map_and_count_endpoints(client, petition):
    svg = client.get(petition.url + "map/")
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    count = client.get(petition.url + "count/")
    assert "max-age=2" in count["Cache-Control"]


def test_a_browser_with_csrf_checks_can_sign_and_confirm(
    petition, sign_data, django_capture_on_commit_callbacks
):
    """The real path: the petition page carries no token (it is shared by every
    visitor); the confirmation page, which is the signer's own, does."""
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver")
    html = browser.get(petition.url).content.decode()
    assert "csrfmiddlewaretoken" not in html
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(sign_url(petition), sign_data())
    assert response.status_code == 303
    page = browser.get(confirm_path(mail.outbox[0])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    confirmed = browser.post(confirm_path(mail.outbox[0]), {"csrfmiddlewaretoken": token})
    assert "Your signature is confirmed" in confirmed.content.decode()


def test_large_counts_are_grouped_for_reading(client, petition):
    from petitions.models import PetitionTally

    PetitionTally.objects.create(action_key=petition.action_key, confirmed=12345)
    html = client.get(petition.url).content.decode()
    assert 'data-count-total data-value="12345">12,345</strong>' in html
    assert 'data-count-goal data-value="25000">25,000</span>' in html


def test_forms_share_prepared_fields_yet_follow_each_petitions_choices(petition, campaign):
    from petitions.factories import PetitionPageFactory
    from petitions.forms import SignatureForm

    asking = PetitionPageFactory(
        parent=campaign, slug="asking", ask_phone=True, opt_in_notice="Keep me posted"
    )
    petition.ask_phone = False
    first, second = SignatureForm(petition=petition), SignatureForm({}, petition=petition)
    assert first.fields["email"] is second.fields["email"], "prepared once, not copied"
    assert "phone" not in first.fields
    other = SignatureForm(petition=asking)
    assert "phone" in other.fields and other.fields["opt_in"].label == "Keep me posted"
    with translation.override("fr"):
        french = SignatureForm(petition=petition)
    assert dict(french.fields["country"].choices)["DE"] == "Allemagne"
    assert dict(first.fields["country"].choices)["DE"] == "Germany"
    # The start time is stamped in each response (tests/home/test_pagecache.py).
    assert first["started"].value() == FORM_STARTED
