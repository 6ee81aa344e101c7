import copy

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction, Site
from wagtail.search import index

from .blocks import BaseStreamBlock
from .memory import DRAWN_FROM, kept_until_pages_change
from .pagecache import public_page


class BasePage(Page):
    """Fields every public page shares: what it looks like when shared on social media."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sharing image"),
        help_text=_(
            "Shown when the page is shared on WhatsApp, Facebook and elsewhere. "
            "1200 × 630 pixels works best; the hero image is used if empty."
        ),
    )
    social_text = models.CharField(
        _("sharing text"),
        max_length=280,
        blank=True,
        help_text=_(
            "The short text shown with a shared link, and pre-filled in share messages. "
            "The search description or summary is used if empty."
        ),
    )

    promote_panels = [
        *Page.promote_panels,
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("social_text")],
            heading=_("Sharing"),
        ),
    ]

    # Set on a page kept by home.routes: it was shared with every anonymous visitor.
    shown_to_everyone = False

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        if self.shown_to_everyone:
            # Any restriction added since moved the pages' generation, and this
            # copy of the page is no longer used.
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @public_page
    def serve(self, request, *args, **kwargs):
        # A routable page's routes do not come through here: each says itself
        # whether what it shows may be shared (public_page) or not.
        return super().serve(request, *args, **kwargs)

    @property
    def sharing_image(self):
        return self.social_image or getattr(self, "hero_image", None)

    @property
    def sharing_text(self):
        return self.social_text or self.search_description or getattr(self, "summary", "")

    # What a card for this page shows in lists (components/page_card.html).
    @property
    def card_label(self):
        return capfirst(self._meta.verbose_name)

    @property
    def card_badge(self):
        return self._meta.model_name

    @property
    def card_status(self):
        """(code, label) of a page that is no longer current, e.g. ("closed", "Closed"); or None."""
        return None

    @property
    def card_text(self):
        return getattr(self, "summary", "") or self.sharing_text


class HeroImagePage(BasePage):
    """A page with a wide photo at the top, and its alternative text."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
        help_text=_("A wide photo at the top of the page. Optional: the page is lighter without."),
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_(
            "Describe the photo for people who cannot see it. "
            "Leave empty to use the image's own description."
        ),
    )

    hero_panel = MultiFieldPanel(
        [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")
    )

    class Meta:
        abstract = True

    @property
    def hero_alt(self):
        if self.hero_image_alt:
            return self.hero_image_alt
        if self.hero_image:
            return self.hero_image.description or self.hero_image.title
        return ""


class HomePage(HeroImagePage):
    """The front page of one language of the site."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences under the site's name, saying what the site is for."),
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("Shown under the list of current campaigns."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        HeroImagePage.hero_panel,
        InlinePanel(
            "features",
            heading=_("Featured"),
            label=_("Featured page"),
            help_text=_(
                "Campaigns and actions shown first, in this order (drag to reorder). "
                "Leave empty to show the newest active campaigns."
            ),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_features

        context = super().get_context(request, *args, **kwargs)
        context["features"] = home_features(home=self)
        return context


# The page types editors may feature on a home page. Named by string: home is the
# ground floor and imports none of the apps above it (README, Architecture).
FEATURABLE_PAGE_TYPES = ["campaigns.CampaignPage", "petitions.PetitionPage"]


class HomePageFeature(Orderable):
    """A page featured on a home page; shown in the home page's language where it is translated."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="features")
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
        help_text=_("A campaign or an action. Its translation is shown on translated home pages."),
    )

    panels = [PageChooserPanel("page", page_type=FEATURABLE_PAGE_TYPES)]

    class Meta(Orderable.Meta):
        verbose_name = _("featured page")
        verbose_name_plural = _("featured pages")

    def __str__(self):
        return str(self.page)


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The organisation behind the site, shown in the header and footer."""

    organisation_name = models.CharField(
        _("organisation name"),
        max_length=120,
        default="Mobilise",
        help_text=_("Shown at the top of every page."),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=160,
        blank=True,
        help_text=_("A short line under the organisation name."),
    )
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("The public address for questions, shown in the footer."),
    )
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        max_length=600,
        help_text=_("For example, who publishes the site and how to reach them."),
    )

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("tagline"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    @classmethod
    def for_request(cls, request):
        # Read on every page, changed rarely: a change moves the pages'
        # generation (home/signals.py). Each request gets its own copy, as
        # Wagtail writes the request into it.
        name = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if hasattr(request, name) or site is None:
            return super().for_request(request)
        key = ("settings", site.pk)
        kept = kept_until_pages_change(DRAWN_FROM, key, lambda: cls.for_site(site))
        instance = copy.copy(kept)
        instance._request = request
        setattr(request, name, instance)
        return instance

    class Meta:
        verbose_name = _("site settings")
