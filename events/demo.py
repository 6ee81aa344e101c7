"""The demo day of action: International Migrants Day, 18 December 2026, and the
actions affiliates in countries of origin and destination registered for it."""

import datetime as dt
import io
import zoneinfo
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from wagtail.documents import get_document_model

from supporters.models import Affiliate

from . import services
from .factories import DayOfActionPageFactory
from .models import DayOfActionPage, EventAction, EventReport, EventRsvp, ToolkitItem

DAY = {
    "slug": "day-of-action",
    "title": "International Migrants Day 2026: actions around the world",
    "starts_on": dt.date(2026, 12, 18),
    "intro": "<p>On 18 December unions in countries of origin and destination act together "
    "for migrant workers' rights: ratify C189, C190 and the 1990 Migrant Workers Convention, "
    "end the kafala system and recruitment fees. Register what your union will do, and find "
    "an action near you.</p>",
}

# (title, kind, country, city, venue or online link, time zone, local start hour,
# hours, expected, affiliate code or organisation name, status)
ACTIONS = [
    (
        "Rally at Maitighar Mandala: zero recruitment fees",
        "rally",
        "NP",
        "Kathmandu",
        "Maitighar Mandala",
        "Asia/Kathmandu",
        11,
        2,
        800,
        "gefont",
        "approved",
    ),
    (
        "Pre-departure rights workshop for women going abroad",
        "workshop",
        "NP",
        "Pokhara",
        "GEFONT district office",
        "Asia/Kathmandu",
        10,
        4,
        60,
        "gefont",
        "approved",
    ),
    (
        "Friendship football match: local and migrant workers",
        "sports",
        "QA",
        "Doha",
        "Aspire Park",
        "Asia/Qatar",
        16,
        2,
        300,
        "Building and Wood Workers' Qatar committee",
        "approved",
    ),
    (
        "Press conference: wage theft in the Gulf",
        "press",
        "PH",
        "Manila",
        "Kamuning Bakery Café, Quezon City",
        "Asia/Manila",
        10,
        1,
        40,
        "fadwu",
        "approved",
    ),
    (
        "March for the 1990 Migrant Workers Convention",
        "march",
        "ID",
        "Jakarta",
        "Bundaran HI to the Ministry of Manpower",
        "Asia/Jakarta",
        9,
        3,
        1500,
        "Serikat Buruh Migran Indonesia",
        "approved",
    ),
    (
        "Know your rights: domestic workers' day off",
        "training",
        "SA",
        "Riyadh",
        "https://meet.example.org/migrants-day-riyadh",
        "Asia/Riyadh",
        20,
        2,
        120,
        "fadwu",
        "approved",
    ),
    (
        "Solidarity picnic with migrant domestic workers",
        "sports",
        "HK",
        "Hong Kong",
        "Victoria Park",
        "Asia/Hong_Kong",
        12,
        4,
        500,
        "fadwu",
        "approved",
    ),
    (
        "Vigil for workers who died in heat",
        "rally",
        "MY",
        "Kuala Lumpur",
        "Dataran Merdeka",
        "Asia/Kuala_Lumpur",
        19,
        2,
        250,
        "Malaysian Trades Union Congress",
        "approved",
    ),
    (
        "Radio phone-in: recruitment agencies and your contract",
        "online",
        "KE",
        "Nairobi",
        "https://radio.example.org/live",
        "Africa/Nairobi",
        18,
        1,
        2000,
        "kwdu",
        "approved",
    ),
    (
        "Cultural evening: songs of migration",
        "sports",
        "LB",
        "Beirut",
        "Migrant Community Centre",
        "Asia/Beirut",
        18,
        3,
        150,
        "Migrant Domestic Workers' Union (Lebanon)",
        "approved",
    ),
    (
        "Training for shop stewards on C190",
        "training",
        "BD",
        "Dhaka",
        "Union hall, Motijheel",
        "Asia/Dhaka",
        10,
        5,
        45,
        "Bangladesh migrant workers' network",
        "pending",
    ),
    (
        "Leafleting at the airport departures hall",
        "other",
        "IN",
        "Kochi",
        "Cochin International Airport",
        "Asia/Kolkata",
        6,
        3,
        25,
        "Kerala migrant workers' forum",
        "approved",
    ),
]


# Two actions held in the run-up to the day, already reported on:
# title -> (local date, participants, outcome, what happened, press links).
REPORTS = {
    "Pre-departure rights workshop for women going abroad": (
        dt.date(2026, 11, 28),
        74,
        "larger",
        "Seventy-four women bound for Kuwait, Qatar and Malaysia learnt what a lawful "
        "contract says, that recruitment fees are illegal under Nepal's Foreign Employment "
        "Act, and whom to call at destination. Twelve joined the union's migrant desk.",
        "https://example.org/news/pokhara-pre-departure-workshop",
    ),
    "Press conference: wage theft in the Gulf": (
        dt.date(2026, 12, 2),
        38,
        "planned",
        "Returnees testified to months of unpaid wages; six reporters attended and two "
        "national dailies covered the union's call to ratify the 1990 Convention.",
        "https://example.org/news/manila-wage-theft\nhttps://example.org/tv/manila-briefing",
    ),
}
# Posters for the toolkit, made here so that the demo needs no file of its own.
TOOLKIT = [
    ("International Migrants Day poster", "en"),
    ("Affiche de la Journée internationale des migrants", "fr"),
    ("अन्तर्राष्ट्रिय आप्रवासी दिवस पोस्टर", "ne"),
]
RSVPS = ["Sita", "Ramesh", "Maya", "Joseph", "Amina"]


@dataclass(frozen=True)
class EventsDemo:
    page: DayOfActionPage
    actions: tuple


def seed(*, campaign) -> EventsDemo:
    page = DayOfActionPage.objects.child_of(campaign).filter(slug=DAY["slug"]).first()
    if page is None:
        page = DayOfActionPageFactory.build(**DAY)
        campaign.add_child(instance=page)
        page.save_revision().publish()
    affiliates = {affiliate.code: affiliate for affiliate in Affiliate.objects.all()}
    actions = []
    for n, spec in enumerate(ACTIONS):
        (title, kind, country, city, place, zone, hour, hours, expected, who, status) = spec
        existing = EventAction.objects.for_action(page).filter(title=title).first()
        if existing is not None:
            actions.append(existing)
            continue
        affiliate = affiliates.get(who)
        day = REPORTS[title][0] if title in REPORTS else dt.date(2026, 12, 18)
        start = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=zoneinfo.ZoneInfo(zone))
        online = place.startswith("https://")
        actions.append(
            EventAction.objects.create(
                day=page,
                affiliate=affiliate,
                organisation=affiliate.name if affiliate else who,
                organiser_name="Demo organiser",
                organiser_email=f"organiser{n}@example.org",
                language="en",
                title=title,
                kind=kind,
                description=f"{title}. Everyone is welcome; bring your friends and colleagues.",
                country=country,
                city=city,
                venue="" if online else place,
                online_url=place if online else "",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=hours),
                time_zone=zone,
                expected_participants=expected,
                rsvp_open=kind != "press",
                capacity=40 if kind == "training" else None,
                status=status,
                confirmed_at=start - dt.timedelta(days=20),
            )
        )
    for action in actions:
        if action.title in REPORTS and not EventReport.objects.filter(event=action).exists():
            _report(action, *REPORTS[action.title][1:])
    _rsvps(next(a for a in actions if a.kind == "sports"))
    _toolkit(page)
    services.figures_refresh(action_key=page.action_key)
    return EventsDemo(page=page, actions=tuple(actions))


def _poster(text, size=(600, 400), fmt="PNG"):
    image = Image.new("RGB", size, "#b3121b")
    draw = ImageDraw.Draw(image)
    draw.rectangle([20, 20, size[0] - 20, size[1] - 20], outline="#ffffff", width=6)
    draw.text((40, size[1] // 2 - 10), text[:60], fill="#ffffff")
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def _report(action, participants, outcome, summary, links):
    report = EventReport.objects.create(
        event=action,
        participants=participants,
        outcome=outcome,
        summary=summary,
        press_links=links,
        public=True,
    )
    upload = ContentFile(_poster(action.title, fmt="JPEG"), name="photo.jpg")
    image = services.report_photo_store(action=action, upload=upload)
    report.photos.create(image=image)


def _rsvps(action):
    for name in RSVPS:
        EventRsvp.objects.get_or_create(
            event=action,
            email=f"{name.lower()}@example.org",
            defaults={
                "day_id": action.day_id,
                "action_key": action.action_key,
                "name": name,
                "language": "en",
                "status": EventRsvp.Status.GOING,
            },
        )


def _toolkit(page):
    if page.toolkit.exists():
        return
    Document = get_document_model()
    for sort, (title, language) in enumerate(TOOLKIT):
        document = Document(
            title=title,
            file=ContentFile(
                _poster(f"18 December - {language}", fmt="PDF"), name=f"poster-{language}.pdf"
            ),
        )
        document.save()
        ToolkitItem.objects.create(page=page, document=document, language=language, sort_order=sort)
