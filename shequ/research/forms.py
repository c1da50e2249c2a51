from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import PeriodForm, set_choices
from shequ.research.extraction import FIELDS
from shequ.research.models import OutputKind, Population

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(PeriodForm):
    period_message = _("The project ends before it starts.")
    organization = forms.ChoiceField(label=_("Organization"))
    title = forms.CharField(label=_("Title"), max_length=200)
    funder = forms.CharField(
        label=_("Funder"),
        max_length=120,
        help_text=_("e.g. the National Social Science Fund, a Ministry of Education project"),
    )
    grant_number = forms.CharField(label=_("Grant number"), max_length=60, required=False)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "organization", [(o.pk, o.name) for o in organizations])


class OutputForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=OutputKind.choices)
    year = forms.IntegerField(label=_("Year"))
    venue = forms.CharField(label=_("Journal or publisher"), max_length=200, required=False)
    link = forms.CharField(label=_("Link"), max_length=500, required=False)
    file = forms.FileField(label=_("File"), required=False)


class ExtractForm(PeriodForm):
    period = ("period_start", "period_end")
    period_message = _("The period ends before it starts.")
    population = forms.ChoiceField(label=_("Population"), choices=Population.choices)
    division = forms.ChoiceField(label=_("Division"))
    period_start = forms.DateField(label=_("From"), widget=DATE, required=False)
    period_end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    data_fields = forms.MultipleChoiceField(
        label=_("Fields"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, label) for code, (label, _kind, _p) in FIELDS.items()],
    )
    k = forms.IntegerField(
        label=_("k: the smallest group of people who look alike"),
        initial=5,
        help_text=_("At least 5."),
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, divisions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "division", [(d.code, d.name) for d in divisions])


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
