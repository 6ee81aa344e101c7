"""Where a public URL leads, kept by each process until the pages change.

Wagtail finds a page by walking the tree from the site's root, a query or two
a level, then reads the view restrictions of the page and its ancestors: half
of the queries of a page drawn on a page-cache miss (bench/renders.py). The
answer depends only on the host, the path and the published tree, so a
process keeps, per pages' generation (home.memory), the site and the route
that Wagtail found (its own `request._wagtail_site` and
`request._wagtail_route_for_request`, which it reads before routing again).

Kept only from an answer shared with every anonymous visitor (public_page):
such a page has no view restriction an anonymous visitor would meet, so the
kept page reports none (BasePage.get_view_restrictions) and Wagtail's check
costs nothing. Editors and visitors with a session are routed as usual.
"""

from .memory import DRAWN_FROM, pages_generation


def _key(request):
    return ("route", request.get_host(), request.path_info)


def route_recall(request):
    """Set on the request what routing found for this URL before, when still
    true; returns the generation it was judged against, for route_keep."""
    generation = pages_generation()
    entry = DRAWN_FROM.get(_key(request))
    if entry is not None and entry[0] == generation:
        request._wagtail_site, request._wagtail_route_for_request = entry[1]
    return generation


def route_keep(request, generation):
    """After a page was shared with every anonymous visitor: keep its route."""
    route = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if route is None or site is None or not hasattr(route[0], "shown_to_everyone"):
        return
    route[0].shown_to_everyone = True
    DRAWN_FROM.set(_key(request), (generation, (site, route)))
