from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import cache_control
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
