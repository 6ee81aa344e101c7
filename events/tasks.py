from home.queue import task

from . import emails, services
from .models import EventAction, EventRsvp


def _action(pk):
    return EventAction.objects.select_related("day", "affiliate").filter(pk=pk).first()


@task
def registered_send(action_id):
    action = _action(action_id)
    if action is None or action.status == EventAction.Status.CANCELLED:
        return False
    emails.registered_send(action)
    return True


@task
def manage_link_send(action_id):
    action = _action(action_id)
    if action is None:
        return False
    emails.manage_link_send(action)
    return True


@task
def decision_send(action_id):
    action = _action(action_id)
    if action is None or action.status not in (
        EventAction.Status.APPROVED,
        EventAction.Status.REJECTED,
    ):
        return False
    emails.decision_send(action)
    return True


@task
def action_record_supporter(action_id):
    action = _action(action_id)
    if action is not None:
        services.action_record_supporter(action=action)


@task
def figures_refresh(action_key):
    services.figures_refresh(action_key=action_key)


@task
def hourly_sweep():
    """Run by the hourly schedule (migration events 0002): figures recounted in
    case a change was missed, and replies erased once their event is a month past."""
    services.figures_refresh_all()
    return services.rsvps_erase()


def _rsvp(pk):
    return EventRsvp.objects.select_related("event", "event__day", "day").filter(pk=pk).first()


def _rsvp_email(name, pk, *statuses):
    rsvp = _rsvp(pk)
    if rsvp is None or rsvp.status not in statuses:
        return False
    emails.rsvp_send(rsvp, name)
    return True


@task
def rsvp_send(rsvp_id):
    """The reply's own email: going or waiting, with the link to cancel."""
    return _rsvp_email("rsvp", rsvp_id, EventRsvp.Status.GOING, EventRsvp.Status.WAITING)


@task
def rsvp_promoted_send(rsvp_id):
    return _rsvp_email("rsvp_promoted", rsvp_id, EventRsvp.Status.GOING)


@task
def rsvp_event_cancelled_send(rsvp_id):
    return _rsvp_email(
        "rsvp_event_cancelled", rsvp_id, EventRsvp.Status.GOING, EventRsvp.Status.WAITING
    )


@task
def rsvp_record_supporter(rsvp_id):
    rsvp = _rsvp(rsvp_id)
    if rsvp is not None:
        services.rsvp_record_supporter(rsvp=rsvp)


def _reminder_send(pk):
    rsvp = _rsvp(pk)
    if rsvp is not None:
        emails.rsvp_send(rsvp, "rsvp_reminder")


@task
def reminders_send():
    """Run by the schedule every ten minutes (migration events 0002)."""
    return services.reminders_send(send=_reminder_send)
