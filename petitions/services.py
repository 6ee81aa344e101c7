"""Writes for petitions: signing, confirming, counting, and the staff's corrections.

The signing path does one INSERT. Everything else (emails, the supporter
record, the public count) happens after commit, in django-q2 tasks.
"""

import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, F, Sum, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django_q.tasks import async_task
from wagtail.log_actions import log

from home.cache import cache_get_recent
from supporters.models import Activity, email_canonical
from supporters.selectors import affiliate_lookup
from supporters.services import Consent, supporter_record_action

from .models import PaperSignatures, PetitionCountryTally, PetitionTally, Signature
from .selectors import signatures_from_ip, signatures_matching

TALLY_LOCK = "petitions:tally-running"
CONFIRMATIONS_LOCK = "petitions:confirmations-running"
# A following task that died frees its lock after this long.
FOLLOW_LOCK_SECONDS = 90
TALLY_BATCH = 5000
ABUSE_CACHE_KEY = "petitions:abuse-settings"


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    created: bool


def signature_sign(
    *,
    petition,
    email,
    first_name,
    country,
    last_name="",
    display=Signature.Display.ANONYMOUS,
    opt_in=False,
    union="",
    phone="",
    comment="",
    language="",
    src="",
    utm_source="",
    utm_medium="",
    utm_campaign="",
    ip="",
    ip_hashed="",
    fill_seconds=None,
    honeypot="",
):
    """Add a signature, or return the one this person already made.

    A second attempt (double click, another tab, a retry) returns the first
    signature and sends at most one "you already signed" email. Signatures
    that trip the anti-abuse checks are stored flagged, get the same answer,
    and neither count nor receive email.
    """
    canonical = email_canonical(email)
    domain = canonical.rpartition("@")[2]
    flag_reason = abuse_check(
        ip=ip, ip_hashed=ip_hashed, domain=domain, fill_seconds=fill_seconds, honeypot=honeypot
    )
    affiliates = affiliate_lookup()
    affiliate_id = affiliates.get(src.lower()) or affiliates.get(union.strip().lower())
    now = timezone.now()
    confirmed_at = now if not petition.require_confirmation and not flag_reason else None
    for _attempt in range(3):
        signature = Signature(
            petition=petition,
            email=email.strip(),
            email_canonical=canonical,
            email_domain=domain,
            first_name=first_name,
            last_name=last_name,
            country=country,
            display=display,
            affiliate_id=affiliate_id,
            union_name=union,
            phone=phone,
            comment=comment,
            language=language,
            opt_in=opt_in,
            opt_in_notice=petition.opt_in_notice if opt_in else "",
            source=src,
            utm_source=utm_source,
            utm_medium=utm_medium,
            utm_campaign=utm_campaign,
            referral_code=secrets.token_urlsafe(6),
            ip_hash=ip_hashed,
            created_at=now,
            confirmed_at=confirmed_at,
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
            existing = Signature.objects.filter(
                petition=petition, email_canonical=canonical
            ).first()
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
        transaction.on_commit(confirmations_kick)
    else:
        transaction.on_commit(
            lambda: async_task("petitions.tasks.signature_record_supporter", signature.pk)
        )
        transaction.on_commit(tally_kick)


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
        transaction.on_commit(lambda: async_task("petitions.tasks.duplicate_notify", existing.pk))


def signature_confirm(*, signature):
    """Confirm a signature once; the signer becomes a supporter with the consent they gave.

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
            signature_record_supporter(signature=signature)
            transaction.on_commit(tally_kick)
    return True


def signature_record_supporter(*, signature):
    """Tell supporters what this signer did, with the consent they gave when signing."""
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


# Anti-abuse ------------------------------------------------------------------


def abuse_check(*, ip, ip_hashed, domain, fill_seconds, honeypot):
    """Why a signature should be held back, or "" when it looks like a person.

    The answer is never shown to the signer, so a script cannot tell it was caught.
    Writes nothing: the rate limits count the signatures already stored from the
    same address, in one indexed read, so the signature's own INSERT is the only
    write on the signing path.
    """
    limits = settings.PETITION_LIMITS
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
    if ip_hashed:
        minute, hour = signatures_from_ip(
            ip_hashed, now=timezone.now(), cap=max(limits["burst"], limits["sustained"]) + 1
        )
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


def _task_start_once(lock, task):
    """Queue a following task unless one holds its lock (PETITION_FOLLOW["max"] stays below)."""
    if cache.add(lock, 1, timeout=FOLLOW_LOCK_SECONDS):
        async_task(task)


def tally_kick():
    """Start the counting task unless one is already running."""
    _task_start_once(TALLY_LOCK, "petitions.tasks.tallies_follow")


def confirmations_kick():
    """Start the task that sends confirmation emails unless one is already running.

    One task follows a burst of signatures and sends their emails in batches,
    rather than one queued task per signature: a queued task cost a signature
    more than the email it sends, on the web process and on the worker alike.
    """
    _task_start_once(CONFIRMATIONS_LOCK, "petitions.tasks.confirmations_follow")


def tallies_update(*, limit=TALLY_BATCH):
    """Add newly confirmed signatures to the public counts, in one batch.

    Safe to run concurrently with itself and with a recount: both lock the
    petitions' tally rows first, and a signature is added only once.
    """
    pending = list(
        Signature.objects.filter(counted=False, confirmed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "petition_id")[:limit]
    )
    if not pending:
        return 0
    ids = [pk for pk, _petition in pending]
    petition_ids = sorted({petition for _pk, petition in pending})
    now = timezone.now()
    with transaction.atomic():
        _lock_tallies(petition_ids)
        batch = Signature.objects.filter(pk__in=ids, counted=False)
        rows = list(
            batch.filter(flagged=False, invalidated_at__isnull=True)
            .values("petition_id", "country")
            .annotate(n=Count("pk"))
        )
        marked = batch.update(counted=True)
        totals = {}
        for row in rows:
            totals[row["petition_id"]] = totals.get(row["petition_id"], 0) + row["n"]
            _, created = PetitionCountryTally.objects.get_or_create(
                petition_id=row["petition_id"],
                country=row["country"],
                defaults={"confirmed": row["n"]},
            )
            if not created:
                PetitionCountryTally.objects.filter(
                    petition_id=row["petition_id"], country=row["country"]
                ).update(confirmed=F("confirmed") + row["n"])
        for petition_id, n in totals.items():
            PetitionTally.objects.filter(petition_id=petition_id).update(
                confirmed=F("confirmed") + n, updated_at=now
            )
    return marked


def tallies_recount(*, petition_ids=None):
    """Recount petitions from their signatures and paper batches, correcting any drift."""
    if petition_ids is None:
        petition_ids = list(
            Signature.objects.order_by().values_list("petition_id", flat=True).distinct()
        ) + list(
            PaperSignatures.objects.order_by().values_list("petition_id", flat=True).distinct()
        )
    for petition_id in sorted(set(petition_ids)):
        with transaction.atomic():
            _lock_tallies([petition_id])
            Signature.objects.filter(
                petition_id=petition_id, counted=False, confirmed_at__isnull=False
            ).update(counted=True)
            by_country = dict(
                Signature.objects.counting()
                .filter(petition_id=petition_id)
                .values_list("country")
                .annotate(n=Count("pk"))
                .order_by()
            )
            paper = (
                PaperSignatures.objects.filter(petition_id=petition_id).aggregate(n=Sum("count"))[
                    "n"
                ]
                or 0
            )
            PetitionTally.objects.filter(petition_id=petition_id).update(
                confirmed=sum(by_country.values()), paper=paper, updated_at=timezone.now()
            )
            PetitionCountryTally.objects.filter(petition_id=petition_id).exclude(
                country__in=list(by_country)
            ).delete()
            for country, n in by_country.items():
                PetitionCountryTally.objects.update_or_create(
                    petition_id=petition_id, country=country, defaults={"confirmed": n}
                )
    return len(set(petition_ids))


def _lock_tallies(petition_ids):
    for petition_id in petition_ids:
        PetitionTally.objects.get_or_create(petition_id=petition_id)
    list(
        PetitionTally.objects.select_for_update()
        .filter(petition_id__in=petition_ids)
        .order_by("pk")
    )


# Staff corrections -------------------------------------------------------------


def paper_signatures_add(*, petition, count, country="", note="", user=None):
    """Add offline signatures to a petition's count."""
    with transaction.atomic():
        batch = PaperSignatures.objects.create(
            petition=petition, count=count, country=country, note=note, added_by=user
        )
        transaction.on_commit(lambda: tallies_recount(petition_ids=[petition.pk]))
    return batch


def signatures_invalidate(*, queryset):
    """Invalidate signatures (e.g. a scripted burst) and correct the counts. Returns how many."""
    petition_ids = list(queryset.order_by().values_list("petition_id", flat=True).distinct())
    with transaction.atomic():
        count = queryset.filter(invalidated_at__isnull=True).update(invalidated_at=timezone.now())
        transaction.on_commit(lambda: tallies_recount(petition_ids=petition_ids))
    return count


# Staff admin -------------------------------------------------------------------


def paper_signatures_remove(*, batch):
    """Take a batch of paper signatures entered by mistake off the count."""
    petition_id = batch.petition_id
    with transaction.atomic():
        batch.delete()
        transaction.on_commit(lambda: tallies_recount(petition_ids=[petition_id]))


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


def signatures_export_record(*, petition, user, kind):
    """Note in the petition's history that someone downloaded its signers' personal data."""
    log(instance=petition, action="petitions.signatures_export", user=user, data={"kind": kind})


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
