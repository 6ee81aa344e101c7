"""Reads for petition pages: a fixed number of queries whatever the petition's size."""

from django.db.models import Count
from django_countries import countries

from .models import PetitionCountryTally, PetitionTally, Signature


def petition_count(*, petition):
    tally = PetitionTally.objects.filter(petition=petition).first()
    total = tally.total if tally else 0
    goal = petition.goal_for(total)
    return {
        "total": total,
        "goal": goal,
        "percent": min(100, round(100 * total / goal)) if goal else 0,
        "updated_at": tally.updated_at if tally else None,
    }


def recent_signers(*, petition, limit=8):
    """The latest confirmed signers, showing only what each chose to show."""
    return [
        {"name": s.public_name, "country": s.country, "at": s.confirmed_at}
        for s in Signature.objects.counting()
        .filter(petition=petition)
        .only("first_name", "last_name", "display", "country", "confirmed_at")
        .order_by("-confirmed_at")[:limit]
    ]


def country_breakdown(*, petition, limit=None):
    rows = [
        {"code": code, "name": countries.name(code), "count": n}
        for code, n in PetitionCountryTally.objects.filter(petition=petition, confirmed__gt=0)
        .order_by("-confirmed", "country")
        .values_list("country", "confirmed")
    ]
    return rows[:limit] if limit else rows


def source_leaderboard(*, petition):
    """Which affiliates and referral codes brought in confirmed signatures."""
    return list(
        Signature.objects.counting()
        .filter(petition=petition)
        .exclude(source="")
        .values("source")
        .annotate(signatures=Count("pk"))
        .order_by("-signatures", "source")
    )
