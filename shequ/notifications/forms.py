from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.notifications.kinds import KINDS


class PreferencesForm(forms.Form):
    """One e-mail and one SMS box per kind, the quiet hours and the digest."""

    quiet_start = forms.TimeField(
        label=_("Quiet from"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet until"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    digest = forms.BooleanField(label=_("Send e-mails as one daily digest"), required=False)
    digest_hour = forms.IntegerField(label=_("Digest at (hour)"), min_value=0, max_value=23)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, kind in KINDS.items():
            self.fields[f"email_{code}"] = forms.BooleanField(label=kind.label, required=False)
            self.fields[f"sms_{code}"] = forms.BooleanField(label=kind.label, required=False)

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(kind, self[f"email_{code}"], self[f"sms_{code}"]) for code, kind in KINDS.items()]

    def kinds(self) -> dict[str, dict[str, bool]]:
        data = self.cleaned_data
        return {
            code: {"email": bool(data.get(f"email_{code}")), "sms": bool(data.get(f"sms_{code}"))}
            for code in KINDS
        }

    @staticmethod
    def initial_from(prefs: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "quiet_start": prefs["quiet_start"],
            "quiet_end": prefs["quiet_end"],
            "digest": prefs["digest"],
            "digest_hour": prefs["digest_hour"],
        }
        for row in prefs["kinds"]:
            initial[f"email_{row['kind']}"] = row["email"]
            initial[f"sms_{row['kind']}"] = row["sms"]
        return initial
