"""Security headers: framing said the same way twice, and features no page uses refused."""

import base64
import hashlib
import re

import pytest
from django.template import engines

from config.stylesheet import STYLESHEET, stylesheet_text

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


def _inline_style(response):
    return re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)


def test_the_stylesheet_comes_in_the_page_allowed_by_its_hash_alone(client, home_page, settings):
    # One round trip less on a slow network (config.stylesheet); the second view
    # comes from the page cache.
    settings.PAGE_CACHE_SECONDS = 8
    for state in ("miss", "hit"):
        response = client.get(home_page.url)
        assert response["X-Page-Cache"] == state
        css = _inline_style(response)
        assert css == stylesheet_text()
        # The file's rules, without its comments.
        source = STYLESHEET.read_text(encoding="utf-8")
        assert ".card__image {" in css and ".card__image {" in source
        assert "/* Cards */" in source and "/*" not in css
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert csp_directive(response, "style-src") == ["'self'", f"'sha256-{digest}'"]
        assert 'rel="stylesheet"' not in response.content.decode()


def test_the_stylesheet_is_linked_while_developing(settings):
    settings.DEBUG = True
    html = engines["django"].from_string("{% load stylesheet_tags %}{% stylesheet %}").render()
    assert html.startswith('<link rel="stylesheet" href="/static/css/site.css')
