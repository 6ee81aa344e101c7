"""django-q2 tasks for supporters: thin, idempotent, and given primary keys."""

from home.queue import task

from . import emails
from .models import Supporter


@task
def data_access_send(supporter_id, language=""):
    """Email the link to see or erase their data; nothing if they were erased meanwhile."""
    supporter = Supporter.objects.filter(pk=supporter_id).first()
    if supporter is None:
        return False
    emails.data_access_send(supporter, language=language)
    return True
