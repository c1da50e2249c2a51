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
