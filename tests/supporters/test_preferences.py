"""Email preferences: language, topics, and campaign email on or off, by private link."""

import pytest
from django.test import Client
from django.utils import translation

from supporters.forms import PreferencesForm
from supporters.models import ConsentRecord, Topic, TopicTranslation
from supporters.selectors import preferences_url
from supporters.services import supporter_suppress
from supporters.signals import supporter_unsubscribed

pytestmark = pytest.mark.django_db


def path_of(url):
    return url.removeprefix("http://testserver")


@pytest.fixture
def topics():
    """The four topics the data migration creates."""
    return {topic.slug: topic for topic in Topic.objects.all()}


def test_default_topics_exist(topics):
    assert list(Topic.objects.values_list("name", flat=True)) == [
        "Ratification drives",
        "Urgent actions",
        "Days of action",
        "Organising",
    ]


def test_the_page_shows_current_choices(client, subscriber, topics):
    subscriber.topics_muted.add(topics["organising"])
    response = client.get(path_of(preferences_url(subscriber.pk, language="en")))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Send me email about:" in html
    form = response.context["form"]
    assert set(form.initial["topics"]) == {
        topics[slug] for slug in ("ratification", "urgent-actions", "days-of-action")
    }
    assert form.initial["language"] == "fr"
    assert form.initial["email_consent"] is True
    assert "could not be delivered" not in html


def test_saving_mutes_unticked_topics_and_sets_the_language(client, subscriber, topics):
    url = path_of(preferences_url(subscriber.pk, language="en"))
    response = client.post(
        url,
        {
            "language": "es",
            "topics": [topics["urgent-actions"].pk, topics["days-of-action"].pk],
            "email_consent": "on",
        },
    )

    assert response.status_code == 303
    assert response["Location"] == f"{url}?saved=1"
    subscriber.refresh_from_db()
    assert subscriber.language == "es"
    assert set(subscriber.topics_muted.values_list("slug", flat=True)) == {
        "ratification",
        "organising",
    }
    assert subscriber.email_consent
    assert not ConsentRecord.objects.exists(), "nothing changed about consent"
    assert "Your choices are saved." in client.get(response["Location"]).content.decode()


def test_unticking_campaign_email_unsubscribes_and_ticking_it_records_consent_again(
    client, subscriber, topics, django_capture_on_commit_callbacks
):
    events = []

    def receiver(sender, **kwargs):
        events.append(kwargs["mailing_id"])

    supporter_unsubscribed.connect(receiver)
    try:
        url = path_of(preferences_url(subscriber.pk, mailing_id=8, language="es"))
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"language": "fr"})
    finally:
        supporter_unsubscribed.disconnect(receiver)

    subscriber.refresh_from_db()
    assert not subscriber.email_consent
    assert subscriber.topics_muted.count() == 4
    withdrawal = ConsentRecord.objects.get()
    assert (withdrawal.given, withdrawal.notice) == (
        False,
        "Unsubscribed on the email preferences page",
    )
    assert events == [8]

    client.post(url, {"language": "fr", "email_consent": "on"})
    subscriber.refresh_from_db()
    assert subscriber.email_consent
    consent = ConsentRecord.objects.filter(given=True).get()
    with translation.override("es"):
        shown = PreferencesForm.notice()
    assert consent.notice == shown


def test_suppressed_addresses_are_told_why_no_email_comes(client, subscriber):
    supporter_suppress(email=subscriber.email, reason="bounced")
    html = client.get(path_of(preferences_url(subscriber.pk, language="en"))).content.decode()
    assert "could not be delivered" in html


def test_malformed_choices_are_refused_field_by_field(client, subscriber):
    url = path_of(preferences_url(subscriber.pk, language="en"))
    response = client.post(url, {"language": "xx", "topics": ["abc", "999999"]})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"language", "topics"}
    subscriber.refresh_from_db()
    assert subscriber.language == "fr" and subscriber.email_consent


def test_saving_needs_the_csrf_token(subscriber):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path_of(preferences_url(subscriber.pk)), {"language": "en"})
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.email_consent


def test_a_broken_link_gets_a_friendly_400(client):
    response = client.get("/en/preferences/nonsense/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "name"),
    [("fr", "Actions urgentes"), ("ne", None), ("ur", None)],
)
def test_topics_are_named_in_the_pages_language(client, subscriber, topics, language, name):
    urgent = topics["urgent-actions"].translations.get(language=language)
    assert name is None or urgent.name == name
    html = client.get(path_of(preferences_url(subscriber.pk, language=language))).content.decode()
    assert f'lang="{language}" dir="auto">{urgent.name}<br>' in html
    assert "Urgent actions" not in html


def test_a_topic_not_yet_translated_shows_the_default_languages_text_marked_as_such(
    client, subscriber
):
    topic = Topic.objects.create(name="Care workers", slug="care", description="News for carers.")
    TopicTranslation.objects.create(topic=topic, language="fr", name="Travail du soin")
    french = client.get(path_of(preferences_url(subscriber.pk, language="fr"))).content.decode()
    assert 'lang="fr" dir="auto">Travail du soin</label>' in french
    urdu = client.get(path_of(preferences_url(subscriber.pk, language="ur"))).content.decode()
    assert 'lang="en" dir="auto">Care workers<br><span class="field__help">News for carers.' in urdu
