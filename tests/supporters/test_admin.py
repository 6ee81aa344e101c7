import pytest
from django.utils import timezone

from supporters.factories import AffiliateFactory
from supporters.models import Activity
from supporters.services import Consent, supporter_record_action

pytestmark = pytest.mark.django_db


def test_staff_see_what_is_held_about_a_supporter(superuser_client, campaign):
    supporter = supporter_record_action(
        email="amina@example.org",
        kind=Activity.Kind.PETITION_SIGNATURE,
        page=campaign,
        first_name="Amina",
        source="gefont",
        consent=Consent(given=True, notice="Yes, email me <b>news</b>", at=timezone.now()),
    )
    response = superuser_client.get(f"/admin/snippets/supporters/supporter/inspect/{supporter.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "amina@example.org" in html
    assert "Signed a petition · End kafala now (gefont)" in html
    assert "Yes, email me &lt;b&gt;news&lt;/b&gt;" in html


def test_supporters_and_affiliates_are_listed_and_searchable(superuser_client):
    AffiliateFactory(name="General Federation of Nepalese Trade Unions", acronym="GEFONT")
    response = superuser_client.get("/admin/snippets/supporters/affiliate/", {"q": "GEFONT"})
    assert "General Federation of Nepalese Trade Unions" in response.content.decode()
    assert superuser_client.get("/admin/snippets/supporters/supporter/").status_code == 200


def test_supporters_are_searchable_by_email(superuser_client):
    from supporters.factories import SupporterFactory

    SupporterFactory(email="rosa.lima@example.org")
    SupporterFactory(email="someone@example.org")
    html = superuser_client.get(
        "/admin/snippets/supporters/supporter/", {"q": "rosa"}
    ).content.decode()
    assert "rosa.lima@example.org" in html and "someone@example.org" not in html
