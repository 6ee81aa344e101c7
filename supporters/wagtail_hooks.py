from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.generic import InspectView
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import views
from .access import personal_data_allowed
from .models import Affiliate, Supporter, Topic


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


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Email topics")
    list_display = ["name", "slug", "sort_order"]
    search_backend_name = None
    ordering = ["sort_order", "name"]


class SupporterInspectView(InspectView):
    """What we hold about a supporter: their details, what they did, what they agreed to."""

    extra_labels = {"activities": _("Actions"), "consents": _("Email consent history")}

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        pk = self.object.pk
        if personal_data_allowed(self.request.user):
            url = reverse(f"{views.SUPPORTER_ADMIN}:export", args=[pk])
            label = _("Download data (JSON)")
            buttons.append(Button(label, url, icon_name="download", priority=30))
        if personal_data_allowed(self.request.user):
            url = reverse(f"{views.SUPPORTER_ADMIN}:erase", args=[pk])
            buttons.append(Button(_("Erase"), url, icon_name="bin", priority=40))
        return buttons

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


class PersonalDataPolicy(ModelPermissionPolicy):
    """Supporters' own screens (list, details, edit) are for the "Supporter data" role alone."""

    def user_has_permission(self, user, action):
        return personal_data_allowed(user) and super().user_has_permission(user, action)


register_permission_policy(Supporter, PersonalDataPolicy(Supporter))


class SupporterViewSet(SnippetViewSet):
    model = Supporter
    icon = "user"
    menu_label = _("Supporters")
    list_display = ["email", "first_name", "last_name", "country", "email_consent", "created_at"]
    list_filter = ["email_consent", "language", "suppressed_reason"]
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
        "suppressed_at",
        "suppressed_reason",
        "topics_muted",
        "tags",
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
            FieldRowPanel(
                [
                    FieldPanel("suppressed_at", read_only=True),
                    FieldPanel("suppressed_reason", read_only=True),
                ]
            ),
            FieldPanel("tags"),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("export/<str:pk>/", views.SupporterExportView.as_view(), name="export"),
            path("erase/<str:pk>/", views.SupporterEraseView.as_view(), name="erase"),
        ]


class SupportersGroup(SnippetViewSetGroup):
    items = (SupporterViewSet, AffiliateViewSet, TopicViewSet)
    menu_icon = "group"
    menu_label = _("Supporters")
    menu_name = "supporters"
    menu_order = 210


register_snippet(SupportersGroup)


@hooks.register("register_log_actions")
def register_supporter_log_actions(actions):
    @actions.register_action("supporters.export")
    class ExportMessage(LogFormatter):
        label = _("Download a supporter's data")

        def format_message(self, log_entry):
            return _("Downloaded everything held about the supporter (JSON)")

    @actions.register_action("supporters.erase")
    class EraseMessage(LogFormatter):
        label = _("Erase a supporter")

        def format_message(self, log_entry):
            if log_entry.data.get("by") == "self":
                return _("The supporter erased their data with the emailed link")
            return _("Erased the supporter and anonymised their signatures")
