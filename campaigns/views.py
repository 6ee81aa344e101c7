"""Admin views for importing ratifications from a CSV file, with a preview first."""

from pathlib import Path

from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .forms import RatificationConfirmForm, RatificationUploadForm
from .services import ratifications_import, ratifications_parse

EXAMPLE_CSV = Path(__file__).resolve().parent / "demo_data" / "ratifications.csv"
IMPORT_PERMISSIONS = ("campaigns.add_ratification", "campaigns.change_ratification")


def can_import_ratifications(user):
    """An import both adds and changes ratifications, so it needs both permissions."""
    return user.has_perms(IMPORT_PERMISSIONS)


@method_decorator(user_passes_test(can_import_ratifications), name="dispatch")
class RatificationImportView(WagtailAdminTemplateMixin, View):
    """Upload a CSV file, see every row and what would happen to it, then confirm.

    GET shows the upload form; a POST with a file shows the preview; a POST with
    the signed payload from the preview imports it and returns to the listing.
    """

    page_title = gettext_lazy("Import ratifications")
    header_icon = "upload"
    template_name = "campaigns/admin/ratification_import.html"
    preview_template_name = "campaigns/admin/ratification_import_preview.html"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_campaigns_ratification:list"),
                "label": _("Ratifications"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request):
        return self.render_to_response(self.get_context_data(form=RatificationUploadForm()))

    def post(self, request):
        if "payload" in request.POST:
            return self.confirm(request)
        form = RatificationUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        text = form.cleaned_data["text"]
        return self.preview(ratifications_parse(text=text), text=text)

    def preview(self, report, *, text):
        confirm_form = None
        if report.ok:
            confirm_form = RatificationConfirmForm(
                initial={"payload": RatificationConfirmForm.sign(text)}
            )
        self.template_name = self.preview_template_name
        return self.render_to_response(
            self.get_context_data(report=report, confirm_form=confirm_form)
        )

    def confirm(self, request):
        form = RatificationConfirmForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("payload", []):
                messages.error(request, error)
            return redirect("campaigns_ratification_import")
        text = form.cleaned_data["payload"]
        report = ratifications_import(text=text)
        if not report.ok:
            # The stored ratifications or conventions changed since the preview.
            return self.preview(report, text=text)
        messages.success(
            request,
            ngettext(
                "Imported %(count)s row: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged.",
                "Imported %(count)s rows: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged.",
                len(report.rows),
            )
            % {
                "count": len(report.rows),
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
        return redirect("wagtailsnippets_campaigns_ratification:list")


def ratification_import_example(request):
    """The demo ratifications, as a file to copy the layout from."""
    return FileResponse(
        EXAMPLE_CSV.open("rb"),
        as_attachment=True,
        filename="ratifications-example.csv",
        content_type="text/csv; charset=utf-8",
    )
