"""Moderators approve, reject and hide messages in the admin, in bulk; the dashboard counts."""

import pytest
from django.urls import reverse

from solidarity.factories import MessageFactory
from solidarity.models import Message

pytestmark = pytest.mark.django_db

Status = Message.Status
LIST = "wagtailsnippets_solidarity_message:list"


def bulk_url(action_type, messages):
    ids = "&".join(f"id={m.pk}" for m in messages)
    return f"/admin/bulk/solidarity/message/{action_type}/?{ids}&next=/admin/"


def test_the_queue_lists_pending_messages_with_their_photo(staff_client, wall):
    MessageFactory(wall=wall, text="Please publish me", status=Status.PENDING)
    MessageFactory(wall=wall, text="Already out")
    html = staff_client.get(reverse(LIST), {"status": "pending"}).content.decode()
    assert "Please publish me" in html and "Already out" not in html


def test_the_dashboard_counts_what_waits(staff_client, wall):
    MessageFactory.create_batch(2, wall=wall, status=Status.PENDING)
    assert "2 messages wait for a moderator." in staff_client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    ("action_type", "start", "end"),
    [
        ("approve_messages", Status.PENDING, Status.APPROVED),
        ("reject_messages", Status.PENDING, Status.REJECTED),
        ("hide_messages", Status.APPROVED, Status.HIDDEN),
        ("approve_messages", Status.HIDDEN, Status.APPROVED),
        # What a moderation action does not apply to is left as it is.
        ("hide_messages", Status.PENDING, Status.PENDING),
        ("reject_messages", Status.APPROVED, Status.APPROVED),
        ("approve_messages", Status.UNCONFIRMED, Status.UNCONFIRMED),
    ],
)
def test_bulk_moderation_moves_each_state_as_it_should(
    staff_client, wall, action_type, start, end, django_capture_on_commit_callbacks
):
    message = MessageFactory(wall=wall, status=start)
    assert staff_client.get(bulk_url(action_type, [message])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(bulk_url(action_type, [message]), {"reason": "Off topic"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == end
    if end == Status.REJECTED:
        assert message.rejection_reason == "Off topic"
    shown = "We stand with you" in staff_client.get(wall.url).content.decode()
    assert shown == (end == Status.APPROVED)


def test_people_without_the_permission_cannot_moderate(client, django_user_model, wall):
    message = MessageFactory(wall=wall, status=Status.PENDING)
    user = django_user_model.objects.create_user(email="x@example.org", password="a-long-pass-1")
    client.force_login(user)
    client.post(bulk_url("approve_messages", [message]))
    message.refresh_from_db()
    assert message.status == Status.PENDING


def test_moderators_get_a_daily_digest_when_messages_wait(staff_user, wall, django_user_model):
    from django.core import mail
    from django_q.models import Schedule

    from solidarity.tasks import digest_send

    assert Schedule.objects.get(func="solidarity.tasks.digest_send").schedule_type == "D"
    django_user_model.objects.create_user(email="nobody@example.org", password="a-long-pass-1")
    assert digest_send() == 0  # nothing waits: nobody is written to
    MessageFactory.create_batch(2, wall=wall, status=Status.PENDING)
    assert digest_send() == 1
    (email,) = mail.outbox
    assert email.to == [staff_user.email]
    assert email.subject == "2 solidarity messages wait for a moderator"
    assert "/admin/snippets/solidarity/message/?status=pending" in email.body
