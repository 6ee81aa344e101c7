"""The public form an affiliate registers an event action with."""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from home.fields import CountrySelect, PublicEmailField, clean_text, country_choices
from home.images import image_clean
from home.memory import FORMS
from supporters.forms import email_standing_check
from supporters.selectors import affiliate_named

from .models import MAX_PARTICIPANTS, EventAction, EventReport, web_link_validate

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
MAX_PHOTOS = 6
MAX_PRESS_LINKS = 10


def bounced_check(email):
    email_standing_check(email)
    return email


def time_zone_choices():
    def make():
        zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")
        return [("", str(_("Choose the time zone"))), *((z, z.replace("_", " ")) for z in zones)]

    return FORMS.get_or_make(("time-zone-choices", translation.get_language()), make)


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time, read without a zone: the form applies the event's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)
    input_formats = [LOCAL_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        for fmt in self.input_formats:
            try:
                return datetime.strptime(value, fmt)
            except ValueError:
                continue
        raise forms.ValidationError(
            _("Enter a date and time such as 2026-12-18 14:30."), code="invalid"
        )


class EventActionForm(forms.ModelForm):
    """Registering (or, through the manage link, editing) an event action.

    Start and end are typed in the event's local time and stored in UTC.
    """

    organiser_email = PublicEmailField(label=_("Your email"))
    starts_at = LocalDateTimeField(label=_("Starts (local time)"))
    ends_at = LocalDateTimeField(label=_("Ends (local time)"))
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = EventAction
        fields = [
            "organisation",
            "organiser_name",
            "organiser_email",
            "title",
            "kind",
            "description",
            "country",
            "city",
            "venue",
            "online_url",
            "starts_at",
            "ends_at",
            "time_zone",
            "expected_participants",
            "languages",
            "rsvp_open",
            "capacity",
        ]
        labels = {
            "organisation": _("Your union or organisation"),
            "organiser_name": _("Your name"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, day, **kwargs):
        self.day = day
        super().__init__(*args, **kwargs)
        self.fields["country"].widget = CountrySelect()
        self.fields["country"].choices = country_choices(translation.get_language())
        self.fields["organisation"].widget.attrs["list"] = "affiliate-names"
        if self.instance.pk:
            # The stored UTC times, shown back in the event's own time.
            self.initial["starts_at"] = self.instance.local_start.replace(tzinfo=None)
            self.initial["ends_at"] = self.instance.local_end.replace(tzinfo=None)

    def clean_title(self):
        return clean_text(self.cleaned_data["title"])

    def clean_organiser_email(self):
        return bounced_check(self.cleaned_data["organiser_email"])

    def clean_organisation(self):
        return clean_text(self.cleaned_data["organisation"])

    def clean_organiser_name(self):
        return clean_text(self.cleaned_data["organiser_name"])

    def clean_city(self):
        return clean_text(self.cleaned_data["city"])

    def clean_venue(self):
        return clean_text(self.cleaned_data["venue"])

    def clean_languages(self):
        return clean_text(self.cleaned_data["languages"])

    def clean_description(self):
        return clean_text(self.cleaned_data["description"], allow_newlines=True)

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone")
        if not zone_name:
            return cleaned
        zone = zoneinfo.ZoneInfo(zone_name)
        first, last = self.day.registration_window()
        for name in ("starts_at", "ends_at"):
            local = cleaned.get(name)
            if local is None:
                continue
            if not first <= local.date() <= last:
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s, around the day of action.")
                    % {"first": first.isoformat(), "last": last.isoformat()},
                )
                continue  # add_error took it out of cleaned_data
            cleaned[name] = local.replace(tzinfo=zone)
            setattr(self.instance, name, cleaned[name])
        return cleaned

    def affiliate(self):
        """The member union the organisation names, by name or acronym, if it is one."""
        return affiliate_named(self.cleaned_data.get("organisation", ""))


class RsvpForm(forms.Form):
    """A supporter says they will come."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    email = PublicEmailField(
        label=_("Your email"), help_text=_("For your place, a reminder and a link to cancel.")
    )
    consent = forms.BooleanField(
        label=_(
            "The organisers may see my name and email to tell me about this event. "
            "They are deleted a month after it."
        ),
        error_messages={"required": _("Tick this box so that the organisers can keep your place.")},
    )

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean_email(self):
        return bounced_check(self.cleaned_data["email"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS pictures, each checked to be one (home/images.py)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(
                _("Send at most %(count)s photos at a time.") % {"count": MAX_PHOTOS},
                code="too_many",
            )
        errors = []
        for upload in files:
            upload = super().clean(upload, initial)
            if upload.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
                errors.append(
                    forms.ValidationError(
                        _("“%(name)s” is too large: at most %(mb)s MB."),
                        params={
                            "name": upload.name,
                            "mb": settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE // 2**20,
                        },
                        code="size",
                    )
                )
                continue
            try:
                image_clean(upload, formats=("JPEG", "PNG", "WEBP"))
            except forms.ValidationError as error:
                errors.append(
                    forms.ValidationError(
                        "“%(name)s”: %(error)s",
                        params={"name": upload.name, "error": " ".join(error.messages)},
                    )
                )
        if errors:
            raise forms.ValidationError(errors)
        return files


class EventReportForm(forms.ModelForm):
    """What happened, filed by the organiser through their manage link."""

    photos = PhotosField(
        label=_("Photos"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP. Where and with what they were taken is removed. "
            "Send only photos in which everyone shown agreed to appear."
        ),
    )
    participants = forms.IntegerField(
        label=_("How many took part"), min_value=0, max_value=MAX_PARTICIPANTS
    )

    class Meta:
        model = EventReport
        fields = ["participants", "outcome", "summary", "press_links", "public"]
        labels = {"public": _("Show this report and its photos on the action's public page")}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "press_links": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_summary(self):
        return clean_text(self.cleaned_data["summary"], allow_newlines=True)

    def clean_press_links(self):
        lines = [line.strip() for line in self.cleaned_data["press_links"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > MAX_PRESS_LINKS:
            raise forms.ValidationError(
                _("Give at most %(count)s links.") % {"count": MAX_PRESS_LINKS}
            )
        for line in lines:
            try:
                web_link_validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web link (it should start with https://)."),
                    params={"link": line[:100]},
                    code="invalid",
                ) from None
        return "\n".join(lines)


class ActionFilterForm(forms.Form):
    """The public list's filters (GET); anything unknown is ignored, never an error page."""

    WHERE = [
        ("", _("Online and in person")),
        ("in_person", _("In person")),
        ("online", _("Online")),
    ]

    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    date = forms.ChoiceField(label=_("Date"), required=False)
    where = forms.ChoiceField(label=_("Where"), required=False, choices=WHERE)

    def __init__(self, data, *, countries, dates):
        super().__init__(data)
        language = translation.get_language()
        names = dict(country_choices(language))
        by_name = sorted(((code, names.get(code, code)) for code in countries), key=lambda c: c[1])
        self.fields["country"].choices = [("", _("All countries")), *by_name]
        self.fields["kind"].choices = [("", _("All kinds")), *EventAction.Kind.choices]
        self.fields["date"].choices = [
            ("", _("All dates")),
            *((day.isoformat(), date_format(day, "DATE_FORMAT")) for day in dates),
        ]

    def filtered(self, actions):
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        if data["country"]:
            actions = actions.filter(country=data["country"])
        if data["kind"]:
            actions = actions.filter(kind=data["kind"])
        if data["date"]:
            actions = actions.filter(local_day=data["date"])
        if data["where"] == "online":
            actions = actions.online()
        elif data["where"] == "in_person":
            actions = actions.in_person()
        return actions
