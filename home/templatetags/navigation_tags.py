from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, override
from wagtail.models import Page, Site

from home.memory import DRAWN_FROM, kept_until_pages_change

register = template.Library()

# The header is on every page and changes only when pages do: its home pages,
# menu and translations are read once per pages' generation (home.memory), not
# in each page drawn (they were a third of a page's queries).


def _homes(request):
    """(the site's root page, {language code: its home page in that language})."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None, {}

    def read():
        root = site.root_page
        translations = root.get_translations(inclusive=True).select_related("locale")
        return root, {page.locale.language_code: page for page in translations}

    return kept_until_pages_change(DRAWN_FROM, ("homes", site.pk), read)


def _locale_home(request, language_code=None):
    """The home page in the given (or active) language, falling back to the site root."""
    root, homes = _homes(request)
    return homes.get(language_code or get_language(), root)


@register.simple_tag(takes_context=True)
def locale_home(context):
    return _locale_home(context.get("request"))


@register.inclusion_tag("navigation/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    home = _locale_home(request)
    if home is None:
        return {"items": []}

    def read():
        children = home.get_children().live().public().in_menu()
        return [(child.title, child.get_url(request), child.url_path) for child in children]

    menu = kept_until_pages_change(DRAWN_FROM, ("menu", home.pk, request.get_host()), read)
    current = context.get("page")
    current_path = current.url_path if isinstance(current, Page) else ""
    return {
        "items": [
            {"title": title, "url": url, "active": current_path.startswith(url_path)}
            for title, url, url_path in menu
        ]
    }


def _language_links(request, page):
    """Per content language: (code, name, where the switcher leads, the
    translation's full URL or None). A language the page is not translated into
    leads to a page that says so in that language (home.views.page_not_translated),
    or, when there is no page, to that language's home."""

    def read():
        translations = {}
        if isinstance(page, Page) and page.pk:
            pages = page.get_translations(inclusive=True).live().select_related("locale")
            # A public page names only its public translations (as the page saying
            # it is not translated does); a restricted one, all that are live.
            if not page.get_view_restrictions().exists():
                pages = pages.public()
            for translation in pages:
                translations[translation.locale.language_code] = translation
        links = []
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
            translated = translations.get(code)
            if translated is not None:
                links.append(
                    (code, name, translated.get_url(request), translated.get_full_url(request))
                )
            elif translations:
                with override(code):
                    url = reverse("page_not_translated", args=[page.pk])
                links.append((code, name, url, None))
            else:
                home = _locale_home(request, code)
                if home is not None:
                    links.append((code, name, home.get_url(request), None))
        return links

    page_id = page.pk if isinstance(page, Page) else None
    return kept_until_pages_change(DRAWN_FROM, ("languages", page_id, request.get_host()), read)


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link per language: to this page's translation, or to a page saying there
    is none yet; each through home.views.language_choose, which remembers the choice."""
    request = context.get("request")
    current = get_language()
    links = [
        {
            "code": code,
            "name": name,
            "url": f"{reverse('language_choose', args=[code])}?{urlencode({'next': url})}",
            "current": code == current,
        }
        for code, name, url, _full_url in _language_links(request, context.get("page"))
    ]
    return {"links": links, "current": next((link for link in links if link["current"]), None)}


@register.inclusion_tag("navigation/alternates.html", takes_context=True)
def page_alternates(context):
    """<link rel="alternate" hreflang> for each language the page is published in."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return {"alternates": []}
    request = context.get("request")
    alternates = [
        (code, full_url)
        for code, _name, _url, full_url in _language_links(request, page)
        if full_url
    ]
    default = next((url for code, url in alternates if code == settings.LANGUAGE_CODE), None)
    return {"alternates": alternates, "default": default}
