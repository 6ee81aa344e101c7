"""The public form an affiliate registers an event action with."""

import zoneinfo
from datetime import datetime

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from home.fields import CountrySelect, PublicEmailField, clean_text, country_choices
from home.memory import FORMS
from supporters.models import Affiliate

from .models import EventAction

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


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
        name = self.cleaned_data["organisation"].casefold()
        for affiliate in Affiliate.objects.only("pk", "name", "acronym", "trusted"):
            if name in {affiliate.name.casefold(), affiliate.acronym.casefold()}:
                return affiliate
        return None
