from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import set_choices
from shequ.core.pickers import PickerField, set_reach
from shequ.residents.models import Gender, NeedCategory, Priority, Relation, SpecialGroup


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
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Filled from the ID number when left empty"),
    )
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=20, required=False, initial="汉族")
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
        if editing:
            del self.fields["community"]
            del self.fields["confirm_possible_duplicate"]
            self.fields["id_number"].help_text = _("Leave empty to keep the current one")
            self.fields["phone"].help_text = _("Leave empty to keep the current one")

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        grade = data.pop("disability_grade", "")
        codes = data.pop("special_groups", [])
        data["special_groups"] = [
            {"code": c, "grade": grade if c == "disabled" else ""} for c in codes
        ]
        for key in ("community", "confirm_possible_duplicate"):
            data.pop(key, None)
        return data


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
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
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
    id_number = forms.CharField(label=_("ID number"), max_length=40)
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
