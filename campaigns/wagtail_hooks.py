from django.urls import path, reverse, reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import views
from .models import Convention, Ratification, Target
from .selectors import campaigns_featured


@hooks.register("home_featured_pages")
def newest_active_campaigns(*, locale, limit):
    """What a home page features when its editors chose nothing."""
    return campaigns_featured(locale=locale, limit=limit)


class TargetViewSet(SnippetViewSet):
    model = Target
    icon = "crosshairs"
    menu_label = _("Targets")
    list_display = ["name", "kind", "country", "status", "response_date", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "description"]
    # The database search backend cannot restrict a query to these fields on SQLite.
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50


class ConventionViewSet(SnippetViewSet):
    model = Convention
    icon = "doc-full"
    menu_label = _("Conventions")
    list_display = ["code", "short_title", "body", "year_adopted"]
    ordering = ["sort_order", "code"]


class RatificationIndexView(SnippetIndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if views.can_import_ratifications(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Import CSV"),
                    url=reverse("campaigns_ratification_import"),
                    icon_name="upload",
                    priority=20,
                )
            )
        return buttons


class RatificationViewSet(SnippetViewSet):
    model = Ratification
    index_view_class = RatificationIndexView
    icon = "tick-inverse"
    menu_label = _("Ratifications")
    list_display = ["country", "convention", "status", "date", "note", "updated_at"]
    list_filter = ["convention", "status"]
    ordering = ["convention__sort_order", "country"]
    list_per_page = 100


class ImportRatificationsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_import_ratifications(request.user)


class CampaignDataGroup(SnippetViewSetGroup):
    items = (TargetViewSet, ConventionViewSet, RatificationViewSet)
    menu_icon = "globe"
    menu_label = _("Campaign data")
    menu_name = "campaign-data"
    menu_order = 200

    def get_submenu_items(self):
        # The import is not a viewset, so it joins the group's menu by hand.
        items = super().get_submenu_items()
        items.append(
            ImportRatificationsMenuItem(
                _("Import ratifications"),
                reverse_lazy("campaigns_ratification_import"),
                name="import-ratifications",
                icon_name="upload",
                order=len(items) + 1,
            )
        )
        return items


register_snippet(CampaignDataGroup)


@hooks.register("register_admin_urls")
def register_ratification_import_urls():
    return [
        path(
            "ratifications/import/",
            views.RatificationImportView.as_view(),
            name="campaigns_ratification_import",
        ),
        path(
            "ratifications/import/example.csv",
            views.ratification_import_example,
            name="campaigns_ratification_import_example",
        ),
    ]
