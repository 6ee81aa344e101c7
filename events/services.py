"""What happens to event actions: registered, confirmed, approved, edited, cancelled."""

from django.db import transaction
from django.utils import timezone

from supporters.models import Activity
from supporters.services import supporter_record_action

from . import tasks
from .models import EventAction

Status = EventAction.Status


def action_register(*, form, day, language):
    """Store an action from a valid EventActionForm; the organiser confirms it by email.

    A second registration of the same action (same organiser, day, title and
    start: a double click, a retry) returns the first and sends its link again.
    """
    data = form.cleaned_data
    existing = (
        EventAction.objects.for_action(day)
        .filter(
            organiser_email__iexact=data["organiser_email"],
            title__iexact=data["title"],
            starts_at=data["starts_at"],
        )
        .exclude(status=Status.CANCELLED)
        .first()
    )
    if existing is not None:
        tasks.registered_send.enqueue_on_commit(existing.pk)
        return existing, False
    action = form.save(commit=False)
    action.day = day
    action.language = language
    action.affiliate = form.affiliate()
    action.status = Status.UNCONFIRMED
    with transaction.atomic():
        action.save()
        tasks.registered_send.enqueue_on_commit(action.pk)
    return action, True


def action_confirm(*, action):
    """The organiser confirmed their address: a trusted affiliate's action is
    published, any other waits for staff. Returns True the first time."""
    now = timezone.now()
    trusted = action.affiliate is not None and action.affiliate.trusted
    status = Status.APPROVED if trusted else Status.PENDING
    with transaction.atomic():
        updated = EventAction.objects.filter(pk=action.pk, status=Status.UNCONFIRMED).update(
            status=status, confirmed_at=now, decided_at=now if trusted else None
        )
        if not updated:
            return False
        action.status, action.confirmed_at = status, now
        tasks.action_record_supporter.enqueue_on_commit(action.pk)
    return True


def action_record_supporter(*, action):
    if action.confirmed_at is None:
        return None
    return supporter_record_action(
        email=action.organiser_email,
        kind=Activity.Kind.EVENT_REGISTRATION,
        page=action.day,
        first_name=action.organiser_name,
        country=action.country.code,
        language=action.language,
        affiliate=action.affiliate,
        occurred_at=action.confirmed_at,
    )


def action_decide(*, actions, approve, reason=""):
    """Approve or reject actions waiting for staff; each organiser is told. Returns how many."""
    now = timezone.now()
    status = Status.APPROVED if approve else Status.REJECTED
    ids = list(actions.filter(status=Status.PENDING).values_list("pk", flat=True))
    with transaction.atomic():
        EventAction.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=status, decided_at=now, rejection_reason="" if approve else reason
        )
        for pk in ids:
            tasks.decision_send.enqueue_on_commit(pk)
    return len(ids)


def action_edit(*, form):
    """Save the organiser's changes; an edited action that had been rejected waits again."""
    action = form.save(commit=False)
    if action.status == Status.REJECTED:
        action.status = Status.PENDING
    action.save()
    return action


def action_cancel(*, action):
    EventAction.objects.filter(pk=action.pk).update(status=Status.CANCELLED)
    action.status = Status.CANCELLED


def manage_link_resend(*, day, email):
    """Send each of this address's actions on this day a new manage link; older
    links stop working. Returns how many were sent (never said to the visitor)."""
    actions = list(
        EventAction.objects.for_action(day)
        .filter(organiser_email__iexact=email.strip())
        .exclude(status=Status.CANCELLED)
    )
    with transaction.atomic():
        for action in actions:
            EventAction.objects.filter(pk=action.pk).update(
                manage_version=action.manage_version + 1
            )
            tasks.manage_link_send.enqueue_on_commit(action.pk)
    return len(actions)
