from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Affiliate, Supporter


class AffiliateViewSet(SnippetViewSet):
    model = Affiliate
    icon = "group"
    menu_label = _("Affiliates")
    list_display = ["name", "acronym", "code", "country", "sector", "trusted"]
    list_filter = ["sector", "trusted"]
    search_fields = ["name", "acronym", "code"]
    ordering = ["name"]


class SupporterViewSet(SnippetViewSet):
    model = Supporter
    icon = "user"
    menu_label = _("Supporters")
    list_display = ["email", "first_name", "last_name", "country", "email_consent", "created_at"]
    list_filter = ["email_consent", "language"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["-created_at"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("email"),
            FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
            FieldRowPanel([FieldPanel("country"), FieldPanel("language")]),
            FieldPanel("affiliate"),
            FieldPanel("email_consent", read_only=True),
        ]
    )


class SupportersGroup(SnippetViewSetGroup):
    items = (SupporterViewSet, AffiliateViewSet)
    menu_icon = "group"
    menu_label = _("Supporters")
    menu_name = "supporters"
    menu_order = 210


register_snippet(SupportersGroup)
