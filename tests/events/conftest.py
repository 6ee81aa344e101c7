import pytest

from events.factories import DayOfActionPageFactory


@pytest.fixture
def day(campaign):
    return DayOfActionPageFactory(parent=campaign, slug="migrants-day", title="Migrants Day 2026")


@pytest.fixture
def register_data():
    """What an organiser would type: a football match in Doha, in Qatar's time."""

    def build(**overrides):
        data = {
            "organisation": "Nepal Migrant Workers' Union",
            "organiser_name": "Ram Bahadur",
            "organiser_email": "ram@example.org",
            "title": "Friendship football match",
            "kind": "sports",
            "description": "Local and migrant workers play together.\nBring water.",
            "country": "QA",
            "city": "Doha",
            "venue": "Aspire Park",
            "online_url": "",
            "starts_at": "2026-12-18T16:00",
            "ends_at": "2026-12-18T18:30",
            "time_zone": "Asia/Qatar",
            "expected_participants": "120",
            "languages": "Nepali, Arabic, English",
            "rsvp_open": "on",
            "capacity": "40",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build
