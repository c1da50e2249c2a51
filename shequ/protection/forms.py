"""Forms of the protection pages: gathering input; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import DateField, IdNumberField, RecordDateField
from shequ.core.forms import PeriodForm, set_choices
from shequ.protection.models import CaseService, RiskGrade, Situation
from shequ.residents.models import Gender

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NEED_LABELS = {
    "guardianship": _("guardianship"),
    "schooling": _("schooling"),
    "health": _("health"),
    "psychological": _("psychological support"),
    "living": _("living support"),
}


class ReportForm(forms.Form):
    community = forms.ChoiceField(label=_("The child's community"))
    name = forms.CharField(label=_("The child's name"), max_length=60)
    id_number = IdNumberField(
        label=_("ID number (if known)"),
        required=False,
        birth_field="birth_date",
        gender_field="gender",
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_date = DateField(label=_("Birth date"))
    situations = forms.MultipleChoiceField(
        label=_("Situations"), widget=forms.CheckboxSelectMultiple
    )
    seen = forms.CharField(label=_("What was seen"), widget=forms.Textarea(attrs={"rows": 4}))
    seen_at = forms.DateTimeField(label=_("When"), widget=DATETIME)
    police_told = forms.BooleanField(label=_("The police were told"), required=False)

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "community",
            [(c.code, f"{c.name} ({c.parent.name if c.parent else ''})") for c in communities],
        )
        set_choices(self, "situations", [(s.code, s.display_name) for s in Situation.objects.all()])

    def child(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "gender": data["gender"],
            "birth_date": data["birth_date"],
            "id_number": data["id_number"],
        }


class PublicReportForm(ReportForm):
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=60, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone (optional)"), max_length=30, required=False
    )


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Risk grade"))
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "grade", [(g.code, g.display_name) for g in RiskGrade.objects.all()])


class VisitForm(forms.Form):
    visited_on = RecordDateField(label=_("Date"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlanForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=list(NEED_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    plan = forms.CharField(label=_("Case plan"), widget=forms.Textarea(attrs={"rows": 3}))


class ServiceForm(PeriodForm):
    party = forms.ChoiceField(label=_("Party"), choices=CaseService.Party.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseService.Kind.choices)
    description = forms.CharField(label=_("What"), max_length=300)
    start_date = DateField(label=_("From"))
    end_date = DateField(label=_("Until"), required=False)


class ReferralForm(forms.Form):
    organization = forms.TypedChoiceField(label=_("Refer to"), coerce=int)
    reason = forms.CharField(label=_("Why"), max_length=300)

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "organization",
            [(o.pk, f"{o.name} · {o.get_kind_display()}") for o in organizations],
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ClosureForm(forms.Form):
    reason = forms.CharField(label=_("Closure reason"), max_length=300)
    follow_up_months = forms.IntegerField(label=_("Follow-up (months, 3 to 12)"), initial=6)


class MeetingForm(forms.Form):
    division = forms.ChoiceField(label=_("Level"))
    convener = forms.TypedChoiceField(label=_("Convener"), coerce=int)
    held_on = RecordDateField(label=_("Date"))
    title = forms.CharField(label=_("Title"), max_length=200)
    members = forms.TypedMultipleChoiceField(
        label=_("Member units"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    cases = forms.TypedMultipleChoiceField(
        label=_("Cases on the agenda"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        divisions: list[Any],
        organizations: list[Any],
        cases: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "division", [(d.code, d.name) for d in divisions])
        set_choices(self, "convener", [(o.pk, o.name) for o in organizations])
        set_choices(self, "members", [(o.pk, o.name) for o in organizations])
        set_choices(self, "cases", [(c.pk, f"#{c.pk} {c.child.name}") for c in cases])


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label=_("Resolution"), max_length=300)
    owner = forms.TypedChoiceField(
        label=_("Owner organization"), coerce=int, required=False, empty_value=None
    )
    due_on = DateField(label=_("Due"), required=False)

    def __init__(self, *args: Any, organizations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "owner", [("", "—"), *[(o.pk, o.name) for o in organizations]])


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=_("What was done"), max_length=300)
