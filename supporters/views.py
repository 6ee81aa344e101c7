"""Public pages where a supporter manages their email and their data, by private link.

Supporters have no accounts: a signed token in the link says who they are.
"""

import csv
import io
import json
from datetime import datetime

from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from home.exports import csv_cell
from home.visitors import client_ip, ip_hash

from .access import PERSONAL_DATA
from .forms import DataRequestForm, EraseForm, PreferencesForm
from .models import Supporter, Topic
from .selectors import email_masked
from .services import (
    data_access_allowed,
    data_access_request,
    supporter_data_export,
    supporter_erase,
    supporter_preferences_save,
    supporter_unsubscribe,
)
from .tokens import data_access_token_read, unsubscribe_token_read

ONE_CLICK_BODY = "One-Click"


def _supporter_for_link(token):
    """(supporter or None, mailing id); raises signing.BadSignature for a forged link."""
    supporter_id, mailing_id = unsubscribe_token_read(token)
    return Supporter.objects.filter(pk=supporter_id).first(), mailing_id


def _page(request, template, context, status=200):
    response = render(request, template, context, status=status)
    # Private pages: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"
    return response


# RFC 8058 one-click unsubscribes are POSTed by the mail provider's servers,
# without cookies or a CSRF token; the signed token in the URL is what
# authorises the request, so this one view is exempt from CSRF checks.
@csrf_exempt
def unsubscribe(request, token):
    """GET asks (mail scanners open links); POST unsubscribes at once, including one-click."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        supporter, mailing_id = _supporter_for_link(token)
    except signing.BadSignature:
        return _page(request, "supporters/unsubscribe.html", {"state": "invalid"}, status=400)
    if supporter is None:
        return _page(request, "supporters/unsubscribe.html", {"state": "gone"})
    context = {
        "supporter": supporter,
        "email_masked": email_masked(supporter.email),
        "preferences_url": reverse("supporters:preferences", kwargs={"token": token}),
    }
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == ONE_CLICK_BODY
        supporter_unsubscribe(
            supporter=supporter, mailing_id=mailing_id, how="one-click" if one_click else "link"
        )
        return _page(request, "supporters/unsubscribe.html", {**context, "state": "done"})
    return _page(request, "supporters/unsubscribe.html", {**context, "state": "ready"})


def preferences(request, token):
    """Language, topics and campaign email, for the person the link was sent to."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        supporter, mailing_id = _supporter_for_link(token)
    except signing.BadSignature:
        return _page(request, "supporters/preferences.html", {"state": "invalid"}, status=400)
    if supporter is None:
        return _page(request, "supporters/preferences.html", {"state": "gone"})
    saved = request.GET.get("saved") == "1"
    status = 200
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            supporter_preferences_save(
                supporter=supporter,
                language=form.cleaned_data["language"],
                topics_wanted=form.cleaned_data["topics"],
                email_consent=form.cleaned_data["email_consent"],
                notice=form.notice(),
                mailing_id=mailing_id,
            )
            # See Other: reloading the page shows the choices, never re-posts them.
            return HttpResponseRedirect(f"{request.path}?saved=1", status=303)
        status = 400
    else:
        muted = set(supporter.topics_muted.values_list("pk", flat=True))
        form = PreferencesForm(
            initial={
                "language": supporter.language or get_language(),
                "topics": Topic.objects.exclude(pk__in=muted),
                "email_consent": supporter.email_consent,
            }
        )
    context = {
        "state": "form",
        "form": form,
        "saved": saved,
        "supporter": supporter,
        "email_masked": email_masked(supporter.email),
    }
    return _page(request, "supporters/preferences.html", context, status=status)


def data_request(request):
    """Ask for a link to see or erase one's data; the answer never says if we know the address."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        form = DataRequestForm(request.POST)
        if not form.is_valid():
            return _page(request, "supporters/data_request.html", {"form": form}, status=400)
        if not data_access_allowed(ip_hashed=ip_hash(client_ip(request))):
            return _page(request, "supporters/data_request.html", {"state": "limited"}, status=429)
        data_access_request(email=form.cleaned_data["email"], language=get_language() or "")
        return HttpResponseRedirect(reverse("supporters:data_request_sent"), status=303)
    return _page(request, "supporters/data_request.html", {"form": DataRequestForm()})


def data_request_sent(request):
    return _page(request, "supporters/data_request.html", {"state": "sent"})


def data(request, token):
    """Everything we hold about the person, to read, download (JSON, CSV) or erase."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    template = "supporters/data.html"
    try:
        supporter_id = data_access_token_read(token)
    except signing.SignatureExpired:
        return _page(request, template, {"state": "expired"}, status=410)
    except signing.BadSignature:
        return _page(request, template, {"state": "invalid"}, status=400)
    supporter = Supporter.objects.filter(pk=supporter_id).first()
    if supporter is None:
        return _page(request, template, {"state": "gone"}, status=410)
    erase_form = EraseForm()
    status = 200
    if request.method == "POST":
        erase_form = EraseForm(request.POST)
        if erase_form.is_valid():
            supporter_erase(supporter=supporter)
            return _page(request, template, {"state": "erased"})
        status = 400
    sections = supporter_data_export(supporter=supporter)
    download = request.GET.get("format")
    if request.method != "POST" and download == "json":
        return _download(json_export(sections), "application/json", "json")
    if request.method != "POST" and download == "csv":
        return _download(csv_export(sections), "text/csv; charset=utf-8", "csv")
    context = {
        "state": "ready",
        "sections": [
            (title, [[(label, display(value)) for label, value in row.items()] for row in rows])
            for title, rows in sections.items()
        ],
        "erase_form": erase_form,
    }
    return _page(request, template, context, status=status)


def _download(content, content_type, extension):
    response = HttpResponse(content, content_type=content_type)
    filename = f"my-data-{timezone.now():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def display(value):
    """A value as a person reads it on the page."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def json_export(sections):
    return json.dumps(
        {"exported_at": timezone.now(), "sections": sections},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )


def csv_export(sections):
    """One line per value: section, item number, field, value (sections differ in shape)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Section"), _("Item"), _("Field"), _("Value")])
    for title, rows in sections.items():
        for number, row in enumerate(rows, start=1):
            for label, value in row.items():
                writer.writerow([csv_cell(title), number, csv_cell(label), csv_cell(value)])
    # A byte order mark, so that spreadsheet apps read the file as UTF-8.
    return "\ufeff" + buffer.getvalue()


# Staff admin -------------------------------------------------------------------
# Routed by SupporterViewSet in wagtail_hooks.py, from the supporter's inspect view.

SUPPORTER_ADMIN = "wagtailsnippets_supporters_supporter"


@method_decorator(permission_required(PERSONAL_DATA), name="dispatch")
class SupporterExportView(View):
    """What we hold about one supporter, as the JSON file they would get themselves."""

    def get(self, request, pk):
        supporter = get_object_or_404(Supporter, pk=pk)
        log(instance=supporter, action="supporters.export", user=request.user, data={"rows": 1})
        response = _download(
            json_export(supporter_data_export(supporter=supporter)), "application/json", "json"
        )
        filename = f"supporter-{supporter.pk}-{timezone.now():%Y-%m-%d}.json"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


@method_decorator(permission_required(PERSONAL_DATA), name="dispatch")
class SupporterEraseView(WagtailAdminTemplateMixin, TemplateView):
    """Erase a supporter as they could themselves, after a page that says what it does."""

    page_title = gettext_lazy("Erase")
    header_icon = "bin"
    template_name = "supporters/admin/erase.html"

    def dispatch(self, request, pk, *args, **kwargs):
        self.object = get_object_or_404(Supporter, pk=pk)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{SUPPORTER_ADMIN}:list"), "label": _("Supporters")},
            {
                "url": reverse(f"{SUPPORTER_ADMIN}:inspect", args=[self.object.pk]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            erase_url=reverse(f"{SUPPORTER_ADMIN}:erase", args=[self.object.pk]),
            inspect_url=reverse(f"{SUPPORTER_ADMIN}:inspect", args=[self.object.pk]),
            **kwargs,
        )

    def post(self, request):
        label = str(self.object)
        supporter_erase(supporter=self.object, user=request.user)
        messages.success(request, _("Erased %(supporter)s.") % {"supporter": label})
        return redirect(f"{SUPPORTER_ADMIN}:list")
