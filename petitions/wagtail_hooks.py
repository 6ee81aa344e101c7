"""The staff's side of petitions in the Wagtail admin: the "Petitions" menu and its routes.

Signatures are the signers' own records, so staff read them but never add or
edit them here; counts change only through the services (paper batches,
invalidation, recount). The views themselves are in views/admin.py.
"""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, UserColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from .forms import PaperSignaturesForm, SignatureFilterSet
from .models import PaperSignatures, PetitionPage, Signature
from .views import admin as views

# Leave the pages' long text out of every listing that shows a petition's title.
PETITION_LONG_TEXT = ("petition__body", "petition__petition_text", "petition__delivery_report")


def flag_display(signature):
    if not signature.flagged:
        return ""
    return signature.flag_reason or _("flagged")


class ReadOnlyModelViewSet(ModelViewSet):
    """A ModelViewSet with only the views in `views_enabled`; links to the others are left out."""

    views_enabled = ("index", "index_results")
    copy_view_enabled = False
    add_to_reference_index = False

    def get_common_view_kwargs(self, **kwargs):
        disabled = {
            f"{name}_url_name": None
            for name in ("add", "edit", "delete", "history", "usage", "copy", "inspect")
            if name not in self.views_enabled
        }
        return super().get_common_view_kwargs(**disabled, **kwargs)

    def get_urlpatterns(self):
        # Built here rather than filtered from super()'s: that would construct
        # every view, and the add and edit views need a form this model lacks.
        pk = f"<{self.pk_path_converter}:pk>"
        routes = {
            "index": ("", "index_view"),
            "index_results": ("results/", "index_results_view"),
            "add": ("new/", "add_view"),
            "delete": (f"delete/{pk}/", "delete_view"),
            "inspect": (f"inspect/{pk}/", "inspect_view"),
        }
        return [
            path(route, getattr(self, view), name=name)
            for name, (route, view) in routes.items()
            if name in self.views_enabled
        ]

    def get_permissions_to_register(self):
        # Exactly the permissions these views check appear in the group editor
        # (Wagtail would leave out "view" without an inspect view).
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model),
            codename__in=[f"{action}_{self.model_name}" for action in self.permission_actions],
        )


class SignatureViewSet(ReadOnlyModelViewSet):
    model = Signature
    name = "petitions_signatures"
    url_prefix = "petitions/signatures"
    icon = "list-ul"
    menu_label = _("Signatures")
    index_view_class = views.SignatureIndexView
    inspect_view_class = views.SignatureInspectView
    views_enabled = ("index", "index_results", "inspect")
    inspect_view_enabled = True
    permission_actions = ("view", "change")
    # Sortable by date only: that column is indexed with the petition. Sorting a
    # million rows by anything else would read them all (and sorting by date
    # without a petition filter still does: filter by petition first).
    list_display = [
        "email",
        Column("petition", label=_("Petition"), accessor="petition.title"),
        Column("public_name", label=_("Public name")),
        Column("country", label=_("Country"), accessor="country.name"),
        Column("source", label=_("Source")),
        DateColumn("created_at", label=_("Signed"), sort_key="created_at"),
        DateColumn("confirmed_at", label=_("Confirmed")),
        Column("flagged", label=_("Flagged"), accessor=flag_display),
        DateColumn("invalidated_at", label=_("Invalidated")),
    ]
    filterset_class = SignatureFilterSet
    # Signature is not in the search index: this searches with the database
    # (a scan: narrow it with the petition filter on a large table).
    search_fields = ["email", "first_name", "last_name"]
    search_backend_name = None
    ordering = "-pk"  # see SignatureIndexView.get_ordering
    list_per_page = 50
    inspect_view_fields = [
        "petition",
        "email",
        "first_name",
        "last_name",
        "country",
        "display",
        "affiliate",
        "union_name",
        "phone",
        "comment",
        "language",
        "opt_in",
        "opt_in_notice",
        "source",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "referral_code",
        "ip_hash",
        "email_domain",
        "created_at",
        "confirmed_at",
        "flagged",
        "flag_reason",
        "invalidated_at",
        "counted",
    ]

    @property
    def url_finder_class(self):
        # Links to a signature elsewhere in the admin open its read-only view.
        return type(
            "SignatureURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )


class PaperSignaturesViewSet(ReadOnlyModelViewSet):
    model = PaperSignatures
    name = "petitions_paper"
    url_prefix = "petitions/paper"
    icon = "doc-full"
    menu_label = _("Paper signatures")
    add_view_class = views.PaperSignaturesCreateView
    delete_view_class = views.PaperSignaturesDeleteView
    # Batches are added and, when entered by mistake, deleted; never edited, so
    # that the count always equals what the listing shows.
    views_enabled = ("index", "index_results", "add", "delete")
    permission_actions = ("add", "view", "delete")
    list_display = [
        Column("petition", label=_("Petition"), accessor="petition.title"),
        NumberColumn("count", label=_("Signatures")),
        Column("country", label=_("Country"), accessor="country.name"),
        Column("note", label=_("Note")),
        UserColumn("added_by", label=_("Added by")),
        DateColumn("added_at", label=_("Added"), sort_key="added_at"),
    ]
    ordering = "-added_at"
    list_per_page = 50

    def get_index_view_kwargs(self, **kwargs):
        queryset = PaperSignatures.objects.select_related("petition", "added_by").defer(
            *PETITION_LONG_TEXT
        )
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)

    def get_form_class(self, for_update=False):
        return PaperSignaturesForm

    def register_admin_url_finder(self):
        pass  # no edit view to link to


class StaffViewSet(ViewSet):
    """A viewset of our own views, in the menu only for those allowed to use them."""

    permission_test = staticmethod(views.can_view_signatures)

    @cached_property
    def menu_item_class(self):
        test = self.permission_test

        class PermissionMenuItem(MenuItem):
            def is_shown(self, request):
                return test(request.user)

        return PermissionMenuItem


class PetitionReportViewSet(StaffViewSet):
    name = "petitions_reports"
    url_prefix = "petitions/reports"
    icon = "table"
    menu_label = _("Reports")

    def get_urlpatterns(self):
        return [
            path("", views.PetitionReportIndexView.as_view(), name="index"),
            path("<int:page_id>/", views.PetitionReportView.as_view(), name="report"),
            path("<int:page_id>/recount/", views.PetitionRecountView.as_view(), name="recount"),
            path("<int:page_id>/export/<slug:kind>/", views.signatures_export, name="export"),
        ]


class TrendingViewSet(StaffViewSet):
    name = "petitions_trending"
    url_prefix = "petitions/trending"
    icon = "warning"
    menu_label = _("Trending signers")

    def get_urlpatterns(self):
        return [path("", views.TrendingReportView.as_view(), name="index")]


class SignatureInvalidateViewSet(StaffViewSet):
    name = "petitions_invalidate"
    url_prefix = "petitions/invalidate"
    icon = "cross"
    menu_label = _("Invalidate signatures")
    permission_test = staticmethod(views.can_change_signatures)

    def get_urlpatterns(self):
        return [path("", views.SignatureInvalidateView.as_view(), name="index")]


class PetitionsGroup(ViewSetGroup):
    items = (
        PetitionReportViewSet,
        SignatureViewSet,
        PaperSignaturesViewSet,
        TrendingViewSet,
        SignatureInvalidateViewSet,
    )
    menu_icon = "clipboard-list"
    menu_label = _("Petitions")
    menu_name = "petitions"
    menu_order = 205


@hooks.register("register_admin_viewset")
def register_petitions_viewsets():
    return PetitionsGroup()


def _is_petition(page):
    model = page.specific_class
    return model is not None and issubclass(model, PetitionPage)


@hooks.register("register_page_listing_more_buttons")
def petition_report_listing_button(page, user, next_url=None):
    if _is_petition(page) and views.can_view_signatures(user):
        yield Button(_("Report"), views.report_url(page), icon_name="table", priority=45)


@hooks.register("register_page_header_buttons")
def petition_report_header_button(page, user, view_name, next_url=None):
    if _is_petition(page) and views.can_view_signatures(user):
        yield Button(_("Report"), views.report_url(page), icon_name="table", priority=45)


@hooks.register("register_log_actions")
def register_petition_log_actions(actions):
    @actions.register_action("petitions.signatures_export")
    class ExportMessage(LogFormatter):
        label = _("Export signatures")

        def format_message(self, log_entry):
            rows = log_entry.data.get("rows")
            confirmed = log_entry.data.get("kind") == "confirmed"
            if rows is None:  # logged before row counts were
                if confirmed:
                    return _("Exported the confirmed signatures as CSV")
                return _("Exported all signatures as CSV")
            if confirmed:
                message = ngettext(
                    "Exported %(rows)s confirmed signature as CSV",
                    "Exported %(rows)s confirmed signatures as CSV",
                    rows,
                )
            else:
                message = ngettext(
                    "Exported %(rows)s signature as CSV",
                    "Exported %(rows)s signatures as CSV",
                    rows,
                )
            return message % {"rows": rows}

    @actions.register_action("petitions.signatures_invalidate")
    class InvalidateMessage(LogFormatter):
        label = _("Invalidate signatures")

        def format_message(self, log_entry):
            criteria = log_entry.data.get("criteria", {})
            count = log_entry.data.get("count", 0)
            return ngettext(
                "Invalidated %(count)s signature matching %(criteria)s",
                "Invalidated %(count)s signatures matching %(criteria)s",
                count,
            ) % {
                "count": count,
                "criteria": ", ".join(f"{key}={value}" for key, value in criteria.items()),
            }
