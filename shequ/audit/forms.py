from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.audit.actions import action_choices
from shequ.audit.models import RETENTION_DAYS, Outcome
from shequ.core.pickers import PickerField


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    username = forms.CharField(label=_("Username"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    division = PickerField("division", label=_("Division"), required=False)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All")), *Outcome.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("All")), *action_choices()]


class PurgeForm(forms.Form):
    older_than_days = forms.IntegerField(
        label=_("Delete entries older than (days)"), min_value=RETENTION_DAYS, initial=365
    )
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone"))
