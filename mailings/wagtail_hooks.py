"""The staff's side of mailings in the Wagtail admin: the "Mailings" menu with
mailings (compose, check, preview, test, send or schedule, follow) and audiences
(saved filters over supporters, with their live size). The views are in views.py."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import views
from .forms import AudienceForm, MailingForm
from .models import Audience, Mailing
from .selectors import audience_size


class AudienceSizePanel(Panel):
    """“This audience reaches N people…”, kept current by audience-size.js as staff
    change the filters; without JavaScript, the saved audience's size."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "mailings/admin/audience_size_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["size"] = audience_size(audience=self.instance) if self.instance.pk else None
            context["size_url"] = reverse(f"{views.AUDIENCE_ADMIN}:size")
            return context


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = _("Audiences")
    admin_url_namespace = views.AUDIENCE_ADMIN
    base_url_path = "mailings/audiences"
    list_display = [
        "name",
        NumberColumn("size", label=_("Size"), accessor=views.audience_size_display),
        DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
    ]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            AudienceSizePanel(heading=_("Size")),
            FieldPanel("pages"),
            FieldPanel("countries"),
            FieldPanel("languages"),
            FieldPanel("affiliates"),
            FieldPanel("tags"),
            FieldRowPanel([FieldPanel("joined_from"), FieldPanel("joined_to")]),
        ],
        base_form_class=AudienceForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("size/", views.AudienceSizeView.as_view(), name="size"),
        ]


class MailingViewSet(SnippetViewSet):
    model = Mailing
    icon = "mail"
    menu_label = _("Mailings")
    admin_url_namespace = views.MAILING_ADMIN
    base_url_path = "mailings/mailings"
    index_view_class = views.MailingIndexView
    add_view_class = views.MailingCreateView
    edit_view_class = views.MailingEditView
    delete_view_class = views.MailingDeleteView
    copy_view_enabled = False
    list_display = [
        "name",
        Column("audience", label=_("Audience"), accessor="audience.name"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("scheduled_at", label=_("Scheduled for")),
        DateColumn("started_at", label=_("Started")),
        NumberColumn("recipients", label=_("Recipients")),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]
    list_filter = ["status"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["-created_at"]
    edit_handler = ObjectList(Mailing.panels, base_form_class=MailingForm)

    def get_queryset(self, request):
        return Mailing.objects.select_related("audience")

    def get_urlpatterns(self):
        pk = "<int:pk>"
        return [
            *super().get_urlpatterns(),
            path(f"status/{pk}/", views.MailingStatusView.as_view(), name="status"),
            path(f"progress/{pk}/", views.MailingProgressView.as_view(), name="progress"),
            path(f"send/{pk}/", views.MailingSendView.as_view(), name="send"),
            path(f"schedule/{pk}/", views.MailingScheduleView.as_view(), name="schedule"),
            path(f"unschedule/{pk}/", views.MailingUnscheduleView.as_view(), name="unschedule"),
            path(f"pause/{pk}/", views.MailingPauseView.as_view(), name="pause"),
            path(f"resume/{pk}/", views.MailingResumeView.as_view(), name="resume"),
            path(f"cancel/{pk}/", views.MailingCancelView.as_view(), name="cancel"),
            path(f"preview/{pk}/", views.MailingPreviewView.as_view(), name="preview"),
            path(f"test/{pk}/", views.MailingTestSendView.as_view(), name="test"),
        ]


class MailingsGroup(SnippetViewSetGroup):
    items = (MailingViewSet, AudienceViewSet)
    menu_icon = "mail"
    menu_label = _("Mailings")
    menu_name = "mailings"
    menu_order = 220


register_snippet(MailingsGroup)
