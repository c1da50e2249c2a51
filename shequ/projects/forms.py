"""Forms of the project pages. The rules live in the services; these only gather input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import set_choices
from shequ.projects.models import DocumentKind, EvaluationDimension, EvaluationKind, Metric

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COMPUTED_METRICS = [m for m in Metric if m != Metric.MANUAL]


class ProjectForm(forms.Form):
    number = forms.CharField(label=_("Project number"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120)
    buyer = forms.TypedChoiceField(label=_("Buyer"), coerce=int)
    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int)
    amount = forms.CharField(
        label=_("Contract amount (yuan)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE)
    areas = forms.MultipleChoiceField(label=_("Service areas"), widget=forms.CheckboxSelectMultiple)
    communities = forms.MultipleChoiceField(
        label=_("Communities covered"), widget=forms.CheckboxSelectMultiple
    )
    requires_supervision = forms.BooleanField(
        label=_("Closing a case needs a supervisor's review"), required=False
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        buyers: list[Any],
        providers: list[Any],
        areas: list[Any],
        communities: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "buyer", [(o.pk, o.name) for o in buyers])
        set_choices(self, "provider", [(o.pk, o.name) for o in providers])
        set_choices(self, "areas", [(a.code, a.display_name) for a in areas])
        set_choices(self, "communities", [(c.code, f"{c.name} ({c.code})") for c in communities])
        for metric in COMPUTED_METRICS:
            self.fields[f"target_{metric.value}"] = forms.CharField(
                label=metric.label,
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def target_fields(self) -> list[Any]:
        return [self[f"target_{m.value}"] for m in COMPUTED_METRICS]

    def main_fields(self) -> list[Any]:
        return [f for f in self if not f.name.startswith("target_")]

    def targets(self) -> list[tuple[str, str]]:
        return [
            (m.value, self.cleaned_data[f"target_{m.value}"].strip())
            for m in COMPUTED_METRICS
            if self.cleaned_data.get(f"target_{m.value}", "").strip()
        ]


class IndicatorForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=Metric.choices)
    target = forms.CharField(label=_("Target"), max_length=20)
    label = forms.CharField(label=_("Label (manual metrics)"), max_length=120, required=False)
    manual_actual = forms.CharField(label=_("Actual (manual)"), max_length=20, required=False)
    evidence = forms.CharField(label=_("Evidence"), max_length=300, required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel or an image; at most 20 MB"),
        allow_empty_file=True,
    )


class EvaluationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvaluationKind.choices)
    evaluator = forms.TypedChoiceField(label=_("Evaluator (third party)"), coerce=int)
    evaluated_on = forms.DateField(label=_("Date"), widget=DATE)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(
        self,
        *args: Any,
        evaluators: list[Any],
        dimensions: list[EvaluationDimension],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "evaluator", [(o.pk, o.name) for o in evaluators])
        self.dimensions = dimensions
        for d in dimensions:
            self.fields[f"score_{d.code}"] = forms.CharField(
                label=f"{d.display_name} (0–{d.max_score})",
                help_text=d.guidance,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def scores(self) -> dict[str, str]:
        return {d.code: self.cleaned_data[f"score_{d.code}"] for d in self.dimensions}


class PartyBranchForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    secretary = forms.CharField(label=_("Secretary"), max_length=60)
    member_count = forms.IntegerField(label=_("Members"), min_value=0)


class StaffForm(forms.Form):
    staff = forms.TypedMultipleChoiceField(
        label=_("Staff"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "staff", [(u.pk, u.display_name) for u in people])


class SurveyForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    surveyed_on = forms.DateField(label=_("Date"), widget=DATE)
    respondents = forms.IntegerField(label=_("Respondents"), min_value=0)
    satisfied = forms.IntegerField(label=_("Satisfied"), min_value=0)

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])
