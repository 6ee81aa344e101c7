"""Reads for campaign pages and the tracker, each in a fixed number of queries."""

from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html, format_html_join

from home.fields import country_names
from home.memory import DRAWN_FROM, kept_until_pages_change

from .models import CampaignPage, CampaignTarget, Convention, Ratification
from .regions import STATE_REGIONS

STATUS_ORDER = Case(
    When(status=CampaignPage.Status.ACTIVE, then=Value(0)),
    When(status=CampaignPage.Status.WON, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def campaigns_live(*, parent=None, locale=None, kind=None, status=None):
    """Live, public campaigns: active first, then newest first."""
    qs = CampaignPage.objects.live().public().select_related("hero_image", "convention")
    if parent is not None:
        qs = qs.child_of(parent)
    if locale is not None:
        qs = qs.filter(locale=locale)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(status_order=STATUS_ORDER).order_by(
        "status_order", "-start_date", "-first_published_at"
    )


def campaigns_featured(*, locale, limit=6):
    return list(campaigns_live(locale=locale, status=CampaignPage.Status.ACTIVE)[:limit])


def campaign_detail(*, campaign):
    """Goals, targets, updates and, for a ratification drive, the countries still to ratify."""
    campaign_targets = list(
        CampaignTarget.objects.filter(page=campaign).select_related("target").order_by("sort_order")
    )
    context = {
        # Petitions and other actions live under the campaign; named generically so
        # that this app needs no import from the action apps.
        "actions": list(campaign.get_children().live().public().specific()),
        "goals": list(campaign.goals.all()),
        "campaign_targets": campaign_targets,
        "updates": list(campaign.updates.all()),
        "unratified": None,
    }
    if campaign.is_ratification_drive and campaign.convention_id:
        context["unratified"] = unratified_countries(
            convention_id=campaign.convention_id,
            campaign_targets=campaign_targets,
        )
    return context


def unratified_countries(*, convention_id, campaign_targets):
    """Member States that have not ratified, grouped by region, each with the
    campaign's target in that country and what it is asked."""
    ratified = set(
        Ratification.objects.filter(convention_id=convention_id)
        .ratified()
        .values_list("country", flat=True)
    )
    by_country = {}
    for link in campaign_targets:
        code = link.target.country.code if link.target.country else ""
        if code and code not in by_country:
            by_country[code] = link
    groups = {}
    names = country_names()
    for code, region in STATE_REGIONS.items():
        if code in ratified:
            continue
        link = by_country.get(code)
        groups.setdefault(region, []).append(
            {
                "code": code,
                "name": names.get(code, code),
                "target": link.target if link else None,
                "ask": link.ask if link else "",
            }
        )
    for rows in groups.values():
        rows.sort(key=lambda row: row["name"])
    ordered = [
        {"region": region, "countries": groups[region]}
        for region in sorted(groups, key=lambda r: r.label)
    ]
    return {
        "total": sum(len(g["countries"]) for g in ordered),
        "targeted": sum(1 for g in ordered for row in g["countries"] if row["target"]),
        "groups": ordered,
    }


def _cell(ratification):
    """One country's cell for one convention (the legend under the table says how to read it)."""
    if ratification is None:
        return format_html("<td>{}</td>", "–")
    year = ratification["date"].year if ratification["date"] else "✓"
    if ratification["status"] == Ratification.Status.IN_FORCE:
        return format_html('<td class="s-f">{}</td>', year)
    if ratification["status"] == Ratification.Status.NOT_IN_FORCE:
        return format_html('<td class="s-n">{}*</td>', year)
    return format_html('<td class="s-d"><del>{}</del></td>', year)


def tracker_columns():
    """(conventions, {country: (its row's cells as HTML, which conventions count)}).

    Each convention's column is drawn once and kept until a ratification or a
    convention changes (they move the pages' generation, campaigns/signals.py):
    drawing some 1,500 cells in the template was most of the tracker's time.
    """

    def draw():
        conventions = list(Convention.objects.all())
        cells = {
            (r["country"], r["convention_id"]): r
            for r in Ratification.objects.values("country", "convention_id", "status", "date")
        }
        rows = {}
        for code in STATE_REGIONS:
            found = [cells.get((code, convention.pk)) for convention in conventions]
            counted = tuple(
                bool(cell) and cell["status"] != Ratification.Status.DENOUNCED for cell in found
            )
            rows[code] = (format_html_join("", "{}", ((_cell(c),) for c in found)), counted)
        return conventions, rows

    return kept_until_pages_change(DRAWN_FROM, ("tracker",), draw)


def tracker_table(*, region=None, country=None):
    """Rows of countries by columns of conventions, with counts per convention."""
    conventions, columns = tracker_columns()
    rows = []
    names = country_names()
    counts = [0] * len(conventions)
    for code, code_region in STATE_REGIONS.items():
        if (region and code_region != region) or (country and code != country):
            continue
        cells, counted = columns[code]
        counts = [total + shown for total, shown in zip(counts, counted, strict=True)]
        rows.append({"code": code, "name": names.get(code, code), "cells": cells})
    rows.sort(key=lambda row: row["name"])
    return {
        "conventions": conventions,
        "rows": rows,
        "convention_counts": list(zip(conventions, counts, strict=True)),
        "state_count": len(rows),
    }
