"""Moderating solidarity messages in the Wagtail admin: the queue with photo
previews, approve, reject with a reason, hide later, in bulk; the dashboard count."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.moderation import ModerationBulkAction

from . import services
from .models import Message

Status = Message.Status


class PhotoColumn(Column):
    cell_template_name = "solidarity/admin/photo_cell.html"


class MessageViewSet(SnippetViewSet):
    model = Message
    icon = "openquote"
    menu_label = _("Solidarity messages")
    menu_name = "solidarity_messages"
    add_to_admin_menu = True
    menu_order = 262
    list_display = [
        Column("text", label=_("Message"), accessor="__str__"),
        PhotoColumn("image", label=_("Photo")),
        Column("wall", label=_("Wall"), accessor="wall.title"),
        Column("from_country", label=_("From"), accessor="from_country.name"),
        Column("to_country", label=_("To"), accessor="to_country.name"),
        Column("reports", label=_("Reports")),
        DateColumn("created_at", label=_("Posted"), sort_key="created_at"),
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_filter = ["status", "language", "from_country", "to_country"]
    search_fields = ["text", "display_name", "organisation"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False
    add_view_enabled = False

    def get_queryset(self, request):
        return Message.objects.select_related("wall", "image").defer("email", "ip_hash")


register_snippet(MessageViewSet)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept with the message, for the other moderators)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerateBulkAction(ModerationBulkAction):
    models = [Message]
    template_name = "solidarity/admin/bulk_moderate.html"
    status = Status.APPROVED
    form_class = ReasonForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "status": self.status}

    @classmethod
    def execute_action(cls, objects, reason="", **kwargs):
        done = services.messages_decide(
            messages=Message.objects.filter(pk__in=[m.pk for m in objects]),
            status=cls.status,
            reason=reason,
        )
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d message changed.", "%(count)d messages changed.", num_parent_objects
        ) % {"count": num_parent_objects}


class NoForm(forms.Form):
    pass


@hooks.register("register_bulk_action")
class ApproveMessages(ModerateBulkAction):
    display_name = _("Approve")
    action_type = "approve_messages"
    aria_label = _("Publish the selected messages")
    action_priority = 10
    form_class = NoForm


@hooks.register("register_bulk_action")
class RejectMessages(ModerateBulkAction):
    display_name = _("Reject")
    action_type = "reject_messages"
    aria_label = _("Reject the selected messages")
    action_priority = 20
    classes = {"serious"}
    status = Status.REJECTED


@hooks.register("register_bulk_action")
class HideMessages(ModerateBulkAction):
    display_name = _("Hide")
    action_type = "hide_messages"
    aria_label = _("Take the selected messages off the wall")
    action_priority = 30
    classes = {"serious"}
    status = Status.HIDDEN


class PendingMessagesPanel(Component):
    name = "pending_solidarity_messages"
    template_name = "solidarity/admin/pending_panel.html"
    order = 91

    def get_context_data(self, parent_context=None):
        return {
            "pending": Message.objects.filter(status=Status.PENDING).count(),
            "url": reverse("wagtailsnippets_solidarity_message:list") + "?status=pending",
        }


@hooks.register("construct_homepage_panels")
def pending_messages_panel(request, panels):
    if request.user.has_perm("solidarity.change_message"):
        panels.append(PendingMessagesPanel())
