"""Writes for petitions: signing, confirming, counting, the emails to signers, and the
staff's corrections.

The signing path does one INSERT; everything else (emails, the supporter
record, the public count) is queued with transaction.on_commit and done by
tasks (tasks.py), which call back into the functions below. A petition is one
action in all its languages (home/actions.py): one signature per person, one
count.
"""

import ipaddress
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mailers
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from wagtail.log_actions import log

from home.actions import action_key
from home.emails import SEND_ERRORS
from home.memory import cache_get_recent
from home.queue import Follower, heartbeat, stop_requested
from home.visitors import TooManyRequests
from supporters.models import Activity, email_canonical
from supporters.selectors import affiliate_lookup
from supporters.services import Consent, activities_forget, supporter_record_action

from . import emails, tasks
from .models import (
    PaperSignatures,
    PetitionCountryTally,
    PetitionPage,
    PetitionTally,
    Signature,
)
from .selectors import signatures_from_ip, signatures_matching

TALLY_BATCH = 5000
CONFIRMATION_BATCH = 200
SWEEP_BATCH = 500
# Emails are claimed this many at a time (one write per chunk), and each is
# marked sent as soon as it is: a worker killed mid-chunk sends at most one twice.
CLAIM_CHUNK = 10
CLAIM_FIELDS = {"confirmation": "confirmation_sent_at", "reminder": "reminder_sent_at"}
ABUSE_CACHE_KEY = "petitions:abuse-settings"


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    created: bool


def signature_sign(*, petition, details, ip="", ip_hashed="", fill_seconds=None, honeypot=""):
    """Add a signature, or return the one this person already made on this petition.

    `details` are what the signer gave, named as Signature's fields
    (SignatureForm.signature_details): email, first_name, last_name, country,
    display, opt_in, union_name, phone, comment, language, source and utm_*.

    A second attempt (double click, another tab, a retry, another language)
    returns the first signature and sends at most one "you already signed"
    email. Signatures that trip the anti-abuse checks are stored flagged, get
    the same answer, and neither count nor receive email.
    """
    email = details["email"].strip()
    canonical = email_canonical(email)
    domain = canonical.rpartition("@")[2]
    flag_reason = abuse_check(
        ip=ip, ip_hashed=ip_hashed, domain=domain, fill_seconds=fill_seconds, honeypot=honeypot
    )
    affiliates = affiliate_lookup()
    affiliate_id = affiliates.get(details.get("source", "").lower()) or affiliates.get(
        details.get("union_name", "").strip().lower()
    )
    now = timezone.now()
    opt_in = details.get("opt_in", False)
    for _attempt in range(3):
        signature = Signature(
            **{**details, "email": email},
            petition=petition,
            action_key=petition.action_key,
            email_canonical=canonical,
            email_domain=domain,
            affiliate_id=affiliate_id,
            opt_in_notice=petition.opt_in_notice if opt_in else "",
            referral_code=secrets.token_urlsafe(6),
            ip_hash=ip_hashed,
            created_at=now,
            confirmed_at=now if not petition.require_confirmation and not flag_reason else None,
            flagged=bool(flag_reason),
            flag_reason=flag_reason,
        )
        try:
            with transaction.atomic():
                signature.save(force_insert=True)
                if not flag_reason:
                    _after_sign(signature)
            return SignResult(signature, True)
        except IntegrityError:
            existing = (
                Signature.objects.for_action(petition).filter(email_canonical=canonical).first()
            )
            if existing is not None:
                if not flag_reason and _release_soft_flag(existing):
                    existing.refresh_from_db()
                    return SignResult(existing, True)
                _duplicate_notify_once(existing)
                return SignResult(existing, False)
            # Otherwise the random referral code collided: draw another.
    raise RuntimeError("Could not store the signature after three attempts.")


def _after_sign(signature):
    if signature.confirmed_at is None:
        transaction.on_commit(CONFIRMATIONS.kick)
    else:
        tasks.signature_record_supporter.enqueue_on_commit(signature.pk)
        transaction.on_commit(TALLIES.kick)


# Checks a person can trip by accident (a fast autofill, a shared office IP);
# a later clean attempt releases the signature rather than locking them out.
SOFT_FLAGS = {"too_fast", "burst", "sustained"}


def _release_soft_flag(existing):
    with transaction.atomic():
        released = Signature.objects.filter(
            pk=existing.pk, flagged=True, flag_reason__in=SOFT_FLAGS, confirmed_at__isnull=True
        ).update(flagged=False, flag_reason="")
        if released:
            existing.flagged = False
            _after_sign(existing)
    return bool(released)


def _duplicate_notify_once(existing):
    if existing.flagged:
        return
    claimed = Signature.objects.filter(pk=existing.pk, duplicate_notified_at__isnull=True).update(
        duplicate_notified_at=timezone.now()
    )
    if claimed:
        tasks.duplicate_notify.enqueue_on_commit(existing.pk)


def signature_confirm(*, signature):
    """Confirm a signature once; the signer then counts and becomes a supporter (in a task).

    Returns True the first time, False when it was already confirmed.
    """
    now = timezone.now()
    with transaction.atomic():
        updated = Signature.objects.filter(pk=signature.pk, confirmed_at__isnull=True).update(
            confirmed_at=now
        )
        if not updated:
            return False
        signature.confirmed_at = now
        if not signature.flagged:
            tasks.signature_record_supporter.enqueue_on_commit(signature.pk)
            transaction.on_commit(TALLIES.kick)
    return True


def signature_record_supporter(*, signature):
    """Tell supporters what this signer did, with the consent they gave when signing."""
    if signature.confirmed_at is None or signature.flagged:
        return None
    consent = None
    if signature.opt_in:
        consent = Consent(given=True, notice=signature.opt_in_notice, at=signature.created_at)
    return supporter_record_action(
        email=signature.email,
        kind=Activity.Kind.PETITION_SIGNATURE,
        page=signature.petition,
        first_name=signature.first_name,
        last_name=signature.last_name,
        country=signature.country.code,
        language=signature.language,
        affiliate=signature.affiliate,
        source=signature.source,
        occurred_at=signature.confirmed_at,
        consent=consent,
    )


# Emails to signers -------------------------------------------------------------


def confirmations_pending_send(*, older_than=None, limit=None):
    """Send the confirmations not sent yet, oldest first; returns how many went out.

    Each is claimed before it is sent, so the follower and the sweep never send
    one twice; a claim left by a worker that died lapses after
    PETITION_EMAIL_CLAIM_TIMEOUT and the email is sent by whoever comes next.
    """
    pending = Signature.objects.awaiting_confirmation().filter(
        _claimable("confirmation_sent_at"), petition__require_confirmation=True
    )
    if older_than is not None:
        pending = pending.filter(created_at__lt=timezone.now() - older_than)
    return _claimed_send(
        _with_petitions(pending.order_by("pk")[: limit or CONFIRMATION_BATCH]), "confirmation"
    )


def confirmations_sweep(*, wait=None):
    """Send every confirmation a follower should have sent and did not; returns how many.

    Runs every minute, and as soon as a worker starts (home/queue.py). With no
    follower holding its lock, nobody else is sending: everything unsent goes.
    With the lock held, only what is older than the lock's lifetime: a live
    follower sends within a second or two, so these were left by one that died
    or fell far behind (claims keep the two from sending one email twice). It
    keeps at it, a second apart, until nothing is left or the dead follower's
    lock and claims have lapsed, so that a worker restarted after a crash sends
    the whole backlog within FOLLOW["lock"] + PETITION_EMAIL_CLAIM_TIMEOUT seconds
    (`wait`, 0 for a single pass).
    """
    if wait is None:
        wait = settings.FOLLOW["lock"] + settings.PETITION_EMAIL_CLAIM_TIMEOUT + 5
    started, sent = time.monotonic(), 0
    unsent = Signature.objects.awaiting_confirmation().filter(
        confirmation_sent_at__isnull=True, petition__require_confirmation=True
    )
    while True:
        lock_held = CONFIRMATIONS.running()
        older_than = timedelta(seconds=settings.FOLLOW["lock"]) if lock_held else None
        done = confirmations_pending_send(older_than=older_than, limit=SWEEP_BATCH)
        sent += done
        if stop_requested():
            return sent  # the worker is stopping; the next one to start sweeps again
        if done >= SWEEP_BATCH:
            continue
        if time.monotonic() - started >= wait or not unsent.exists():
            return sent
        time.sleep(1)


def reminders_send():
    """Remind, once, those who have not confirmed a day after signing."""
    cutoff = timezone.now() - timedelta(seconds=settings.PETITION_REMINDER_AFTER)
    due = Signature.objects.awaiting_confirmation().filter(
        _claimable("reminder_sent_at"),
        ~Q(confirmation_sent_at=None),
        created_at__lt=cutoff,
    )
    return _claimed_send(_with_petitions(due.order_by("pk")[:1000]), "reminder")


def _with_petitions(signatures):
    """The signatures, each with its petition: a batch shares a few, each loaded once."""
    signatures = list(signatures)
    petitions = PetitionPage.objects.in_bulk({signature.petition_id for signature in signatures})
    for signature in signatures:
        signature.petition = petitions[signature.petition_id]
    return signatures


def _claimable(field):
    """Not sent yet, and not claimed by a sender that is still within its time."""
    stale = timezone.now() - timedelta(seconds=settings.PETITION_EMAIL_CLAIM_TIMEOUT)
    return Q(**{f"{field}__isnull": True}) & (
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=stale)
    )


def _claimed_send(signatures, name):
    """Send `name` to each signature this task manages to claim; returns how many went out.

    Signatures are claimed CLAIM_CHUNK at a time (email_claimed_at); each is
    sent, then marked sent (the email's *_sent_at) at once. A worker killed
    mid-chunk leaves the chunk's claims to lapse: the emails not marked yet go
    out then, and only the one whose sending the kill interrupted may reach its
    signer twice (the provider may have taken it, unrecorded); nobody gets none.
    A failed send releases the rest of the chunk at once, for the next run. The
    email is rendered once per petition and language; all go through one
    connection.
    """
    field = CLAIM_FIELDS[name]
    signer_emails = emails.SignerEmails(name)
    sent = 0
    with mailers.default as connection:
        for start in range(0, len(signatures), CLAIM_CHUNK):
            if stop_requested():
                break  # between chunks nothing is held: the rest is left unclaimed
            heartbeat()
            chunk = signatures[start : start + CLAIM_CHUNK]
            claimed = _claim([signature.pk for signature in chunk], field)
            mine = [signature for signature in chunk if signature.pk in claimed]
            for position, signature in enumerate(mine):
                try:
                    connection.send_messages([signer_emails.message(signature)])
                except Exception:
                    Signature.objects.filter(pk__in=[s.pk for s in mine[position:]]).update(
                        email_claimed_at=None
                    )
                    raise
                Signature.objects.filter(pk=signature.pk).update(**{field: timezone.now()})
                sent += 1
    return sent


def _claim(ids, field):
    """Of these signatures, those whose email `field` this task now holds."""
    with transaction.atomic():
        # SQLite: BEGIN IMMEDIATE already holds the write lock. PostgreSQL: rows
        # another task is claiming are skipped, not waited for.
        claimable = list(
            Signature.objects.awaiting_confirmation()
            .filter(_claimable(field), pk__in=ids)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Signature.objects.filter(pk__in=claimable).update(email_claimed_at=timezone.now())
    return set(claimable)


# Anti-abuse ------------------------------------------------------------------


def abuse_check(*, ip, ip_hashed, domain, fill_seconds, honeypot):
    """Why a signature should be held back, or "" when it looks like a person.

    The answer is never shown to the signer, so a script cannot tell it was caught.
    Past the hard ceiling an address is refused outright (TooManyRequests), before
    anything is stored. Writes nothing: the rate limits count the signatures
    already stored from the same address, in one indexed read (two once the
    address is past its hourly limit), so the signature's own INSERT is the
    only write on the signing path.
    """
    limits = settings.PETITION_LIMITS
    minute = hour = 0
    if ip_hashed:
        now = timezone.now()
        minute, hour = signatures_from_ip(
            ip_hashed, now=now, cap=max(limits["burst"], limits["sustained"]) + 1
        )
        if hour >= limits["sustained"]:
            _minute, hour = signatures_from_ip(ip_hashed, now=now, cap=limits["hard_per_hour"])
            if hour >= limits["hard_per_hour"]:
                raise TooManyRequests(retry_after=3600)
    if honeypot:
        return "honeypot"
    if fill_seconds is None or fill_seconds < limits["min_fill_seconds"]:
        return "too_fast"
    blocked_domains, blocked_networks = abuse_settings()
    if domain in blocked_domains or any(domain.endswith("." + d) for d in blocked_domains):
        return "blocked_domain"
    if ip and blocked_networks:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            address = None
        if address and any(address in network for network in blocked_networks):
            return "blocked_ip"
    if minute >= limits["burst"]:
        return "burst"
    if hour >= limits["sustained"]:
        return "sustained"
    return ""


def abuse_settings():
    """(blocked domains, blocked networks), cached briefly so signing reads no table."""
    cached = cache_get_recent(ABUSE_CACHE_KEY)
    if cached is None:
        from .models import PetitionAbuseSettings

        config = PetitionAbuseSettings.load()
        cached = (config.domain_set(), config.network_list())
        cache.set(ABUSE_CACHE_KEY, cached, 60)
    return cached


# Counting --------------------------------------------------------------------


def tallies_update(*, limit=TALLY_BATCH):
    """Add newly confirmed signatures to the public counts, in one batch.

    Safe to run concurrently with itself and with a recount: both lock the
    petitions' tally rows first, and a signature is added only once.
    """
    pending = list(
        Signature.objects.filter(counted=False, confirmed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "action_key")[:limit]
    )
    if not pending:
        return 0
    ids = [pk for pk, _key in pending]
    keys = sorted({key for _pk, key in pending})
    now = timezone.now()
    with transaction.atomic():
        _lock_tallies(keys)
        batch = Signature.objects.filter(pk__in=ids, counted=False)
        rows = list(
            batch.counting().values("action_key", "country").annotate(n=Count("pk")).order_by()
        )
        marked = batch.update(counted=True)
        totals = {}
        for row in rows:
            key, country, n = row["action_key"], row["country"], row["n"]
            totals[key] = totals.get(key, 0) + n
            _, created = PetitionCountryTally.objects.get_or_create(
                action_key=key, country=country, defaults={"confirmed": n}
            )
            if not created:
                PetitionCountryTally.objects.filter(action_key=key, country=country).update(
                    confirmed=F("confirmed") + n
                )
        for key, n in totals.items():
            PetitionTally.objects.filter(action_key=key).update(
                confirmed=F("confirmed") + n, updated_at=now
            )
    return marked


def tallies_recount(*, action_keys=None):
    """Recount petitions from their signatures and paper batches, correcting any drift.

    `action_keys` names the petitions (home/actions.py); all of them by default.
    Returns how many petitions were recounted.
    """
    if action_keys is None:
        action_keys = list(
            Signature.objects.order_by().values_list("action_key", flat=True).distinct()
        ) + list(PaperSignatures.objects.order_by().values_list("action_key", flat=True).distinct())
    keys = sorted({action_key(key) for key in action_keys})
    for key in keys:
        with transaction.atomic():
            _lock_tallies([key])
            signatures = Signature.objects.for_action(key)
            signatures.filter(counted=False, confirmed_at__isnull=False).update(counted=True)
            by_country = dict(
                signatures.counting().values_list("country").annotate(n=Count("pk")).order_by()
            )
            paper = PaperSignatures.objects.for_action(key).aggregate(n=Sum("count"))["n"] or 0
            PetitionTally.objects.filter(action_key=key).update(
                confirmed=sum(by_country.values()), paper=paper, updated_at=timezone.now()
            )
            PetitionCountryTally.objects.filter(action_key=key).exclude(
                country__in=list(by_country)
            ).delete()
            for country, n in by_country.items():
                PetitionCountryTally.objects.update_or_create(
                    action_key=key, country=country, defaults={"confirmed": n}
                )
    return len(keys)


def _lock_tallies(keys):
    for key in keys:
        PetitionTally.objects.get_or_create(action_key=key)
    list(PetitionTally.objects.select_for_update().filter(action_key__in=keys).order_by("pk"))


# Staff corrections -------------------------------------------------------------


def paper_signatures_add(*, petition, count, country="", note="", user=None):
    """Add offline signatures to a petition's count (recounted in a task, seconds later)."""
    with transaction.atomic():
        batch = PaperSignatures.objects.create(
            petition=petition, count=count, country=country, note=note, added_by=user
        )
        tasks.tallies_recount.enqueue_on_commit([str(petition.action_key)])
    return batch


def signatures_invalidate(*, queryset):
    """Invalidate signatures (e.g. a scripted burst); the count is corrected in a task.

    Returns how many.
    """
    keys = [str(key) for key in queryset.order_by().values_list("action_key", flat=True).distinct()]
    with transaction.atomic():
        count = queryset.filter(invalidated_at__isnull=True).update(invalidated_at=timezone.now())
        tasks.tallies_recount.enqueue_on_commit(keys)
    return count


def petition_recount(*, petition):
    """Recount a petition (all its languages) in a task, correcting any drift."""
    tasks.tallies_recount.enqueue_on_commit([str(petition.action_key)])


# Staff admin -------------------------------------------------------------------


def paper_signatures_remove(*, batch):
    """Take a batch of paper signatures entered by mistake off the count."""
    key = str(batch.action_key)
    with transaction.atomic():
        batch.delete()
        tasks.tallies_recount.enqueue_on_commit([key])


def signatures_invalidate_matching(*, petition, user=None, **criteria):
    """Invalidate a petition's signatures that meet the criteria (see signatures_matching).

    The count drops once the recount that signatures_invalidate queues has run;
    the petition's history records who did it, with the criteria and the number.
    Returns how many signatures were invalidated.
    """
    with transaction.atomic():
        count = signatures_invalidate(queryset=signatures_matching(petition=petition, **criteria))
        log(
            instance=petition,
            action="petitions.signatures_invalidate",
            user=user,
            data={
                "count": count,
                "criteria": {key: str(value) for key, value in criteria.items() if value},
            },
        )
    return count


def signatures_export_record(*, petition, user, kind, rows):
    """Note in the petition's history who downloaded its signers' personal data, and how much."""
    log(
        instance=petition,
        action="petitions.signatures_export",
        user=user,
        data={"kind": kind, "rows": rows},
    )


# Personal data -----------------------------------------------------------------


def signatures_anonymise(*, queryset):
    """Erase the signers' details from signatures, keeping what the count needs.

    The petition, country and confirmation stay, so the public count and the
    map do not change; the canonical email becomes a placeholder unique to the
    row, as one signature per person per petition requires. Returns how many.
    """
    now = timezone.now()
    with transaction.atomic():
        count = (
            queryset.filter(anonymised_at__isnull=True)
            .order_by()
            .update(
                email="",
                email_canonical=Concat(Value("erased-"), Cast("pk", CharField())),
                email_domain="",
                first_name="",
                last_name="",
                phone="",
                comment="",
                union_name="",
                affiliate=None,
                display=Signature.Display.ANONYMOUS,
                ip_hash="",
                utm_source="",
                utm_medium="",
                utm_campaign="",
                opt_in_notice="",
                anonymised_at=now,
            )
        )
    return count


def signatures_retention_sweep(*, batch=2000):
    """Erase signers' details RETENTION_AFTER_CLOSE days after a petition closed.

    A petition counts as closed from closed_at, or from its deadline if that
    passed earlier, and only once every one of its translations has closed.
    The signatures keep counting, anonymously; who acted on the pages is
    forgotten too. Idempotent: anonymised signatures are skipped. Returns how
    many signatures were anonymised.
    """
    cutoff = timezone.now() - timedelta(days=settings.RETENTION_AFTER_CLOSE)
    pages = PetitionPage.objects.values_list("pk", "translation_key", "closed_at", "deadline")
    closed, page_ids = {}, {}
    for pk, key, closed_at, deadline in pages:
        ended = [moment for moment in (closed_at, deadline) if moment is not None]
        closed[key] = closed.get(key, True) and bool(ended) and min(ended) < cutoff
        page_ids.setdefault(key, []).append(pk)
    keys = [key for key, done in closed.items() if done]
    if not keys:
        return 0
    pending = Signature.objects.filter(action_key__in=keys, anonymised_at__isnull=True)
    total = 0
    # In batches, so that no one transaction holds the write lock for long.
    while ids := list(pending.order_by("pk").values_list("pk", flat=True)[:batch]):
        total += signatures_anonymise(queryset=Signature.objects.filter(pk__in=ids))
    activities_forget(page_ids=[pk for key in keys for pk in page_ids[key]])
    return total


def signatures_flagged_delete(*, batch=2000):
    """Delete held-back signatures nobody confirmed, PETITION_FLAGGED_RETENTION_DAYS after.

    They never counted and never reached a supporter record: what a script or a
    mistake left behind is kept only as long as staff need to review it.
    Returns how many were deleted.
    """
    cutoff = timezone.now() - timedelta(days=settings.PETITION_FLAGGED_RETENTION_DAYS)
    stale = Signature.objects.filter(
        flagged=True, confirmed_at__isnull=True, created_at__lt=cutoff
    ).order_by("pk")
    total = 0
    while ids := list(stale.values_list("pk", flat=True)[:batch]):
        total += Signature.objects.filter(pk__in=ids).delete()[0]
    return total


# The tasks that follow a burst of signatures (home/queue.py). One task per
# burst, rather than one queued task per signature: a queued task cost a
# signature more than the email it sends, on the web process and the worker alike.
CONFIRMATIONS = Follower(
    "petitions-confirmations",
    task="petitions.tasks.confirmations_follow",
    step=confirmations_pending_send,
    full=CONFIRMATION_BATCH,
    retry_on=SEND_ERRORS,
    sweep="petitions.tasks.confirmations_sweep",
)
TALLIES = Follower(
    "petitions-tallies",
    task="petitions.tasks.tallies_follow",
    step=tallies_update,
    full=TALLY_BATCH,
    sweep="petitions.tasks.tallies_update",
)
