"""The emails supporters receive about their own data, in their language."""

from django.conf import settings

from home.emails import email_send

from .selectors import data_access_url


def data_access_send(supporter, *, language=""):
    language = language or supporter.language
    email_send(
        "emails/supporters/data_access",
        {
            "supporter": supporter,
            "data_url": data_access_url(supporter.pk, language=language),
            "valid_hours": settings.DATA_ACCESS_MAX_AGE // 3600,
            "organisation": settings.WAGTAIL_SITE_NAME,
        },
        to=supporter.email,
        language=language,
    )
