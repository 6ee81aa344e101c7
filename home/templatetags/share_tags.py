from urllib.parse import quote, urlencode

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


def share_urls(url, title):
    """Plain share links: no third-party script loads until the reader follows one."""
    message = f"{title} {url}"
    return [
        ("whatsapp", _("WhatsApp"), "https://wa.me/?" + urlencode({"text": message})),
        (
            "telegram",
            _("Telegram"),
            "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
        ),
        (
            "facebook",
            _("Facebook"),
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        ("x", _("X"), "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("email", _("Email"), f"mailto:?subject={quote(title)}&body={quote(message)}"),
    ]


@register.inclusion_tag("components/share_links.html", takes_context=True)
def share_links(context, page, title=""):
    url = page.get_full_url(context.get("request"))
    return {"url": url, "links": share_urls(url, title or page.title)}


@register.inclusion_tag("components/share_links.html")
def share_links_for(url, title):
    """Share links for an address that is not a page's own, e.g. one with a referral code."""
    return {"url": url, "links": share_urls(url, title)}
