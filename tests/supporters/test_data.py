"""Seeing, downloading and erasing what we hold: by a link emailed to the address,
never telling a stranger whether we know it."""

import csv
import io
import json
import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.utils import translation

from petitions import services as petition_services
from petitions.factories import PetitionPageFactory
from petitions.models import Signature
from petitions.selectors import petition_count
from supporters.models import Activity, ConsentRecord, Supporter
from supporters.selectors import data_access_url
from supporters.services import supporter_data_export
from supporters.tokens import data_access_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/en/my-data/[^/\s\"]+/)")


def path_of(url):
    return url.removeprefix("http://testserver")


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    def do(email, ip="203.0.113.5"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/en/my-data/", {"email": email}, REMOTE_ADDR=ip, follow=True)

    return do


@pytest.fixture
def maria(signed):
    """A signer who opted in: a supporter with a signature, an action and a consent."""
    signed(
        "maria.santos@example.org",
        comment='=HYPERLINK("http://evil.example")',
        phone="+977 1 4412345",
    )
    return Supporter.objects.get(email_canonical="maria.santos@example.org")


def test_a_known_address_gets_one_link_an_unknown_one_nothing_and_both_the_same_page(ask, maria):
    known = ask("Maria.Santos@example.org")
    unknown = ask("stranger@example.org")

    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert "If we hold anything for this address, we have sent a link to it" in (
        known.content.decode()
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria.santos@example.org"]
    assert LINK.search(message.body)


def test_one_email_per_address_per_interval(ask, maria):
    ask("maria.santos@example.org")
    ask("maria.santos@example.org", ip="198.51.100.9")
    assert len(mail.outbox) == 1


@override_settings(DATA_ACCESS_PER_HOUR=2)
def test_requests_are_limited_per_connection(ask, maria):
    assert ask("a@example.org").status_code == 200
    assert ask("b@example.org").status_code == 200
    limited = ask("maria.santos@example.org")
    assert limited.status_code == 429
    assert "try again in an hour" in limited.content.decode()
    assert not mail.outbox
    assert ask("maria.santos@example.org", ip="198.51.100.9").status_code == 200
    assert len(mail.outbox) == 1


def test_the_address_is_checked_field_by_field(client):
    response = client.post("/en/my-data/", {"email": "not an address"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    assert client.get("/en/my-data/").status_code == 200


def test_the_emailed_link_shows_everything_held(client, ask, maria):
    ask("maria.santos@example.org")
    path = LINK.search(mail.outbox[0].body).group(1)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    for text in (
        "maria.santos@example.org",
        "Petition signatures",
        "Ratify C189 now",
        "+977 1 4412345",
        "Signed a petition",
        "Yes, email me about this campaign",
        "?format=json",
        "?format=csv",
        "Erase my data",
    ):
        assert text in html


def test_json_download(client, maria):
    response = client.get(path_of(data_access_url(maria.pk)), {"format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    sections = json.loads(response.content)["sections"]
    assert sections["Your details"][0]["Email"] == "maria.santos@example.org"
    assert sections["What you did"][0]["Page"] == "Ratify C189 now"
    signature = sections["Petition signatures"][0]
    assert signature["Petition"] == "Ratify C189 now"
    assert signature["Phone"] == "+977 1 4412345"
    assert signature["Confirmed at"]


def test_csv_download_defuses_formulas(client, maria):
    response = client.get(path_of(data_access_url(maria.pk)), {"format": "csv"})

    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Item", "Field", "Value"]
    values = {(section, field): value for section, _item, field, value in rows[1:]}
    assert values[("Petition signatures", "Comment")] == '\'=HYPERLINK("http://evil.example")'
    assert values[("Petition signatures", "Phone")] == "'+977 1 4412345"
    assert values[("What you did", "Kind")] == "Signed a petition"


def test_expired_and_broken_links_say_how_to_get_a_new_one(client, maria):
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 25 * 3600):
        old = data_access_token(maria.pk)
    expired = client.get(f"/en/my-data/{old}/")
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()
    assert 'href="/en/my-data/"' in expired.content.decode()

    broken = client.get(f"/en/my-data/{old[:-3]}xyz/")
    assert broken.status_code == 400
    assert "This link does not work" in broken.content.decode()

    with override_settings(DATA_ACCESS_MAX_AGE=30 * 3600):
        assert client.get(f"/en/my-data/{old}/").status_code == 200


def test_erasing_needs_the_box_ticked(client, maria):
    response = client.post(path_of(data_access_url(maria.pk)), {})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert Supporter.objects.filter(pk=maria.pk).exists()


def test_erasing_removes_the_person_and_keeps_the_count(client, maria, petition, signed):
    signed("someone.else@example.org", first_name="Rosa")
    before = petition_count(petition=petition)["total"]
    assert before == 2
    path = path_of(data_access_url(maria.pk))

    response = client.post(path, {"confirm": "on"})

    assert response.status_code == 200
    assert "Your data is erased" in response.content.decode()
    assert not Supporter.objects.filter(pk=maria.pk).exists()
    assert not Activity.objects.filter(supporter_id=maria.pk).exists()
    assert not ConsentRecord.objects.filter(supporter_id=maria.pk).exists()
    assert not Signature.objects.filter(email__icontains="maria").exists()
    erased = Signature.objects.get(first_name="", petition=petition)
    assert erased.email_canonical == f"erased-{erased.pk}"
    assert erased.anonymised_at and erased.confirmed_at and erased.counted
    assert (erased.phone, erased.comment, erased.ip_hash, erased.opt_in_notice) == ("", "", "", "")
    assert Signature.objects.get(first_name="Rosa").email == "someone.else@example.org"

    petition_services.tallies_recount()
    assert petition_count(petition=petition)["total"] == before

    gone = client.get(path)
    assert gone.status_code == 410
    assert "We hold nothing for this link" in gone.content.decode()


def test_deleting_a_supporter_any_other_way_also_anonymises_their_signatures(
    maria, petition, signed
):
    maria.delete()  # e.g. Delete in the admin rather than Erase
    erased = Signature.objects.get(petition=petition)
    assert (erased.email, erased.first_name, erased.affiliate_id) == ("", "", None)
    assert erased.anonymised_at and erased.counted


def test_erasing_needs_the_csrf_token(maria):
    response = Client(enforce_csrf_checks=True).post(
        path_of(data_access_url(maria.pk)), {"confirm": "on"}
    )
    assert response.status_code == 403
    assert Supporter.objects.filter(pk=maria.pk).exists()


def test_export_finds_signatures_however_the_address_was_typed(signed, campaign):
    other = PetitionPageFactory(parent=campaign, slug="end-kafala-now", title="End kafala")
    signed("Maria.Santos@gmail.com")
    signed("mariasantos+c189@gmail.com", on=other)
    supporter = Supporter.objects.get(email_canonical="mariasantos@gmail.com")

    with translation.override("en"):
        rows = supporter_data_export(supporter=supporter)["Petition signatures"]

    assert {row["Petition"] for row in rows} == {"Ratify C189 now", "End kafala"}
