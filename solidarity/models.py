"""Solidarity walls: moderated messages between unions and supporters of
countries of origin and destination."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField

from home.actions import ActionPage, ActionRecord, ActionRecordQuerySet
from home.blocks import RICH_TEXT_FEATURES
from home.fields import WORLD_LANGUAGES
from home.models import HeroImagePage
from home.pagecache import public_page

MESSAGE_MAX_LENGTH = 1000
DEFAULT_OPT_IN_NOTICE = _(
    "Yes, email me about this campaign and how I can help. I can stop at any time."
)


class SolidarityWallPage(ActionPage, RoutablePageMixin, HeroImagePage):
    """A wall of messages: unions and supporters speak to the workers a campaign is for.

    Its translations are one wall (home/actions.py): a message posted on the
    French page appears on every language's page.
    """

    class Moderation(models.TextChoices):
        ALL = "all", _("Every message waits for a moderator")
        TRUSTED = "trusted", _("Trusted affiliates' messages publish directly")

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    prompt = models.CharField(
        _("prompt"),
        max_length=200,
        default=_("Send a message of solidarity to migrant workers"),
        help_text=_("Above the form, e.g. “Send a message to migrant workers in Qatar”."),
    )
    default_to_country = CountryField(
        _("messages go to"),
        blank=True,
        help_text=_("The country chosen at first as the message's destination. Optional."),
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.ALL
    )
    posting_open = models.BooleanField(
        _("posting open"), default=True, help_text=_("Untick to stop new messages.")
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("reports before review"),
        default=3,
        help_text=_(
            "A published message goes back to the moderators after this many "
            "different people report it."
        ),
    )
    opt_in_notice = models.TextField(
        _("opt-in notice"),
        max_length=600,
        default=DEFAULT_OPT_IN_NOTICE,
        help_text=_(
            "The text beside the unticked box for further email. It is stored with "
            "each message that ticks it."
        ),
    )

    content_panels = [
        *HeroImagePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("prompt"),
        FieldRowPanel([FieldPanel("default_to_country"), FieldPanel("posting_open")]),
        MultiFieldPanel(
            [FieldPanel("moderation"), FieldPanel("report_threshold")], _("Moderation")
        ),
        FieldPanel("opt_in_notice"),
    ]

    parent_page_types = ["campaigns.CampaignPage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("solidarity wall")
        verbose_name_plural = _("solidarity walls")

    def get_cached_paths(self):
        """The routes a CDN in front may keep, purged with the page on publish."""
        return ["/", "post/", "links/", "print/"]

    @path("", name="index")
    @public_page
    def index_route(self, request):
        from .views import wall_index

        return wall_index(request, self)

    @path("post/", name="post")
    @public_page
    def post_route(self, request):
        from .views import wall_post

        return wall_post(request, self)

    @path("posted/", name="posted")
    def posted_route(self, request):
        from .views import wall_posted

        return wall_posted(request, self)

    @path("confirm/", name="confirm")
    def confirm_route(self, request):
        from .views import message_confirm

        return message_confirm(request, self)

    @path("links/", name="links")
    @public_page
    def links_route(self, request):
        from .views import wall_links

        return wall_links(request, self)

    @path("print/", name="print")
    @public_page
    def print_route(self, request):
        from .views import wall_print

        return wall_print(request, self)

    @path("messages/<int:pk>/", name="message")
    @public_page
    def message_route(self, request, pk):
        from .views import message_detail

        return message_detail(request, self, pk)

    @path("messages/<int:pk>/report/", name="report")
    def report_route(self, request, pk):
        from .views import message_report

        return message_report(request, self, pk)


class MessageQuerySet(ActionRecordQuerySet):
    def public(self):
        return self.filter(status=Message.Status.APPROVED)


class Message(ActionRecord):
    """One message on a wall, from a person or a union, to the workers of a country."""

    action_page_field = "wall"
    # Wagtail indexes the references of every snippet on save, by a task run in
    # the request: a fifth of posting's CPU (bench/walls.py --profile). A
    # message's photo is its own, so "where is this image used" loses nothing.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the sender to confirm")
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")

    wall = models.ForeignKey(
        SolidarityWallPage,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("wall"),
        help_text=_("The translation it was posted on."),
    )
    display_name = models.CharField(_("name shown"), max_length=60)
    organisation = models.CharField(_("union or group"), max_length=200, blank=True)
    affiliate = models.ForeignKey(
        "supporters.Affiliate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("affiliate"),
    )
    from_country = CountryField(_("from"))
    to_country = CountryField(_("to"))
    language = models.CharField(_("language"), max_length=10, choices=WORLD_LANGUAGES)
    text = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    email = models.EmailField(_("email"), max_length=254)
    site_language = models.CharField(max_length=10, editable=False, default="en")
    opt_in = models.BooleanField(_("agreed to campaign email"), default=False, editable=False)
    opt_in_notice = models.TextField(_("opt-in notice shown"), blank=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    rejection_reason = models.TextField(_("reason"), max_length=1000, blank=True)
    reports = models.PositiveIntegerField(_("reports"), default=0, editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    # The sender's confirmation email: claimed by the task sending it, then marked
    # sent (home.queue.claimed_each), so that it goes out once.
    confirmation_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    panels = [
        FieldPanel("text", read_only=True),
        FieldRowPanel([FieldPanel("display_name"), FieldPanel("organisation")]),
        FieldRowPanel(
            [FieldPanel("from_country"), FieldPanel("to_country"), FieldPanel("language")]
        ),
        FieldPanel("image", read_only=True),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("rejection_reason")], _("Moderation")),
    ]

    class Meta:
        verbose_name = _("solidarity message")
        verbose_name_plural = _("solidarity messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["action_key", "status", "created_at"]),
            models.Index(fields=["action_key", "status", "from_country"]),
            models.Index(fields=["action_key", "status", "to_country"]),
            models.Index(fields=["action_key", "status", "language"]),
            models.Index(fields=["status", "created_at"]),
            # Finding the same message posted again by its sender, and what a
            # connection posted in the last hour (solidarity.selectors.posted_before).
            models.Index(fields=["action_key", "email"]),
            models.Index(fields=["ip_hash", "created_at"]),
        ]

    def __str__(self):
        return f"{self.display_name}: {self.text[:60]}"


class MessageReport(models.Model):
    """Someone reported a published message; each person counts once."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="+")
    reporter = models.CharField(max_length=64, help_text="A salted hash of their address.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="solidarity_report_once")
        ]

    def __str__(self):
        return f"{self.message_id}"


class WallFigures(models.Model):
    """A wall's public figures and its origin → destination pairs, counted by the
    worker after each change rather than on every view."""

    action_key = models.UUIDField(unique=True)
    messages = models.PositiveIntegerField(default=0)
    countries = models.PositiveIntegerField(default=0)
    pairs = models.JSONField(default=list)
    from_countries = models.JSONField(default=list)
    to_countries = models.JSONField(default=list)
    languages = models.JSONField(default=list)
    updated_at = models.DateTimeField(null=True)

    def __str__(self):
        return str(self.action_key)
