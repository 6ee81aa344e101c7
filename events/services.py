"""What happens to event actions: registered, confirmed, approved, edited,
cancelled and reported on; and to the RSVPs supporters send them."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext

from home.images import uploaded_image_store
from home.memory import pages_generation_bump
from home.queue import claimed_each
from home.tasks import upload_renditions_make
from supporters.models import Activity
from supporters.services import supporter_record_action

from . import tasks
from .models import DayFigures, EventAction, EventReportPhoto, EventRsvp

Status = EventAction.Status
RsvpStatus = EventRsvp.Status
# Those who said they would come are reminded this long before the start:
# the day before, at the event's own local time.
REMINDER_BEFORE = timedelta(hours=24)
REMINDER_CLAIM_TIMEOUT = timedelta(minutes=5)
REPORT_COLLECTION = "Event reports"
# Replies (names and emails) are erased this long after their event ended.
RSVP_RETENTION = timedelta(days=30)


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
    # Anyone can type a trusted union's name: only its own addresses skip moderation.
    trusted = action.affiliate is not None and action.affiliate.speaks_for_trusted(
        action.organiser_email
    )
    status = Status.APPROVED if trusted else Status.PENDING
    with transaction.atomic():
        updated = EventAction.objects.filter(pk=action.pk, status=Status.UNCONFIRMED).update(
            status=status, confirmed_at=now, decided_at=now if trusted else None
        )
        if not updated:
            return False
        action.status, action.confirmed_at = status, now
        tasks.action_record_supporter.enqueue_on_commit(action.pk)
        tasks.figures_refresh.enqueue_on_commit(str(action.action_key))
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
        for key in set(EventAction.objects.filter(pk__in=ids).values_list("action_key", flat=True)):
            tasks.figures_refresh.enqueue_on_commit(str(key))
    return len(ids)


def action_edit(*, form):
    """Save the organiser's changes; an edited action that had been rejected waits again."""
    action = form.save(commit=False)
    if action.status == Status.REJECTED:
        action.status = Status.PENDING
    with transaction.atomic():
        # Locked, so that an RSVP arriving meanwhile counts against the new capacity.
        EventAction.objects.select_for_update().filter(pk=action.pk).first()
        action.save()  # its figures are recounted (events/signals.py)
        _promote(action)
    return action


def action_cancel(*, action):
    """Cancel the action; everyone who replied to it is told."""
    with transaction.atomic():
        updated = (
            EventAction.objects.filter(pk=action.pk)
            .exclude(status=Status.CANCELLED)
            .update(status=Status.CANCELLED)
        )
        action.status = Status.CANCELLED
        if updated:
            for pk in action.rsvps.exclude(status=RsvpStatus.CANCELLED).values_list(
                "pk", flat=True
            ):
                tasks.rsvp_event_cancelled_send.enqueue_on_commit(pk)
            tasks.figures_refresh.enqueue_on_commit(str(action.action_key))


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


# Figures ------------------------------------------------------------------------


def figures_refresh(*, action_key):
    """Count a day of action's published actions, countries and expected
    participants into its one row of figures, which every view reads."""
    actions = EventAction.objects.for_action(action_key).public()
    by_country = dict(actions.values_list("country").annotate(n=Count("pk")).order_by("country"))
    participants = actions.aggregate(n=Sum("expected_participants"))["n"] or 0
    dates = actions.order_by("local_day").values_list("local_day", flat=True).distinct()
    DayFigures.objects.update_or_create(
        action_key=action_key,
        defaults={
            "actions": sum(by_country.values()),
            "countries": len(by_country),
            "participants": participants,
            "by_country": by_country,
            "dates": [day.isoformat() for day in dates if day],
            "updated_at": timezone.now(),
        },
    )
    # What is published changed (an approval, a cancellation, a report): pages kept
    # by the page cache are drawn again rather than show it up to PAGE_CACHE_SECONDS late.
    pages_generation_bump()


def figures_refresh_all():
    keys = set(EventAction.objects.order_by().values_list("action_key", flat=True).distinct())
    for key in keys:
        figures_refresh(action_key=key)
    return len(keys)


# RSVPs --------------------------------------------------------------------------


class RsvpClosed(Exception):
    """The action no longer takes RSVPs (cancelled, unpublished or closed to them)."""


def rsvp_create(*, action, name, email, language, consent_notice=""):
    """Give the person a place, or a place on the waiting list when the action is full.

    Returns (rsvp, created). Replying twice returns the first reply and sends its
    email again. The action's row is locked while places are counted, so two
    people replying at the same instant for the last place never both get it.
    """
    email = email.strip().lower()
    with transaction.atomic():
        locked = (
            EventAction.objects.select_for_update()
            .filter(pk=action.pk, status=Status.APPROVED, rsvp_open=True)
            .first()
        )
        if locked is None:
            raise RsvpClosed
        existing = (
            EventRsvp.objects.filter(event=locked, email=email)
            .exclude(status=RsvpStatus.CANCELLED)
            .first()
        )
        if existing is not None:
            tasks.rsvp_send.enqueue_on_commit(existing.pk)
            return existing, False
        going = locked.rsvps.going().count()
        full = locked.capacity is not None and going >= locked.capacity
        rsvp = EventRsvp.objects.create(
            event=locked,
            day_id=locked.day_id,
            action_key=locked.action_key,
            name=name,
            email=email,
            language=language,
            status=RsvpStatus.WAITING if full else RsvpStatus.GOING,
        )
        tasks.rsvp_send.enqueue_on_commit(rsvp.pk)
        tasks.rsvp_record_supporter.enqueue_on_commit(rsvp.pk)
    return rsvp, True


def rsvp_record_supporter(*, rsvp):
    return supporter_record_action(
        email=rsvp.email,
        kind=Activity.Kind.EVENT_RSVP,
        page=rsvp.day,
        first_name=rsvp.name,
        language=rsvp.language,
        occurred_at=rsvp.created_at,
    )


def rsvp_cancel(*, rsvp):
    """Cancel a reply; a place freed goes to the first on the waiting list. Returns
    True the first time."""
    with transaction.atomic():
        action = EventAction.objects.select_for_update().filter(pk=rsvp.event_id).first()
        updated = (
            EventRsvp.objects.filter(pk=rsvp.pk)
            .exclude(status=RsvpStatus.CANCELLED)
            .update(status=RsvpStatus.CANCELLED, cancelled_at=timezone.now())
        )
        rsvp.status = RsvpStatus.CANCELLED
        if updated and action is not None:
            _promote(action)
    return bool(updated)


def _promote(action):
    """Give free places to the waiting list, first come first served (action row locked)."""
    waiting = action.rsvps.waiting().order_by("created_at", "pk")
    if action.capacity is None:
        promoted = list(waiting.values_list("pk", flat=True))
    else:
        free = action.capacity - action.rsvps.going().count()
        promoted = list(waiting.values_list("pk", flat=True)[: max(0, free)])
    if promoted:
        EventRsvp.objects.filter(pk__in=promoted).update(
            status=RsvpStatus.GOING, promoted_at=timezone.now()
        )
        for pk in promoted:
            tasks.rsvp_promoted_send.enqueue_on_commit(pk)
    return len(promoted)


def reminders_due(now=None):
    """Those going to an approved action that starts within a day, not yet reminded,
    who replied before the reminder was due (a late reply got its email already)."""
    now = now or timezone.now()
    return EventRsvp.objects.filter(
        status=RsvpStatus.GOING,
        reminded_at__isnull=True,
        event__status=Status.APPROVED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + REMINDER_BEFORE,
        created_at__lt=F("event__starts_at") - REMINDER_BEFORE,
    )


def reminders_send(*, now=None, send):
    """Remind each person due, once (home.queue.claimed_each: a worker killed
    mid-send reminds one person twice at worst, nobody never). Returns how many
    were sent."""
    pks = list(reminders_due(now).order_by("pk").values_list("pk", flat=True))
    return claimed_each(
        EventRsvp,
        pks,
        claim="reminder_claimed_at",
        done="reminded_at",
        timeout=REMINDER_CLAIM_TIMEOUT,
        send=send,
    )


def rsvps_erase(*, now=None):
    """Erase the replies to events that ended more than RSVP_RETENTION ago; returns how many."""
    now = now or timezone.now()
    deleted, _ = EventRsvp.objects.filter(event__ends_at__lt=now - RSVP_RETENTION).delete()
    return deleted


# Reports ------------------------------------------------------------------------


def report_photo_store(*, action, upload, caption=""):
    return uploaded_image_store(
        upload,
        title=caption or gettext("Photo: %(title)s") % {"title": action.title},
        name=f"event-{action.pk}",
        collection=REPORT_COLLECTION,
    )


def report_save(*, action, form, photos=()):
    """Create or update the action's report; photos are added to those it has."""
    with transaction.atomic():
        report = form.save(commit=False)
        report.event = action
        report.save()
        for upload, caption in photos:
            image = report_photo_store(action=action, upload=upload, caption=caption)
            EventReportPhoto.objects.create(report=report, image=image, caption=caption)
            upload_renditions_make.enqueue_on_commit(image.pk)
    return report


def report_photo_remove(*, report, photo_id):
    photo = report.photos.filter(pk=photo_id).select_related("image").first()
    if photo is not None:
        image = photo.image
        photo.delete()
        image.delete()
    return photo is not None
