"""What happens to solidarity messages: posted, confirmed, moderated, reported."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext

from home.emails import SEND_ERRORS
from home.images import uploaded_image_store
from home.memory import pages_generation_bump
from home.queue import Follower, claimed_each, stop_requested
from home.tasks import upload_renditions_make
from home.visitors import TooManyRequests
from supporters.models import Activity
from supporters.services import Consent, supporter_record_action

from . import emails, tasks
from .models import Message, MessageReport, SolidarityWallPage, WallFigures
from .selectors import posted_before

Status = Message.Status
PHOTO_COLLECTION = "Solidarity messages"
CONFIRMATION_BATCH = 50
CONFIRMATION_CLAIM_TIMEOUT = timedelta(minutes=5)
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)


def message_post(*, form, wall, language, ip_hashed=""):
    """Store a message from a valid MessageForm. Returns (message, created).

    The same text from the same address, or from the same connection within the
    hour, on the same wall (a double click, a retry, a flood) is stored once. A
    connection stores at most SOLIDARITY_PER_HOUR messages an hour (beyond,
    TooManyRequests). Someone we know goes straight to moderation (or onto the
    wall, for a trusted union's own address on a wall that allows it); anyone
    else confirms by email first.
    """
    data = form.cleaned_data
    email = data["email"].strip().lower()
    now = timezone.now()
    limit = settings.SOLIDARITY_PER_HOUR
    recent, existing_pk = posted_before(
        ip_hashed=ip_hashed,
        email=email,
        action_key=wall.action_key,
        text=data["text"],
        now=now,
        cap=limit,
    )
    if existing_pk is not None:
        existing = Message.objects.get(pk=existing_pk)
        if existing.email == email and _confirmation_resend(existing, now):
            transaction.on_commit(CONFIRMATIONS.kick)
        return existing, False
    if recent >= limit:
        raise TooManyRequests(retry_after=3600)
    message = Message(
        wall=wall,
        action_key=wall.action_key,
        display_name=data["display_name"],
        organisation=data["organisation"],
        affiliate=form.affiliate(),
        from_country=data["from_country"],
        to_country=data["to_country"],
        language=data["language"],
        text=data["text"],
        email=email,
        site_language=language,
        opt_in=bool(data.get("opt_in")),
        opt_in_notice=wall.opt_in_notice if data.get("opt_in") else "",
        ip_hash=ip_hashed,
        created_at=now,
    )
    with transaction.atomic():
        if data.get("photo"):
            message.image = photo_store(upload=data["photo"], title=message.display_name)
        message.save(force_insert=True)
        if form.sender_known():
            _confirmed(message, wall)
        else:
            transaction.on_commit(CONFIRMATIONS.kick)
    return message, True


def _confirmation_resend(message, now):
    """The sender posted the same message again without having confirmed it: the
    link may have been lost, so it goes again, but at most once in
    CONFIRMATION_RESEND_AFTER (posting 500 times sends no 500 emails)."""
    return bool(
        Message.objects.filter(
            pk=message.pk,
            status=Status.UNCONFIRMED,
            confirmation_sent_at__lt=now - CONFIRMATION_RESEND_AFTER,
        ).update(confirmation_sent_at=None, confirmation_claimed_at=None)
    )


def confirmations_send(*, older_than=None):
    """Send the confirmation links not sent yet, oldest first, a batch at a time;
    returns how many went out. Each goes once (home.queue.claimed_each)."""
    due = Message.objects.filter(status=Status.UNCONFIRMED, confirmation_sent_at__isnull=True)
    if older_than is not None:
        due = due.filter(created_at__lt=timezone.now() - older_than)
    pks = list(due.order_by("pk").values_list("pk", flat=True)[:CONFIRMATION_BATCH])

    def send(pk):
        emails.confirmation_send(Message.objects.select_related("wall").get(pk=pk))

    return claimed_each(
        Message,
        pks,
        claim="confirmation_claimed_at",
        done="confirmation_sent_at",
        timeout=CONFIRMATION_CLAIM_TIMEOUT,
        send=send,
    )


def confirmations_sweep():
    """Send what a follower left (a worker died, a task was lost); returns how many.

    Run every minute and when a worker starts. While a follower holds its lock
    it is sending: only links older than the lock's lifetime are taken.
    """
    held = CONFIRMATIONS.running()
    older_than = timedelta(seconds=settings.FOLLOW["lock"]) if held else None
    sent = 0
    while True:
        done = confirmations_send(older_than=older_than)
        sent += done
        if done < CONFIRMATION_BATCH or stop_requested():
            return sent


# One task sends a burst's confirmation links, rather than one task a message:
# queueing a task cost a fifth of posting's CPU (bench/walls.py --profile).
CONFIRMATIONS = Follower(
    "solidarity-confirmations",
    task="solidarity.tasks.confirmations_follow",
    step=confirmations_send,
    full=CONFIRMATION_BATCH,
    retry_on=SEND_ERRORS,
    sweep="solidarity.tasks.confirmations_sweep",
)


def _confirmed(message, wall):
    """The sender's address is confirmed: to the moderators, or onto the wall."""
    now = timezone.now()
    direct = (
        wall.moderation == SolidarityWallPage.Moderation.TRUSTED
        and message.affiliate is not None
        and message.affiliate.speaks_for_trusted(message.email)
    )
    status = Status.APPROVED if direct else Status.PENDING
    updated = Message.objects.filter(pk=message.pk, status=Status.UNCONFIRMED).update(
        status=status, confirmed_at=now, decided_at=now if direct else None
    )
    if updated:
        message.status, message.confirmed_at = status, now
        tasks.message_record_supporter.enqueue_on_commit(message.pk)
        tasks.figures_refresh.enqueue_on_commit(str(message.action_key))
        if message.image_id:
            # Confirmed, so worth the worker's time: a photo posted and never
            # confirmed costs none.
            upload_renditions_make.enqueue_on_commit(message.image_id)
    return bool(updated)


def message_confirm(*, message):
    """The sender pressed the button in their email. Returns True the first time."""
    with transaction.atomic():
        return _confirmed(message, message.wall)


def message_record_supporter(*, message):
    consent = None
    if message.opt_in:
        consent = Consent(given=True, notice=message.opt_in_notice, at=message.created_at)
    return supporter_record_action(
        email=message.email,
        kind=Activity.Kind.SOLIDARITY_MESSAGE,
        page=message.wall,
        first_name=message.display_name,
        country=message.from_country.code,
        language=message.site_language,
        affiliate=message.affiliate,
        occurred_at=message.confirmed_at or message.created_at,
        consent=consent,
    )


def messages_decide(*, messages, status, reason=""):
    """Approve, reject or hide messages; returns how many changed."""
    now = timezone.now()
    allowed = {
        Status.APPROVED: [Status.PENDING, Status.HIDDEN, Status.REJECTED],
        Status.REJECTED: [Status.PENDING],
        Status.HIDDEN: [Status.APPROVED],
    }[status]
    with transaction.atomic():
        chosen = messages.filter(status__in=allowed)
        keys = set(chosen.values_list("action_key", flat=True))
        changed = chosen.update(
            status=status,
            decided_at=now,
            rejection_reason="" if status == Status.APPROVED else reason,
        )
        for key in keys:
            tasks.figures_refresh.enqueue_on_commit(str(key))
    return changed


def message_report(*, message, reporter):
    """Someone reports a published message. Each person counts once; past the wall's
    threshold the message goes back to the moderators. Returns True if counted."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                MessageReport.objects.create(message=message, reporter=reporter)
        except IntegrityError:
            return False
        Message.objects.filter(pk=message.pk).update(reports=F("reports") + 1)
        threshold = message.wall.report_threshold or 1
        returned = Message.objects.filter(
            pk=message.pk, status=Status.APPROVED, reports__gte=threshold
        ).update(status=Status.PENDING, decided_at=None)
        if returned:
            tasks.figures_refresh.enqueue_on_commit(str(message.action_key))
    return True


def photo_store(*, upload, title):
    return uploaded_image_store(
        upload,
        title=gettext("Photo from %(name)s") % {"name": title},
        name="message",
        collection=PHOTO_COLLECTION,
    )


def figures_refresh(*, action_key):
    """Count a wall's published messages, countries and origin → destination pairs."""
    public = Message.objects.for_action(action_key).public()
    pairs = list(
        public.values("from_country", "to_country")
        .annotate(n=Count("pk"))
        .order_by("-n", "from_country", "to_country")
    )
    languages = sorted(set(public.values_list("language", flat=True).distinct()))
    from_countries = sorted({row["from_country"] for row in pairs})
    to_countries = sorted({row["to_country"] for row in pairs})
    WallFigures.objects.update_or_create(
        action_key=action_key,
        defaults={
            "messages": sum(row["n"] for row in pairs),
            "countries": len(set(from_countries) | set(to_countries)),
            "pairs": [[row["from_country"], row["to_country"], row["n"]] for row in pairs],
            "from_countries": from_countries,
            "to_countries": to_countries,
            "languages": languages,
            "updated_at": timezone.now(),
        },
    )
    # What is published changed (an approval, a cancellation, a report): pages kept
    # by the page cache are drawn again rather than show it up to PAGE_CACHE_SECONDS late.
    pages_generation_bump()


def moderators():
    """Active staff who may moderate messages, with an address to write to."""
    from django.db.models import Q as Where

    permission = Permission.objects.get(
        content_type__app_label="solidarity", codename="change_message"
    )
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(
        Where(is_superuser=True)
        | Where(user_permissions=permission)
        | Where(groups__permissions=permission)
    ).distinct()


def digest_send(*, send, now=None):
    """Tell each moderator how many messages wait, once a day, if any wait. Returns
    how many were told."""
    waiting = Message.objects.filter(status=Status.PENDING)
    count = waiting.count()
    if not count:
        return 0
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    told = 0
    for user in moderators():
        send(user, count=count, oldest=oldest)
        told += 1
    return told
