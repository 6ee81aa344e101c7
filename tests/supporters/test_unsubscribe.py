"""Unsubscribing: links that never expire, a GET that changes nothing, a POST that
works at once (including RFC 8058 one-click), and the history kept."""

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from supporters.factories import SupporterFactory
from supporters.models import ConsentRecord, Supporter
from supporters.selectors import email_masked, preferences_url, unsubscribe_url
from supporters.services import supporter_suppress, supporter_unsubscribe
from supporters.signals import supporter_unsubscribed
from supporters.tokens import UNSUBSCRIBE_SALT, unsubscribe_token, unsubscribe_token_read

pytestmark = pytest.mark.django_db


def path_of(url):
    return url.removeprefix("http://testserver")


@pytest.fixture
def unsubscribed_events():
    events = []

    def receiver(sender, **kwargs):
        events.append((sender, kwargs["supporter_id"], kwargs["mailing_id"]))

    supporter_unsubscribed.connect(receiver)
    yield events
    supporter_unsubscribed.disconnect(receiver)


def test_tokens_carry_the_supporter_and_the_mailing():
    assert unsubscribe_token_read(unsubscribe_token(12, 34)) == (12, 34)
    assert unsubscribe_token_read(unsubscribe_token(12)) == (12, None)
    for forged in (
        "nonsense",
        unsubscribe_token(12)[:-1] + "x",
        signing.Signer(salt="another.salt").sign("12.0"),
        signing.Signer(salt=UNSUBSCRIBE_SALT).sign("twelve.0"),
    ):
        with pytest.raises(signing.BadSignature):
            unsubscribe_token_read(forged)


def test_link_builders_are_absolute_localised_and_read_no_table(django_assert_num_queries):
    with django_assert_num_queries(0):
        unsubscribe = unsubscribe_url(5, mailing_id=9, language="fr")
        preferences = preferences_url(5, mailing_id=9, language="ar")
        default = unsubscribe_url(5)
        unknown_language = unsubscribe_url(5, language="xx")
    token = unsubscribe_token(5, 9)
    assert unsubscribe == f"http://testserver/fr/unsubscribe/{token}/"
    assert preferences == f"http://testserver/ar/preferences/{token}/"
    assert default.startswith("http://testserver/en/unsubscribe/")
    assert unknown_language.startswith("http://testserver/en/unsubscribe/")


def test_email_masked():
    assert email_masked("maria.santos@example.org") == "m***@example.org"
    assert email_masked("not-an-address") == "***"


def test_opening_the_link_asks_and_changes_nothing(client, subscriber):
    response = client.get(path_of(unsubscribe_url(subscriber.pk, language="en")))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Unsubscribe m***@example.org from campaign email?" in html
    assert 'method="post"' in html
    assert "maria.santos@example.org" not in html
    subscriber.refresh_from_db()
    assert subscriber.email_consent
    assert not ConsentRecord.objects.exists()


def test_pressing_the_button_unsubscribes_records_it_and_tells_mailings(
    client, subscriber, unsubscribed_events, django_capture_on_commit_callbacks
):
    url = path_of(unsubscribe_url(subscriber.pk, mailing_id=77, language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are unsubscribed" in html
    assert path_of(preferences_url(subscriber.pk, mailing_id=77, language="en")) in html
    subscriber.refresh_from_db()
    assert not subscriber.email_consent
    record = ConsentRecord.objects.get(supporter=subscriber)
    assert not record.given
    assert record.notice == "Unsubscribed with the link in an email"
    assert unsubscribed_events == [(Supporter, subscriber.pk, 77)]

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url)
    assert again.status_code == 200
    assert ConsentRecord.objects.count() == 1, "a repeat records nothing"
    assert len(unsubscribed_events) == 1, "nor is it counted twice"


def test_one_click_from_the_mail_provider_needs_no_cookie_or_csrf_token(
    subscriber, unsubscribed_events, django_capture_on_commit_callbacks
):
    provider = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = provider.post(
            path_of(unsubscribe_url(subscriber.pk, mailing_id=3)),
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert not subscriber.email_consent
    assert ConsentRecord.objects.get(supporter=subscriber).notice == (
        "Unsubscribed with their email program's unsubscribe button"
    )
    assert unsubscribed_events == [(Supporter, subscriber.pk, 3)]


@pytest.mark.parametrize(
    "token",
    ["nonsense", "5.0:abc", "%00", signing.Signer(salt="x").sign("5.0"), "a" * 500],
)
def test_a_broken_link_gets_a_friendly_400(client, subscriber, token):
    for method in (client.get, client.post):
        response = method(f"/en/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.email_consent


def test_a_tampered_link_cannot_unsubscribe_someone_else(client, subscriber):
    other = SupporterFactory(email_consent=True)
    token = unsubscribe_token(subscriber.pk).replace(f"{subscriber.pk}.", f"{other.pk}.", 1)
    assert client.post(f"/en/unsubscribe/{token}/").status_code == 400
    other.refresh_from_db()
    assert other.email_consent


def test_a_link_for_an_erased_supporter_says_so(client):
    response = client.post(path_of(unsubscribe_url(987654)))
    assert response.status_code == 200
    assert "We no longer hold this address" in response.content.decode()


def test_other_methods_are_refused(client, subscriber):
    assert client.put(path_of(unsubscribe_url(subscriber.pk))).status_code == 405


def test_unsubscribing_from_a_service_is_idempotent(subscriber):
    assert supporter_unsubscribe(supporter=subscriber, how="staff") is True
    assert supporter_unsubscribe(supporter=subscriber, how="staff") is False
    assert list(ConsentRecord.objects.values_list("given", "notice")) == [
        (False, "Unsubscribed by staff")
    ]


def test_suppressing_keeps_the_first_reason_and_leaves_unknown_addresses_alone(subscriber):
    first = timezone.now()
    supporter = supporter_suppress(email="Maria.Santos@EXAMPLE.org ", reason="bounced", at=first)
    assert supporter == subscriber
    again = supporter_suppress(email="maria.santos@example.org", reason="complained")
    assert (again.suppressed_at, again.suppressed_reason) == (first, "bounced")
    assert supporter_suppress(email="nobody@example.org", reason="bounced") is None
    with pytest.raises(ValueError):
        supporter_suppress(email="maria.santos@example.org", reason="angry")


def test_mailable_means_agreed_and_not_suppressed(subscriber):
    SupporterFactory(email_consent=False)
    SupporterFactory(email="bounced@example.org", email_consent=True)
    supporter_suppress(email="bounced@example.org", reason=Supporter.Suppression.BOUNCED)
    assert list(Supporter.objects.mailable()) == [subscriber]
