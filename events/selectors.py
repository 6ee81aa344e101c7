"""Reads for days of action: staff's reports and the annual review, a fixed
number of queries whatever the number of actions."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django_countries import countries

from home.memory import live_page

from .models import DayOfActionPage, EventAction

Status = EventAction.Status
# The review counts what took place or was meant to: published actions.
REVIEWED = Q(status=Status.APPROVED)


@dataclass
class ReviewRow:
    key: str
    label: str
    actions: int
    reports: int
    expected: int
    reported: int
    # Reported where there is a report, the organisers' expectation otherwise.
    participants: int


def review_years():
    """The years that have published actions, newest first."""
    return list(
        EventAction.objects.filter(REVIEWED, local_day__isnull=False)
        .annotate(year=ExtractYear("local_day"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _grouped(actions, field, label):
    rows = (
        actions.values(field)
        .annotate(
            n=Count("pk"),
            reports=Count("report"),
            expected=Coalesce(Sum("expected_participants"), 0),
            reported=Coalesce(Sum("report__participants"), 0),
            best=Coalesce(Sum(Coalesce("report__participants", "expected_participants")), 0),
        )
        .order_by("-n", field)
    )
    result = []
    for row in rows:
        item = ReviewRow(
            key=row[field] or "",
            label=label(row[field]),
            actions=row["n"],
            reports=row["reports"],
            expected=row["expected"],
            reported=row["reported"],
            participants=row["best"],
        )
        result.append(item)
    return result


def annual_review(*, year):
    """Actions and participants of a year by country, affiliate and kind (four queries)."""
    actions = EventAction.objects.filter(REVIEWED, local_day__year=year)
    kinds = dict(EventAction.Kind.choices)
    totals = actions.aggregate(
        actions=Count("pk"),
        reports=Count("report"),
        countries=Count("country", distinct=True),
        expected=Coalesce(Sum("expected_participants"), 0),
        reported=Coalesce(Sum("report__participants"), 0),
        participants=Coalesce(Sum(Coalesce("report__participants", "expected_participants")), 0),
    )
    return {
        "year": year,
        "totals": totals,
        "by_country": _grouped(actions, "country", lambda code: countries.name(code) or code),
        "by_affiliate": _grouped(
            actions.annotate(who=Coalesce(F("affiliate__name"), F("organisation"))),
            "who",
            lambda name: name,
        ),
        "by_kind": _grouped(actions, "kind", lambda kind: str(kinds.get(kind, kind))),
    }


def days_of_action():
    """Every day of action (one row per action, not per translation), newest first,
    with its counts of published actions and reports (two queries)."""
    days, seen = [], set()
    for day in DayOfActionPage.objects.order_by("-starts_on", "pk"):
        if day.translation_key not in seen:
            seen.add(day.translation_key)
            days.append(day)
    counts = {
        row["action_key"]: row
        for row in EventAction.objects.filter(REVIEWED)
        .values("action_key")
        .annotate(n=Count("pk"), reports=Count("report"))
        .order_by()
    }
    return [
        {
            "page": day,
            "actions": counts.get(day.translation_key, {}).get("n", 0),
            "reports": counts.get(day.translation_key, {}).get("reports", 0),
        }
        for day in days
    ]


def day_reports(*, day):
    """A day's published actions with their reports and photos, reported first."""
    return list(
        EventAction.objects.for_action(day)
        .filter(REVIEWED)
        .select_related("report", "affiliate")
        .prefetch_related("report__photos__image")
        .order_by(F("report__created_at").desc(nulls_last=True), "starts_at", "pk")
    )


def day_live(page_id):
    """The published, unrestricted day of action with this id, or None (kept in home.memory)."""
    return live_page(DayOfActionPage.objects, page_id)
