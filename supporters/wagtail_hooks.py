from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.generic import InspectView
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
    # Plain database lookups: no copy of supporters' details in a search index.
    search_backend_name = None
    ordering = ["name"]


class SupporterInspectView(InspectView):
    """What we hold about a supporter: their details, what they did, what they agreed to."""

    extra_labels = {"activities": _("Actions"), "consents": _("Email consent history")}

    def get_field_label(self, field_name, field):
        if field_name in self.extra_labels:
            return self.extra_labels[field_name]
        return super().get_field_label(field_name, field)

    def get_activities_display_value(self):
        activities = self.object.activities.select_related("page").order_by("-occurred_at")
        rows = format_html_join(
            "",
            "<li>{} · {} · {}{}</li>",
            (
                (
                    f"{a.occurred_at:%Y-%m-%d %H:%M}",
                    a.get_kind_display(),
                    a.page.title if a.page else "—",
                    f" ({a.source})" if a.source else "",
                )
                for a in activities
            ),
        )
        return format_html("<ul>{}</ul>", rows) if rows else "—"

    def get_consents_display_value(self):
        rows = format_html_join(
            "",
            "<li>{} · {} · “{}”</li>",
            (
                (
                    f"{c.recorded_at:%Y-%m-%d %H:%M}",
                    _("given") if c.given else _("withdrawn"),
                    c.notice,
                )
                for c in self.object.consents.all()
            ),
        )
        return format_html("<ul>{}</ul>", rows) if rows else "—"


class SupporterViewSet(SnippetViewSet):
    model = Supporter
    icon = "user"
    menu_label = _("Supporters")
    list_display = ["email", "first_name", "last_name", "country", "email_consent", "created_at"]
    list_filter = ["email_consent", "language"]
    search_fields = ["email", "first_name", "last_name"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_class = SupporterInspectView
    inspect_view_fields = [
        "email",
        "first_name",
        "last_name",
        "country",
        "language",
        "affiliate",
        "email_consent",
        "created_at",
        "activities",
        "consents",
    ]
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
