import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from home.blocks import RICH_TEXT_FEATURES

# What staff may write in a subject or body, in braces: {first_name}.
MERGE_FIELDS = {
    "first_name": _("the supporter's first name (or “friend” when we do not know it)"),
    "last_name": _("the supporter's last name"),
    "campaign_url": _("the link to the mailing's campaign page"),
    "unsubscribe_url": _("their personal unsubscribe link (also in every email's footer)"),
    "preferences_url": _("their personal email preferences link"),
}
MERGE_FIELD_PATTERN = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
HEADER_BREAKS = re.compile(r"[\r\n\x00]")


def merge_fields_in(text):
    return {match.group(1) for match in MERGE_FIELD_PATTERN.finditer(text or "")}


def validate_merge_fields(text):
    unknown = sorted(merge_fields_in(text) - set(MERGE_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unknown merge field %(fields)s. Use one of: %(known)s."),
            params={
                "fields": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in MERGE_FIELDS),
            },
        )


def validate_header(value):
    if HEADER_BREAKS.search(value or ""):
        raise ValidationError(_("Line breaks are not allowed here."))


def validate_plain_text(value):
    if "<" in (value or "") or ">" in (value or ""):
        raise ValidationError(_("Plain text only: remove the characters < and >."))


class AudienceQuerySet(models.QuerySet):
    pass


class Audience(ClusterableModel):
    """A saved filter over supporters. Whatever it says, it only ever reaches people who
    agreed to campaign email and whose address has not bounced or complained."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("For staff, e.g. “C189 signers, Asia”.")
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Optional notes."))
    pages = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("took action on"),
        help_text=_(
            "People who acted on any of these pages: a campaign includes its petitions "
            "and other actions. Leave empty for everyone."
        ),
    )
    countries = CountryField(
        _("countries"), multiple=True, blank=True, help_text=_("Leave empty for all countries.")
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_("Leave empty for all languages.")
    )
    affiliates = models.ManyToManyField(
        "supporters.Affiliate",
        blank=True,
        related_name="+",
        verbose_name=_("unions"),
        help_text=_("Members of these unions. Leave empty for all."),
    )
    tags = models.ManyToManyField(
        "taggit.Tag",
        blank=True,
        related_name="+",
        verbose_name=_("tags"),
        help_text=_("Supporters with any of these tags. Leave empty to ignore tags."),
    )
    joined_from = models.DateField(_("joined on or after"), null=True, blank=True)
    joined_to = models.DateField(_("joined on or before"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AudienceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.joined_from and self.joined_to and self.joined_from > self.joined_to:
            raise ValidationError({"joined_to": _("This date is before the first one.")})


class Mailing(ClusterableModel):
    """An email to an audience, in one version per language."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("For staff only, e.g. “IMD 2026 call-out”.")
    )
    audience = models.ForeignKey(
        Audience,
        on_delete=models.PROTECT,
        related_name="mailings",
        verbose_name=_("audience"),
        help_text=_("Who receives it."),
    )
    topic = models.ForeignKey(
        "supporters.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("topic"),
        help_text=_("People who turned this topic off in their preferences are left out."),
    )
    campaign = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("campaign page"),
        help_text=_("The page {campaign_url} links to, in the reader's language when translated."),
    )
    from_name = models.CharField(
        _("from name"),
        max_length=100,
        validators=[validate_header],
        help_text=_("The sender name people see, e.g. “ITUC Migrant Workers' Rights”."),
    )
    reply_to = models.EmailField(
        _("reply-to"), blank=True, help_text=_("Where replies go. Optional.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    scheduled_at = models.DateTimeField(_("scheduled for"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True, editable=False)
    fanned_out_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("Last time a sending task made progress; the sweep restarts a silent one."),
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("audience"), FieldPanel("topic")]),
        FieldPanel("campaign"),
        FieldRowPanel([FieldPanel("from_name"), FieldPanel("reply_to")]),
        MultiFieldPanel(
            [InlinePanel("versions", min_num=1, label=_("Version"))],
            heading=_("Versions by language"),
            help_text=_(
                "Each supporter gets the version in their language, or the version marked "
                "as the fallback."
            ),
        ),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self):
        return self.name

    @property
    def editable(self):
        return self.status == self.Status.DRAFT

    def version_for(self, language, versions=None):
        """The version in a language, else the fallback, else the first."""
        versions = list(self.versions.all()) if versions is None else versions
        by_language = {v.language: v for v in versions}
        if language in by_language:
            return by_language[language]
        return next((v for v in versions if v.fallback), versions[0] if versions else None)


class MailingVersion(Orderable):
    mailing = ParentalKey(Mailing, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    fallback = models.BooleanField(
        _("fallback"),
        default=False,
        help_text=_("Sent to people whose language has no version of its own."),
    )
    subject = models.CharField(
        _("subject"),
        max_length=200,
        validators=[validate_header, validate_merge_fields],
        help_text=_("May use merge fields such as {first_name}."),
    )
    preview_text = models.CharField(
        _("preview text"),
        max_length=200,
        blank=True,
        validators=[validate_header, validate_plain_text, validate_merge_fields],
        help_text=_("The line inboxes show after the subject. Plain text."),
    )
    body = RichTextField(
        _("body"),
        features=RICH_TEXT_FEATURES,
        validators=[validate_merge_fields],
        help_text=_(
            "Merge fields: {first_name}, {last_name}, {campaign_url}, {unsubscribe_url}, "
            "{preferences_url}. An unsubscribe link is added to every email's footer."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("language"), FieldPanel("fallback")]),
        FieldPanel("subject"),
        FieldPanel("preview_text"),
        FieldPanel("body"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["mailing", "language"], name="one_version_per_language")
        ]
        verbose_name = _("version")
        verbose_name_plural = _("versions")

    def __str__(self):
        return f"{self.get_language_display()}: {self.subject}"


class Delivery(models.Model):
    """One mailing to one supporter: claimed before it is handed to the provider and
    marked after, so that a retried or restarted batch never sends it twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Being handed to the provider")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        SKIPPED = "skipped", _("Skipped (unsubscribed or suppressed before sending)")
        CANCELLED = "cancelled", _("Cancelled")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    supporter = models.ForeignKey(
        "supporters.Supporter",
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    language = models.CharField(max_length=8, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set just before the batch goes to the provider: a claim without it was never
    # handed over (safe to send again); one with it may have reached the provider.
    handed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["mailing", "supporter"], name="one_delivery_per_person")
        ]
        indexes = [
            models.Index(fields=["mailing", "status", "id"], name="delivery_queue"),
            models.Index(fields=["message_id"], name="delivery_message"),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.mailing_id}/{self.supporter_id}: {self.status}"


class TrackingEvent(models.Model):
    """A provider's webhook event, kept by its id so that a repeat changes nothing."""

    esp_name = models.CharField(max_length=40)
    event_id = models.CharField(max_length=200)
    event_type = models.CharField(max_length=40)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["esp_name", "event_id"], name="one_event_per_id")
        ]
        verbose_name = _("provider event")
        verbose_name_plural = _("provider events")

    def __str__(self):
        return f"{self.esp_name} {self.event_type} {self.event_id}"
