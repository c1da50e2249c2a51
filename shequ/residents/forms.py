from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import DateField, IdNumberField, RecordDateField
from shequ.core.forms import set_choices
from shequ.core.pickers import PickerField, set_reach
from shequ.residents.models import (
    Ethnicity,
    Gender,
    NeedCategory,
    Priority,
    Relation,
    SpecialGroup,
)
from shequ.residents.services import special_groups_by_code
from shequ.residents.validation import resident_validate


class ChoicesMixin(forms.Form):
    def _choices(self, name: str, choices: list[Any]) -> None:
        set_choices(self, name, choices)


class ResidentSearchForm(ChoicesMixin):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "placeholder": _("name, pinyin (zs), ID number or phone"),
            }
        ),
    )
    community = forms.ChoiceField(label=_("Community"), required=False)
    special_group = forms.ChoiceField(label=_("Special group"), required=False)
    age_min = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=150)
    age_max = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=150)

    def __init__(self, *args: Any, communities: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "community",
            [
                ("", _("All communities")),
                *[(c.code, c.name) for c in communities],
            ],
        )
        self._choices(
            "special_group",
            [
                ("", _("All")),
                *[(g.code, g.display_name) for g in SpecialGroup.objects.all()],
            ],
        )


class ResidentForm(ChoicesMixin):
    community = forms.ChoiceField(label=_("Community"))
    name = forms.CharField(label=_("Full name"), max_length=60)
    id_number = IdNumberField(
        label=_("ID number"),
        required=False,
        birth_field="birth_date",
        gender_field="gender",
        help_text=_("The birth date and gender are read from it as you type"),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_date = DateField(
        label=_("Birth date"),
        required=False,
        help_text=_("Filled from the ID number when left empty"),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), required=False, initial="汉族")
    special_groups = forms.MultipleChoiceField(
        label=_("Special groups"), required=False, widget=forms.CheckboxSelectMultiple
    )
    disability_grade = forms.CharField(label=_("Disability grade"), max_length=20, required=False)
    guardian_name = forms.CharField(label=_("Guardian (minors)"), max_length=50, required=False)
    guardian_consent = forms.BooleanField(label=_("The guardian consents (minors)"), required=False)
    consent = forms.BooleanField(
        label=_("The resident consents to the use of this data"), required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm_possible_duplicate = forms.BooleanField(
        label=_("I checked the possible duplicates: this is a different person"), required=False
    )

    def __init__(
        self,
        *args: Any,
        communities: Sequence[Any] = (),
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._choices("community", [(c.code, c.name) for c in communities])
        self._choices(
            "special_groups", [(g.code, g.display_name) for g in SpecialGroup.objects.all()]
        )
        self._choices("ethnicity", ethnicity_choices(self.initial.get("ethnicity", "")))
        if editing:
            del self.fields["community"]
            del self.fields["confirm_possible_duplicate"]
            self.fields["id_number"].help_text = _("Leave empty to keep the current one")
            self.fields["phone"].help_text = _("Leave empty to keep the current one")

    def clean(self) -> dict[str, Any]:
        """The record's rules (residents/validation.py) checked with the form's own, so that
        a name with a digit and a wrong ID number are reported in the same submit; the service
        checks them again when it saves."""
        data = super().clean() or {}
        _clean, problems = resident_validate(
            self._service_data(data), groups=special_groups_by_code()
        )
        derived = ("gender", "birth_date") if "id_number" in self.errors else ()
        for problem in problems:
            name = problem.field if problem.field in self.fields else None
            if name in self.errors or name in derived:
                continue
            if name is None and problem.field == "special_groups":
                name = "special_groups"
            self.add_error(name, problem.message)
        return data

    def service_data(self) -> dict[str, Any]:
        return self._service_data(self.cleaned_data)

    @staticmethod
    def _service_data(cleaned: dict[str, Any]) -> dict[str, Any]:
        data = dict(cleaned)
        grade = data.pop("disability_grade", "")
        codes = data.pop("special_groups", [])
        data["special_groups"] = [
            {"code": c, "grade": grade if c == "disabled" else ""} for c in codes
        ]
        for key in ("community", "confirm_possible_duplicate"):
            data.pop(key, None)
        return data


def ethnicity_choices(current: str = "") -> list[tuple[str, str]]:
    """民族 from the GB/T 3304 list (by name, the value stored); a resident's value recorded
    before the list existed stays offered so that an edit does not lose it."""
    names = [(e.name, e.display_name) for e in Ethnicity.objects.all()]
    kept = [(current, current)] if current and current not in {n for n, _l in names} else []
    return [("", "—"), *names, *kept]


class HouseholdForm(ChoicesMixin):
    community = forms.ChoiceField(label=_("Community"))
    number = forms.CharField(label=_("Household number"), max_length=40)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args: Any, communities: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("community", [(c.code, c.name) for c in communities])


class MemberForm(forms.Form):
    """A member added to a household: the person chosen with the picker among the residents of
    the household's community in reach."""

    resident = PickerField("resident", label=_("Resident"))
    relation = forms.ChoiceField(label=_("Relation to the head"), choices=Relation.choices)

    def __init__(self, *args: Any, residents: Any, community: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_reach(self, "resident", residents, community)


class JoinHouseholdForm(forms.Form):
    """The resident's page: the household they join, chosen with the picker among the
    households of their community in reach."""

    household = PickerField("household", label=_("Household"))
    relation = forms.ChoiceField(label=_("Relation to the head"), choices=Relation.choices)

    def __init__(self, *args: Any, households: Any, community: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_reach(self, "household", households, community)


class NeedsForm(forms.Form):
    assessed_on = RecordDateField(label=_("Assessed on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in NeedCategory.objects.all():
            self.fields[f"need_{category.code}"] = forms.ChoiceField(
                label=category.display_name, required=False, choices=[("", "—"), *Priority.choices]
            )

    def items(self) -> list[dict[str, str]]:
        return [
            {"category": key.removeprefix("need_"), "priority": value}
            for key, value in self.cleaned_data.items()
            if key.startswith("need_") and value
        ]


def _community_choices(communities: Sequence[Any]) -> list[Any]:
    """Communities grouped by their street: the picker for where a person moves."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    for c in communities:
        street = c.parent.name if getattr(c, "parent", None) else ""
        grouped.setdefault(street, []).append((c.code, c.name))
    return [("", "—"), *grouped.items()]


class TransferRequestForm(ChoicesMixin):
    """迁入申请: ask for a person registered in another community, by ID number."""

    community = forms.ChoiceField(label=_("Move into"))
    id_number = IdNumberField(label=_("ID number"))
    name = forms.CharField(label=_("Name"), max_length=50, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, communities: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("community", [(c.code, c.name) for c in communities])


class TransferStartForm(ChoicesMixin):
    """迁出: move the person to another community."""

    community = forms.ChoiceField(label=_("Move to"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, communities: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("community", _community_choices(communities))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
