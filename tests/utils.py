import email
import email.policy


def inline_formset(prefix, forms):
    """POST data for a Wagtail InlinePanel formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(forms)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, form in enumerate(forms):
        for key, value in form.items():
            data[f"{prefix}-{index}-{key}"] = value
        data.setdefault(f"{prefix}-{index}-ORDER", str(index + 1))
    return data


def signature_details(email="maria.santos@example.org", **fields):
    """What a signer gives on the petition form, named as Signature's fields."""
    return {
        "email": email,
        "first_name": "Maria",
        "last_name": "",
        "country": "PH",
        "display": "anonymous",
        "opt_in": False,
        "language": "en",
        **fields,
    }


def our_apps():
    """The project's own Django apps (top-level folders of the project), not installed ones."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    return [app for app in apps.get_app_configs() if Path(app.path).resolve().parent == base]


def mail_files(folder):
    """The development mailer's .eml files in folder, parsed, oldest first."""
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.iterdir())
    ]


def mail_text(message):
    """A parsed email's plain-text part."""
    return message.get_body(preferencelist=("plain",)).get_content()
