from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Role
from shequ.accounts.services import POLICY_LIMITS
from shequ.core.pickers import PickerField, set_reach


class OtpForm(forms.Form):
    otp = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code of your authenticator app, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label=_("Current password"), widget=forms.PasswordInput)
    new_password = forms.CharField(
        label=_("New password"),
        widget=forms.PasswordInput,
        help_text=_(
            "At least 8 characters, with three of: lower case, upper case, digits, symbols."
        ),
    )
    new_password2 = forms.CharField(label=_("New password again"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("The two passwords differ."))
        return data


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    division = PickerField("division", label=_("Home division"), to_field_name="code")
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, divisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_reach(self, "division", divisions)


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=60, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class PasswordResetForm(forms.Form):
    new_password = forms.CharField(
        label=_("New password"),
        max_length=256,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Tell it to the person in person; every session and API token ends."),
    )


class GrantForm(forms.Form):
    """A role granted to an account at a division (and for an organization), each chosen with
    the picker among those in the granter's reach."""

    user = PickerField("user", label=_("Account"))
    role = forms.ModelChoiceField(
        label=_("Role"), queryset=Role.objects.all(), to_field_name="code"
    )
    division = PickerField("division", label=_("Division"), to_field_name="code")
    organization = PickerField("organization", label=_("Organization"), required=False)

    def __init__(
        self, *args: Any, users: Any, divisions: Any, organizations: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_reach(self, "user", users)
        set_reach(self, "division", divisions)
        set_reach(self, "organization", organizations)
        self.fields["role"].label_from_instance = lambda r: r.display_name  # type: ignore[attr-defined]


class PolicyForm(forms.Form):
    min_password_length = forms.IntegerField(label=_("Minimum password length"))
    min_character_classes = forms.IntegerField(label=_("Character classes required (of 4)"))
    lockout_threshold = forms.IntegerField(label=_("Failed logins before lockout"))
    lockout_minutes = forms.IntegerField(label=_("Lockout minutes"))
    idle_timeout_minutes = forms.IntegerField(label=_("Idle session timeout (minutes)"))
    session_lifetime_hours = forms.IntegerField(
        label=_("Longest session or API token (hours)"),
        help_text=_("However busy, a session or API token ends after this many hours."),
    )
    second_factor_for_protection = forms.BooleanField(
        label=_("Second factor for child-protection roles"),
        required=False,
        help_text=_("The three administrators always need one."),
    )
    second_factor_for_everyone = forms.BooleanField(
        label=_("Second factor for everyone"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (low, high) in POLICY_LIMITS.items():
            self.fields[name].widget.attrs.update({"min": low, "max": high})
