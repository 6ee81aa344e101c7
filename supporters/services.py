"""Writes for supporters: the one place that records who did what, with what consent."""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Activity, ConsentRecord, Supporter, email_canonical


@dataclass(frozen=True)
class Consent:
    """An explicit choice about campaign email, and the notice text shown with it."""

    given: bool
    notice: str
    at: object  # datetime


def supporter_record_action(
    *,
    email,
    kind,
    page=None,
    first_name="",
    last_name="",
    country="",
    language="",
    affiliate=None,
    source="",
    occurred_at=None,
    consent=None,
):
    """Record that a person took an action, creating or completing their supporter record.

    Repeating the same action on the same page changes nothing. A consent given is
    recorded with its notice; leaving the opt-in unticked never withdraws an earlier
    consent, since the person did not ask for that.
    """
    occurred_at = occurred_at or timezone.now()
    canonical = email_canonical(email)
    with transaction.atomic():
        supporter = _supporter_for(canonical, email)
        changed = []
        for field, value in (
            ("email", email.strip()),
            ("first_name", first_name),
            ("last_name", last_name),
            ("country", country),
            ("language", language),
        ):
            if value and getattr(supporter, field) != value:
                setattr(supporter, field, value)
                changed.append(field)
        if affiliate is not None and supporter.affiliate_id != affiliate.pk:
            supporter.affiliate = affiliate
            changed.append("affiliate")
        _activity, created = Activity.objects.get_or_create(
            supporter=supporter,
            kind=kind,
            page=page,
            defaults={"source": source[:100], "occurred_at": occurred_at},
        )
        # A repeated action (a retried task) must not record its consent twice.
        if created and consent is not None and consent.given:
            ConsentRecord.objects.create(
                supporter=supporter,
                given=True,
                notice=consent.notice,
                page=page,
                recorded_at=consent.at,
            )
            if not supporter.email_consent:
                supporter.email_consent = True
                changed.append("email_consent")
        if changed:
            supporter.save(update_fields=[*changed, "updated_at"])
    return supporter


def _supporter_for(canonical, email):
    supporter = Supporter.objects.select_for_update().filter(email_canonical=canonical).first()
    if supporter is not None:
        return supporter
    try:
        # A savepoint, so that losing a race with another request leaves the
        # outer transaction usable.
        with transaction.atomic():
            return Supporter.objects.create(email=email.strip(), email_canonical=canonical)
    except IntegrityError:
        return Supporter.objects.select_for_update().get(email_canonical=canonical)


def client_ip(request):
    """The visitor's address, trusting X-Forwarded-For only as far as our own proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def ip_hash(ip):
    """A salted hash of an IP address: enough to spot abuse, useless to identify anyone."""
    if not ip:
        return ""
    digest = hmac.new(settings.IP_HASH_SALT.encode(), ip.encode(), hashlib.sha256)
    return digest.hexdigest()[:32]
