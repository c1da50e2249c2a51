from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import set_choices
from shequ.volunteers.models import IdType


class VolunteerForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    name = forms.CharField(label=_("Real name"), max_length=60)
    id_type = forms.ChoiceField(label=_("ID type"), choices=IdType.choices)
    id_number = forms.CharField(label=_("ID number"), max_length=40)
    birth_date = forms.DateField(
        label=_("Birth date (other ID types)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    skills = forms.CharField(
        label=_("Skills"), max_length=200, required=False, help_text=_("Separated by commas")
    )
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)
    guardian_name = forms.CharField(label=_("Guardian (14 to 17)"), max_length=50, required=False)
    guardian_consent = forms.BooleanField(
        label=_("The guardian consents (14 to 17)"), required=False
    )

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("community")
        data["skills"] = [s for s in data["skills"].replace("，", ",").split(",") if s.strip()]
        return data


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)
    organization = forms.ChoiceField(label=_("Organization"))
    division = forms.ChoiceField(label=_("Community"))
    leader = forms.CharField(label=_("Leader's volunteer number"), max_length=20, required=False)

    def __init__(
        self, *args: Any, organizations: list[Any], communities: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organization", [(str(o.pk), o.name) for o in organizations])
        set_choices(self, "division", [(c.code, c.name) for c in communities])


class MemberForm(forms.Form):
    volunteer = forms.CharField(label=_("Volunteer number"), max_length=20)


DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _local_datetime(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
    )


class CorrectionForm(forms.Form):
    """The organizer corrects a sign-up's check-in and check-out (audited, with the reason)."""

    checked_in_at = _local_datetime(_("Checked in"))
    checked_out_at = _local_datetime(_("Checked out"))
    reason = forms.CharField(label=_("Reason"), max_length=200)


class PeriodForm(forms.Form):
    group_by = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[
            ("volunteer", _("volunteer")),
            ("team", _("team")),
            ("organization", _("organization")),
            ("division", _("division")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # named as in the API (`?from=&to=`), which Python does not allow as attributes
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )


class ActivityForm(forms.Form):
    organizer = forms.ChoiceField(label=_("Organizer"))
    community = forms.ChoiceField(label=_("Community"))
    title = forms.CharField(label=_("Title"), max_length=120)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    place = forms.CharField(label=_("Place"), max_length=200)
    starts_at = _local_datetime(_("Starts"))
    ends_at = _local_datetime(_("Ends"))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    skills = forms.CharField(
        label=_("Skills wanted"), max_length=200, required=False, help_text=_("Separated by commas")
    )
    risks = forms.CharField(
        label=_("Risks"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    risky = forms.BooleanField(label=_("The activity carries risks"), required=False)
    insured = forms.BooleanField(label=_("Accident insurance bought"), required=False)
    project = forms.ChoiceField(label=_("Under the project"), required=False)

    def __init__(
        self,
        *args: Any,
        organizers: list[Any],
        communities: list[Any],
        projects: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organizer", [(str(o.pk), o.name) for o in organizers])
        set_choices(self, "community", [(c.code, c.name) for c in communities])
        set_choices(self, "project", [("", "—"), *[(str(p.pk), p.name) for p in projects]])

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("organizer", "community", "project"):
            data.pop(name)
        data["skills"] = [s for s in data["skills"].replace("，", ",").split(",") if s.strip()]
        return data
