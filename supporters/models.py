from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

# Providers that deliver "a.b+news@" to "ab@": dots and +tags do not make a new person.
DOTS_IGNORED = {"gmail.com", "googlemail.com"}
PLUS_TAGS_IGNORED = DOTS_IGNORED | {
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "fastmail.com",
}
DOMAIN_ALIASES = {"googlemail.com": "gmail.com", "pm.me": "proton.me"}


def email_canonical(email):
    """The form of an address used to tell whether two addresses are one person."""
    email = (email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    domain = domain.rstrip(".")
    if domain in PLUS_TAGS_IGNORED:
        local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{DOMAIN_ALIASES.get(domain, domain)}"


class Affiliate(models.Model):
    """A member union. Its code attributes the actions it brings in (embeds, links)."""

    class Sector(models.TextChoices):
        DOMESTIC = "domestic", _("Domestic work")
        CONSTRUCTION = "construction", _("Construction and building")
        AGRICULTURE = "agriculture", _("Agriculture and food")
        TRANSPORT = "transport", _("Transport")
        HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
        MANUFACTURING = "manufacturing", _("Manufacturing")
        SERVICES = "services", _("Public and private services")
        GENERAL = "general", _("Several sectors / national centre")

    name = models.CharField(_("name"), max_length=200, help_text=_("The union's full name."))
    acronym = models.CharField(
        _("acronym"), max_length=30, blank=True, help_text=_("e.g. KWDU, BWI, ITUC.")
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_(
            "Short code used in embed snippets and links to credit the union with the "
            "signatures it brings in, e.g. kwdu."
        ),
    )
    country = CountryField(_("country"), blank=True, help_text=_("Where the union is based."))
    sector = models.CharField(
        _("sector"),
        max_length=16,
        choices=Sector.choices,
        default=Sector.GENERAL,
        help_text=_("The workers it organises."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("The union's website."))
    trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_(
            "Trusted affiliates' messages and events are published without moderation, "
            "when they come from one of the union's email domains below."
        ),
    )
    email_domains = models.CharField(
        _("email domains"),
        max_length=300,
        blank=True,
        help_text=_(
            "The domains of the union's own addresses, separated by spaces, e.g. "
            "gefont.org. Anyone can type a union's name: only an address at one of "
            "these domains, confirmed by email, speaks for it."
        ),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("affiliate")
        verbose_name_plural = _("affiliates")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def speaks_for_trusted(self, email):
        """Whether a confirmed address may publish without moderation in this union's name."""
        domain = (email or "").rpartition("@")[2].strip().lower()
        domains = {
            d.strip().lower().lstrip("@") for d in self.email_domains.replace(",", " ").split()
        }
        return self.trusted and bool(domain) and domain in domains

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("sector")]),
        FieldPanel("website"),
        FieldPanel("trusted"),
    ]


@dataclass(frozen=True)
class TopicText:
    """A topic's name and description as one language shows it."""

    name: str
    description: str
    # The language they are written in: another than the page's where a topic
    # has no translation yet.
    language: str


class Topic(ClusterableModel):
    """A kind of campaign email that supporters can choose not to receive.

    Written in the site's default language, with a translation per language
    (TopicTranslation); a language without one shows the default's text.
    """

    name = models.CharField(
        _("name"), max_length=100, help_text=_("As supporters see it, e.g. “Urgent actions”.")
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("A short code for the topic, e.g. urgent-actions.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One sentence shown under the topic on the email preferences page."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Topics are listed from the lowest number.")
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        InlinePanel("translations", heading=_("Translations"), label=_("Translation")),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("email topic")
        verbose_name_plural = _("email topics")

    def __str__(self):
        return self.name

    def text(self, language=None):
        """The name and description in `language` (the active one by default).
        Reads the translations prefetched with the topic, when they were."""
        language = language or get_language()
        for translation in self.translations.all():
            if translation.language == language:
                return TopicText(translation.name, translation.description, language)
        return TopicText(self.name, self.description, settings.LANGUAGE_CODE)


class TopicTranslation(Orderable):
    topic = ParentalKey(Topic, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[
            (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("topic translation")
        constraints = [
            models.UniqueConstraint(fields=["topic", "language"], name="topic_translation_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.language})"


class SupporterQuerySet(models.QuerySet):
    def mailable(self):
        """Those campaign email may go to: they agreed, and their address is not suppressed."""
        return self.filter(email_consent=True, suppressed_at__isnull=True)


class Supporter(models.Model):
    """One person, known by their email address in canonical form."""

    # Recorded by the worker for every action: indexing each one's references
    # (its affiliate) would cost a task per supporter for an "affiliate used
    # by" listing of thousands of rows that the supporters' filter gives better.
    wagtail_reference_index_ignore = True

    class Suppression(models.TextChoices):
        BOUNCED = "bounced", _("The address bounced")
        COMPLAINED = "complained", _("Marked our email as spam")
        STAFF = "staff", _("Suppressed by staff")

    email = models.EmailField(_("email"), max_length=254, help_text=_("As they last typed it."))
    email_canonical = models.CharField(
        _("canonical email"),
        max_length=254,
        unique=True,
        editable=False,
        help_text=_("Lower case, without the dots and +tags that the provider ignores."),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    affiliate = models.ForeignKey(
        Affiliate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supporters",
        verbose_name=_("union"),
    )
    email_consent = models.BooleanField(
        _("agrees to campaign email"),
        default=False,
        help_text=_("Their latest choice; the history is in their consent records."),
    )
    suppressed_at = models.DateTimeField(
        _("suppressed"),
        null=True,
        blank=True,
        help_text=_(
            "Set when their address bounced or they marked our email as spam; "
            "no campaign email goes to a suppressed address."
        ),
    )
    suppressed_reason = models.CharField(
        _("why suppressed"), max_length=16, choices=Suppression.choices, blank=True
    )
    topics_muted = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="+",
        verbose_name=_("topics muted"),
        help_text=_("Topics they asked not to receive email about."),
    )
    tags = TaggableManager(
        blank=True, help_text=_("Staff's own labels, e.g. speaker, translator, press.")
    )
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = SupporterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        permissions = [
            (
                "view_personal_data",
                _("Can see supporters' names, emails and phone numbers, export and erase them"),
            )
        ]

    def __str__(self):
        name = f"{self.first_name} {self.last_name}".strip()
        return f"{name} <{self.email}>" if name else self.email

    def save(self, *args, **kwargs):
        self.email_canonical = email_canonical(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_canonical"}
        super().save(*args, **kwargs)


class ConsentRecord(models.Model):
    """A choice a supporter made about email, with the exact notice they were shown."""

    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="consents", verbose_name=_("supporter")
    )
    given = models.BooleanField(_("given"), help_text=_("False records a withdrawal."))
    notice = models.TextField(_("notice shown"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    recorded_at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        state = "given" if self.given else "withdrawn"
        return f"{self.supporter_id}: {state} {self.recorded_at:%Y-%m-%d}"


class Activity(models.Model):
    """Something a supporter did: signed a petition, posted a message, registered an event."""

    class Kind(models.TextChoices):
        PETITION_SIGNATURE = "petition_signature", _("Signed a petition")
        EVENT_REGISTRATION = "event_registration", _("Registered an action for a day of action")
        EVENT_RSVP = "event_rsvp", _("Said they would come to an event action")
        SOLIDARITY_MESSAGE = "solidarity_message", _("Posted a solidarity message")

    supporter = models.ForeignKey(
        Supporter,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("supporter"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("page"),
    )
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("Affiliate or referral code.")
    )
    occurred_at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "kind", "page"], name="unique_activity_per_page"
            )
        ]
        indexes = [models.Index(fields=["page", "kind"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d})"
