from home.queue import task

from . import emails, services
from .models import EventAction


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
