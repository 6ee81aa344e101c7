"""What an outsider can send the public petition pages: odd links, odd addresses, old forms."""

import re
import time

import pytest
from django.core import signing

from home.tokens import signed_id
from petitions.emails import CONFIRM_SALT
from petitions.forms import STARTED_SALT
from petitions.models import Signature
from petitions.views.public import THANKS_SALT
from tests.petitions.conftest import sign_url

pytestmark = pytest.mark.django_db

# Validly signed with the right salt, but not a signature's id.
NOT_AN_ID = ["abc", {"pk": 1}, [1, 2], 1.5, True, -3, 0, None, "1"]


@pytest.mark.parametrize("value", NOT_AN_ID, ids=repr)
def test_a_signed_confirmation_link_for_something_else_is_a_broken_link(client, petition, value):
    token = signing.dumps(value, salt=CONFIRM_SALT)
    response = client.get(f"{petition.url}confirm/", {"t": token})
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert client.post(f"{petition.url}confirm/?t={token}").status_code == 400


@pytest.mark.parametrize("value", NOT_AN_ID, ids=repr)
def test_a_signed_thank_you_link_for_something_else_is_a_plain_thank_you(client, petition, value):
    token = signing.dumps(value, salt=THANKS_SALT)
    response = client.get(f"{petition.url}thanks/", {"ref": token})
    assert response.status_code == 200
    assert "?src=" not in response.content.decode()


def test_a_thank_you_link_shows_its_own_signature(client, petition, sign):
    response = sign()
    code = Signature.objects.get().referral_code
    assert f"?src={code}" in client.get(response["Location"]).content.decode()
    other = signed_id(Signature.objects.get().pk + 1, salt=THANKS_SALT)
    assert "?src=" not in client.get(f"{petition.url}thanks/", {"ref": other}).content.decode()
    # Another petition's link, or a code that is not one, shows a plain thank-you.
    for value in ([petition.pk + 1, code], [petition.pk, "<b>x</b>"], [petition.pk]):
        ref = signing.dumps(value, salt=THANKS_SALT)
        page = client.get(f"{petition.url}thanks/", {"ref": ref}).content.decode()
        assert "?src=" not in page and "<b>x" not in page


@pytest.mark.parametrize(
    "email",
    [
        "maria@localhost",
        "maria@[127.0.0.1]",
        "maria@[IPv6:::1]",
        '"maria\x01"@example.org',
        '"maria santos"@example.org',
        "maria\u200b@example.org",  # a zero-width space
        "maria@example.org\u202e",  # a right-to-left override
        "maria@intranet",
        "maria@example..org",
    ],
)
def test_addresses_mail_cannot_reach_are_refused_with_a_message(client, petition, sign, email):
    response = sign(email=email)
    assert response.status_code == 400
    assert "Enter an email address such as name@example.org." in response.content.decode()
    assert not Signature.objects.exists()


@pytest.mark.parametrize("email", ["maria@bücher.de", "siti.aminah+c189@example.co.id"])
def test_real_addresses_still_sign(sign, email):
    assert sign(email=email).status_code == 303
    assert Signature.objects.get().email == email


def test_a_form_opened_more_than_a_day_ago_is_shown_again_with_a_fresh_marker(
    client, petition, sign_data, settings, monkeypatch
):
    # An old marker, as a script replaying one copied form for ever would send it.
    started = time.time() - settings.PETITION_FORM_MAX_AGE - 60
    with monkeypatch.context() as then:
        then.setattr(
            signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(started))
        )
        stale = signing.dumps(started, salt=STARTED_SALT)
    response = client.post(sign_url(petition), sign_data(started=stale))
    assert response.status_code == 400
    page = response.content.decode()
    assert "This form was opened too long ago" in page
    assert "Please correct the fields marked below" not in page
    assert not Signature.objects.exists()

    # The page shown again carries a marker stamped as it was sent (home.pagecache).
    fresh = re.search(r'name="started" value="([^"]+)"', page).group(1)
    assert fresh != stale
    assert signing.loads(fresh, salt=STARTED_SALT, max_age=60) > started
    # The person waits a moment, checks the details and sends again: it counts.
    data = sign_data(started=signing.dumps(time.time() - 30, salt=STARTED_SALT))
    assert client.post(sign_url(petition), data).status_code == 303
    assert not Signature.objects.get().flagged
