"""Staff moderate the actions affiliates register: filters, bulk approve or reject, the count."""

import pytest
from django.core import mail
from django.urls import reverse

from events.factories import EventActionFactory
from events.models import EventAction

pytestmark = pytest.mark.django_db

Status = EventAction.Status
LIST = "wagtailsnippets_events_eventaction:list"


def bulk_url(action_type, actions):
    ids = "&".join(f"id={action.pk}" for action in actions)
    return f"/admin/bulk/events/eventaction/{action_type}/?{ids}&next=/admin/"


def test_staff_filter_the_queue_by_status(staff_client, day):
    EventActionFactory(day=day, title="Waiting rally", status=Status.PENDING)
    EventActionFactory(day=day, title="Published march")
    html = staff_client.get(reverse(LIST), {"status": "pending"}).content.decode()
    assert "Waiting rally" in html
    assert "Published march" not in html


def test_the_dashboard_counts_what_waits(staff_client, day):
    EventActionFactory.create_batch(3, day=day, status=Status.PENDING)
    html = staff_client.get("/admin/").content.decode()
    assert "3 actions wait for approval." in html


def test_bulk_approve_publishes_and_tells_each_organiser_in_their_language(
    staff_client, day, django_capture_on_commit_callbacks
):
    english = EventActionFactory(day=day, status=Status.PENDING, title="Rally")
    french = EventActionFactory(day=day, status=Status.PENDING, title="Marche", language="fr")
    already = EventActionFactory(day=day, status=Status.REJECTED, title="Old")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(bulk_url("approve", [english, french, already]))
    assert response.status_code == 302
    statuses = dict(EventAction.objects.values_list("title", "status"))
    assert statuses == {"Rally": "approved", "Marche": "approved", "Old": "rejected"}
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted([english.organiser_email, french.organiser_email])
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[english.organiser_email] == "Your action is published: Rally"
    assert subjects[french.organiser_email] == "Votre action est publiée : Marche"
    html = staff_client.get(day.url).content.decode()
    assert "Rally" in html
    assert "Marche" in html


def test_bulk_reject_sends_the_reason(staff_client, day, django_capture_on_commit_callbacks):
    action = EventActionFactory(day=day, status=Status.PENDING, title="Spam rally")
    confirm = staff_client.get(bulk_url("reject", [action]))
    assert confirm.status_code == 200
    assert 'name="reason"' in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(bulk_url("reject", [action]), {"reason": "No place or date given."})
    action.refresh_from_db()
    assert action.status == Status.REJECTED
    assert action.rejection_reason == "No place or date given."
    assert len(mail.outbox) == 1
    assert "No place or date given." in mail.outbox[0].body
    assert "Spam rally" not in staff_client.get(day.url).content.decode()


def test_organisers_addresses_are_masked_for_staff_without_the_data_role(
    staff_client, day, client, data_user
):
    action = EventActionFactory(day=day, organiser_email="ram.bahadur@example.org")
    html = staff_client.get(reverse(LIST)).content.decode()
    assert "r***@example.org" in html
    assert "ram.bahadur@example.org" not in html
    edit = staff_client.get(reverse("wagtailsnippets_events_eventaction:edit", args=[action.pk]))
    assert "ram.bahadur@example.org" not in edit.content.decode()
    client.force_login(data_user)
    assert "ram.bahadur@example.org" in client.get(reverse(LIST)).content.decode()
    edit = client.get(reverse("wagtailsnippets_events_eventaction:edit", args=[action.pk]))
    assert "ram.bahadur@example.org" in edit.content.decode()


def test_staff_without_the_data_role_edit_an_action_without_losing_its_address(staff_client, day):
    action = EventActionFactory(day=day, organiser_email="ram@example.org", title="Old title")
    edit_url = reverse("wagtailsnippets_events_eventaction:edit", args=[action.pk])
    form = staff_client.get(edit_url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    data["title"] = "New title"
    data["starts_at"] = action.starts_at.strftime("%Y-%m-%d %H:%M")
    data["ends_at"] = action.ends_at.strftime("%Y-%m-%d %H:%M")
    response = staff_client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    action.refresh_from_db()
    assert (action.title, action.organiser_email) == ("New title", "ram@example.org")
