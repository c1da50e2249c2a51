"""Forms of the service-delivery pages: gathering input only; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import DateField, HeadcountField, RecordDateField
from shequ.core.forms import set_choices
from shequ.core.pickers import PickerField, PickerMultipleField, set_reach
from shequ.delivery.models import CaseStage, GroupStage


def _minutes() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class DeliveryForm(forms.Form):
    """The common part: project (optional), service area, and the residents of the chosen
    community to pick from (with the picker: typed names, never a list of everybody)."""

    project = forms.TypedChoiceField(
        label=_("Project"), coerce=int, required=False, empty_value=None
    )
    area = forms.ChoiceField(label=_("Service area"), required=False)

    people: tuple[str, ...] = ()  # the picker fields of residents

    def __init__(
        self,
        *args: Any,
        projects: list[Any],
        areas: list[Any],
        residents: Any,
        community: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "project",
            [
                ("", "—"),
                *[(p.pk, f"{p.number} {p.name}") for p in projects],
            ],
        )
        set_choices(self, "area", [("", "—"), *[(a.code, a.display_name) for a in areas]])
        for name in self.people:
            set_reach(self, name, residents, community)


class GroupForm(DeliveryForm):
    name = forms.CharField(label=_("Name"), max_length=120)
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 3}))
    members = PickerMultipleField("resident", label=_("Members"), required=False)
    field_order = ["name", "goal", "project", "area", "members"]
    people = ("members",)


class ActivityForm(DeliveryForm):
    theme = forms.CharField(label=_("Theme"), max_length=120)
    place = forms.CharField(label=_("Place"), max_length=120)
    held_on = RecordDateField(label=_("Date"))
    duration_minutes = _minutes()
    organizers = forms.CharField(
        label=_("Organizers (agency, community, volunteers)"), max_length=200, required=False
    )
    participants = PickerMultipleField(
        "resident", label=_("Registered participants"), required=False
    )
    headcount = HeadcountField(
        label=_("Anonymous headcount (open events)"), initial=0, required=False
    )
    field_order = [
        "theme",
        "place",
        "held_on",
        "duration_minutes",
        "project",
        "area",
        "organizers",
        "participants",
        "headcount",
    ]
    people = ("participants",)


class CaseForm(DeliveryForm):
    client = PickerField("resident", label=_("Client"))
    opened_on = RecordDateField(label=_("Opened on"))
    presenting_problem = forms.CharField(
        label=_("Presenting problem"), widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["client", "opened_on", "project", "area", "presenting_problem"]
    people = ("client",)


class SessionForm(forms.Form):
    held_on = RecordDateField(label=_("Date"))
    duration_minutes = _minutes()
    attendees = forms.TypedMultipleChoiceField(
        label=_("Attendance"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    planned = forms.TypedChoiceField(
        label=_("The planned session it was"), coerce=int, required=False, empty_value=None
    )
    field_order = ["planned", "held_on", "duration_minutes", "attendees", "notes"]

    def __init__(self, *args: Any, members: list[Any], planned: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "attendees", [(m.resident_id, m.resident.name) for m in members])
        self.fields["attendees"].initial = [m.resident_id for m in members]
        set_choices(
            self,
            "planned",
            [
                ("", _("(not planned)")),
                *[(p.pk, f"{p.held_on:%Y-%m-%d} {p.topic}") for p in planned],
            ],
        )


class PlanForm(forms.Form):
    planned_on = DateField(label=_("Date"))
    duration_minutes = _minutes()
    topic = forms.CharField(label=_("Topic"), max_length=120)


class InterventionForm(forms.Form):
    served_on = DateField(label=_("Date"))
    duration_minutes = _minutes()
    way = forms.CharField(label=_("Method (home visit, interview, ...)"), max_length=40)
    notes = forms.CharField(
        label=_("Notes (confidential)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseStageForm(forms.Form):
    stage = forms.ChoiceField(choices=[c for c in CaseStage.choices if c[0] != CaseStage.CLOSED])
    text = forms.CharField(
        label=_("What this stage found"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseCloseForm(forms.Form):
    closed_on = RecordDateField(label=_("Closed on"))
    reason = forms.CharField(label=_("Closure reason"), max_length=200)


class GroupStageForm(forms.Form):
    stage = forms.ChoiceField(choices=GroupStage.choices)


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"), help_text=_("JPEG, PNG or WebP; at most 10 MB"), allow_empty_file=True
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class CaseTransferForm(forms.Form):
    to_worker = forms.TypedChoiceField(label=_("New worker"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: Any, workers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "to_worker", [(u.pk, u.display_name) for u in workers])


class MeasuresForm(forms.Form):
    """Pre- and post-measures of every member (fields pre_<id> and post_<id>)."""

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = members
        for m in members:
            for kind, label, value in (
                ("pre", _("Pre-measure"), m.pre_score),
                ("post", _("Post-measure"), m.post_score),
            ):
                self.fields[f"{kind}_{m.resident_id}"] = forms.CharField(
                    label=f"{m.resident.name} · {label}",
                    required=False,
                    initial=value,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (m, self[f"pre_{m.resident_id}"], self[f"post_{m.resident_id}"]) for m in self.members
        ]

    def scores(self) -> dict[int, tuple[Any, Any]]:
        return {
            m.resident_id: (
                self.cleaned_data[f"pre_{m.resident_id}"],
                self.cleaned_data[f"post_{m.resident_id}"],
            )
            for m in self.members
        }


class RecordEditForm(forms.Form):
    """Correcting a service record: what may change, and why (kept in the audit log)."""

    served_on = DateField(label=_("Date"))
    duration_minutes = _minutes()
    method = forms.ChoiceField(label=_("Method"))
    project = forms.TypedChoiceField(
        label=_("Project"), coerce=int, required=False, empty_value=None
    )
    headcount = forms.IntegerField(label=_("Person-times"), min_value=1, required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=300)

    def __init__(self, *args: Any, projects: list[Any], named: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from shequ.delivery.models import Method

        set_choices(self, "method", list(Method.choices))
        set_choices(
            self, "project", [("", "—"), *[(p.pk, f"{p.number} {p.name}") for p in projects]]
        )
        if named:  # a named resident counts once per record
            del self.fields["headcount"]


class RecordDeleteForm(forms.Form):
    reason = forms.CharField(label=_("Reason for deleting"), max_length=300)


class ParticipantForm(forms.Form):
    """A participant added to (or taken off) an activity already recorded: chosen with the
    picker among the residents of its community in reach."""

    resident = PickerField("resident", label=_("Participant"))

    def __init__(self, *args: Any, residents: Any, community: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_reach(self, "resident", residents, community)


class AttendeeForm(forms.Form):
    """A member added to (or taken off) a session already held: one of the group's members."""

    resident = forms.TypedChoiceField(label=_("Member"), coerce=int)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "resident", [(m.resident_id, m.resident.name) for m in members])
