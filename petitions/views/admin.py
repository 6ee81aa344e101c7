"""The staff's side of petitions in the Wagtail admin: reports, export, paper
signatures, bulk invalidation and the trending report."""

import csv
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.http import require_GET
from wagtail.admin import messages
from wagtail.admin.auth import user_passes_test
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from home.exports import csv_cell
from supporters.access import personal_data_allowed
from supporters.selectors import email_masked

from ..forms import (
    EmbedAffiliateForm,
    SignatureInvalidateConfirmForm,
    SignatureInvalidateForm,
    TrendingFilterForm,
)
from ..models import PetitionPage
from ..selectors import (
    CHART_HOURS,
    EXPORT_COLUMNS,
    FREE_MAIL_DOMAINS,
    TRENDING_DOMAIN_PER_HOUR,
    TRENDING_IP_PER_HOUR,
    country_breakdown,
    invalidation_preview,
    petition_count,
    petition_tally_parts,
    petition_translations,
    petitions_overview,
    signature_status_counts,
    signatures_export_count,
    signatures_for_export,
    signatures_matching,
    signatures_over_time,
    source_report,
    trending_domains,
    trending_ip_hashes,
)
from ..services import (
    paper_signatures_add,
    paper_signatures_remove,
    petition_recount,
    signatures_export_record,
    signatures_invalidate_matching,
)

# Staff admin -------------------------------------------------------------------
# The staff's side of petitions in the Wagtail admin: reports, export, paper
# signatures, bulk invalidation and the trending report. wagtail_hooks.py
# routes to these views and puts them in the "Petitions" menu.

VIEW_SIGNATURES = "petitions.view_signature"
CHANGE_SIGNATURES = "petitions.change_signature"
CSV_ROWS_PER_CHUNK = 500
EXPORT_KINDS = {"all": False, "confirmed": True}  # kind: only the signatures that count
EMBED_HEIGHT = 760
CHART_WIDTH, CHART_HEIGHT = 720, 220
# Margins for the axis labels, so that the first and last ones are not cut off.
CHART_LEFT, CHART_RIGHT, CHART_BOTTOM, CHART_TOP = 44, 20, 24, 10


class AdminPageMixin(WagtailAdminTemplateMixin):
    """An admin page reached from the menu: its title is its one breadcrumb."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


def can_view_signatures(user):
    """Whoever may see signatures may see their reports and export them."""
    return user.has_perm(VIEW_SIGNATURES) or user.has_perm(CHANGE_SIGNATURES)


def can_change_signatures(user):
    return user.has_perm(CHANGE_SIGNATURES)


def report_url(page):
    return reverse("petitions_reports:report", kwargs={"page_id": page.pk})


class SignatureInspectView(InspectView):
    """One signature in full (email, phone, comment): for the supporter-data role only."""

    def dispatch(self, request, *args, **kwargs):
        if not personal_data_allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SignatureIndexView(IndexView):
    """Signatures, newest first: read-only, filtered and searched, fifty to a page."""

    def get_base_queryset(self):
        # The petition's title is on every row: one join rather than a query per row,
        # leaving out the pages' long text.
        return (
            super()
            .get_base_queryset()
            .select_related("petition")
            .defer("petition__body", "petition__petition_text", "petition__delivery_report")
        )

    @cached_property
    def columns(self):
        columns = super().columns
        columns[0].sort_key = None  # sorting a million emails would read them all
        if not personal_data_allowed(self.request.user):
            # Communications staff follow signatures without learning who signed.
            columns[0] = Column(
                "email", label=columns[0].label, accessor=lambda s: email_masked(s.email)
            )
        return columns

    @cached_property
    def is_searchable(self):
        # Searching by name or email would tell who signed: the supporter-data role only.
        return personal_data_allowed(self.request.user) and super().is_searchable

    def get_ordering(self):
        # By default signatures are listed as stored, newest first: the primary
        # key gives that order without sorting a million rows (created_at is
        # indexed only after the petition). For one petition the timeline index
        # gives the true signing order just as cheaply.
        ordering = super().get_ordering()
        if ordering == "-pk" and self.filtered_petition is not None:
            return "-created_at"
        return ordering

    @cached_property
    def filtered_petition(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("petition")
        return None

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        petition = self.filtered_petition
        if petition is not None:
            buttons.append(
                HeaderButton(_("Petition report"), url=report_url(petition), icon_name="table")
            )
        return buttons


class PaperSignaturesCreateView(CreateView):
    """Adding a batch goes through the service, so the public count follows."""

    def save_instance(self):
        data = self.form.cleaned_data
        return paper_signatures_add(
            petition=data["petition"],
            count=data["count"],
            country=data["country"],
            note=data["note"],
            user=self.request.user,
        )

    def get_success_message(self, instance):
        return ngettext(
            "Added %(count)s paper signature to “%(title)s”.",
            "Added %(count)s paper signatures to “%(title)s”.",
            instance.count,
        ) % {"count": f"{instance.count:,}", "title": instance.petition.title}

    def get_success_buttons(self):
        return []  # batches are not edited: a wrong one is deleted and entered again


class PaperSignaturesDeleteView(DeleteView):
    def delete_action(self):
        paper_signatures_remove(batch=self.object)


@method_decorator(user_passes_test(can_view_signatures), name="dispatch")
class PetitionReportIndexView(AdminPageMixin, View):
    """Every petition with its count, each linking to its report."""

    page_title = gettext_lazy("Petition reports")
    header_icon = "table"
    template_name = "petitions/admin/report_index.html"

    def get(self, request):
        return self.render_to_response(self.get_context_data(rows=petitions_overview()))


@method_decorator(user_passes_test(can_view_signatures), name="dispatch")
class PetitionReportView(AdminPageMixin, View):
    """One petition's figures: counts, signatures over time, sources, countries, embed, export."""

    page_title = gettext_lazy("Petition report")
    header_icon = "table"
    template_name = "petitions/admin/report.html"

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("petitions_reports:index"), "label": _("Petition reports")},
            {"url": "", "label": self.page.title},
        ]

    @cached_property
    def header_buttons(self):
        buttons = [
            HeaderButton(
                _("Signatures"),
                url=f"{reverse('petitions_signatures:index')}?petition={self.page.pk}",
                icon_name="list-ul",
                priority=10,
            )
        ]
        if self.page.permissions_for_user(self.request.user).can_edit():
            buttons.append(
                HeaderButton(
                    _("Edit petition"),
                    url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                    icon_name="edit",
                    priority=20,
                )
            )
        return buttons

    def get(self, request, page_id):
        # Looked up here, after the permission check, not in setup().
        asked = get_object_or_404(PetitionPage, pk=page_id)
        # One report per petition, whichever translation was asked for: the
        # page that stands for it gives the links (as the filters offer it).
        translations = petition_translations(petition=asked)
        if translations[0].pk != asked.pk:
            return redirect(report_url(translations[0]))
        self.page = translations[0]
        page, user = self.page, request.user
        hourly = request.GET.get("chart") == "hours"
        chosen = "affiliate" in request.GET or "language" in request.GET
        affiliate_form = EmbedAffiliateForm(
            request.GET if chosen else None, translations=translations
        )
        affiliate = affiliate_form.is_valid() and affiliate_form.cleaned_data["affiliate"]
        sources, source_total = source_report(petition=page)
        context = self.get_context_data(
            page=page,
            translations=translations,
            count=petition_count(petition=page),
            tally=petition_tally_parts(petition=page),
            statuses=signature_status_counts(petition=page),
            chart=chart_context(signatures_over_time(petition=page, hourly=hourly), hourly=hourly),
            hourly=hourly,
            chart_hours=CHART_HOURS,
            sources=sources,
            source_total=source_total,
            countries=country_breakdown(petition=page, limit=10),
            embed=embed_context(
                affiliate_form.page(), affiliate_code=affiliate.code if affiliate else ""
            ),
            affiliate_form=affiliate_form,
            can_change=can_change_signatures(user),
            export_urls={
                kind: reverse("petitions_reports:export", kwargs={"page_id": page.pk, "kind": kind})
                for kind in EXPORT_KINDS
            }
            if personal_data_allowed(user)
            else {},
            invalidate_url=f"{reverse('petitions_invalidate:index')}?petition={page.pk}",
            trending_url=f"{reverse('petitions_trending:index')}?petition={page.pk}",
        )
        return self.render_to_response(context)


@method_decorator(user_passes_test(can_change_signatures), name="dispatch")
class PetitionRecountView(View):
    """Recount a petition from its signatures and paper batches, correcting any drift."""

    http_method_names = ["post"]

    def post(self, request, page_id):
        page = get_object_or_404(PetitionPage, pk=page_id)
        petition_recount(petition=page)
        messages.success(
            request,
            _("“%(title)s” is being recounted in all its languages: reload in a few seconds.")
            % {"title": page.title},
        )
        return redirect(report_url(page))


def chart_context(buckets, *, hourly):
    """Bars for the inline SVG chart of signatures over time, with their coordinates.

    Coordinates are formatted here: the template must not localise them (a
    comma as the decimal mark would break the SVG).
    """
    peak = max((bucket.signatures for bucket in buckets), default=0)
    top = nice_ceiling(peak)
    plot_width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_height = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    slot = plot_width / max(len(buckets), 1)
    bar_width = max(slot * 0.8, 1)
    base = CHART_TOP + plot_height
    label_every = max(1, round(len(buckets) / 6))
    bars = []
    for index, bucket in enumerate(buckets):
        x = CHART_LEFT + index * slot + (slot - bar_width) / 2
        height = plot_height * bucket.signatures / top
        counting_height = plot_height * bucket.counting / top
        bars.append(
            {
                "bucket": bucket,
                "x": f"{x:.2f}",
                "y": f"{base - height:.2f}",
                "height": f"{height:.2f}",
                "counting_y": f"{base - counting_height:.2f}",
                "counting_height": f"{counting_height:.2f}",
                "width": f"{bar_width:.2f}",
                "label_x": f"{x + bar_width / 2:.2f}",
                "labelled": index % label_every == 0,
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "base": f"{base:.2f}",
        "label_y": f"{base + 16:.2f}",
        "axis_x": CHART_LEFT - 6,
        "ticks": [
            {"value": value, "y": f"{base - plot_height * value / top:.2f}"}
            for value in (0, top // 2, top)
        ],
        "total": sum(bucket.signatures for bucket in buckets),
        "date_format": "H:i" if hourly else "j M",
    }


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50 … at least value, so the axis reads well."""
    ceiling = 1
    while True:
        for step in (1, 2, 5):
            if step * ceiling >= value:
                return step * ceiling
        ceiling *= 10


def embed_context(page, *, affiliate_code=""):
    """The embed page's address on the public site, in the petition's language, and a snippet."""
    with translation.override(page.locale.language_code):
        path = reverse("petitions:embed", kwargs={"page_id": page.pk})
    if affiliate_code:
        path = f"{path}?{urlencode({'affiliate': affiliate_code})}"
    site = page.get_site()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    url = f"{root.rstrip('/')}{path}"
    # Plain text: the template escapes it once more to show it in a textarea.
    snippet = (
        f'<iframe src="{escape(url)}" title="{escape(page.title)}" width="100%" '
        f'height="{EMBED_HEIGHT}" loading="lazy" style="border:0;max-width:40rem"></iframe>'
    )
    return {"path": path, "url": url, "snippet": snippet}


class _Echo:
    """A file-like object whose write() returns the line: csv.writer then yields text."""

    def write(self, value):
        return value


def csv_stream(header, rows):
    """The CSV file piece by piece: a byte order mark so Excel reads UTF-8, then the rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    chunk = []
    for row in rows:
        chunk.append(writer.writerow([csv_cell(value) for value in row]))
        if len(chunk) >= CSV_ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


@require_GET
@user_passes_test(personal_data_allowed)
def signatures_export(request, page_id, kind):
    """A petition's signatures as CSV: all of them, or only those that count ("confirmed").

    Streamed while the database is read, so a million rows take flat memory.
    """
    if kind not in EXPORT_KINDS:
        raise Http404
    page = get_object_or_404(PetitionPage, pk=page_id)
    confirmed_only = EXPORT_KINDS[kind]
    count = signatures_export_count(petition=page, confirmed_only=confirmed_only)
    signatures_export_record(petition=page, user=request.user, kind=kind, rows=count)
    rows = signatures_for_export(petition=page, confirmed_only=confirmed_only)
    response = StreamingHttpResponse(
        csv_stream(EXPORT_COLUMNS, rows), content_type="text/csv; charset=utf-8"
    )
    filename = f"{page.slug}-{kind}-{timezone.now():%Y-%m-%d}.csv"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Personal data: no shared or browser cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@method_decorator(user_passes_test(can_change_signatures), name="dispatch")
class SignatureInvalidateView(AdminPageMixin, View):
    """Invalidate signatures by criteria in two steps: a preview that changes nothing, then confirm.

    GET shows the criteria form (prefilled from the query string, as the
    trending report links do); a POST of the criteria shows how many match and
    a sample; a POST of the signed criteria from the preview invalidates them.
    """

    page_title = gettext_lazy("Invalidate signatures")
    header_icon = "cross"
    template_name = "petitions/admin/invalidate.html"
    preview_template_name = "petitions/admin/invalidate_preview.html"

    def get(self, request):
        names = ("petition", *SignatureInvalidateForm.CRITERIA)
        initial = {name: request.GET[name] for name in names if request.GET.get(name)}
        form = SignatureInvalidateForm(initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request):
        if "payload" in request.POST:
            return self.confirm(request)
        form = SignatureInvalidateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        petition, criteria = form.cleaned_data["petition"], form.criteria()
        # What is confirmed is what was counted: a window left open ends now.
        criteria["created_to"] = criteria["created_to"] or timezone.now()
        preview = invalidation_preview(queryset=signatures_matching(petition=petition, **criteria))
        confirm_form = SignatureInvalidateConfirmForm(
            initial={"payload": SignatureInvalidateForm.sign(petition=petition, criteria=criteria)}
        )
        self.template_name = self.preview_template_name
        return self.render_to_response(
            self.get_context_data(
                petition=petition,
                criteria=criteria,
                preview=preview,
                confirm_form=confirm_form if preview.to_invalidate else None,
                form=form,
                show_emails=personal_data_allowed(request.user),
            )
        )

    def confirm(self, request):
        form = SignatureInvalidateConfirmForm(request.POST)
        if not form.is_valid():
            for error in form.errors.get("payload", []):
                messages.error(request, error)
            return redirect("petitions_invalidate:index")
        criteria = dict(form.cleaned_data["payload"])
        petition = criteria.pop("petition")
        count = signatures_invalidate_matching(petition=petition, user=request.user, **criteria)
        messages.success(
            request,
            ngettext(
                "Invalidated %(count)s signature on “%(title)s”; the count is corrected.",
                "Invalidated %(count)s signatures on “%(title)s”; the count is corrected.",
                count,
            )
            % {"count": f"{count:,}", "title": petition.title},
        )
        return redirect(report_url(petition))


@method_decorator(user_passes_test(can_view_signatures), name="dispatch")
class TrendingReportView(AdminPageMixin, View):
    """IP hashes and email domains signing unusually fast, with a link to invalidate each."""

    page_title = gettext_lazy("Trending signers")
    header_icon = "warning"
    template_name = "petitions/admin/trending.html"

    def get(self, request):
        form = TrendingFilterForm(request.GET or None)
        hours, petition = 1, None
        if form.is_bound and form.is_valid():
            hours = form.cleaned_data["hours"] or 1
            petition = form.cleaned_data["petition"]
        now = timezone.now()
        # The invalidation form's widget has minute precision: round the start down.
        since = timezone.localtime(now - timedelta(hours=hours)).replace(second=0, microsecond=0)
        can_change = can_change_signatures(request.user)

        def with_links(rows, criterion):
            return [
                {
                    "row": row,
                    "invalidate_url": self.invalidate_url(
                        petition_id=petition.pk if petition else row.main_petition_id,
                        since=since,
                        **{criterion: row.value},
                    )
                    if can_change
                    else "",
                }
                for row in rows
            ]

        context = self.get_context_data(
            form=form,
            hours=hours,
            petition=petition,
            ip_rows=with_links(
                trending_ip_hashes(hours=hours, petition=petition, now=now), "ip_hash"
            ),
            domain_rows=with_links(
                trending_domains(hours=hours, petition=petition, now=now), "email_domain"
            ),
            ip_threshold=TRENDING_IP_PER_HOUR,
            domain_threshold=TRENDING_DOMAIN_PER_HOUR,
            free_mail=sorted(FREE_MAIL_DOMAINS),
        )
        return self.render_to_response(context)

    @staticmethod
    def invalidate_url(*, petition_id, since, **criterion):
        query = {"petition": petition_id, "created_from": f"{since:%Y-%m-%d %H:%M}", **criterion}
        return f"{reverse('petitions_invalidate:index')}?{urlencode(query)}"
