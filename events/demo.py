"""The demo day of action: International Migrants Day, 18 December 2026, and the
actions affiliates in countries of origin and destination registered for it."""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from supporters.models import Affiliate

from .factories import DayOfActionPageFactory
from .models import DayOfActionPage, EventAction

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
        start = dt.datetime(2026, 12, 18, hour, 0, tzinfo=zoneinfo.ZoneInfo(zone))
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
    return EventsDemo(page=page, actions=tuple(actions))
