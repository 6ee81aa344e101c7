import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from home.actions import ActionPage, ActionRecord, ActionRecordQuerySet
from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.models import HeroImagePage
from home.pagecache import public_page
from supporters.selectors import email_masked

DEFAULT_OPT_IN_NOTICE = _(
    "Yes, email me about this campaign and others for migrant workers' rights. "
    "I can unsubscribe at any time."
)


class PetitionPage(ActionPage, RoutablePageMixin, HeroImagePage):
    """A petition: its text, who it is addressed to, how many have signed, and the form.

    Its translations are one petition (home/actions.py): one count, one
    signature per person, whichever language they sign in.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open for signatures")
        CLOSED = "closed", _("Closed")
        DELIVERED = "delivered", _("Delivered")

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences shown in lists and when the petition is shared."),
    )
    petition_text = RichTextField(
        _("petition text"),
        features=RICH_TEXT_FEATURES,
        help_text=_("The words signers put their name to, addressed to the targets."),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("background"),
        help_text=_("Why this matters, shown below the form."),
    )
    goal = models.PositiveIntegerField(
        _("goal"), default=1000, help_text=_("The number of signatures we aim for.")
    )
    raise_goal = models.BooleanField(
        _("raise the goal when reached"),
        default=True,
        help_text=_("When the count passes the goal, show the next milestone instead."),
    )
    deadline = models.DateTimeField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("After this moment the petition stops taking signatures. Optional."),
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=State.choices,
        default=State.OPEN,
        help_text=_("Close the petition to stop signatures; mark it delivered to show the report."),
    )
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the petition stopped being open; signers' details are erased later."),
    )
    require_confirmation = models.BooleanField(
        _("require email confirmation"),
        default=True,
        help_text=_("Signatures count only once the signer confirms from the email we send."),
    )
    ask_affiliate = models.BooleanField(_("ask for union"), default=True, help_text=_("Optional."))
    ask_phone = models.BooleanField(_("ask for phone"), default=False, help_text=_("Optional."))
    ask_comment = models.BooleanField(
        _("ask for a comment"), default=False, help_text=_("Optional.")
    )
    opt_in_notice = models.TextField(
        _("opt-in notice"),
        max_length=600,
        default=DEFAULT_OPT_IN_NOTICE,
        help_text=_(
            "The text beside the unticked box for further email. It is stored with "
            "each signature that ticks it."
        ),
    )
    thank_you_text = models.TextField(
        _("thank-you text"),
        blank=True,
        max_length=600,
        help_text=_("Shown after signing, above the share buttons."),
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivery_place = models.CharField(_("delivered where"), max_length=200, blank=True)
    delivery_photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("delivery photo"),
    )
    delivery_report = RichTextField(
        _("delivery report"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("How the petition was handed over."),
    )
    target_answer = models.TextField(
        _("the target's answer"),
        blank=True,
        max_length=2000,
        help_text=_("What the target said when they received it."),
    )

    content_panels = [
        *HeroImagePage.content_panels,
        FieldPanel("summary"),
        HeroImagePage.hero_panel,
        FieldPanel("petition_text"),
        InlinePanel("petition_targets", heading=_("Addressed to"), label=_("Target")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("goal"), FieldPanel("raise_goal")]),
                FieldRowPanel([FieldPanel("state"), FieldPanel("deadline")]),
            ],
            heading=_("Goal and state"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("require_confirmation"),
                FieldRowPanel(
                    [
                        FieldPanel("ask_affiliate"),
                        FieldPanel("ask_phone"),
                        FieldPanel("ask_comment"),
                    ]
                ),
                FieldPanel("opt_in_notice"),
                FieldPanel("thank_you_text"),
            ],
            heading=_("Form"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("delivered_on"), FieldPanel("delivery_place")]),
                FieldPanel("delivery_photo"),
                FieldPanel("delivery_report"),
                FieldPanel("target_answer"),
            ],
            heading=_("Delivery"),
            classname="collapsed",
        ),
    ]
    search_fields = [
        *HeroImagePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("petition_text"),
    ]

    parent_page_types = ["campaigns.CampaignPage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def clean(self):
        super().clean()
        if self.state == self.State.DELIVERED and not self.delivered_on:
            raise ValidationError({"delivered_on": _("Give the date the petition was delivered.")})

    def save(self, *args, **kwargs):
        if self.state == self.State.OPEN:
            changed, self.closed_at = self.closed_at is not None, None
        else:
            changed = self.closed_at is None
            if changed:
                self.closed_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if changed and update_fields is not None and "state" in update_fields:
            kwargs["update_fields"] = {*update_fields, "closed_at"}
        return super().save(*args, **kwargs)

    def with_content_json(self, content):
        # closed_at belongs to the live petition, not to a revision: publishing a
        # draft made before it closed must not restart the retention clock.
        obj = super().with_content_json(content)
        obj.closed_at = self.closed_at
        return obj

    @property
    def card_status(self):
        if self.is_open:
            return None
        # Open, but past its deadline: closed to whoever reads the card.
        state = self.State.CLOSED if self.state == self.State.OPEN else self.State(self.state)
        return state.value, state.label

    @property
    def is_open(self):
        if self.state != self.State.OPEN:
            return False
        return self.deadline is None or timezone.now() < self.deadline

    def goal_for(self, count):
        """The goal shown: the set goal, or the next milestone once it is passed."""
        if not self.raise_goal or count < self.goal:
            return self.goal
        goal = self.goal
        while goal <= count:
            goal = next_milestone(goal)
        return goal

    def get_context(self, request, *args, **kwargs):
        from .selectors import country_breakdown, petition_count, recent_signers

        context = super().get_context(request, *args, **kwargs)
        context["count"] = petition_count(petition=self)
        context["recent_signers"] = recent_signers(petition=self)
        context["countries"] = country_breakdown(petition=self, limit=10)
        context["petition_targets"] = list(self.petition_targets.select_related("target"))
        return context

    def get_cached_paths(self):
        """The routes a CDN in front may keep, purged with the page on publish."""
        return ["/", "count/", "map/"]

    # The routes' handlers live in views/public.py, imported when first routed
    # to: the views import the forms and services, which import this module.
    @path("", name="index")
    @public_page
    def index_route(self, request):
        from .views.public import petition_index

        return petition_index(request, self)

    @path("thanks/", name="thanks")
    def thanks_route(self, request):
        from .views.public import petition_thanks

        return petition_thanks(request, self)

    @path("confirm/", name="confirm")
    def confirm_route(self, request):
        from .views.public import petition_confirm

        return petition_confirm(request, self)

    @path("count/", name="count")
    def count_route(self, request):
        from .views.public import petition_count_json

        return petition_count_json(request, self)

    @path("map/", name="map")
    def map_route(self, request):
        from .views.public import petition_map_svg

        return petition_map_svg(request, self)


def next_milestone(goal):
    """1,000 → 2,500 → 5,000 → 10,000 → 25,000 …"""
    magnitude = 10 ** (len(str(goal)) - 1)
    for step in (1, 2.5, 5, 10):
        milestone = int(step * magnitude)
        if milestone > goal:
            return milestone
    return goal * 2


class PetitionTarget(Orderable):
    page = ParentalKey(PetitionPage, on_delete=models.CASCADE, related_name="petition_targets")
    target = models.ForeignKey(
        "campaigns.Target",
        on_delete=models.CASCADE,
        related_name="petition_links",
        verbose_name=_("target"),
        help_text=_(
            "Who the petition is addressed to. Create targets under Campaign data › Targets."
        ),
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("petition target")
        verbose_name_plural = _("petition targets")

    def __str__(self):
        return str(self.target)


# What counts in public, defined once: confirmed by the signer, not held back
# by the anti-abuse checks, not invalidated by staff.
COUNTING = models.Q(confirmed_at__isnull=False, flagged=False, invalidated_at__isnull=True)
# Still waiting for the signer's click, and worth an email.
AWAITING_CONFIRMATION = models.Q(
    confirmed_at__isnull=True, flagged=False, invalidated_at__isnull=True
)


class SignatureQuerySet(ActionRecordQuerySet):
    def counting(self):
        """Signatures that count: confirmed, not flagged, not invalidated."""
        return self.filter(COUNTING)

    def awaiting_confirmation(self):
        return self.filter(AWAITING_CONFIRMATION)


class Signature(ActionRecord):
    """One person's signature on a petition, in whichever of its languages they signed.

    The email is kept in canonical form to refuse a second signature from the
    same person on the same petition (in any language); the IP address only as
    a salted hash.
    """

    action_page_field = "petition"

    class Display(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous: show only my country")
        INITIALS = "initials", _("My initials")
        NAME = "name", _("My first name and the initial of my last name")

    petition = models.ForeignKey(
        PetitionPage,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("petition"),
        help_text=_("The translation it was signed on."),
    )
    email = models.EmailField(_("email"), max_length=254)
    email_canonical = models.CharField(_("canonical email"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    country = CountryField(_("country"))
    display = models.CharField(
        _("shown as"), max_length=10, choices=Display.choices, default=Display.ANONYMOUS
    )
    affiliate = models.ForeignKey(
        "supporters.Affiliate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
        verbose_name=_("union"),
    )
    union_name = models.CharField(_("union (as typed)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("The language it was signed in.")
    )
    opt_in = models.BooleanField(_("agreed to campaign email"), default=False)
    opt_in_notice = models.TextField(_("opt-in notice shown"), blank=True)
    source = models.CharField(
        _("source"), max_length=64, blank=True, help_text=_("Affiliate or referral code.")
    )
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    referral_code = models.CharField(_("referral code"), max_length=16, unique=True)
    ip_hash = models.CharField(_("IP hash"), max_length=32, blank=True)
    email_domain = models.CharField(_("email domain"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("signed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # Held by the task sending this signature's confirmation or reminder email.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    duplicate_notified_at = models.DateTimeField(null=True, blank=True)
    flagged = models.BooleanField(
        _("flagged"), default=False, help_text=_("Held back by the anti-abuse checks.")
    )
    flag_reason = models.CharField(_("why flagged"), max_length=64, blank=True)
    invalidated_at = models.DateTimeField(_("invalidated at"), null=True, blank=True)
    counted = models.BooleanField(
        default=False, help_text=_("Already added to the public count by the counting task.")
    )
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        help_text=_("When the signer's details were erased; the signature still counts."),
    )

    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_key", "email_canonical"], name="one_signature_per_person"
            )
        ]
        indexes = [
            models.Index(fields=["action_key", "-confirmed_at"], name="signature_recent"),
            models.Index(
                fields=["id"],
                name="signature_uncounted",
                condition=models.Q(counted=False, confirmed_at__isnull=False),
            ),
            models.Index(fields=["action_key", "created_at"], name="signature_timeline"),
            models.Index(fields=["email_domain", "created_at"], name="signature_domain"),
            # The confirmation emails still to send: a few rows among millions.
            models.Index(
                fields=["id"],
                name="signature_unsent",
                condition=models.Q(confirmed_at__isnull=True, confirmation_sent_at__isnull=True),
            ),
            # Rate limits, the trending report and invalidation by IP hash.
            models.Index(fields=["ip_hash", "created_at"], name="signature_ip_recent"),
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    @property
    def email_masked(self):
        return email_masked(self.email)

    def __str__(self):
        return f"{self.public_name} ({self.country.code})"

    @property
    def public_name(self):
        """What the public sees, as the signer chose."""
        if self.display == self.Display.NAME:
            initial = f" {self.last_name[:1]}." if self.last_name else ""
            return f"{self.first_name}{initial}"
        if self.display == self.Display.INITIALS:
            return "".join(f"{part[:1]}." for part in (self.first_name, self.last_name) if part)
        return ""


class PetitionTally(models.Model):
    """A petition's public count, in all its languages, kept by the counting task."""

    action_key = models.UUIDField(primary_key=True)
    confirmed = models.PositiveIntegerField(default=0)
    paper = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("petition count")

    def __str__(self):
        return f"{self.action_key}: {self.total}"

    @property
    def total(self):
        return self.confirmed + self.paper


class PetitionCountryTally(models.Model):
    """How many signed a petition (in all its languages) from one country."""

    action_key = models.UUIDField()
    country = CountryField()
    confirmed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action_key", "country"], name="one_tally_per_country")
        ]

    def __str__(self):
        return f"{self.action_key} {self.country.code}: {self.confirmed}"


class PaperSignatures(ActionRecord):
    """Signatures gathered offline (paper, events) that staff add to the count."""

    action_page_field = "petition"

    petition = models.ForeignKey(
        PetitionPage,
        on_delete=models.CASCADE,
        related_name="paper_batches",
        verbose_name=_("petition"),
    )
    count = models.PositiveIntegerField(_("number of signatures"))
    country = CountryField(_("country"), blank=True, help_text=_("Where they were gathered."))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("e.g. May Day rally, Kathmandu.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["-added_at"]
        verbose_name = _("paper signatures")
        verbose_name_plural = _("paper signatures")

    def __str__(self):
        return f"{self.count} ({self.note})" if self.note else str(self.count)


@register_setting(icon="warning")
class PetitionAbuseSettings(BaseGenericSetting):
    """Addresses and domains whose signatures are held back without telling the sender."""

    blocked_domains = models.TextField(
        _("blocked email domains"),
        blank=True,
        help_text=_("One domain per line, e.g. mailinator.com. Subdomains are blocked too."),
    )
    blocked_networks = models.TextField(
        _("blocked IP ranges"),
        blank=True,
        help_text=_("One address or range per line, e.g. 203.0.113.0/24 or 2001:db8::/32."),
    )

    panels = [FieldPanel("blocked_domains"), FieldPanel("blocked_networks")]

    class Meta:
        verbose_name = _("petition anti-abuse settings")

    def clean(self):
        errors = []
        for line in self._lines(self.blocked_networks):
            try:
                ipaddress.ip_network(line, strict=False)
            except ValueError:
                errors.append(line)
        if errors:
            raise ValidationError(
                {
                    "blocked_networks": _("Not an address or range: %(lines)s")
                    % {"lines": ", ".join(errors)}
                }
            )

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    def domain_set(self):
        return frozenset(line.lower().lstrip("@") for line in self._lines(self.blocked_domains))

    def network_list(self):
        return [
            ipaddress.ip_network(line, strict=False) for line in self._lines(self.blocked_networks)
        ]
