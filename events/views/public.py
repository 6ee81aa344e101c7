"""Public views of a day of action: the list, registering, and the organiser's manage link."""

import csv
import time
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from home.exports import csv_cell
from home.fields import PublicEmailField
from home.views import live_or_404, page_render, public_form, see_other
from home.visitors import hourly_limit
from home.worldmap import world_map_svg
from supporters.models import Affiliate

from .. import services
from ..calendar import calendar_for
from ..emails import manage_token_read, rsvp_token_read
from ..forms import ActionFilterForm, EventActionForm, EventReportForm, RsvpForm
from ..models import DayFigures, EventAction, EventReport, EventRsvp
from ..selectors import day_live

PAGE_SIZE = 30
# A drawn iCalendar feed is kept this many seconds; after an action changed, it
# is drawn again once it is FEED_STALE seconds old.
FEED_KEPT = 24 * 3600
FEED_STALE = 60


class ManageLinkForm(forms.Form):
    email = PublicEmailField(label=_("The email address you registered with"))


def _limit(request, name):
    hourly_limit(request, f"events:{name}", settings.EVENTS_PER_HOUR)


def _figures(page):
    """The day's figures as the worker last counted them (one row, never a recount)."""
    return DayFigures.objects.filter(action_key=page.action_key).first() or DayFigures()


def day_index(request, page):
    figures = _figures(page)
    dates = []
    for value in figures.dates:
        try:
            dates.append(date.fromisoformat(value))
        except (TypeError, ValueError):
            continue
    filters = ActionFilterForm(request.GET or None, countries=figures.by_country, dates=dates)
    actions = filters.filtered(
        EventAction.objects.for_action(page)
        .public()
        .only(
            "pk",
            "title",
            "kind",
            "country",
            "city",
            "starts_at",
            "ends_at",
            "time_zone",
            "organisation",
            "online_url",
            "venue",
        )
    )
    paginator = Paginator(actions, PAGE_SIZE)
    listing = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page.render(
        request,
        context_overrides={
            "listing": listing,
            "filters": filters,
            "filtered": filters.is_bound
            and filters.is_valid()
            and any(filters.cleaned_data.values()),
            "filter_query": query.urlencode(),
            "figures": figures,
            "toolkit": _toolkit(page),
        },
    )


def _toolkit(page):
    """The materials, the visitor's language first, then by language."""
    language = (translation.get_language() or "").split("-")[0]
    items = list(page.toolkit.select_related("document").all())
    return sorted(items, key=lambda item: (item.language != language, item.get_language_display()))


@cache_control(public=True, max_age=300)
def day_map(request, page):
    """Actions by country on the site's own world map; drawn from the counted figures."""
    figures = _figures(page)

    def label(name, count):
        return f"{name}: " + ngettext("%(count)s action", "%(count)s actions", count) % {
            "count": count
        }

    svg = world_map_svg(figures.by_country, title=gettext("Actions by country"), label=label)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def day_register(request, page):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not page.registration_open:
        return page_render(request, page, "events/register.html", status=409, form=None)
    affiliates = Affiliate.objects.order_by("name").values_list("name", flat=True)
    if request.method != "POST":
        form = EventActionForm(day=page)
        return page_render(request, page, "events/register.html", form=form, affiliates=affiliates)
    _limit(request, "register")
    form = EventActionForm(request.POST, day=page)
    if not form.is_valid():
        return page_render(
            request, page, "events/register.html", status=400, form=form, affiliates=affiliates
        )
    services.action_register(form=form, day=page, language=translation.get_language())
    return see_other(page.url + page.reverse_subpage("registered"))


def day_registered(request, page):
    return page_render(request, page, "events/registered.html")


def _managed(request, page):
    """(action, state) for the manage token in the query string."""
    try:
        pk, version = manage_token_read(request.GET.get("t", ""))
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    action = (
        EventAction.objects.for_action(page).select_related("day", "affiliate").filter(pk=pk)
    ).first()
    if action is None:
        return None, "invalid"
    if action.manage_version != version:
        return None, "replaced"
    return action, "ready"


def day_manage(request, page):
    """The organiser's private page: confirm, then edit or cancel their action.

    The token travels in the query string (Wagtail's page paths allow no ":")
    and carries the link's version: asking for a new link stops the old one.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    action, state = _managed(request, page)
    if action is None:
        status = {"expired": 410, "replaced": 410}.get(state, 400)
        return page_render(request, page, "events/manage.html", status=status, state=state)
    form, saved = None, False
    if request.method == "POST":
        what = request.POST.get("do", "")
        if what == "confirm":
            services.action_confirm(action=action)
        elif what == "cancel" and action.status != EventAction.Status.UNCONFIRMED:
            services.action_cancel(action=action)
        elif what == "save" and action.status not in (
            EventAction.Status.UNCONFIRMED,
            EventAction.Status.CANCELLED,
        ):
            form = EventActionForm(request.POST, instance=action, day=page)
            if form.is_valid():
                action = services.action_edit(form=form)
                form, saved = None, True
            else:
                return page_render(
                    request,
                    page,
                    "events/manage.html",
                    status=400,
                    state=state,
                    action=action,
                    form=form,
                )
    if form is None and action.status not in (
        EventAction.Status.UNCONFIRMED,
        EventAction.Status.CANCELLED,
    ):
        form = EventActionForm(instance=action, day=page)
    return page_render(
        request,
        page,
        "events/manage.html",
        state=state,
        action=action,
        form=form,
        saved=saved,
        token=request.GET.get("t", ""),
        **_organiser_context(action),
    )


def _organiser_context(action):
    """What the organiser sees beside their action: who replied, and the report."""
    rsvps = list(
        action.rsvps.exclude(status=EventRsvp.Status.CANCELLED).only(
            "name", "email", "status", "created_at", "event_id"
        )
    )
    return {
        "rsvps_going": [r for r in rsvps if r.status == EventRsvp.Status.GOING],
        "rsvps_waiting": [r for r in rsvps if r.status == EventRsvp.Status.WAITING],
        "report_due": action.status == EventAction.Status.APPROVED
        and action.starts_at <= timezone.now(),
        "report": EventReport.objects.filter(event=action).first(),
    }


def rsvps_csv(request, page):
    """The organiser's list of who is coming, through their manage link only."""
    action, state = _managed(request, page)
    if action is None:
        return page_render(
            request,
            page,
            "events/manage.html",
            status=410 if state in ("expired", "replaced") else 400,
            state=state,
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rsvps-{action.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [gettext("Name"), gettext("Email"), gettext("Status"), pgettext("rsvp", "Replied")]
    )
    for rsvp in (
        action.rsvps.exclude(status=EventRsvp.Status.CANCELLED)
        .order_by("status", "created_at", "pk")
        .iterator()
    ):
        writer.writerow(
            [
                csv_cell(rsvp.name),
                csv_cell(rsvp.email),
                csv_cell(str(rsvp.get_status_display())),
                rsvp.created_at.isoformat(timespec="minutes"),
            ]
        )
    return response


def day_report(request, page):
    """After the event, the organiser reports what happened through their manage link."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    action, state = _managed(request, page)
    if action is None:
        status = {"expired": 410, "replaced": 410}.get(state, 400)
        return page_render(request, page, "events/manage.html", status=status, state=state)
    report = EventReport.objects.filter(event=action).first()
    context = {"action": action, "report": report, "token": request.GET.get("t", "")}
    if action.status != EventAction.Status.APPROVED or action.starts_at > timezone.now():
        return page_render(
            request, page, "events/report.html", status=409, too_early=True, **context
        )
    if request.method == "POST" and request.POST.get("do") == "remove_photo" and report:
        try:
            photo_id = int(request.POST.get("photo", ""))
        except ValueError:
            photo_id = 0
        services.report_photo_remove(report=report, photo_id=photo_id)
        return see_other(request.get_full_path())
    if request.method == "POST":
        form = EventReportForm(request.POST, request.FILES, instance=report)
        if form.is_valid():
            uploads = form.cleaned_data["photos"]
            services.report_save(
                action=action, form=form, photos=[(upload, "") for upload in uploads]
            )
            return see_other(f"{request.path}?{urlencode({'t': context['token'], 'saved': 1})}")
        return page_render(request, page, "events/report.html", status=400, form=form, **context)
    form = EventReportForm(instance=report)
    photos = list(report.photos.select_related("image")) if report else []
    return page_render(
        request,
        page,
        "events/report.html",
        form=form,
        photos=photos,
        saved=request.GET.get("saved") == "1",
        **context,
    )


def day_manage_link(request, page):
    """Ask for the manage link again. The answer is the same whether or not the
    address registered anything: it tells no one who organises what."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    sent = False
    form = ManageLinkForm(request.POST or None)
    if request.method == "POST":
        _limit(request, "manage-link")
        if form.is_valid():
            services.manage_link_resend(day=page, email=form.cleaned_data["email"])
            sent = True
    status = 400 if request.method == "POST" and not sent else 200
    return page_render(
        request, page, "events/manage_link.html", status=status, form=form, sent=sent
    )


def _public_action(page, pk):
    action = EventAction.objects.for_action(page).public().filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def _rsvp_open(action):
    return action.rsvp_open and action.ends_at > timezone.now()


def action_detail(request, page, pk):
    """An action's page; supporters RSVP on it (without JavaScript)."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    action = _public_action(page, pk)
    context = {
        "action": action,
        "rsvp_open": _rsvp_open(action),
        "share_url": _action_url(request, page)(action),
    }
    if action.rsvp_open:
        going = action.rsvps.going().count()
        context["going"] = going
        context["places_left"] = action.places_left(going)
    report = EventReport.objects.filter(event=action, public=True).first()
    if report is not None:
        context["report"] = report
        context["photos"] = list(report.photos.select_related("image"))
    context["replied"] = request.GET.get("replied") if request.method == "GET" else None
    status = 200
    form = RsvpForm()
    if request.method == "POST":
        if not context["rsvp_open"]:
            return page_render(request, page, "events/action.html", status=409, **context)
        _limit(request, "rsvp")
        form = RsvpForm(request.POST)
        if form.is_valid():
            try:
                rsvp, _created = services.rsvp_create(
                    action=action,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    language=translation.get_language(),
                )
            except services.RsvpClosed:
                context["rsvp_open"] = False
                return page_render(request, page, "events/action.html", status=409, **context)
            url = page.url + page.reverse_subpage("action", args=[action.pk])
            return see_other(f"{url}?{urlencode({'replied': rsvp.status})}")
        status = 400
    response = page_render(request, page, "events/action.html", status=status, form=form, **context)
    if context["replied"]:
        # "You have a place": this visitor's own answer, not the action's page.
        add_never_cache_headers(response)
    return response


@public_form
def rsvp_send(request, page_id, pk):
    """Where an action's RSVP form posts: a plain URL, so that the action's page
    can be shared by every visitor (home/pagecache.py)."""
    page = live_or_404(day_live(page_id))
    if request.method != "POST":
        return HttpResponseRedirect(page.url + page.reverse_subpage("action", args=[pk]))
    return action_detail(request, page, pk)


def _rsvp_for(request, page):
    try:
        pk = rsvp_token_read(request.GET.get("t", ""))
    except signing.BadSignature:
        return None
    return EventRsvp.objects.for_action(page).select_related("event").filter(pk=pk).first()


def rsvp_manage(request, page):
    """A supporter's own reply, from the link in their email: see it or cancel it."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    rsvp = _rsvp_for(request, page)
    if rsvp is None:
        return page_render(request, page, "events/rsvp.html", status=400, rsvp=None)
    cancelled = False
    if request.method == "POST" and request.POST.get("do") == "cancel":
        cancelled = services.rsvp_cancel(rsvp=rsvp)
    return page_render(
        request, page, "events/rsvp.html", rsvp=rsvp, action=rsvp.event, cancelled=cancelled
    )


def _ics(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _action_url(request, page):
    base = page.get_full_url(request)
    return lambda action: base + page.reverse_subpage("action", args=[action.pk])


def action_calendar(request, page, pk):
    action = _public_action(page, pk)
    body = calendar_for([action], name=page.title, url_for=_action_url(request, page))
    return _ics(body, f"action-{action.pk}.ics")


@cache_control(public=True, max_age=300)
def day_calendar(request, page):
    """Every approved action, for calendar apps to subscribe to (refreshed as they poll).

    Drawing 10,000 events takes seconds, so a drawn feed is kept: served as long
    as no action changed, and even after a change for FEED_STALE seconds, so
    that a surge of registrations does not redraw it on every poll.
    """
    figures = _figures(page)
    version = figures.updated_at.timestamp() if figures.updated_at else 0
    key = f"events:feed:{page.pk}:{request.get_host()}"
    kept = cache.get(key)
    now = time.time()
    if kept is not None and (kept[0] == version or now - kept[1] < FEED_STALE):
        body = kept[2]
    else:
        actions = EventAction.objects.for_action(page).public().defer("rejection_reason")
        body = calendar_for(actions.iterator(), name=page.title, url_for=_action_url(request, page))
        cache.set(key, (version, now, body), FEED_KEPT)
    return _ics(body, f"{page.slug}.ics")
