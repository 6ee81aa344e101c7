"""The staff's side of translation in the admin: "Reports › Missing translations",
and wagtail-localize's "Translate page" form with its child pages ticked (the
views are in home/views.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import MissingTranslationsView, SubmitPageWithPagesView, can_translate


class MissingTranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_translate(request.user)


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path(
            "reports/missing-translations/",
            MissingTranslationsView.as_view(),
            name="home_missing_translations",
        ),
        path(
            "reports/missing-translations/results/",
            MissingTranslationsView.as_view(results_only=True),
            name="home_missing_translations_results",
        ),
        path(
            "translate/<int:page_id>/with-pages/",
            SubmitPageWithPagesView.as_view(),
            name="home_translate_with_pages",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_missing_translations_menu_item():
    return MissingTranslationsMenuItem(
        gettext_lazy("Missing translations"),
        reverse("home_missing_translations"),
        name="missing-translations",
        icon_name="wagtail-localize-language",
        order=8900,
    )
