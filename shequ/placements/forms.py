"""Forms of the placement pages: gathering input only; the rules are in the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import DateField, HoursField, RecordDateField
from shequ.core.forms import PeriodForm, set_choices
from shequ.placements.models import Rating

TEXT = forms.Textarea(attrs={"rows": 3})


class LogForm(forms.Form):
    day = RecordDateField(label=_("Date"))
    hours = HoursField(label=_("Hours"))
    activities = forms.CharField(label=_("What you did"), max_length=4000, widget=TEXT)


class EvaluationForm(forms.Form):
    score = forms.IntegerField(
        label=_("Score (0-100)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    comment = forms.CharField(label=_("Comment"), max_length=4000, widget=TEXT)


class AssignmentForm(PeriodForm):
    secretary = forms.TypedChoiceField(label=_("Community secretary"), coerce=int)
    start_date = DateField(label=_("Start"))
    end_date = DateField(label=_("End"))
    duties = forms.CharField(label=_("Duties"), max_length=4000, widget=TEXT)

    def __init__(self, *args: Any, secretaries: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "secretary", [(u.pk, u.display_name) for u in secretaries])


class AssignmentEvaluationForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices)
    comment = forms.CharField(label=_("Evaluation"), max_length=4000, widget=TEXT)


class StudentForm(forms.Form):
    school = forms.TypedChoiceField(label=_("School"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=60)
    number = forms.CharField(label=_("Student number"), max_length=30)
    degree = forms.ChoiceField(label=_("Degree"))
    cohort = forms.IntegerField(
        label=_("Cohort (year of entry)"),
        initial=lambda: date.today().year,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(
        self, *args: Any, schools: list[Any], requirements: list[Any], **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "student")
        super().__init__(*args, **kwargs)
        set_choices(self, "school", [(s.pk, s.name) for s in schools])
        set_choices(
            self,
            "degree",
            [(r.code, f"{r.display_name} · {r.hours}") for r in requirements],
        )


class PlacementForm(PeriodForm):
    student = forms.TypedChoiceField(label=_("Student"), coerce=int)
    host = forms.TypedChoiceField(label=_("Host (community or agency)"), coerce=int)
    start_date = DateField(label=_("Start"))
    end_date = DateField(label=_("End"))
    school_supervisor = forms.TypedChoiceField(label=_("School supervisor"), coerce=int)
    field_supervisor = forms.TypedChoiceField(
        label=_("Field supervisor"),
        coerce=int,
        help_text=_("One of the host's people."),
    )

    def __init__(
        self,
        *args: Any,
        students: list[Any],
        hosts: list[Any],
        school_people: list[Any],
        host_people: list[tuple[Any, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "student", [(s.pk, f"{s.name} · {s.number}") for s in students])
        set_choices(self, "host", [(h.pk, h.name) for h in hosts])
        set_choices(self, "school_supervisor", [(u.pk, u.display_name) for u in school_people])
        set_choices(
            self,
            "field_supervisor",
            [(u.pk, f"{u.display_name} · {org}") for u, org in host_people],
        )
