"""After the event the organiser reports back through the manage link; staff read
the reports per day of action and the annual review."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.images.models import Rendition

from events.emails import manage_token
from events.factories import EventActionFactory
from events.models import EventAction, EventReport
from home.renditions import UPLOAD_SPECS
from tests.home.test_images import assert_clean, tagged_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(day):
    """An approved action that took place yesterday."""
    start = timezone.now() - dt.timedelta(days=1)
    return EventActionFactory(
        day=day, starts_at=start, ends_at=start + dt.timedelta(hours=2), expected_participants=80
    )


def report_url(day, action, token=None):
    return day.url + day.reverse_subpage("report") + "?t=" + (token or manage_token(action))


def report_data(**overrides):
    data = {
        "participants": "95",
        "outcome": "larger",
        "summary": "We marched to the ministry.\nThe minister received a delegation.",
        "press_links": "https://example.org/news/march\nhttps://example.org/tv",
        "public": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def photo(name="march.jpg", data=None):
    return SimpleUploadedFile(name, data or tagged_photo(size=(320, 200)), "image/jpeg")


def test_the_manage_page_asks_for_a_report_once_the_event_has_started(client, day, held):
    html = client.get(day.url + day.reverse_subpage("manage") + "?t=" + manage_token(held))
    assert "Write my report" in html.content.decode()
    upcoming = EventActionFactory(day=day)
    upcoming.starts_at = timezone.now() + dt.timedelta(days=1)
    upcoming.ends_at = upcoming.starts_at + dt.timedelta(hours=1)
    upcoming.save()
    html = client.get(day.url + day.reverse_subpage("manage") + "?t=" + manage_token(upcoming))
    assert "Write my report" not in html.content.decode()
    response = client.post(report_url(day, upcoming), report_data())
    assert response.status_code == 409
    assert not EventReport.objects.exists()


def test_a_report_with_a_photo_is_stored_and_the_photo_keeps_no_metadata(
    client, day, held, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url(day, held), {**report_data(), "photos": [photo()]})
    assert response.status_code == 303
    report = EventReport.objects.get()
    assert (report.event, report.participants, report.outcome) == (held, 95, "larger")
    assert report.links == ["https://example.org/news/march", "https://example.org/tv"]
    stored = report.photos.get().image
    with stored.file.open("rb") as f:
        assert_clean(f.read())
    assert stored.collection.name == "Event reports"
    # Made by the worker in every size and format the page shows, each as clean.
    made = Rendition.objects.filter(image=stored)
    assert set(made.values_list("filter_spec", flat=True)) == set(UPLOAD_SPECS)
    for rendition in made:
        with rendition.file.open("rb") as f:
            assert_clean(f.read())
    # Shown on the action's public page, as the organiser chose, drawing no new size.
    page = client.get(day.url + day.reverse_subpage("action", args=[held.pk]))
    html = page.content.decode()
    assert "What happened" in html and "95 people took part." in html
    assert made.count() == len(UPLOAD_SPECS)
    for rendition in made:
        assert f"{rendition.url} {rendition.width}w" in html


def test_a_report_not_made_public_stays_with_staff(client, day, held):
    client.post(report_url(day, held), report_data(public=None))
    assert EventReport.objects.get().public is False
    html = client.get(day.url + day.reverse_subpage("action", args=[held.pk])).content.decode()
    assert "What happened" not in html


def test_the_report_can_be_changed_and_photos_added_and_removed(client, day, held):
    client.post(report_url(day, held), {**report_data(), "photos": [photo()]})
    client.post(
        report_url(day, held), {**report_data(participants="120"), "photos": [photo("b.jpg")]}
    )
    report = EventReport.objects.get()
    assert report.participants == 120
    assert report.photos.count() == 2
    first = report.photos.first()
    response = client.post(report_url(day, held), {"do": "remove_photo", "photo": str(first.pk)})
    assert response.status_code == 303
    assert report.photos.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"participants": "-4"}, "participants", "greater than or equal to 0"),
        ({"participants": "99999999"}, "participants", "less than or equal to"),
        ({"outcome": "won"}, "outcome", "Select a valid choice"),
        ({"summary": ""}, "summary", "required"),
        ({"press_links": "javascript:alert(1)"}, "press_links", "is not a web link"),
        (
            {"press_links": "\n".join(f"https://example.org/{n}" for n in range(11))},
            "press_links",
            "at most 10 links",
        ),
    ],
)
def test_bad_reports_are_refused_field_by_field(client, day, held, overrides, field, message):
    response = client.post(report_url(day, held), report_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not EventReport.objects.exists()


def test_a_file_that_is_no_photo_is_refused_and_nothing_is_kept(client, day, held):
    fake = SimpleUploadedFile("poster.jpg", b"%PDF-1.7 not a picture", "image/jpeg")
    response = client.post(report_url(day, held), {**report_data(), "photos": [fake]})
    assert response.status_code == 400
    assert "poster.jpg" in " ".join(response.context["form"].errors["photos"])
    assert not EventReport.objects.exists()


def test_too_many_photos_at_once_are_refused(client, day, held):
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "PNG")
    photos = [SimpleUploadedFile(f"{n}.png", out.getvalue(), "image/png") for n in range(7)]
    response = client.post(report_url(day, held), {**report_data(), "photos": photos})
    assert response.status_code == 400
    assert "at most 6 photos" in " ".join(response.context["form"].errors["photos"])


def test_no_one_reports_on_an_action_that_is_not_theirs(client, day, held):
    assert client.post(report_url(day, held, token="forged"), report_data()).status_code == 400
    token = manage_token(held)
    EventAction.objects.filter(pk=held.pk).update(manage_version=2)
    assert client.post(report_url(day, held, token=token), report_data()).status_code == 410
    assert not EventReport.objects.exists()


# Staff: reports and the annual review ---------------------------------------------


@pytest.fixture
def year_of_actions(day):
    """Three published actions of 2026 (one reported), one pending, one of 2025."""
    a = EventActionFactory(day=day, country="NP", kind="rally", expected_participants=800)
    EventReport.objects.create(event=a, participants=1000, outcome="larger", summary="Big.")
    EventActionFactory(day=day, country="NP", kind="workshop", expected_participants=60)
    EventActionFactory(
        day=day, country="QA", kind="sports", expected_participants=300, organisation="=CMD()"
    )
    EventActionFactory(day=day, country="PH", status=EventAction.Status.PENDING)
    old = EventActionFactory(day=day, country="MY", expected_participants=10)
    old.starts_at -= dt.timedelta(days=365)
    old.ends_at -= dt.timedelta(days=365)
    old.save()
    return a


def test_the_annual_review_counts_a_year_by_country_affiliate_and_kind(
    staff_client, year_of_actions
):
    response = staff_client.get(reverse("events_review:index"), {"year": 2026})
    assert response.status_code == 200
    review = response.context["review"]
    assert review["totals"]["actions"] == 3
    assert review["totals"]["countries"] == 2
    assert review["totals"]["reports"] == 1
    # Reported where there is a report, expected otherwise: 1000 + 60 + 300.
    assert review["totals"]["participants"] == 1360
    by_country = {row.key: (row.actions, row.participants) for row in review["by_country"]}
    assert by_country == {"NP": (2, 1060), "QA": (1, 300)}
    html = response.content.decode()
    assert "<svg" in html and "Nepal" in html
    assert 2025 in response.context["years"]


def test_the_annual_review_downloads_as_csv_with_formulas_defused(staff_client, year_of_actions):
    response = staff_client.get(reverse("events_review:index"), {"year": 2026, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    assert "2026,Country,Nepal,2,1,860,1000,1060" in body
    assert "'=CMD()" in body


def test_staff_read_each_days_reports(staff_client, day, year_of_actions):
    response = staff_client.get(reverse("events_review:day", args=[day.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 of 4 published actions reported back." in html
    assert "Big." in html


def test_the_review_is_for_staff_only(client, django_user_model, day):
    assert client.get(reverse("events_review:index")).status_code == 302
    user = django_user_model.objects.create_user(
        email="x@example.org", password="a-long-password-1"
    )
    client.force_login(user)
    assert client.get(reverse("events_review:index")).status_code in (302, 403)
