"""The staff's side of days of action: moderating the actions affiliates register.

Actions from organisers who are not a trusted affiliate wait here after they
confirm their address. Staff approve or reject them in bulk (with a reason the
organiser is sent, in their language); the dashboard shows how many wait.
"""

from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.moderation import ModerationBulkAction
from supporters.access import personal_data_allowed

from . import services
from .models import EventAction
from .views import admin as views

Status = EventAction.Status


class OrganiserEmailColumn(Column):
    """Organisers' addresses are personal data: whole for the supporter-data role,
    recognisable but not readable for everyone else."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        if not (request and personal_data_allowed(request.user)):
            context["value"] = instance.email_masked
        return context


class EventActionViewSet(SnippetViewSet):
    model = EventAction
    icon = "date"
    menu_label = _("Event actions")
    menu_name = "event_actions"
    add_to_admin_menu = True
    menu_order = 260
    list_display = [
        "title",
        Column("day", label=_("Day of action"), accessor="day.title"),
        Column("organisation", label=_("Organisation")),
        Column("country", label=_("Country"), accessor="country.name"),
        Column("kind", label=_("Kind"), accessor="get_kind_display"),
        DateColumn("starts_at", label=_("Starts"), sort_key="starts_at"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        OrganiserEmailColumn("organiser_email", label=_("Organiser")),
    ]
    list_filter = ["status", "kind", "country"]
    search_fields = ["title", "organisation", "city"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False

    def get_queryset(self, request):
        return EventAction.objects.select_related("day").defer("description")


register_snippet(EventActionViewSet)


class DecideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, sent to the organisers"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideBulkAction(ModerationBulkAction):
    """Approve or reject the selected actions that wait for approval."""

    models = [EventAction]
    template_name = "events/admin/bulk_decide.html"
    approve = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "approve": self.approve}

    @classmethod
    def execute_action(cls, objects, reason="", **kwargs):
        done = services.action_decide(
            actions=EventAction.objects.filter(pk__in=[action.pk for action in objects]),
            approve=cls.approve,
            reason=reason,
        )
        return done, 0


@hooks.register("register_bulk_action")
class ApproveBulkAction(DecideBulkAction):
    display_name = _("Approve")
    action_type = "approve"
    aria_label = _("Approve the selected actions")
    action_priority = 10

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d action approved; its organiser is told.",
            "%(count)d actions approved; their organisers are told.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


@hooks.register("register_bulk_action")
class RejectBulkAction(DecideBulkAction):
    display_name = _("Reject")
    action_type = "reject"
    aria_label = _("Reject the selected actions")
    action_priority = 20
    classes = {"serious"}
    approve = False
    form_class = DecideForm

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d action rejected; its organiser is told.",
            "%(count)d actions rejected; their organisers are told.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class PendingActionsPanel(Component):
    name = "pending_event_actions"
    template_name = "events/admin/pending_panel.html"
    order = 90

    def get_context_data(self, parent_context=None):
        return {
            "pending": EventAction.objects.filter(status=Status.PENDING).count(),
            "url": reverse("wagtailsnippets_events_eventaction:list") + "?status=pending",
        }


@hooks.register("construct_homepage_panels")
def pending_actions_panel(request, panels):
    if request.user.has_perm("events.change_eventaction"):
        panels.append(PendingActionsPanel())


class ReviewViewSet(ViewSet):
    """The annual review and each day's reports, for whoever may see event actions."""

    name = "events_review"
    url_prefix = "days-of-action/review"
    icon = "doc-full"
    menu_label = _("Annual review")
    menu_name = "events_review"
    add_to_admin_menu = True
    menu_order = 261

    @cached_property
    def menu_item_class(self):
        class PermissionMenuItem(MenuItem):
            def is_shown(self, request):
                return views.can_view_actions(request.user)

        return PermissionMenuItem

    def get_urlpatterns(self):
        return [
            path("", views.ReviewView.as_view(), name="index"),
            path("<int:page_id>/", views.DayReportsView.as_view(), name="day"),
        ]


@hooks.register("register_admin_viewset")
def register_review_viewset():
    return ReviewViewSet()
