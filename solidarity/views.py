"""Public views of a solidarity wall: the messages, posting, confirming, reporting."""

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import translation
from django.utils.translation import gettext
from django_countries import countries

from home.charts import bar_chart
from home.views import live_or_404, page_render, public_form, see_other
from home.visitors import client_ip, hourly_limit, ip_hash
from supporters.models import Affiliate

from . import services
from .emails import confirm_token_read
from .forms import MessageForm, WallFilterForm
from .models import Message, WallFigures
from .selectors import wall_live

PAGE_SIZE = 20
# A printed wall: the latest messages matching its filters, up to this many.
PRINT_LIMIT = 500


def _limit(request, name, per_hour):
    hourly_limit(request, f"solidarity:{name}", per_hour)


def _figures(page):
    """The wall's figures as the worker last counted them (one row, never a recount)."""
    return WallFigures.objects.filter(action_key=page.action_key).first() or WallFigures()


def wall_index(request, page):
    figures = _figures(page)
    filters = WallFilterForm(request.GET or None, figures=figures)
    messages = filters.filtered(
        Message.objects.for_action(page)
        .public()
        .select_related("image")
        .only(
            "pk",
            "display_name",
            "organisation",
            "from_country",
            "to_country",
            "language",
            "text",
            "created_at",
            "image",
        )
    )
    listing = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page.render(
        request,
        context_overrides={
            "listing": listing,
            "filters": filters,
            "filtered": filters.is_valid() and any(filters.cleaned_data.values()),
            "filter_query": query.urlencode(),
            "figures": figures,
            "reported": request.GET.get("reported") == "1",
        },
    )


def wall_links(request, page):
    """Which countries speak to which: messages per origin → destination pair."""
    figures = _figures(page)
    pairs = [
        (
            gettext("%(origin)s → %(destination)s")
            % {"origin": countries.name(origin), "destination": countries.name(destination)},
            n,
        )
        for origin, destination, n in figures.pairs
    ]
    return page_render(
        request,
        page,
        "solidarity/links.html",
        figures=figures,
        pairs=pairs,
        chart=bar_chart(pairs, limit=20),
    )


def wall_print(request, page):
    """The wall as paper, for handing to a minister or an embassy."""
    figures = _figures(page)
    filters = WallFilterForm(request.GET or None, figures=figures)
    messages = filters.filtered(Message.objects.for_action(page).public().select_related("image"))
    return page_render(
        request,
        page,
        "solidarity/print.html",
        figures=figures,
        messages=list(messages[:PRINT_LIMIT]),
        limit=PRINT_LIMIT,
    )


def _affiliate_names():
    """The member unions, offered as the sender types their union's name."""
    return Affiliate.objects.order_by("name").values_list("name", flat=True)


def wall_post(request, page):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not page.posting_open:
        return page_render(request, page, "solidarity/post.html", status=409, form=None)
    if request.method != "POST":
        form = MessageForm(wall=page)
        return page_render(
            request, page, "solidarity/post.html", form=form, affiliates=_affiliate_names()
        )
    if request.FILES:
        # A photo is decoded to be checked: attempts with one count before it is read.
        # Messages stored per connection are limited by message_post itself.
        _limit(request, "photo", settings.SOLIDARITY_PER_HOUR)
    form = MessageForm(request.POST, request.FILES, wall=page)
    if not form.is_valid():
        return page_render(
            request,
            page,
            "solidarity/post.html",
            status=400,
            form=form,
            affiliates=_affiliate_names(),
        )
    message, _created = services.message_post(
        form=form,
        wall=page,
        language=translation.get_language(),
        ip_hashed=ip_hash(client_ip(request)),
    )
    state = "confirm" if message.status == Message.Status.UNCONFIRMED else message.status
    return see_other(page.url + page.reverse_subpage("posted") + "?" + urlencode({"s": state}))


@public_form
def message_send(request, page_id):
    """Where the message form posts: a plain URL, so posting skips Wagtail's page
    routing, as signing a petition does (bench/walls.py), and the form page can
    be shared by every visitor (home/pagecache.py)."""
    page = live_or_404(wall_live(page_id))
    if request.method != "POST":
        return HttpResponseRedirect(page.url + page.reverse_subpage("post"))
    return wall_post(request, page)


@public_form
def message_report_send(request, page_id, pk):
    """Where a message's report button posts (a plain URL, like posting)."""
    return message_report(request, live_or_404(wall_live(page_id)), pk)


def wall_posted(request, page):
    state = request.GET.get("s")
    if state not in ("confirm", "pending", "approved"):
        state = "confirm"
    return page_render(request, page, "solidarity/posted.html", state=state)


def message_confirm(request, page):
    """The sender's link: a button that confirms by POST (a mail scanner's GET changes nothing)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        pk = confirm_token_read(request.GET.get("t", ""))
    except signing.SignatureExpired:
        return page_render(request, page, "solidarity/confirm.html", status=410, state="expired")
    except signing.BadSignature:
        return page_render(request, page, "solidarity/confirm.html", status=400, state="invalid")
    message = (
        Message.objects.for_action(page).select_related("wall", "affiliate").filter(pk=pk).first()
    )
    if message is None:
        return page_render(request, page, "solidarity/confirm.html", status=400, state="invalid")
    if request.method == "POST":
        services.message_confirm(message=message)
    return page_render(request, page, "solidarity/confirm.html", state="ready", message=message)


def _public_message(page, pk):
    message = Message.objects.for_action(page).public().select_related("image").filter(pk=pk)
    message = message.first()
    if message is None:
        raise Http404
    return message


def message_detail(request, page, pk):
    message = _public_message(page, pk)
    share_url = page.get_full_url(request) + page.reverse_subpage("message", args=[pk])
    return page_render(
        request, page, "solidarity/message.html", message=message, share_url=share_url
    )


def message_report(request, page, pk):
    """ "Report this message": counted once per person; enough reports send it back
    to the moderators."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    message = _public_message(page, pk)
    _limit(request, "report", settings.SOLIDARITY_PER_HOUR)
    services.message_report(message=message, reporter=ip_hash(client_ip(request)))
    # Back to the wall: the message itself may have just left it for the queue.
    return see_other(page.url + "?reported=1")
