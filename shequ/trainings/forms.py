from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import DateField, HoursField, RecordDateField
from shequ.core.forms import PeriodForm, set_choices
from shequ.trainings.models import CERequirement, ProgrammeType


class SessionForm(forms.Form):
    held_on = RecordDateField(label=_("Date"))
    hours = HoursField(label=_("Hours"))
    trainer = forms.CharField(label=_("Trainer"), max_length=60)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)


class TrainingForm(PeriodForm):
    period_message = _("The training ends before it starts.")
    organizer = forms.ChoiceField(label=_("Organizer"))
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=ProgrammeType.objects.all())
    title = forms.CharField(label=_("Title"), max_length=120)
    start_date = DateField(label=_("Start"))
    end_date = DateField(label=_("End"))
    partner = forms.ChoiceField(label=_("Commissioned by"), required=False)
    project = forms.ChoiceField(label=_("Under the project"), required=False)
    required_attendance = forms.IntegerField(
        label=_("Attendance required to complete (%)"), initial=80, min_value=1, max_value=100
    )

    def __init__(
        self,
        *args: Any,
        organizers: list[Any],
        partners: list[Any],
        projects: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "project", [("", "—"), *[(p.pk, str(p)) for p in projects]])
        set_choices(self, "organizer", [(o.pk, o.name) for o in organizers])
        set_choices(self, "partner", [("", "—"), *[(o.pk, o.name) for o in partners]])


class TraineeForm(forms.Form):
    division = forms.ChoiceField(label=_("Community"))
    name = forms.CharField(label=_("Name"), max_length=60)
    workplace = forms.CharField(label=_("Workplace"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    title = forms.ModelChoiceField(
        label=_("Professional title"), queryset=CERequirement.objects.all(), required=False
    )
    title_since = DateField(label=_("Registered since"), required=False)

    def __init__(self, *args: Any, divisions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "division", [(d.code, d.name) for d in divisions])
