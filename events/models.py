"""Days of action, and the event actions affiliates register for them."""

import zoneinfo
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from home.actions import ActionPage, ActionRecord, ActionRecordQuerySet
from home.blocks import RICH_TEXT_FEATURES
from home.fields import WORLD_LANGUAGES
from home.models import HeroImagePage
from home.pagecache import public_page

# An action is registered for a day of action at most this far from the day.
DAY_WINDOW = timedelta(days=31)
MAX_DURATION = timedelta(days=7)
MAX_PARTICIPANTS = 1_000_000


def time_zone_validate(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _(
                "“%(value)s” is not a time zone we know. "
                "Choose one from the list, e.g. Asia/Kathmandu."
            ),
            params={"value": value},
            code="time_zone",
        )


# Links that open in a browser: no javascript:, data: or file: links on our pages.
web_link_validate = URLValidator(schemes=["http", "https"])


class DayOfActionPage(ActionPage, RoutablePageMixin, HeroImagePage):
    """A global day of action (International Migrants Day, Human Rights Day) that
    affiliates register their own event actions for.

    Its translations are one day of action (home/actions.py): an action
    registered on the French page counts and is listed on every language's page.
    """

    starts_on = models.DateField(_("day"), help_text=_("The day of action, e.g. 18 December."))
    ends_on = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("For a week of action: its last day. Leave empty for a single day."),
    )
    intro = RichTextField(
        _("introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What the day is for and what affiliates are asked to do."),
    )
    registration_open = models.BooleanField(
        _("registration open"),
        default=True,
        help_text=_("Untick to stop new actions being registered."),
    )

    content_panels = [
        *HeroImagePage.content_panels,
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("intro"),
        FieldPanel("registration_open"),
        InlinePanel(
            "toolkit",
            heading=_("Toolkit"),
            label=_("Material"),
            help_text=_("Posters, leaflets and guides affiliates download, each in its language."),
        ),
    ]

    parent_page_types = ["campaigns.CampaignPage", "home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("day of action")
        verbose_name_plural = _("days of action")

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first.")})

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    def registration_window(self):
        """When an action for this day may start: a month either side of it."""
        return self.starts_on - DAY_WINDOW, self.last_day + DAY_WINDOW

    def get_cached_paths(self):
        """The routes a CDN in front may keep, purged with the page on publish."""
        return ["/", "calendar/", "map/"]

    @path("", name="index")
    @public_page
    def index_route(self, request):
        from .views.public import day_index

        return day_index(request, self)

    @path("register/", name="register")
    def register_route(self, request):
        from .views.public import day_register

        return day_register(request, self)

    @path("registered/", name="registered")
    def registered_route(self, request):
        from .views.public import day_registered

        return day_registered(request, self)

    @path("manage/", name="manage")
    def manage_route(self, request):
        from .views.public import day_manage

        return day_manage(request, self)

    @path("manage-link/", name="manage_link")
    def manage_link_route(self, request):
        from .views.public import day_manage_link

        return day_manage_link(request, self)

    @path("calendar/", name="calendar")
    def calendar_route(self, request):
        from .views.public import day_calendar

        return day_calendar(request, self)

    @path("map/", name="map")
    def map_route(self, request):
        from .views.public import day_map

        return day_map(request, self)

    @path("rsvp/", name="rsvp")
    def rsvp_route(self, request):
        from .views.public import rsvp_manage

        return rsvp_manage(request, self)

    @path("manage/rsvps/", name="rsvps_csv")
    def rsvps_csv_route(self, request):
        from .views.public import rsvps_csv

        return rsvps_csv(request, self)

    @path("manage/report/", name="report")
    def report_route(self, request):
        from .views.public import day_report

        return day_report(request, self)

    @path("actions/<int:pk>/calendar/", name="action_calendar")
    @public_page
    def action_calendar_route(self, request, pk):
        from .views.public import action_calendar

        return action_calendar(request, self, pk)

    @path("actions/<int:pk>/", name="action")
    @public_page
    def action_route(self, request, pk):
        from .views.public import action_detail

        return action_detail(request, self, pk)


class ToolkitItem(Orderable):
    """A material affiliates download for the day: a poster, a leaflet, a guide."""

    page = ParentalKey(DayOfActionPage, on_delete=models.CASCADE, related_name="toolkit")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(
        _("title"), max_length=150, blank=True, help_text=_("Leave empty to use the document's.")
    )
    language = models.CharField(_("language"), max_length=10, choices=WORLD_LANGUAGES, default="en")

    panels = [FieldPanel("document"), FieldPanel("title"), FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("toolkit")

    def __str__(self):
        return self.title or self.document.title


def online_q():
    """Actions held online: the online kind, or a link with no venue."""
    return Q(kind=EventAction.Kind.ONLINE) | (~Q(online_url="") & Q(venue=""))


class EventActionQuerySet(ActionRecordQuerySet):
    def public(self):
        return self.filter(status=EventAction.Status.APPROVED)

    def online(self):
        return self.filter(online_q())

    def in_person(self):
        return self.exclude(online_q())


class EventAction(ActionRecord):
    """What one affiliate will do on a day of action: a rally, a workshop, a match.

    Times are stored in UTC with the event's own time zone, so that visitors see
    the local time with its zone named and calendars get the right moment.
    """

    action_page_field = "day"

    class Kind(models.TextChoices):
        RALLY = "rally", _("Rally")
        # Not the month: Django dates look up "March" with no context.
        MARCH = "march", pgettext_lazy("a kind of event: people walking together", "March")
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        PRESS = "press", _("Press conference")
        SPORTS = "sports", _("Sports or cultural event")
        ONLINE = "online", _("Online event")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the organiser to confirm")
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Published")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    day = models.ForeignKey(
        DayOfActionPage,
        on_delete=models.CASCADE,
        related_name="event_actions",
        verbose_name=_("day of action"),
        help_text=_("The translation it was registered on."),
    )
    affiliate = models.ForeignKey(
        "supporters.Affiliate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_actions",
        verbose_name=_("affiliate"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("The union or group organising it, as the organiser named it."),
    )
    organiser_name = models.CharField(_("organiser's name"), max_length=100)
    organiser_email = models.EmailField(_("organiser's email"), max_length=254)
    language = models.CharField(
        _("organiser's language"), max_length=10, help_text=_("Emails are sent in it.")
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), max_length=2000)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    online_url = models.URLField(
        _("online link"), max_length=500, blank=True, validators=[web_link_validate]
    )
    starts_at = models.DateTimeField(_("starts"))
    # The start's date where it happens, kept for the list's date filter.
    local_day = models.DateField(_("local date"), null=True, editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[time_zone_validate])
    expected_participants = models.PositiveIntegerField(
        _("expected participants"), validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        help_text=_("The languages the event is held in, e.g. Nepali, Arabic, English."),
    )
    rsvp_open = models.BooleanField(_("the public may RSVP"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PARTICIPANTS)],
        help_text=_("Places for people who RSVP; empty for no limit."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    rejection_reason = models.TextField(_("reason for rejecting"), max_length=1000, blank=True)
    # Raised when the organiser asks for a new manage link: older links stop working.
    manage_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("approved or rejected"), null=True, blank=True)

    objects = EventActionQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("day"),
                FieldPanel("title"),
                FieldPanel("kind"),
                FieldPanel("description"),
            ],
            _("What"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("affiliate"),
                FieldPanel("organisation"),
                FieldPanel("organiser_name"),
                # Personal data: only the supporter-data role sees or changes it.
                FieldPanel("organiser_email", permission="supporters.view_personal_data"),
            ],
            _("Who"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
                FieldPanel("venue"),
                FieldPanel("online_url"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("time_zone"),
            ],
            _("Where and when"),
        ),
        FieldRowPanel([FieldPanel("expected_participants"), FieldPanel("languages")]),
        FieldRowPanel([FieldPanel("rsvp_open"), FieldPanel("capacity")]),
        MultiFieldPanel([FieldPanel("status"), FieldPanel("rejection_reason")], _("Approval")),
    ]

    class Meta:
        verbose_name = _("event action")
        verbose_name_plural = _("event actions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["action_key", "status", "starts_at"]),
            models.Index(fields=["action_key", "status", "country"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.zone)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.zone)

    @property
    def is_online(self):
        return self.kind == self.Kind.ONLINE or (bool(self.online_url) and not self.venue)

    def save(self, *args, **kwargs):
        self.local_day = self.local_start.date()
        if kwargs.get("update_fields") is not None and "starts_at" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "local_day"}
        super().save(*args, **kwargs)

    @property
    def email_masked(self):
        from supporters.selectors import email_masked

        return email_masked(self.organiser_email)

    def places_left(self, going):
        if self.capacity is None:
            return None
        return max(0, self.capacity - going)

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The end must be after the start.")
            elif self.ends_at - self.starts_at > MAX_DURATION:
                errors["ends_at"] = _("An action lasts at most 7 days; register each part apart.")
        if self.kind == self.Kind.ONLINE and not self.online_url:
            errors["online_url"] = _("Give the link people join the online event with.")
        if self.kind != self.Kind.ONLINE and not (self.venue or self.city or self.online_url):
            errors["venue"] = _("Say where it takes place: a venue and city, or an online link.")
        if self.capacity is not None and not self.rsvp_open:
            self.capacity = None
        if errors:
            raise ValidationError(errors)


class EventRsvpQuerySet(ActionRecordQuerySet):
    def going(self):
        return self.filter(status=EventRsvp.Status.GOING)

    def waiting(self):
        return self.filter(status=EventRsvp.Status.WAITING)


class EventRsvp(ActionRecord):
    """A supporter's "I will come" to an event action, or their place on its waiting list.

    The organiser sees the name and email (the supporter agreed to it); the
    supporter cancels with their own link, and the first on the waiting list
    takes the place.
    """

    action_page_field = "day"

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        EventAction, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("action")
    )
    day = models.ForeignKey(
        DayOfActionPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("day")
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("replied"), default=timezone.now, editable=False)
    promoted_at = models.DateTimeField(_("given a place"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # Held by the task sending the reminder; lapses if that task dies (services.py).
    reminder_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EventRsvpQuerySet.as_manager()

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["created_at", "pk"]
        constraints = [
            # One reply per person per action (cancelled ones aside): no one
            # holds two places, whatever the race.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="events_rsvp_one_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return self.name


class DayFigures(models.Model):
    """A day of action's public figures, counted by the worker after each change
    rather than on every view (the page and its map read this one row)."""

    action_key = models.UUIDField(unique=True)
    actions = models.PositiveIntegerField(default=0)
    countries = models.PositiveIntegerField(default=0)
    participants = models.PositiveBigIntegerField(default=0)
    by_country = models.JSONField(default=dict)
    # The local dates actions start on, for the list's date filter.
    dates = models.JSONField(default=list)
    updated_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("day of action figures")
        verbose_name_plural = _("day of action figures")

    def __str__(self):
        return str(self.action_key)


class EventReport(models.Model):
    """What happened, as the organiser reports it after the event."""

    class Outcome(models.TextChoices):
        AS_PLANNED = "planned", _("It took place as planned")
        SMALLER = "smaller", _("It took place, smaller than planned")
        LARGER = "larger", _("It took place, larger than planned")
        DISRUPTED = "disrupted", _("It was stopped or disrupted")
        NOT_HELD = "not_held", _("It did not take place")

    event = models.OneToOneField(
        EventAction, on_delete=models.CASCADE, related_name="report", verbose_name=_("action")
    )
    participants = models.PositiveIntegerField(
        _("participants"), validators=[MaxValueValidator(MAX_PARTICIPANTS)]
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    summary = models.TextField(_("what happened"), max_length=3000)
    press_links = models.TextField(_("press coverage"), blank=True, help_text=_("One link a line."))
    public = models.BooleanField(_("shown on the action's page"), default=False)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return str(self.event)

    @property
    def links(self):
        return [line for line in self.press_links.splitlines() if line.strip()]


class EventReportPhoto(models.Model):
    """A photo sent with a report, kept as a Wagtail image (cleaned of metadata on save)."""

    report = models.ForeignKey(EventReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["pk"]

    def __str__(self):
        return self.caption or str(self.image)
