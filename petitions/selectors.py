"""Reads for petitions: a fixed number of queries whatever the petition's size.

A petition is one action in all its languages (home/actions.py): every read
here that counts, lists or reports signatures takes the page of any of its
translations and reads the whole action.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import connections
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Substr, TruncDay, TruncHour
from django.utils import timezone
from django_countries import countries

from home.memory import live_page
from supporters.models import Affiliate
from supporters.selectors import affiliate_lookup

from .models import COUNTING, PetitionCountryTally, PetitionPage, PetitionTally, Signature


def petition_live(page_id):
    """The published, unrestricted petition with this id, or None (kept in home.memory)."""
    return live_page(PetitionPage.objects, page_id)


def petition_count(*, petition):
    """The public count of the petition in all its languages, and the goal shown beside it."""
    tally = PetitionTally.objects.filter(action_key=petition.action_key).first()
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
        .for_action(petition)
        .only("first_name", "last_name", "display", "country", "confirmed_at")
        .order_by("-confirmed_at")[:limit]
    ]


def country_breakdown(*, petition, limit=None):
    rows = [
        {"code": code, "name": countries.name(code), "count": n}
        for code, n in PetitionCountryTally.objects.filter(
            action_key=petition.action_key, confirmed__gt=0
        )
        .order_by("-confirmed", "country")
        .values_list("country", "confirmed")
    ]
    return rows[:limit] if limit else rows


def source_leaderboard(*, petition):
    """Which affiliates and referral codes brought in confirmed signatures."""
    return list(
        Signature.objects.counting()
        .for_action(petition)
        .exclude(source="")
        .values("source")
        .annotate(signatures=Count("pk"))
        .order_by("-signatures", "source")
    )


# Staff admin -------------------------------------------------------------------
# Reads behind the staff's petition report, trending report, bulk invalidation
# and export. Each runs a fixed number of queries however many signatures there are.

# Thousands of real people share these, so a burst from one of them says little;
# scripted sign-ups there show up in the IP hash report instead.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "ymail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.fr",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "mail.ru",
        "yandex.ru",
        "yandex.com",
        "qq.com",
        "163.com",
        "126.com",
        "rediffmail.com",
        "zoho.com",
    }
)
TRENDING_IP_PER_HOUR = 20
TRENDING_DOMAIN_PER_HOUR = 50
TRENDING_WINDOWS = (1, 24)  # hours
TRENDING_LIMIT = 25
CHART_HOURS = 48
CHART_MAX_DAYS = 366
CHART_MIN_DAYS = 14
SOURCE_LEADERBOARD_LIMIT = 50
INVALIDATION_SAMPLE = 20
# (column in the CSV, field read); "union" is the matched affiliate's name,
# else what the signer typed, so it reads two fields.
EXPORT_FIELDS = (
    ("signed_at", "created_at"),
    ("confirmed_at", "confirmed_at"),
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("email", "email"),
    ("country", "country"),
    ("display", "display"),
    ("language", "language"),
    ("union", ("affiliate__name", "union_name")),
    ("phone", "phone"),
    ("comment", "comment"),
    ("opt_in", "opt_in"),
    ("source", "source"),
    ("utm_source", "utm_source"),
    ("utm_medium", "utm_medium"),
    ("utm_campaign", "utm_campaign"),
    ("flagged", "flagged"),
    ("flag_reason", "flag_reason"),
    ("invalidated_at", "invalidated_at"),
)
EXPORT_COLUMNS = tuple(column for column, _field in EXPORT_FIELDS)


def petitions_by_action(pages):
    """{action key: (the page that stands for the action, its translations' pages)}.

    An action's first page stands for it: the one its translations were made
    from (forms.petition_choices offers the same page).
    """
    actions = {}
    for page in sorted(pages, key=lambda page: page.pk):
        actions.setdefault(page.translation_key, []).append(page)
    return {key: (group[0], group) for key, group in actions.items()}


def _petition_pages():
    return PetitionPage.objects.select_related("locale").defer(
        "body", "petition_text", "delivery_report"
    )


def petitions_overview():
    """Every petition (all its languages in one row) with its public count, newest first."""
    actions = petitions_by_action(_petition_pages())
    tallies = PetitionTally.objects.in_bulk(list(actions))
    rows = []
    for key, (page, translations) in actions.items():
        tally = tallies.get(key)
        rows.append(
            {
                "page": page,
                "translations": translations,
                "total": tally.total if tally else 0,
                "paper": tally.paper if tally else 0,
            }
        )
    return sorted(rows, key=lambda row: -row["page"].pk)


def petition_translations(*, petition):
    """The petition's pages in every language, the one that stands for it first."""
    return list(_petition_pages().filter(translation_key=petition.action_key).order_by("pk"))


def petition_tally_parts(*, petition):
    """The public count split into online signatures and paper ones, as last counted."""
    tally = PetitionTally.objects.filter(action_key=petition.action_key).first()
    return {"online": tally.confirmed if tally else 0, "paper": tally.paper if tally else 0}


def signature_status_counts(*, petition):
    """How a petition's signatures split; the four parts add up to the total.

    confirmed: counting in public; unconfirmed: awaiting the signer's click;
    flagged: held back by the anti-abuse checks; invalidated: removed by staff.
    """
    valid = Q(invalidated_at__isnull=True)
    return Signature.objects.for_action(petition).aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=valid & Q(flagged=False, confirmed_at__isnull=False)),
        unconfirmed=Count("pk", filter=valid & Q(flagged=False, confirmed_at__isnull=True)),
        flagged=Count("pk", filter=valid & Q(flagged=True)),
        invalidated=Count("pk", filter=Q(invalidated_at__isnull=False)),
    )


@dataclass(frozen=True)
class TimeBucket:
    start: datetime  # in UTC
    signatures: int  # every signature made in the bucket
    counting: int  # those of them that count now


def signatures_over_time(*, petition, hourly=False, now=None):
    """Signatures per day since the first one (at most a year back), or per hour for 48 hours.

    Days and hours are UTC's, as in the export. Empty buckets are included so
    that bars line up with time; a young petition still gets two weeks of days.
    """
    now = (now or timezone.now()).astimezone(UTC)
    if hourly:
        step = timedelta(hours=1)
        last = now.replace(minute=0, second=0, microsecond=0)
        first = last - (CHART_HOURS - 1) * step
    else:
        step = timedelta(days=1)
        last = now.replace(hour=0, minute=0, second=0, microsecond=0)
        first = last - (CHART_MAX_DAYS - 1) * step
    queryset = Signature.objects.for_action(petition).filter(created_at__gte=first)
    if connections[queryset.db].vendor == "sqlite":
        # Django's TruncDay on SQLite calls a Python function per row (seconds
        # for a big petition). SQLite keeps the column as ISO text in UTC, so
        # its first 10 or 13 characters are the day or the hour.
        bucket, parse = Substr("created_at", 1, 13 if hourly else 10), _parse_sqlite_bucket
    else:
        bucket, parse = (TruncHour if hourly else TruncDay)("created_at", tzinfo=UTC), _as_utc
    rows = (
        queryset.annotate(bucket=bucket)
        .values("bucket")
        .annotate(signatures=Count("pk"), counting=Count("pk", filter=COUNTING))
        .order_by("bucket")
    )
    found = {parse(row["bucket"]): (row["signatures"], row["counting"]) for row in rows}
    if not hourly:
        earliest = min([last - (CHART_MIN_DAYS - 1) * step, *found])
        first = max(first, earliest)
    buckets, start = [], first
    while start <= last:
        signatures, counting = found.get(start, (0, 0))
        buckets.append(TimeBucket(start=start, signatures=signatures, counting=counting))
        start += step
    return buckets


def _parse_sqlite_bucket(text):
    """A bucket such as 2024-05-01 or 2024-05-01 13, as an aware datetime in UTC."""
    layout = "%Y-%m-%d %H" if " " in text else "%Y-%m-%d"
    return datetime.strptime(text, layout).replace(tzinfo=UTC)


def _as_utc(value):
    return value.astimezone(UTC)


@dataclass(frozen=True)
class SourceRow:
    source: str
    signatures: int
    kind: str  # "affiliate", "referral" (a signer's share link) or "other"
    affiliate: Affiliate | None = None


def source_report(*, petition, limit=SOURCE_LEADERBOARD_LIMIT):
    """The sources that brought in counting signatures, each named. Returns (rows, sources in all).

    A source is an affiliate's code (from its embed or links), a signer's
    referral code (from their share link), or anything else a link carried.
    """
    board = source_leaderboard(petition=petition)
    top = board[:limit]
    lookup = affiliate_lookup()
    affiliate_ids = {row["source"]: lookup.get(row["source"].lower()) for row in top}
    affiliates = Affiliate.objects.in_bulk({pk for pk in affiliate_ids.values() if pk})
    unmatched = [source for source, pk in affiliate_ids.items() if pk not in affiliates]
    referrals = set()
    if unmatched:
        referrals = set(
            Signature.objects.filter(referral_code__in=unmatched).values_list(
                "referral_code", flat=True
            )
        )
    rows = []
    for row in top:
        affiliate = affiliates.get(affiliate_ids[row["source"]])
        if affiliate is not None:
            kind = "affiliate"
        elif row["source"] in referrals:
            kind = "referral"
        else:
            kind = "other"
        rows.append(SourceRow(row["source"], row["signatures"], kind, affiliate))
    return rows, len(board)


@dataclass
class TrendingRow:
    value: str  # the IP hash or the email domain
    signatures: int
    flagged: int
    first_seen: datetime
    last_seen: datetime
    per_hour: float
    above_threshold: bool
    # (petition page id, title, signatures) for each petition it signed, most first.
    petitions: list = field(default_factory=list)

    @property
    def flagged_percent(self):
        return round(100 * self.flagged / self.signatures) if self.signatures else 0

    @property
    def main_petition_id(self):
        return self.petitions[0][0] if self.petitions else None


def trending_ip_hashes(*, hours=1, petition=None, now=None, limit=TRENDING_LIMIT):
    """The IP hashes with the most signatures in the last hours, busiest first."""
    return _trending(
        "ip_hash",
        TRENDING_IP_PER_HOUR,
        hours=hours,
        petition=petition,
        now=now,
        limit=limit,
    )


def trending_domains(*, hours=1, petition=None, now=None, limit=TRENDING_LIMIT):
    """The email domains with the most signatures in the last hours, leaving out free mail."""
    return _trending(
        "email_domain",
        TRENDING_DOMAIN_PER_HOUR,
        hours=hours,
        petition=petition,
        now=now,
        limit=limit,
        exclude=FREE_MAIL_DOMAINS,
    )


def _trending(column, per_hour, *, hours, petition, now, limit, exclude=()):
    since = (now or timezone.now()) - timedelta(hours=hours)
    if petition is not None:
        actions = {petition.action_key: (petition, [petition])}
    else:
        actions = petitions_by_action(_petition_pages())
    # Signature has no index on created_at alone. Naming every petition lets
    # the database range-scan the (action, created_at) index once per petition
    # instead of reading the whole table. Selected by id through a subquery:
    # otherwise SQLite groups along the whole ip_hash index (seconds on a
    # million rows) instead of range-scanning the timeline.
    recent_ids = Signature.objects.filter(action_key__in=list(actions), created_at__gte=since)
    recent = Signature.objects.filter(pk__in=recent_ids.values("pk")).exclude(**{column: ""})
    if exclude:
        recent = recent.exclude(**{f"{column}__in": sorted(exclude)})
    top = list(
        recent.values(column)
        .annotate(
            signatures=Count("pk"),
            flagged=Count("pk", filter=Q(flagged=True)),
            first_seen=Min("created_at"),
            last_seen=Max("created_at"),
        )
        .order_by("-signatures", column)[:limit]
    )
    if not top:
        return []
    spread = {}
    for row in (
        recent.filter(**{f"{column}__in": [row[column] for row in top]})
        .values(column, "action_key")
        .annotate(n=Count("pk"))
        .order_by("-n", "action_key")
    ):
        page = actions[row["action_key"]][0]
        spread.setdefault(row[column], []).append((page.pk, page.title, row["n"]))
    return [
        TrendingRow(
            value=row[column],
            signatures=row["signatures"],
            flagged=row["flagged"],
            first_seen=row["first_seen"],
            last_seen=row["last_seen"],
            per_hour=row["signatures"] / hours,
            above_threshold=row["signatures"] > per_hour * hours,
            petitions=spread.get(row[column], []),
        )
        for row in top
    ]


def signatures_from_ip(ip_hashed, *, now, cap):
    """(last minute, last hour): signatures stored from this IP hash, each counted up to cap.

    One read of the (ip_hash, created_at) index, of at most cap rows, whatever
    the petitions' size; attempts refused as duplicates stored nothing and do
    not count. Every signature pays for this read, so it is written in SQL:
    building the same query through the ORM cost ten times as much (0.6 ms
    against 0.04 ms on SQLite).
    """
    connection = connections[Signature.objects.db]
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(Signature._meta.db_table)
    # The table's name comes from the model; every value is a parameter.
    sql = (
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN created_at >= %s THEN 1 ELSE 0 END), 0) "  # noqa: S608
        f"FROM (SELECT created_at FROM {table} WHERE ip_hash = %s AND created_at >= %s "
        "ORDER BY created_at DESC LIMIT %s) recent"
    )
    params = [adapt(now - timedelta(minutes=1)), ip_hashed, adapt(now - timedelta(hours=1)), cap]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        hour, minute = cursor.fetchone()
    return int(minute), int(hour)


def signatures_matching(
    *, petition, ip_hash="", email_domain="", created_from=None, created_to=None, source=""
):
    """A petition's signatures (in all its languages) that meet every criterion given.

    Empty criteria are ignored.
    """
    queryset = Signature.objects.for_action(petition)
    if ip_hash:
        queryset = queryset.filter(ip_hash=ip_hash)
    if email_domain:
        # Stored in canonical form: lower case, aliases such as googlemail.com folded.
        queryset = queryset.filter(email_domain=email_domain.lower())
    if created_from:
        queryset = queryset.filter(created_at__gte=created_from)
    if created_to:
        queryset = queryset.filter(created_at__lte=created_to)
    if source:
        queryset = queryset.filter(source=source)
    return queryset


@dataclass(frozen=True)
class InvalidationPreview:
    matching: int
    already_invalidated: int
    counting: int  # of the matching ones, how many count in public now
    sample: list

    @property
    def to_invalidate(self):
        return self.matching - self.already_invalidated


def invalidation_preview(*, queryset, sample=INVALIDATION_SAMPLE):
    """How many signatures a bulk invalidation would touch, and the latest few of them."""
    counts = queryset.aggregate(
        matching=Count("pk"),
        already=Count("pk", filter=Q(invalidated_at__isnull=False)),
        counting=Count("pk", filter=COUNTING),
    )
    rows = list(
        queryset.filter(invalidated_at__isnull=True)
        .only(
            "email",
            "first_name",
            "last_name",
            "country",
            "source",
            "ip_hash",
            "created_at",
            "confirmed_at",
            "flagged",
            "flag_reason",
        )
        .order_by("-created_at")[:sample]
    )
    return InvalidationPreview(counts["matching"], counts["already"], counts["counting"], rows)


def _export_queryset(petition, confirmed_only):
    queryset = Signature.objects.for_action(petition)
    return queryset.counting() if confirmed_only else queryset


def signatures_export_count(*, petition, confirmed_only=False):
    """How many rows signatures_for_export gives now, for the audit log."""
    return _export_queryset(petition, confirmed_only).count()


def signatures_for_export(*, petition, confirmed_only=False, chunk_size=2000):
    """A petition's signatures in all its languages (or only those that count), oldest first.

    The tuples follow EXPORT_COLUMNS; "union" is the matched affiliate's name,
    else what the signer typed. Rows are read in chunks: a million take flat memory.
    """
    queryset = _export_queryset(petition, confirmed_only)
    fields = [
        f for _column, spec in EXPORT_FIELDS for f in ((spec,) if isinstance(spec, str) else spec)
    ]
    rows = queryset.order_by("created_at", "pk").values_list(*fields)
    union_at = EXPORT_COLUMNS.index("union")
    for row in rows.iterator(chunk_size=chunk_size):
        yield (*row[:union_at], row[union_at] or row[union_at + 1], *row[union_at + 2 :])
