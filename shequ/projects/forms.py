"""Forms of the project pages. The rules live in the services; these only gather input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.errors import InvalidInput
from shequ.core.fields import FIELDS, DateField, HeadcountField, MoneyField, RecordDateField
from shequ.core.forms import PeriodForm, set_choices
from shequ.projects.models import (
    METRIC_KIND,
    DocumentKind,
    EvaluationDimension,
    EvaluationKind,
    Metric,
)
from shequ.projects.services import parse_target

COMPUTED_METRICS = [m for m in Metric if m != Metric.MANUAL]


class ProjectForm(PeriodForm):
    period_message = _("The project ends before it starts.")
    number = forms.CharField(label=_("Project number"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=120)
    buyer = forms.TypedChoiceField(label=_("Buyer"), coerce=int)
    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int)
    amount = MoneyField(label=_("Contract amount (yuan)"))
    start_date = DateField(label=_("Start"))
    end_date = DateField(label=_("End"))
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
            kind = FIELDS[METRIC_KIND[metric]]
            self.fields[f"target_{metric.value}"] = kind(label=metric.label, required=False)

    def target_fields(self) -> list[Any]:
        return [self[f"target_{m.value}"] for m in COMPUTED_METRICS]

    def main_fields(self) -> list[Any]:
        return [f for f in self if not f.name.startswith("target_")]

    def targets(self) -> list[tuple[str, Any]]:
        return [
            (m.value, self.cleaned_data[f"target_{m.value}"])
            for m in COMPUTED_METRICS
            if self.cleaned_data.get(f"target_{m.value}") is not None
        ]


class IndicatorForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=Metric.choices)
    target = forms.CharField(label=_("Target"), max_length=20)
    label = forms.CharField(label=_("Label (manual metrics)"), max_length=120, required=False)
    manual_actual = forms.CharField(label=_("Actual (manual)"), max_length=20, required=False)
    evidence = forms.CharField(label=_("Evidence"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        """The target (and a manual actual) read as what the metric counts, each problem on
        its field together with the others (the service reads them again)."""
        data = super().clean() or {}
        metric = data.get("metric")
        if metric:
            for name in ("target", "manual_actual"):
                if data.get(name, "").strip():
                    try:
                        parse_target(metric, data[name], field=name)
                    except InvalidInput as exc:
                        self.add_error(name, str(exc.message))
            if metric == Metric.MANUAL and not data.get("label", "").strip():
                self.add_error("label", _("A manual indicator needs a label."))
        return data


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
    evaluated_on = RecordDateField(label=_("Date"))
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
    member_count = HeadcountField(label=_("Members"))


class StaffForm(forms.Form):
    staff = forms.TypedMultipleChoiceField(
        label=_("Staff"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "staff", [(u.pk, u.display_name) for u in people])


class SurveyForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    surveyed_on = RecordDateField(label=_("Date"))
    respondents = HeadcountField(label=_("Respondents"))
    satisfied = HeadcountField(label=_("Satisfied"))

    def __init__(self, *args: Any, communities: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])
