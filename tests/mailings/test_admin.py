from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.test.utils.form_data import rich_text

from mailings.factories import AudienceFactory, MailingFactory, MailingVersionFactory
from mailings.models import Audience, Delivery, Mailing
from supporters.factories import SupporterFactory
from tests.utils import inline_formset

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"mailings_mailing:{name}", args=args)


def audience_url(name, *args):
    return reverse(f"mailings_audience:{name}", args=args)


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_messages(client, response):
    page = client.get(response["Location"])
    return page, page.content.decode()


# Audiences -------------------------------------------------------------------------


def test_staff_create_an_audience_and_see_its_size(staff_client, people):
    Tag.objects.create(name="speaker", slug="speaker")
    people[0].tags.add("speaker")
    people[5].tags.add("speaker")  # French
    response = staff_client.get(audience_url("add"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "js/audience-size.js" in page
    assert audience_url("size") in page

    response = staff_client.post(
        audience_url("add"),
        {
            "name": "French speakers",
            "description": "",
            "languages": ["fr"],
            "tags": [Tag.objects.get(name="speaker").pk],
            "joined_from": "",
            "joined_to": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    audience = Audience.objects.get(name="French speakers")
    assert audience.languages == ["fr"]
    assert list(audience.tags.values_list("name", flat=True)) == ["speaker"]

    listing = staff_client.get(audience_url("list")).content.decode()
    assert "French speakers" in listing
    edit = staff_client.get(audience_url("edit", audience.pk)).content.decode()
    assert "data-audience-size-count>1</strong> person who agreed" in edit


def test_audience_dates_in_the_wrong_order_are_refused(staff_client):
    response = staff_client.post(
        audience_url("add"),
        {"name": "Backwards", "joined_from": "2026-02-01", "joined_to": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "This date is before the first one." in response.content.decode()
    assert not Audience.objects.filter(name="Backwards").exists()


def test_size_endpoint_counts_only_mailable_supporters(staff_client, people):
    response = staff_client.get(audience_url("size"))
    assert response.status_code == 200
    assert response.json() == {"size": 7}  # not the one without consent, nor the bounced
    response = staff_client.get(audience_url("size"), {"languages": ["fr", "es"]})
    assert response.json() == {"size": 2}
    for person in people[:3]:
        person.country = "QA"
        person.save()
    response = staff_client.get(audience_url("size"), {"countries": ["QA", "KW"]})
    assert response.json() == {"size": 3}


def test_size_endpoint_counts_who_acted_on_a_campaign(staff_client, people, campaign):
    from supporters.models import Activity

    Activity.objects.create(
        supporter=people[1],
        page=campaign,
        kind=Activity.Kind.PETITION_SIGNATURE,
        occurred_at=timezone.now(),
    )
    response = staff_client.get(audience_url("size"), {"pages": campaign.pk})
    assert response.json() == {"size": 1}

    form = staff_client.get(audience_url("add")).content.decode()
    assert ">End kafala now<" in form, "one choice for the page in all its languages"
    response = staff_client.post(
        audience_url("add"), {"name": "Kafala signers", "pages": [campaign.pk]}
    )
    assert response.status_code == 302
    audience = Audience.objects.get(name="Kafala signers")
    assert list(audience.pages.all()) == [campaign.page_ptr]
    edit = staff_client.get(audience_url("edit", audience.pk)).content.decode()
    assert "data-audience-size-count>1</strong> person who agreed" in edit


@pytest.mark.parametrize(
    "query",
    [
        {"languages": "xx"},
        {"pages": "999999"},
        {"pages": "not-a-number"},
        {"joined_from": "yesterday"},
        {"joined_from": "2026-02-01", "joined_to": "2026-01-01"},
        {"countries": "ZZ"},
        {"tags": "-1"},
    ],
)
def test_size_endpoint_rejects_bad_input_with_400(staff_client, query):
    response = staff_client.get(audience_url("size"), query)
    assert response.status_code == 400
    assert "errors" in response.json()


def test_size_endpoint_is_for_staff_only(client, people):
    response = client.get(audience_url("size"))
    assert response.status_code == 302
    assert "size" not in response.content.decode()


# Composing -------------------------------------------------------------------------


def mailing_data(audience, versions, **overrides):
    data = {
        "name": "IMD 2026 call-out",
        "audience": str(audience.pk),
        "topic": "",
        "campaign": "",
        "from_name": "ITUC Migrant Workers",
        "reply_to": "",
        **inline_formset("versions", versions),
    }
    data.update(overrides)
    return data


def version(language, subject, *, fallback=False, body="<p>Dear {first_name},</p>"):
    data = {
        "language": language,
        "subject": subject,
        "preview_text": "",
        "body": rich_text(body),
    }
    if fallback:
        data["fallback"] = "on"
    return data


def test_staff_create_a_mailing_with_two_versions(staff_client, staff_user):
    audience = AudienceFactory()
    response = staff_client.post(
        url("add"),
        mailing_data(
            audience,
            [
                version("en", "{first_name}, march with us", fallback=True),
                version("fr", "{first_name}, marchez avec nous"),
            ],
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    mailing = Mailing.objects.get(name="IMD 2026 call-out")
    assert response["Location"] == url("status", mailing.pk)
    assert mailing.created_by == staff_user
    assert mailing.status == Mailing.Status.DRAFT
    assert sorted(mailing.versions.values_list("language", flat=True)) == ["en", "fr"]
    assert "{first_name}" in mailing.versions.get(language="en").body


@pytest.mark.parametrize(
    ("versions", "overrides", "message"),
    [
        ([version("en", "Hello {foo}", fallback=True)], {}, "Unknown merge field {foo}"),
        (
            [version("en", "Hello", fallback=True, body="<p>Hi {fist_name}</p>")],
            {},
            "Unknown merge field {fist_name}",
        ),
        (
            [version("en", "Hello\r\nBcc: victim@example.org", fallback=True)],
            {},
            "Line breaks are not allowed here.",
        ),
        (
            [version("en", "Hello", fallback=True)],
            {"from_name": "Us\nBcc: victim@example.org"},
            "Line breaks are not allowed here.",
        ),
        (
            [version("en", "Hello", fallback=True), version("fr", "Bonjour", fallback=True)],
            {},
            "Only one version can be the fallback.",
        ),
        (
            [version("en", "Hello", fallback=True), version("en", "Hi again")],
            {},
            "same language",
        ),
    ],
)
def test_the_mailing_form_rejects_what_cannot_be_sent(staff_client, versions, overrides, message):
    audience = AudienceFactory()
    response = staff_client.post(url("add"), mailing_data(audience, versions, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Mailing.objects.exists()


def test_the_status_page_lists_the_problems_before_sending(staff_client):
    mailing = MailingFactory()  # no versions, and an audience that reaches nobody
    page = staff_client.get(url("status", mailing.pk)).content.decode()
    assert "This mailing cannot be sent yet" in page
    assert "Write at least one version." in page
    assert "The audience reaches nobody who agreed to campaign email." in page
    assert url("send", mailing.pk) not in page


def test_editing_a_mailing_that_is_not_a_draft_redirects(staff_client, mailing):
    assert staff_client.get(url("edit", mailing.pk)).status_code == 200
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SCHEDULED)
    response = staff_client.get(url("edit", mailing.pk))
    assert response.status_code == 302
    assert response["Location"] == url("status", mailing.pk)
    response = staff_client.post(url("edit", mailing.pk), {"name": "Changed"})
    assert response["Location"] == url("status", mailing.pk)
    mailing.refresh_from_db()
    assert mailing.name != "Changed"
    _page, content = follow_messages(staff_client, response)
    assert "can no longer be edited" in content

    listing = staff_client.get(url("list")).content.decode()
    assert url("status", mailing.pk) in listing
    assert url("delete", mailing.pk) not in listing
    response = staff_client.post(url("delete", mailing.pk))
    assert response["Location"] == url("status", mailing.pk)
    assert Mailing.objects.filter(pk=mailing.pk).exists()


def test_a_draft_can_be_deleted(staff_client, mailing):
    assert staff_client.get(url("delete", mailing.pk)).status_code == 200
    staff_client.post(url("delete", mailing.pk))
    assert not Mailing.objects.filter(pk=mailing.pk).exists()


# Sending ---------------------------------------------------------------------------


def test_send_now_confirms_then_sends(
    staff_client, people, mailing, django_capture_on_commit_callbacks
):
    status = staff_client.get(url("status", mailing.pk)).content.decode()
    assert "Everything is ready to send." in status
    assert url("send", mailing.pk) in status

    confirm = staff_client.get(url("send", mailing.pk))
    page = confirm.content.decode()
    assert "<strong>7</strong> people" in page
    assert "18 December is International Migrants Day" in page
    assert "Journée des migrants" in page
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT  # nothing happens on GET

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("send", mailing.pk))
    assert response["Location"] == url("status", mailing.pk)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.deliveries.filter(status=Delivery.Status.SENT).count() == 7
    assert len(mail.outbox) == 2  # one batch message per language

    report = staff_client.get(url("status", mailing.pk))
    page = report.content.decode()
    assert "Final report" in page
    assert report.context["progress"]["sent"] == 7
    assert report.context["progress"]["percent"] == 100
    assert 'data-count="sent">7<' in page
    assert "mailing-progress.js" not in page  # nothing to poll any more

    progress = staff_client.get(url("progress", mailing.pk)).json()
    assert progress["status"] == "sent"
    assert progress["sent"] == 7 and progress["total"] == 7


def test_sending_page_polls_and_offers_refresh(staff_client, people, mailing):
    Mailing.objects.filter(pk=mailing.pk).update(
        status=Mailing.Status.SENDING, started_at=timezone.now()
    )
    Delivery.objects.create(mailing=mailing, supporter=people[0], status=Delivery.Status.SENT)
    Delivery.objects.create(mailing=mailing, supporter=people[1])
    page = staff_client.get(url("status", mailing.pk)).content.decode()
    assert "js/mailing-progress.js" in page
    assert "Refresh" in page
    assert url("progress", mailing.pk) in page
    progress = staff_client.get(url("progress", mailing.pk)).json()
    assert progress["queued"] == 1 and progress["sent"] == 1 and progress["percent"] == 50


def test_send_now_refuses_a_mailing_with_problems(staff_client, mailing):
    # The audience reaches nobody: there are no supporters at all.
    response = staff_client.post(url("send", mailing.pk))
    assert response["Location"] == url("status", mailing.pk)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    _page, content = follow_messages(staff_client, response)
    assert "The audience reaches nobody" in content


def test_schedule_in_the_future_and_unschedule(staff_client, people, mailing):
    at = timezone.now() + timedelta(days=2)
    response = staff_client.post(url("schedule", mailing.pk), {"at": at.strftime("%Y-%m-%d %H:%M")})
    assert response.status_code == 302
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SCHEDULED
    assert mailing.scheduled_at.date() == at.date()
    page = staff_client.get(url("status", mailing.pk)).content.decode()
    assert url("unschedule", mailing.pk) in page
    assert url("cancel", mailing.pk) in page

    staff_client.post(url("unschedule", mailing.pk))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    assert mailing.scheduled_at is None


@pytest.mark.parametrize("at", ["2020-01-01 10:00", "", "not a date"])
def test_schedule_in_the_past_is_rejected(staff_client, people, mailing, at):
    response = staff_client.post(url("schedule", mailing.pk), {"at": at})
    assert response.status_code == 400
    if at.startswith("2020"):
        assert "Choose a time in the future." in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT


def test_pause_resume_and_cancel(staff_client, people, mailing, django_capture_on_commit_callbacks):
    Mailing.objects.filter(pk=mailing.pk).update(
        status=Mailing.Status.SENDING, started_at=timezone.now(), fanned_out_at=timezone.now()
    )
    for person in people:
        Delivery.objects.create(mailing=mailing, supporter=person)
    page = staff_client.get(url("status", mailing.pk)).content.decode()
    assert url("pause", mailing.pk) in page

    assert staff_client.get(url("pause", mailing.pk)).status_code == 405  # POST only
    staff_client.post(url("pause", mailing.pk))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PAUSED
    page = staff_client.get(url("status", mailing.pk)).content.decode()
    assert url("resume", mailing.pk) in page
    assert "mailing-progress.js" not in page

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url("resume", mailing.pk))
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT  # the sync queue sent the rest
    assert len(mail.outbox) == 2

    other = MailingFactory()
    MailingVersionFactory(mailing=other)
    Mailing.objects.filter(pk=other.pk).update(status=Mailing.Status.PAUSED)
    Delivery.objects.create(mailing=other, supporter=people[0])
    confirm = staff_client.get(url("cancel", other.pk))
    assert "Yes, cancel it" in confirm.content.decode()
    other.refresh_from_db()
    assert other.status == Mailing.Status.PAUSED
    staff_client.post(url("cancel", other.pk))
    other.refresh_from_db()
    assert other.status == Mailing.Status.CANCELLED
    assert set(other.deliveries.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}


def test_an_impossible_action_says_so(staff_client, mailing):
    response = staff_client.post(url("resume", mailing.pk))
    _page, content = follow_messages(staff_client, response)
    assert "not possible in the mailing" in content
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT


# Preview and test copies -----------------------------------------------------------


def test_preview_renders_name_and_unsubscribe_link(staff_client, mailing):
    response = staff_client.get(url("preview", mailing.pk))
    assert response.status_code == 200
    assert response.context["subject"].startswith("Maria, 18 December")
    assert "Maria" in response.context["html"]
    assert "/unsubscribe/" in response.context["html"]
    page = response.content.decode()
    assert "sandbox srcdoc=" in page
    assert "<script" not in response.context["html"].lower()

    response = staff_client.get(url("preview", mailing.pk), {"language": "fr"})
    assert "Journée des migrants" in response.context["subject"]
    assert "Cher·e Maria" in response.context["html"]


def test_communications_staff_preview_without_looking_anyone_up(staff_client, mailing):
    SupporterFactory(first_name="Leila", email="leila@example.org", email_consent=True)
    response = staff_client.get(
        url("preview", mailing.pk), {"language": "en", "supporter": "leila@example.org"}
    )
    assert response.context["supporter"] is None
    assert "Leila" not in response.context["subject"]


def test_preview_as_a_supporter(data_client, mailing):
    staff_client = data_client
    person = SupporterFactory(first_name="Leila", email="leila@example.org", email_consent=True)
    response = staff_client.get(
        url("preview", mailing.pk), {"language": "en", "supporter": "Leila@Example.org"}
    )
    assert response.context["subject"].startswith("Leila,")
    response = staff_client.get(
        url("preview", mailing.pk), {"language": "en", "supporter": str(person.pk)}
    )
    assert response.context["supporter"] == person
    response = staff_client.get(
        url("preview", mailing.pk), {"language": "en", "supporter": "nobody@example.org"}
    )
    assert "No supporter has that id or email." in response.content.decode()
    assert response.context["subject"].startswith("Maria,")


def test_a_test_copy_is_queued_to_the_staff_members_own_address(
    staff_client, staff_user, mailing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(url("test", mailing.pk), {"language": "fr"})
    assert len(mail.outbox) == 0  # not inside the request
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_user.email]
    assert message.subject.startswith("[TEST]")
    assert "Journée des migrants" in message.subject
    _page, content = follow_messages(staff_client, response)
    assert f"A test copy is on its way to {staff_user.email}" in content


def test_a_test_copy_needs_a_language_of_the_mailing(staff_client, mailing):
    staff_client.post(url("test", mailing.pk), {"language": "ar"})
    assert len(mail.outbox) == 0


# Permissions -----------------------------------------------------------------------


@pytest.fixture
def outsider_client(client, django_user_model):
    user = django_user_model.objects.create_user(email="intern@example.org", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(user)
    return client


def test_without_permission_nothing_is_shown_or_done(outsider_client, people, mailing):
    for name in ("status", "send", "preview", "progress", "cancel"):
        response = outsider_client.get(url(name, mailing.pk))
        assert response.status_code in (302, 403), name
    for name in ("send", "pause", "test", "cancel"):
        response = outsider_client.post(url(name, mailing.pk))
        assert response.status_code in (302, 403), name
    assert outsider_client.get(url("list")).status_code in (302, 403)
    assert outsider_client.get(audience_url("size")).status_code in (302, 403)
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.DRAFT
    assert len(mail.outbox) == 0


def test_staff_see_the_mailings_menu(staff_client, mailing):
    page = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("list") in page
    listing = staff_client.get(url("list")).content.decode()
    assert mailing.name in listing


def test_superuser_can_open_every_page(superuser_client, people, mailing):
    for name in ("status", "send", "preview", "edit", "schedule", "cancel"):
        assert superuser_client.get(url(name, mailing.pk)).status_code == 200, name
    assert superuser_client.get(url("add")).status_code == 200
    assert superuser_client.get(audience_url("add")).status_code == 200
