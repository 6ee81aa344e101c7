"""The staff groups every site starts with: communications staff, and supporter data."""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

STAFF_GROUP_NAME = "Communications staff"
SUPPORTER_DATA_GROUP_NAME = "Supporter data"

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    *[
        ("campaigns", f"{action}_{model}")
        for model in ("target", "convention", "ratification")
        for action in ("add", "change", "delete", "view")
    ],
    # Signatures: read, export, invalidate and recount; never add or edit one.
    ("petitions", "view_signature"),
    ("petitions", "change_signature"),
    ("petitions", "add_papersignatures"),
    ("petitions", "view_papersignatures"),
    ("petitions", "delete_papersignatures"),
    ("petitions", "change_petitionabusesettings"),
    # Event actions: moderate, correct and approve what affiliates register.
    ("events", "view_eventaction"),
    ("events", "change_eventaction"),
    # Solidarity messages: moderate them (the sender's address is never shown).
    ("solidarity", "view_message"),
    ("solidarity", "change_message"),
    ("supporters", "view_affiliate"),
    ("supporters", "add_affiliate"),
    ("supporters", "change_affiliate"),
    # Mailings: compose, send and follow mailings, and define their audiences.
    *[
        ("mailings", f"{action}_{model}")
        for model in ("mailing", "audience")
        for action in ("add", "change", "delete", "view")
    ],
]

GROUP_DESCRIPTION = _("Publish campaigns and keep targets and ratifications up to date.")

# Who the supporters are: names, emails, phone numbers, their downloads and
# erasure. Communications staff never hold these (supporters/access.py).
PERSONAL_DATA_PERMISSIONS = [
    ("supporters", "view_personal_data"),
    ("supporters", "view_supporter"),
    ("supporters", "change_supporter"),
    ("supporters", "delete_supporter"),
]
SUPPORTER_DATA_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *PERSONAL_DATA_PERMISSIONS,
    ("supporters", "view_affiliate"),
    ("petitions", "view_signature"),
]


def _permissions(pairs):
    # Permissions made by another app's data migration (wagtail-localize's
    # submit_translation) are absent after a flush; grant what exists.
    return [
        permission
        for app_label, codename in pairs
        if (
            permission := Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
        )
    ]


def staff_group_ensure():
    """Create or complete the "Communications staff" group; safe to run again.

    Members edit and publish every page, upload images and documents, keep
    targets, conventions and ratifications current, run petitions (reports,
    exports, paper signatures, invalidation, anti-abuse lists) and see
    supporters and affiliates; they do not manage users or site settings.
    """
    group, _created = Group.objects.get_or_create(name=STAFF_GROUP_NAME)
    group.permissions.add(*_permissions(MODEL_PERMISSIONS))
    # Sites set up before the two roles gave communications staff the supporter list.
    group.permissions.remove(*_permissions(PERSONAL_DATA_PERMISSIONS))
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for permission in _permissions(("wagtailcore", code) for code in PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in _permissions(COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def supporter_data_group_ensure():
    """Create or complete the "Supporter data" group; safe to run again.

    Members alone see supporters' and signers' names, emails and phone numbers,
    download them and erase them (each download is in the audit log). Give it
    to as few people as the work needs, alongside "Communications staff" when
    they also edit content; staff in it must use two-step verification.
    """
    group, _created = Group.objects.get_or_create(name=SUPPORTER_DATA_GROUP_NAME)
    group.permissions.add(*_permissions(SUPPORTER_DATA_PERMISSIONS))
    return group
