from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.static import serve
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_type_label
from wagtail.models import Page
from wagtail_localize.views.submit_translations import SubmitPageTranslationView

from .forms import MissingTranslationsFilterSet
from .memory import live_page
from .pagecache import shared
from .selectors import TranslationState, translation_locales, translation_rows, translation_sources


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def cross_site(request):
    """Whether a browser says this request comes from a page of another site.

    Browsers send Sec-Fetch-Site (all current ones) or Origin with a form's
    POST; a request with neither comes from a program, which could forge any
    header it liked, so it is not refused here (rate limits and checks on the
    data are what stop programs).
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site:
        return site not in ("same-origin", "none")
    if request.headers.get("Origin"):
        # Django's own rule for an Origin: the site's address, or one of
        # CSRF_TRUSTED_ORIGINS, wildcard subdomains included.
        return not CsrfViewMiddleware(lambda request: None)._origin_verified(request)
    return False


def public_form(view):
    """A form anyone may send without a session, from a page shared by every
    visitor (home/pagecache.py), so with no CSRF token: a token baked into a
    shared page would be everyone's. What a token would stop here is another
    site making its visitors' browsers send our form (a signature in their name,
    from their address, past the per-address limits); browsers say where a
    request comes from, and one from another site is refused with a page that
    explains it. Nothing is stored."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and cross_site(request):
            from django.shortcuts import render

            return render(request, "403_cross_site.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def csrf_failure(request, reason=""):
    """A form sent without its security token: explain, in the visitor's language, what to do."""
    from django.shortcuts import render

    return render(request, "403_csrf.html", status=403)


@require_GET
def media_file(request, path):
    """An image rendition, when SERVE_MEDIA says Django serves them (the demo).

    Only renditions (media/images/): originals are for the admin, and pages use
    renditions; documents have their own view.
    """
    if not settings.SERVE_MEDIA or not path.startswith("images/") or ".." in path:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def live_or_404(page):
    """A page a plain URL names (home.memory.live_page's answer), or 404 when
    there is no such published page."""
    if page is None:
        raise Http404
    return page


def page_render(request, page, template, status=200, **context):
    """A page's route answered with another of its templates, extra context and a status."""
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    return response


def see_other(url):
    """303 See Other after a POST: reloading the page it leads to never posts again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@require_GET
def language_choose(request, code):
    """Go to `next` in the language chosen, and remember the choice: "/" then
    leads there (Django's LocaleMiddleware reads the cookie before the
    browser's Accept-Language). Only a language's code is kept, nothing else."""
    if code not in settings.LANGUAGE_CODES:
        raise Http404
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"/{code}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    add_never_cache_headers(response)
    return response


@require_GET
def page_not_translated(request, page_id):
    """Where the language switcher leads for a page not yet in the active
    language: says so in that language and offers the languages it is in."""
    page = live_or_404(live_page(Page.objects, page_id))
    language = get_language()
    translations = list(
        page.get_translations(inclusive=True).live().public().select_related("locale")
    )
    for translation in translations:
        if translation.locale.language_code == language:
            return HttpResponseRedirect(translation.get_url(request))
    names = dict(settings.LANGUAGES)
    available = sorted(
        (
            {
                "code": t.locale.language_code,
                "name": names.get(t.locale.language_code, t.locale.language_code),
                "title": t.title,
                "url": t.get_url(request),
                "bidi": get_language_info(t.locale.language_code)["bidi"],
            }
            for t in translations
            if t.locale.language_code in names
        ),
        key=lambda item: list(names).index(item["code"]),
    )
    response = render(
        request,
        "home/page_not_translated.html",
        {"available": available, "language_name": names.get(language, language)},
    )
    return shared(response)


# The staff's side of translation (registered in home/wagtail_hooks.py).

SUBMIT_TRANSLATION = "wagtail_localize.submit_translation"


def can_translate(user):
    """Whoever may send pages for translation (Communications staff) sees what is missing."""
    return user.has_perm(SUBMIT_TRANSLATION)


STATE_LABELS = {
    TranslationState.MISSING: gettext_lazy("Missing"),
    TranslationState.DRAFT: gettext_lazy("Draft"),
    TranslationState.OUTDATED: gettext_lazy("Out of date"),
    TranslationState.LIVE: gettext_lazy("Live"),
}


class MissingTranslationsView(ReportView):
    """Every live public page in the default language, and for each other
    language whether its translation is missing, a draft, out of date or live.

    A missing cell opens wagtail-localize's "Translate page" form with that
    language ticked; any other opens the translation's editor. A page with
    pages under it (a campaign and its petitions, walls, days of action) also
    offers "Translate with its pages". The page reads a fixed number of
    queries whatever the number of pages.
    """

    page_title = gettext_lazy("Missing translations")
    header_icon = "wagtail-localize-language"
    results_template_name = "home/admin/missing_translations_results.html"
    index_url_name = "home_missing_translations"
    index_results_url_name = "home_missing_translations_results"
    filterset_class = MissingTranslationsFilterSet
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not can_translate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def _locales(self):
        return translation_locales()

    @property
    def default_locale(self):
        return self._locales[0]

    @property
    def target_locales(self):
        return self._locales[1]

    def get_filterset_kwargs(self):
        return {
            **super().get_filterset_kwargs(),
            "queryset": Page.objects.none(),
            "languages": [
                (locale.language_code, locale.get_display_name()) for locale in self.target_locales
            ],
        }

    def _chosen(self, name):
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name)
        return None

    @cached_property
    def shown_locales(self):
        language = self._chosen("language")
        return [
            locale
            for locale in self.target_locales
            if not language or locale.language_code == language
        ]

    def get_queryset(self):
        missing_in = self.shown_locales if self._chosen("missing") else ()
        return translation_sources(default_locale=self.default_locale, missing_in=missing_in)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, pages, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = [
            self._display(row) for row in translation_rows(pages=pages, locales=self.shown_locales)
        ]
        return paginator, page, page.object_list, is_paginated

    def _display(self, row):
        page = row.page
        submit_url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        cells = []
        for cell in row.cells:
            language = cell.locale.get_display_name()
            if cell.state == TranslationState.MISSING:
                url = f"{submit_url}?{urlencode({'select_locale': cell.locale.language_code})}"
                title = _("Translate “%(page)s” into %(language)s") % {
                    "page": page.title,
                    "language": language,
                }
            else:
                url = reverse("wagtailadmin_pages:edit", args=[cell.page_id])
                title = _("Edit the %(language)s translation") % {"language": language}
            cells.append(
                {
                    "state": cell.state.value,
                    "label": STATE_LABELS[cell.state],
                    "url": url,
                    "title": title,
                    "primary": cell.state == TranslationState.LIVE,
                }
            )
        # Below the site's home page only: from there, "its pages" would be the whole site.
        with_pages = page.numchild > 0 and page.depth > 2
        return {
            "page": page,
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            "path": _path_in_site(page.url_path),
            "type": get_content_type_label(page.content_type),
            "with_pages_url": reverse("home_translate_with_pages", args=[page.pk])
            if with_pages
            else "",
            "cells": cells,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locales"] = self.shown_locales
        return context


def _path_in_site(url_path):
    # url_path starts with the site's root page ("/home/campaigns/"): leave it out.
    rest = url_path.strip("/").partition("/")[2]
    return f"/{rest}/" if rest else "/"


class SubmitPageWithPagesView(SubmitPageTranslationView):
    """wagtail-localize's "Translate page" form, its "Include subtree" box ticked.

    wagtail-localize reads no query parameter for that box; everything else
    (the permission, the languages offered, what is created) is its own.
    """

    def get_form(self):
        form = super().get_form()
        if not form.is_bound:
            form.initial["include_subtree"] = True
        return form
