from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.pickers import PickerField, set_reach
from shequ.organizations.models import OrganizationKind


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    division = PickerField(
        "division",
        label=_("Division"),
        to_field_name="code",
        help_text=_("Where the organization sits: type the division's name at any level"),
    )
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,
        required=False,
        help_text=_("18 characters, GB 32100; optional"),
    )
    contact_person = forms.CharField(label=_("Contact person"), max_length=60, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args: Any, divisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_reach(self, "division", divisions)


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices]
    )
