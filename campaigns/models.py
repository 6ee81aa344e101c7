from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, RevisionMixin, TranslatableMixin
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from home.models import BasePage, HeroImagePage

from .regions import Region, region_of


class Convention(models.Model):
    """An international labour standard a ratification drive asks countries to ratify."""

    class Body(models.TextChoices):
        ILO = "ilo", _("International Labour Organization")
        UN = "un", _("United Nations")

    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        help_text=_("As used in the CSV import and short labels, e.g. C189 or UN1990."),
    )
    short_title = models.CharField(
        _("short title"),
        max_length=120,
        help_text=_("e.g. Domestic Workers Convention"),
    )
    title = models.CharField(
        _("full title"),
        max_length=300,
        blank=True,
        help_text=_("The title as adopted, e.g. Domestic Workers Convention, 2011 (No. 189)."),
    )
    body = models.CharField(
        _("adopted by"),
        max_length=8,
        choices=Body.choices,
        default=Body.ILO,
        help_text=_("The organisation that adopted the convention."),
    )
    year_adopted = models.PositiveSmallIntegerField(
        _("year adopted"), null=True, blank=True, help_text=_("e.g. 2011")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences on what the convention guarantees workers."),
    )
    official_url = models.URLField(
        _("official text"),
        blank=True,
        help_text=_("Link to the text on the ILO or UN website."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the tracker.")
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("body"), FieldPanel("year_adopted")]),
        FieldPanel("short_title"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("official_url"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")

    def __str__(self):
        return f"{self.code} – {self.short_title}"


class RatificationQuerySet(models.QuerySet):
    def ratified(self):
        """Ratifications that stand: in force or registered, not denounced."""
        return self.exclude(status=Ratification.Status.DENOUNCED)


class Ratification(models.Model):
    """One country's ratification of one convention. No row means not ratified."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        NOT_IN_FORCE = "not_in_force", _("Ratified, not yet in force")
        DENOUNCED = "denounced", _("Denounced")

    convention = models.ForeignKey(
        Convention,
        on_delete=models.CASCADE,
        related_name="ratifications",
        verbose_name=_("convention"),
    )
    country = CountryField(_("country"), help_text=_("The ratifying State."))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.IN_FORCE,
        help_text=_("Conventions enter into force for a country 12 months after ratification."),
    )
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("Date the ratification was registered.")
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Source or remark, e.g. “Demo data” or a NORMLEX reference."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RatificationQuerySet.as_manager()

    panels = [
        FieldPanel("convention"),
        FieldPanel("country"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("date")]),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["convention__sort_order", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "country"], name="unique_ratification_per_country"
            )
        ]
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")

    def __str__(self):
        return f"{self.country.name}: {self.convention.code} ({self.get_status_display()})"

    @property
    def region(self):
        return region_of(self.country.code)


class TargetQuerySet(models.QuerySet):
    def in_country(self, code):
        return self.filter(country=code)


class Target(RevisionMixin, index.Indexed, models.Model):
    """A government, ministry, company, recruitment agency or international body a
    campaign asks to act, with its public response shown on a scorecard."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        MINISTRY = "ministry", _("Ministry")
        COMPANY = "company", _("Company")
        RECRUITMENT_AGENCY = "recruitment_agency", _("Recruitment agency")
        INTERNATIONAL_BODY = "international_body", _("International body")
        EMPLOYERS = "employers", _("Employers' organisation")

    class Status(models.TextChoices):
        NO_RESPONSE = "no_response", _("No response")
        RESPONDED = "responded", _("Responded")
        COMMITTED = "committed", _("Committed to act")
        ACTED = "acted", _("Acted")

    name = models.CharField(
        _("name"), max_length=200, help_text=_("e.g. Ministry of Labour of Qatar.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=24,
        choices=Kind.choices,
        default=Kind.GOVERNMENT,
        help_text=_("What sort of body this is."),
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Leave empty for international bodies.")
    )
    description = models.TextField(
        _("why we target them"),
        blank=True,
        max_length=1000,
        help_text=_("A sentence or two the public sees on the scorecard."),
    )
    contact_email = models.EmailField(
        _("public contact email"), blank=True, help_text=_("Only a publicly listed address.")
    )
    website = models.URLField(_("website"), blank=True, help_text=_("Their official website."))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.NO_RESPONSE,
        help_text=_("Where they stand on our demands, shown publicly."),
    )
    response = models.TextField(
        _("their public response"),
        blank=True,
        max_length=2000,
        help_text=_("What they said, quoted faithfully. Leave empty if they have not answered."),
    )
    response_date = models.DateField(
        _("response date"), null=True, blank=True, help_text=_("When they said it.")
    )
    response_url = models.URLField(
        _("response source"), blank=True, help_text=_("Where the response was published.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TargetQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("website")], heading=_("Public contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("response"),
                FieldRowPanel([FieldPanel("response_date"), FieldPanel("response_url")]),
            ],
            heading=_("Their response"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        if self.country:
            return f"{self.name} ({self.country.name})"
        return self.name

    def clean(self):
        if self.response_date and not self.response:
            raise ValidationError({"response": _("Give the response that was made on this date.")})


class CampaignIndexPage(BasePage):
    """Lists a language's live campaigns, filtered by kind and status."""

    intro = models.TextField(
        _("introduction"), blank=True, max_length=600, help_text=_("Shown above the list.")
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]

    class Meta:
        verbose_name = _("campaign list")
        verbose_name_plural = _("campaign lists")

    def get_context(self, request, *args, **kwargs):
        from .forms import CampaignFilterForm
        from .selectors import campaigns_live

        context = super().get_context(request, *args, **kwargs)
        form = CampaignFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        campaigns = campaigns_live(
            parent=self, kind=filters.get("kind") or None, status=filters.get("status") or None
        )
        query = request.GET.copy()
        query.pop("page", None)
        context["filter_form"] = form
        context["filter_query"] = query.urlencode()
        context["campaigns"] = Paginator(campaigns, 12).get_page(request.GET.get("page"))
        return context


class CampaignPage(HeroImagePage):
    """One campaign: the story, the demands, who it targets and how far it has got."""

    class Kind(models.TextChoices):
        RATIFICATION = "ratification", _("Ratification drive")
        URGENT_ACTION = "urgent_action", _("Urgent action")
        DAY_OF_ACTION = "day_of_action", _("Day of action")
        ORGANISING = "organising", _("Organising drive")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WON = "won", _("Won")
        CLOSED = "closed", _("Closed")

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences: what is wrong and what we demand. Shown in lists."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.URGENT_ACTION,
        help_text=_("Ratification drives also show which countries have not ratified."),
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text=_("Won and closed campaigns stay online as a record."),
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("When the campaign began.")
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("For a day of action, the day itself; otherwise when the campaign ends."),
    )
    convention = models.ForeignKey(
        Convention,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("convention"),
        help_text=_("Required for a ratification drive: the convention it asks for."),
    )
    default_ask = models.TextField(
        _("ask to every government"),
        blank=True,
        max_length=600,
        help_text=_(
            "For a ratification drive: what we ask each government that has not ratified, "
            "where no target below has its own ask."
        ),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        HeroImagePage.hero_panel,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("status")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("convention"),
                FieldPanel("default_ask"),
            ],
            heading=_("About the campaign"),
        ),
        FieldPanel("body"),
        InlinePanel("goals", heading=_("Goals"), label=_("Goal")),
        InlinePanel("campaign_targets", heading=_("Targets"), label=_("Target")),
        InlinePanel("updates", heading=_("Campaign updates"), label=_("Update")),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("status"),
    ]

    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = [
        "petitions.PetitionPage",
        "events.DayOfActionPage",
        "solidarity.SolidarityWallPage",
    ]

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    @property
    def is_ratification_drive(self):
        return self.kind == self.Kind.RATIFICATION

    @property
    def card_label(self):
        return self.get_kind_display()

    @property
    def card_badge(self):
        return self.kind

    @property
    def card_status(self):
        if self.status == self.Status.ACTIVE:
            return None
        return self.status, self.get_status_display()

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.RATIFICATION and not self.convention_id:
            errors["convention"] = _("Choose the convention this ratification drive asks for.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date must be on or after the start date.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from .selectors import campaign_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(campaign_detail(campaign=self))
        return context


class CampaignGoal(TranslatableMixin, Orderable):
    """A measurable goal shown with its progress, e.g. “affiliates mobilised 12 / 40”."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="goals")
    label = models.CharField(
        _("what is counted"), max_length=120, help_text=_("e.g. affiliates mobilised")
    )
    current = models.PositiveIntegerField(_("so far"), default=0, help_text=_("Reached so far."))
    target = models.PositiveIntegerField(_("goal"), help_text=_("The number we aim for."))

    panels = [FieldPanel("label"), FieldRowPanel([FieldPanel("current"), FieldPanel("target")])]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return f"{self.label}: {self.current} / {self.target}"

    @property
    def percent(self):
        if not self.target:
            return 0
        return min(100, round(100 * self.current / self.target))

    def clean(self):
        if self.target == 0:
            raise ValidationError({"target": _("The goal must be more than zero.")})


class CampaignTarget(TranslatableMixin, Orderable):
    """A target named by a campaign, with what the campaign asks of it."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="campaign_targets")
    target = models.ForeignKey(
        Target,
        on_delete=models.CASCADE,
        related_name="campaign_links",
        verbose_name=_("target"),
        help_text=_("Create targets under Campaign data › Targets."),
    )
    ask = models.TextField(
        _("what we ask them"),
        blank=True,
        max_length=600,
        help_text=_("e.g. Ratify C189 before 16 June. Shown beside the target on the scorecard."),
    )

    panels = [FieldPanel("target"), FieldPanel("ask")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("campaign target")
        verbose_name_plural = _("campaign targets")

    def __str__(self):
        return str(self.target)


class CampaignUpdate(TranslatableMixin, Orderable):
    """Dated news on a campaign, newest first."""

    page = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), help_text=_("When this happened."))
    title = models.CharField(_("title"), max_length=160, help_text=_("One line of news."))
    text = RichTextField(
        _("text"), blank=True, features=RICH_TEXT_FEATURES, help_text=_("The details.")
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("title")]), FieldPanel("text")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["-date", "sort_order"]
        verbose_name = _("campaign update")
        verbose_name_plural = _("campaign updates")

    def __str__(self):
        return self.title


class RatificationTrackerPage(BasePage):
    """The public table of which countries have ratified which conventions."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=800,
        help_text=_("Explain what the table shows and where the data comes from."),
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ratification tracker")
        verbose_name_plural = _("ratification trackers")

    def get_context(self, request, *args, **kwargs):
        from .forms import TrackerFilterForm
        from .selectors import tracker_table

        context = super().get_context(request, *args, **kwargs)
        form = TrackerFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["regions"] = Region
        context.update(
            tracker_table(
                region=filters.get("region") or None, country=filters.get("country") or None
            )
        )
        return context
