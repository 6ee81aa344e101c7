"""Security headers: framing said the same way twice, and features no page uses refused."""

import pytest

pytestmark = pytest.mark.django_db


def csp_directive(response, name):
    for directive in response["Content-Security-Policy"].split(";"):
        parts = directive.split()
        if parts and parts[0] == name:
            return parts[1:]
    return None


def test_public_pages_are_never_framed(client, home_page):
    response = client.get(home_page.url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert csp_directive(response, "frame-ancestors") == ["'none'"]


def test_the_admin_frames_only_itself(admin_client):
    response = admin_client.get("/admin/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert csp_directive(response, "frame-ancestors") == ["'self'"]


@pytest.mark.parametrize("path", ["/en/", "/admin/login/", "/robots.txt", "/en/no-such-page/"])
def test_every_response_refuses_camera_microphone_and_location(client, home_page, path):
    policy = client.get(path, follow=False)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "browsing-topics=()"):
        assert feature in policy
