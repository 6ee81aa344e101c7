"""Who on the staff may see supporters as people: names, email addresses, phone numbers.

Communications staff work with content, mailings and figures; only the
"Supporter data" role (or a superuser) sees who the supporters are, downloads
their data or erases it. Every admin screen that shows a person asks here.
"""

PERSONAL_DATA = "supporters.view_personal_data"


def personal_data_allowed(user):
    return bool(user and user.is_active and user.has_perm(PERSONAL_DATA))
