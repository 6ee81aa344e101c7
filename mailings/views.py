"""The staff's side of mailings in the Wagtail admin: the editor's rules, a mailing's
status page (its checks, actions, progress and final report), previews, test copies,
and the audience editor's live size. wagtail_hooks.py routes to these views."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, IndexView

from supporters.access import personal_data_allowed

from .emails import preview_render
from .forms import AudienceFilterForm, PreviewForm, ScheduleForm, TestSendForm
from .models import Audience, Delivery, Mailing
from .selectors import audience_size, mailing_progress
from .services import (
    mailing_cancel,
    mailing_pause,
    mailing_problems,
    mailing_resume,
    mailing_send,
    mailing_test_queue,
    mailing_unschedule,
)

MAILING_ADMIN = "mailings_mailing"
AUDIENCE_ADMIN = "mailings_audience"
# The counts the status page shows, in the order a mailing goes through them.
PROGRESS_SHOWN = [
    ("queued", gettext_lazy("Queued")),
    ("sent", gettext_lazy("Sent")),
    ("delivered", gettext_lazy("Delivered")),
    ("failed", gettext_lazy("Failed")),
    ("bounced", gettext_lazy("Bounced")),
    ("complained", gettext_lazy("Marked as spam")),
    ("skipped", gettext_lazy("Skipped")),
    ("cancelled", gettext_lazy("Cancelled")),
    ("unsubscribed", gettext_lazy("Unsubscribed")),
]
PROBLEM_DELIVERIES_SHOWN = 50
NOT_POSSIBLE = gettext_lazy("That is not possible in the mailing's current state.")

mailing_policy = ModelPermissionPolicy(Mailing)
audience_policy = ModelPermissionPolicy(Audience)


def status_url(mailing):
    return reverse(f"{MAILING_ADMIN}:status", args=[mailing.pk])


def _progress_rows(progress):
    return [(key, label, progress.get(key, 0)) for key, label in PROGRESS_SHOWN]


# The snippet views, with the mailing's rules -------------------------------------


class MailingIndexView(IndexView):
    def get_edit_url(self, instance):
        # A mailing that has left the draft stage is followed on its status page.
        if instance.editable:
            return super().get_edit_url(instance)
        return status_url(instance)

    def get_inspect_url(self, instance):
        return status_url(instance)

    def get_delete_url(self, instance):
        if instance.editable:
            return super().get_delete_url(instance)
        return None


class MailingCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        return status_url(self.object)


class MailingEditView(EditView):
    """Only drafts are edited: what is scheduled or sent is what staff checked."""

    def dispatch(self, request, *args, **kwargs):
        mailing = get_object_or_404(Mailing, pk=kwargs["pk"])
        if not mailing.editable:
            messages.warning(
                request,
                _("“%(name)s” is %(status)s and can no longer be edited.")
                % {"name": mailing.name, "status": mailing.get_status_display().lower()},
            )
            return redirect(status_url(mailing))
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return status_url(self.object)

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(_("Status and sending"), status_url(self.object), icon_name="mail", priority=5)
        )
        return buttons


class MailingDeleteView(DeleteView):
    """Drafts only: a mailing that went out is the record of who got what."""

    def dispatch(self, request, *args, **kwargs):
        mailing = get_object_or_404(Mailing, pk=kwargs["pk"])
        if not mailing.editable:
            messages.warning(request, _("Only a draft mailing can be deleted."))
            return redirect(status_url(mailing))
        return super().dispatch(request, *args, **kwargs)


# Our own views ---------------------------------------------------------------------


class MailingViewMixin(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """A page about one mailing, for those who may change mailings."""

    permission_policy = mailing_policy
    permission_required = "change"
    header_icon = "mail"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.mailing = get_object_or_404(
            Mailing.objects.select_related("audience", "topic", "campaign", "created_by"),
            pk=kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.mailing.name

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse(f"{MAILING_ADMIN}:list"), "label": _("Mailings")},
        ]
        if self.page_title != MailingStatusView.page_title:
            items.append({"url": status_url(self.mailing), "label": self.mailing.name})
        return [*items, {"url": "", "label": self.get_page_title()}]

    def back(self):
        return redirect(status_url(self.mailing))


class MailingStatusView(MailingViewMixin, TemplateView):
    """Everything about a mailing in one place: before sending, the checks and the
    actions; while sending, the progress; afterwards, the final report."""

    permission_required = "view"
    page_title = gettext_lazy("Mailing")
    template_name = "mailings/admin/status.html"

    def get_page_title(self):
        return self.mailing.name

    def get_page_subtitle(self):
        return self.mailing.get_status_display()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{MAILING_ADMIN}:list"), "label": _("Mailings")},
            {"url": "", "label": self.mailing.name},
        ]

    @cached_property
    def header_buttons(self):
        buttons = []
        can_change = self.user_has_permission("change")
        if self.mailing.editable and can_change:
            url = reverse(f"{MAILING_ADMIN}:edit", args=[self.mailing.pk])
            buttons.append(HeaderButton(_("Edit"), url=url, icon_name="edit"))
        if can_change:
            url = reverse(f"{MAILING_ADMIN}:preview", args=[self.mailing.pk])
            buttons.append(HeaderButton(_("Preview"), url=url, icon_name="view"))
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mailing = self.mailing
        status = Mailing.Status
        can_change = self.user_has_permission("change")
        context.update(
            mailing=mailing,
            versions=list(mailing.versions.all().order_by("sort_order")),
            audience_size=audience_size(audience=mailing.audience, topic=mailing.topic),
            audience_url=AdminURLFinder(self.request.user).get_edit_url(mailing.audience),
            can_change=can_change,
            is_draft=mailing.status == status.DRAFT,
            has_progress=mailing.status
            in (status.SENDING, status.PAUSED, status.SENT, status.CANCELLED),
            polling=mailing.status == status.SENDING,
        )
        if mailing.status == status.DRAFT:
            context["problems"] = mailing_problems(mailing=mailing)
            context["schedule_form"] = kwargs.get("schedule_form") or ScheduleForm()
        if can_change and mailing.versions.exists():
            context["test_form"] = TestSendForm(mailing=mailing)
        if context["has_progress"]:
            progress = mailing_progress(mailing=mailing)
            context["progress"] = progress
            context["progress_rows"] = _progress_rows(progress)
            context["progress_url"] = reverse(f"{MAILING_ADMIN}:progress", args=[mailing.pk])
            context["troubles"] = (
                mailing.deliveries.filter(
                    status__in=[
                        Delivery.Status.FAILED,
                        Delivery.Status.BOUNCED,
                        Delivery.Status.COMPLAINED,
                    ]
                )
                .select_related("supporter")
                .order_by("-pk")[:PROBLEM_DELIVERIES_SHOWN]
            )
        if mailing.started_at and mailing.finished_at:
            context["duration"] = mailing.finished_at - mailing.started_at
        return context


class MailingProgressView(PermissionCheckedMixin, View):
    """The status page's counts as JSON, polled by mailing-progress.js while sending."""

    permission_policy = mailing_policy
    permission_required = "view"
    http_method_names = ["get"]

    def get(self, request, pk):
        mailing = get_object_or_404(Mailing, pk=pk)
        progress = mailing_progress(mailing=mailing)
        return JsonResponse(
            {
                "status": mailing.status,
                "status_label": str(mailing.get_status_display()),
                **progress,
            }
        )


class MailingSendView(MailingViewMixin, TemplateView):
    """Send now: a confirmation page with who and what, then the POST that starts it."""

    page_title = gettext_lazy("Send now")
    template_name = "mailings/admin/send_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mailing = self.mailing
        context.update(
            mailing=mailing,
            versions=list(mailing.versions.all().order_by("sort_order")),
            audience_size=audience_size(audience=mailing.audience, topic=mailing.topic),
            problems=mailing_problems(mailing=mailing) if mailing.editable else [],
        )
        return context

    def get(self, request, *args, **kwargs):
        if not self.mailing.editable:
            return self.back()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.mailing.editable:
            messages.warning(request, NOT_POSSIBLE)
            return self.back()
        try:
            mailing = mailing_send(mailing=self.mailing)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.back()
        if mailing.status == Mailing.Status.SENDING:
            messages.success(request, _("“%(name)s” is being sent.") % {"name": mailing.name})
        return self.back()


class MailingScheduleView(MailingViewMixin, TemplateView):
    page_title = gettext_lazy("Schedule")
    template_name = "mailings/admin/schedule.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mailing"] = self.mailing
        context.setdefault("form", ScheduleForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ScheduleForm(request.POST)
        if not self.mailing.editable:
            return self.back()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            mailing = mailing_send(mailing=self.mailing, at=form.cleaned_data["at"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return self.back()
        if mailing.status == Mailing.Status.SCHEDULED:
            messages.success(
                request,
                _("“%(name)s” is scheduled for %(at)s.")
                % {"name": mailing.name, "at": f"{mailing.scheduled_at:%Y-%m-%d %H:%M %Z}"},
            )
        return self.back()


class MailingActionView(MailingViewMixin, View):
    """A button on the status page: POST only, then back to the status page."""

    http_method_names = ["post"]
    action = None
    done_message = ""
    refused_message = NOT_POSSIBLE

    def post(self, request, *args, **kwargs):
        if self.action(mailing=self.mailing):
            messages.success(request, self.done_message % {"name": self.mailing.name})
        else:
            messages.warning(request, self.refused_message)
        return self.back()


class MailingUnscheduleView(MailingActionView):
    def post(self, request, *args, **kwargs):
        was_scheduled = self.mailing.status == Mailing.Status.SCHEDULED
        mailing_unschedule(mailing=self.mailing)
        if was_scheduled:
            messages.success(
                request,
                _("“%(name)s” is no longer scheduled; it is a draft again.")
                % {"name": self.mailing.name},
            )
        else:
            messages.warning(request, self.refused_message)
        return self.back()


class MailingPauseView(MailingActionView):
    action = staticmethod(mailing_pause)
    done_message = gettext_lazy("“%(name)s” is paused. Nothing more goes out until you resume.")


class MailingResumeView(MailingActionView):
    action = staticmethod(mailing_resume)
    done_message = gettext_lazy("“%(name)s” is sending again.")


class MailingCancelView(MailingViewMixin, TemplateView):
    page_title = gettext_lazy("Cancel sending")
    template_name = "mailings/admin/cancel_confirm.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mailing"] = self.mailing
        context["progress"] = mailing_progress(mailing=self.mailing)
        return context

    def post(self, request, *args, **kwargs):
        if mailing_cancel(mailing=self.mailing):
            messages.success(
                request,
                _("“%(name)s” is cancelled: what had not gone out will not.")
                % {"name": self.mailing.name},
            )
        else:
            messages.warning(request, NOT_POSSIBLE)
        return self.back()


class MailingPreviewView(MailingViewMixin, TemplateView):
    """The email as a supporter sees it. Its HTML is shown in a sandboxed frame
    (srcdoc, no scripts, no same-origin access), as inboxes do."""

    page_title = gettext_lazy("Preview")
    template_name = "mailings/admin/preview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mailing = self.mailing
        context["mailing"] = mailing
        if not mailing.versions.exists():
            return context
        can_look_up = personal_data_allowed(self.request.user)
        data = self.request.GET if "language" in self.request.GET else None
        form = PreviewForm(data, mailing=mailing, can_look_up=can_look_up)
        language, supporter = None, None
        if form.is_bound and form.is_valid():
            language = form.cleaned_data["language"]
            supporter = form.cleaned_data.get("supporter")
        if language is None:
            language = form.fields["language"].choices[0][0]
        subject, html, text = preview_render(mailing, language, supporter=supporter)
        context.update(
            form=form,
            language=language,
            supporter=supporter,
            subject=subject,
            html=html,
            text=text,
            test_form=TestSendForm(mailing=mailing, initial={"language": language}),
        )
        return context


class MailingTestSendView(MailingViewMixin, View):
    """A test copy to the member of staff: queued, never sent inside the request."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TestSendForm(request.POST, mailing=self.mailing)
        email = request.user.email
        if not email:
            messages.error(request, _("Your account has no email address to send a test to."))
            return self.back()
        if not form.is_valid():
            messages.error(request, _("Choose one of the mailing's languages."))
            return self.back()
        language = form.cleaned_data["language"]
        mailing_test_queue(mailing=self.mailing, email=email, language=language)
        messages.success(request, _("A test copy is on its way to %(email)s.") % {"email": email})
        if request.POST.get("from_preview"):
            url = reverse(f"{MAILING_ADMIN}:preview", args=[self.mailing.pk])
            return redirect(f"{url}?language={language}")
        return self.back()


# Audiences ---------------------------------------------------------------------------


class AudienceSizeView(PermissionCheckedMixin, View):
    """{"size": n}: how many mailable people the audience form's current values reach."""

    permission_policy = audience_policy
    any_permission_required = ["add", "change", "view"]
    http_method_names = ["get"]

    def get(self, request):
        form = AudienceFilterForm(request.GET)
        if not form.is_valid():
            errors = {name: [str(m) for m in msgs] for name, msgs in form.errors.items()}
            return JsonResponse({"errors": errors}, status=400)
        return JsonResponse({"size": audience_size(filters=form.filters())})


def audience_size_display(audience):
    return audience_size(audience=audience)
