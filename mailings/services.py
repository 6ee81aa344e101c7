"""Writes for mailings: start, fan out, send in batches, pause, cancel, and provider events.

Every delivery (one per recipient: the record that says whether they got it) is
claimed (queued -> sending) before its batch goes to the provider, stamped
`handed_at` just before the call, and marked sent with the provider's message
id when the provider answers. A batch that is retried or restarted claims only
what is still queued, so nothing marked sent goes out again.

A worker can die at any instruction. Claims it left without `handed_at` never
reached the provider: the sweep queues them again after FOLLOW["lock"] seconds.
Claims with `handed_at` were in flight: the provider may have taken them. Its
webhook events ("queued", "sent", "delivered", … carrying each delivery's id in
the metadata) mark them sent as they arrive; after MAILING_CLAIM_TIMEOUT (twice
the provider call's timeout, and more) the sweep queues again only those the
provider said nothing about. So a duplicate can only reach someone whose batch
was in flight when a worker died, and only with a provider that sends no
accepted/delivered events (or sent them later than the claim timeout).

Sending is followed (home/queue.py): SENDING runs MAILING_CONCURRENCY tasks per
mailing, each sending batch after batch until nothing is queued.
"""

import logging
import time
from datetime import timedelta

from anymail.exceptions import AnymailRecipientsRefused
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from home.emails import SEND_ERRORS
from home.memory import EMAIL_TEMPLATES
from home.queue import Follower
from supporters.models import Supporter
from supporters.services import supporter_suppress, supporter_unsubscribe

from . import emails, tasks
from .models import Delivery, Mailing, TrackingEvent
from .selectors import audience_supporters

logger = logging.getLogger(__name__)

FAN_OUT_CHUNK = 5000
MAX_ATTEMPTS = 3


def mailing_problems(*, mailing):
    """What stops this mailing from being sent, as sentences for staff; empty if nothing."""
    problems = []
    versions = list(mailing.versions.all())
    if not versions:
        problems.append(_("Write at least one version."))
    languages = [v.language for v in versions]
    if len(languages) != len(set(languages)):
        problems.append(_("Two versions have the same language."))
    if sum(v.fallback for v in versions) > 1:
        problems.append(_("Only one version can be the fallback."))
    for version in versions:
        try:
            version.full_clean(exclude=["mailing"])
        except ValidationError as error:
            for messages in error.message_dict.values():
                problems.extend(f"{version.get_language_display()}: {m}" for m in messages)
        if "<script" in version.body.lower():
            problems.append(
                _("%(language)s: the body may not contain scripts.")
                % {"language": version.get_language_display()}
            )
    problem = emails.sending_problem()
    if problem:
        problems.append(problem)
    if not audience_supporters(audience=mailing.audience, topic=mailing.topic).exists():
        problems.append(_("The audience reaches nobody who agreed to campaign email."))
    return problems


def mailing_send(*, mailing, at=None):
    """Send now (or schedule for `at`). Refuses, with the reasons, if anything is wrong."""
    problems = mailing_problems(mailing=mailing)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        updated = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT)
        if at is not None and at > timezone.now():
            updated.update(status=Mailing.Status.SCHEDULED, scheduled_at=at)
        else:
            _start(updated)
    mailing.refresh_from_db()
    return mailing


def _start(queryset):
    now = timezone.now()
    ids = list(queryset.values_list("pk", flat=True))
    if queryset.update(status=Mailing.Status.SENDING, started_at=now, heartbeat_at=now):
        for pk in ids:
            tasks.mailing_fan_out.enqueue_on_commit(pk)


def mailings_start_due():
    """Start the scheduled mailings whose time has come."""
    due = Mailing.objects.filter(status=Mailing.Status.SCHEDULED, scheduled_at__lte=timezone.now())
    with transaction.atomic():
        _start(due)


def mailing_unschedule(*, mailing):
    Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SCHEDULED).update(
        status=Mailing.Status.DRAFT, scheduled_at=None
    )


def mailing_fan_out(*, mailing_id):
    """One delivery row per recipient. Safe to run again: existing rows are kept."""
    mailing = Mailing.objects.select_related("audience", "topic").get(pk=mailing_id)
    if mailing.status not in (Mailing.Status.SENDING, Mailing.Status.PAUSED):
        return 0
    if mailing.fanned_out_at is None:
        supporters = audience_supporters(audience=mailing.audience, topic=mailing.topic)
        rows = supporters.order_by("pk").values_list("pk", "language").iterator(FAN_OUT_CHUNK)
        chunk = []
        for supporter_id, language in rows:
            chunk.append(
                Delivery(mailing_id=mailing_id, supporter_id=supporter_id, language=language)
            )
            if len(chunk) >= FAN_OUT_CHUNK:
                _insert(chunk)
                chunk = []
        _insert(chunk)
        total = Delivery.objects.filter(mailing_id=mailing_id).count()
        Mailing.objects.filter(pk=mailing_id).update(
            fanned_out_at=timezone.now(), recipients=total, heartbeat_at=timezone.now()
        )
    return mailing_chains_start(mailing_id=mailing_id)


def _insert(chunk):
    if chunk:
        with transaction.atomic():
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)


def mailing_chains_start(*, mailing_id):
    """Start the tasks that send the mailing (those not running already), after commit."""
    transaction.on_commit(lambda: SENDING.kick(mailing_id))


def deliveries_claim(*, mailing_id, size):
    """Claim up to `size` queued deliveries for this worker; the ids it claimed."""
    now = timezone.now()
    with transaction.atomic():
        queued = Delivery.objects.filter(mailing_id=mailing_id, status=Delivery.Status.QUEUED)
        ids = list(
            queued.order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:size]
        )
        if ids:
            Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
            )
    return ids


def mailing_send_batch(*, mailing_id, connection=None, sleep=time.sleep):
    """Send one batch of a mailing. Returns how many deliveries it handled (sent,
    skipped or refused), or None when there is nothing (more) to send."""
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.status != Mailing.Status.SENDING:
        return None
    size = settings.MAILING_BATCH_SIZE
    begun = time.monotonic()
    ids = deliveries_claim(mailing_id=mailing_id, size=size)
    if not ids:
        _finish_if_done(mailing_id)
        return None
    rows = list(
        Delivery.objects.filter(pk__in=ids)
        .select_related("supporter")
        .only(
            "pk",
            "language",
            "supporter__id",
            "supporter__email",
            "supporter__first_name",
            "supporter__last_name",
            "supporter__language",
            "supporter__email_consent",
            "supporter__suppressed_at",
        )
    )
    # Someone may have unsubscribed, bounced or asked to be erased since the fan-out.
    skipped = [r.pk for r in rows if r.supporter is None or not _mailable(r.supporter)]
    if skipped:
        Delivery.objects.filter(pk__in=skipped).update(status=Delivery.Status.SKIPPED)
    rows = [r for r in rows if r.pk not in set(skipped)]
    versions = list(mailing.versions.all())
    groups = {}
    for row in rows:
        version = mailing.version_for(row.supporter.language or row.language, versions)
        groups.setdefault(version.pk, (version, []))[1].append(row)
    connection = connection or mailers.default
    try:
        for version, group in groups.values():
            _send_group(mailing, version, group, connection)
    except Exception as error:
        # The groups not yet handed over go back to the queue with the failed one.
        _release(ids, error)
        raise
    Mailing.objects.filter(pk=mailing_id).update(heartbeat_at=timezone.now())
    rate = settings.MAILING_SEND_RATE
    if rate:
        # Each chain sends its share of the rate; sleep off what the batch did not use.
        owed = len(ids) * settings.MAILING_CONCURRENCY / rate - (time.monotonic() - begun)
        if owed > 0:
            sleep(min(owed, 60))
    return len(ids)


def _mailable(supporter):
    return supporter.email_consent and supporter.suppressed_at is None


def _template(mailing, version):
    # A task sends many batches of one mailing: render each version once per process.
    key = (mailing.pk, version.pk, mailing.updated_at)
    return EMAIL_TEMPLATES.get_or_make(key, lambda: emails.Template(mailing, version))


def _send_group(mailing, version, rows, connection):
    template = _template(mailing, version)
    recipients = []
    by_email = {}
    for row in rows:
        supporter = row.supporter
        data = emails.recipient_data(
            supporter.pk,
            first_name=supporter.first_name,
            last_name=supporter.last_name,
            language=version.language,
            mailing_id=mailing.pk,
        )
        email = supporter.email.strip()
        if email.lower() in by_email:
            # Two supporters cannot share an address (canonical emails are unique),
            # but two spellings of one mailbox would merge in merge_data.
            Delivery.objects.filter(pk=row.pk).update(status=Delivery.Status.SKIPPED)
            continue
        by_email[email.lower()] = row.pk
        recipients.append((row.pk, email, data))
    if not recipients:
        return 0
    message = emails.batch_message(mailing, template, recipients)
    ids = [pk for pk, _e, _d in recipients]
    Delivery.objects.filter(pk__in=ids).update(handed_at=timezone.now())
    try:
        (connection or mailers.default).send_messages([message])
    except AnymailRecipientsRefused as error:
        _mark_refused(ids, str(error))
        return 0
    # Any other error (the provider refused the call or did not answer) reaches
    # mailing_send_batch, which gives the claims back. Had the provider in fact
    # accepted the batch (a lost answer), that one batch may go out twice.
    _mark_sent(message, recipients, by_email)
    return len(recipients)


def _mark_sent(message, recipients, by_email):
    now = timezone.now()
    status = getattr(message, "anymail_status", None)
    per_recipient = getattr(status, "recipients", {}) or {}
    refused, accepted = [], {}
    for pk, email, _data in recipients:
        result = per_recipient.get(email) or per_recipient.get(email.lower())
        if result is not None and result.status in ("rejected", "invalid", "failed"):
            refused.append(pk)
        else:
            accepted.setdefault(getattr(result, "message_id", "") or "", []).append(pk)
    with transaction.atomic():
        for message_id, pks in accepted.items():
            Delivery.objects.filter(pk__in=pks, status=Delivery.Status.SENDING).update(
                status=Delivery.Status.SENT, sent_at=now, message_id=str(message_id)[:200]
            )
        if refused:
            _mark_refused(refused, "refused by the provider")


def _mark_refused(ids, reason):
    Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.FAILED, error=reason[:300])


def _release(ids, error):
    logger.warning("mailing batch of %s not accepted: %s", len(ids), error)
    Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED, handed_at=None, error=str(error)[:300]
    )
    Delivery.objects.filter(
        pk__in=ids, status=Delivery.Status.QUEUED, attempts__gte=MAX_ATTEMPTS
    ).update(status=Delivery.Status.FAILED)


def _finish_if_done(mailing_id):
    pending = Delivery.objects.filter(
        mailing_id=mailing_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if not pending.exists():
        Mailing.objects.filter(
            pk=mailing_id, status=Mailing.Status.SENDING, fanned_out_at__isnull=False
        ).update(status=Mailing.Status.SENT, finished_at=timezone.now())


def mailings_sweep(*, now=None):
    """Pick up what a lost task or a dead worker left: stale claims and stopped sending.

    A claim never handed to the provider is queued again once FOLLOW["lock"]
    seconds old; one handed over, once MAILING_CLAIM_TIMEOUT old and still
    without a word from the provider (see the module's docstring). Every
    mailing still sending then has its sending tasks kicked: a kick starts only
    those that are not running.
    """
    now = now or timezone.now()
    claims = Delivery.objects.filter(status=Delivery.Status.SENDING)
    never_handed = claims.filter(
        handed_at__isnull=True, claimed_at__lt=now - timedelta(seconds=settings.FOLLOW["lock"])
    )
    in_flight = claims.filter(
        handed_at__isnull=False,
        claimed_at__lt=now - timedelta(seconds=settings.MAILING_CLAIM_TIMEOUT),
    )
    released = never_handed.update(status=Delivery.Status.QUEUED, handed_at=None)
    released += in_flight.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Delivery.Status.QUEUED, handed_at=None
    )
    in_flight.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Delivery.Status.FAILED, error="no answer after several attempts"
    )
    restarted = 0
    for mailing in Mailing.objects.filter(status=Mailing.Status.SENDING):
        if mailing.fanned_out_at is None:
            stale = now - timedelta(seconds=settings.MAILING_CLAIM_TIMEOUT)
            if mailing.heartbeat_at is None or mailing.heartbeat_at < stale:
                Mailing.objects.filter(pk=mailing.pk).update(heartbeat_at=now)
                tasks.mailing_fan_out.enqueue_on_commit(mailing.pk)
                restarted += 1
        elif mailing.deliveries.filter(status=Delivery.Status.QUEUED).exists():
            mailing_chains_start(mailing_id=mailing.pk)
            restarted += 1
    return {"released": released, "restarted": restarted}


def mailing_pause(*, mailing):
    return Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING).update(
        status=Mailing.Status.PAUSED
    )


def mailing_resume(*, mailing):
    with transaction.atomic():
        resumed = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.PAUSED).update(
            status=Mailing.Status.SENDING, heartbeat_at=timezone.now()
        )
        if resumed and mailing.fanned_out_at is None:
            tasks.mailing_fan_out.enqueue_on_commit(mailing.pk)
        elif resumed:
            mailing_chains_start(mailing_id=mailing.pk)
    return resumed


def mailing_cancel(*, mailing):
    with transaction.atomic():
        cancelled = Mailing.objects.filter(
            pk=mailing.pk,
            status__in=[Mailing.Status.SCHEDULED, Mailing.Status.SENDING, Mailing.Status.PAUSED],
        ).update(status=Mailing.Status.CANCELLED, finished_at=timezone.now())
        if cancelled:
            Delivery.objects.filter(mailing=mailing, status=Delivery.Status.QUEUED).update(
                status=Delivery.Status.CANCELLED
            )
    return cancelled


def delivery_unsubscribed(*, supporter_id, mailing_id):
    """Count an unsubscribe against the mailing whose link was used."""
    if mailing_id:
        Delivery.objects.filter(
            mailing_id=mailing_id, supporter_id=supporter_id, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=timezone.now())


# The provider took the message: "queued" (accepted for delivery) and "sent".
ACCEPTED_EVENTS = {"queued", "sent"}
EVENT_STATUS = {
    "queued": Delivery.Status.SENT,
    "sent": Delivery.Status.SENT,
    "delivered": Delivery.Status.DELIVERED,
    "bounced": Delivery.Status.BOUNCED,
    "rejected": Delivery.Status.FAILED,
    "failed": Delivery.Status.FAILED,
    "complained": Delivery.Status.COMPLAINED,
}
SUPPRESS = {"bounced": "bounced", "complained": "complained"}


def tracking_event_record(*, event, esp_name):
    """Apply a provider's webhook event once, however often the provider repeats it."""
    event_id = event.event_id or f"{event.message_id}:{event.event_type}:{event.recipient}"
    delivery = _delivery_for(event)
    with transaction.atomic():
        _record, created = TrackingEvent.objects.get_or_create(
            esp_name=esp_name,
            event_id=str(event_id)[:200],
            defaults={
                "event_type": event.event_type or "",
                "delivery": delivery,
                "occurred_at": event.timestamp,
            },
        )
        if not created:
            return False
        status = EVENT_STATUS.get(event.event_type)
        if delivery is not None and status:
            queryset = Delivery.objects.filter(pk=delivery.pk)
            if status in (Delivery.Status.SENT, Delivery.Status.DELIVERED):
                # The provider has it: never send it again (a worker that died
                # with the batch in flight left it claimed, or the sweep queued
                # it again), and never overwrite a later bounce or complaint.
                queryset = queryset.filter(
                    status__in=[
                        Delivery.Status.QUEUED,
                        Delivery.Status.SENDING,
                        *([Delivery.Status.SENT] if status == Delivery.Status.DELIVERED else []),
                    ]
                )
                fields = {"status": status, "sent_at": delivery.sent_at or timezone.now()}
                if event.message_id and not delivery.message_id:
                    fields["message_id"] = str(event.message_id)[:200]
                queryset.update(**fields)
            else:
                queryset.update(status=status)
        if event.event_type in SUPPRESS and event.recipient:
            supporter_suppress(email=event.recipient, reason=SUPPRESS[event.event_type])
        if event.event_type == "unsubscribed" and delivery is not None and delivery.supporter_id:
            supporter = Supporter.objects.filter(pk=delivery.supporter_id).first()
            if supporter is not None:
                supporter_unsubscribe(
                    supporter=supporter, mailing_id=delivery.mailing_id, how="provider"
                )
    return True


def _delivery_for(event):
    metadata = event.metadata or {}
    pk = str(metadata.get("delivery", ""))
    if pk.isdigit():
        delivery = Delivery.objects.filter(pk=int(pk)).first()
        if delivery is not None:
            return delivery
    if event.message_id:
        return Delivery.objects.filter(message_id=str(event.message_id)[:200]).first()
    return None


def mailing_test_queue(*, mailing, email, language):
    """Queue a test copy of the mailing to a member of staff."""
    tasks.mailing_test_send.enqueue_on_commit(mailing.pk, email, language)


SENDING = Follower(
    "mailings-sending",
    task="mailings.tasks.mailing_follow",
    step=lambda mailing_id: mailing_send_batch(mailing_id=mailing_id),
    full=lambda: settings.MAILING_BATCH_SIZE,
    slots=lambda: settings.MAILING_CONCURRENCY,
    retry_on=SEND_ERRORS,
    group="mailings",
    sweep="mailings.tasks.mailings_sweep",
)
