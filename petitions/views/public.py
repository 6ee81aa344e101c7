"""Handlers for the petition page's routes (sign, thanks, confirm, count, map) and the embed.

The routes are declared on PetitionPage; these functions keep the model short.
"""

import re

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core import signing
from django.http import (
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from home.pagecache import shared, shell
from home.tokens import signed_id_read
from home.views import live_or_404, public_form, see_other
from home.visitors import client_ip, ip_hash

from ..emails import CONFIRM_SALT
from ..forms import (
    ConfirmForm,
    SignatureForm,
    clean_source,
)
from ..models import Signature
from ..selectors import (
    country_breakdown,
    petition_count,
    petition_live,
)
from ..services import (
    signature_confirm,
    signature_sign,
)

THANKS_SALT = "petitions.thanks"
SOURCE_PARAMS = ("src", "utm_source", "utm_medium", "utm_campaign")


def source_initial(request):
    """Codes from the link that brought the visitor (?src=, utm_*), for the form."""
    initial = {name: clean_source(request.GET.get(name, "")) for name in SOURCE_PARAMS}
    # Embed snippets name the affiliate with ?affiliate=; it is a source like any other.
    initial["src"] = initial["src"] or clean_source(request.GET.get("affiliate", ""))
    return initial


def petition_index(request, page):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    form = SignatureForm(petition=page, initial=source_initial(request))
    return page.render(request, context_overrides={"form": form})


@public_form
def petition_sign(request, page_id):
    """Where the petition form posts: a plain URL, so signing skips Wagtail's page routing.

    Routing a request down the page tree cost more than half of a signature's
    time (bench/sign.py). Signs, then See Other to the thank-you page; or shows
    the page again, with what went wrong.
    """
    page = live_or_404(petition_live(page_id))
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    if not page.is_open:
        response = page.render(request, context_overrides={"form": None, "closed_attempt": True})
        response.status_code = 409
        return response
    form = SignatureForm(request.POST, petition=page)
    if not form.is_valid():
        response = page.render(request, context_overrides={"form": form})
        response.status_code = 400
        return response
    result = sign_from_form(request, page, form)
    token = thanks_token(page, result.signature)
    thanks = reverse("petitions:thanks", args=[page.pk])
    return see_other(f"{thanks}?ref={token}")  # reloading the thank-you page never re-posts


def sign_from_form(request, page, form):
    ip = client_ip(request)
    return signature_sign(
        petition=page,
        details=form.signature_details(),
        ip=ip,
        ip_hashed=ip_hash(ip),
        fill_seconds=form.fill_seconds(),
        honeypot=form.cleaned_data["website"],
    )


# Where the signer's own referral code goes in the thank-you page's shell.
REFERRAL_MARK = "referralcodemark"
REFERRAL_CODE = re.compile(r"[A-Za-z0-9_-]{1,16}")


def thanks_token(page, signature):
    """The thank-you link's ref: the petition and the signer's referral code, signed
    (the code is public, in every link they share; signing keeps others' out)."""
    return signing.dumps([page.pk, signature.referral_code], salt=THANKS_SALT)


def thanks_token_read(token, page):
    """The referral code in a ref made for this petition within a day, or None."""
    try:
        value = signing.loads(token, salt=THANKS_SALT, max_age=60 * 60 * 24)
    except signing.BadSignature:
        return None
    if (
        type(value) is list
        and len(value) == 2
        and value[0] == page.pk
        and type(value[1]) is str
        and REFERRAL_CODE.fullmatch(value[1])
    ):
        return value[1]
    return None


def petition_thanks(request, page):
    """The thank-you page and the signer's own share link.

    Everyone's is the same page but for that link's code, which the link
    carries: it is drawn once (home.pagecache.shell) and the code written in,
    with no query. Drawing it for each signer was most of a visitor's journey
    (bench/pages.py).
    """
    code = thanks_token_read(request.GET.get("ref", ""), page)

    def draw(query=""):
        # The page's address is read only when drawing: it costs a cache read.
        return lambda: (
            page.render(
                request,
                template="petitions/petition_thanks.html",
                context_overrides={"share_url": page.get_full_url(request) + query},
            ).rendered_content
        )

    if code is None:
        html = shell(request, f"petition-thanks:{page.pk}", draw())
    else:
        marked = shell(request, f"petition-thanks-shared:{page.pk}", draw(f"?src={REFERRAL_MARK}"))
        html = marked.replace(REFERRAL_MARK, code)
    response = HttpResponse(html)
    add_never_cache_headers(response)  # the signer's own link
    return response


def petition_thanks_plain(request, page_id):
    """Where signing leads: a plain URL, past Wagtail's page routing like the form's
    (the page's own thanks/ route answers links made before)."""
    page = live_or_404(petition_live(page_id))
    return petition_thanks(request, page)


def petition_confirm(request, page):
    """A page with a button; only its POST confirms.

    The token travels in the query string: Wagtail's page paths allow only
    letters, digits, "_" and "-", and a signed token contains ":".
    """
    token = request.GET.get("t", "")
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    state, signature = "invalid", None
    try:
        pk = signed_id_read(
            token, salt=CONFIRM_SALT, max_age=settings.PETITION_CONFIRMATION_MAX_AGE
        )
        signature = Signature.objects.filter(pk=pk, petition=page).first()
        state = "ready" if signature else "invalid"
    except signing.SignatureExpired:
        state = "expired"
    except signing.BadSignature:
        state = "invalid"
    if signature is not None and signature.invalidated_at:
        signature, state = None, "invalid"
    if signature is not None:
        if request.method == "POST" and ConfirmForm(request.POST).is_valid():
            newly = signature_confirm(signature=signature)
            state = "confirmed" if newly else "already"
        elif signature.confirmed_at:
            state = "already"
    response = page.render(
        request,
        template="petitions/petition_confirm.html",
        context_overrides={
            "state": state,
            "signature": signature,
            "share_url": f"{page.get_full_url(request)}?src={signature.referral_code}"
            if signature
            else page.get_full_url(request),
        },
    )
    if state in ("invalid", "expired"):
        response.status_code = 400 if state == "invalid" else 410
    return response


# Each page view asks for it once (static/js/site.js): kept briefly, so that a
# count shown by a page from the cache is corrected at once.
@cache_control(public=True, max_age=2)
def petition_count_json(request, page):
    count = petition_count(petition=page)
    return JsonResponse(
        {
            "total": count["total"],
            "goal": count["goal"],
            "percent": count["percent"],
            # As the page writes them (count.html), for the page's script to show.
            "total_text": intcomma(count["total"]),
            "goal_text": intcomma(count["goal"]),
        }
    )


@cache_control(public=True, max_age=60)
def petition_map_svg(request, page):
    from django.utils.translation import gettext

    from home.worldmap import world_map_svg

    counts = {row["code"]: row["count"] for row in country_breakdown(petition=page)}
    svg = world_map_svg(counts, title=gettext("Signatures by country"))
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


# The embed is framed by affiliates' own sites, where the browser withholds this
# site's cookies: like every public form it carries no CSRF token (home.views.
# public_form); the form inside the frame is ours, so it posts from our origin.
@public_form
@xframe_options_exempt
def petition_embed(request, page_id):
    """The petition's form and count, for an affiliate to frame on its own website."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    page = live_or_404(petition_live(page_id))
    context = {"page": page, "count": petition_count(petition=page), "signature": None}
    status = 200
    if request.method == "POST" and page.is_open:
        form = SignatureForm(request.POST, petition=page)
        if form.is_valid():
            context["signature"] = sign_from_form(request, page, form).signature
            context["share_url"] = (
                f"{page.get_full_url(request)}?src={context['signature'].referral_code}"
            )
        else:
            status = 400
    else:
        form = SignatureForm(petition=page, initial=source_initial(request))
    context["form"] = form
    response = render(request, "petitions/petition_embed.html", context, status=status)
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
    if request.method != "POST" and status == 200:
        shared(response)
    return response
