from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import set_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.CharField(label=_("Hours"), max_length=5)
    trainer = forms.CharField(label=_("Trainer"), max_length=60)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)


class TraineeForm(forms.Form):
    division = forms.ChoiceField(label=_("Community"))
    name = forms.CharField(label=_("Name"), max_length=60)
    workplace = forms.CharField(label=_("Workplace"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def __init__(self, *args: Any, divisions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "division", [(d.code, d.name) for d in divisions])
