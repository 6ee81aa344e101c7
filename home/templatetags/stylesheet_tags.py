from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from config.stylesheet import stylesheet_text

register = template.Library()


@register.simple_tag
def stylesheet():
    """The site's stylesheet, written into the page (config.stylesheet). Linked
    while developing (DEBUG), where it is edited without restarting the server
    that computed its hash."""
    if settings.DEBUG:
        return format_html('<link rel="stylesheet" href="{}">', static("css/site.css"))
    # The project's own file, not user input; it holds no "</style>".
    return format_html("<style>{}</style>", mark_safe(stylesheet_text()))  # noqa: S308
