"""Public views of a day of action: the list, registering, and the organiser's manage link."""

from django import forms
from django.conf import settings
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from home.fields import PublicEmailField
from home.visitors import TooManyRequests, client_ip, ip_hash, rate_hit
from supporters.models import Affiliate

from . import services
from .calendar import calendar_for
from .emails import manage_token_read
from .forms import EventActionForm
from .models import EventAction

PAGE_SIZE = 30
# Registrations and link requests from one address per hour, beyond which it is refused.
REGISTER_PER_HOUR = 30


class ManageLinkForm(forms.Form):
    email = PublicEmailField(label=_("The email address you registered with"))


def _limit(request, name):
    key = f"events:{name}:{ip_hash(client_ip(request))}"
    if rate_hit(key, 3600) > getattr(settings, "EVENTS_PER_HOUR", REGISTER_PER_HOUR):
        raise TooManyRequests(retry_after=3600)


def _render(request, page, template, status=200, **context):
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


def day_index(request, page):
    actions = (
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
    return page.render(request, context_overrides={"listing": listing})


def day_register(request, page):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not page.registration_open:
        return _render(request, page, "events/register.html", status=409, form=None)
    affiliates = Affiliate.objects.order_by("name").values_list("name", flat=True)
    if request.method != "POST":
        form = EventActionForm(day=page)
        return _render(request, page, "events/register.html", form=form, affiliates=affiliates)
    _limit(request, "register")
    form = EventActionForm(request.POST, day=page)
    if not form.is_valid():
        return _render(
            request, page, "events/register.html", status=400, form=form, affiliates=affiliates
        )
    services.action_register(form=form, day=page, language=translation.get_language())
    response = HttpResponseRedirect(page.url + page.reverse_subpage("registered"))
    response.status_code = 303
    return response


def day_registered(request, page):
    return _render(request, page, "events/registered.html")


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
        return _render(request, page, "events/manage.html", status=status, state=state)
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
                return _render(
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
    return _render(
        request, page, "events/manage.html", state=state, action=action, form=form, saved=saved
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
    return _render(request, page, "events/manage_link.html", status=status, form=form, sent=sent)


def _public_action(page, pk):
    action = EventAction.objects.for_action(page).public().filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def action_detail(request, page, pk):
    return _render(request, page, "events/action.html", action=_public_action(page, pk))


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
    """Every approved action, for calendar apps to subscribe to (refreshed as they poll)."""
    actions = EventAction.objects.for_action(page).public().defer("rejection_reason")
    body = calendar_for(actions.iterator(), name=page.title, url_for=_action_url(request, page))
    return _ics(body, f"{page.slug}.ics")
