from django import template
from django.conf import settings
from django.utils.translation import get_language
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


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link per language: to this page's translation, or else that language's home page."""
    request = context.get("request")
    page = context.get("page")

    def read():
        translations = {}
        if isinstance(page, Page) and page.pk:
            for translation in (
                page.get_translations(inclusive=True).live().select_related("locale")
            ):
                translations[translation.locale.language_code] = translation
        links = []
        for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
            target = translations.get(code) or _locale_home(request, code)
            if target is not None:
                links.append((code, name, target.get_url(request)))
        return links

    page_id = page.pk if isinstance(page, Page) else None
    links = kept_until_pages_change(DRAWN_FROM, ("languages", page_id, request.get_host()), read)
    current = get_language()
    return {
        "links": [
            {"code": code, "name": name, "url": url, "current": code == current}
            for code, name, url in links
        ]
    }
