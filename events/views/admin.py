"""The staff's side of days of action: the reports per day and the annual review."""

import csv

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from home.charts import bar_chart
from home.exports import csv_cell

from ..models import DayOfActionPage
from ..selectors import annual_review, day_reports, days_of_action, review_years

VIEW_ACTIONS = "events.view_eventaction"


def can_view_actions(user):
    return user.has_perm(VIEW_ACTIONS) or user.has_perm("events.change_eventaction")


def _chart(rows, value):
    return bar_chart((row.label, getattr(row, value)) for row in rows)


class AdminPage(WagtailAdminTemplateMixin, View):
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


@method_decorator(user_passes_test(can_view_actions), name="dispatch")
class ReviewView(AdminPage):
    """A year of days of action: by country, affiliate and kind, with charts and CSV."""

    page_title = gettext_lazy("Annual review")
    template_name = "events/admin/review.html"

    def get(self, request):
        years = review_years()
        try:
            year = int(request.GET.get("year") or (years[0] if years else timezone.now().year))
        except ValueError:
            year = timezone.now().year
        review = annual_review(year=year)
        if request.GET.get("format") == "csv":
            return self.csv(review)
        self.year = year
        return self.render_to_response(
            self.get_context_data(
                review=review,
                years=sorted({*years, year}, reverse=True),
                year=year,
                country_chart=_chart(review["by_country"], "actions"),
                kind_chart=_chart(review["by_kind"], "participants"),
                days=days_of_action(),
            )
        )

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Download CSV"),
                url=f"{reverse('events_review:index')}?year={self.year}&format=csv",
                icon_name="download",
            )
        ]

    def csv(self, review):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="days-of-action-{review["year"]}.csv"'
        )
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Year"),
                _("Grouped by"),
                _("Group"),
                _("Actions"),
                _("Reports"),
                _("Participants expected"),
                _("Participants reported"),
                _("Participants (reported, else expected)"),
            ]
        )
        for grouping, rows in (
            (_("Country"), review["by_country"]),
            (_("Affiliate"), review["by_affiliate"]),
            (_("Kind"), review["by_kind"]),
        ):
            for row in rows:
                writer.writerow(
                    [
                        review["year"],
                        grouping,
                        csv_cell(row.label),
                        row.actions,
                        row.reports,
                        row.expected,
                        row.reported,
                        row.participants,
                    ]
                )
        return response


@method_decorator(user_passes_test(can_view_actions), name="dispatch")
class DayReportsView(AdminPage):
    """One day of action's actions with what their organisers reported."""

    page_title = gettext_lazy("Reports")
    template_name = "events/admin/day_reports.html"

    def get_page_subtitle(self):
        return self.day.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_review:index"), "label": _("Annual review")},
            {"url": "", "label": self.day.title},
        ]

    def get(self, request, page_id):
        self.day = DayOfActionPage.objects.filter(pk=page_id).first()
        if self.day is None:
            raise Http404
        actions = day_reports(day=self.day)
        return self.render_to_response(
            self.get_context_data(
                day=self.day,
                actions=actions,
                reported=sum(1 for action in actions if hasattr(action, "report")),
            )
        )
