"""Staff sign-in: failed attempts lock an account out for a while; the supporter-data
role needs a second step from an authenticator app."""

from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "a-long-demo-password"


def sign_in(client, password, ip="198.51.100.7", email="editor@example.org"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_failed_sign_ins_lock_the_account_out_from_that_address(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert sign_in(client, "wrong-password").status_code == 200  # the form again
    locked = sign_in(client, "wrong-password")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    # Even the right password is refused from there for a while...
    assert sign_in(client, PASSWORD).status_code == 429
    # ...but the account's owner elsewhere is not locked out by a stranger.
    assert sign_in(client, PASSWORD, ip="203.0.113.5").status_code == 302


def test_login_attempts_keep_no_address(client, staff_user):
    sign_in(client, "wrong-password")
    attempt = AccessAttempt.objects.get()
    assert attempt.ip_address != "198.51.100.7"
    assert attempt.ip_address.startswith("fd")


def test_a_successful_sign_in_clears_the_failures(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    sign_in(client, "wrong-password")
    sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.fixture
def two_step(settings):
    settings.STAFF_TWO_STEP_REQUIRED = True


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_supporter_data_role_sets_up_two_step_before_entering(two_step, data_client):
    response = data_client.get("/admin/pages/")
    assert response.status_code == 302
    setup = urlsplit(response["Location"])
    assert setup.path == "/admin/two-step/setup/"
    assert parse_qs(setup.query)["next"] == ["/admin/pages/"]
    assert data_client.get("/admin/snippets/supporters/supporter/").status_code == 302

    page = data_client.get(response["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode(), "the QR code is drawn by the site itself"
    device = TOTPDevice.objects.get()
    assert not device.confirmed

    wrong = data_client.post(response["Location"], {"code": "000000", "next": "/admin/pages/"})
    assert "That code is not right" in wrong.content.decode()
    again = data_client.post(response["Location"], {"code": code_for(device), "next": "/"})
    assert "Too many wrong codes" in again.content.decode(), "guessing is slowed down"
    device.refresh_from_db()
    device.throttle_reset()  # the wait has passed
    right = data_client.post(
        response["Location"], {"code": code_for(device), "next": "/admin/pages/"}
    )
    assert (right.status_code, right["Location"]) == (302, "/admin/pages/")
    assert data_client.get("/admin/snippets/supporters/supporter/").status_code == 200


def test_next_time_the_code_is_asked_after_the_password(two_step, client, data_user):
    device = TOTPDevice.objects.create(user=data_user, name="phone", confirmed=True)
    client.post(LOGIN, {"username": "data@example.org", "password": PASSWORD})
    response = client.get("/admin/")
    assert urlsplit(response["Location"]).path == "/admin/two-step/verify/"
    assert client.post("/admin/two-step/verify/", {"code": "123"}).status_code == 200
    verified = client.post("/admin/two-step/verify/", {"code": code_for(device)})
    assert verified.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_communications_staff_are_not_asked_unless_they_chose_it(two_step, staff_client):
    assert staff_client.get("/admin/").status_code == 200
    account = staff_client.get("/admin/account/").content.decode()
    assert "/admin/two-step/setup/" in account


def test_superusers_need_the_second_step_too(two_step, superuser_client):
    response = superuser_client.get("/admin/")
    assert urlsplit(response["Location"]).path == "/admin/two-step/setup/"


def test_signing_in_and_out_stay_open(two_step, data_client):
    assert data_client.post("/admin/logout/").status_code == 302
    assert data_client.get(LOGIN).status_code == 200
