"""Reads for mailings: who an audience reaches, and how a mailing is going."""

from django.db.models import Count, Q
from wagtail.models import Page

from home.actions import action_scope
from supporters.models import Activity, Supporter

from .models import Delivery


def audience_supporters(*, audience=None, filters=None, topic=None):
    """The mailable supporters an audience reaches (or would, from unsaved `filters`).

    "Took action on" a page means on any of its translations or on any page
    under one of them (a campaign includes its petitions).

    `filters` is a dict with the audience's fields (pages, countries, languages,
    affiliates, tags, joined_from, joined_to), as the admin's live count sends them.
    """
    if filters is None:
        filters = {
            "pages": list(audience.pages.all()),
            "countries": [str(c) for c in audience.countries],
            "languages": audience.languages,
            "affiliates": list(audience.affiliates.values_list("pk", flat=True)),
            "tags": list(audience.tags.values_list("pk", flat=True)),
            "joined_from": audience.joined_from,
            "joined_to": audience.joined_to,
        }
    queryset = Supporter.objects.mailable()
    pages = filters.get("pages") or []
    if pages:
        # Acted on one of the pages, in any of its languages, or on a page under it.
        acted = Activity.objects.filter(page__in=Page.objects.filter(action_scope(pages)))
        queryset = queryset.filter(pk__in=acted.values("supporter"))
    if filters.get("countries"):
        queryset = queryset.filter(country__in=filters["countries"])
    if filters.get("languages"):
        queryset = queryset.filter(language__in=filters["languages"])
    if filters.get("affiliates"):
        queryset = queryset.filter(affiliate__in=filters["affiliates"])
    if filters.get("tags"):
        tagged = Supporter.objects.filter(tags__in=filters["tags"]).values("pk")
        queryset = queryset.filter(pk__in=tagged)
    if filters.get("joined_from"):
        queryset = queryset.filter(created_at__date__gte=filters["joined_from"])
    if filters.get("joined_to"):
        queryset = queryset.filter(created_at__date__lte=filters["joined_to"])
    if topic is not None:
        queryset = queryset.exclude(topics_muted=topic)
    return queryset


def audience_size(**kwargs):
    return audience_supporters(**kwargs).count()


PROGRESS_STATES = [choice for choice, _label in Delivery.Status.choices]


def mailing_progress(*, mailing):
    """Deliveries by status, and unsubscribes that came from this mailing: one query."""
    counts = mailing.deliveries.aggregate(
        total=Count("pk"),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        **{state: Count("pk", filter=Q(status=state)) for state in PROGRESS_STATES},
    )
    done = counts["total"] - counts["queued"] - counts["sending"]
    counts["percent"] = round(100 * done / counts["total"]) if counts["total"] else 0
    return counts
