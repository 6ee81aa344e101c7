"""Writes for supporters: the one place that records who did what, with what consent."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from home.visitors import rate_hit

from . import tasks
from .models import Activity, ConsentRecord, Supporter, Topic, email_canonical
from .signals import personal_data_collect, supporter_unsubscribed

logger = logging.getLogger(__name__)

# Stored with each withdrawal, for staff reading the consent history (not translated).
UNSUBSCRIBE_NOTICES = {
    "link": "Unsubscribed with the link in an email",
    "one-click": "Unsubscribed with their email program's unsubscribe button",
    "preferences": "Unsubscribed on the email preferences page",
    "staff": "Unsubscribed by staff",
}


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


# Unsubscribing and preferences ----------------------------------------------


def supporter_unsubscribe(*, supporter, mailing_id=None, how="link"):
    """Stop campaign email to this person at once.

    Safe to repeat: only the first call records a withdrawal and sends
    supporter_unsubscribed (after commit, so mailings count it once).
    Returns True when they were subscribed until now.
    """
    now = timezone.now()
    with transaction.atomic():
        withdrawn = Supporter.objects.filter(pk=supporter.pk, email_consent=True).update(
            email_consent=False, updated_at=now
        )
        if withdrawn:
            ConsentRecord.objects.create(
                supporter_id=supporter.pk,
                given=False,
                notice=UNSUBSCRIBE_NOTICES.get(how, how),
                recorded_at=now,
            )
            supporter_id = supporter.pk
            transaction.on_commit(
                lambda: _send_unsubscribed(supporter_id=supporter_id, mailing_id=mailing_id)
            )
    supporter.email_consent = False
    return bool(withdrawn)


def _send_unsubscribed(*, supporter_id, mailing_id):
    # The person is unsubscribed whatever a receiver does; a failing one is logged.
    for receiver, result in supporter_unsubscribed.send_robust(
        sender=Supporter, supporter_id=supporter_id, mailing_id=mailing_id
    ):
        if isinstance(result, Exception):
            logger.error("supporter_unsubscribed receiver %r failed", receiver, exc_info=result)


def supporter_suppress(*, email, reason, at=None):
    """Stop all campaign email to an address that bounced or complained.

    Returns the supporter, or None when the address is not a supporter's. An
    address already suppressed keeps its first date and reason.
    """
    if reason not in Supporter.Suppression.values:
        raise ValueError(f"Unknown suppression reason: {reason!r}")
    at = at or timezone.now()
    supporter = Supporter.objects.filter(email_canonical=email_canonical(email)).first()
    if supporter is None:
        return None
    updated = Supporter.objects.filter(pk=supporter.pk, suppressed_at__isnull=True).update(
        suppressed_at=at, suppressed_reason=reason, updated_at=timezone.now()
    )
    if updated:
        supporter.suppressed_at, supporter.suppressed_reason = at, reason
    else:
        supporter.refresh_from_db(fields=["suppressed_at", "suppressed_reason"])
    return supporter


def supporter_preferences_save(
    *, supporter, language, topics_wanted, email_consent, notice="", mailing_id=None
):
    """Save what a person chose on their preferences page.

    Topics left unticked are muted. Unticking campaign email unsubscribes them;
    ticking it again records a new consent with the notice they were shown.
    """
    now = timezone.now()
    wanted = {topic.pk if isinstance(topic, Topic) else int(topic) for topic in topics_wanted}
    with transaction.atomic():
        supporter = Supporter.objects.select_for_update().get(pk=supporter.pk)
        if language != supporter.language:
            supporter.language = language
            supporter.save(update_fields=["language", "updated_at"])
        supporter.topics_muted.set(Topic.objects.exclude(pk__in=wanted))
        if email_consent and not supporter.email_consent:
            ConsentRecord.objects.create(
                supporter=supporter, given=True, notice=notice, recorded_at=now
            )
            supporter.email_consent = True
            supporter.save(update_fields=["email_consent", "updated_at"])
        elif not email_consent and supporter.email_consent:
            supporter_unsubscribe(supporter=supporter, mailing_id=mailing_id, how="preferences")
    return supporter


# Seeing and erasing one's data -------------------------------------------------


def data_access_allowed(*, ip_hashed):
    """Whether this visitor may ask for another data link now (DATA_ACCESS_PER_HOUR)."""
    if not ip_hashed:
        return True
    return rate_hit(f"supporters:data-access:ip:{ip_hashed}", 3600) <= (
        settings.DATA_ACCESS_PER_HOUR
    )


def data_access_request(*, email, language=""):
    """Email a link to see or erase what we hold, if the address is a supporter's.

    The caller shows the same answer either way. One email per address per
    DATA_ACCESS_EMAIL_INTERVAL, so the form cannot be used to flood someone's inbox.
    Returns True when an email was queued.
    """
    canonical = email_canonical(email)
    supporter_id = (
        Supporter.objects.filter(email_canonical=canonical).values_list("pk", flat=True).first()
    )
    if supporter_id is None:
        return False
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    if not cache.add(
        f"supporters:data-access:sent:{digest}", 1, timeout=settings.DATA_ACCESS_EMAIL_INTERVAL
    ):
        return False
    tasks.data_access_send.enqueue_on_commit(supporter_id, language)
    return True


def _label(model, name):
    return capfirst(str(model._meta.get_field(name).verbose_name))


def supporter_data_export(*, supporter):
    """Everything held about a supporter: {section title: [{label: value}, …]}.

    Values stay typed (dates, booleans); the other apps add their sections
    through personal_data_collect.
    """
    supporter = (
        Supporter.objects.select_related("affiliate")
        .prefetch_related("topics_muted", "tags")
        .get(pk=supporter.pk)
    )
    details = {
        _label(Supporter, name): getattr(supporter, name)
        for name in ("email", "first_name", "last_name")
    }
    details[_label(Supporter, "country")] = supporter.country.name if supporter.country else ""
    details[_label(Supporter, "language")] = supporter.language
    details[_label(Supporter, "affiliate")] = str(supporter.affiliate or "")
    details[_label(Supporter, "email_consent")] = supporter.email_consent
    details[_label(Supporter, "suppressed_at")] = supporter.suppressed_at
    details[_label(Supporter, "suppressed_reason")] = supporter.get_suppressed_reason_display()
    details[_label(Supporter, "topics_muted")] = ", ".join(
        t.name for t in supporter.topics_muted.all()
    )
    details[_("Tags")] = ", ".join(tag.name for tag in supporter.tags.all())
    details[_label(Supporter, "created_at")] = supporter.created_at
    details[_label(Supporter, "updated_at")] = supporter.updated_at
    sections = {
        _("Your details"): [details],
        _("Your choices about email"): [
            {
                _label(ConsentRecord, "recorded_at"): consent.recorded_at,
                _("Choice"): _("agreed") if consent.given else _("withdrew"),
                _label(ConsentRecord, "notice"): consent.notice,
                _label(ConsentRecord, "page"): consent.page.title if consent.page else "",
            }
            for consent in supporter.consents.select_related("page")
        ],
        _("What you did"): [
            {
                _label(Activity, "occurred_at"): activity.occurred_at,
                _label(Activity, "kind"): activity.get_kind_display(),
                _label(Activity, "page"): activity.page.title if activity.page else "",
                _label(Activity, "source"): activity.source,
            }
            for activity in supporter.activities.select_related("page")
        ],
    }
    for _receiver, response in personal_data_collect.send(
        sender=Supporter, supporter=supporter, email_canonical=supporter.email_canonical
    ):
        for title, rows in (response or {}).items():
            sections.setdefault(str(title), []).extend(rows)
    return sections


def supporter_erase(*, supporter, user=None):
    """Erase a person: the other apps anonymise their rows, then the supporter goes.

    Their actions and consent records go with them; what the public counts
    (signatures, their countries) stays, without anything that names them.
    """
    with transaction.atomic():
        # Deleting the supporter sends personal_data_erase (supporters/signals.py).
        # The admin's history of this record is labelled with their name and address.
        ModelLogEntry.objects.for_instance(supporter).delete()
        log(
            instance=supporter,
            action="supporters.erase",
            user=user,
            title=f"#{supporter.pk}",
            data={"by": "staff" if user else "self"},
        )
        supporter.delete()


def activities_forget(*, page_ids):
    """Delete the record of who acted on these pages (retention). Returns how many."""
    deleted, _by_model = Activity.objects.filter(page_id__in=list(page_ids)).delete()
    return deleted
