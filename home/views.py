from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from django.views.static import serve


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
