from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("language/<str:code>/", home_views.language_choose, name="language_choose"),
    # Providers' tracking webhooks (bounces, complaints), authenticated by anymail.
    path("anymail/", include("mailings.urls")),
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", home_views.media_file, name="media"),
]

# Every public page lives under its language prefix (/en/, /fr/, /es/, /ar/);
# "/" redirects to the visitor's preferred language.
urlpatterns += i18n_patterns(
    path("", include("petitions.urls")),
    path("", include("solidarity.urls")),
    path("", include("events.urls")),
    path("", include("supporters.urls")),
    path(
        "not-translated/<int:page_id>/",
        home_views.page_not_translated,
        name="page_not_translated",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
