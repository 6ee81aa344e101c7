"""What an action is: one thing in every language.

A petition, a solidarity wall or a day of action exists in several translations
(wagtail-localize copies the page once per locale, and every copy keeps the
page's `translation_key`). People sign, post or register on whichever
translation they read, but they act on one action: counts, duplicates, limits,
reports, exports and audiences are keyed by the action, never by one
translation's page id.

Every action app uses what is here and nothing else to name an action:
- a page type mixes in `ActionPage`, whose `action_key` names the action;
- a record of something people did (a signature, a message, an RSVP) inherits
  `ActionRecord`: it stores the action's key, filled from its page on save, and
  its queryset gains `for_action(page)`;
- reads that start from pages (audiences, retention) use `action_pages` and
  `action_scope`.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


def action_key(page_or_key):
    """The key naming the action a page (or any translation of it) belongs to."""
    if isinstance(page_or_key, uuid.UUID):
        return page_or_key
    if isinstance(page_or_key, str):
        return uuid.UUID(page_or_key)
    return page_or_key.translation_key


def action_pages(pages):
    """Every translation of these pages (page objects or keys), as a Page queryset."""
    keys = {action_key(page) for page in pages}
    return Page.objects.filter(translation_key__in=keys)


def action_scope(pages):
    """A Q on Page: every translation of these pages and everything under each of them.

    "Acted on this campaign" includes its petitions and other actions, in every
    language it was translated into. One query, to find the translations' paths.
    """
    paths = sorted(action_pages(pages).values_list("path", flat=True))
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(path__startswith=path)
    return scope


class ActionPage:
    """Mixed into the page type of an action (a petition, a wall, a day of action)."""

    @property
    def action_key(self):
        return self.translation_key

    def action_translations(self):
        """This action's pages in every language, this one included."""
        return action_pages([self])


class ActionRecordQuerySet(models.QuerySet):
    def for_action(self, page_or_key):
        """The records of one action, whichever translation they were made on."""
        return self.filter(action_key=action_key(page_or_key))


class ActionRecord(models.Model):
    """Something done on an action's page that counts for the action as a whole.

    Subclasses name the foreign key to the translation it was made on in
    `action_page_field`; the action's key is copied from that page when the row
    is first saved (bulk_create does not call save: set action_key there).
    """

    action_page_field = None

    action_key = models.UUIDField(
        _("action"),
        editable=False,
        help_text=_(
            "The action this belongs to, the same in every language it is translated into."
        ),
    )

    objects = ActionRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.action_key is None and self.action_page_field:
            self.action_key = getattr(self, self.action_page_field).translation_key
        super().save(*args, **kwargs)
