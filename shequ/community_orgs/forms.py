"""Forms of the community-organization pages. The rules live in the services; these gather
input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.community_orgs.models import AreaKind, GrantKind, LegalStatus, MemberRole, OrgType
from shequ.core.fields import HeadcountField, MoneyField, RecordDateField
from shequ.core.forms import set_choices
from shequ.core.pickers import PickerField, set_reach

DECIMAL = forms.TextInput(attrs={"inputmode": "decimal"})


class OrganizationForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"))
    name = forms.CharField(label=_("Name"), max_length=120)
    org_type = forms.ModelChoiceField(
        label=_("Type"), queryset=OrgType.objects.all(), empty_label=None
    )
    applied_on = RecordDateField(label=_("Applied on"))
    purpose = forms.CharField(
        label=_("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    incubator = forms.TypedChoiceField(
        label=_("Incubator"), coerce=int, required=False, empty_value=None
    )

    def __init__(
        self, *args: Any, communities: list[Any], incubators: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "community", [(c.code, c.name) for c in communities])
        set_choices(self, "incubator", [("", "—"), *[(o.pk, o.name) for o in incubators]])


class AdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"))
    moved_on = RecordDateField(label=_("Date"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, stages: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "stage", [(s.code, s.display_name) for s in stages])


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (LegalStatus.FILED, LegalStatus.FILED.label),
            (LegalStatus.REGISTERED, LegalStatus.REGISTERED.label),
        ],
    )
    on = RecordDateField(label=_("Date"))
    filing_number = forms.CharField(
        label=_("Filing number (with the street)"), max_length=60, required=False
    )
    uscc = forms.CharField(
        label=_("Unified social credit code (registration)"), max_length=30, required=False
    )


class GrantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Given or spent"), choices=GrantKind.choices)
    amount = MoneyField(label=_("Amount (yuan)"))
    on = RecordDateField(label=_("Date"))
    note = forms.CharField(label=_("What for"), max_length=200)


class MemberForm(forms.Form):
    """A member chosen with the picker among the residents of the organization's community in
    reach (not yet members)."""

    resident = PickerField("resident", label=_("Resident"))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    joined_on = RecordDateField(label=_("Joined on"))

    def __init__(self, *args: Any, residents: Any, community: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_reach(self, "resident", residents, community)


class AssessmentForm(forms.Form):
    assessed_on = RecordDateField(label=_("Date"))

    def __init__(self, *args: Any, dimensions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for d in dimensions:
            self.fields[f"score_{d.code}"] = forms.CharField(
                label=f"{d.display_name} (0–{d.max_score})", max_length=6, widget=DECIMAL
            )
        self.fields["note"] = forms.CharField(
            label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )

    def scores(self) -> dict[str, str]:
        return {d.code: self.cleaned_data[f"score_{d.code}"] for d in self.dimensions}


class IncubationForm(forms.Form):
    incubator = forms.TypedChoiceField(
        label=_("Incubator"), coerce=int, required=False, empty_value=None
    )
    mentors = forms.TypedMultipleChoiceField(
        label=_("Mentors"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, incubators: list[Any], people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "incubator", [("", "—"), *[(o.pk, o.name) for o in incubators]])
        set_choices(self, "mentors", [(u.pk, u.display_name) for u in people])


class RecognitionForm(forms.Form):
    department = forms.TypedChoiceField(label=_("Civil-affairs department"), coerce=int)
    recognized_on = RecordDateField(label=_("Date"))
    title = forms.CharField(label=_("Title"), max_length=200)
    document_number = forms.CharField(label=_("Document number"), max_length=60)
    file = forms.FileField(label=_("Document (PDF, Word, image)"), required=False)

    def __init__(self, *args: Any, departments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "department", [(o.pk, o.name) for o in departments])


class ActivityForm(forms.Form):
    theme = forms.CharField(label=_("Theme"), max_length=120)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    held_on = RecordDateField(label=_("Date"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1)
    participants = forms.TypedMultipleChoiceField(
        label=_("Members who took part"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    headcount = HeadcountField(label=_("Others (headcount)"), initial=0)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "participants", [(m.resident_id, m.resident.name) for m in members])


class AreaForm(forms.Form):
    kind = forms.ChoiceField(label=_("Urban or rural"), choices=AreaKind.choices)
