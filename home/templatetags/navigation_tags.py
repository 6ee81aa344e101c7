from django import template
from django.conf import settings
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


def _locale_home(request, language_code=None):
    """The home page in the given (or active) language, falling back to the site root."""
    root = _site_root(request)
    if root is None:
        return None
    try:
        locale = Locale.objects.get_for_language(language_code or get_language())
    except Locale.DoesNotExist:
        return root
    return root.get_translation_or_none(locale) or root


@register.simple_tag(takes_context=True)
def locale_home(context):
    return _locale_home(context.get("request"))


@register.inclusion_tag("navigation/main_nav.html", takes_context=True)
def main_nav(context):
    request = context.get("request")
    home = _locale_home(request)
    current = context.get("page")
    current_path = current.url_path if isinstance(current, Page) else ""
    children = home.get_children().live().public().in_menu() if home else []
    items = [
        {
            "title": child.title,
            "url": child.get_url(request),
            "active": current_path.startswith(child.url_path),
        }
        for child in children
    ]
    return {"items": items}


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link per language: to this page's translation, or else that language's home page."""
    request = context.get("request")
    page = context.get("page")
    translations = {}
    if isinstance(page, Page):
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    links = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code) or _locale_home(request, code)
        if target is None:
            continue
        links.append(
            {
                "code": code,
                "name": name,
                "url": target.get_url(request),
                "current": code == get_language(),
            }
        )
    return {"links": links}
